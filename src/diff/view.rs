//! Views of a ChangeSet for reading: cosmetic edits hidden, or inline changes shown in another
//! unit. A view is for display; [`apply`](super::apply) needs the full ChangeSet.

use super::align::whole;
use super::classify::side;
use super::inline::inline_changes_by;
use super::{
    BUDGET, BlockChange, ChangeKind, ChangeSet, Granularity, InlineChange, InlineTag, Significance,
    Stats,
};

impl ChangeSet {
    /// The same ChangeSet with cosmetic edits hidden: a block whose every edit is cosmetic shows
    /// as unchanged, and cosmetic runs inside other blocks read as the new text. Blocks moved,
    /// split or merged stay, since their place changed.
    pub fn ignoring_cosmetic(&self) -> ChangeSet {
        let mut view = self.clone();
        for change in &mut view.blocks {
            let all_cosmetic = !change.edits().is_empty()
                && change
                    .edits()
                    .iter()
                    .all(|e| e.kind == ChangeKind::Cosmetic);
            if let BlockChange::Edited {
                old_index,
                new_index,
                new,
                ..
            } = change
                && all_cosmetic
            {
                *change = BlockChange::Unchanged {
                    old_index: *old_index,
                    new_index: *new_index,
                    block: new.clone(),
                };
                continue;
            }
            let cosmetic: Vec<bool> = change
                .edits()
                .iter()
                .map(|e| e.kind == ChangeKind::Cosmetic)
                .collect();
            if let Some(inline) = change.inline_mut() {
                *inline = fold_runs(inline, &cosmetic);
            }
            if let Some(edits) = change.edits_mut() {
                edits.retain(|e| e.kind != ChangeKind::Cosmetic);
            }
        }
        view.significance = Significance::of(&view);
        view.stats = Stats::of(&view);
        view
    }

    /// The same ChangeSet with inline changes recomputed in `granularity` units.
    pub fn with_granularity(&self, granularity: Granularity) -> ChangeSet {
        let mut view = self.clone();
        let bytes = view
            .blocks
            .iter_mut()
            .filter_map(|c| c.inline_mut())
            .flat_map(|inline| inline.iter().map(|r| r.text.len()))
            .sum();
        let deadline = super::deadline_for(bytes, view.blocks.len(), BUDGET);
        for change in &mut view.blocks {
            if let Some(inline) = change.inline_mut()
                && !inline.is_empty()
            {
                let old = side(inline, InlineTag::Delete);
                let new = side(inline, InlineTag::Insert);
                *inline = inline_changes_by(&old, &new, granularity, deadline)
                    .unwrap_or_else(|| whole(&old, &new));
            }
        }
        view.granularity = granularity;
        view
    }
}

/// Inline runs with the change groups marked in `fold` turned into equal runs of their new text.
/// Group k (the k-th run of consecutive non-equal runs) is the k-th edit.
fn fold_runs(inline: &[InlineChange], fold: &[bool]) -> Vec<InlineChange> {
    let mut out: Vec<InlineChange> = Vec::new();
    let mut push = |run: InlineChange| match out.last_mut() {
        Some(last) if last.tag == InlineTag::Equal && run.tag == InlineTag::Equal => {
            last.text.push_str(&run.text)
        }
        _ if run.text.is_empty() => {}
        _ => out.push(run),
    };
    let mut group = 0;
    let mut k = 0;
    while k < inline.len() {
        if inline[k].tag == InlineTag::Equal {
            push(inline[k].clone());
            k += 1;
            continue;
        }
        let start = k;
        while k < inline.len() && inline[k].tag != InlineTag::Equal {
            k += 1;
        }
        if fold.get(group).copied().unwrap_or(false) {
            let text = side(&inline[start..k], InlineTag::Insert);
            push(InlineChange {
                tag: InlineTag::Equal,
                text,
            });
        } else {
            for run in &inline[start..k] {
                push(run.clone());
            }
        }
        group += 1;
    }
    out
}
