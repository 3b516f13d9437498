//! fsync for what `append` writes: git2 does not expose libgit2's fsync switch, and the git
//! config key that turns it on (`core.fsyncObjectFiles`) makes every `git` command print a
//! deprecation warning, so we sync the files ourselves.

use std::io;
use std::path::Path;

use git2::Oid;

/// Sync the loose files of `oids` and their directories. Objects already in a pack are skipped:
/// whoever packed them synced the pack.
pub(super) fn sync_objects(root: &Path, oids: &[Oid]) -> io::Result<()> {
    let objects = root.join("objects");
    let mut dirs = Vec::new();
    for oid in oids {
        let hex = oid.to_string();
        let (fan, rest) = hex.split_at(2);
        let dir = objects.join(fan);
        sync_file(&dir.join(rest))?;
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    for dir in &dirs {
        sync_dir(dir)?;
    }
    sync_dir(&objects)
}

/// Sync a loose ref file and every directory from it up to `refs/` (new host directories).
pub(super) fn sync_ref(root: &Path, ref_name: &str) -> io::Result<()> {
    let path = root.join(ref_name);
    sync_file(&path)?;
    let stop = root.join("refs");
    let mut dir = path.parent();
    while let Some(d) = dir {
        sync_dir(d)?;
        if d == stop || !d.starts_with(&stop) {
            break;
        }
        dir = d.parent();
    }
    Ok(())
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
