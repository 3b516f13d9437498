//! Evaluate publisher-note extraction on real notes and look-alike traps:
//! `cargo run --release --example notes_eval [-- ../shared/corpus/notes/notes.jsonl]`.
//!
//! Each record's text is placed, as its `location` and `note_type` say, into a page we write
//! around it (an invented story), and the page goes through the real extractor. A revision note
//! must come out as a note of the right kind; a trap must not; a timestamp label must not be a
//! note and should become the Article's modified time. Prints one line per miss and the totals;
//! the corpus text is read at run time and never stored in the repository.

use std::collections::BTreeMap;

use storydiff::article::{Article, NoteKind};
use storydiff::extract::{PageInfo, extract};

const STORY: [&str; 4] = [
    "The regional water board voted on Thursday to replace the pumping station beside the old canal, ending a dispute that had run for most of the decade.",
    "Engineers told the board that the station's pumps, installed in the 1970s, could fail during the next winter storm and flood the low streets around the market.",
    "The replacement will cost about 18 million euros and take two years to build, with the old station kept running until the new one is ready.",
    "Residents who had opposed a larger plan said they were satisfied with the compromise, though several asked for the canal path to stay open during the works.",
];

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A page holding `text` where such text stands on real pages.
fn page(text: &str, note_type: &str, location: &str) -> String {
    let mut head = String::new();
    let mut headline = "Water board approves new pumping station by the canal".to_string();
    let mut top = String::new();
    let mut bottom = String::new();
    if location.starts_with("inline CSS") {
        head = format!("<style>{text}</style>");
    } else if location.starts_with("script_json") {
        head = format!(
            "<script type=\"application/json\">{{\"related\": {}}}</script>",
            serde_json::to_string(text).unwrap_or_default()
        );
    } else if note_type.starts_with("headline") {
        headline = escape(text);
    } else if note_type.starts_with("updated_at") {
        top = format!("<p class=\"timestamp\">{}</p>", escape(text));
    } else if note_type == "schema_org_CorrectionComment" {
        head = format!("<script type=\"application/ld+json\">{text}</script>");
    } else {
        bottom = format!("<p>{}</p>", escape(text));
    }
    let body: String = STORY.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{headline}</title>{head}</head>\
         <body><article><h1>{headline}</h1><div class=\"byline\">By Mira Okafor</div>{top}\n{body}{bottom}</article></body></html>"
    )
}

fn expected_kind(note_type: &str) -> Option<NoteKind> {
    let t = note_type.to_lowercase();
    if t.contains("editors_note") {
        Some(NoteKind::EditorsNote)
    } else if t.contains("correction") || t.contains("erratum") || t.contains("amendment") {
        Some(NoteKind::Correction)
    } else if t.contains("update") {
        Some(NoteKind::Update)
    } else {
        None
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpus/notes/notes.jsonl".to_string());
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let info = PageInfo {
        url: Some(url::Url::parse("https://news.example/water-board")?),
        content_type: None,
    };
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut kinds_right = (0, 0);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let record: serde_json::Value = serde_json::from_str(line)?;
        let field = |k: &str| record[k].as_str().unwrap_or("").to_string();
        let (id, category, note_type, location) = (
            field("id"),
            field("category"),
            field("note_type"),
            field("location"),
        );
        let exact = field("exact_text");
        let html = page(&exact, &note_type, &location);
        let article: Article = match extract(html.as_bytes(), &info) {
            Ok(a) => a,
            Err(e) => {
                println!("{id} {category}: extraction failed: {e}");
                continue;
            }
        };
        let taken = article.notes.first();
        let embedded = location.starts_with("script_json");
        let (ok, what) = match category.as_str() {
            // Another story's note inside the page's embedded data: not this story's note.
            "revision_note" if embedded => (taken.is_none(), "left alone"),
            "revision_note" => {
                let found = taken.is_some();
                if let (Some(note), Some(want)) = (taken, expected_kind(&note_type)) {
                    kinds_right.1 += 1;
                    if note.kind == want {
                        kinds_right.0 += 1;
                    } else {
                        println!("{id}: found, kind {:?}, expected {want:?}", note.kind);
                    }
                }
                (found, "found")
            }
            "negative_trap" => (taken.is_none(), "not taken"),
            "timestamp_label" => (
                taken.is_none() && article.modified.is_some(),
                "read as the modified time, not a note",
            ),
            _ => (taken.is_some(), "found"),
        };
        let slot = counts
            .entry(match category.as_str() {
                "revision_note" if embedded => "other stories' notes in embedded data left alone",
                "revision_note" => "revision notes found",
                "negative_trap" => "traps not taken",
                "timestamp_label" => "timestamp labels read as times",
                "live_update" => "live-ticker updates found",
                _ => "structured notes found",
            })
            .or_default();
        slot.1 += 1;
        if ok {
            slot.0 += 1;
        } else {
            println!(
                "{id} {category}/{note_type}: not {what} (notes: {:?}, modified: {:?})",
                article.notes.iter().map(|n| n.kind).collect::<Vec<_>>(),
                article.modified.map(|d| d.to_rfc3339())
            );
        }
    }
    println!();
    for (label, (ok, all)) in &counts {
        println!("{label}: {ok} of {all}");
    }
    println!(
        "revision notes found with the expected kind: {} of {}",
        kinds_right.0, kinds_right.1
    );
    Ok(())
}
