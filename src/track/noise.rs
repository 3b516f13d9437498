//! Noise: what is not news is kept out of the history. Per-source CSS selectors narrow the page
//! before extraction, ignore patterns drop text such as "Updated 5 minutes ago", and a body that
//! collapses (paywall, consent wall, error page) is quarantined instead of recorded.

use dom_query::Document;
use regex::Regex;

use super::sources::{ArticleSource, Sources};
use crate::article::Article;
use crate::extract::{self, ExtractError, PageInfo};

/// How a source's page is narrowed before extraction.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub select: Option<String>,
    pub ignore: Option<String>,
    pub ignore_text: Vec<Regex>,
}

impl Filters {
    /// The filters monitoring applies to a tracked article: `settings.ignore_text` (compiled
    /// once by the caller), then the article's own. Patterns that do not compile are left out,
    /// as `sources.toml` is refused on load when one does not.
    pub fn for_source(settings: &[Regex], source: &ArticleSource) -> Filters {
        Filters {
            select: source.select.clone(),
            ignore: source.ignore.clone(),
            ignore_text: settings
                .iter()
                .cloned()
                .chain(source.ignore_text.iter().filter_map(|p| Regex::new(p).ok()))
                .collect(),
        }
    }

    /// The filters of the article tracked under `url`; none for an article that is not
    /// tracked (ingested pages were never filtered, not even by `settings.ignore_text`).
    pub fn for_url(sources: &Sources, url: &str) -> Filters {
        match sources.article(url) {
            Some(source) => Filters::for_source(&settings_patterns(sources), source),
            None => Filters::default(),
        }
    }

    /// A hash of what the filters say: equal hashes filter a page alike. `state.json` keeps it
    /// for the latest version, so a change (by `track` or by hand) is noticed before a fetch.
    pub fn sha256(&self) -> String {
        fingerprint(b"", &PageInfo::default(), self)
    }
}

/// `settings.ignore_text`, compiled.
pub fn settings_patterns(sources: &Sources) -> Vec<Regex> {
    sources
        .settings
        .ignore_text
        .iter()
        .filter_map(|p| Regex::new(p).ok())
        .collect()
}

/// What decides the Article made from a page: its bytes, how they were served, the source's
/// filters and the extractor. Equal fingerprints make equal Articles, so a page served again
/// byte for byte (by a server that sends no validators) need not be extracted again.
pub fn fingerprint(body: &[u8], info: &PageInfo, filters: &Filters) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    // Each part with its length, so that no two lists of parts hash alike.
    let mut part = |bytes: &[u8]| {
        hash.update((bytes.len() as u64).to_be_bytes());
        hash.update(bytes);
    };
    part(extract::EXTRACTOR.as_bytes());
    part(info.url.as_ref().map_or("", |u| u.as_str()).as_bytes());
    part(info.content_type.as_deref().unwrap_or("").as_bytes());
    part(filters.select.as_deref().unwrap_or("").as_bytes());
    part(filters.ignore.as_deref().unwrap_or("").as_bytes());
    for pattern in &filters.ignore_text {
        part(pattern.as_str().as_bytes());
    }
    part(body);
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Is `css` a selector we can use?
pub fn check_selector(css: &str) -> Result<(), String> {
    dom_query::Matcher::new(css)
        .map(|_| ())
        .map_err(|_| format!("invalid CSS selector {css:?}"))
}

/// Extract the Article from a fetched page with the source's filters applied.
pub fn extract(bytes: &[u8], info: &PageInfo, filters: &Filters) -> Result<Article, ExtractError> {
    let mut article = if filters.select.is_none() && filters.ignore.is_none() {
        extract::extract(bytes, info)?
    } else {
        let html = narrow(&extract::decode_page(bytes, info)?, filters);
        let info = PageInfo {
            url: info.url.clone(),
            content_type: Some("text/html; charset=utf-8".into()),
        };
        extract::extract(html.as_bytes(), &info)?
    };
    if !filters.ignore_text.is_empty() {
        for block in &mut article.blocks {
            for pattern in &filters.ignore_text {
                if pattern.is_match(&block.text) {
                    block.text = pattern.replace_all(&block.text, "").trim().to_string();
                }
            }
        }
        article.blocks.retain(|b| !b.text.is_empty());
    }
    Ok(article)
}

/// The page with ignored parts removed and, with `select`, only the selected parts in its body
/// (the head stays, for the metadata).
fn narrow(html: &str, filters: &Filters) -> String {
    let doc = Document::from(html);
    if let Some(css) = &filters.ignore
        && let Some(found) = doc.try_select(css)
    {
        found.remove();
    }
    let Some(css) = &filters.select else {
        return doc.html().to_string();
    };
    let Some(found) = doc.try_select(css) else {
        return doc.html().to_string();
    };
    let head = doc.select("head").inner_html();
    // The page's language is the page's, not the selected part's: keep it, or narrowing
    // would read as the publisher removing it.
    let lang = doc
        .select("html")
        .attr("lang")
        .map(|l| {
            let l = l.replace('&', "&amp;").replace('"', "&quot;");
            format!(" lang=\"{l}\"")
        })
        .unwrap_or_default();
    let mut out = format!("<!DOCTYPE html><html{lang}><head>{head}</head><body><article>");
    for node in found.nodes() {
        out.push_str(&node.html());
    }
    out.push_str("</article></body></html>");
    out
}

/// Why a fetched version is held back: its body has under `threshold` of the `before` words of
/// the last version.
pub fn collapsed(before: usize, current: &Article, threshold: f64) -> Option<String> {
    let after = current.word_count();
    // Short stories are too small to judge; a ratio of 0 turns the check off. A story the
    // publisher says it withdrew is meant to be empty: that is the change to record.
    if threshold <= 0.0
        || before < 60
        || current
            .notes
            .iter()
            .any(|n| crate::extract::is_withdrawal(&n.text))
    {
        return None;
    }
    if (after as f64) < (before as f64) * threshold {
        Some(format!(
            "body shrank from {before} to {after} words (below {:.0} % of the last version): paywall, consent wall or error page?",
            threshold * 100.0
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(extra: &str) -> String {
        let para = "The harbour authority said the fire started in a storage unit and spread quickly across the roof of the old warehouse before crews arrived.";
        format!(
            "<html><head><title>Fire at the harbour</title></head><body><nav>Home News Sport</nav>\
             <div class=story><h1>Fire at the harbour</h1><p>{para}</p><p>{para} Again.</p><p>{para} Once more.</p>\
             <p class=stamp>Updated 5 minutes ago</p></div><div class=promo><p>{extra}</p></div></body></html>"
        )
    }

    #[test]
    fn ignore_selector_and_text_patterns_remove_noise() {
        let info = PageInfo::default();
        let promo =
            "Subscribe today for full access to every story the newsroom publishes, with offers.";
        let plain = extract::extract(page(promo).as_bytes(), &info).unwrap();
        let filters = Filters {
            select: Some("div.story".into()),
            ignore: Some("p.stamp".into()),
            ignore_text: vec![Regex::new(r"Again\.|Once more\.").unwrap()],
        };
        let narrowed = extract(page(promo).as_bytes(), &info, &filters).unwrap();
        let text = narrowed.canonical_text();
        assert!(!text.contains("Updated 5 minutes ago"), "{text}");
        assert!(!text.contains("Subscribe"), "{text}");
        assert!(!text.contains("Again."), "{text}");
        assert_ne!(plain.canonical_text(), text);
    }

    #[test]
    fn selecting_the_story_keeps_the_pages_language() {
        let html = page("").replace("<html>", "<html lang=\"en-GB\">");
        let filters = Filters {
            select: Some("div.story".into()),
            ..Filters::default()
        };
        let narrowed = extract(html.as_bytes(), &PageInfo::default(), &filters).unwrap();
        assert_eq!(narrowed.lang.as_deref(), Some("en-GB"));
    }

    #[test]
    fn collapse_needs_a_real_story_and_a_real_drop() {
        let words = |n: usize| Article {
            blocks: vec![crate::article::Block::paragraph(vec!["word"; n].join(" "))],
            ..Article::default()
        };
        assert!(collapsed(400, &words(40), 0.3).is_some());
        assert!(collapsed(400, &words(300), 0.3).is_none());
        assert!(collapsed(30, &words(1), 0.3).is_none());
        assert!(collapsed(400, &words(40), 0.0).is_none());
        // The publisher saying it withdrew the story explains the drop.
        let mut withdrawn = words(0);
        withdrawn.notes.push(crate::article::Note {
            kind: crate::article::NoteKind::EditorsNote,
            text: "Editor's note: This story has been withdrawn.".into(),
            position: crate::article::NotePosition::Top,
        });
        assert!(collapsed(400, &withdrawn, 0.3).is_none());
        withdrawn.notes[0].text =
            "Correction: A photo that ran with this story was removed.".into();
        assert!(collapsed(400, &withdrawn, 0.3).is_some());
        assert!(check_selector("div.story > p").is_ok());
        assert!(check_selector("div[").is_err());
    }
}
