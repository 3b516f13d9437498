//! Tracking: which articles and feeds are watched, when each is next due, and one pass that
//! fetches what is due and records what changed.
//!
//! Files (inside the archive's own `storydiff/` directory, beside the writer lock):
//! `sources.toml` (settings, articles, feeds; see `sources`), `state.json` (validators, last and
//! next check, failures, standing; see `state`) and `quarantine/` (pages held back as noise).
//! Both files are written atomically: a temporary file, fsync, rename.

pub mod duration;
pub mod event;
mod feeds;
pub mod noise;
pub mod notify;
pub mod pass;
pub mod schedule;
pub mod sources;
pub mod state;
pub mod workers;

use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum TrackError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {reason}")]
    BadFile { path: PathBuf, reason: String },
}

/// The files of tracking, for an archive at some directory.
#[derive(Debug, Clone)]
pub struct Paths {
    pub sources: PathBuf,
    pub state: PathBuf,
    pub quarantine: PathBuf,
}

impl Paths {
    pub fn new(archive: &Path) -> Paths {
        let dir = archive.join("storydiff");
        Paths {
            sources: dir.join("sources.toml"),
            state: dir.join("state.json"),
            quarantine: dir.join("quarantine"),
        }
    }
}

/// Replace `path` with `bytes` so that a reader sees the old file or the new one, never half.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), TrackError> {
    let io = |source| TrackError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("storydiff/state.json");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
