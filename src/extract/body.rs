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
    for node in doc
        .select("p, h1, h2, h3, h4, h5, h6, blockquote, li")
        .iter()
    {
        let name = node
            .nodes()
            .first()
            .and_then(|n| n.node_name())
            .map(|n| n.to_string())
            .unwrap_or_default();
        let kind = match name.as_str() {
            "p" => BlockKind::Paragraph,
            "blockquote" => BlockKind::Quote,
            "li" => BlockKind::ListItem,
            _ => BlockKind::Heading,
        };
        // A paragraph inside a quote or list item is read through its container.
        if kind == BlockKind::Paragraph && node.ancestors(None).is("blockquote, li") {
            continue;
        }
        let text = clean(&node.text());
        if text.is_empty() || is_chrome(&text) {
            continue;
        }
        out.push(Block { kind, text });
    }
    out
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
