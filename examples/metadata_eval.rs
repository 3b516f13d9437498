//! Headline and byline accuracy on real pages, for issue 3's metadata targets:
//! `cargo run --release --example metadata_eval [-- ../shared/corpus/extraction]`.
//!
//! - `mozilla-readability/pages/*`: `source.html.gz` against `expected-metadata.json` (`title`,
//!   `byline`), for pages whose expected value is not empty;
//! - `trafilatura-eval-en/evaldata-en.json`: `title` and `author` of each page.
//!
//! Both sides are compared after whitespace is collapsed and `By ` is dropped from bylines; a
//! byline also counts when every expected name appears in ours (authors listed in another
//! order, or with "and", "&", ";" or "," between them). Prints the shares and the misses, each
//! saying when no article was extracted. The pages are read at run time and never stored in the
//! repository.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use storydiff::extract::{PageInfo, extract};

fn norm(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn byline(text: &str) -> String {
    let t = norm(text);
    let t = t
        .strip_prefix("By ")
        .or_else(|| t.strip_prefix("by "))
        .unwrap_or(&t);
    t.to_lowercase()
}

/// True when every name in `expected` (split on ",", "&", ";" and " and ") appears in `ours`.
fn names_match(expected: &str, ours: &str) -> bool {
    let (expected, ours) = (byline(expected), byline(ours));
    expected == ours
        || expected
            .split([',', '&', ';'])
            .flat_map(|p| p.split(" and "))
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .all(|n| ours.contains(n))
}

fn gunzip(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(fs::File::open(path)?).read_to_end(&mut out)?;
    Ok(out)
}

#[derive(Default)]
struct Tally {
    titles: (usize, usize),
    bylines: (usize, usize),
    misses: Vec<String>,
}

impl Tally {
    fn check(&mut self, page: &str, html: &[u8], title: Option<&str>, author: Option<&str>) {
        let article = extract(html, &PageInfo::default());
        let failed = article
            .as_ref()
            .err()
            .map(|e| format!(" ({e})"))
            .unwrap_or_default();
        let article = article.ok();
        let ours_title = article.as_ref().map_or(String::new(), |a| norm(&a.title));
        let ours_byline = article
            .as_ref()
            .and_then(|a| a.byline.clone())
            .unwrap_or_default();
        if let Some(want) = title.map(norm).filter(|t| !t.is_empty()) {
            self.titles.1 += 1;
            if want == ours_title {
                self.titles.0 += 1;
            } else {
                self.misses
                    .push(format!("{page}: title {want:?} got {ours_title:?}{failed}"));
            }
        }
        if let Some(want) = author.map(norm).filter(|a| !a.is_empty()) {
            self.bylines.1 += 1;
            if names_match(&want, &ours_byline) {
                self.bylines.0 += 1;
            } else {
                self.misses.push(format!(
                    "{page}: byline {want:?} got {ours_byline:?}{failed}"
                ));
            }
        }
    }

    fn print(&self, set: &str) {
        let share = |(hit, all): (usize, usize)| hit as f64 / all.max(1) as f64;
        println!(
            "{set}: titles {}/{} = {:.3}, bylines {}/{} = {:.3}",
            self.titles.0,
            self.titles.1,
            share(self.titles),
            self.bylines.0,
            self.bylines.1,
            share(self.bylines)
        );
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/corpus/extraction".into()),
    );
    let verbose = std::env::var_os("MISSES").is_some();

    let mut readability = Tally::default();
    let mut pages: Vec<PathBuf> = fs::read_dir(root.join("mozilla-readability/pages"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    pages.sort();
    for dir in pages {
        let (Ok(meta), Ok(html)) = (
            fs::read_to_string(dir.join("expected-metadata.json")),
            gunzip(&dir.join("source.html.gz")),
        ) else {
            continue;
        };
        let meta: serde_json::Value = serde_json::from_str(&meta)?;
        let name = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        readability.check(
            &name,
            &html,
            meta["title"].as_str(),
            meta["byline"].as_str(),
        );
    }
    readability.print("mozilla-readability");

    let mut trafilatura = Tally::default();
    let eval_dir = root.join("trafilatura-eval-en");
    let data: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(eval_dir.join("evaldata-en.json"))?)?;
    for (url, page) in data.as_object().into_iter().flatten() {
        let Some(file) = page["file"].as_str() else {
            continue;
        };
        let Ok(html) = gunzip(&eval_dir.join(file)) else {
            continue;
        };
        trafilatura.check(url, &html, page["title"].as_str(), page["author"].as_str());
    }
    trafilatura.print("trafilatura-eval-en");

    if verbose {
        for miss in readability.misses.iter().chain(&trafilatura.misses) {
            println!("  {miss}");
        }
    }
    Ok(())
}
