//! fsync for what `append` writes: git2 does not expose libgit2's fsync switch, and the git
//! config key that turns it on (`core.fsyncObjectFiles`) makes every `git` command print a
//! deprecation warning, so we sync the files ourselves.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, mpsc};

use git2::Oid;

/// Sync the loose files of `oids` and their directories. Objects already in a pack are skipped:
/// whoever packed them synced the pack.
///
/// The files are synced at the same time, from the sync threads: the filesystem's journal then
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
    // Files and their directories at once: the version becomes visible (its ref) only after
    // every one of them has synced, so their order does not matter.
    files.extend(dirs);
    files.push(objects);
    sync_all_at_once(&files)
}

/// Sync files and directories, all at once (see [`sync_objects`]).
pub(super) fn sync_paths(paths: &[PathBuf]) -> io::Result<()> {
    sync_all_at_once(paths)
}

/// Sync every path, concurrently; the first error wins.
///
/// The syncs run on a few long-lived threads (see [`pool`]): a version has about a dozen paths
/// to sync, and spawning a thread for each cost more CPU than the syncs themselves.
fn sync_all_at_once(paths: &[PathBuf]) -> io::Result<()> {
    let Some((first, rest)) = paths.split_first() else {
        return Ok(());
    };
    let (done_tx, done_rx) = mpsc::channel();
    let mut queued = 0usize;
    let mut inline = Vec::new();
    for path in rest {
        match pool() {
            Some(tasks) if tasks.send((path.clone(), done_tx.clone())).is_ok() => queued += 1,
            // No pool (threads could not be started): sync here, one after another.
            _ => inline.push(path),
        }
    }
    drop(done_tx);
    let mut results = vec![sync_path(first)];
    results.extend(inline.into_iter().map(|p| sync_path(p)));
    let answered: Vec<io::Result<()>> = done_rx.iter().collect();
    if answered.len() < queued {
        results.push(Err(io::Error::other("a sync thread stopped")));
    }
    results.into_iter().chain(answered).collect()
}

/// A path to sync and where to send the result.
type Task = (PathBuf, mpsc::Sender<io::Result<()>>);

/// Threads that sync paths, started on first use and kept for the life of the process.
const POOL_THREADS: usize = 16;

/// The queue of the sync threads; None when no thread could be started.
fn pool() -> Option<&'static mpsc::Sender<Task>> {
    static POOL: OnceLock<Option<mpsc::Sender<Task>>> = OnceLock::new();
    POOL.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Task>();
        let rx = Arc::new(Mutex::new(rx));
        let mut started = 0;
        for i in 0..POOL_THREADS {
            let rx = Arc::clone(&rx);
            let spawned = std::thread::Builder::new()
                .name(format!("storydiff-sync-{i}"))
                .stack_size(64 * 1024)
                .spawn(move || {
                    loop {
                        let task = rx
                            .lock()
                            .unwrap_or_else(|poisoned| poisoned.into_inner())
                            .recv();
                        let Ok((path, reply)) = task else { break };
                        let _ = reply.send(sync_path(&path));
                    }
                });
            if spawned.is_ok() {
                started += 1;
            }
        }
        (started > 0).then_some(tx)
    })
    .as_ref()
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
    sync_all_at_once(&ref_paths(root, ref_name))
}

/// A loose ref file and its directories up to `refs/`: what syncing the ref means.
pub(super) fn ref_paths(root: &Path, ref_name: &str) -> Vec<PathBuf> {
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
    paths
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
