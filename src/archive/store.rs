//! Writing a version: objects first, then a compare-and-swap of the article's branch.

use std::collections::HashSet;

use git2::{ErrorCode, Oid, Signature, Time};

use super::durable::{sync_objects, sync_ref};
use super::message::{commit_time, compose};
use super::objects::{self, Object};
use super::record::{ARTICLE_JSON, ARTICLE_MD, CHANGELOG_MD, PAGE_HTML, Record};
use super::{
    Archive, ArchiveError, ArticleKey, BECAUSE_FILTERS, NewVersion, TRAILER_CONTENT,
    TRAILER_CONTENT_TYPE, TRAILER_PREVIOUS, TRAILER_RAW, TRAILER_REEXTRACTED,
    TRAILER_REEXTRACTED_BECAUSE, TRAILER_URL, TRAILER_VERSION, VersionInfo, WriteLock, pack,
    packed_refs,
};
use crate::article::sha256_hex;

const AUTHOR: &str = "storydiff";
const EMAIL: &str = "storydiff@localhost";
/// Batches of at least this many versions are written as a pack, smaller ones as loose objects.
const PACK_AT_LEAST: usize = 8;

/// A version whose objects are written but whose branch has not moved yet.
pub(super) struct Pending {
    key: ArticleKey,
    /// The tip it was built on, for the compare-and-swap.
    expected: Option<Oid>,
    commit: Oid,
    /// Its objects, blobs, tree and commit, while they wait for the batch's pack (empty once
    /// written).
    objects: Vec<Object>,
    info: VersionInfo,
}

impl Archive {
    pub(super) fn write_version(
        &self,
        lock: &WriteLock,
        key: &ArticleKey,
        new: &NewVersion<'_>,
    ) -> Result<VersionInfo, ArchiveError> {
        self.check_lock(lock)?;
        check_url(key, new.url)?;
        if let Some(batch) = &self.batch {
            let held = batch
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if held.iter().any(|p| &p.key == key) {
                return Err(ArchiveError::Invalid(format!(
                    "{key} already has a version waiting in this batch; flush it first"
                )));
            }
        }
        // Commits store whole seconds and an offset in minutes: what history will read back.
        let offset_minutes = new.seen_at.offset().local_minus_utc() / 60;
        let seen_at = commit_time(new.seen_at.timestamp(), offset_minutes)
            .ok_or_else(|| ArchiveError::Invalid(format!("{} is out of range", new.seen_at)))?;
        // Swap from what the caller last read; read now only if it never read this article.
        let expected = match self.remembered_tip(key) {
            Some(tip) => tip,
            None => self.tip(key)?,
        };
        let previous = match expected {
            Some(oid) => Some(self.parsed_commit(key, oid)?.1),
            None => None,
        };
        if let Some(prev) = &previous
            && prev.url != new.url
        {
            return Err(ArchiveError::Invalid(format!(
                "{key} records {}, not {}",
                prev.url, new.url
            )));
        }
        let version =
            match &previous {
                Some(prev) => prev.info.version.checked_add(1).ok_or_else(|| {
                    ArchiveError::Damaged(format!("{key}: version number overflows"))
                })?,
                None => 1,
            };

        let canonical = new.article.canonical_text();
        let content_sha256 = sha256_hex(canonical.as_bytes());
        let raw_sha256 = sha256_hex(new.raw);
        let record = Record {
            url: new.url.to_string(),
            seen_at: new.seen_at,
            content_sha256: content_sha256.clone(),
            raw_sha256: raw_sha256.clone(),
            extractor: new.extractor.to_string(),
            article: new.article.clone(),
        };
        let mut json = serde_json::to_vec_pretty(&record)
            .map_err(|e| ArchiveError::Invalid(format!("the article cannot be serialised: {e}")))?;
        json.push(b'\n');

        let version_text = version.to_string();
        let mut trailers = vec![
            (TRAILER_URL, new.url),
            (TRAILER_VERSION, version_text.as_str()),
            (TRAILER_CONTENT, content_sha256.as_str()),
            (TRAILER_RAW, raw_sha256.as_str()),
        ];
        if let Some(prev) = &previous {
            trailers.push((TRAILER_PREVIOUS, prev.info.content_sha256.as_str()));
        }
        let reextracted = new.reextracted_from.map(|v| v.to_string());
        if let Some(from) = &reextracted {
            trailers.push((TRAILER_REEXTRACTED, from.as_str()));
            if new.filters_changed {
                trailers.push((TRAILER_REEXTRACTED_BECAUSE, BECAUSE_FILTERS));
            }
        }
        let content_type = new.content_type.and_then(header_value);
        if let Some(value) = content_type {
            trailers.push((TRAILER_CONTENT_TYPE, value));
        }
        let entry = match new.entry.trim() {
            "" => format!("Recorded version {version}"),
            entry => entry.to_string(),
        };
        let message = compose(&entry, &trailers);
        let when = Time::new(new.seen_at.timestamp(), offset_minutes);
        let files = [
            (ARTICLE_MD, canonical.as_bytes()),
            (ARTICLE_JSON, json.as_slice()),
            (PAGE_HTML, new.raw),
            (CHANGELOG_MD, new.changelog.as_bytes()),
        ];

        let (commit, objects) = if self.batch.is_some() {
            let objects = objects::version(&files, expected, (AUTHOR, EMAIL, when), &message);
            let commit = objects.last().map_or(Oid::ZERO_SHA1, |c| c.id);
            (commit, objects)
        } else {
            let repo = &self.repo;
            let mut written: Vec<Oid> = Vec::with_capacity(6);
            let mut tree = repo.treebuilder(None)?;
            for (name, bytes) in files {
                let oid = repo.blob(bytes)?;
                tree.insert(name, oid, 0o100_644)?;
                written.push(oid);
            }
            let tree_oid = tree.write()?;
            written.push(tree_oid);
            let tree = repo.find_tree(tree_oid)?;
            let signature = Signature::new(AUTHOR, EMAIL, &when)?;
            let parent = match expected {
                Some(oid) => {
                    self.guard(oid, "the branch's tip")?;
                    Some(repo.find_commit(oid)?)
                }
                None => None,
            };
            let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
            let commit = repo.commit(None, &signature, &signature, &message, &tree, &parents)?;
            written.push(commit);
            sync_objects(&self.root, &written).map_err(self.io())?;
            (commit, Vec::new())
        };
        let pending = Pending {
            key: key.clone(),
            expected,
            commit,
            objects,
            info: VersionInfo {
                version,
                seen_at,
                content_sha256,
                raw_sha256,
                previous_content_sha256: previous.map(|p| p.info.content_sha256),
                commit: commit.to_string(),
                entry,
                reextracted_from: new.reextracted_from,
                filters_changed: new.reextracted_from.is_some() && new.filters_changed,
                content_type: content_type.map(str::to_string),
            },
        };
        if let Some(batch) = &self.batch {
            let info = pending.info.clone();
            batch
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push(pending);
            return Ok(info);
        }
        let ref_name = self.move_branch(&pending)?;
        // Failing here reports an error for a version that is visible: the safe direction.
        sync_ref(&self.root, &ref_name).map_err(self.io())?;
        self.point_head(&ref_name)?;
        Ok(pending.info)
    }

    /// Write the versions this batch holds: their objects as one pack (loose when there are
    /// few), synced once, then each branch moved. Err when no object could be written (nothing
    /// is visible); otherwise one result per version, in the order they were appended.
    pub(super) fn flush_batch(
        self,
        lock: &WriteLock,
    ) -> Result<Vec<Result<VersionInfo, ArchiveError>>, ArchiveError> {
        self.check_lock(lock)?;
        let held = match &self.batch {
            Some(batch) => std::mem::take(
                &mut *batch
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()),
            ),
            None => Vec::new(),
        };
        if held.is_empty() {
            return Ok(Vec::new());
        }
        let mut seen = HashSet::new();
        let objects: Vec<&Object> = held
            .iter()
            .flat_map(|p| &p.objects)
            .filter(|o| seen.insert(o.id))
            .collect();
        if held.len() >= PACK_AT_LEAST {
            pack::write(&self.root, &objects)?;
        } else {
            // A few versions: loose objects, so that small passes do not pile up packs.
            let odb = self.repo.odb()?;
            for object in &objects {
                let id = odb.write(object.kind, &object.bytes)?;
                if id != object.id {
                    return Err(ArchiveError::Damaged(format!(
                        "object {} was written as {id}",
                        object.id
                    )));
                }
            }
            let ids: Vec<Oid> = objects.iter().map(|o| o.id).collect();
            sync_objects(&self.root, &ids).map_err(self.io())?;
        }
        // All the batch's branches move with one write of `packed-refs`. Failing reports errors
        // for versions that may be visible: the safe direction.
        let names: Vec<String> = held.iter().map(|p| p.key.ref_name()).collect();
        let moves: Vec<packed_refs::Move<'_>> = held
            .iter()
            .zip(&names)
            .map(|(p, name)| packed_refs::Move {
                name,
                expected: p.expected,
                new: p.commit,
            })
            .collect();
        let made = match packed_refs::move_branches(&self.root, &moves) {
            Ok(made) => made,
            Err(e) => {
                let message = e.to_string();
                return Ok(held
                    .iter()
                    .map(|_| {
                        Err(ArchiveError::Io {
                            path: self.root.clone(),
                            source: std::io::Error::other(message.clone()),
                        })
                    })
                    .collect());
            }
        };
        let mut first_moved = None;
        let results = held
            .into_iter()
            .zip(made)
            .zip(&names)
            .map(|((pending, made), name)| {
                if !made {
                    return Err(ArchiveError::Conflict(pending.key.as_str().to_string()));
                }
                self.remember_tip(&pending.key, Some(pending.commit));
                first_moved.get_or_insert(name);
                Ok(pending.info)
            })
            .collect();
        if let Some(first) = first_moved {
            self.point_head(first)?;
        }
        Ok(results)
    }

    /// The only step that makes a version visible: a compare-and-swap of its branch from the
    /// tip it was built on. Everything before is unreachable garbage if we stop here.
    fn move_branch(&self, pending: &Pending) -> Result<String, ArchiveError> {
        let Pending {
            key,
            expected,
            commit,
            info,
            ..
        } = pending;
        let ref_name = key.ref_name();
        let log = format!("storydiff: {key} version {}", info.version);
        let updated = match expected {
            Some(tip) => self
                .repo
                .reference_matching(&ref_name, *commit, true, *tip, &log),
            None => self.repo.reference(&ref_name, *commit, false, &log),
        };
        match updated {
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.code(),
                    ErrorCode::Modified | ErrorCode::Exists | ErrorCode::NotFound
                ) =>
            {
                return Err(ArchiveError::Conflict(key.as_str().to_string()));
            }
            Err(e) if e.code() == ErrorCode::Locked => {
                return Err(ArchiveError::Locked(
                    self.root.join(format!("{ref_name}.lock")),
                ));
            }
            Err(e) => return Err(e.into()),
        }
        self.remember_tip(key, Some(*commit));
        Ok(ref_name)
    }

    /// Point an unborn HEAD at the first article recorded, so plain `git log` and `git show`
    /// in the archive show something; `git log --branches` shows every article.
    fn point_head(&self, ref_name: &str) -> Result<(), ArchiveError> {
        if self
            .repo
            .head()
            .is_err_and(|e| e.code() == ErrorCode::UnbornBranch)
        {
            self.repo.set_head(ref_name)?;
        }
        Ok(())
    }

    fn io(&self) -> impl Fn(std::io::Error) -> ArchiveError + '_ {
        move |source| ArchiveError::Io {
            path: self.root.clone(),
            source,
        }
    }
}

/// A header value fit for a one-line trailer: trimmed, printable and short, else left out (the
/// page then decodes by its own charset, as a page read from a file does).
fn header_value(value: &str) -> Option<&str> {
    let value = value.trim();
    (!value.is_empty() && value.len() <= 256 && !value.contains(|c: char| c.is_control()))
        .then_some(value)
}

/// The URL goes into a trailer and decides the key: it must parse and belong to `key`.
fn check_url(key: &ArticleKey, url: &str) -> Result<(), ArchiveError> {
    let parsed = url::Url::parse(url)
        .map_err(|e| ArchiveError::Invalid(format!("{url:?} is not a URL ({e})")))?;
    if parsed.as_str() != url {
        return Err(ArchiveError::Invalid(format!(
            "{url:?} is not in normal form (expected {parsed})"
        )));
    }
    let derived = ArticleKey::from_url(&parsed);
    if &derived != key {
        return Err(ArchiveError::Invalid(format!(
            "{url} belongs to {derived}, not {key}"
        )));
    }
    Ok(())
}
