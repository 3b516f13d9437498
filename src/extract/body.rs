//! The story body: the page read once into blocks ([`super::page`]), the story's element chosen
//! by score ([`super::score`]), and the lines inside it that are never story text dropped.

use super::page::Page;
use crate::article::{Block, BlockKind, normalize_text};
use dom_query::Document;

/// Body blocks of the page, in reading order: one walk of the parsed page, the story's element
/// chosen by score, and the lines inside it that are never story text dropped. Also the `<h1>`
/// printed nearest above the story, which may be its headline.
pub fn blocks(doc: &Document) -> (Vec<Block>, Option<Shown>) {
    let (out, shown) = story_or_all(doc);
    // Date-and-author lines go when the story has substance without them; on a page of two
    // short paragraphs they are kept, as they may be all that makes it a story.
    let dated: Vec<bool> = out.iter().map(|b| is_dateline(&b.text)).collect();
    let undated: usize = out
        .iter()
        .zip(&dated)
        .filter(|(_, dated)| !**dated)
        .map(|(b, _)| b.text.len())
        .sum();
    if undated < 600 {
        return (out, shown);
    }
    let out = out
        .into_iter()
        .zip(dated)
        .filter(|(_, dated)| !dated)
        .map(|(b, _)| b)
        .collect();
    (out, shown)
}

/// The `<h1>` nearest above the story's first block (or that block itself), and how many
/// characters of text stand between them (a byline, a date, a picture's credit).
#[derive(Debug, Clone)]
pub struct Shown {
    pub text: String,
    pub gap: usize,
    /// Whether the `<h1>` and the story's first block stand in one `<article>`.
    pub in_article: bool,
}

/// The story's blocks outside the chrome, or from the whole page when that leaves too little,
/// and the `<h1>` printed above them.
fn story_or_all(doc: &Document) -> (Vec<Block>, Option<Shown>) {
    let page = super::page::read(doc);
    let chrome = super::score::chrome_blocks(&page);
    let (out, first) = story_blocks(&page, &chrome);
    let bytes: usize = out.iter().map(|b| b.text.len()).sum();
    let (out, first) = if bytes >= 500 {
        (out, first)
    } else {
        // Too little story outside the chrome: the story's own container may be named like
        // chrome.
        let everything = vec![false; page.blocks.len()];
        let (loose, loose_first) = story_blocks(&page, &everything);
        if loose.iter().map(|b| b.text.len()).sum::<usize>() > bytes {
            (loose, loose_first)
        } else {
            (out, first)
        }
    };
    (out, first.and_then(|f| shown(&page, f)))
}

/// The `<h1>` at or above the page's block `first`, if any.
fn shown(page: &Page, first: usize) -> Option<Shown> {
    let mut gap = 0;
    for block in page.blocks[..=first].iter().rev() {
        if page.elements[block.element].tag == "h1" {
            let text = clean(&block.text);
            let story = ancestors(page, page.blocks[first].element);
            let in_article = ancestors(page, block.element)
                .iter()
                .any(|&e| page.elements[e].tag == "article" && story.contains(&e));
            return (!text.is_empty()).then_some(Shown {
                text,
                gap,
                in_article,
            });
        }
        gap += block.text.trim().chars().count();
    }
    None
}

/// The element and its ancestors up to the root, nearest first.
fn ancestors(page: &Page, mut element: usize) -> Vec<usize> {
    let mut out = vec![element];
    while page.elements[element].parent != element && out.len() < 512 {
        element = page.elements[element].parent;
        out.push(element);
    }
    out
}

/// The story's blocks, counting only blocks not marked `skip`, and the index in `page.blocks` of
/// the first one kept.
fn story_blocks(page: &Page, skip: &[bool]) -> (Vec<Block>, Option<usize>) {
    let story = super::score::story_elements(page, skip);
    let mut out = Vec::new();
    let mut first = None;
    for (index, (block, _)) in page
        .blocks
        .iter()
        .zip(skip)
        .enumerate()
        .filter(|(_, (_, skip))| !**skip)
    {
        if !story[block.element] {
            continue;
        }
        let len = block.text.trim().chars().count();
        // A block that is mostly link text is a list of other stories, not prose; a bare
        // address is the page's own URL printed for sharing.
        if (block.link_chars * 2 > len && !tells_more_than_its_link(page, block, len))
            || is_address(&block.text)
            || (!block.loose && is_dek(&page.elements[block.element].names))
        {
            continue;
        }
        let before = out.len();
        push(&mut out, block.kind, &block.text);
        if first.is_none() && out.len() > before {
            first = Some(index);
        }
    }
    (out, first)
}

/// A paragraph or list item with much link text that still says something of its own: a news
/// digest's item ("<a>Headline</a>. One sentence of what happened."), prose whose long phrases
/// are links; not a list of other stories' headlines. Only paragraphs and list items: an
/// `<address>` led by its author's name is a bio.
fn tells_more_than_its_link(page: &Page, block: &super::page::RawBlock, len: usize) -> bool {
    matches!(page.elements[block.element].tag.as_str(), "p" | "li")
        && len.saturating_sub(block.link_chars) >= 40
        && block
            .text
            .trim_end()
            .trim_end_matches(['"', '”', '’', ')'])
            .ends_with(['.', '!', '?'])
}

/// Paragraphs from plain text such as JSON-LD `articleBody`: one per line, or the whole text
/// when it has no line breaks. Markup some publishers leave in it is read as HTML.
pub fn from_text(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    if text.contains('<') && text.contains('>') {
        // Its own paragraphs and headings, read as a page's are: their text alone would glue
        // one paragraph's last sentence to the next one's first ("March.Mayor").
        let doc = Document::from(text);
        for block in super::page::read(&doc).blocks {
            push(&mut out, block.kind, &block.text);
        }
        if !out.is_empty() {
            return out;
        }
    }
    for line in text.lines() {
        push(&mut out, BlockKind::Paragraph, line);
    }
    out
}

/// Class names of the standfirst under a headline: the Article's dek, not a body paragraph.
fn is_dek(names: &str) -> bool {
    ["dek", "standfirst", "subtitle", "sub-title", "subheadline"]
        .iter()
        .any(|d| names.contains(d))
}

/// A short line that carries a date and no sentence: the date-and-author line of a teaser or
/// of the story's own header ("Marcus Reyes 2019-11-20 17:27", "November 20, 2019 Ana Ruiz").
pub(super) fn is_dateline(text: &str) -> bool {
    static DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)\b(\d{4}-\d{2}-\d{2}|(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}|\d{1,2}\.? (jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{4})\b",
        )
        .expect("valid pattern")
    });
    let text = text.trim();
    text.split_whitespace().count() <= 10
        && !text.ends_with(['.', '!', '?', '"', '”'])
        && DATE.is_match(text)
}

/// A block that is one web address and nothing else.
fn is_address(text: &str) -> bool {
    let text = text.trim();
    (text.starts_with("http://") || text.starts_with("https://") || text.starts_with("www."))
        && !text.contains(char::is_whitespace)
}

/// Keep a block unless it is empty, chrome or boilerplate. A block with no letter or digit
/// ("* * *", "|", a stray "]]>") carries nothing a reader would miss.
fn push(out: &mut Vec<Block>, kind: BlockKind, text: &str) {
    let text = clean(text);
    if text.contains(char::is_alphanumeric)
        && !is_chrome(&text)
        && !super::boilerplate::is_boilerplate(&text)
    {
        out.push(Block { kind, text });
    }
}

pub(super) fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
    )
}

/// Normalised text without soft hyphens and zero-width characters.
pub fn clean(text: &str) -> String {
    if !text.contains(invisible) {
        return normalize_text(text);
    }
    let kept: String = text.chars().filter(|c| !invisible(*c)).collect();
    normalize_text(&kept)
}

/// Whether [`clean`] leaves every word of `text` as it is (it only collapses whitespace): no
/// invisible characters, and already in NFC.
pub fn words_kept_by_clean(text: &str) -> bool {
    text.is_ascii()
        || (!text.contains(invisible)
            && unicode_normalization::is_nfc_quick(text.chars())
                == unicode_normalization::IsNormalized::Yes)
}

/// Credit lines and page furniture that are never story text.
pub fn is_chrome(text: &str) -> bool {
    // Only short lines can be chrome: count before lowercasing.
    if text.split_whitespace().count() > 25 {
        return false;
    }
    let lower = text.to_lowercase();
    const CREDITS: [&str; 6] = [
        "edited by ",
        "reporting by ",
        "additional reporting by ",
        "translated by ",
        "produced by ",
        "written by ",
    ];
    const FURNITURE: [&str; 7] = [
        "related stories",
        "related articles",
        "related posts",
        "related videos",
        "sign up for",
        "advertisement",
        "share on ",
    ];
    CREDITS.iter().any(|p| lower.starts_with(p)) || FURNITURE.iter().any(|p| lower.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of the page's first block, as the walk reads it.
    fn text_of(html: &str) -> String {
        let page = super::super::page::read(&Document::from(html));
        clean(&page.blocks[0].text)
    }

    #[test]
    fn a_stated_body_in_html_keeps_its_paragraphs() {
        let blocks = from_text(
            "<p>The council met in March.</p><p>Mayor Dana Whitfield said the vote was close.</p><h2>What comes next</h2>",
        );
        let texts: Vec<(BlockKind, &str)> =
            blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            texts,
            [
                (BlockKind::Paragraph, "The council met in March."),
                (
                    BlockKind::Paragraph,
                    "Mayor Dana Whitfield said the vote was close."
                ),
                (BlockKind::Heading, "What comes next"),
            ]
        );
        let lines = from_text("The council met in March.\nThe mayor said the vote was close.");
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn words_meeting_at_inline_tags_stay_apart() {
        assert_eq!(
            text_of("<p>masks today<br><br>I urge all residents</p>"),
            "masks today I urge all residents"
        );
        assert_eq!(
            text_of(
                "<p>two for<a href=x><strong>Larry Ogunjobi</strong></a>, three for<b>Myles</b>.</p>"
            ),
            "two for Larry Ogunjobi, three for Myles."
        );
        assert_eq!(
            text_of("<p><strong>Summary</strong>Studies show it.</p>"),
            "Summary Studies show it."
        );
        assert_eq!(
            text_of("<p>one<span>two</span> end.<em>Next</em></p>"),
            "onetwo end. Next"
        );
    }

    #[test]
    fn soft_hyphens_and_zero_width_characters_are_removed() {
        assert_eq!(
            clean("co\u{ad}operation\u{200b} and\u{feff} re\u{200d}pairs"),
            "cooperation and repairs"
        );
        assert_eq!(
            text_of("<p>harbour&shy;side \u{2060}quay&nbsp; works</p>"),
            "harbourside quay works"
        );
    }

    #[test]
    fn drop_caps_and_words_split_by_tags_are_not_broken() {
        assert_eq!(
            text_of("<p><span class=dropcap>W</span>ASHINGTON — The vote</p>"),
            "WASHINGTON — The vote"
        );
        assert_eq!(text_of("<p><b>T</b>he harbour</p>"), "The harbour");
        assert_eq!(text_of("<p>re<em>open</em>ed</p>"), "reopened");
    }
}
