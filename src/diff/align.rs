//! Body alignment: blocks matched with Myers, then each replaced run paired in order into
//! edited, split and merged blocks; whatever stays unpaired is added or removed.

use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

use crate::article::Block;

use super::bag::Bag;
use super::inline::inline_changes;
use super::sentence::sentence_counts;
use super::{BlockChange, InlineChange, InlineTag, SentenceCounts};

/// Two blocks at least this similar (word Dice) are one paragraph edited; below it they are a
/// removal and an addition. wikidiff2 treats changes below 0.2 as delete plus add and NewsEdits
/// matches sentences at 0.44; paragraphs carry more words than sentences, so shared function
/// words lift unrelated pairs, and 0.5 keeps a rewritten paragraph apart from an edited one
/// (checked on the NewsEdits pairs, docs/evaluation.md).
pub const EDIT_SIMILARITY: f64 = 0.5;

/// A block and several consecutive blocks this similar, when the pieces are also more similar
/// together than any one of them alone (by [`SPLIT_GAIN`]), are one block split (or merged).
/// Higher than [`EDIT_SIMILARITY`]: a split is a claim that no words were lost.
pub const SPLIT_SIMILARITY: f64 = 0.7;

/// How much better the joined pieces must match than the best single block.
pub const SPLIT_GAIN: f64 = 0.1;

/// Each piece of a split (or merge) must take at least this share of its words from the whole,
/// so a new paragraph written after a split one is not counted as a piece of it.
const PIECE_CONTAINMENT: f64 = 0.6;

/// Most pieces a block is looked for in.
pub const MAX_PIECES: usize = 4;

/// How far ahead in a replaced run to look for a block's edited counterpart.
const PAIR_WINDOW: usize = 8;

/// Align `old` and `new`; the second value says why the result is coarser, if it is.
pub fn align(
    old: &[Block],
    new: &[Block],
    deadline: Instant,
    budget: Duration,
) -> (Vec<BlockChange>, Option<String>) {
    // Blocks are compared by a hash of their kind and text: integer comparisons instead of
    // string ones, checked for equality below so a collision can only cost a pairing. Myers, not
    // Patience: it keeps the most blocks in place, so a paragraph moved past repeated short
    // blocks ("Advertisement") is the one that moved (wikidiff2's test 001 agrees).
    let (old_keys, new_keys) = (keys(old), keys(new));
    let ops = capture_diff_slices_deadline(Algorithm::Myers, &old_keys, &new_keys, Some(deadline));
    let mut out = Vec::with_capacity(old.len().max(new.len()));
    let mut cut_short = false;
    for op in ops {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    let (i, j) = (old_index + k, new_index + k);
                    if old[i] == new[j] {
                        out.push(BlockChange::Unchanged {
                            old_index: i,
                            new_index: j,
                            block: new[j].clone(),
                        });
                    } else {
                        removed(&mut out, old, i..i + 1);
                        added(&mut out, new, j..j + 1);
                    }
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
                let run = Run {
                    old,
                    new,
                    old_range: (old_index, old_index + old_len),
                    new_range: (new_index, new_index + new_len),
                };
                cut_short |= run.pair(&mut out, deadline);
            }
        }
    }
    let degraded = (cut_short || Instant::now() > deadline).then(|| budget_note(budget));
    (out, degraded)
}

/// One hash per block, over its kind and text.
fn keys(blocks: &[Block]) -> Vec<u64> {
    blocks
        .iter()
        .map(|b| {
            let mut h = std::hash::DefaultHasher::new();
            std::hash::Hash::hash(b, &mut h);
            std::hash::Hasher::finish(&h)
        })
        .collect()
}

pub fn budget_note(budget: Duration) -> String {
    format!(
        "diff time budget of {} ms exceeded: some changed paragraphs are shown as removed and added, or whole",
        budget.as_millis()
    )
}

fn removed(out: &mut Vec<BlockChange>, old: &[Block], range: std::ops::Range<usize>) {
    out.extend(range.map(|i| BlockChange::Removed {
        old_index: i,
        block: old[i].clone(),
        edits: Vec::new(),
    }));
}

fn added(out: &mut Vec<BlockChange>, new: &[Block], range: std::ops::Range<usize>) {
    out.extend(range.map(|i| BlockChange::Added {
        new_index: i,
        block: new[i].clone(),
        edits: Vec::new(),
    }));
}

/// One replaced run: old blocks `old_range` stand where new blocks `new_range` stand.
struct Run<'a> {
    old: &'a [Block],
    new: &'a [Block],
    old_range: (usize, usize),
    new_range: (usize, usize),
}

/// How one old position pairs with the new blocks.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pairing {
    /// old[i] edited into new[j].
    One,
    /// old[i] split into new[j..j + n].
    Split(usize),
    /// old[i..i + n] merged into new[j].
    Merge(usize),
}

impl Run<'_> {
    /// Pair the run in order: each old block takes its best counterpart within the window ahead;
    /// new blocks skipped over are added, old blocks without a counterpart removed. Returns true
    /// if the deadline cut the work short.
    fn pair(&self, out: &mut Vec<BlockChange>, deadline: Instant) -> bool {
        let (old_start, old_end) = self.old_range;
        let (new_start, new_end) = self.new_range;
        let old_bags: Vec<Bag> = self.old[old_start..old_end]
            .iter()
            .map(|b| Bag::of(&b.text))
            .collect();
        let new_bags: Vec<Bag> = self.new[new_start..new_end]
            .iter()
            .map(|b| Bag::of(&b.text))
            .collect();
        let mut cut_short = false;
        let (mut i, mut next_new) = (old_start, new_start);
        while i < old_end {
            if Instant::now() > deadline {
                removed(out, self.old, i..old_end);
                cut_short = true;
                break;
            }
            let Some((pairing, j)) = self.best(i, next_new, &old_bags, &new_bags) else {
                removed(out, self.old, i..i + 1);
                i += 1;
                continue;
            };
            added(out, self.new, next_new..j);
            let (old_n, new_n) = match pairing {
                Pairing::One => (1, 1),
                Pairing::Split(n) => (1, n),
                Pairing::Merge(n) => (n, 1),
            };
            let old_text = joined(&self.old[i..i + old_n]);
            let new_text = joined(&self.new[j..j + new_n]);
            let inline = inline_changes(&old_text, &new_text, deadline).unwrap_or_else(|| {
                cut_short = true;
                whole(&old_text, &new_text)
            });
            out.push(match pairing {
                Pairing::One => BlockChange::Edited {
                    old_index: i,
                    new_index: j,
                    old: self.old[i].clone(),
                    new: self.new[j].clone(),
                    sentences: if cut_short {
                        SentenceCounts::default()
                    } else {
                        sentence_counts(&old_text, &new_text, &inline, deadline)
                    },
                    inline,
                    edits: Vec::new(),
                },
                Pairing::Split(n) => BlockChange::Split {
                    old_index: i,
                    new_indices: (j..j + n).collect(),
                    old: self.old[i].clone(),
                    new: self.new[j..j + n].to_vec(),
                    inline,
                    edits: Vec::new(),
                },
                Pairing::Merge(n) => BlockChange::Merged {
                    old_indices: (i..i + n).collect(),
                    new_index: j,
                    old: self.old[i..i + n].to_vec(),
                    new: self.new[j].clone(),
                    inline,
                    edits: Vec::new(),
                },
            });
            i += old_n;
            next_new = j + new_n;
        }
        added(out, self.new, next_new..new_end);
        cut_short
    }

    /// The best pairing for old block `i` with new blocks from `from` on, if any is similar enough.
    fn best(
        &self,
        i: usize,
        from: usize,
        old_bags: &[Bag],
        new_bags: &[Bag],
    ) -> Option<(Pairing, usize)> {
        let (old_start, old_end) = self.old_range;
        let (new_start, new_end) = self.new_range;
        let old_bag = &old_bags[i - old_start];
        let window = from..new_end.min(from + PAIR_WINDOW);
        // The next block in order, barely changed, is the answer: most edited paragraphs are.
        if from < new_end && old_bag.dice(&new_bags[from - new_start]) + SPLIT_GAIN > 1.0 {
            return Some((Pairing::One, from));
        }
        let mut single: Option<(usize, f64)> = None;
        let mut several: Option<(Pairing, usize, f64)> = None;
        for j in window.clone() {
            let score = old_bag.dice(&new_bags[j - new_start]);
            if single.is_none_or(|(_, s)| score > s) {
                single = Some((j, score));
            }
        }
        // Pieces can only win by SPLIT_GAIN over the best single block.
        let single_score = single.map_or(0.0, |(_, s)| s);
        if single_score + SPLIT_GAIN > 1.0 {
            return single.map(|(j, _)| (Pairing::One, j));
        }
        for j in window {
            let new_bag = &new_bags[j - new_start];
            for n in 2..=MAX_PIECES {
                if j + n <= new_end {
                    let pieces = &new_bags[j - new_start..j + n - new_start];
                    if let Some(score) = pieces_score(old_bag, pieces)
                        && several.is_none_or(|(_, _, s)| score > s)
                    {
                        several = Some((Pairing::Split(n), j, score));
                    }
                }
                if i + n <= old_end {
                    let pieces = &old_bags[i - old_start..i + n - old_start];
                    if let Some(score) = pieces_score(new_bag, pieces)
                        && several.is_none_or(|(_, _, s)| score > s)
                    {
                        several = Some((Pairing::Merge(n), j, score));
                    }
                }
            }
        }
        if let Some((pairing, j, score)) = several
            && score >= SPLIT_SIMILARITY
            && score >= single_score + SPLIT_GAIN
        {
            return Some((pairing, j));
        }
        single
            .filter(|&(_, s)| s >= EDIT_SIMILARITY)
            .map(|(j, _)| (Pairing::One, j))
    }
}

/// How well `whole` matches `pieces` read together, or None when a piece does not take most of
/// its words from the whole.
pub fn pieces_score(whole: &Bag, pieces: &[Bag]) -> Option<f64> {
    let contained = pieces
        .iter()
        .all(|p| p.len() > 0 && p.shared(whole) as f64 >= PIECE_CONTAINMENT * p.len() as f64);
    contained.then(|| whole.dice(&Bag::joined(pieces)))
}

/// Several blocks' texts read as one, a space between each.
pub fn joined(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The coarsest correct inline diff: all of the old text out, all of the new text in.
pub fn whole(old: &str, new: &str) -> Vec<InlineChange> {
    [(InlineTag::Delete, old), (InlineTag::Insert, new)]
        .into_iter()
        .filter(|(_, text)| !text.is_empty())
        .map(|(tag, text)| InlineChange {
            tag,
            text: text.to_string(),
        })
        .collect()
}
