//! Re-extraction: an article's latest archived page read again by the current extractor.
//!
//! When the extractor improves, the Article it gets from a page already archived may differ from
//! the stored one. That difference is storydiff's, not the publisher's: it is recorded as a new
//! version whose entry is flagged `extractor-upgrade`, with the same raw page, and never counted
//! as a publisher edit.

use chrono::{DateTime, FixedOffset};

use crate::archive::{Archive, ArticleKey, WriteLock};
use crate::changelog::Origin;
use crate::extract::{self, PageInfo};
use crate::record::{self, Observation, Outcome, RecordError};

/// Re-extract the latest archived page of `key` and record the result if it differs.
///
/// `Outcome::Unchanged` means the current extractor agrees with the stored Article.
pub fn reextract(
    archive: &Archive,
    lock: &WriteLock,
    key: &ArticleKey,
    at: DateTime<FixedOffset>,
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
    let info = PageInfo {
        url: Some(url.clone()),
        content_type: None,
    };
    let article = extract::extract(&stored.raw, &info)?;
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
        },
    )
}
