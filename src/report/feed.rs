//! What goes into an Atom feed: one entry per version, carrying the diff itself.

use chrono::DateTime;

use crate::changelog::{Entry, Item, PageEvent, VariantRun, collapse};
use crate::history::Replayed;

use super::collect::Report;

use super::atom::{Feed, FeedEntry};
use super::entry_html;
use crate::render::escape::escape;

/// The permanent id of one version: the article URL with a fragment naming the version.
pub fn version_id(url: &str, version: u32) -> String {
    let base = url.split('#').next().unwrap_or(url);
    format!("{base}#storydiff-version-{version}")
}

/// The feed entry for one replayed version.
pub fn entry(url: &str, replayed: &Replayed) -> FeedEntry {
    let entry = &replayed.entry;
    let mut html = format!(
        "<p>Version {} of <a href=\"{}\">{}</a>, seen {}: <code>{}</code></p>\n",
        entry.version,
        escape(url),
        escape(&entry.title),
        entry.seen_at.format("%Y-%m-%d %H:%M %:z"),
        escape(&super::collect::command(url, entry.version)),
    );
    html.push_str(&entry_html::render(entry, replayed.changes.as_ref()));
    FeedEntry {
        id: version_id(url, entry.version),
        title: if entry.has_flag(crate::changelog::FlagKind::ExtractorUpgrade) {
            format!(
                "{} (version {}, re-extracted by storydiff)",
                entry.title, entry.version
            )
        } else {
            format!("{} (version {})", entry.title, entry.version)
        },
        link: url.to_string(),
        updated: entry.seen_at,
        summary: entry.summary.join(" · "),
        content_html: html,
    }
}

/// The report's new versions as a feed, newest first.
pub fn report(report: &Report) -> Feed {
    Feed {
        id: "urn:storydiff:report".to_string(),
        title: "storydiff: changed stories".to_string(),
        link: None,
        updated: report
            .latest()
            .or(report.window.until)
            .unwrap_or_else(|| DateTime::UNIX_EPOCH.fixed_offset()),
        entries: report
            .versions
            .iter()
            .map(|v| entry(&v.url, &v.replayed))
            .collect(),
    }
}

/// One entry for a run of headline variants. Its id names the run's first version, so a run that
/// grows updates the same entry instead of adding one per switch.
fn variants(url: &str, title: &str, run: &VariantRun) -> FeedEntry {
    let base = url.split('#').next().unwrap_or(url);
    let line = run.line();
    FeedEntry {
        id: format!("{base}#storydiff-variants-from-{}", run.first_version),
        title: format!(
            "{title} (versions {}–{}, headline variants)",
            run.first_version, run.last_version
        ),
        link: url.to_string(),
        updated: run.last_seen,
        summary: line.clone(),
        content_html: format!(
            "<p>{}</p>\n<ul class=\"flags\">\n<li><strong class=\"flag\">variant</strong>: the publisher switched between headlines already seen, as in an A/B test; these versions changed nothing else.</li>\n</ul>\n",
            escape(&line)
        ),
    }
}

/// One entry for a page event: the page gone, or back. Its id names the event and its time, so
/// a reader sees each one once.
fn page_event(url: &str, title: &str, event: &PageEvent) -> FeedEntry {
    let base = url.split('#').next().unwrap_or(url);
    let line = event.sentence();
    FeedEntry {
        id: format!(
            "{base}#storydiff-{}-{}",
            event.event.name(),
            event.at.timestamp()
        ),
        title: format!("{title} (page {})", event.event.name()),
        link: url.to_string(),
        updated: event.at,
        summary: line.clone(),
        content_html: format!("<p>{}</p>\n", escape(&line)),
    }
}

/// An article's changelog as a feed, newest first: a version per entry, runs of headline
/// variants as one entry each, and the page's events (gone, back) where they fell.
pub fn changelog(url: &str, replayed: &[Replayed], events: &[PageEvent]) -> Option<Feed> {
    let latest = replayed.last()?;
    let entries: Vec<Entry> = replayed.iter().map(|r| r.entry.clone()).collect();
    let mut feed_entries: Vec<FeedEntry> = collapse(&entries)
        .iter()
        .rev()
        .filter_map(|item| match item {
            Item::Entry(e) => replayed
                .iter()
                .find(|r| r.entry.version == e.version)
                .map(|r| entry(url, r)),
            Item::Variants(run) => Some(variants(url, &latest.entry.title, run)),
        })
        .collect();
    feed_entries.extend(
        events
            .iter()
            .map(|e| page_event(url, &latest.entry.title, e)),
    );
    // Newest first; a stable sort keeps a version above an event of the same second.
    feed_entries.sort_by_key(|e| std::cmp::Reverse(e.updated));
    Some(Feed {
        id: format!(
            "{}#storydiff-changelog",
            url.split('#').next().unwrap_or(url)
        ),
        title: format!("Changelog: {}", latest.entry.title),
        link: Some(url.to_string()),
        updated: latest.entry.seen_at,
        entries: feed_entries,
    })
}
