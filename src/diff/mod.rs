//! Compare two Articles and describe the difference as a [`ChangeSet`].
//!
//! Fields are compared as fields; the body is aligned block by block (Myers), replaced runs
//! are paired into edited, split and merged blocks, blocks that changed place are found as moves,
//! and every change is classified (cosmetic, typo, number, name, quote, substantive). The
//! ChangeSet is the one input of every renderer and of the changelog, and its JSON form is
//! versioned by [`SCHEMA_VERSION`].

use serde::{Deserialize, Serialize};

mod align;
mod apply;
mod bag;
mod classify;
mod inline;
mod moves;
mod sentence;
mod view;

use std::time::{Duration, Instant};

use crate::article::{Article, Block, Note, word_count};

pub use apply::apply;
pub use classify::numbers_in;
pub use sentence::sentences;

/// Version of the ChangeSet JSON schema. 2 added moves, splits, merges, classified edits,
/// sentence counts, significance and granularity.
pub const SCHEMA_VERSION: u32 = 2;

/// Everything that changed between two versions of one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeSet {
    pub schema_version: u32,
    pub significance: Significance,
    /// Headline, dek, byline, dates, canonical URL, language and site name, in that order.
    pub fields: Vec<FieldChange>,
    pub notes_added: Vec<Note>,
    pub notes_removed: Vec<Note>,
    /// The body, as one operation per block, in reading order of the new version (removed blocks
    /// stand where they stood in the old one; moved blocks where they now stand).
    pub blocks: Vec<BlockChange>,
    /// The unit of the inline changes.
    pub granularity: Granularity,
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
///
/// Every variant but `Unchanged` carries the classified [`Edit`]s it is made of, so a reader (or
/// the changelog) can tell a fixed typo from a changed figure without reading the text.
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
        edits: Vec<Edit>,
    },
    Removed {
        old_index: usize,
        block: Block,
        edits: Vec<Edit>,
    },
    /// The same block, reworded: `inline` holds the changes inside it.
    Edited {
        old_index: usize,
        new_index: usize,
        old: Block,
        new: Block,
        inline: Vec<InlineChange>,
        edits: Vec<Edit>,
        sentences: SentenceCounts,
    },
    /// A block that left its place and stands elsewhere, possibly reworded (then `inline` and
    /// `edits` say how). It is listed where it now stands.
    Moved {
        old_index: usize,
        new_index: usize,
        old: Block,
        new: Block,
        inline: Vec<InlineChange>,
        edits: Vec<Edit>,
    },
    /// One block that became several consecutive blocks. `inline` compares the old text with the
    /// new blocks' texts joined by a space.
    Split {
        old_index: usize,
        new_indices: Vec<usize>,
        old: Block,
        new: Vec<Block>,
        inline: Vec<InlineChange>,
        edits: Vec<Edit>,
    },
    /// Several consecutive blocks that became one. `inline` compares the old texts joined by a
    /// space with the new text.
    Merged {
        old_indices: Vec<usize>,
        new_index: usize,
        old: Vec<Block>,
        new: Block,
        inline: Vec<InlineChange>,
        edits: Vec<Edit>,
    },
}

impl BlockChange {
    /// The classified edits of this change (none for an unchanged block).
    pub fn edits(&self) -> &[Edit] {
        match self {
            BlockChange::Unchanged { .. } => &[],
            BlockChange::Added { edits, .. }
            | BlockChange::Removed { edits, .. }
            | BlockChange::Edited { edits, .. }
            | BlockChange::Moved { edits, .. }
            | BlockChange::Split { edits, .. }
            | BlockChange::Merged { edits, .. } => edits,
        }
    }

    /// The inline runs of a change that has them.
    pub fn inline(&self) -> Option<&[InlineChange]> {
        match self {
            BlockChange::Edited { inline, .. }
            | BlockChange::Moved { inline, .. }
            | BlockChange::Split { inline, .. }
            | BlockChange::Merged { inline, .. } => Some(inline),
            _ => None,
        }
    }

    fn inline_mut(&mut self) -> Option<&mut Vec<InlineChange>> {
        match self {
            BlockChange::Edited { inline, .. }
            | BlockChange::Moved { inline, .. }
            | BlockChange::Split { inline, .. }
            | BlockChange::Merged { inline, .. } => Some(inline),
            _ => None,
        }
    }

    fn edits_mut(&mut self) -> Option<&mut Vec<Edit>> {
        match self {
            BlockChange::Unchanged { .. } => None,
            BlockChange::Added { edits, .. }
            | BlockChange::Removed { edits, .. }
            | BlockChange::Edited { edits, .. }
            | BlockChange::Moved { edits, .. }
            | BlockChange::Split { edits, .. }
            | BlockChange::Merged { edits, .. } => Some(edits),
        }
    }

    /// The most serious kind among this change's edits; None for an unchanged block or a block
    /// moved, split or merged without a word changed.
    pub fn kind(&self) -> Option<ChangeKind> {
        self.edits().iter().map(|e| e.kind).max()
    }
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

/// What kind of change an edit is, from the least to the most serious; the order is the one the
/// significance rollup and [`BlockChange::kind`] use. The rules are in `classify.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Whitespace, punctuation, quote or dash style, letter case.
    Cosmetic,
    /// A one- or two-letter fix inside a word.
    Typo,
    /// A figure changed: digits, written-out numbers, percentages.
    Number,
    /// A capitalised name changed.
    Name,
    /// Words inside quotation marks added, removed or altered.
    Quote,
    /// Anything else.
    Substantive,
}

impl ChangeKind {
    /// Every kind, least serious first.
    pub const ALL: [ChangeKind; 6] = [
        ChangeKind::Cosmetic,
        ChangeKind::Typo,
        ChangeKind::Number,
        ChangeKind::Name,
        ChangeKind::Quote,
        ChangeKind::Substantive,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Cosmetic => "cosmetic",
            ChangeKind::Typo => "typo",
            ChangeKind::Number => "number",
            ChangeKind::Name => "name",
            ChangeKind::Quote => "quote",
            ChangeKind::Substantive => "substantive",
        }
    }
}

/// One classified change: the old and new wording of one run of changed words. One side is
/// empty for a pure insertion or deletion, and both are for a whole block added or removed (its
/// text is the block's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    pub kind: ChangeKind,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub old: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub new: String,
    /// For a `number` edit: the figures on each side, as written ("1,100", "three", "12%").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numbers: Option<NumberChange>,
    /// For a `quote` edit: who is quoted, when an attribution ("said X", "X told") is nearby.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
}

/// The figures of a `number` edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberChange {
    pub old: Vec<String>,
    pub new: Vec<String>,
}

/// Sentences added, removed and reworded inside one edited block.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentenceCounts {
    pub added: usize,
    pub removed: usize,
    pub edited: usize,
}

/// How much a ChangeSet matters, rolled up from its changes (see [`Significance::of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Significance {
    /// Nothing changed.
    Unchanged,
    /// Only cosmetic edits, paragraphs split or merged without a word changed, or the modified
    /// time.
    CosmeticOnly,
    /// Typos, moved paragraphs, notes, and metadata other than headline, dek and byline.
    Minor,
    /// Anything a reader would want to know: words, figures, quotes or names changed, paragraphs
    /// added or removed, the headline, dek or byline changed.
    Substantive,
}

/// The unit the inline changes are shown in. Classification always works on words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// Whole blocks: all of the old text out, all of the new text in.
    Block,
    Sentence,
    #[default]
    Word,
    Char,
}

/// Counts over the whole ChangeSet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub blocks_added: usize,
    pub blocks_removed: usize,
    pub blocks_edited: usize,
    pub blocks_moved: usize,
    pub blocks_split: usize,
    pub blocks_merged: usize,
    pub blocks_unchanged: usize,
    pub words_added: usize,
    pub words_removed: usize,
    pub fields_changed: usize,
    pub notes_added: usize,
    pub notes_removed: usize,
    /// Edits of each kind.
    pub edits: EditCounts,
}

/// How many edits of each kind a ChangeSet holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditCounts {
    pub cosmetic: usize,
    pub typo: usize,
    pub number: usize,
    pub name: usize,
    pub quote: usize,
    pub substantive: usize,
}

impl EditCounts {
    pub fn get(&self, kind: ChangeKind) -> usize {
        match kind {
            ChangeKind::Cosmetic => self.cosmetic,
            ChangeKind::Typo => self.typo,
            ChangeKind::Number => self.number,
            ChangeKind::Name => self.name,
            ChangeKind::Quote => self.quote,
            ChangeKind::Substantive => self.substantive,
        }
    }

    fn add(&mut self, kind: ChangeKind) {
        *match kind {
            ChangeKind::Cosmetic => &mut self.cosmetic,
            ChangeKind::Typo => &mut self.typo,
            ChangeKind::Number => &mut self.number,
            ChangeKind::Name => &mut self.name,
            ChangeKind::Quote => &mut self.quote,
            ChangeKind::Substantive => &mut self.substantive,
        } += 1;
    }
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

    /// Every classified edit, in reading order.
    pub fn edits(&self) -> impl Iterator<Item = &Edit> {
        self.blocks.iter().flat_map(BlockChange::edits)
    }
}

/// Time a diff may take before it falls back to a coarser alignment. Article-sized input takes
/// about a millisecond (docs/benchmarks.md) and is never held to it; the budget only matters
/// for pathological pages.
pub const BUDGET: Duration = Duration::from_millis(50);

/// Compare `old` with `new` within [`BUDGET`], inline changes by word. For another unit or with
/// cosmetic edits hidden, see [`ChangeSet::with_granularity`] and [`ChangeSet::ignoring_cosmetic`].
pub fn diff(old: &Article, new: &Article) -> ChangeSet {
    diff_within(old, new, BUDGET)
}

/// Above this much text (both sides, in bytes) or this many blocks a diff is held to its time
/// budget. Below it, where every real article falls, the result must not depend on how busy
/// the machine is: the changelog is recomputed on replay and must read the same every time.
const BUDGETED_BYTES: usize = 512 * 1024;
const BUDGETED_BLOCKS: usize = 4000;

/// When a diff of `bytes` of text in `blocks` blocks must stop: after `budget` for input larger
/// than any article (or a zero budget), else never in practice.
pub(crate) fn deadline_for(bytes: usize, blocks: usize, budget: Duration) -> Instant {
    if budget.is_zero() || bytes > BUDGETED_BYTES || blocks > BUDGETED_BLOCKS {
        Instant::now() + budget
    } else {
        Instant::now() + Duration::from_secs(24 * 3600)
    }
}

/// Compare `old` with `new`, falling back to a coarser body alignment after `budget` when the
/// input is larger than any article ([`BUDGETED_BYTES`]) or the budget is zero.
pub fn diff_within(old: &Article, new: &Article, budget: Duration) -> ChangeSet {
    let bytes: usize = old
        .blocks
        .iter()
        .chain(&new.blocks)
        .map(|b| b.text.len())
        .sum();
    let deadline = deadline_for(bytes, old.blocks.len() + new.blocks.len(), budget);
    let fields = field_changes(old, new);
    let (notes_removed, notes_added) = note_changes(&old.notes, &new.notes);
    let (mut blocks, mut degraded) = align::align(&old.blocks, &new.blocks, deadline, budget);
    if !moves::find_moves(&mut blocks, deadline) {
        degraded.get_or_insert_with(|| align::budget_note(budget));
    }
    let mut blocks = moves::settle(blocks, deadline);
    for change in &mut blocks {
        classify::classify(change);
    }
    let mut changes = ChangeSet {
        schema_version: SCHEMA_VERSION,
        significance: Significance::Unchanged,
        fields,
        notes_added,
        notes_removed,
        blocks,
        granularity: Granularity::Word,
        stats: Stats::default(),
        degraded,
    };
    changes.significance = Significance::of(&changes);
    changes.stats = Stats::of(&changes);
    changes
}

impl Stats {
    fn of(changes: &ChangeSet) -> Stats {
        let mut stats = Stats {
            fields_changed: changes.fields.len(),
            notes_added: changes.notes_added.len(),
            notes_removed: changes.notes_removed.len(),
            ..Stats::default()
        };
        for change in &changes.blocks {
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
                BlockChange::Edited { .. } => stats.blocks_edited += 1,
                BlockChange::Moved { .. } => stats.blocks_moved += 1,
                BlockChange::Split { .. } => stats.blocks_split += 1,
                BlockChange::Merged { .. } => stats.blocks_merged += 1,
            }
            for run in change.inline().unwrap_or_default() {
                match run.tag {
                    InlineTag::Insert => stats.words_added += word_count(&run.text),
                    InlineTag::Delete => stats.words_removed += word_count(&run.text),
                    InlineTag::Equal => {}
                }
            }
            for edit in change.edits() {
                stats.edits.add(edit.kind);
            }
        }
        stats
    }
}

impl Significance {
    /// The rollup: the most serious of what the ChangeSet holds. Headline, dek and byline changes
    /// are substantive; a new modified time alone is cosmetic; other metadata and notes are minor.
    pub fn of(changes: &ChangeSet) -> Significance {
        let mut level = Significance::Unchanged;
        let mut raise = |to: Significance| level = level.max(to);
        for field in &changes.fields {
            raise(match field.field {
                Field::Title | Field::Dek | Field::Byline => Significance::Substantive,
                Field::Modified => Significance::CosmeticOnly,
                _ => Significance::Minor,
            });
        }
        if !changes.notes_added.is_empty() || !changes.notes_removed.is_empty() {
            raise(Significance::Minor);
        }
        for change in &changes.blocks {
            match change {
                BlockChange::Unchanged { .. } => {}
                BlockChange::Added { .. } | BlockChange::Removed { .. } => {
                    raise(Significance::Substantive)
                }
                BlockChange::Moved { .. } => raise(Significance::Minor),
                _ => raise(Significance::CosmeticOnly),
            }
            for edit in change.edits() {
                raise(match edit.kind {
                    ChangeKind::Cosmetic => Significance::CosmeticOnly,
                    ChangeKind::Typo => Significance::Minor,
                    _ => Significance::Substantive,
                });
            }
        }
        level
    }

    pub fn label(self) -> &'static str {
        match self {
            Significance::Unchanged => "unchanged",
            Significance::CosmeticOnly => "cosmetic only",
            Significance::Minor => "minor",
            Significance::Substantive => "substantive",
        }
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
