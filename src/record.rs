//! Recording: one observed page becomes a new version, or a check that found nothing new.
//!
//! This wires extract → archive → diff → changelog for one page, under the archive's writer lock.

use chrono::{DateTime, FixedOffset};

use crate::archive::{Archive, ArchiveError, ArticleKey, NewVersion, WriteLock};
use crate::article::Article;
use crate::changelog::{self, Entry};
use crate::diff;
use crate::extract::{self, ExtractError, PageInfo};

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
    let url = page.url.as_str();
    let (entry, changelog) = match archive.latest(&key)? {
        Some(latest) if latest.content_sha256 == article.content_sha256() => {
            return Ok(Outcome::Unchanged {
                version: latest.version,
            });
        }
        Some(latest) => {
            let previous = archive.load(&key, latest.version)?;
            let changes = diff::diff(&previous.article, article);
            let entry = Entry::from_changes(
                latest.version + 1,
                page.seen_at,
                &previous.article,
                article,
                &changes,
            );
            let changelog = changelog::prepend(&previous.changelog, url, &entry);
            (entry, changelog)
        }
        None => {
            let entry = Entry::first(article, page.seen_at);
            let changelog =
                changelog::to_markdown(url, &article.title, std::slice::from_ref(&entry));
            (entry, changelog)
        }
    };
    let message = entry.commit_message();
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
        },
    )?;
    Ok(Outcome::Recorded(Box::new(entry)))
}
