//! Shared helpers for the CLI tests: the binary, fixture pages and archive snapshots.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The storydiff binary, with colour and the user's archive kept out of the way.
pub fn storydiff(archive: &Path) -> Command {
    let mut cmd = Command::cargo_bin("storydiff").expect("binary built");
    cmd.arg("--archive")
        .arg(archive)
        .env("NO_COLOR", "1")
        .env_remove("STORYDIFF_ARCHIVE");
    cmd
}

/// A saved page of the bundled example story (`examples/harbour-fire/vN.html`).
pub fn example(version: u32) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("examples/harbour-fire/v{version}.html"))
}

pub const EXAMPLE_URL: &str =
    "https://www.coastlinecourier.example/news/2025/03/14/harbour-warehouse-fire";

/// A story we can edit in tests and render as a realistic page.
#[derive(Clone)]
pub struct Story {
    pub title: String,
    pub dek: String,
    pub byline: String,
    pub top_notes: Vec<String>,
    pub paragraphs: Vec<String>,
    pub bottom_notes: Vec<String>,
    /// Changes the ads, related links and analytics timestamp, never the story.
    pub chrome: u32,
}

impl Story {
    pub fn tram_vote() -> Story {
        Story {
            title: "Council approves Riverside tram extension after late-night vote".into(),
            dek: "The 4.2-kilometre line will link the station district with the hospital campus by 2029.".into(),
            byline: "Hanna Lindqvist".into(),
            top_notes: vec![],
            paragraphs: [
                "NORTHBROOK — The city council approved a 4.2-kilometre extension of the Riverside tram line early on Wednesday, ending two years of argument over its route and its cost.",
                "Councillors voted 27 to 14 in favour after a debate that ran past midnight, with opposition members warning that the budget of 310 million euros would not hold.",
                "The extension will add six stops between the central station and the university hospital, a stretch now served by two crowded bus routes.",
                "“This is the most important transport decision the city has made in a generation,” said Mayor Ingrid Solberg, who had made the line a campaign promise.",
                "Construction is expected to start next spring, with the first trams running in 2029 if the national government confirms its share of the funding.",
                "Shop owners along Harbour Street, where the line will run in a shared lane, have asked for compensation for the years of roadworks.",
                "“We support the tram, but nobody has told us how we survive the building of it,” said Tomas Berg, who runs a bakery on the street.",
                "The council said a fund of 5 million euros would be set aside for affected businesses, with details to be published in June.",
                "The opposition leader, Karin Vik, said her group would ask the regional auditor to review the cost estimates before any contract is signed.",
            ]
            .iter()
            .map(|p| p.to_string())
            .collect(),
            bottom_notes: vec![],
            chrome: 1,
        }
    }

    pub fn to_html(&self) -> String {
        let c = self.chrome;
        let notes = |notes: &[String]| {
            notes
                .iter()
                .map(|n| format!("<p class=\"update-note\"><em>{n}</em></p>\n"))
                .collect::<String>()
        };
        let body: String = self
            .paragraphs
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut html = format!("<p>{p}</p>\n");
                if i == 3 {
                    html.push_str(&format!(
                        "<aside class=\"related\"><h3>RELATED</h3><ul>\
                         <li><a href=\"/news/r{c}a\">Bus fares to rise by {c} per cent in autumn</a></li>\
                         <li><a href=\"/news/r{c}b\">Harbour bridge closed for repairs, week {c}</a></li>\
                         </ul></aside>\n<div class=\"ad\">Advertisement — offer {c}</div>\n"
                    ));
                }
                html
            })
            .collect();
        format!(
            r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | Northbrook Daily</title>
<link rel="canonical" href="https://news.northbrook.example/city/tram-extension-vote">
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Northbrook Daily">
<meta property="article:published_time" content="2025-05-07T05:30:00Z">
<script>window.dataLayer = [{{"pageType": "article", "ts": {ts}}}];</script>
</head>
<body>
<header><a href="/">Northbrook Daily</a><nav><ul><li><a href="/city">City</a></li><li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li><li><a href="/culture">Culture</a></li><li><a href="/opinion">Opinion</a></li></ul></nav></header>
<div class="ad-banner">Advertisement — banner {c}</div>
<main>
<article>
<h1>{title}</h1>
<p class="dek">{dek}</p>
<div class="byline">By {byline} <time datetime="2025-05-07T05:30:00Z">May 7, 2025</time></div>
{top}<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<div class="article-body">
{body}<p class="credit"><em>Edited by Paul Mercer.</em></p>
{bottom}</div>
</article>
<section class="newsletter"><h2>The Morning Brief</h2><p>Sign up for our daily newsletter, edition {c}.</p></section>
</main>
<footer><p>© 2025 Northbrook Daily</p><a href="/privacy">Privacy</a></footer>
</body>
</html>
"##,
            title = self.title,
            dek = self.dek,
            byline = self.byline,
            top = notes(&self.top_notes),
            bottom = notes(&self.bottom_notes),
            ts = 1_746_595_800 + u64::from(c) * 60,
        )
    }

    /// Write the page into `dir` as `name` and return its path.
    pub fn write(&self, dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, self.to_html()).expect("write fixture");
        path
    }
}

pub const TRAM_URL: &str = "https://news.northbrook.example/city/tram-extension-vote";

/// Every file under `dir` with its bytes: equal before and after means nothing was changed.
pub fn snapshot_dir(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            walk(root, &path, out);
        } else {
            let rel = path.strip_prefix(root).expect("under root").to_path_buf();
            out.insert(rel, std::fs::read(&path).expect("read file"));
        }
    }
}

/// Run plain `git` inside the archive and return its stdout.
pub fn git(archive: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(archive)
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The single article branch in an archive holding one article.
pub fn only_branch(archive: &Path) -> String {
    let refs = git(
        archive,
        &[
            "for-each-ref",
            "--format=%(refname)",
            "refs/heads/articles/",
        ],
    );
    let refs: Vec<&str> = refs.lines().collect();
    assert_eq!(refs.len(), 1, "expected one article branch, got {refs:?}");
    refs[0].to_string()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    storydiff::article::sha256_hex(bytes)
}

/// Snapshot assertions stored in the crate's top-level `snapshots/` directory.
#[macro_export]
macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!($name, $value);
        })
    };
}
