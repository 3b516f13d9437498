//! Flags on changelog entries: what an auditor should look at, each with a sentence saying why.
//!
//! `undisclosed` and `note-without-change` compare a version's notes with its diff; `revert` and
//! `variant` compare it with every earlier version (see [`Seen`]); `extractor-upgrade` marks a
//! version that storydiff made by re-extracting an archived page, not one the publisher made.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::article::NoteKind;
use crate::diff::{BlockChange, ChangeKind, ChangeSet, Field, Significance};

/// One flag on an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub kind: FlagKind,
    /// One sentence for the reader, naming versions and values.
    pub explanation: String,
    /// The earlier version the flag points at (`revert`, `variant`, `extractor-upgrade`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FlagKind {
    Undisclosed,
    NoteWithoutChange,
    Revert,
    Variant,
    ExtractorUpgrade,
}

impl FlagKind {
    /// The flag's name as printed: `undisclosed`, `note-without-change`, …
    pub fn name(self) -> &'static str {
        match self {
            FlagKind::Undisclosed => "undisclosed",
            FlagKind::NoteWithoutChange => "note-without-change",
            FlagKind::Revert => "revert",
            FlagKind::Variant => "variant",
            FlagKind::ExtractorUpgrade => "extractor-upgrade",
        }
    }
}

/// What the changelog remembers of an earlier version, to recognise reverts and variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub version: u32,
    pub seen_at: DateTime<FixedOffset>,
    pub content_sha256: String,
    pub title: String,
}

/// True when the change is one a reader would want disclosed: the diff's own significance
/// (words, figures, quotes or names changed, paragraphs added or removed, the headline, dek or
/// byline changed). Typos, moves, dates and notes alone are not.
pub(crate) fn is_substantive(changes: &ChangeSet) -> bool {
    changes.significance == Significance::Substantive
}

/// True when the story itself visibly changed: anything beyond cosmetic edits in the body, or
/// the headline, dek or byline. A note claiming a change needs at least this.
fn story_changed(changes: &ChangeSet) -> bool {
    let body = changes.blocks.iter().any(|b| match b {
        BlockChange::Unchanged { .. } => false,
        BlockChange::Added { .. } | BlockChange::Removed { .. } => true,
        other => other.kind().is_some_and(|k| k > ChangeKind::Cosmetic),
    });
    let fields = changes
        .fields
        .iter()
        .any(|f| matches!(f.field, Field::Title | Field::Dek | Field::Byline));
    body || fields
}

/// True when the only substantive change is the headline.
fn headline_only(changes: &ChangeSet) -> bool {
    changes
        .blocks
        .iter()
        .all(|b| matches!(b, BlockChange::Unchanged { .. }))
        && changes
            .fields
            .iter()
            .all(|f| !matches!(f.field, Field::Dek | Field::Byline))
        && changes.fields.iter().any(|f| f.field == Field::Title)
}

/// Notes that say the story changed (an editor's note may only explain it).
fn claims_change(kind: NoteKind) -> bool {
    !matches!(kind, NoteKind::EditorsNote)
}

/// `undisclosed` and `note-without-change`, from the diff against the previous version.
pub(crate) fn disclosure_flags(changes: &ChangeSet) -> Vec<Flag> {
    let substantive = is_substantive(changes);
    let changed = story_changed(changes);
    let claiming: Vec<_> = changes
        .notes_added
        .iter()
        .filter(|n| claims_change(n.kind))
        .collect();
    let mut flags = Vec::new();
    if substantive && changes.notes_added.is_empty() {
        flags.push(Flag {
            kind: FlagKind::Undisclosed,
            explanation:
                "The story changed in substance and the publisher added no note saying so."
                    .to_string(),
            version: None,
        });
    }
    if !changed && !claiming.is_empty() {
        let what = if claiming.len() == 1 {
            "A new publisher note claims a change"
        } else {
            "New publisher notes claim a change"
        };
        flags.push(Flag {
            kind: FlagKind::NoteWithoutChange,
            explanation: format!(
                "{what}, but the headline, dek, byline and body show no change beyond punctuation or spacing."
            ),
            version: None,
        });
    }
    flags
}

/// `revert` and `variant`, from the versions seen before this one (oldest first).
pub(crate) fn history_flags(
    content_sha256: &str,
    title: &str,
    changes: &ChangeSet,
    earlier: &[Seen],
) -> Vec<Flag> {
    let mut flags = Vec::new();
    if let Some(same) = earlier
        .iter()
        .rev()
        .find(|s| s.content_sha256 == content_sha256)
    {
        flags.push(Flag {
            kind: FlagKind::Revert,
            explanation: format!(
                "The content is identical to version {} (seen {}): the changes since were undone.",
                same.version,
                same.seen_at.format("%Y-%m-%d %H:%M %:z")
            ),
            version: Some(same.version),
        });
    }
    let headline_changed = changes.fields.iter().any(|f| f.field == Field::Title);
    // The headline before this version is the last one seen; returning to any older one is an
    // alternation between values already seen.
    let older = earlier.len().saturating_sub(1);
    if headline_changed && let Some(first) = earlier[..older].iter().find(|s| s.title == title) {
        flags.push(Flag {
            kind: FlagKind::Variant,
            explanation: format!(
                "The headline went back to one first seen in version {}: the publisher appears to be testing headlines (an A/B test).",
                first.version
            ),
            version: Some(first.version),
        });
    }
    flags
}

/// Whether an entry with these flags is a headline alternation and nothing else, which the
/// changelog may collapse with its neighbours.
pub(crate) fn variant_only(flags: &[Flag], changes: &ChangeSet) -> bool {
    flags.iter().any(|f| f.kind == FlagKind::Variant)
        && headline_only(changes)
        && changes.notes_added.is_empty()
        && changes.notes_removed.is_empty()
}
