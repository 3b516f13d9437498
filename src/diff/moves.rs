//! Moves: a block removed in one place and added, as it was or reworded, in another.
//!
//! Alignment keeps the order of both versions, so a paragraph that changed place comes out of it
//! as a removal and an addition in different gaps between aligned blocks. This pass pairs them.

use std::collections::HashMap;
use std::time::Instant;

use super::BlockChange;
use super::align::{MAX_PIECES, SPLIT_GAIN, SPLIT_SIMILARITY, joined, pieces_score, whole};
use super::bag::Bag;
use super::inline::inline_changes;

/// A removed and an added block at least this similar (word Dice) in different places are one
/// block moved. wikidiff2 reports moved paragraphs at 0.4 similarity; on its test pairs and
/// ours, 0.5 (our [`EDIT_SIMILARITY`](super::align::EDIT_SIMILARITY)) found the same moves
/// while never pairing two unrelated news paragraphs that share only function words.
pub const MOVE_SIMILARITY: f64 = 0.5;

/// Above this many removed × added pairs, only moves of unchanged text are looked for: pairing by
/// similarity would cost more than it can tell.
const MAX_PAIRS: usize = 40_000;

/// Turn removed/added pairs that are one block moved into [`BlockChange::Moved`], listed where
/// the block now stands. Returns false if the deadline stopped the search.
pub fn find_moves(blocks: &mut Vec<BlockChange>, deadline: Instant) -> bool {
    // Each change's gap: how many aligned blocks stand before it. A removal and an addition in
    // the same gap are a replacement in place, never a move.
    let mut gap = 0;
    let mut removed = Vec::new(); // (position, gap)
    let mut added = Vec::new();
    for (pos, change) in blocks.iter().enumerate() {
        match change {
            BlockChange::Removed { .. } => removed.push((pos, gap)),
            BlockChange::Added { .. } => added.push((pos, gap)),
            _ => gap += 1,
        }
    }
    if removed.is_empty() || added.is_empty() {
        return true;
    }
    let text = |pos: usize| match &blocks[pos] {
        BlockChange::Removed { block, .. } | BlockChange::Added { block, .. } => {
            block.text.as_str()
        }
        _ => unreachable!("only removals and additions are paired"),
    };

    let mut pairs: Vec<(usize, usize)> = Vec::new(); // (removed position, added position)
    let mut taken_removed = vec![false; removed.len()];
    let mut taken_added = vec![false; added.len()];

    // Unchanged text first: exact, and cheap at any size. Only text that stands once in each
    // version can be said to have moved: repeated lines ("Advertisement", "* * *") have no place.
    let mut copies: HashMap<&str, (usize, usize)> = HashMap::new(); // (in old, in new)
    for change in blocks.iter() {
        let (old, new): (Option<&str>, Option<&str>) = match change {
            BlockChange::Unchanged { block, .. } => (Some(&block.text), Some(&block.text)),
            BlockChange::Removed { block, .. } => (Some(&block.text), None),
            BlockChange::Added { block, .. } => (None, Some(&block.text)),
            BlockChange::Edited { old, new, .. } => (Some(&old.text), Some(&new.text)),
            _ => (None, None),
        };
        if let Some(text) = old {
            copies.entry(text).or_default().0 += 1;
        }
        if let Some(text) = new {
            copies.entry(text).or_default().1 += 1;
        }
    }
    let once_in_old = |text: &str| copies.get(text).is_some_and(|c| c.0 == 1);
    let once_in_new = |text: &str| copies.get(text).is_some_and(|c| c.1 == 1);
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, &(pos, _)) in removed.iter().enumerate().rev() {
        if once_in_old(text(pos)) && once_in_new(text(pos)) {
            by_text.entry(text(pos)).or_default().push(k);
        }
    }
    for (a, &(pos, gap)) in added.iter().enumerate() {
        let Some(candidates) = by_text.get_mut(text(pos)) else {
            continue;
        };
        if let Some(at) = candidates.iter().rposition(|&k| removed[k].1 != gap) {
            let k = candidates.remove(at);
            taken_removed[k] = true;
            taken_added[a] = true;
            pairs.push((removed[k].0, pos));
        }
    }

    // Then reworded blocks, best pairs first.
    let mut complete = true;
    let open_removed: Vec<usize> = (0..removed.len())
        .filter(|&k| !taken_removed[k] && once_in_old(text(removed[k].0)))
        .collect();
    let open_added: Vec<usize> = (0..added.len())
        .filter(|&a| !taken_added[a] && once_in_new(text(added[a].0)))
        .collect();
    if !open_removed.is_empty()
        && !open_added.is_empty()
        && open_removed.len() * open_added.len() <= MAX_PAIRS
    {
        let removed_bags: Vec<Bag> = open_removed
            .iter()
            .map(|&k| Bag::of(text(removed[k].0)))
            .collect();
        let added_bags: Vec<Bag> = open_added
            .iter()
            .map(|&a| Bag::of(text(added[a].0)))
            .collect();
        let mut scored = Vec::new();
        for (x, &k) in open_removed.iter().enumerate() {
            if Instant::now() > deadline {
                complete = false;
                break;
            }
            for (y, &a) in open_added.iter().enumerate() {
                if removed[k].1 == added[a].1 {
                    continue;
                }
                let score = removed_bags[x].dice(&added_bags[y]);
                if score >= MOVE_SIMILARITY {
                    scored.push((score, k, a));
                }
            }
        }
        scored.sort_by(|x, y| y.0.total_cmp(&x.0));
        for (_, k, a) in scored {
            if !taken_removed[k] && !taken_added[a] {
                taken_removed[k] = true;
                taken_added[a] = true;
                pairs.push((removed[k].0, added[a].0));
            }
        }
    }

    let mut gone = vec![false; blocks.len()];
    for (from, to) in pairs {
        let (
            BlockChange::Removed {
                old_index,
                block: old,
                ..
            },
            BlockChange::Added {
                new_index,
                block: new,
                ..
            },
        ) = (blocks[from].clone(), blocks[to].clone())
        else {
            unreachable!("pairs join a removal and an addition");
        };
        let inline = if old.text == new.text {
            Vec::new()
        } else {
            inline_changes(&old.text, &new.text, deadline).unwrap_or_else(|| {
                complete = false;
                whole(&old.text, &new.text)
            })
        };
        blocks[to] = BlockChange::Moved {
            old_index,
            new_index,
            old,
            new,
            inline,
            edits: Vec::new(),
        };
        gone[from] = true;
    }
    let mut pos = 0;
    blocks.retain(|_| {
        pos += 1;
        !gone[pos - 1]
    });
    complete
}

/// The first old and new position a change holds, for changes present in both versions.
fn span(change: &BlockChange) -> Option<(usize, usize)> {
    match change {
        BlockChange::Unchanged {
            old_index,
            new_index,
            ..
        }
        | BlockChange::Edited {
            old_index,
            new_index,
            ..
        }
        | BlockChange::Moved {
            old_index,
            new_index,
            ..
        } => Some((*old_index, *new_index)),
        BlockChange::Split {
            old_index,
            new_indices,
            ..
        } => Some((*old_index, new_indices[0])),
        BlockChange::Merged {
            old_indices,
            new_index,
            ..
        } => Some((old_indices[0], *new_index)),
        BlockChange::Added { .. } | BlockChange::Removed { .. } => None,
    }
}

/// Decide which blocks moved once all pairs are known: the longest run of pairs that keeps its
/// order in both versions stays in place, every other pair moved. Alignment alone anchors on
/// unchanged text, so one unchanged paragraph moved past three edited ones would otherwise make
/// the three look moved. Returns the body in reading order again.
pub fn settle(blocks: Vec<BlockChange>, deadline: Instant) -> Vec<BlockChange> {
    if !blocks
        .iter()
        .any(|b| matches!(b, BlockChange::Moved { .. }))
    {
        return blocks;
    }
    // Pairs by old position; the longest increasing run of new positions stays.
    let mut pairs: Vec<(usize, usize, usize)> = blocks
        .iter()
        .enumerate()
        .filter_map(|(k, b)| span(b).map(|(o, n)| (o, n, k)))
        .collect();
    pairs.sort_unstable();
    let news: Vec<usize> = pairs.iter().map(|p| p.1).collect();
    let mut stays = vec![false; blocks.len()];
    for i in longest_increasing(&news) {
        stays[pairs[i].2] = true;
    }

    let mut in_place = Vec::new(); // (old, new, change)
    let mut by_new = Vec::new(); // (new, change): additions and moves
    let mut by_old = Vec::new(); // (old, change): removals
    for (k, change) in blocks.into_iter().enumerate() {
        let change = if stays[k] {
            settle_in_place(change, deadline)
        } else {
            settle_moved(change)
        };
        match (&change, span(&change)) {
            (BlockChange::Removed { old_index, .. }, _) => by_old.push((*old_index, change)),
            (BlockChange::Added { new_index, .. }, _) => by_new.push((*new_index, change)),
            (_, Some((o, n))) if stays[k] => in_place.push((o, n, change)),
            (_, Some((_, n))) => by_new.push((n, change)),
            (_, None) => unreachable!("every other change has both sides"),
        }
    }
    in_place.sort_by_key(|c| c.0);
    by_new.sort_by_key(|c| c.0);
    by_old.sort_by_key(|c| c.0);

    // Between two changes that stayed: what was removed there, then what now stands there.
    let mut out = Vec::new();
    let (mut removals, mut arrivals) =
        (by_old.into_iter().peekable(), by_new.into_iter().peekable());
    for (old, new, change) in in_place {
        while let Some(r) = removals.next_if(|r| r.0 < old) {
            out.push(r.1);
        }
        while let Some(a) = arrivals.next_if(|a| a.0 < new) {
            out.push(a.1);
        }
        out.push(change);
    }
    out.extend(removals.map(|r| r.1));
    out.extend(arrivals.map(|a| a.1));
    rejoin_splits(out, deadline)
}

/// After moves are settled, a block edited in place may be the first piece of a split whose other
/// pieces alignment had to call added (or the last block of a merge whose other blocks it called
/// removed): the pair was found across a moved block, where the run pairing never looked.
fn rejoin_splits(blocks: Vec<BlockChange>, deadline: Instant) -> Vec<BlockChange> {
    let mut out: Vec<BlockChange> = Vec::with_capacity(blocks.len());
    let mut rest = blocks.into_iter().peekable();
    while let Some(change) = rest.next() {
        let BlockChange::Edited {
            old_index,
            new_index,
            ref old,
            ref new,
            ..
        } = change
        else {
            out.push(change);
            continue;
        };
        // The added blocks right after it, in order, are candidate pieces.
        let mut pieces = vec![new.clone()];
        let mut taken = Vec::new();
        while pieces.len() < MAX_PIECES {
            match rest.peek() {
                Some(BlockChange::Added {
                    new_index: at,
                    block,
                    ..
                }) if *at == new_index + pieces.len() => {
                    pieces.push(block.clone());
                    taken.push(rest.next().expect("peeked"));
                }
                _ => break,
            }
        }
        if taken.is_empty() {
            out.push(change);
            continue;
        }
        let whole_bag = Bag::of(&old.text);
        let bags: Vec<Bag> = pieces.iter().map(|b| Bag::of(&b.text)).collect();
        let best = (2..=pieces.len())
            .filter_map(|n| pieces_score(&whole_bag, &bags[..n]).map(|s| (n, s)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let single = whole_bag.dice(&bags[0]);
        match best {
            Some((n, score)) if score >= SPLIT_SIMILARITY && score >= single + SPLIT_GAIN => {
                let new_text = joined(&pieces[..n]);
                let inline = inline_changes(&old.text, &new_text, deadline)
                    .unwrap_or_else(|| whole(&old.text, &new_text));
                out.push(BlockChange::Split {
                    old_index,
                    new_indices: (new_index..new_index + n).collect(),
                    old: old.clone(),
                    new: pieces[..n].to_vec(),
                    inline,
                    edits: Vec::new(),
                });
                out.extend(taken.into_iter().skip(n - 1));
            }
            _ => {
                out.push(change);
                out.extend(taken);
            }
        }
    }
    out
}

/// A pair that keeps its place: a move there is an edit (or nothing) in place.
fn settle_in_place(change: BlockChange, deadline: Instant) -> BlockChange {
    match change {
        BlockChange::Moved {
            old_index,
            new_index,
            old,
            new,
            inline,
            edits,
        } => {
            if old.text == new.text && old.kind == new.kind {
                BlockChange::Unchanged {
                    old_index,
                    new_index,
                    block: new,
                }
            } else {
                let inline = if inline.is_empty() {
                    whole(&old.text, &new.text)
                } else {
                    inline
                };
                BlockChange::Edited {
                    old_index,
                    new_index,
                    sentences: super::sentence::sentence_counts(
                        &old.text, &new.text, &inline, deadline,
                    ),
                    old,
                    new,
                    inline,
                    edits,
                }
            }
        }
        other => other,
    }
}

/// A pair out of order: an unchanged or edited block there moved.
fn settle_moved(change: BlockChange) -> BlockChange {
    match change {
        BlockChange::Unchanged {
            old_index,
            new_index,
            block,
        } => BlockChange::Moved {
            old_index,
            new_index,
            old: block.clone(),
            new: block,
            inline: Vec::new(),
            edits: Vec::new(),
        },
        BlockChange::Edited {
            old_index,
            new_index,
            old,
            new,
            inline,
            edits,
            ..
        } => BlockChange::Moved {
            old_index,
            new_index,
            old,
            new,
            inline,
            edits,
        },
        other => other,
    }
}

/// Indices of one longest strictly increasing subsequence of `values` (patience sorting).
fn longest_increasing(values: &[usize]) -> Vec<usize> {
    let mut tails: Vec<usize> = Vec::new(); // index of the smallest tail of each length
    let mut previous = vec![usize::MAX; values.len()];
    for (i, &v) in values.iter().enumerate() {
        let at = tails.partition_point(|&t| values[t] < v);
        if at > 0 {
            previous[i] = tails[at - 1];
        }
        if at == tails.len() {
            tails.push(i);
        } else {
            tails[at] = i;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(i) = at {
        out.push(i);
        at = (previous[i] != usize::MAX).then_some(previous[i]);
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::longest_increasing;

    #[test]
    fn longest_increasing_run() {
        assert_eq!(
            longest_increasing(&[0, 1, 2, 7, 4, 6, 8]),
            [0, 1, 2, 4, 5, 6]
        );
        assert_eq!(longest_increasing(&[]), Vec::<usize>::new());
        assert_eq!(longest_increasing(&[3, 2, 1]).len(), 1);
    }
}
