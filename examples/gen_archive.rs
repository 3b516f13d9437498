//! Generate a synthetic archive for benchmarks: `cargo run --release --example gen_archive --
//! DIR [ARTICLES] [VERSIONS]` (defaults 1,000 articles × 5 versions).
//!
//! Each article is an invented story of twelve paragraphs built from a fixed word list with a
//! seeded generator, so every run makes the same archive. Later versions make the edits the
//! report looks for, in turn: a paragraph added with a publisher note, a figure changed, the
//! headline rewritten, a sentence reworded without a note. Versions are recorded through the
//! library's own `record_article`, so the archive is exactly what `ingest` would write.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta};
use storydiff::archive::Archive;
use storydiff::article::{Article, Block, Note, NoteKind, NotePosition};
use storydiff::record::{Observation, record_article};

const WORDS: &[&str] = &[
    "council",
    "harbour",
    "residents",
    "minister",
    "budget",
    "station",
    "school",
    "river",
    "police",
    "hospital",
    "report",
    "weekend",
    "officials",
    "families",
    "market",
    "bridge",
    "storm",
    "election",
    "teachers",
    "contract",
    "housing",
    "museum",
    "airport",
    "farmers",
    "said",
    "announced",
    "warned",
    "expected",
    "approved",
    "rejected",
    "opened",
    "closed",
    "after",
    "before",
    "during",
    "while",
    "because",
    "although",
    "with",
    "without",
    "new",
    "old",
    "local",
    "national",
    "early",
    "late",
    "public",
    "private",
];

/// A small deterministic generator (xorshift), so the archive is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn word(&mut self) -> &'static str {
        WORDS[(self.next() % WORDS.len() as u64) as usize]
    }
    fn sentence(&mut self, words: usize) -> String {
        let mut s: Vec<String> = (0..words).map(|_| self.word().to_string()).collect();
        s.insert(words / 2, format!("{}", self.next() % 900 + 10));
        let mut text = s.join(" ");
        text[..1].make_ascii_uppercase();
        text.push('.');
        text
    }
}

fn first_version(n: usize, rng: &mut Rng) -> Article {
    Article {
        title: format!("Story {n}: {}", rng.sentence(7).trim_end_matches('.')),
        dek: Some(rng.sentence(14)),
        byline: Some("Staff Reporter".into()),
        blocks: (0..12)
            .map(|_| Block::paragraph(format!("{} {}", rng.sentence(18), rng.sentence(16))))
            .collect(),
        ..Article::default()
    }
}

/// The edit that makes version `v` (2, 3, …) from the one before.
fn edit(article: &mut Article, v: u32, rng: &mut Rng) {
    match v % 4 {
        2 => {
            let at = (rng.next() % 10) as usize + 1;
            let text = rng.sentence(24);
            let topic = text
                .split_whitespace()
                .nth(2)
                .unwrap_or("the story")
                .to_string();
            article.blocks.insert(at, Block::paragraph(text));
            article.notes.push(Note {
                kind: NoteKind::Update,
                text: format!("Updated to add comments about the {topic}."),
                position: NotePosition::Bottom,
            });
        }
        3 => {
            let block = &mut article.blocks[(rng.next() % 5) as usize];
            let old = block
                .text
                .split_whitespace()
                .find(|w| w.chars().all(|c| c.is_ascii_digit()))
                .map(str::to_string);
            if let Some(old) = old {
                let new = format!("{}", old.parse::<u64>().unwrap_or(0) + 17);
                block.text = block.text.replacen(&old, &new, 1);
            }
        }
        0 => article.title = format!("{} (updated)", article.title),
        _ => {
            let i = (rng.next() % article.blocks.len() as u64) as usize;
            let extra = rng.sentence(10);
            article.blocks[i].text.push(' ');
            article.blocks[i].text.push_str(&extra);
        }
    }
}

/// A plain page for the article, stored as `page.html`.
fn page(article: &Article) -> String {
    let body: String = article
        .blocks
        .iter()
        .map(|b| format!("<p>{}</p>\n", b.text))
        .collect();
    format!(
        "<!DOCTYPE html><html><head><title>{}</title></head><body><article><h1>{}</h1>\n{body}</article></body></html>\n",
        article.title, article.title
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .ok_or("usage: gen_archive DIR [ARTICLES] [VERSIONS]")?,
    );
    let articles: usize = args.next().map_or(Ok(1000), |a| a.parse())?;
    let versions: u32 = args.next().map_or(Ok(5), |a| a.parse())?;
    let started = Instant::now();
    let archive = Archive::open_or_create(&dir)?;
    let lock = archive.lock(Duration::from_secs(10))?;
    let start = DateTime::parse_from_rfc3339("2025-03-01T06:00:00Z")?;
    let mut rng = Rng(0x5eed_2025);
    for n in 0..articles {
        let url = url::Url::parse(&format!("https://news.example/{}/story-{n}", n % 20))?;
        let mut article = first_version(n, &mut rng);
        for v in 1..=versions {
            if v > 1 {
                edit(&mut article, v, &mut rng);
            }
            let seen_at = start + TimeDelta::minutes((n as i64) * 7 + i64::from(v) * 90);
            let raw = page(&article);
            let observed = Observation {
                url: &url,
                raw: raw.as_bytes(),
                seen_at,
                content_type: None,
            };
            record_article(&archive, &lock, &observed, &article)?;
        }
    }
    eprintln!(
        "{} articles × {versions} versions written to {} in {:.1} s",
        articles,
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
