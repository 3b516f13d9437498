//! Atom 1.0 (RFC 4287) writer: a feed of entries whose content is escaped HTML.
//!
//! The required elements are always written: feed `id`, `title`, `updated` and `author`; entry
//! `id`, `title`, `updated`, a `link` and the `content` itself (the diff, not only a title).

use chrono::{DateTime, FixedOffset, SecondsFormat};

use crate::render::escape::escape;

/// A feed to write.
#[derive(Debug, Clone)]
pub struct Feed {
    /// A permanent IRI naming the feed.
    pub id: String,
    pub title: String,
    /// Where a reader finds what the feed is about.
    pub link: Option<String>,
    pub updated: DateTime<FixedOffset>,
    pub entries: Vec<FeedEntry>,
}

/// One entry.
#[derive(Debug, Clone)]
pub struct FeedEntry {
    pub id: String,
    pub title: String,
    pub link: String,
    pub updated: DateTime<FixedOffset>,
    /// A short plain-text summary.
    pub summary: String,
    /// The entry's HTML; written escaped, as `type="html"` content.
    pub content_html: String,
}

fn date(at: &DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The feed as an Atom XML document.
pub fn render(feed: &Feed) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!("  <id>{}</id>\n", escape(&feed.id)));
    out.push_str(&format!(
        "  <title type=\"text\">{}</title>\n",
        escape(&feed.title)
    ));
    out.push_str(&format!("  <updated>{}</updated>\n", date(&feed.updated)));
    out.push_str("  <author><name>storydiff</name></author>\n");
    out.push_str(&format!(
        "  <generator version=\"{}\">storydiff</generator>\n",
        env!("CARGO_PKG_VERSION")
    ));
    if let Some(link) = &feed.link {
        out.push_str(&format!(
            "  <link rel=\"related\" href=\"{}\"/>\n",
            escape(link)
        ));
    }
    for entry in &feed.entries {
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <id>{}</id>\n", escape(&entry.id)));
        out.push_str(&format!(
            "    <title type=\"text\">{}</title>\n",
            escape(&entry.title)
        ));
        out.push_str(&format!(
            "    <updated>{}</updated>\n",
            date(&entry.updated)
        ));
        out.push_str(&format!(
            "    <link rel=\"alternate\" href=\"{}\"/>\n",
            escape(&entry.link)
        ));
        out.push_str(&format!(
            "    <summary type=\"text\">{}</summary>\n",
            escape(&entry.summary)
        ));
        out.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            escape(&entry.content_html)
        ));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}
