//! Display formats for a [`ChangeSet`](crate::diff::ChangeSet): one sibling module per format,
//! each a pure function from the ChangeSet to text.

pub mod escape;
pub mod html;
pub mod json;
pub mod markdown;
pub mod terminal;
pub mod unified;

use crate::article::Block;
use crate::diff::{BlockChange, ChangeSet, Field};

/// The reader's name for a field.
pub(crate) fn field_name(field: Field) -> &'static str {
    match field {
        Field::Title => "Headline",
        Field::Dek => "Dek",
        Field::Byline => "Byline",
        Field::Published => "Published",
        Field::Modified => "Modified",
        Field::CanonicalUrl => "Canonical URL",
        Field::Lang => "Language",
        Field::SiteName => "Site name",
    }
}

/// One line of a body display: a change, or the place a moved block left.
#[derive(Clone, Copy)]
pub(crate) enum Item<'a> {
    Change(&'a BlockChange),
    /// Where a moved block stood in the old version.
    MovedAway {
        old_index: usize,
        new_index: usize,
        block: &'a Block,
    },
}

impl Item<'_> {
    fn changed(&self) -> bool {
        !matches!(self, Item::Change(BlockChange::Unchanged { .. }))
    }
}

/// The old position a change stands at in reading order, if it has one.
fn old_position(change: &BlockChange) -> Option<usize> {
    match change {
        BlockChange::Unchanged { old_index, .. }
        | BlockChange::Removed { old_index, .. }
        | BlockChange::Edited { old_index, .. }
        | BlockChange::Split { old_index, .. } => Some(*old_index),
        BlockChange::Merged { old_indices, .. } => old_indices.first().copied(),
        BlockChange::Added { .. } | BlockChange::Moved { .. } => None,
    }
}

/// The body as display items: every change, plus a [`Item::MovedAway`] where each moved block
/// used to stand, so old lines keep their order.
pub(crate) fn items(blocks: &[BlockChange]) -> Vec<Item<'_>> {
    let mut out: Vec<Item> = blocks.iter().map(Item::Change).collect();
    let mut moved: Vec<(usize, usize, &Block)> = blocks
        .iter()
        .filter_map(|b| match b {
            BlockChange::Moved {
                old_index,
                new_index,
                old,
                ..
            } => Some((*old_index, *new_index, old)),
            _ => None,
        })
        .collect();
    moved.sort_by_key(|m| std::cmp::Reverse(m.0));
    for (old_index, new_index, block) in moved {
        let at = out
            .iter()
            .position(|item| match item {
                Item::Change(change) => old_position(change).is_some_and(|o| o > old_index),
                Item::MovedAway { old_index: o, .. } => *o > old_index,
            })
            .unwrap_or(out.len());
        out.insert(
            at,
            Item::MovedAway {
                old_index,
                new_index,
                block,
            },
        );
    }
    out
}

/// Which body items to show: every change, plus `context` unchanged blocks on each side; the
/// rest collapse. Each entry is either a shown item or a count of hidden unchanged blocks.
pub(crate) enum Shown<'a> {
    Item(Item<'a>),
    Hidden(usize),
}

pub(crate) fn collapse<'a>(items: &[Item<'a>], context: usize) -> Vec<Shown<'a>> {
    let changed: Vec<bool> = items.iter().map(Item::changed).collect();
    let near = |i: usize| {
        let lo = i.saturating_sub(context);
        let hi = (i + context + 1).min(items.len());
        changed[lo..hi].iter().any(|&c| c)
    };
    let mut out = Vec::new();
    let mut hidden = 0;
    for (i, item) in items.iter().enumerate() {
        if changed[i] || near(i) {
            if hidden > 0 {
                out.push(Shown::Hidden(hidden));
                hidden = 0;
            }
            out.push(Shown::Item(*item));
        } else {
            hidden += 1;
        }
    }
    if hidden > 0 {
        out.push(Shown::Hidden(hidden));
    }
    out
}

/// True when the body changed at all.
pub(crate) fn body_changed(changes: &ChangeSet) -> bool {
    changes
        .blocks
        .iter()
        .any(|b| !matches!(b, BlockChange::Unchanged { .. }))
}

/// "¶4" or "¶4–¶6" for a run of positions (0-based in, 1-based out).
pub(crate) fn places(indices: &[usize]) -> String {
    match indices {
        [] => String::new(),
        [one] => format!("¶{}", one + 1),
        [first, .., last] => format!("¶{}–¶{}", first + 1, last + 1),
    }
}

/// The line that closes a display: how much the change matters and what kinds of edit it holds.
pub(crate) fn verdict(changes: &ChangeSet) -> String {
    let kinds: Vec<String> = crate::diff::ChangeKind::ALL
        .iter()
        .map(|&kind| (kind, changes.stats.edits.get(kind)))
        .filter(|(_, n)| *n > 0)
        .map(|(kind, n)| format!("{n} {}", kind.label()))
        .collect();
    if kinds.is_empty() {
        format!("Significance: {}", changes.significance.label())
    } else {
        format!(
            "Significance: {} ({})",
            changes.significance.label(),
            kinds.join(", ")
        )
    }
}
