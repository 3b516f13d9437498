//! Changelog entries: the publisher's notes beside storydiff's own account of each change.
//!
//! An [`Entry`] is built from the ChangeSet between a version and the one before it. It becomes
//! the version's commit message (see the archive) and a section of the article's `CHANGELOG.md`.

mod chronicle;
mod declared;
mod events;
mod flags;
mod summary;
mod variants;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::article::{Article, Note};
use crate::diff::{ChangeSet, Stats};

pub use chronicle::{Chronicle, Origin};
pub use declared::{NoteCheck, Verdict, check_notes};
pub use events::{PageEvent, PageEventKind};
pub use flags::{Flag, FlagKind, Seen};
pub use summary::summarize;
pub use variants::{Item, VariantRun, collapse};

/// storydiff's record of one version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub version: u32,
    pub seen_at: DateTime<FixedOffset>,
    pub title: String,
    pub content_sha256: String,
    pub previous_content_sha256: Option<String>,
    /// Publisher notes that appeared in this version, verbatim.
    pub notes_added: Vec<Note>,
    /// Publisher notes that were on the previous version and are gone.
    pub notes_removed: Vec<Note>,
    /// One line per meaningful change, written by storydiff.
    pub summary: Vec<String>,
    /// Counts from the diff; absent for a first version.
    pub stats: Option<Stats>,
    /// What an auditor should look at, each with its reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<Flag>,
    /// Declared against observed: one verdict per note added in this version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub note_checks: Vec<NoteCheck>,
}

impl Entry {
    /// The entry for the first version of an article.
    pub fn first(article: &Article, seen_at: DateTime<FixedOffset>) -> Entry {
        let words = article.word_count();
        Entry {
            version: 1,
            seen_at,
            title: article.title.clone(),
            content_sha256: article.content_sha256(),
            previous_content_sha256: None,
            notes_added: article.notes.clone(),
            notes_removed: Vec::new(),
            summary: vec![format!(
                "First version seen: {} ({})",
                summary::body_parts(&article.blocks),
                plural(words, "word")
            )],
            stats: None,
            flags: Vec::new(),
            note_checks: Vec::new(),
        }
    }

    /// The entry for a later version, from the diff against the version before it: summary,
    /// note verdicts and the flags that need only this diff (`undisclosed`,
    /// `note-without-change`). [`Chronicle`] adds the flags that need the whole history.
    pub fn from_changes(
        version: u32,
        seen_at: DateTime<FixedOffset>,
        previous: &Article,
        article: &Article,
        changes: &ChangeSet,
    ) -> Entry {
        Entry::from_changes_hashed(
            version,
            seen_at,
            previous.content_sha256(),
            article,
            article.content_sha256(),
            changes,
        )
    }

    /// [`Entry::from_changes`] with both content hashes already known.
    pub(crate) fn from_changes_hashed(
        version: u32,
        seen_at: DateTime<FixedOffset>,
        previous_content_sha256: String,
        article: &Article,
        content_sha256: String,
        changes: &ChangeSet,
    ) -> Entry {
        Entry {
            version,
            seen_at,
            title: article.title.clone(),
            content_sha256,
            previous_content_sha256: Some(previous_content_sha256),
            notes_added: changes.notes_added.clone(),
            notes_removed: changes.notes_removed.clone(),
            summary: summarize(changes),
            stats: Some(changes.stats.clone()),
            flags: flags::disclosure_flags(changes),
            note_checks: check_notes(changes),
        }
    }

    /// True when the entry carries a flag of this kind.
    pub fn has_flag(&self, kind: FlagKind) -> bool {
        self.flags.iter().any(|f| f.kind == kind)
    }

    /// One line: the commit subject. A version storydiff made by reading an archived page again
    /// (a newer extractor, or new filters) says so, whatever the cause.
    pub fn headline(&self) -> String {
        let first = self
            .summary
            .first()
            .map(String::as_str)
            .unwrap_or("No visible change");
        let more = self.summary.len().saturating_sub(1);
        let mut line = if self.has_flag(FlagKind::ExtractorUpgrade) {
            format!(
                "Version {}: re-extracted by storydiff: {}",
                self.version, first
            )
        } else {
            format!("Version {}: {}", self.version, first)
        };
        if more > 0 {
            line.push_str(&format!(" (+{} more)", plural(more, "change")));
        }
        truncate_chars(&line, 120)
    }

    /// The commit message body, before the archive's trailers.
    pub fn commit_message(&self) -> String {
        let mut out = self.headline();
        out.push_str("\n\n");
        for line in &self.summary {
            out.push_str(&format!("- {line}\n"));
        }
        for flag in &self.flags {
            out.push_str(&format!(
                "Flag {}: {}\n",
                flag.kind.name(),
                flag.explanation
            ));
        }
        for note in &self.notes_added {
            out.push_str(&format!(
                "Publisher note added ({}): {}\n",
                note.kind.label(),
                note.text
            ));
        }
        for note in &self.notes_removed {
            out.push_str(&format!(
                "Publisher note removed ({}): {}\n",
                note.kind.label(),
                note.text
            ));
        }
        out
    }

    /// The publisher's notes that came and went, one line each: `Update (new): “…”`.
    pub fn note_lines(&self) -> Vec<String> {
        let line = |note: &Note, status: &str| {
            format!("{} ({status}): “{}”", note.kind.label(), note.text)
        };
        self.notes_added
            .iter()
            .map(|n| line(n, "new"))
            .chain(self.notes_removed.iter().map(|n| line(n, "removed")))
            .collect()
    }

    /// The entry as a `CHANGELOG.md` section.
    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "## Version {} · {}\n\n",
            self.version,
            self.seen_at.format("%Y-%m-%d %H:%M %:z")
        );
        for line in &self.summary {
            out.push_str(&format!("- {line}\n"));
        }
        if !self.flags.is_empty() {
            out.push_str("\nFlags:\n\n");
            for flag in &self.flags {
                out.push_str(&format!(
                    "- **{}**: {}\n",
                    flag.kind.name(),
                    flag.explanation
                ));
            }
        }
        if !self.notes_added.is_empty() || !self.notes_removed.is_empty() {
            out.push_str("\nPublisher's notes:\n\n");
            for line in self.note_lines() {
                out.push_str(&format!("- {line}\n"));
            }
            for check in &self.note_checks {
                out.push_str(&format!(
                    "\nDeclared vs observed: “{}” is {}.\n",
                    check.note,
                    check.explanation()
                ));
            }
        }
        out.push_str(&format!("\nContent SHA-256: `{}`", self.content_sha256));
        if let Some(previous) = &self.previous_content_sha256 {
            out.push_str(&format!(" (previous: `{previous}`)"));
        }
        out.push('\n');
        out
    }
}

/// A whole changelog as Markdown, newest entry first, with runs of headline variants collapsed
/// into one section each.
pub fn to_markdown(url: &str, title: &str, entries: &[Entry]) -> String {
    to_markdown_with_events(url, title, entries, &[])
}

/// [`to_markdown`] with the page events (gone, back) between the versions they fell between.
pub fn to_markdown_with_events(
    url: &str,
    title: &str,
    entries: &[Entry],
    events: &[PageEvent],
) -> String {
    let mut out = format!("# Changelog: {title}\n\n<{url}>\n");
    // Newest first: an event goes above the first item (going down) it came after.
    let mut pending: Vec<&PageEvent> = events.iter().collect();
    pending.sort_by_key(|e| (e.after_version, e.at));
    for item in collapse(entries).iter().rev() {
        let last = match item {
            Item::Entry(entry) => entry.version,
            Item::Variants(run) => run.last_version,
        };
        while let Some(event) = pending.pop_if(|e| e.after_version >= last) {
            out.push('\n');
            out.push_str(&event.to_markdown());
        }
        out.push('\n');
        match item {
            Item::Entry(entry) => out.push_str(&entry.to_markdown()),
            Item::Variants(run) => out.push_str(&run.to_markdown()),
        }
    }
    for event in pending.into_iter().rev() {
        out.push('\n');
        out.push_str(&event.to_markdown());
    }
    out
}

/// "1 word", "2 words": a count with its noun (regular plurals only). Shared by every writer
/// of counts (changelog, report, `list`) so none says "1 words".
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {}", noun(n, word))
}

/// The noun alone, for layouts that set the number apart: "word" or "words".
pub fn noun(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// At most `max` characters, with an ellipsis when cut.
pub(crate) fn truncate_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut = cut.trim_end().to_string();
    cut.push('…');
    cut
}
