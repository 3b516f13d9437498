//! Read-only commands over the archive: `list`, `log`, `show`, `changelog`.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use storydiff::archive::{Archive, ArticleKey, VersionInfo, VersionRecord};
use storydiff::article::Note;
use storydiff::changelog::{self, Entry};
use storydiff::track::Paths;
use storydiff::track::sources::Sources;
use storydiff::track::state::State;
use storydiff::{history, report};

use super::args::{
    ChangelogArgs, ChangelogFormat, DataFormat, ListArgs, LogArgs, ShowArgs, ShowFormat,
};
use super::extract::ArticleJson;
use super::{Status, find_article, open, print, to_json};

/// One line of `list`: an article, or a followed feed (after the articles).
#[derive(Serialize)]
#[serde(untagged)]
enum Row {
    Article(ListRow),
    Feed(FeedRow),
}

#[derive(Serialize)]
struct ListRow {
    /// Always "article"; feed rows say "feed", so a script can tell them apart.
    kind: &'static str,
    url: String,
    key: String,
    git_ref: String,
    title: String,
    versions: u32,
    last_seen: Option<String>,
    content_sha256: Option<String>,
    /// active, gone, paused, finished, or untracked (recorded but not tracked).
    state: &'static str,
    /// When the latest version was seen.
    last_change: Option<String>,
    last_check: Option<String>,
    next_check: Option<String>,
    /// Why it is paused or gone, or the last problem.
    reason: Option<String>,
    quarantined: u32,
}

pub fn list(dir: &Path, args: ListArgs) -> Result<Status> {
    let archive = open(dir)?;
    let articles = archive.articles()?;
    let paths = Paths::new(dir);
    let sources = Sources::load(&paths.sources)?;
    // The state only adds schedules to the history: when it cannot be read, the history is
    // still listed, without them, and the exit code says something is wrong.
    let (state, schedules_known) = match State::load(&paths.state) {
        Ok(state) => (state, true),
        Err(e) => {
            eprintln!("storydiff: warning: {e}; listed without schedules");
            (State::default(), false)
        }
    };
    let time = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    };
    // Tracked stories by archive key, so rows of the archive find their schedule.
    let mut tracked: BTreeMap<String, &str> = sources
        .articles
        .iter()
        .filter_map(|a| {
            let url = url::Url::parse(&a.url).ok()?;
            Some((
                ArticleKey::from_url(&url).as_str().to_string(),
                a.url.as_str(),
            ))
        })
        .collect();
    let mut rows: Vec<ListRow> = Vec::new();
    let schedule = |row: &mut ListRow, story: Option<&str>| {
        let Some(story) = story else { return };
        let st = state.articles.get(story).cloned().unwrap_or_default();
        row.state = st.standing.label();
        row.last_check = time(st.last_check);
        row.next_check = time(st.next_check);
        row.reason = st.reason;
        row.quarantined = st.quarantined;
    };
    for a in &articles {
        let mut row = ListRow {
            kind: "article",
            url: a.url.clone(),
            key: a.key.as_str().to_string(),
            git_ref: a.ref_name.clone(),
            title: a.title.clone(),
            versions: a.versions,
            last_seen: Some(a.latest.seen_at.to_rfc3339()),
            content_sha256: Some(a.latest.content_sha256.clone()),
            state: "untracked",
            last_change: Some(a.latest.seen_at.to_rfc3339()),
            last_check: None,
            next_check: None,
            reason: None,
            quarantined: 0,
        };
        schedule(&mut row, tracked.remove(a.key.as_str()));
        rows.push(row);
    }
    // Tracked, never recorded (failing, or not fetched yet).
    for (key, story) in tracked {
        let mut row = ListRow {
            kind: "article",
            url: story.to_string(),
            git_ref: format!("refs/heads/articles/{key}"),
            key,
            title: String::new(),
            versions: 0,
            last_seen: None,
            content_sha256: None,
            state: "active",
            last_change: None,
            last_check: None,
            next_check: None,
            reason: None,
            quarantined: 0,
        };
        schedule(&mut row, Some(story));
        rows.push(row);
    }
    let feeds = feed_rows(&sources, &state, time);
    match args.format {
        DataFormat::Json => {
            let all: Vec<Row> = rows
                .into_iter()
                .map(Row::Article)
                .chain(feeds.into_iter().map(Row::Feed))
                .collect();
            print(&to_json(&all)?)?
        }
        DataFormat::Text => {
            let mut out = String::new();
            if rows.is_empty() {
                out.push_str("The archive holds no articles yet.\n");
            }
            for row in &rows {
                out.push_str(&format!(
                    "{:>3} {}  {}\n    {}\n    {}\n",
                    row.versions,
                    if row.versions == 1 {
                        "version "
                    } else {
                        "versions"
                    },
                    row.last_seen.as_deref().unwrap_or("never recorded"),
                    if row.title.is_empty() {
                        "(no title yet)"
                    } else {
                        &row.title
                    },
                    row.url
                ));
                if row.state != "untracked" && !schedules_known {
                    // Without the state there are no schedules to print, only the tracking.
                    out.push_str("    tracked; schedule unknown (state.json unreadable)\n");
                } else if row.state != "untracked" {
                    out.push_str(&format!(
                        "    {}; last check {}, next check {}{}\n",
                        row.state,
                        row.last_check.as_deref().unwrap_or("never"),
                        row.next_check.as_deref().unwrap_or(match row.state {
                            "paused" | "finished" => "none",
                            _ => "now",
                        }),
                        row.reason
                            .as_deref()
                            .map(|r| format!(": {r}"))
                            .unwrap_or_default()
                    ));
                }
            }
            for feed in &feeds {
                out.push_str(&feed.to_text());
            }
            print(&out)?;
        }
    }
    Ok(if schedules_known {
        Status::Ok
    } else {
        Status::ProblemsFound
    })
}

/// A followed feed or sitemap: when it is read, and what reading it has brought in.
#[derive(Serialize)]
struct FeedRow {
    /// Always "feed".
    kind: &'static str,
    url: String,
    last_check: Option<String>,
    /// None: due now.
    next_check: Option<String>,
    /// Item URLs remembered as seen (the newest 5,000 at most).
    items_seen: usize,
    /// Tracked articles this feed found.
    articles: usize,
    /// Failed reads in a row.
    failures: u32,
    /// The last failure, while it lasts.
    reason: Option<String>,
}

impl FeedRow {
    fn to_text(&self) -> String {
        let mut out = format!(
            "feed {}\n    {} seen, {} tracked from it; last check {}, next check {}\n",
            self.url,
            changelog::plural(self.items_seen, "item"),
            changelog::plural(self.articles, "article"),
            self.last_check.as_deref().unwrap_or("never"),
            self.next_check.as_deref().unwrap_or("now"),
        );
        if self.failures > 0 || self.reason.is_some() {
            out.push_str(&format!(
                "    {} in a row{}\n",
                changelog::plural(self.failures as usize, "failed read"),
                self.reason
                    .as_deref()
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default()
            ));
        }
        out
    }
}

/// Every followed feed, in the order of sources.toml, with what state.json knows of it.
fn feed_rows(
    sources: &Sources,
    state: &State,
    time: impl Fn(Option<chrono::DateTime<chrono::Utc>>) -> Option<String>,
) -> Vec<FeedRow> {
    sources
        .feeds
        .iter()
        .map(|feed| {
            let st = state.feeds.get(&feed.url).cloned().unwrap_or_default();
            FeedRow {
                kind: "feed",
                url: feed.url.clone(),
                last_check: time(st.last_check),
                next_check: time(st.next_check),
                items_seen: st.seen.len(),
                articles: sources
                    .articles
                    .iter()
                    .filter(|a| a.feed.as_deref() == Some(feed.url.as_str()))
                    .count(),
                failures: st.failures,
                reason: st.reason,
            }
        })
        .collect()
}

/// A version with storydiff's entry for it, as `log --format json` prints it.
#[derive(Serialize)]
struct LogRow {
    version: u32,
    seen_at: String,
    content_sha256: String,
    previous_content_sha256: Option<String>,
    raw_sha256: String,
    commit: String,
    title: String,
    summary: Vec<String>,
    notes: Vec<Note>,
    notes_removed: Vec<Note>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    flags: Vec<changelog::Flag>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    note_checks: Vec<changelog::NoteCheck>,
    /// What happened to the page after this version (gone, back), oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    events_after: Vec<changelog::PageEvent>,
    #[serde(skip)]
    note_lines: Vec<String>,
}

/// Every version of an article with its changelog entry, oldest first.
fn entries(archive: &Archive, key: &ArticleKey) -> Result<Vec<(VersionRecord, Entry)>> {
    let (replayed, _) = history::replay(archive, key)?;
    Ok(replayed.into_iter().map(|r| (r.stored, r.entry)).collect())
}

pub fn log(dir: &Path, args: LogArgs) -> Result<Status> {
    let archive = open(dir)?;
    let key = find_article(&archive, &args.url)?;
    let events = archive.events(&key)?;
    let rows: Vec<LogRow> = entries(&archive, &key)?
        .into_iter()
        .rev()
        .map(|(stored, entry)| LogRow {
            events_after: events
                .iter()
                .filter(|e| e.after_version == entry.version)
                .cloned()
                .collect(),
            note_lines: entry.note_lines(),
            version: entry.version,
            seen_at: entry.seen_at.to_rfc3339(),
            content_sha256: entry.content_sha256,
            previous_content_sha256: entry.previous_content_sha256,
            raw_sha256: stored.info.raw_sha256,
            commit: stored.info.commit,
            title: entry.title,
            summary: entry.summary,
            notes: entry.notes_added,
            notes_removed: entry.notes_removed,
            flags: entry.flags,
            note_checks: entry.note_checks,
        })
        .collect();
    match args.format {
        DataFormat::Json => print(&to_json(&rows)?)?,
        DataFormat::Text => {
            let mut out = String::new();
            for row in &rows {
                // Newest first: what happened to the page after a version comes above it.
                for event in row.events_after.iter().rev() {
                    out.push_str(&format!(
                        "{}  {}\n    {}\n\n",
                        event.event.name(),
                        event.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
                        event.sentence()
                    ));
                }
                out.push_str(&format!(
                    "version {}  {}  content {}  commit {}\n    {}\n",
                    row.version,
                    row.seen_at,
                    &row.content_sha256[..row.content_sha256.len().min(12)],
                    &row.commit[..row.commit.len().min(12)],
                    row.title
                ));
                for line in &row.summary {
                    out.push_str(&format!("    - {line}\n"));
                }
                for line in &row.note_lines {
                    out.push_str(&format!("    {line}\n"));
                }
                for check in &row.note_checks {
                    out.push_str(&format!(
                        "    Declared vs observed: “{}” is {}\n",
                        check.note,
                        check.explanation()
                    ));
                }
                for flag in &row.flags {
                    out.push_str(&format!(
                        "    Flag {}: {}\n",
                        flag.kind.name(),
                        flag.explanation
                    ));
                }
                out.push('\n');
            }
            print(&out)?;
        }
    }
    Ok(Status::Ok)
}

#[derive(Serialize)]
struct ShowJson<'a> {
    url: &'a str,
    #[serde(flatten)]
    info: &'a VersionInfo,
    extractor: &'a str,
    article: ArticleJson<'a>,
}

pub fn show(dir: &Path, args: ShowArgs) -> Result<Status> {
    let archive = open(dir)?;
    let key = find_article(&archive, &args.url)?;
    let version = match args.version {
        Some(v) => v,
        None => latest_version(&archive, &key, &args.url)?,
    };
    let stored = archive.load(&key, version)?;
    match args.format {
        ShowFormat::Text => print(&stored.canonical_text)?,
        ShowFormat::Html => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(&stored.raw)?;
            out.flush()?;
        }
        ShowFormat::Json => print(&to_json(&ShowJson {
            url: &stored.url,
            info: &stored.info,
            extractor: &stored.extractor,
            article: ArticleJson::new(&stored.article),
        })?)?,
    }
    Ok(Status::Ok)
}

pub fn changelog(dir: &Path, args: ChangelogArgs) -> Result<Status> {
    let archive = open(dir)?;
    let key = find_article(&archive, &args.url)?;
    let (replayed, _) = history::replay(&archive, &key)?;
    let Some(latest) = replayed.last() else {
        return Err(storydiff::archive::ArchiveError::UnknownArticle(args.url).into());
    };
    let url = latest.stored.url.clone();
    let entries: Vec<Entry> = replayed.iter().map(|r| r.entry.clone()).collect();
    let events = archive.events(&key)?;
    match args.format {
        ChangelogFormat::Markdown => {
            print(&changelog::to_markdown_with_events(
                &url,
                &latest.entry.title,
                &entries,
                &events,
            ))?;
        }
        ChangelogFormat::Json => {
            let variant_runs: Vec<changelog::VariantRun> = changelog::collapse(&entries)
                .into_iter()
                .filter_map(|item| match item {
                    changelog::Item::Variants(run) => Some(run),
                    changelog::Item::Entry(_) => None,
                })
                .collect();
            let newest_first: Vec<&Entry> = entries.iter().rev().collect();
            let mut json = serde_json::json!({
                "url": url,
                "entries": newest_first,
                "variant_runs": variant_runs,
            });
            // Page events (gone, back), newest first; absent when there are none.
            if !events.is_empty() {
                let newest_first: Vec<_> = events.iter().rev().collect();
                json["events"] = serde_json::to_value(newest_first)?;
            }
            print(&to_json(&json)?)?;
        }
        ChangelogFormat::Atom => {
            if let Some(feed) = report::feed::changelog(&url, &replayed, &events) {
                print(&report::atom::render(&feed))?;
            }
        }
    }
    Ok(Status::Ok)
}

/// The latest version number, or a clear error when the article was never recorded.
pub fn latest_version(archive: &Archive, key: &ArticleKey, url: &str) -> Result<u32> {
    match archive.latest(key)? {
        Some(info) => Ok(info.version),
        None => Err(storydiff::archive::ArchiveError::UnknownArticle(url.to_string()).into()),
    }
}
