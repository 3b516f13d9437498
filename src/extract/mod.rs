//! Turn the bytes of a saved or fetched page into an [`Article`].
//!
//! Stages: decode bytes to text (BOM, HTTP charset, meta charset, detection), parse, find the story
//! body, read metadata (JSON-LD, OpenGraph, meta tags, `<time>`), and separate the publisher's notes
//! and credit lines from the body.

use crate::article::Article;

/// Name and version recorded with every version, so re-extractions can be told apart.
pub const EXTRACTOR: &str = concat!("storydiff/", env!("CARGO_PKG_VERSION"));

/// What is known about the page besides its bytes.
#[derive(Debug, Clone, Default)]
pub struct PageInfo {
    /// Where the page came from; resolves relative canonical links.
    pub url: Option<url::Url>,
    /// The HTTP `Content-Type` header, whose charset wins over the page's own meta tag.
    pub content_type: Option<String>,
}

/// Why a page gave no Article.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExtractError {
    #[error("the page is empty")]
    Empty,
    #[error("the page is binary data, not HTML")]
    Binary,
    #[error("the page is not HTML")]
    NotHtml,
    #[error("no article found in the page")]
    NoArticle,
}

/// Extract the Article from a page.
pub fn extract(bytes: &[u8], info: &PageInfo) -> Result<Article, ExtractError> {
    let _ = (bytes, info);
    todo!("extraction v1")
}
