//! Turn the bytes of a saved or fetched page into an [`Article`].
//!
//! Stages: decode bytes to text (BOM, HTTP charset, meta charset, detection), parse, find the story
//! body, read metadata (JSON-LD, OpenGraph, meta tags, `<time>`), and separate the publisher's notes
//! and credit lines from the body.

mod body;
mod boilerplate;
mod decode;
mod metadata;
mod notes;
mod stamp;

use crate::article::{Article, Block, Note, NotePosition};
use dom_query::Document;

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

/// The page's bytes as text, decoded the way `extract` decodes them (BOM, HTTP charset, meta
/// charset, detection).
pub fn decode_page(bytes: &[u8], info: &PageInfo) -> Result<String, ExtractError> {
    decode::decode(bytes, info.content_type.as_deref())
}

/// Extract the Article from a page.
pub fn extract(bytes: &[u8], info: &PageInfo) -> Result<Article, ExtractError> {
    let html = decode::decode(bytes, info.content_type.as_deref())?;
    let doc = Document::from(html.as_str());
    let meta = metadata::read(&doc, info.url.as_ref());
    let mut blocks = body::blocks(&html);
    let repeats = |t: &str| {
        t == meta.title
            || meta.dek.as_deref() == Some(t)
            || meta
                .byline
                .as_deref()
                .is_some_and(|b| metadata::clean_byline(t).as_deref() == Some(b))
    };
    blocks.retain(|b| {
        notes::classify(&b.text).is_none() && !stamp::is_label(&b.text) && !repeats(&b.text)
    });
    let mut notes = find_notes(&doc, &blocks);
    // A correction the page states only in its JSON-LD is still the publisher's note.
    for text in &meta.corrections {
        if !notes.iter().any(|n| n.text == *text) {
            notes.push(Note {
                kind: crate::article::NoteKind::Correction,
                text: text.clone(),
                position: NotePosition::Bottom,
            });
        }
    }
    if !is_story(&blocks) {
        return Err(ExtractError::NoArticle);
    }
    Ok(Article {
        title: meta.title,
        dek: meta.dek,
        byline: meta.byline,
        published: meta.published,
        modified: meta.modified.or_else(|| visible_modified_time(&doc)),
        canonical_url: meta.canonical_url,
        lang: meta.lang,
        site_name: meta.site_name,
        blocks,
        notes,
    })
}

/// Enough prose to be a story: counted in letters and digits, not words, because Chinese and
/// Japanese text has no spaces; one long block counts (some sites print a story as one `<p>`).
fn is_story(blocks: &[Block]) -> bool {
    let letters = |b: &Block| b.text.chars().filter(|c| c.is_alphanumeric()).count();
    let total: usize = blocks.iter().map(letters).sum();
    let substantial = blocks.iter().filter(|b| letters(b) >= 40).count();
    total >= 200 && (substantial >= 2 || total >= 400)
}

/// The time stated by the first visible timestamp label ("Updated: Nov. 20, 2019 1:35 a.m."),
/// for pages whose metadata gives no modified time.
fn visible_modified_time(doc: &Document) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    doc.select("body p, body div, body span, body time, body em, body small")
        .iter()
        .find_map(|el| stamp::parse(&body::clean(&el.text())))
}

/// Notes anywhere in the page's leaf text elements, placed by whether the first body paragraph
/// came before them.
fn find_notes(doc: &Document, blocks: &[crate::article::Block]) -> Vec<Note> {
    let first_body = blocks
        .iter()
        .find(|b| notes::classify(&b.text).is_none())
        .map(|b| b.text.clone());
    let mut seen_body = false;
    let mut out: Vec<Note> = Vec::new();
    for el in doc.select("body p, body em, body aside, body div").iter() {
        let text = body::clean(&el.text());
        if first_body.as_deref() == Some(text.as_str()) {
            seen_body = true;
        }
        if el.children().iter().any(|c| {
            matches!(
                c.nodes().first().and_then(|n| n.node_name()).as_deref(),
                Some("p" | "div")
            )
        }) {
            continue;
        }
        if let Some(kind) = notes::classify(&text)
            && !out.iter().any(|n| n.text == text)
        {
            let position = if seen_body {
                NotePosition::Bottom
            } else {
                NotePosition::Top
            };
            out.push(Note {
                kind,
                text,
                position,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
