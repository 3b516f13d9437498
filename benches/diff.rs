//! Diff speed on article-sized and very large input: the full pipeline (alignment, inline
//! changes, moves, classification) from two Articles to a ChangeSet.
//!
//! `cargo bench --bench diff`; figures in docs/benchmarks.md.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use std::time::Duration;
use storydiff::article::{Article, Block};

use storydiff::diff::{diff, diff_within};

/// A deterministic word stream with a newsroom's vocabulary (xorshift, so runs are repeatable).
struct Words(u64);

const VOCABULARY: &[&str] = &[
    "the",
    "council",
    "said",
    "harbour",
    "fire",
    "families",
    "shelter",
    "on",
    "Tuesday",
    "a",
    "of",
    "and",
    "to",
    "in",
    "police",
    "mayor",
    "budget",
    "vote",
    "residents",
    "night",
    "was",
    "were",
    "after",
    "officials",
    "report",
    "quay",
    "warehouse",
    "crews",
    "insurers",
    "for",
    "million",
    "percent",
    "evacuated",
    "investigation",
    "spokesperson",
    "told",
    "reporters",
    "that",
    "would",
    "reopen",
    "Monday",
    "storm",
    "road",
    "bridge",
    "school",
    "hospital",
];

impl Words {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn word(&mut self) -> String {
        let n = self.next();
        if n.is_multiple_of(23) {
            format!("{}", n % 5000)
        } else {
            VOCABULARY[(n % VOCABULARY.len() as u64) as usize].to_string()
        }
    }
}

/// An article of `words` words in paragraphs of 40–60 words.
fn article(words: usize, seed: u64) -> Article {
    let mut w = Words(seed);
    let mut blocks = Vec::new();
    let mut left = words;
    while left > 0 {
        let len = (40 + (w.next() % 21) as usize).min(left);
        let text: Vec<String> = (0..len).map(|_| w.word()).collect();
        blocks.push(Block::paragraph(format!("{}.", text.join(" "))));
        left -= len;
    }
    Article {
        title: "Council approves harbour budget".into(),
        blocks,
        ..Article::default()
    }
}

/// The next version: about `share` of the words replaced, and two paragraphs moved.
fn revise(old: &Article, share: f64, seed: u64) -> Article {
    let mut w = Words(seed);
    let mut new = old.clone();
    let every = (1.0 / share) as u64;
    for block in &mut new.blocks {
        let words: Vec<String> = block
            .text
            .split(' ')
            .map(|word| {
                if w.next().is_multiple_of(every) {
                    w.word()
                } else {
                    word.to_string()
                }
            })
            .collect();
        block.text = words.join(" ");
    }
    let n = new.blocks.len();
    let first = new.blocks.remove(n / 5);
    new.blocks.insert(n * 4 / 5, first);
    let second = new.blocks.remove(n / 2);
    new.blocks.insert(1, second);
    new
}

fn benches(c: &mut Criterion) {
    let old = article(10_000, 0x5eed);
    let new = revise(&old, 0.05, 0xbeef);
    let cs = diff(&old, &new);
    assert!(cs.stats.blocks_moved >= 2 && cs.degraded.is_none());
    c.bench_function("diff 10k words, 5% edited, 2 moves", |b| {
        b.iter(|| diff(black_box(&old), black_box(&new)))
    });

    // Past the default 50 ms budget a diff this size would degrade; measure the full work.
    let big_old = article(100_000, 0xfeed);
    let big_new = revise(&big_old, 0.05, 0xcafe);
    let ample = Duration::from_secs(5);
    assert!(diff_within(&big_old, &big_new, ample).degraded.is_none());
    c.bench_function("diff 100k words, 5% edited, 2 moves", |b| {
        b.iter(|| diff_within(black_box(&big_old), black_box(&big_new), ample))
    });

    // Baseline in the same run: a plain word diff of the same 10k-word pair with `similar`,
    // no alignment, moves or classification, for a ratio that survives a noisy machine.
    let old_text = old.canonical_text();
    let new_text = new.canonical_text();
    c.bench_function("baseline: similar word diff of the 10k pair", |b| {
        b.iter(|| {
            similar::TextDiff::configure()
                .algorithm(similar::Algorithm::Patience)
                .diff_words(black_box(&old_text), black_box(&new_text))
                .ops()
                .len()
        })
    });
}

criterion_group! {
    name = diff_benches;
    config = Criterion::default().sample_size(30);
    targets = benches
}
criterion_main!(diff_benches);
