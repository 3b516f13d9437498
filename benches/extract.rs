//! Extraction speed on pages written here: an article page of the size real news pages have
//! (137 KB, most of it scripts, navigation and related-story chrome) and a short one.
//! Real-page figures come from `examples/extract_eval.rs`.
//!
//! `cargo bench --bench extract`; figures in docs/benchmarks.md.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use storydiff::extract::{PageInfo, extract};

const SENTENCES: &[&str] = &[
    "The harbour authority said on Tuesday that repairs to the north quay would take until spring.",
    "Crews worked through the night to clear the debris left by the storm, officials said.",
    "“We have never seen water this high in the old town,” said a shop owner on Market Street.",
    "The council will vote next month on a fund of 12 million euros for the affected businesses.",
    "Insurers estimate the damage at more than 40 million euros, according to a preliminary report.",
    "Residents of the lower streets were told to keep sandbags in place until the weekend.",
];

/// A news page: head with scripts and JSON-LD, a navigation bar, the story, related links, a
/// footer; `paragraphs` story paragraphs and `chrome` repetitions of the page furniture.
fn page(paragraphs: usize, chrome: usize) -> String {
    let mut html = String::from(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Storm floods the old town — The Coastal Ledger</title>
<meta property="og:site_name" content="The Coastal Ledger">
<meta property="article:published_time" content="2025-02-03T08:00:00Z">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Storm floods the old town","author":{"name":"Ana Ruiz"},"datePublished":"2025-02-03T08:00:00Z"}</script>
"#,
    );
    for i in 0..chrome {
        html.push_str(&format!(
            "<script>window.dataLayer=window.dataLayer||[];dataLayer.push({{'slot':{i},'section':'news','tags':['storm','harbour','council']}});</script>\n<style>.slot-{i}{{margin:0 auto;padding:4px 8px;font:14px/1.4 sans-serif}}</style>\n"
        ));
    }
    html.push_str("</head><body><header><nav><ul>");
    for i in 0..chrome * 4 {
        html.push_str(&format!(
            "<li><a href=\"/section/{i}\">Section {i}</a></li>"
        ));
    }
    html.push_str("</ul></nav></header><main><article><h1>Storm floods the old town</h1>");
    html.push_str("<p class=\"dek\">Water reached the highest level in forty years.</p>");
    html.push_str("<div class=\"byline\">By Ana Ruiz</div><div class=\"story\">");
    for i in 0..paragraphs {
        let a = SENTENCES[i % SENTENCES.len()];
        let b = SENTENCES[(i * 7 + 3) % SENTENCES.len()];
        html.push_str(&format!(
            "<p>{a} <a href=\"/x/{i}\">Paragraph {i}</a> said <em>more</em>. {b}</p>\n"
        ));
        if i % 6 == 5 {
            html.push_str("<div class=\"ad\"><p>Advertisement</p></div>\n");
        }
    }
    html.push_str("</div></article><aside class=\"related\"><h2>Related stories</h2><ul>");
    for i in 0..chrome * 2 {
        html.push_str(&format!(
            "<li><a href=\"/news/{i}\"><img src=\"/img/{i}.jpg\" alt=\"\">Council story number {i} about the harbour</a></li>"
        ));
    }
    html.push_str("</ul></aside></main><footer>");
    for i in 0..chrome {
        html.push_str(&format!(
            "<p><a href=\"/about/{i}\">About</a> <a href=\"/privacy/{i}\">Privacy</a> © 2025 The Coastal Ledger</p>"
        ));
    }
    html.push_str("</footer></body></html>");
    html
}

fn benches(c: &mut Criterion) {
    let info = PageInfo::default();
    let mut group = c.benchmark_group("extract");
    for (name, html) in [
        ("news page 137 KB", page(30, 180)),
        ("short page 8 KB", page(8, 4)),
    ] {
        let article = extract(html.as_bytes(), &info).expect("the bench page is an article");
        assert!(article.blocks.len() >= 8, "{name}: the story was found");
        group.throughput(Throughput::Bytes(html.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| extract(black_box(html.as_bytes()), black_box(&info)))
        });
    }
    group.finish();
}

criterion_group! {
    name = extract_benches;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(extract_benches);
