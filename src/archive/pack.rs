//! Many versions' objects as one git pack: two files written and synced once, where loose
//! objects cost a file (an inode, a temporary name, a sync) each, about six per version.
//!
//! The pack holds whole objects, no deltas: finding deltas costs more CPU than the disk it
//! saves here, and `git gc` can still delta-compress the archive later. We write the `.idx`
//! too (format version 2), from what we know while writing the pack: libgit2's indexer would
//! inflate and hash every object again to learn the same. Tests check both files with
//! `git verify-pack` and `git fsck`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

pub(super) use flate2::Compression;
use flate2::{Compress, Crc, FlushCompress, Status};
use git2::{ObjectType, Oid};
use sha1::{Digest, Sha1};

use super::ArchiveError;
use super::durable::sync_paths;
use super::objects::Object;

/// One object's place in the pack, for the index.
struct Entry {
    oid: Oid,
    offset: u64,
    crc: u32,
}

/// Write `objects` into one new pack of the archive at `root`, and sync it. The pack becomes
/// visible with its `.idx`, renamed into place last.
pub(super) fn write(root: &Path, objects: &[&Object]) -> Result<(), ArchiveError> {
    // The level libgit2 uses for loose objects, in zlib-rs's fast form: a quarter more disk
    // than zlib's level 1, for speed on every pass; a repack compresses harder.
    let mut pack = Writer::create(root, objects.len(), Compression::fast())?;
    for object in objects {
        pack.add(object.id, object.kind, &object.bytes)?;
    }
    pack.finish().map(|_| ())
}

/// A pack being written to a temporary file, one object at a time, so that a pack of any size
/// costs the memory of its largest object. Dropped unfinished, it removes its temporary file.
pub(super) struct Writer {
    root: PathBuf,
    dir: PathBuf,
    temp: PathBuf,
    file: BufWriter<File>,
    hash: Sha1,
    written: u64,
    count: u32,
    // One compressor for every object: setting one up costs as much as compressing a page.
    zlib: Compress,
    entry: Vec<u8>,
    entries: Vec<Entry>,
    finished: bool,
}

impl Writer {
    /// Start a pack that will hold exactly `count` objects (the header states the number),
    /// compressed at `level`.
    pub(super) fn create(
        root: &Path,
        count: usize,
        level: Compression,
    ) -> Result<Writer, ArchiveError> {
        let io = |source| ArchiveError::Io {
            path: root.to_path_buf(),
            source,
        };
        let count = u32::try_from(count).map_err(|_| {
            ArchiveError::Invalid(format!("{count} objects are too many for one pack"))
        })?;
        let dir = root.join("objects").join("pack");
        std::fs::create_dir_all(&dir).map_err(io)?;
        let temp = temp_path(&dir, "pack");
        let file = File::create(&temp).map_err(io)?;
        let mut writer = Writer {
            root: root.to_path_buf(),
            dir,
            temp,
            file: BufWriter::with_capacity(1 << 16, file),
            hash: Sha1::new(),
            written: 0,
            count,
            zlib: Compress::new(level, true),
            entry: Vec::new(),
            entries: Vec::with_capacity(count as usize),
            finished: false,
        };
        let mut header = Vec::with_capacity(12);
        header.extend_from_slice(b"PACK");
        header.extend_from_slice(&2u32.to_be_bytes());
        header.extend_from_slice(&count.to_be_bytes());
        writer.put(&header).map_err(io)?;
        Ok(writer)
    }

    /// Append one whole object (no delta).
    pub(super) fn add(
        &mut self,
        id: Oid,
        kind: ObjectType,
        bytes: &[u8],
    ) -> Result<(), ArchiveError> {
        let code = type_code(kind).ok_or_else(|| {
            ArchiveError::Invalid(format!("object {id} has no type that a pack can hold"))
        })?;
        if self.entries.len() >= self.count as usize {
            return Err(ArchiveError::Invalid(format!(
                "a pack of {} objects was given more",
                self.count
            )));
        }
        let offset = self.written;
        let mut entry = std::mem::take(&mut self.entry);
        entry.clear();
        push_header(&mut entry, code, bytes.len());
        self.zlib.reset();
        let written = deflate(&mut self.zlib, bytes, &mut entry).and_then(|()| self.put(&entry));
        let mut crc = Crc::new();
        crc.update(&entry);
        self.entry = entry;
        written.map_err(|source| ArchiveError::Io {
            path: self.temp.clone(),
            source,
        })?;
        self.entries.push(Entry {
            oid: id,
            offset,
            crc: crc.sum(),
        });
        Ok(())
    }

    /// Close the pack, write its index, sync both and rename them into place, the index last:
    /// the moment the pack becomes visible. Returns the pack's path.
    pub(super) fn finish(mut self) -> Result<PathBuf, ArchiveError> {
        if self.entries.len() != self.count as usize {
            return Err(ArchiveError::Invalid(format!(
                "a pack of {} objects was given {}",
                self.count,
                self.entries.len()
            )));
        }
        let checksum: [u8; 20] = std::mem::take(&mut self.hash).finalize().into();
        let index = index(&mut self.entries, &checksum);
        let name = format!("pack-{}", hex(&checksum));
        let temp_index = temp_path(&self.dir, "idx");
        let pack_path = self.dir.join(format!("{name}.pack"));
        let file = &mut self.file;
        let written = file
            .write_all(&checksum)
            .and_then(|()| file.flush())
            .and_then(|()| file.get_ref().sync_all())
            .and_then(|()| write_synced(&temp_index, &index))
            .and_then(|()| std::fs::rename(&self.temp, &pack_path))
            .and_then(|()| std::fs::rename(&temp_index, self.dir.join(format!("{name}.idx"))));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temp_index);
            return Err(ArchiveError::Io {
                path: self.root.clone(),
                source: e,
            });
        }
        self.finished = true;
        sync_paths(std::slice::from_ref(&self.dir)).map_err(|source| ArchiveError::Io {
            path: self.root.clone(),
            source,
        })?;
        Ok(pack_path)
    }

    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.hash.update(bytes);
        self.written += bytes.len() as u64;
        self.file.write_all(bytes)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// A name in the pack directory that git ignores, and `git gc` cleans up if we die.
fn temp_path(dir: &Path, ext: &str) -> PathBuf {
    static SERIAL: AtomicU64 = AtomicU64::new(0);
    let serial = SERIAL.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(
        "tmp_storydiff_{}_{serial}.{ext}",
        std::process::id()
    ))
}

/// The whole of `data` as one zlib stream, appended to `out`.
fn deflate(zlib: &mut Compress, data: &[u8], out: &mut Vec<u8>) -> std::io::Result<()> {
    let start = zlib.total_in();
    loop {
        out.reserve(data.len() / 2 + 64);
        let done = (zlib.total_in() - start) as usize;
        let status = zlib
            .compress_vec(&data[done..], out, FlushCompress::Finish)
            .map_err(std::io::Error::other)?;
        if status == Status::StreamEnd {
            return Ok(());
        }
    }
}

/// A pack index, version 2: fan-out table, sorted ids, CRCs, offsets, then the pack's and its
/// own checksum. Sorts `entries` by id.
fn index(entries: &mut [Entry], pack_checksum: &[u8; 20]) -> Vec<u8> {
    entries.sort_by_key(|e| e.oid);
    let mut out = Vec::with_capacity(8 + 256 * 4 + entries.len() * 28 + 40);
    out.extend_from_slice(&[0xff, b't', b'O', b'c']);
    out.extend_from_slice(&2u32.to_be_bytes());
    let mut fanout = [0u32; 256];
    for e in entries.iter() {
        fanout[usize::from(e.oid.as_bytes()[0])] += 1;
    }
    let mut total = 0u32;
    for n in fanout {
        total += n;
        out.extend_from_slice(&total.to_be_bytes());
    }
    for e in entries.iter() {
        out.extend_from_slice(e.oid.as_bytes());
    }
    for e in entries.iter() {
        out.extend_from_slice(&e.crc.to_be_bytes());
    }
    // Offsets past 2 GiB go to a table of 8-byte offsets, pointed to with the high bit set.
    let mut large = Vec::new();
    for e in entries.iter() {
        let small = match u32::try_from(e.offset) {
            Ok(offset) if offset < 0x8000_0000 => offset,
            _ => {
                large.extend_from_slice(&e.offset.to_be_bytes());
                0x8000_0000 | (large.len() / 8 - 1) as u32
            }
        };
        out.extend_from_slice(&small.to_be_bytes());
    }
    out.extend_from_slice(&large);
    out.extend_from_slice(pack_checksum);
    let own: [u8; 20] = Sha1::digest(&out).into();
    out.extend_from_slice(&own);
    out
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// The pack's code for an object type (`OBJ_COMMIT` … `OBJ_TAG`).
fn type_code(kind: ObjectType) -> Option<u8> {
    match kind {
        ObjectType::Commit => Some(1),
        ObjectType::Tree => Some(2),
        ObjectType::Blob => Some(3),
        ObjectType::Tag => Some(4),
        _ => None,
    }
}

/// An entry's header: the type in bits 4–6 of the first byte, the size in the low four bits
/// and then seven bits a byte, least significant first; the high bit says "more follows".
fn push_header(out: &mut Vec<u8>, kind: u8, size: usize) {
    let mut byte = (kind << 4) | (size & 0x0f) as u8;
    let mut rest = size >> 4;
    while rest > 0 {
        out.push(byte | 0x80);
        byte = (rest & 0x7f) as u8;
        rest >>= 7;
    }
    out.push(byte);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::push_header;

    #[test]
    fn entry_headers_follow_the_pack_format() {
        let header = |kind, size| {
            let mut out = Vec::new();
            push_header(&mut out, kind, size);
            out
        };
        // A 10-byte blob fits in one byte; 100 bytes need a second (100 = 4 + 6 << 4).
        assert_eq!(header(3, 10), [0x3a]);
        assert_eq!(header(3, 100), [0xb4, 0x06]);
        // 62,000 bytes: 0 in the first nibble, then 3875 in sevens: 0x23, 0x1e.
        assert_eq!(header(1, 62_000), [0x90, 0xa3, 0x1e]);
    }
}
