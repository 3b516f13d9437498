//! The writer lock: an OS file lock on `<archive>/storydiff/lock`.
//!
//! The OS drops the lock when the holder exits, even on SIGKILL, so a dead writer never leaves a
//! stale lock behind; the file itself stays and means nothing on its own.

use std::fs::{OpenOptions, TryLockError};
use std::path::Path;
use std::time::{Duration, Instant};

use super::{ArchiveError, WriteLock};

/// How often a waiting writer retries.
const POLL: Duration = Duration::from_millis(20);

/// Take the lock on `path`, retrying until `wait` has passed.
pub(super) fn acquire(path: &Path, wait: Duration) -> Result<WriteLock, ArchiveError> {
    let io = |source| ArchiveError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(io)?;
    let deadline = Instant::now() + wait;
    loop {
        match file.try_lock() {
            Ok(()) => {
                return Ok(WriteLock {
                    _file: file,
                    path: path.to_path_buf(),
                });
            }
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        let now = Instant::now();
        if now >= deadline {
            return Err(ArchiveError::Locked(path.to_path_buf()));
        }
        std::thread::sleep(POLL.min(deadline - now));
    }
}

impl WriteLock {
    /// The lock file this lock holds.
    pub fn path(&self) -> &Path {
        &self.path
    }
}
