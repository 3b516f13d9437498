//! Recording: one observed page becomes a new version, or a check that found nothing new.
//!
//! This wires extract → archive → diff → changelog for one page, under the archive's writer lock.

use chrono::{DateTime, FixedOffset};

use crate::archive::{Archive, ArchiveError, ArticleKey, NewVersion, WriteLock};
use crate::article::Article;
use crate::changelog::{self, Entry, Origin};
use crate::extract::{self, ExtractError, PageInfo};
use crate::history;

/// One page as it was seen.
#[derive(Debug, Clone)]
pub struct Observation<'a> {
    /// The article's URL: its identity in the archive.
    pub url: &'a url::Url,
    pub raw: &'a [u8],
    pub seen_at: DateTime<FixedOffset>,
    pub content_type: Option<&'a str>,
}

/// What recording a page did.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// A new version was committed.
    Recorded(Box<Entry>),
    /// The content equals the latest version's: nothing was written.
    Unchanged { version: u32 },
}

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error(transparent)]
    Extract(#[from] ExtractError),
    #[error(transparent)]
    Archive(#[from] ArchiveError),
}

/// Extract the page and record it as the next version of its article when its content is new.
pub fn record(
    archive: &Archive,
    lock: &WriteLock,
    page: &Observation<'_>,
) -> Result<Outcome, RecordError> {
    let info = PageInfo {
        url: Some(page.url.clone()),
        content_type: page.content_type.map(str::to_string),
    };
    let article = extract::extract(page.raw, &info)?;
    record_article(archive, lock, page, &article)
}

/// Record an already extracted Article.
pub fn record_article(
    archive: &Archive,
    lock: &WriteLock,
    page: &Observation<'_>,
    article: &Article,
) -> Result<Outcome, RecordError> {
    let key = ArticleKey::from_url(page.url);
    let content_sha256 = article.content_sha256();
    if let Some(latest) = archive.latest(&key)?
        && latest.content_sha256 == content_sha256
    {
        return Ok(Outcome::Unchanged {
            version: latest.version,
        });
    }
    append(
        archive,
        lock,
        page,
        article,
        Some(content_sha256),
        &Origin::Publisher,
    )
}

/// Append `article` (whose content hash the caller may pass) as the next version, made by
/// `origin`, with its entry and the whole
/// changelog rewritten from the article's history (so reverts and variants are seen).
pub(crate) fn append(
    archive: &Archive,
    lock: &WriteLock,
    page: &Observation<'_>,
    article: &Article,
    content_sha256: Option<String>,
    origin: &Origin,
) -> Result<Outcome, RecordError> {
    let key = ArticleKey::from_url(page.url);
    let url = page.url.as_str();
    let (replayed, mut chronicle) = history::replay(archive, &key)?;
    let version = replayed.last().map_or(1, |r| r.stored.info.version + 1);
    let (entry, _) = chronicle.next_hashed(version, page.seen_at, article, content_sha256, origin);
    let mut entries: Vec<Entry> = replayed.into_iter().map(|r| r.entry).collect();
    entries.push(entry.clone());
    // Page events only decorate the changelog: unreadable ones must not stop a version.
    let events = archive.events(&key).unwrap_or_else(|e| {
        tracing::warn!(%key, error = %e, "page events left out of CHANGELOG.md");
        Vec::new()
    });
    let changelog = changelog::to_markdown_with_events(url, &article.title, &entries, &events);
    let message = entry.commit_message();
    let (reextracted_from, filters_changed) = match origin {
        Origin::Publisher => (None, false),
        Origin::ExtractorUpgrade {
            from_version,
            filters_changed,
            ..
        } => (Some(*from_version), *filters_changed),
    };
    archive.append(
        lock,
        &key,
        &NewVersion {
            url,
            seen_at: page.seen_at,
            article,
            raw: page.raw,
            entry: &message,
            changelog: &changelog,
            extractor: extract::EXTRACTOR,
            reextracted_from,
            filters_changed,
            content_type: page.content_type,
        },
    )?;
    Ok(Outcome::Recorded(Box::new(entry)))
}
