//! Many versions' objects as one git pack: two files written and synced once, where loose
//! objects cost a file (an inode, a temporary name, a sync) each, about six per version.
//!
//! The pack holds whole objects, no deltas: finding deltas costs more CPU than the disk it
//! saves here, and `git gc` can still delta-compress the archive later. We write the `.idx`
//! too (format version 2), from what we know while writing the pack: libgit2's indexer would
//! inflate and hash every object again to learn the same. Tests check both files with
//! `git verify-pack` and `git fsck`.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use flate2::{Compress, Compression, Crc, FlushCompress, Status};
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
    let io = |source| ArchiveError::Io {
        path: root.to_path_buf(),
        source,
    };
    let count = u32::try_from(objects.len()).map_err(|_| {
        ArchiveError::Invalid(format!(
            "{} objects are too many for one pack",
            objects.len()
        ))
    })?;
    let mut pack = Vec::new();
    pack.extend_from_slice(b"PACK");
    pack.extend_from_slice(&2u32.to_be_bytes());
    pack.extend_from_slice(&count.to_be_bytes());
    // The level libgit2 uses for loose objects: speed over a few percent of disk. One
    // compressor for every object: setting one up costs as much as compressing a page.
    let mut zlib = Compress::new(Compression::fast(), true);
    let mut entries = Vec::with_capacity(objects.len());
    for object in objects {
        let kind = type_code(object.kind).ok_or_else(|| {
            ArchiveError::Invalid(format!(
                "object {} has no type that a pack can hold",
                object.id
            ))
        })?;
        let offset = pack.len();
        push_header(&mut pack, kind, object.bytes.len());
        zlib.reset();
        deflate(&mut zlib, &object.bytes, &mut pack).map_err(io)?;
        let mut crc = Crc::new();
        crc.update(&pack[offset..]);
        entries.push(Entry {
            oid: object.id,
            offset: offset as u64,
            crc: crc.sum(),
        });
    }
    let checksum: [u8; 20] = Sha1::digest(&pack).into();
    pack.extend_from_slice(&checksum);
    let index = index(&mut entries, &checksum);

    let dir = root.join("objects").join("pack");
    std::fs::create_dir_all(&dir).map_err(io)?;
    let name = format!("pack-{}", hex(&checksum));
    static SERIAL: AtomicU64 = AtomicU64::new(0);
    let serial = SERIAL.fetch_add(1, Ordering::Relaxed);
    let temp = |ext: &str| {
        dir.join(format!(
            "tmp_storydiff_{}_{serial}.{ext}",
            std::process::id()
        ))
    };
    let (temp_pack, temp_index) = (temp("pack"), temp("idx"));
    let written = write_synced(&temp_pack, &pack)
        .and_then(|()| write_synced(&temp_index, &index))
        .and_then(|()| std::fs::rename(&temp_pack, dir.join(format!("{name}.pack"))))
        .and_then(|()| std::fs::rename(&temp_index, dir.join(format!("{name}.idx"))));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp_pack);
        let _ = std::fs::remove_file(&temp_index);
        return Err(io(e));
    }
    let paths: Vec<PathBuf> = vec![dir];
    sync_paths(&paths).map_err(io)
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
