//! Rebuilding the new Article from the old one and a ChangeSet: the proof that a ChangeSet says
//! everything that changed.

use chrono::DateTime;

use crate::article::{Article, NotePosition};

use super::{BlockChange, ChangeSet, Field};

/// Rebuild the new Article from `old` and a ChangeSet made from them.
///
/// Notes come back kept-then-added within each position (top, then bottom), which is the order
/// extraction produces them in.
pub fn apply(old: &Article, changes: &ChangeSet) -> Article {
    let mut new = old.clone();
    for change in &changes.fields {
        let value = change.new.clone();
        let date = |v: Option<String>| v.and_then(|v| DateTime::parse_from_rfc3339(&v).ok());
        match change.field {
            Field::Title => new.title = value.unwrap_or_default(),
            Field::Dek => new.dek = value,
            Field::Byline => new.byline = value,
            Field::Published => new.published = date(value),
            Field::Modified => new.modified = date(value),
            Field::CanonicalUrl => new.canonical_url = value,
            Field::Lang => new.lang = value,
            Field::SiteName => new.site_name = value,
        }
    }

    let mut notes = old.notes.clone();
    for gone in &changes.notes_removed {
        if let Some(at) = notes.iter().position(|n| n == gone) {
            notes.remove(at);
        }
    }
    notes.extend(changes.notes_added.iter().cloned());
    notes.sort_by_key(|n| n.position != NotePosition::Top);
    new.notes = notes;

    new.blocks = changes
        .blocks
        .iter()
        .flat_map(|change| match change {
            BlockChange::Unchanged {
                old_index, block, ..
            } => vec![
                old.blocks
                    .get(*old_index)
                    .cloned()
                    .unwrap_or_else(|| block.clone()),
            ],
            BlockChange::Added { block, .. } => vec![block.clone()],
            BlockChange::Edited { new, .. }
            | BlockChange::Moved { new, .. }
            | BlockChange::Merged { new, .. } => vec![new.clone()],
            BlockChange::Split { new, .. } => new.clone(),
            BlockChange::Removed { .. } => Vec::new(),
        })
        .collect();
    new
}
