//! What one version's tree holds: the four file names and the `article.json` record.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::article::Article;

pub(super) const ARTICLE_MD: &str = "article.md";
pub(super) const ARTICLE_JSON: &str = "article.json";
pub(super) const PAGE_HTML: &str = "page.html";
pub(super) const CHANGELOG_MD: &str = "CHANGELOG.md";
/// Every file a version's tree must hold.
pub(super) const FILES: [&str; 4] = [ARTICLE_MD, ARTICLE_JSON, PAGE_HTML, CHANGELOG_MD];

/// `article.json`: the Article with its provenance.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Record {
    pub url: String,
    pub seen_at: DateTime<FixedOffset>,
    pub content_sha256: String,
    pub raw_sha256: String,
    pub extractor: String,
    pub article: Article,
}
