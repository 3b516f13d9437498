//! Re-extraction: an article's latest archived page read again by storydiff.
//!
//! When the extractor improves, or the article's filters (`--select`, `--ignore`,
//! `--ignore-text`) change, the Article made from a page already archived may differ from the
//! stored one. That difference is storydiff's, not the publisher's: it is recorded as a new
//! version whose entry is flagged `extractor-upgrade`, with the same raw page, and never counted
//! as a publisher edit. The page is read with the filters monitoring uses, so only what changed
//! on storydiff's side can show.

use chrono::{DateTime, FixedOffset};

use crate::archive::{Archive, ArticleKey, StoredVersion, WriteLock};
use crate::changelog::Origin;
use crate::extract::{self, PageInfo};
use crate::record::{self, Observation, Outcome, RecordError};
use crate::track::noise::{self, Filters};
use crate::track::sources::Sources;

/// Why storydiff reads an archived page again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// The extractor is not the one the stored Article was made with.
    Extractor,
    /// The article's filters changed.
    Filters,
}

/// Re-extract the latest archived page of `key` with the current extractor and the article's
/// filters from `sources`, and record the result if it differs.
///
/// `Outcome::Unchanged` means the current extractor agrees with the stored Article.
pub fn reextract(
    archive: &Archive,
    lock: &WriteLock,
    key: &ArticleKey,
    at: DateTime<FixedOffset>,
    sources: &Sources,
) -> Result<Outcome, RecordError> {
    let stored = latest_page(archive, key)?;
    let filters = Filters::for_url(sources, &stored.url);
    reread_stored(archive, lock, key, stored, at, &filters, Cause::Extractor)
}

/// Re-extract the latest archived page of `key` with `filters` (the article's, new or not) for
/// `cause`, and record the result if it differs: the baseline the next fetch is compared with.
pub fn reread(
    archive: &Archive,
    lock: &WriteLock,
    key: &ArticleKey,
    at: DateTime<FixedOffset>,
    filters: &Filters,
    cause: Cause,
) -> Result<Outcome, RecordError> {
    let stored = latest_page(archive, key)?;
    reread_stored(archive, lock, key, stored, at, filters, cause)
}

/// Everything stored for the latest version of `key`.
fn latest_page(archive: &Archive, key: &ArticleKey) -> Result<StoredVersion, RecordError> {
    let Some(latest) = archive.latest(key)? else {
        return Err(crate::archive::ArchiveError::UnknownArticle(key.as_str().to_string()).into());
    };
    Ok(archive.load(key, latest.version)?)
}

/// [`reread`] of a version already loaded.
fn reread_stored(
    archive: &Archive,
    lock: &WriteLock,
    key: &ArticleKey,
    stored: StoredVersion,
    at: DateTime<FixedOffset>,
    filters: &Filters,
    cause: Cause,
) -> Result<Outcome, RecordError> {
    let url = url::Url::parse(&stored.url).map_err(|e| {
        crate::archive::ArchiveError::Damaged(format!(
            "{key}: stored URL {:?} does not parse ({e})",
            stored.url
        ))
    })?;
    // The header's charset decides how the page decodes, as it did when it was fetched.
    let content_type = stored.info.content_type.as_deref();
    let info = PageInfo {
        url: Some(url.clone()),
        content_type: content_type.map(str::to_string),
    };
    let article = noise::extract(&stored.raw, &info, filters)?;
    let content_sha256 = article.content_sha256();
    if content_sha256 == stored.info.content_sha256 {
        return Ok(Outcome::Unchanged {
            version: stored.info.version,
        });
    }
    let page = Observation {
        url: &url,
        raw: &stored.raw,
        seen_at: at,
        content_type,
    };
    record::append(
        archive,
        lock,
        &page,
        &article,
        Some(content_sha256),
        &Origin::ExtractorUpgrade {
            from_version: stored.info.version,
            extractor: extract::EXTRACTOR.to_string(),
            filters_changed: cause == Cause::Filters,
        },
    )
}
