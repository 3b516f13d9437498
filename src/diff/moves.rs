//! Moves: a block removed in one place and added, as it was or reworded, in another.
//!
//! Alignment keeps the order of both versions, so a paragraph that changed place comes out of it
//! as a removal and an addition in different gaps between aligned blocks. This pass pairs them.

use std::collections::HashMap;
use std::time::Instant;

use super::BlockChange;
use super::align::whole;
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

    // Unchanged text first: exact, and cheap at any size.
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, &(pos, _)) in removed.iter().enumerate().rev() {
        by_text.entry(text(pos)).or_default().push(k);
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
    let open_removed: Vec<usize> = (0..removed.len()).filter(|&k| !taken_removed[k]).collect();
    let open_added: Vec<usize> = (0..added.len()).filter(|&a| !taken_added[a]).collect();
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
