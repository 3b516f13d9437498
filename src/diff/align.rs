//! Body alignment: blocks matched with Patience, then replaced runs paired into edited blocks.

use std::time::Instant;

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

use crate::article::Block;

use super::inline::{inline_changes, word_similarity};
use super::{BlockChange, InlineChange, InlineTag};

/// Two blocks at least this similar (word Dice) are one paragraph edited; below it they are a
/// removal and an addition. wikidiff2 shows changes below 0.2 as delete plus add and NewsEdits
/// matches sentences at 0.44; paragraphs carry more words than sentences, so shared function
/// words lift unrelated pairs, and 0.5 keeps a rewritten paragraph apart from an edited one.
pub const EDIT_SIMILARITY: f64 = 0.5;

/// How far ahead in a replaced run to look for a block's edited counterpart.
const PAIR_WINDOW: usize = 8;

/// Align `old` and `new`; the second value says why the result is coarser, if it is.
pub fn align(
    old: &[Block],
    new: &[Block],
    deadline: Instant,
) -> (Vec<BlockChange>, Option<String>) {
    let ops = capture_diff_slices_deadline(Algorithm::Patience, old, new, Some(deadline));
    let mut out = Vec::with_capacity(old.len().max(new.len()));
    let mut degraded = None;
    for op in ops {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    out.push(BlockChange::Unchanged {
                        old_index: old_index + k,
                        new_index: new_index + k,
                        block: new[new_index + k].clone(),
                    });
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => removed(&mut out, old, old_index..old_index + old_len),
            DiffOp::Insert {
                new_index, new_len, ..
            } => added(&mut out, new, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                if Instant::now() > deadline {
                    degraded.get_or_insert_with(budget_note);
                    removed(&mut out, old, old_index..old_index + old_len);
                    added(&mut out, new, new_index..new_index + new_len);
                } else if pair_run(
                    &mut out,
                    old,
                    new,
                    (old_index, old_index + old_len),
                    (new_index, new_index + new_len),
                    deadline,
                ) {
                    degraded.get_or_insert_with(budget_note);
                }
            }
        }
    }
    if Instant::now() > deadline {
        degraded.get_or_insert_with(budget_note);
    }
    (out, degraded)
}

fn budget_note() -> String {
    format!(
        "diff time budget of {} ms exceeded: some replaced paragraphs are shown as removed and added",
        super::BUDGET.as_millis()
    )
}

fn removed(out: &mut Vec<BlockChange>, old: &[Block], range: std::ops::Range<usize>) {
    out.extend(range.map(|i| BlockChange::Removed {
        old_index: i,
        block: old[i].clone(),
    }));
}

fn added(out: &mut Vec<BlockChange>, new: &[Block], range: std::ops::Range<usize>) {
    out.extend(range.map(|i| BlockChange::Added {
        new_index: i,
        block: new[i].clone(),
    }));
}

/// Pair a replaced run in order: each old block takes the most similar new block within the
/// window ahead; blocks left between pairs are added or removed. Returns true if the deadline cut
/// an inline diff short.
fn pair_run(
    out: &mut Vec<BlockChange>,
    old: &[Block],
    new: &[Block],
    (old_start, old_end): (usize, usize),
    (new_start, new_end): (usize, usize),
    deadline: Instant,
) -> bool {
    let mut cut_short = false;
    let mut next_new = new_start;
    for i in old_start..old_end {
        let best = (next_new..new_end.min(next_new + PAIR_WINDOW))
            .map(|j| (j, word_similarity(&old[i].text, &new[j].text)))
            .filter(|&(_, s)| s >= EDIT_SIMILARITY)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let Some((j, _)) = best else {
            removed(out, old, i..i + 1);
            continue;
        };
        added(out, new, next_new..j);
        let inline = inline_changes(&old[i].text, &new[j].text, deadline).unwrap_or_else(|| {
            cut_short = true;
            whole(&old[i].text, &new[j].text)
        });
        out.push(BlockChange::Edited {
            old_index: i,
            new_index: j,
            old: old[i].clone(),
            new: new[j].clone(),
            inline,
        });
        next_new = j + 1;
    }
    added(out, new, next_new..new_end);
    cut_short
}

/// The coarsest correct inline diff: all of the old text out, all of the new text in.
fn whole(old: &str, new: &str) -> Vec<InlineChange> {
    vec![
        InlineChange {
            tag: InlineTag::Delete,
            text: old.to_string(),
        },
        InlineChange {
            tag: InlineTag::Insert,
            text: new.to_string(),
        },
    ]
}
