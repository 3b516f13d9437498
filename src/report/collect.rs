//! Gathering a report: every article's history replayed, the versions seen in the window kept,
//! and the items an editor or auditor looks for pulled out, each with a link to its diff.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::archive::{Archive, ArchiveError, ArticleKey, ArticleSummary};
use crate::changelog::FlagKind;
use crate::diff::Field;
use crate::history::{self, Replayed};

use super::numbers::{NumberChange, number_changes};

/// How many stories the "most changed" list holds.
const MOST_CHANGED: usize = 10;

/// The time window of a report; open ends are unbounded.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Window {
    pub since: Option<DateTime<FixedOffset>>,
    pub until: Option<DateTime<FixedOffset>>,
}

impl Window {
    pub fn contains(&self, at: &DateTime<FixedOffset>) -> bool {
        self.since.is_none_or(|s| *at >= s) && self.until.is_none_or(|u| *at <= u)
    }
}

/// Where to see one version's diff: the command line, and the anchor in the HTML report.
#[derive(Debug, Clone, Serialize)]
pub struct DiffLink {
    pub command: String,
    pub anchor: String,
}

/// Which version of which story an item is about.
#[derive(Debug, Clone, Serialize)]
pub struct At {
    pub url: String,
    pub title: String,
    pub version: u32,
    pub seen_at: DateTime<FixedOffset>,
    pub diff: DiffLink,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    /// Articles with a version seen before the window ends.
    pub articles: usize,
    /// Articles with a new version (after their first) in the window.
    pub changed: usize,
    /// Versions seen in the window, first versions included.
    pub versions_recorded: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Story {
    pub url: String,
    /// The headline of its latest version in the window.
    pub title: String,
    /// New versions in the window.
    pub changes: usize,
    pub words_added: usize,
    pub words_removed: usize,
    pub latest: DiffLink,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeadlineChange {
    pub at: At,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NoteItem {
    pub at: At,
    pub kind: String,
    pub text: String,
    /// "supported" or "not supported"; absent on a first version, where there is no diff.
    pub verdict: Option<String>,
    pub explanation: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Flagged {
    pub at: At,
    pub flag: String,
    pub explanation: String,
    pub summary: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NumberItem {
    pub at: At,
    #[serde(flatten)]
    pub change: NumberChange,
}

/// A report across the archive.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub window: Window,
    pub totals: Totals,
    pub most_changed: Vec<Story>,
    pub headline_changes: Vec<HeadlineChange>,
    pub notes: Vec<NoteItem>,
    pub undisclosed: Vec<Flagged>,
    /// Every other flag: revert, variant, note-without-change, extractor-upgrade.
    pub other_flags: Vec<Flagged>,
    pub numbers: Vec<NumberItem>,
    /// Every new version in the window with its entry and diff, newest first (HTML and Atom).
    #[serde(skip)]
    pub versions: Vec<ChangedVersion>,
    /// When the newest version in the window (first versions included) was seen.
    #[serde(skip)]
    pub latest_seen: Option<DateTime<FixedOffset>>,
}

/// A new version in the window, with what HTML and Atom show of it.
#[derive(Debug, Clone)]
pub struct ChangedVersion {
    pub url: String,
    /// Where the version's diff is: the HTML anchor and the command line.
    pub diff: DiffLink,
    pub replayed: Replayed,
}

impl Report {
    /// When the newest version in the report was seen.
    pub fn latest(&self) -> Option<DateTime<FixedOffset>> {
        self.latest_seen
    }
}

/// The anchor of a version's diff in the HTML report.
pub fn anchor(key: &ArticleKey, version: u32) -> String {
    let slug: String = key
        .as_str()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{slug}-v{version}")
}

fn link(key: &ArticleKey, url: &str, version: u32) -> DiffLink {
    DiffLink {
        command: command(url, version),
        anchor: anchor(key, version),
    }
}

/// The command that shows a version's change: its diff, or the first version itself.
pub fn command(url: &str, version: u32) -> String {
    if version <= 1 {
        format!("storydiff show {url} --version 1")
    } else {
        format!("storydiff diff {url} {} {version}", version - 1)
    }
}

/// Build the report over every article in `archive`.
pub fn collect(archive: &Archive, window: Window) -> Result<Report, ArchiveError> {
    let mut report = Report {
        window,
        totals: Totals::default(),
        most_changed: Vec::new(),
        headline_changes: Vec::new(),
        notes: Vec::new(),
        undisclosed: Vec::new(),
        other_flags: Vec::new(),
        numbers: Vec::new(),
        versions: Vec::new(),
        latest_seen: None,
    };
    let mut stories = Vec::new();
    for (summary, replayed) in replay_all(archive)? {
        add_article(
            &mut report,
            &mut stories,
            &summary.key,
            &summary.url,
            replayed,
        );
    }
    stories.sort_by(|a: &Story, b: &Story| {
        b.changes
            .cmp(&a.changes)
            .then((b.words_added + b.words_removed).cmp(&(a.words_added + a.words_removed)))
            .then(a.url.cmp(&b.url))
    });
    report.totals.changed = stories.len();
    stories.truncate(MOST_CHANGED);
    report.most_changed = stories;
    report.versions.sort_by(|a, b| {
        (b.replayed.entry.seen_at)
            .cmp(&a.replayed.entry.seen_at)
            .then(a.url.cmp(&b.url))
    });
    let newest_first = |a: &At, b: &At| {
        b.seen_at
            .cmp(&a.seen_at)
            .then(a.url.cmp(&b.url))
            .then(a.version.cmp(&b.version))
    };
    report
        .headline_changes
        .sort_by(|a, b| newest_first(&a.at, &b.at));
    report.notes.sort_by(|a, b| newest_first(&a.at, &b.at));
    report
        .undisclosed
        .sort_by(|a, b| newest_first(&a.at, &b.at));
    report
        .other_flags
        .sort_by(|a, b| newest_first(&a.at, &b.at));
    report.numbers.sort_by(|a, b| newest_first(&a.at, &b.at));
    Ok(report)
}

/// Every article's history replayed, in key order, on as many threads as there are cores: each
/// thread opens its own handle on the archive (a git repository handle is not shared).
type Replays = Vec<(ArticleSummary, Vec<Replayed>)>;

fn replay_all(archive: &Archive) -> Result<Replays, ArchiveError> {
    let articles = archive.articles()?;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(articles.len())
        .max(1);
    let chunk = articles.len().div_ceil(threads).max(1);
    let path = archive.path().to_path_buf();
    let results: Vec<Result<Vec<Vec<Replayed>>, ArchiveError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = articles
            .chunks(chunk)
            .map(|part| {
                let path = &path;
                scope.spawn(move || {
                    let own = Archive::open(path)?;
                    part.iter()
                        .map(|a| Ok(history::replay(&own, &a.key)?.0))
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(ArchiveError::Invalid(
                        "a report thread panicked".to_string(),
                    ))
                })
            })
            .collect()
    });
    let mut replayed = Vec::with_capacity(articles.len());
    for part in results {
        replayed.extend(part?);
    }
    Ok(articles.into_iter().zip(replayed).collect())
}

fn add_article(
    report: &mut Report,
    stories: &mut Vec<Story>,
    key: &ArticleKey,
    url: &str,
    replayed: Vec<Replayed>,
) {
    let window = report.window;
    if replayed
        .first()
        .is_some_and(|r| window.until.is_none_or(|u| r.entry.seen_at <= u))
    {
        report.totals.articles += 1;
    }
    let mut story = Story {
        url: url.to_string(),
        title: String::new(),
        changes: 0,
        words_added: 0,
        words_removed: 0,
        latest: link(key, url, 1),
    };
    for r in replayed {
        let entry = &r.entry;
        if !window.contains(&entry.seen_at) {
            continue;
        }
        report.totals.versions_recorded += 1;
        report.latest_seen = report.latest_seen.max(Some(entry.seen_at));
        // The headline as the window last saw it, not as it reads today.
        story.title = entry.title.clone();
        let at = At {
            url: url.to_string(),
            title: entry.title.clone(),
            version: entry.version,
            seen_at: entry.seen_at,
            diff: link(key, url, entry.version),
        };
        for (i, note) in entry.notes_added.iter().enumerate() {
            let check = entry.note_checks.get(i);
            report.notes.push(NoteItem {
                at: at.clone(),
                kind: note.kind.label().to_string(),
                text: note.text.clone(),
                verdict: check.map(|c| c.verdict.label().to_string()),
                explanation: check.map(|c| c.explanation()),
            });
        }
        let Some(changes) = &r.changes else { continue };
        story.changes += 1;
        story.words_added += changes.stats.words_added;
        story.words_removed += changes.stats.words_removed;
        story.latest = at.diff.clone();
        for field in changes.fields.iter().filter(|f| f.field == Field::Title) {
            report.headline_changes.push(HeadlineChange {
                at: at.clone(),
                old: field.old.clone().unwrap_or_default(),
                new: field.new.clone().unwrap_or_default(),
            });
        }
        for flag in &entry.flags {
            let item = Flagged {
                at: at.clone(),
                flag: flag.kind.name().to_string(),
                explanation: flag.explanation.clone(),
                summary: entry.summary.clone(),
            };
            if flag.kind == FlagKind::Undisclosed {
                report.undisclosed.push(item);
            } else {
                report.other_flags.push(item);
            }
        }
        for change in number_changes(changes) {
            report.numbers.push(NumberItem {
                at: at.clone(),
                change,
            });
        }
        report.versions.push(ChangedVersion {
            url: url.to_string(),
            diff: at.diff.clone(),
            replayed: r,
        });
    }
    if story.changes > 0 {
        stories.push(story);
    }
}
