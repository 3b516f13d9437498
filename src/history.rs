//! An article's recorded versions replayed, oldest first, into changelog entries with every flag.
//!
//! The archive stores each version's Article; the entries are recomputed from them with the
//! current diff and changelog code, so every reader (`log`, `changelog`, `report`) and the writer
//! of the next version's `CHANGELOG.md` agree.

use crate::archive::{Archive, ArchiveError, ArticleKey, VersionRecord};
use crate::changelog::{Chronicle, Entry, Origin};
use crate::diff::ChangeSet;

/// One version with its entry and the diff against the version before it.
#[derive(Debug, Clone)]
pub struct Replayed {
    pub stored: VersionRecord,
    pub entry: Entry,
    /// None for the first version.
    pub changes: Option<ChangeSet>,
}

/// Every version of the article with its entry, and the chronicle ready for the next version.
pub fn replay(
    archive: &Archive,
    key: &ArticleKey,
) -> Result<(Vec<Replayed>, Chronicle), ArchiveError> {
    let records = archive.records(key)?;
    let mut chronicle = Chronicle::new();
    let mut out = Vec::with_capacity(records.len());
    for stored in records {
        let origin = origin(&stored);
        let (entry, changes) = chronicle.next(
            stored.info.version,
            stored.info.seen_at,
            &stored.article,
            &origin,
        );
        out.push(Replayed {
            stored,
            entry,
            changes,
        });
    }
    Ok((out, chronicle))
}

/// Who made a stored version: the publisher, or a re-extraction.
pub fn origin(stored: &VersionRecord) -> Origin {
    match stored.info.reextracted_from {
        Some(from_version) => Origin::ExtractorUpgrade {
            from_version,
            extractor: stored.extractor.clone(),
            filters_changed: stored.info.filters_changed,
        },
        None => Origin::Publisher,
    }
}
