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
mod page;
mod score;
mod scripts;
mod stamp;

pub(crate) use stamp::without_dates;

/// Whether a publisher's note says the story itself was withdrawn ("This article has been
/// removed.", "Dieser Artikel wurde zurückgezogen."): a page that is all but empty for a reason.
pub fn is_withdrawal(note: &str) -> bool {
    notes::is_withdrawal(note)
}

use crate::article::{Article, Block, Note, NotePosition};
use dom_query::{Document, NodeData, NodeRef};

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
    let doc = Document::from(scripts::without_code(&html).as_ref());
    let mut meta = metadata::read(&doc, info.url.as_ref());
    let (mut blocks, shown) = body::blocks(&doc);
    if let Some(headline) = metadata::shown_headline(&meta, shown.as_ref()) {
        meta.title = headline;
    }
    // A teaser page ("Read full article"): the publisher states in JSON-LD the story the page
    // begins, more than twice as long. Its lines go through the same filters as the page's.
    if let Some(stated) = meta
        .article_body
        .as_deref()
        .filter(|stated| is_teaser_of(&blocks, stated))
    {
        blocks = body::from_text(stated);
    }
    let repeats = |t: &str| {
        t == meta.title
            || meta.is_title_with_site(t)
            // The headline with its dek set inside the same <h1>.
            || meta.dek.as_deref().is_some_and(|dek| {
                t.strip_prefix(meta.title.as_str())
                    .is_some_and(|rest| rest.trim_start() == dek)
            })
            || meta.byline.as_deref().is_some_and(|b| {
                t.len() <= 4 * b.len() + 200
                    && metadata::may_clean_to_byline(t, b)
                    && metadata::clean_byline(t).as_deref() == Some(b)
            })
    };
    blocks.retain(|b| {
        notes::classify_cleaned(&b.text).is_none() && !stamp::is_label(&b.text) && !repeats(&b.text)
    });
    // A company's "about us" paragraph closes press releases; only the last blocks can be one.
    let tail = blocks.len().saturating_sub(3);
    let mut index = 0;
    blocks.retain(|b| {
        index += 1;
        index <= tail || !boilerplate::is_company_footer(&b.text)
    });
    let linked = link_blocks(&doc, &blocks);
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
    // A story the page calls one may be short: the first version of breaking news. A page that
    // says the story was withdrawn keeps its headline and the note, and no more may be left.
    let short = || meta.declares_story && is_short_story(&blocks, &linked, &meta.title);
    let withdrawn = !meta.title.is_empty() && notes.iter().any(|n| notes::is_withdrawal(&n.text));
    let story = is_story(&blocks, &linked);
    if !story && (withdrawn || short()) {
        // Too little story to spare a date-and-author line for its weight.
        blocks.retain(|b| !body::is_dateline(&b.text));
    } else if !story {
        // The page prints its story where we cannot read it (a script template), but the
        // publisher states it in JSON-LD.
        let stated = meta
            .article_body
            .as_deref()
            .map(body::from_text)
            .unwrap_or_default();
        if !is_story(&stated, &[]) {
            return Err(ExtractError::NoArticle);
        }
        blocks = stated;
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

/// Enough prose to be a story, counted in letters and digits, not words, because Chinese and
/// Japanese text has no spaces; one long block counts (some sites print a story as one `<p>`).
/// Blocks that are mostly link text (a section front's headline list, an index) do not count,
/// however long. A Han, kana or Hangul character counts as three letters, about what
/// it carries against a letter of an alphabet, so a short Chinese story is still a story.
fn is_story(blocks: &[Block], linked: &[bool]) -> bool {
    let weight = |c: char| match c {
        '\u{1100}'..='\u{11ff}'
        | '\u{3040}'..='\u{30ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{ac00}'..='\u{d7af}'
        | '\u{f900}'..='\u{faff}' => 3,
        c if c.is_alphanumeric() => 1,
        _ => 0,
    };
    let weighed = |b: &Block| b.text.chars().map(weight).sum::<usize>();
    let total: usize = prose(blocks, linked).map(weighed).sum();
    let substantial = prose(blocks, linked).filter(|b| weighed(b) >= 40).count();
    total >= 200 && (substantial >= 2 || total >= 400)
}

/// Enough for a page that says it is a story: one sentence of news and a little more, the first
/// version of a breaking story ("Police closed Main Street … This is a developing story.").
fn is_short_story(blocks: &[Block], linked: &[bool], title: &str) -> bool {
    // A headline of a few words over a sentence on its subject: "Page not found", an author's
    // name, a section's or a tag's, or a cookie wall under a story's headline are no story.
    let headline = metadata::content_words(title);
    if title.split_whitespace().count() < 4 {
        return false;
    }
    let on_subject = |b: &Block| {
        metadata::content_words(&b.text)
            .iter()
            .any(|w| headline.contains(w))
    };
    prose(blocks, linked)
        .map(|b| letters(&b.text))
        .sum::<usize>()
        >= 100
        && prose(blocks, linked).any(|b| {
            letters(&b.text) >= 80
                && b.text.trim_end().ends_with(['.', '!', '?', '"', '”'])
                && on_subject(b)
        })
}

/// The blocks that are not, word for word, one of the page's links (see [`link_blocks`]).
fn prose<'a>(blocks: &'a [Block], linked: &'a [bool]) -> impl Iterator<Item = &'a Block> {
    blocks
        .iter()
        .zip(linked.iter().chain(std::iter::repeat(&false)))
        .filter(|(_, linked)| !**linked)
        .map(|(b, _)| b)
}

/// Letters and digits in `text`: how much a block says, punctuation and spaces aside.
fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphanumeric()).count()
}

/// Whether `blocks` are a teaser of the story `stated` in full: it holds at least 1,000 letters
/// and twice the blocks' letters, and it goes on from what the page shows (a paragraph of the
/// page opens the same way in it), so a stale or translated `articleBody` is not taken. A page
/// and its `articleBody` of about the same length are the same story read twice, and the page's
/// blocks keep their paragraphs.
fn is_teaser_of(blocks: &[Block], stated: &str) -> bool {
    let shown: usize = blocks.iter().map(|b| letters(&b.text)).sum();
    let size = letters(stated);
    if size < 1000 || size < 2 * shown {
        return false;
    }
    let stated = metadata::squash(stated);
    blocks.iter().filter(|b| letters(&b.text) >= 80).any(|b| {
        let opening: String = metadata::squash(&b.text).chars().take(60).collect();
        stated.contains(&opening)
    })
}

/// Which blocks are, word for word, the text of one of the page's links: the headlines of a
/// section front or an index, never the prose of a story.
fn link_blocks(doc: &Document, blocks: &[Block]) -> Vec<bool> {
    // Blocks are normalised text; a link's text only needs its whitespace collapsed to compare.
    let wanted: std::collections::HashSet<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    let mut linked = std::collections::HashSet::new();
    for a in named_under(doc.root(), &["a"]) {
        let mut text = String::new();
        for d in a.descendants_it() {
            d.query(|n| {
                if let NodeData::Text { contents } = &n.data {
                    text.push_str(contents);
                }
            });
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.len() >= 3 {
            let joined = words.join(" ");
            if wanted.contains(joined.as_str()) {
                linked.insert(joined);
            }
        }
    }
    blocks.iter().map(|b| linked.contains(&b.text)).collect()
}

/// The time stated by the first visible timestamp label ("Updated: Nov. 20, 2019 1:35 a.m."),
/// for pages whose metadata gives no modified time.
fn visible_modified_time(doc: &Document) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    // Selectors without combinators: "body span" walks every span's ancestors, which is
    // quadratic in the page's depth.
    elements_named(doc, &["p", "div", "span", "time", "em", "small"])
        .into_iter()
        .filter_map(|el| leaf_raw_opening(&el, 200, stamp::may_open_label))
        .find_map(|raw| stamp::parse(&body::clean(&raw)))
}

/// The elements under `body` with one of these tag names, in document order: what selecting
/// "p, div, …" gives, without matching a selector against every element.
fn elements_named<'a>(doc: &'a Document, names: &[&str]) -> Vec<NodeRef<'a>> {
    match doc.body() {
        Some(body) => named_under(body, names),
        None => Vec::new(),
    }
}

/// The elements under `root` with one of these tag names, in document order.
fn named_under<'a>(root: NodeRef<'a>, names: &[&str]) -> Vec<NodeRef<'a>> {
    root.descendants_it()
        .filter(|d| {
            d.query(|n| match &n.data {
                NodeData::Element(el) => names.contains(&&*el.name.local),
                _ => false,
            })
            .unwrap_or(false)
        })
        .collect()
}

/// The cleaned text of an element that holds no paragraphs or divisions and at most `max`
/// bytes of text, or None. Reading stops as soon as it is clearly not such a leaf, so a page
/// of 100,000 nested elements costs a bounded read per element, not its whole subtree.
fn leaf_text(node: &NodeRef<'_>, max: usize) -> Option<String> {
    leaf_raw(node, max).map(|raw| body::clean(&raw))
}

/// [`leaf_text`] before cleaning.
fn leaf_raw(node: &NodeRef<'_>, max: usize) -> Option<String> {
    leaf_raw_opening(node, max, |_| true)
}

/// [`leaf_raw`] of an element whose text passes `opens` (a test that reads only how the text
/// starts, so reading stops as soon as the start fails it).
fn leaf_raw_opening(node: &NodeRef<'_>, max: usize, opens: fn(&str) -> bool) -> Option<String> {
    let mut text = String::new();
    let mut judged = false;
    for (seen, d) in node.descendants_it().enumerate() {
        if seen > 256 || text.len() > max {
            return None;
        }
        if !judged
            && text
                .chars()
                .any(|c| !c.is_whitespace() && !body::invisible(c))
        {
            if !opens(&text) {
                return None;
            }
            judged = true;
        }
        let leaf = d.query(|n| match &n.data {
            NodeData::Text { contents } => {
                text.push_str(contents);
                true
            }
            NodeData::Element(el) => !matches!(&*el.name.local, "p" | "div"),
            _ => true,
        });
        if leaf == Some(false) {
            return None;
        }
    }
    (judged || opens(&text)).then_some(text)
}

/// Notes anywhere in the page's leaf text elements, placed by whether the first body paragraph
/// came before them.
fn find_notes(doc: &Document, blocks: &[crate::article::Block]) -> Vec<Note> {
    let first_body = blocks
        .iter()
        .find(|b| notes::classify_cleaned(&b.text).is_none())
        .map(|b| b.text.clone());
    let mut seen_body = false;
    let mut out: Vec<Note> = Vec::new();
    for el in elements_named(doc, &["p", "em", "aside", "div"]) {
        // Notes and the first paragraph are leaves; a container's text is read through them
        // (reading every container's whole text made this quadratic in the page's depth).
        let Some(text) = leaf_text(&el, 4000) else {
            continue;
        };
        if first_body.as_deref() == Some(text.as_str()) {
            seen_body = true;
        }
        if let Some(kind) = notes::classify_cleaned(&text)
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
