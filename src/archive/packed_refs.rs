//! Moving many branches at once through `packed-refs`, the one file in which git keeps refs
//! that have no file of their own. A batch of versions then costs one write, one sync and one
//! rename for all its branches, where a loose ref costs a lock file, a sync and a rename each:
//! with a pass over hundreds of articles, creating those files was a third of the pass's CPU.
//!
//! Git and libgit2 read a loose ref file before `packed-refs`, so a branch that still has one
//! (written by a single-version write, or by git) has it removed once `packed-refs` holds the
//! new tip. A crash between the two leaves the branch at its old tip: the version is not
//! visible and was not yet reported, as with a crash before any ref moved.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use git2::Oid;

use super::ArchiveError;
use super::durable::sync_paths;

/// The header git writes: entries sorted by name, every tag followed by what it peels to.
/// Our branches point at commits, so nothing we add needs peeling.
const HEADER: &str = "# pack-refs with: peeled fully-peeled sorted ";

/// One branch to move from the tip it was built on (`None`: the branch must not exist yet).
pub(super) struct Move<'a> {
    pub name: &'a str,
    pub expected: Option<Oid>,
    pub new: Oid,
}

/// What `packed-refs` holds: its header line, and each ref with the line that peels it.
#[derive(Default)]
struct PackedRefs {
    header: Option<String>,
    refs: BTreeMap<String, (String, Option<String>)>,
}

impl PackedRefs {
    fn parse(text: &str, path: &Path) -> Result<Self, ArchiveError> {
        let damaged = |line: &str| {
            ArchiveError::Damaged(format!(
                "{} has a line git would not write: {line:?}",
                path.display()
            ))
        };
        let mut packed = PackedRefs::default();
        let mut last: Option<String> = None;
        for line in text.lines() {
            if line.starts_with('#') && packed.header.is_none() && packed.refs.is_empty() {
                packed.header = Some(line.to_string());
            } else if let Some(peeled) = line.strip_prefix('^') {
                let entry = last
                    .as_ref()
                    .and_then(|name| packed.refs.get_mut(name))
                    .ok_or_else(|| damaged(line))?;
                Oid::from_str(peeled).map_err(|_| damaged(line))?;
                entry.1 = Some(peeled.to_string());
            } else if let Some((oid, name)) = line.split_once(' ') {
                Oid::from_str(oid).map_err(|_| damaged(line))?;
                packed
                    .refs
                    .insert(name.to_string(), (oid.to_string(), None));
                last = Some(name.to_string());
            } else if !line.is_empty() {
                return Err(damaged(line));
            }
        }
        Ok(packed)
    }

    fn render(&self) -> String {
        let mut text = String::with_capacity(64 + self.refs.len() * 100);
        text.push_str(self.header.as_deref().unwrap_or(HEADER));
        text.push('\n');
        for (name, (oid, peeled)) in &self.refs {
            text.push_str(oid);
            text.push(' ');
            text.push_str(name);
            text.push('\n');
            if let Some(peeled) = peeled {
                text.push('^');
                text.push_str(peeled);
                text.push('\n');
            }
        }
        text
    }
}

/// Move each branch of `moves` whose tip is still the one expected, all with one write of
/// `packed-refs` (taking git's lock on it), synced before it is renamed into place. Returns,
/// per move, whether it was made; a branch moved by someone else is left alone.
pub(super) fn move_branches(root: &Path, moves: &[Move<'_>]) -> Result<Vec<bool>, ArchiveError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ArchiveError::Io {
            path: path.clone(),
            source,
        }
    };
    let path = root.join("packed-refs");
    let lock_path = root.join("packed-refs.lock");
    let mut lock = match OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&lock_path)
    {
        Ok(file) => LockFile {
            file: Some(file),
            path: &lock_path,
            renamed: false,
        },
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(ArchiveError::Locked(lock_path));
        }
        Err(e) => return Err(io(&lock_path)(e)),
    };
    let mut packed = match std::fs::read_to_string(&path) {
        Ok(text) => PackedRefs::parse(&text, &path)?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => PackedRefs::default(),
        Err(e) => return Err(io(&path)(e)),
    };
    let mut made = Vec::with_capacity(moves.len());
    let mut loose_files: Vec<PathBuf> = Vec::new();
    for m in moves {
        let loose_path = root.join(m.name);
        // Some(None): a loose file that names no commit (a symbolic ref), never an article tip.
        let loose = match std::fs::read_to_string(&loose_path) {
            Ok(text) => Some(Oid::from_str(text.trim()).ok()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(io(&loose_path)(e)),
        };
        let current = match loose {
            Some(tip) => tip,
            None => packed
                .refs
                .get(m.name)
                .and_then(|(oid, _)| Oid::from_str(oid).ok()),
        };
        let ok = loose != Some(None) && current == m.expected;
        if ok {
            packed
                .refs
                .insert(m.name.to_string(), (m.new.to_string(), None));
            if loose.is_some() {
                loose_files.push(loose_path);
            }
        }
        made.push(ok);
    }
    if !made.contains(&true) {
        return Ok(made);
    }
    let file = lock
        .file
        .as_mut()
        .expect("the lock file is open until renamed");
    file.write_all(packed.render().as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(io(&lock_path))?;
    lock.file = None;
    std::fs::rename(&lock_path, &path).map_err(io(&path))?;
    lock.renamed = true;
    // The new tips are visible once the loose files of those branches are gone.
    let mut dirs: Vec<PathBuf> = vec![root.to_path_buf()];
    for file in &loose_files {
        match std::fs::remove_file(file) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(file)(e)),
        }
        if let Some(dir) = file.parent().filter(|d| !dirs.iter().any(|x| x == d)) {
            dirs.push(dir.to_path_buf());
        }
    }
    sync_paths(&dirs).map_err(io(root))?;
    Ok(made)
}

/// `packed-refs.lock` while we hold it: removed if we stop before renaming it into place.
struct LockFile<'a> {
    file: Option<File>,
    path: &'a Path,
    renamed: bool,
}

impl Drop for LockFile<'_> {
    fn drop(&mut self) {
        self.file = None;
        if !self.renamed {
            let _ = std::fs::remove_file(self.path);
        }
    }
}
