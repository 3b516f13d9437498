//! Compare two Articles and describe the difference as a [`ChangeSet`].
//!
//! Fields are compared as fields; the body is aligned block by block (Patience), and replaced
//! blocks are paired into edited blocks with a word-level inline diff. The ChangeSet is the one
//! input of every renderer and of the changelog, and its JSON form is versioned by
//! [`SCHEMA_VERSION`]: new information is added as new fields, never by changing old ones.

use serde::{Deserialize, Serialize};

mod align;
mod apply;
mod inline;

use std::time::{Duration, Instant};

use crate::article::{Article, Block, Note, word_count};

pub use apply::apply;
pub use inline::word_similarity;

/// Version of the ChangeSet JSON schema.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything that changed between two versions of one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeSet {
    pub schema_version: u32,
    /// Headline, dek, byline, dates, canonical URL, language and site name, in that order.
    pub fields: Vec<FieldChange>,
    pub notes_added: Vec<Note>,
    pub notes_removed: Vec<Note>,
    /// The body, as one operation per block, in reading order of the new version (removed blocks
    /// stand where they stood in the old one).
    pub blocks: Vec<BlockChange>,
    pub stats: Stats,
    /// Set when the diff ran out of its time budget and fell back to a coarser alignment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degraded: Option<String>,
}

/// One metadata field that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: Field,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Title,
    Dek,
    Byline,
    Published,
    Modified,
    CanonicalUrl,
    Lang,
    SiteName,
}

/// What happened to one body block. Indices are 0-based positions in the old and new body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum BlockChange {
    Unchanged {
        old_index: usize,
        new_index: usize,
        block: Block,
    },
    Added {
        new_index: usize,
        block: Block,
    },
    Removed {
        old_index: usize,
        block: Block,
    },
    /// The same block, reworded: `inline` holds the word-level changes.
    Edited {
        old_index: usize,
        new_index: usize,
        old: Block,
        new: Block,
        inline: Vec<InlineChange>,
    },
}

/// One run of text inside an edited block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InlineChange {
    pub tag: InlineTag,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InlineTag {
    Equal,
    Insert,
    Delete,
}

/// Counts over the whole ChangeSet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub blocks_added: usize,
    pub blocks_removed: usize,
    pub blocks_edited: usize,
    pub blocks_unchanged: usize,
    pub words_added: usize,
    pub words_removed: usize,
    pub fields_changed: usize,
    pub notes_added: usize,
    pub notes_removed: usize,
}

impl ChangeSet {
    /// True when nothing at all changed.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
            && self.notes_added.is_empty()
            && self.notes_removed.is_empty()
            && self
                .blocks
                .iter()
                .all(|b| matches!(b, BlockChange::Unchanged { .. }))
    }
}

/// Time the whole diff may take before it falls back to a coarser alignment. Article-sized input
/// takes well under a millisecond; the budget only matters for pathological pages.
pub const BUDGET: Duration = Duration::from_millis(50);

/// Compare `old` with `new` within [`BUDGET`].
pub fn diff(old: &Article, new: &Article) -> ChangeSet {
    diff_within(old, new, BUDGET)
}

/// Compare `old` with `new`, falling back to a coarser body alignment after `budget`.
pub fn diff_within(old: &Article, new: &Article, budget: Duration) -> ChangeSet {
    let deadline = Instant::now() + budget;
    let fields = field_changes(old, new);
    let (notes_removed, notes_added) = note_changes(&old.notes, &new.notes);
    let (blocks, degraded) = align::align(&old.blocks, &new.blocks, deadline);
    let mut stats = Stats {
        fields_changed: fields.len(),
        notes_added: notes_added.len(),
        notes_removed: notes_removed.len(),
        ..Stats::default()
    };
    for change in &blocks {
        match change {
            BlockChange::Unchanged { .. } => stats.blocks_unchanged += 1,
            BlockChange::Added { block, .. } => {
                stats.blocks_added += 1;
                stats.words_added += word_count(&block.text);
            }
            BlockChange::Removed { block, .. } => {
                stats.blocks_removed += 1;
                stats.words_removed += word_count(&block.text);
            }
            BlockChange::Edited { inline, .. } => {
                stats.blocks_edited += 1;
                for run in inline {
                    match run.tag {
                        InlineTag::Insert => stats.words_added += word_count(&run.text),
                        InlineTag::Delete => stats.words_removed += word_count(&run.text),
                        InlineTag::Equal => {}
                    }
                }
            }
        }
    }
    ChangeSet {
        schema_version: SCHEMA_VERSION,
        fields,
        notes_added,
        notes_removed,
        blocks,
        stats,
        degraded,
    }
}

/// The text of every field, as compared and as stored in a [`FieldChange`].
fn field_values(article: &Article) -> [(Field, Option<String>); 8] {
    [
        (Field::Title, Some(article.title.clone())),
        (Field::Dek, article.dek.clone()),
        (Field::Byline, article.byline.clone()),
        (Field::Published, article.published.map(|d| d.to_rfc3339())),
        (Field::Modified, article.modified.map(|d| d.to_rfc3339())),
        (Field::CanonicalUrl, article.canonical_url.clone()),
        (Field::Lang, article.lang.clone()),
        (Field::SiteName, article.site_name.clone()),
    ]
}

fn field_changes(old: &Article, new: &Article) -> Vec<FieldChange> {
    field_values(old)
        .into_iter()
        .zip(field_values(new))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, old), (_, new))| FieldChange { field, old, new })
        .collect()
}

/// Notes that disappeared and notes that appeared, compared as a multiset.
fn note_changes(old: &[Note], new: &[Note]) -> (Vec<Note>, Vec<Note>) {
    let mut unmatched_new: Vec<Option<&Note>> = new.iter().map(Some).collect();
    let mut removed = Vec::new();
    for note in old {
        match unmatched_new
            .iter_mut()
            .find(|n| n.is_some_and(|n| n == note))
        {
            Some(slot) => *slot = None,
            None => removed.push(note.clone()),
        }
    }
    let added = unmatched_new.into_iter().flatten().cloned().collect();
    (removed, added)
}

#[cfg(test)]
mod tests;
