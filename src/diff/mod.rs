//! Compare two Articles and describe the difference as a [`ChangeSet`].
//!
//! Fields are compared as fields; the body is aligned block by block (Patience), and replaced
//! blocks are paired into edited blocks with a word-level inline diff. The ChangeSet is the one
//! input of every renderer and of the changelog, and its JSON form is versioned by
//! [`SCHEMA_VERSION`]: new information is added as new fields, never by changing old ones.

use serde::{Deserialize, Serialize};

use crate::article::{Article, Block, Note};

/// Version of the ChangeSet JSON schema.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything that changed between two versions of one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeSet {
    pub schema_version: u32,
    /// Headline, dek, byline, dates, canonical URL and language, in that order.
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

/// Compare `old` with `new`.
pub fn diff(old: &Article, new: &Article) -> ChangeSet {
    let _ = (old, new);
    todo!("diff v1")
}

/// Rebuild the new Article from the old one and a ChangeSet made from them.
pub fn apply(old: &Article, changes: &ChangeSet) -> Article {
    let _ = (old, changes);
    todo!("apply")
}
