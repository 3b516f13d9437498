//! The story body: trafilatura finds it, we split its HTML into blocks and drop non-story lines.

use crate::article::{Block, BlockKind, normalize_text};
use dom_query::Document;

/// Page furniture pruned before extraction: ad slots, share bars, related-story boxes and
/// newsletter prompts, by the class names and labels sites commonly give them.
const CHROME_SELECTOR: &str = ".ad, .ads, .advert, .advertisement, [class^=\"ad-\"], \
    [class*=\" ad-\"], [id^=\"ad-\"], [aria-label=\"Advertisement\"], [rel~=\"sponsored\"], \
    .share, .social-share, .related, .newsletter, .promo";

/// Body blocks of the page, in reading order: one walk of the parsed page, the story's element
/// chosen by score, and the lines inside it that are never story text dropped.
pub fn blocks(doc: &Document) -> Vec<Block> {
    let page = super::page::read(doc);
    let chrome = super::score::chrome_blocks(&page);
    let out = story_blocks(&page, &chrome);
    let letters: usize = out.iter().map(|b| b.text.len()).sum();
    if letters >= 500 {
        return out;
    }
    // Too little story outside the chrome: the story's own container may be named like chrome.
    let everything = vec![false; page.blocks.len()];
    let loose = story_blocks(&page, &everything);
    if loose.iter().map(|b| b.text.len()).sum::<usize>() > letters {
        loose
    } else {
        out
    }
}

fn story_blocks(page: &super::page::Page, skip: &[bool]) -> Vec<Block> {
    let story = super::score::story_elements(page, skip);
    let mut out = Vec::new();
    for (block, _) in page.blocks.iter().zip(skip).filter(|(_, skip)| !**skip) {
        if !story[block.element] {
            continue;
        }
        let len = block.text.trim().chars().count();
        // A block that is mostly link text is a list of other stories, not prose; a bare
        // address is the page's own URL printed for sharing.
        if block.link_chars * 2 > len
            || is_address(&block.text)
            || (!block.loose && is_dek(&page.elements[block.element].names))
        {
            continue;
        }
        push(&mut out, block.kind, &block.text);
    }
    out
}

/// Paragraphs from plain text such as JSON-LD `articleBody`: one per line, or the whole text
/// when it has no line breaks. Markup some publishers leave in it is read as HTML.
pub fn from_text(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let text = if text.contains('<') && text.contains('>') {
        Document::from(text).select("body").text().to_string()
    } else {
        text.to_string()
    };
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

/// A block that is one web address and nothing else.
fn is_address(text: &str) -> bool {
    let text = text.trim();
    (text.starts_with("http://") || text.starts_with("https://") || text.starts_with("www."))
        && !text.contains(char::is_whitespace)
}

/// Body blocks from the trafilatura crate's content HTML (the v1 extractor), kept to compare
/// against.
pub fn trafilatura_blocks(html: &str) -> Vec<Block> {
    let mut opts = trafilatura::Options::default();
    opts.prune_selector = Some(CHROME_SELECTOR.to_string());
    let Ok(result) = trafilatura::extract(html, &opts) else {
        return Vec::new();
    };
    let doc = Document::from(result.content_html.as_str());
    let mut out = Vec::new();
    let mut loose = String::new();
    if let Some(body) = doc.select("body").nodes().first() {
        walk(body, &mut out, &mut loose);
    }
    flush(&mut out, &mut loose);
    out
}

/// The block kind of an element that is one block, or None for containers and inline elements.
fn block_kind(tag: &str) -> Option<BlockKind> {
    Some(match tag {
        "p" | "pre" | "tr" | "dt" | "dd" | "figcaption" | "caption" => BlockKind::Paragraph,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
        "blockquote" => BlockKind::Quote,
        "li" => BlockKind::ListItem,
        _ => return None,
    })
}

/// Elements that separate blocks without being one: text around them is its own paragraph.
fn is_container(tag: &str) -> bool {
    matches!(
        tag,
        "div"
            | "section"
            | "article"
            | "main"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "ul"
            | "ol"
            | "dl"
            | "figure"
            | "body"
            | "html"
            | "aside"
            | "header"
            | "footer"
    )
}

/// Blocks in document order; text that stands outside any block element (trafilatura keeps
/// some) is gathered into paragraphs rather than lost.
fn walk(node: &dom_query::NodeRef<'_>, out: &mut Vec<Block>, loose: &mut String) {
    for child in node.children() {
        if child.is_text() {
            loose.push_str(&child.text());
            continue;
        }
        if !child.is_element() {
            continue;
        }
        let tag = child
            .node_name()
            .map(|n| n.to_lowercase())
            .unwrap_or_default();
        if let Some(kind) = block_kind(&tag) {
            flush(out, loose);
            // A table row reads as its cells in order.
            let mut text = String::new();
            inline_text(&child, &mut text);
            push(out, kind, &text);
        } else if is_container(&tag) {
            flush(out, loose);
            walk(&child, out, loose);
            flush(out, loose);
        } else if tag == "br" {
            loose.push(' ');
        } else {
            inline_text(&child, loose);
        }
    }
}

/// The text of an element with its words kept apart: a line break or a block-level element
/// inside it separates words (`today<br>I` is "today I"), and where text resumes after an
/// inline element boundary that lost its space (the extractor trims the text around links and
/// bold runs), a lowercase letter or a sentence mark followed by a capital gets its space back
/// ("for Larry", "Summary Studies"); a capital followed by capitals or lowercase (a drop cap,
/// "W" + "ASHINGTON") is left alone.
fn inline_text(node: &dom_query::NodeRef<'_>, buf: &mut String) {
    for child in node.children() {
        if child.is_text() {
            append(buf, &child.text());
        } else if child.is_element() {
            let tag = child
                .node_name()
                .map(|n| n.to_lowercase())
                .unwrap_or_default();
            if tag == "br" {
                buf.push(' ');
            } else if block_kind(&tag).is_some()
                || is_container(&tag)
                || matches!(tag.as_str(), "td" | "th")
            {
                buf.push(' ');
                inline_text(&child, buf);
                buf.push(' ');
            } else {
                inline_text(&child, buf);
            }
        }
    }
}

/// Append text that starts at an element boundary, restoring a space that was lost there.
fn append(buf: &mut String, piece: &str) {
    let before = buf.chars().next_back();
    let after = piece.chars().next();
    if let (Some(b), Some(a)) = (before, after)
        && (b.is_lowercase() || matches!(b, '.' | ',' | ';' | ':' | '!' | '?'))
        && a.is_uppercase()
    {
        buf.push(' ');
    }
    buf.push_str(piece);
}

fn flush(out: &mut Vec<Block>, loose: &mut String) {
    if !loose.trim().is_empty() {
        push(out, BlockKind::Paragraph, loose);
    }
    loose.clear();
}

fn push(out: &mut Vec<Block>, kind: BlockKind, text: &str) {
    let text = clean(text);
    if !text.is_empty() && !is_chrome(&text) && !super::boilerplate::is_boilerplate(&text) {
        out.push(Block { kind, text });
    }
}

/// Normalised text without soft hyphens and zero-width characters.
pub fn clean(text: &str) -> String {
    let invisible = |c: char| {
        matches!(
            c,
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
        )
    };
    if !text.contains(invisible) {
        return normalize_text(text);
    }
    let kept: String = text.chars().filter(|c| !invisible(*c)).collect();
    normalize_text(&kept)
}

/// Credit lines and page furniture that are never story text.
pub fn is_chrome(text: &str) -> bool {
    let lower = text.to_lowercase();
    const CREDITS: [&str; 6] = [
        "edited by ",
        "reporting by ",
        "additional reporting by ",
        "translated by ",
        "produced by ",
        "written by ",
    ];
    const FURNITURE: [&str; 4] = [
        "related stories",
        "sign up for",
        "advertisement",
        "share on ",
    ];
    let short = text.split_whitespace().count() <= 25;
    short
        && (CREDITS.iter().any(|p| lower.starts_with(p))
            || FURNITURE.iter().any(|p| lower.starts_with(p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(html: &str) -> String {
        let doc = Document::from(html);
        let mut buf = String::new();
        inline_text(&doc.select("p").nodes()[0], &mut buf);
        clean(&buf)
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
