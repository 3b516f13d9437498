//! Extraction speed and accuracy in-process, on the real pages of the shared corpus:
//! `cargo run --release --example extract_eval [-- ../shared/corpus/extraction [ROUNDS]]`.
//!
//! Reads the scrapinghub dev pages the way `score-extraction` finds them (`manifest.jsonl`, rows of
//! source `scrapinghub-aeb` and kind `real_page`), decompresses them all into memory, then runs
//! `storydiff::extract::extract` over them on one thread, ROUNDS times (default 3), and prints
//! pages per second (best round) beside the benchmark's F1 (4-gram shingles over `\w+` tokens,
//! per-page TP/FP/FN normalised, precision and recall averaged over pages), so speed is never
//! reported without the accuracy it was measured at. The pages are read at run time and never
//! stored in the repository.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use storydiff::extract::{PageInfo, extract};

struct Page {
    html: Vec<u8>,
    url: Option<url::Url>,
    truth: String,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let corpus = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "../shared/corpus/extraction".to_string()),
    );
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let pages = match load(&corpus) {
        Ok(pages) => pages,
        Err(err) => {
            eprintln!("extract_eval: error: {}: {err}", corpus.display());
            std::process::exit(2);
        }
    };
    let bytes: usize = pages.iter().map(|p| p.html.len()).sum();
    let mut best = f64::INFINITY;
    let mut bodies = Vec::new();
    for _ in 0..rounds.max(1) {
        bodies.clear();
        let start = Instant::now();
        for page in &pages {
            let info = PageInfo {
                url: page.url.clone(),
                content_type: None,
            };
            let body = extract(&page.html, &info)
                .map(|a| {
                    a.blocks
                        .iter()
                        .map(|b| b.text.as_str())
                        .collect::<Vec<_>>()
                        .join("\n\n")
                })
                .ok();
            bodies.push(body);
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    let errors = bodies.iter().filter(|b| b.is_none()).count();
    let (mut ps, mut rs) = (Vec::new(), Vec::new());
    for (page, body) in pages.iter().zip(&bodies) {
        let (tp, fp, fn_) = tp_fp_fn(&page.truth, body.as_deref().unwrap_or(""));
        if tp + fp > 0.0 {
            ps.push(if fp == 0.0 && fn_ == 0.0 {
                1.0
            } else {
                tp / (tp + fp)
            });
        }
        if tp + fn_ > 0.0 {
            rs.push(if fp == 0.0 && fn_ == 0.0 {
                1.0
            } else {
                tp / (tp + fn_)
            });
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let (p, r) = (mean(&ps), mean(&rs));
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    println!(
        "scrapinghub pages={} avg_kb={:.0} errors={errors} precision={p:.3} recall={r:.3} F1={f1:.3} \
         best_of={rounds} seconds={best:.3} pages_per_s={:.1}",
        pages.len(),
        bytes as f64 / pages.len().max(1) as f64 / 1024.0,
        pages.len() as f64 / best,
    );
}

/// The scrapinghub dev pages with their URLs and human article bodies.
fn load(corpus: &Path) -> Result<Vec<Page>, String> {
    let manifest = std::fs::read_to_string(corpus.join("manifest.jsonl"))
        .map_err(|e| format!("manifest.jsonl: {e}"))?;
    let truth_path = corpus.join("scrapinghub-aeb/ground-truth-dev.json");
    let truth: HashMap<String, serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(&truth_path).map_err(|e| format!("ground truth: {e}"))?,
    )
    .map_err(|e| format!("ground truth: {e}"))?;
    let mut pages = Vec::new();
    for line in manifest.lines() {
        let row: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        if row["source"] != "scrapinghub-aeb" || row["kind"] != "real_page" {
            continue;
        }
        let file = row["html"].as_str().ok_or("a row without html")?;
        let raw = std::fs::read(corpus.join(file)).map_err(|e| format!("{file}: {e}"))?;
        let mut html = Vec::new();
        flate2::read::GzDecoder::new(raw.as_slice())
            .read_to_end(&mut html)
            .map_err(|e| format!("{file}: {e}"))?;
        let id = row["page_id"].as_str().unwrap_or_default();
        pages.push(Page {
            html,
            url: row["url"].as_str().and_then(|u| url::Url::parse(u).ok()),
            truth: truth
                .get(id)
                .and_then(|t| t["articleBody"].as_str())
                .unwrap_or_default()
                .to_string(),
        });
    }
    Ok(pages)
}

/// 4-gram shingle counts over `\w+` tokens.
fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let word = regex::Regex::new(r"\w+").expect("valid pattern");
    let tokens: Vec<&str> = word.find_iter(text).map(|m| m.as_str()).collect();
    let mut out = HashMap::new();
    if tokens.len() < 4 {
        if !tokens.is_empty() {
            *out.entry(tokens).or_insert(0) += 1;
        }
        return out;
    }
    for gram in tokens.windows(4) {
        *out.entry(gram.to_vec()).or_insert(0) += 1;
    }
    out
}

/// True positives, false positives and false negatives, normalised to sum 1.
fn tp_fp_fn(truth: &str, predicted: &str) -> (f64, f64, f64) {
    let (t, p) = (shingles(truth), shingles(predicted));
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for key in t.keys().chain(p.keys().filter(|k| !t.contains_key(*k))) {
        let tc = *t.get(key).unwrap_or(&0) as f64;
        let pc = *p.get(key).unwrap_or(&0) as f64;
        tp += tc.min(pc);
        fp += (pc - tc).max(0.0);
        fn_ += (tc - pc).max(0.0);
    }
    let sum = tp + fp + fn_;
    if sum == 0.0 {
        (0.0, 0.0, 0.0)
    } else {
        (tp / sum, fp / sum, fn_ / sum)
    }
}
