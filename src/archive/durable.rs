//! fsync for what `append` writes: git2 does not expose libgit2's fsync switch, and the git
//! config key that turns it on (`core.fsyncObjectFiles`) makes every `git` command print a
//! deprecation warning, so we sync the files ourselves.

use std::io;
use std::path::Path;

use git2::Oid;

/// Sync the loose files of `oids` and their directories. Objects already in a pack are skipped:
/// whoever packed them synced the pack.
///
/// The files are synced at the same time, from one thread each: the filesystem's journal then
/// commits them together, where one after another each sync would wait for a commit of its own
/// (a version's ~7 objects and their directories cost one disk flush instead of ~12).
pub(super) fn sync_objects(root: &Path, oids: &[Oid]) -> io::Result<()> {
    let objects = root.join("objects");
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for oid in oids {
        let hex = oid.to_string();
        let (fan, rest) = hex.split_at(2);
        let dir = objects.join(fan);
        files.push(dir.join(rest));
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    sync_all_at_once(&files)?;
    sync_all_at_once(&dirs)?;
    sync_dir(&objects)
}

/// Sync every path, concurrently; the first error wins.
fn sync_all_at_once(paths: &[std::path::PathBuf]) -> io::Result<()> {
    if paths.len() <= 1 {
        return paths.iter().try_for_each(|p| sync_path(p));
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .iter()
            .map(|p| scope.spawn(move || sync_path(p)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(io::Error::other("sync thread panicked")))
            })
            .collect::<io::Result<Vec<()>>>()
            .map(|_| ())
    })
}

/// A file or a directory.
fn sync_path(path: &Path) -> io::Result<()> {
    if path.is_dir() {
        sync_dir(path)
    } else {
        sync_file(path)
    }
}

/// Sync a loose ref file and every directory from it up to `refs/` (new host directories).
pub(super) fn sync_ref(root: &Path, ref_name: &str) -> io::Result<()> {
    let path = root.join(ref_name);
    let stop = root.join("refs");
    let mut paths = vec![path.clone()];
    let mut dir = path.parent();
    while let Some(d) = dir {
        paths.push(d.to_path_buf());
        if d == stop || !d.starts_with(&stop) {
            break;
        }
        dir = d.parent();
    }
    sync_all_at_once(&paths)
}

fn sync_file(path: &Path) -> io::Result<()> {
    match std::fs::File::open(path) {
        Ok(file) => file.sync_all(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(unix)]
fn sync_dir(path: &Path) -> io::Result<()> {
    sync_file(path)
}

/// Directories cannot be opened for syncing on Windows; NTFS journals the rename.
#[cfg(not(unix))]
fn sync_dir(_path: &Path) -> io::Result<()> {
    Ok(())
}
