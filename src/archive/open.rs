//! Creating and opening archives, and telling an archive apart from any other directory.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use super::{Archive, ArchiveError};

/// The git config key that marks a bare repository as a storydiff archive.
pub(super) const MARKER: &str = "storydiff.archive";
/// Directory inside the archive for local state (the writer lock).
pub(super) const STATE_DIR: &str = "storydiff";

pub(super) fn open(path: &Path) -> Result<Archive, ArchiveError> {
    let not = |reason: &str| ArchiveError::NotAnArchive {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    if !path.exists() {
        return Err(not("no such directory"));
    }
    if !path.is_dir() {
        return Err(not("not a directory"));
    }
    let repo = git2::Repository::open(path).map_err(|e| match e.code() {
        git2::ErrorCode::Owner => not(
            "owned by another user, and git refuses such repositories unless they are listed in \
             `git config --global --add safe.directory`",
        ),
        _ => not("not a git repository, so it cannot hold an archive"),
    })?;
    if !repo.is_bare() {
        return Err(not("a git working tree, not a storydiff archive"));
    }
    // Only the repository's own config counts: a global setting must not adopt any repo.
    let marked = repo
        .config()
        .and_then(|c| c.open_level(git2::ConfigLevel::Local))
        .and_then(|c| c.get_bool(MARKER))
        .unwrap_or(false);
    if !marked {
        return Err(not(&format!(
            "a git repository, but without `{MARKER} = true` in its config; if it is a copy of \
             an archive, run `git -C {} config {MARKER} true`",
            path.display()
        )));
    }
    Ok(Archive {
        root: path.to_path_buf(),
        repo,
        tips: Mutex::new(HashMap::new()),
        batch: None,
    })
}

pub(super) fn open_or_create(path: &Path) -> Result<Archive, ArchiveError> {
    let io = |source| ArchiveError::Io {
        path: path.to_path_buf(),
        source,
    };
    let empty = match std::fs::read_dir(path) {
        Ok(mut entries) => entries.next().is_none(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(path).map_err(io)?;
            true
        }
        Err(_) => false, // not a directory, unreadable: let `open` explain
    };
    if empty {
        create(path)?;
    }
    open(path)
}

/// Initialise a bare repository in an empty directory and mark it as ours.
fn create(path: &Path) -> Result<(), ArchiveError> {
    let mut opts = git2::RepositoryInitOptions::new();
    opts.bare(true)
        .no_reinit(true)
        .mkpath(true)
        .description("storydiff archive: one branch per article, articles/<host>/<slug>\n");
    let repo = git2::Repository::init_opts(path, &opts)?;
    let mut config = repo.config()?.open_level(git2::ConfigLevel::Local)?;
    config.set_bool(MARKER, true)?;
    std::fs::create_dir_all(path.join(STATE_DIR)).map_err(|source| ArchiveError::Io {
        path: path.join(STATE_DIR),
        source,
    })?;
    Ok(())
}
