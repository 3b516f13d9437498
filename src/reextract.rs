//! Re-extraction: an article's latest archived page read again by storydiff.
//!
//! When the extractor improves, or the article's filters (`--select`, `--ignore`,
//! `--ignore-text`) change, the Article made from a page already archived may differ from the
//! stored one. That difference is storydiff's, not the publisher's: it is recorded as a new
//! version whose entry is flagged `extractor-upgrade`, with the same raw page, and never counted
//! as a publisher edit. The page is read with the filters monitoring uses, so only what changed
//! on storydiff's side can show.

use chrono::{DateTime, FixedOffset};

use crate::archive::{Archive, ArticleKey, WriteLock};
use crate::changelog::Origin;
use crate::extract::{self, PageInfo};
use crate::record::{self, Observation, Outcome, RecordError};
use crate::track::noise::{self, Filters};
use crate::track::sources::Sources;

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
    reread(archive, lock, key, at, Reread::Extractor(sources))
}

/// Re-extract the latest archived page of `key` with the article's new `filters`, and record
/// the result if it differs: the baseline the next fetch is compared with.
pub fn refilter(
    archive: &Archive,
    lock: &WriteLock,
    key: &ArticleKey,
    at: DateTime<FixedOffset>,
    filters: &Filters,
) -> Result<Outcome, RecordError> {
    reread(archive, lock, key, at, Reread::Filters(filters))
}

/// Why a page is read again, and with which filters.
enum Reread<'a> {
    /// A newer extractor, with the filters the article is tracked with.
    Extractor(&'a Sources),
    /// New filters.
    Filters(&'a Filters),
}

fn reread(
    archive: &Archive,
    lock: &WriteLock,
    key: &ArticleKey,
    at: DateTime<FixedOffset>,
    why: Reread<'_>,
) -> Result<Outcome, RecordError> {
    let Some(latest) = archive.latest(key)? else {
        return Err(crate::archive::ArchiveError::UnknownArticle(key.as_str().to_string()).into());
    };
    let stored = archive.load(key, latest.version)?;
    let url = url::Url::parse(&stored.url).map_err(|e| {
        crate::archive::ArchiveError::Damaged(format!(
            "{key}: stored URL {:?} does not parse ({e})",
            stored.url
        ))
    })?;
    // The Content-Type a page was served with is not archived, so the charset comes from the
    // page itself (BOM, meta, detection), as for `ingest`.
    let info = PageInfo {
        url: Some(url.clone()),
        content_type: None,
    };
    let (filters, filters_changed) = match why {
        Reread::Extractor(sources) => (Filters::for_url(sources, &stored.url), false),
        Reread::Filters(filters) => (filters.clone(), true),
    };
    let article = noise::extract(&stored.raw, &info, &filters)?;
    let content_sha256 = article.content_sha256();
    if content_sha256 == latest.content_sha256 {
        return Ok(Outcome::Unchanged {
            version: latest.version,
        });
    }
    let page = Observation {
        url: &url,
        raw: &stored.raw,
        seen_at: at,
        content_type: None,
    };
    record::append(
        archive,
        lock,
        &page,
        &article,
        Some(content_sha256),
        &Origin::ExtractorUpgrade {
            from_version: latest.version,
            extractor: extract::EXTRACTOR.to_string(),
            filters_changed,
        },
    )
}
