//! The story body: trafilatura finds it, we split its HTML into blocks and drop non-story lines.

use crate::article::{Block, BlockKind, normalize_text};
use dom_query::Document;

/// Page furniture pruned before extraction: ad slots, share bars, related-story boxes and
/// newsletter prompts, by the class names and labels sites commonly give them.
const CHROME_SELECTOR: &str = ".ad, .ads, .advert, .advertisement, [class^=\"ad-\"], \
    [class*=\" ad-\"], [id^=\"ad-\"], [aria-label=\"Advertisement\"], [rel~=\"sponsored\"], \
    .share, .social-share, .related, .newsletter, .promo";

/// Body blocks from trafilatura's content HTML, in reading order.
pub fn blocks(html: &str) -> Vec<Block> {
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
            let text = if tag == "tr" {
                child
                    .children()
                    .iter()
                    .map(|cell| cell.text().to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                child.text().to_string()
            };
            push(out, kind, &text);
        } else if is_container(&tag) {
            flush(out, loose);
            walk(&child, out, loose);
            flush(out, loose);
        } else if tag == "br" {
            loose.push(' ');
        } else {
            loose.push_str(&child.text());
        }
    }
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
    let kept: String = text
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
            )
        })
        .collect();
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
