//! Keeps the object store from piling up under a long `watch`: a pass that records eight or
//! more versions adds a pack, a smaller one adds loose files, and lookups slow down with every
//! pack. Past git's own `gc --auto` limits (6,700 loose objects, 50 packs) the loose objects
//! and the smaller packs are folded into one new pack.
//!
//! The packs merged are chosen as `git repack --geometric=2` does: from the smallest up, while
//! each next pack is no bigger than twice those taken so far. The big old packs are left alone
//! until enough small ones add up to them, so each byte is rewritten a few times in the
//! archive's life, not every time. Packs with a `.keep` file are never touched.
//!
//! Nothing is lost on failure: the old copies are removed only after the new pack is synced
//! and in place, and until then a failure leaves the archive as it was.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository};

use super::ArchiveError;
use super::pack::{Compression, Writer};

/// When to fold: more loose objects or more packs than these.
#[derive(Clone, Copy, Debug)]
pub(super) struct Limits {
    pub loose: usize,
    pub packs: usize,
}

/// git's `gc.auto` and `gc.autoPackLimit`.
pub(super) const GIT_LIMITS: Limits = Limits {
    loose: 6700,
    packs: 50,
};

/// What a repack folded into its new pack.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Repacked {
    /// Loose objects packed and removed.
    pub loose: usize,
    /// Packs merged and removed.
    pub packs: usize,
    /// Objects in the new pack.
    pub objects: usize,
}

/// One pack of the archive, as its index lists it.
struct Pack {
    index: PathBuf,
    size: u64,
    ids: Vec<Oid>,
}

/// Fold loose objects and small packs into one pack when there are more than `limits` allow;
/// `None` when there was nothing to do.
pub(super) fn run(
    root: &Path,
    repo: &Repository,
    limits: Limits,
) -> Result<Option<Repacked>, ArchiveError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ArchiveError::Io { path, source }
    };
    let objects = root.join("objects");
    let loose = loose_objects(&objects).map_err(io(&objects))?;
    let loose = if loose.len() > limits.loose {
        loose
    } else {
        Vec::new()
    };
    let packs = packs(&objects.join("pack")).map_err(io(&objects))?;
    let packs = if packs.len() > limits.packs {
        geometric(packs)
    } else {
        Vec::new()
    };
    if loose.is_empty() && packs.len() < 2 {
        return Ok(None);
    }
    let ids: BTreeSet<Oid> = loose
        .iter()
        .copied()
        .chain(packs.iter().flat_map(|p| p.ids.iter().copied()))
        .collect();
    let odb = repo.odb()?;
    // git's level for packs: a repack is rare, and it sets how big the archive stays.
    let mut pack = Writer::create(root, ids.len(), Compression::default())?;
    for id in &ids {
        super::loose::check(&root.join("objects"), *id).map_err(|why| {
            ArchiveError::Damaged(format!(
                "object {id} is corrupt: {why}; nothing was repacked"
            ))
        })?;
        let object = odb.read(*id)?;
        pack.add(*id, object.kind(), object.data())?;
    }
    pack.finish()?;

    // The new pack is synced and visible: the old copies can go. A failure from here on leaves
    // copies that git and we read past, so it is not an error.
    for old in &packs {
        // The index first: a pack without one is invisible, an index without its pack is not.
        let _ = std::fs::remove_file(&old.index);
        for ext in ["pack", "rev", "bitmap"] {
            let _ = std::fs::remove_file(old.index.with_extension(ext));
        }
    }
    for id in &loose {
        let hex = id.to_string();
        let _ = std::fs::remove_file(objects.join(&hex[..2]).join(&hex[2..]));
    }
    Ok(Some(Repacked {
        loose: loose.len(),
        packs: packs.len(),
        objects: ids.len(),
    }))
}

/// Every loose object's id: files named by 38 hex digits in the 256 fan-out directories.
fn loose_objects(objects: &Path) -> std::io::Result<Vec<Oid>> {
    let mut ids = Vec::new();
    for fan in 0..=255u8 {
        let fan = format!("{fan:02x}");
        let dir = match std::fs::read_dir(objects.join(&fan)) {
            Ok(dir) => dir,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in dir {
            let name = entry?.file_name();
            let Some(rest) = name.to_str() else { continue };
            if rest.len() == 38
                && rest.bytes().all(|b| b.is_ascii_hexdigit())
                && let Ok(id) = Oid::from_str(&format!("{fan}{rest}"))
            {
                ids.push(id);
            }
        }
    }
    Ok(ids)
}

/// The packs we may merge: each `.idx` (version 2) with its `.pack` and no `.keep`. An index
/// we cannot read is left alone with its pack, for git and `storydiff verify` to judge.
fn packs(dir: &Path) -> std::io::Result<Vec<Pack>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut packs = Vec::new();
    for entry in entries {
        let index = entry?.path();
        let is_pack_index = index.extension().is_some_and(|e| e == "idx")
            && index
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("pack-"));
        if !is_pack_index || index.with_extension("keep").exists() {
            continue;
        }
        let Ok(size) = std::fs::metadata(index.with_extension("pack")).map(|m| m.len()) else {
            continue;
        };
        let Some(ids) = std::fs::read(&index).ok().as_deref().and_then(index_ids) else {
            continue;
        };
        packs.push(Pack { index, size, ids });
    }
    Ok(packs)
}

/// The object ids a version 2 pack index lists, or None if it is not one.
fn index_ids(index: &[u8]) -> Option<Vec<Oid>> {
    if index.get(..8)? != [0xff, b't', b'O', b'c', 0, 0, 0, 2] {
        return None;
    }
    let fanout = 8 + 255 * 4;
    let count = u32::from_be_bytes(index.get(fanout..fanout + 4)?.try_into().ok()?) as usize;
    let start: usize = 8 + 256 * 4;
    let ids = index.get(start..start.checked_add(count.checked_mul(20)?)?)?;
    ids.chunks_exact(20)
        .map(|id| Oid::from_bytes(id).ok())
        .collect()
}

/// The packs to merge, smallest first: each next one while it is at most twice the sum of
/// those taken. Fewer than two means nothing to merge.
fn geometric(mut packs: Vec<Pack>) -> Vec<Pack> {
    packs.sort_by_key(|p| p.size);
    let mut total = 0u64;
    let taken = packs
        .iter()
        .take_while(|p| {
            let take = total == 0 || p.size <= total.saturating_mul(2);
            total = total.saturating_add(p.size);
            take
        })
        .count();
    packs.truncate(taken);
    packs
}

#[cfg(test)]
mod tests {
    use super::{Pack, geometric};
    use std::path::PathBuf;

    fn sizes(sizes: &[u64]) -> Vec<u64> {
        let packs = sizes
            .iter()
            .map(|&size| Pack {
                index: PathBuf::new(),
                size,
                ids: Vec::new(),
            })
            .collect();
        geometric(packs).iter().map(|p| p.size).collect()
    }

    #[test]
    fn small_packs_merge_and_a_big_one_waits_until_they_add_up() {
        // Equal small packs all merge.
        assert_eq!(sizes(&[10, 10, 10, 10]), [10, 10, 10, 10]);
        // A base pack more than twice the small ones together is left alone.
        assert_eq!(sizes(&[1000, 10, 10, 10]), [10, 10, 10]);
        // Once they reach half of it, it joins them.
        assert_eq!(sizes(&[60, 10, 10, 10]), [10, 10, 10, 60]);
        // A progression that already doubles has nothing to merge.
        assert_eq!(sizes(&[10, 30, 100]), [10]);
    }
}
