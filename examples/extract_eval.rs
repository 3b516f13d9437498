//! Extraction speed and accuracy in-process, on the real pages of the shared corpus:
//! `cargo run --release --example extract_eval [-- ../shared/corpus/extraction [ROUNDS]]`.
//!
//! Reads the scrapinghub dev pages the way `score-extraction` finds them (`manifest.jsonl`, rows of
//! source `scrapinghub-aeb` and kind `real_page`), decompresses them all into memory, then runs
//! `storydiff::extract::extract` over them on one thread, ROUNDS times (default 3), and prints
//! pages per second (best round) beside the benchmark's F1 (4-gram shingles over `\w+` tokens,
//! per-page TP/FP/FN normalised, precision and recall averaged over pages), so speed is never
//! reported without the accuracy it was measured at. Then it scores the trafilatura-eval pages
//! as the scorer does (share of wanted snippets kept, of unwanted ones let in). `DETAILS=1`
//! lists the worst pages of both sets, `SHOW=1` with it the snippets missed and kept. The pages
//! are read at run time and never stored in the repository.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use storydiff::extract::{PageInfo, extract};

struct Page {
    id: String,
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
    if std::env::var_os("DETAILS").is_some() {
        let mut rows: Vec<(f64, f64, &str, bool)> = pages
            .iter()
            .zip(&bodies)
            .map(|(page, body)| {
                let (tp, fp, fn_) = tp_fp_fn(&page.truth, body.as_deref().unwrap_or(""));
                (tp + fn_.min(0.0), fp.max(fn_), page.id.as_str(), fp > fn_)
            })
            .collect();
        rows.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (tp, worst, id, extra) in rows.iter().take(40) {
            let side = if *extra { "fp" } else { "fn" };
            println!("  tp {tp:.3} {side} {worst:.3}  {id}");
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
    if let Err(err) = snippets(&corpus) {
        eprintln!("extract_eval: error: {}: {err}", corpus.display());
        std::process::exit(2);
    }
}

/// The trafilatura evaluation pages: the share of wanted snippets our body keeps and of unwanted
/// snippets it lets in, compared with whitespace collapsed, as `score-extraction` does.
fn snippets(corpus: &Path) -> Result<(), String> {
    let manifest = std::fs::read_to_string(corpus.join("manifest.jsonl"))
        .map_err(|e| format!("manifest.jsonl: {e}"))?;
    let evaldata: HashMap<String, serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(corpus.join("trafilatura-eval-en/evaldata-en.json"))
            .map_err(|e| format!("evaldata: {e}"))?,
    )
    .map_err(|e| format!("evaldata: {e}"))?;
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let (mut want, mut found, mut unwanted, mut found_bad, mut errors, mut n) = (0, 0, 0, 0, 0, 0);
    let details = std::env::var_os("DETAILS").is_some();
    for line in manifest.lines() {
        let row: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        if row["source"] != "trafilatura-eval-en" || row["kind"] != "real_page" {
            continue;
        }
        let Some(entry) = row["ground_truth"]["key"]
            .as_str()
            .and_then(|k| evaldata.get(k))
        else {
            continue;
        };
        let file = row["html"].as_str().ok_or("a row without html")?;
        let raw = std::fs::read(corpus.join(file)).map_err(|e| format!("{file}: {e}"))?;
        let html = if file.ends_with(".gz") {
            let mut html = Vec::new();
            flate2::read::GzDecoder::new(raw.as_slice())
                .read_to_end(&mut html)
                .map_err(|e| format!("{file}: {e}"))?;
            html
        } else {
            raw
        };
        n += 1;
        let info = PageInfo {
            url: row["url"].as_str().and_then(|u| url::Url::parse(u).ok()),
            content_type: None,
        };
        let text = match extract(&html, &info) {
            Ok(a) => norm(
                &a.blocks
                    .iter()
                    .map(|b| b.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n\n"),
            ),
            Err(_) => {
                errors += 1;
                String::new()
            }
        };
        let list = |key: &str| -> Vec<String> {
            entry[key]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str())
                        .filter(|s| !s.is_empty())
                        .map(norm)
                        .collect()
                })
                .unwrap_or_default()
        };
        let (with, without) = (list("with"), list("without"));
        let got = with.iter().filter(|s| text.contains(s.as_str())).count();
        let bad: Vec<&String> = without
            .iter()
            .filter(|s| text.contains(s.as_str()))
            .collect();
        want += with.len();
        unwanted += without.len();
        found += got;
        found_bad += bad.len();
        if details && (got < with.len() || !bad.is_empty()) {
            println!(
                "  missed {}/{} kept-bad {}/{}  {}",
                with.len() - got,
                with.len(),
                bad.len(),
                without.len(),
                row["page_id"].as_str().unwrap_or("")
            );
            if std::env::var_os("SHOW").is_some() {
                for s in with.iter().filter(|s| !text.contains(s.as_str())) {
                    println!("      - missed: {}", s.chars().take(90).collect::<String>());
                }
                for s in bad {
                    println!("      + kept: {}", s.chars().take(90).collect::<String>());
                }
            }
        }
    }
    println!(
        "trafilatura pages={n} errors={errors} wanted_found={:.3} unwanted_found={:.3}",
        found as f64 / want.max(1) as f64,
        found_bad as f64 / unwanted.max(1) as f64
    );
    Ok(())
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
            id: format!(
                "{} {}",
                &id[..12.min(id.len())],
                row["url"].as_str().unwrap_or("")
            ),
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
