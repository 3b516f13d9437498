//! Runs the diff engine over real revision pairs and prints Markdown tables for
//! docs/evaluation.md:
//!
//! - every consecutive pair of `newsedits-text-pairs` (real news revisions, one sentence per
//!   line): operations and edit kinds found, and storydiff's summary;
//! - every `peer-diff-tests/wikidiff2` pair whose expected output shows moved paragraphs: the
//!   moves wikidiff2 shows beside the moves storydiff reports.
//!
//! `cargo run --release --example revisions_eval -- ../shared/corpus/revisions`

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use storydiff::article::{Article, Block};
use storydiff::changelog::summarize;
use storydiff::diff::{self, ChangeKind, ChangeSet};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/corpus/revisions".into()),
    );
    newsedits(&root.join("newsedits-text-pairs"))?;
    wikidiff2(&root.join("peer-diff-tests/wikidiff2/pairs"))?;
    Ok(())
}

/// The corpus's changed sentences are tokenised ("slow - moving", "word , word"); undo that so
/// tokenisation is not read as an edit.
fn detokenise(line: &str) -> String {
    let mut text = line.split_whitespace().collect::<Vec<_>>().join(" ");
    for (from, to) in [
        (" ,", ","),
        (" .", "."),
        (" ;", ";"),
        (" :", ":"),
        (" ?", "?"),
        (" !", "!"),
        (" ’s", "’s"),
        (" 's", "'s"),
        (" n't", "n't"),
        (" ’", "’"),
        ("‘ ", "‘"),
        ("“ ", "“"),
        (" ”", "”"),
        ("( ", "("),
        (" )", ")"),
        (" - ", "-"),
        ("$ ", "$"),
        (" %", "%"),
    ] {
        text = text.replace(from, to);
    }
    text
}

fn article(path: &Path) -> Result<Article, Box<dyn std::error::Error>> {
    let text = fs::read_to_string(path)?;
    Ok(Article {
        title: String::new(),
        blocks: text
            .lines()
            .map(detokenise)
            .filter(|l| !l.is_empty())
            .map(Block::paragraph)
            .collect(),
        ..Article::default()
    })
}

fn kinds(cs: &ChangeSet) -> String {
    let found: Vec<String> = ChangeKind::ALL
        .iter()
        .map(|&k| (k, cs.stats.edits.get(k)))
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{n} {}", k.label()))
        .collect();
    if found.is_empty() {
        "—".into()
    } else {
        found.join(", ")
    }
}

fn ops(cs: &ChangeSet) -> String {
    let s = &cs.stats;
    let found: Vec<String> = [
        (s.blocks_added, "added"),
        (s.blocks_removed, "removed"),
        (s.blocks_edited, "edited"),
        (s.blocks_moved, "moved"),
        (s.blocks_split, "split"),
        (s.blocks_merged, "merged"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if found.is_empty() {
        "—".into()
    } else {
        found.join(", ")
    }
}

/// A summary line with the quoted article text left out: the corpus is others' writing, and the
/// table goes into our repository. What is kept is storydiff's own account.
fn cell(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '“' => {
                if depth == 0 {
                    out.push_str("“…”");
                }
                depth += 1;
            }
            '”' => depth = (depth - 1).max(0),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.replace('|', "\\|")
}

fn newsedits(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    println!("### NewsEdits pairs\n");
    println!(
        "| story | versions | blocks (old→new) | operations | edit kinds | significance | ms | storydiff's summary (first lines) |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let mut stories: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    stories.sort();
    for story in stories {
        let mut versions: Vec<PathBuf> = fs::read_dir(&story)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        versions.sort();
        for pair in versions.windows(2) {
            let (old, new) = (article(&pair[0])?, article(&pair[1])?);
            let started = Instant::now();
            let cs = diff::diff(&old, &new);
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            // SHOW=<story name part> prints the full diff of matching stories to stderr.
            if std::env::var("SHOW").is_ok_and(|s| story.to_string_lossy().contains(&s)) {
                eprintln!("{}", storydiff::render::terminal::render(&cs, false));
            }
            let summary = summarize(&cs);
            let shown: Vec<String> = summary.iter().take(3).map(|l| cell(l)).collect();
            // Figures are storydiff's reading, not prose: keep them.
            let more = summary.len().saturating_sub(3);
            println!(
                "| {} | {}→{} | {}→{} | {} | {} | {} | {:.2} | {}{} |",
                story.file_name().unwrap_or_default().to_string_lossy(),
                stem(&pair[0]),
                stem(&pair[1]),
                old.blocks.len(),
                new.blocks.len(),
                ops(&cs),
                kinds(&cs),
                cs.significance.label(),
                ms,
                shown.join("<br>"),
                if more > 0 {
                    format!("<br>(+{more} more)")
                } else {
                    String::new()
                }
            );
        }
    }
    println!();
    Ok(())
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// Moves wikidiff2 shows: its distinct right-hand move anchors.
fn wikidiff2_moves(expected: &str) -> usize {
    let mut anchors = BTreeSet::new();
    for (at, _) in expected.match_indices("#movedpara_") {
        let rest = &expected[at..];
        let end = rest.find('"').unwrap_or(rest.len());
        if rest[..end].ends_with("_rhs") {
            anchors.insert(&rest[..end]);
        }
    }
    anchors.len()
}

fn paragraphs(path: &Path) -> Result<Article, Box<dyn std::error::Error>> {
    let text = fs::read_to_string(path)?;
    Ok(Article {
        blocks: text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(Block::paragraph)
            .collect(),
        ..Article::default()
    })
}

fn wikidiff2(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    println!("### wikidiff2 pairs with moved paragraphs\n");
    println!("| pair | wikidiff2 moves | storydiff moves | storydiff operations | agree |");
    println!("|---|---|---|---|---|");
    let mut pairs: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    pairs.sort();
    let (mut with_moves, mut agreed) = (0, 0);
    for pair in pairs {
        let expected = fs::read_to_string(pair.join("expected_output.txt")).unwrap_or_default();
        let theirs = wikidiff2_moves(&expected);
        if theirs == 0 {
            continue;
        }
        with_moves += 1;
        let cs = diff::diff(
            &paragraphs(&pair.join("old.txt"))?,
            &paragraphs(&pair.join("new.txt"))?,
        );
        let ours = cs.stats.blocks_moved;
        let agree = ours > 0;
        agreed += usize::from(agree);
        println!(
            "| {} | {theirs} | {ours} | {} | {} |",
            stem(&pair),
            ops(&cs),
            if agree { "yes" } else { "no" }
        );
    }
    println!(
        "\nPairs where wikidiff2 shows a move and storydiff reports one too: {agreed} of {with_moves}."
    );
    Ok(())
}
