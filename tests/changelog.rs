//! Changelog flags, the Atom changelog, reports and re-extraction, driven through the CLI on
//! archives built from the tram-vote fixture story.

mod common;

use common::*;
use predicates::prelude::*;
use tempfile::TempDir;

fn run(archive: &std::path::Path, args: &[&str]) -> String {
    let out = storydiff(archive)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

const HEADLINE_B: &str = "Riverside tram line wins late-night council vote";

/// The tram story through eight versions that between them raise every publisher-side flag.
fn flagged_story() -> Vec<(Story, &'static str)> {
    let v1 = Story::tram_vote();
    // 2: a paragraph added, announced by two notes: disclosed, notes supported.
    let mut v2 = v1.clone();
    v2.paragraphs.insert(
        7,
        "Lena Holm, who owns a flower shop on Harbour Street, said owners had been promised \
         compensation before and had seen none of it."
            .into(),
    );
    v2.top_notes = vec!["Updated to add comments from shop owners on Harbour Street.".into()];
    v2.bottom_notes = vec!["Updated to include a flower shop owner's comments.".into()];
    v2.chrome = 2;
    // 3: the vote count changes, no note: undisclosed, a number change.
    let mut v3 = v2.clone();
    v3.paragraphs[1] = v3.paragraphs[1].replace("27 to 14", "28 to 13");
    v3.chrome = 3;
    // 4: a correction note, body untouched: note-without-change, note not supported.
    let mut v4 = v3.clone();
    v4.bottom_notes
        .push("Correction: An earlier version misstated the size of the business fund.".into());
    // 5: a new headline, no note: undisclosed.
    let mut v5 = v4.clone();
    v5.title = HEADLINE_B.into();
    // 6–8: the headline alternates between the two already seen: variants (and reverts).
    let mut v6 = v5.clone();
    v6.title = v4.title.clone();
    let mut v7 = v6.clone();
    v7.title = HEADLINE_B.into();
    let mut v8 = v7.clone();
    v8.title = v4.title.clone();
    vec![
        (v1, "2025-05-07T06:00:00Z"),
        (v2, "2025-05-07T09:00:00Z"),
        (v3, "2025-05-07T11:00:00Z"),
        (v4, "2025-05-07T12:00:00Z"),
        (v5, "2025-05-07T13:00:00Z"),
        (v6, "2025-05-07T13:30:00Z"),
        (v7, "2025-05-07T14:00:00Z"),
        (v8, "2025-05-07T14:30:00Z"),
    ]
}

fn record(archive: &std::path::Path, dir: &std::path::Path, url: &str, story: &[(Story, &str)]) {
    let mut cmd = storydiff(archive);
    cmd.args(["ingest", "--url", url]);
    for (i, (page, at)) in story.iter().enumerate() {
        cmd.arg(page.write(dir, &format!("v{}.html", i + 1)))
            .args(["--at", at]);
    }
    cmd.assert().success();
}

fn flagged_archive() -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new().unwrap();
    let archive = dir.path().join("archive");
    record(&archive, dir.path(), TRAM_URL, &flagged_story());
    (dir, archive)
}

#[test]
fn every_flag_appears_with_its_explanation() {
    let (_dir, archive) = flagged_archive();
    let json: serde_json::Value =
        serde_json::from_str(&run(&archive, &["changelog", TRAM_URL, "--format", "json"])).unwrap();
    let entries = json["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 8);
    let flags = |version: u64| -> Vec<String> {
        let e = entries
            .iter()
            .find(|e| e["version"] == version)
            .expect("entry");
        e["flags"]
            .as_array()
            .map(|f| {
                f.iter()
                    .map(|f| f["kind"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert!(flags(1).is_empty());
    assert!(flags(2).is_empty(), "{:?}", flags(2));
    assert_eq!(flags(3), ["undisclosed"]);
    assert_eq!(flags(4), ["note-without-change"]);
    assert_eq!(flags(5), ["undisclosed"]);
    assert_eq!(flags(6), ["revert", "variant"]);
    assert_eq!(flags(7), ["revert", "variant"]);
    assert_eq!(flags(8), ["revert", "variant"]);
    let v2 = entries.iter().find(|e| e["version"] == 2).unwrap();
    let checks = v2["note_checks"].as_array().unwrap();
    assert_eq!(checks.len(), 2);
    assert!(
        checks.iter().all(|c| c["verdict"] == "supported"),
        "{checks:?}"
    );
    let v4 = entries.iter().find(|e| e["version"] == 4).unwrap();
    assert_eq!(v4["note_checks"][0]["verdict"], "not-supported");
    let runs = json["variant_runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0]["first_version"], 6);
    assert_eq!(runs[0]["last_version"], 8);

    let md = run(&archive, &["changelog", TRAM_URL]);
    assert!(
        md.contains("- **note-without-change**: A new publisher note claims a change"),
        "{md}"
    );
    assert!(md.contains("## Versions 6–8 · headline variants"), "{md}");
    assert!(
        !md.contains("## Version 7 "),
        "variants are collapsed: {md}"
    );
    assert!(
        md.contains("## Version 3 · 2025-05-07 11:00 +00:00\n\n- Figure changed in ¶2: 27 → 28"),
        "{md}"
    );
    // The changelog kept in the archive is the same text.
    let branch = only_branch(&archive);
    assert_eq!(
        git(&archive, &["show", &format!("{branch}:CHANGELOG.md")]),
        md
    );
    snapshot!("changelog_flags_markdown", md);
    let log = run(&archive, &["log", TRAM_URL]);
    assert!(
        log.contains("    Flag note-without-change: A new publisher note"),
        "{log}"
    );
    assert!(
        log.contains("    Declared vs observed: “Updated to add comments from shop owners"),
        "{log}"
    );
    snapshot!(
        "changelog_flags_json",
        run(&archive, &["changelog", TRAM_URL, "--format", "json"])
    );
}

#[test]
fn the_atom_changelog_is_valid_atom_and_carries_the_diff() {
    let (_dir, archive) = flagged_archive();
    let xml = run(&archive, &["changelog", TRAM_URL, "--format", "atom"]);
    snapshot!("changelog_flags_atom", xml.clone());
    let feed = feed_rs::parser::parse(xml.as_bytes()).expect("parses as a feed");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(feed.id, format!("{TRAM_URL}#storydiff-changelog"));
    assert!(feed.title.unwrap().content.starts_with("Changelog: "));
    assert_eq!(
        feed.updated.unwrap().to_rfc3339(),
        "2025-05-07T14:30:00+00:00"
    );
    // Versions 1–5 one entry each, the headline variants 6–8 as one.
    assert_eq!(feed.entries.len(), 6);
    let mut ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6, "entry ids are unique");
    let run = &feed.entries[0];
    assert_eq!(run.id, format!("{TRAM_URL}#storydiff-variants-from-6"));
    assert_eq!(
        run.updated.unwrap().to_rfc3339(),
        "2025-05-07T14:30:00+00:00"
    );
    for entry in &feed.entries {
        assert!(
            entry.title.is_some() && entry.updated.is_some(),
            "{entry:?}"
        );
        assert!(
            entry
                .content
                .as_ref()
                .and_then(|c| c.body.as_ref())
                .is_some()
        );
    }
    let v3 = feed
        .entries
        .iter()
        .find(|e| e.id.ends_with("#storydiff-version-3"))
        .unwrap();
    let body = v3.content.as_ref().unwrap().body.as_ref().unwrap();
    assert!(
        body.contains("<del>27</del>") || body.contains("<del>27 to 14</del>"),
        "{body}"
    );
    assert!(
        body.contains("<strong class=\"flag\">undisclosed</strong>"),
        "{body}"
    );
    assert!(
        body.contains(&format!("storydiff diff {TRAM_URL} 2 3")),
        "{body}"
    );
}

#[test]
fn report_lists_totals_headlines_notes_undisclosed_changes_and_numbers() {
    let dir = TempDir::new().unwrap();
    let archive = dir.path().join("archive");
    record(&archive, dir.path(), TRAM_URL, &flagged_story());
    for (i, at) in [
        "2025-03-14T07:30:00Z",
        "2025-03-14T12:00:00Z",
        "2025-03-14T14:30:00Z",
    ]
    .iter()
    .enumerate()
    {
        storydiff(&archive)
            .args(["ingest", "--url", EXAMPLE_URL, "--at", at])
            .arg(example(i as u32 + 1))
            .assert()
            .success();
    }
    let json: serde_json::Value =
        serde_json::from_str(&run(&archive, &["report", "--format", "json"])).unwrap();
    assert_eq!(json["totals"]["articles"], 2);
    assert_eq!(json["totals"]["changed"], 2);
    assert_eq!(json["totals"]["versions_recorded"], 11);
    assert_eq!(json["most_changed"][0]["url"], TRAM_URL);
    assert_eq!(json["most_changed"][0]["changes"], 7);
    assert_eq!(json["headline_changes"].as_array().unwrap().len(), 4);
    // Two notes on the tram story's version 2, the correction on 4, the harbour fire's update.
    assert_eq!(json["notes"].as_array().unwrap().len(), 4);
    assert_eq!(json["undisclosed"].as_array().unwrap().len(), 3);
    let numbers = json["numbers"].as_array().unwrap();
    assert!(
        numbers
            .iter()
            .any(|n| n["old"] == "27" || n["old"] == "27 to 14"),
        "{numbers:?}"
    );
    assert!(
        numbers
            .iter()
            .any(|n| n["new"].as_str().unwrap().contains("60")),
        "{numbers:?}"
    );
    assert_eq!(
        numbers[0]["at"]["diff"]["command"].as_str().unwrap(),
        format!("storydiff diff {TRAM_URL} 2 3")
    );

    // The window: only the harbour fire's day, named as both ends.
    let day: serde_json::Value = serde_json::from_str(&run(
        &archive,
        &[
            "report",
            "--format",
            "json",
            "--since",
            "2025-03-14",
            "--until",
            "2025-03-14",
        ],
    ))
    .unwrap();
    assert_eq!(day["totals"]["articles"], 1);
    assert_eq!(day["totals"]["versions_recorded"], 3);

    let html = run(
        &archive,
        &[
            "report",
            "--format",
            "html",
            "--until",
            "2025-06-01T00:00:00Z",
        ],
    );
    snapshot!("report_html", html.clone());
    assert!(html.contains("<meta name=\"viewport\""));
    assert!(
        !html.contains("<script") && !html.contains("src=\"http"),
        "self-contained"
    );
    let md = run(&archive, &["report", "--until", "2025-06-01T00:00:00Z"]);
    snapshot!("report_markdown", md);

    let feed_xml = run(&archive, &["report", "--format", "atom"]);
    let feed = feed_rs::parser::parse(feed_xml.as_bytes()).expect("report feed parses");
    assert_eq!(feed.entries.len(), 9);
    assert_eq!(
        feed.updated.unwrap().to_rfc3339(),
        "2025-05-07T14:30:00+00:00"
    );
}

/// The tram story under three headlines, a day apart, for report windows.
fn retitled_story() -> Vec<(Story, &'static str)> {
    let v1 = Story::tram_vote();
    let mut v2 = v1.clone();
    v2.title = "Tram extension approved; opposition calls for audit of costs".into();
    v2.paragraphs.push(
        "The regional auditor's office said on Thursday it had received the request and would \
         reply within a month."
            .into(),
    );
    v2.chrome = 2;
    let mut v3 = v2.clone();
    v3.title = "Auditor to review Riverside tram costs before contracts are signed".into();
    v3.paragraphs.push(
        "The auditor confirmed on Friday that a review would start next week and take about \
         six weeks."
            .into(),
    );
    v3.chrome = 3;
    vec![
        (v1, "2025-05-07T06:00:00Z"),
        (v2, "2025-05-08T09:00:00Z"),
        (v3, "2025-05-09T10:00:00Z"),
    ]
}

#[test]
fn most_changed_stories_show_the_headline_of_the_window() {
    let dir = TempDir::new().unwrap();
    let archive = dir.path().join("archive");
    let story = retitled_story();
    record(&archive, dir.path(), TRAM_URL, &story);
    let json: serde_json::Value = serde_json::from_str(&run(
        &archive,
        &["report", "--format", "json", "--until", "2025-05-08"],
    ))
    .unwrap();
    assert_eq!(json["most_changed"][0]["title"], story[1].0.title.as_str());
    let md = run(&archive, &["report", "--until", "2025-05-08"]);
    assert!(
        md.contains(&format!("- {}: 1 new version", story[1].0.title)),
        "{md}"
    );
    assert!(!md.contains(&story[2].0.title), "{md}");
    // With the window open, the latest headline.
    let json: serde_json::Value =
        serde_json::from_str(&run(&archive, &["report", "--format", "json"])).unwrap();
    assert_eq!(json["most_changed"][0]["title"], story[2].0.title.as_str());
}

#[test]
fn report_totals_of_one_are_singular() {
    let dir = TempDir::new().unwrap();
    let archive = dir.path().join("archive");
    record(&archive, dir.path(), TRAM_URL, &retitled_story());
    let window = ["--since", "2025-05-08", "--until", "2025-05-08"];
    let html = run(
        &archive,
        &[&["report", "--format", "html"][..], &window[..]].concat(),
    );
    assert!(
        html.contains("<li><b>1</b>article</li>")
            && html.contains("<li><b>1</b>version recorded</li>"),
        "{html}"
    );
    assert!(
        !html.contains("1</b>articles") && !html.contains("1</b>versions"),
        "{html}"
    );
    let html = run(&archive, &["report", "--format", "html"]);
    assert!(
        html.contains("<li><b>3</b>versions recorded</li>"),
        "{html}"
    );
    let md = run(&archive, &[&["report"][..], &window[..]].concat());
    assert!(md.contains("- Versions recorded: 1\n"), "{md}");
    assert!(md.contains(": 1 new version ("), "{md}");
}

#[test]
fn report_html_and_atom_escape_article_text() {
    let dir = TempDir::new().unwrap();
    let archive = dir.path().join("archive");
    let v1 = Story::tram_vote();
    let mut v2 = v1.clone();
    // The page escapes them, so the article text holds the markup literally.
    v2.title = "Tram vote &lt;script&gt;alert('headline')&lt;/script&gt;".into();
    v2.paragraphs.push(
        "A reader wrote &lt;img src=x onerror=alert(1)&gt; and &lt;script&gt;alert(2)&lt;/script&gt; in a comment we quote here."
            .into(),
    );
    record(
        &archive,
        dir.path(),
        TRAM_URL,
        &[(v1, "2025-05-07T06:00:00Z"), (v2, "2025-05-07T07:00:00Z")],
    );
    let html = run(&archive, &["report", "--format", "html"]);
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
    assert!(
        html.contains("&lt;script&gt;alert(&#39;headline&#39;)&lt;/script&gt;"),
        "{html}"
    );

    let xml = run(&archive, &["changelog", TRAM_URL, "--format", "atom"]);
    let feed = feed_rs::parser::parse(xml.as_bytes()).expect("parses");
    let body = feed.entries[0]
        .content
        .as_ref()
        .unwrap()
        .body
        .clone()
        .unwrap();
    assert!(
        !body.contains("<img") && !body.contains("<script"),
        "{body}"
    );
    assert!(
        body.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{body}"
    );
    let title = &feed.entries[0].title.as_ref().unwrap().content;
    assert!(
        title.contains("<script>alert('headline')</script>"),
        "titles are text: {title}"
    );
}

#[test]
fn report_output_goes_to_a_file_and_bad_times_are_errors() {
    let (dir, archive) = flagged_archive();
    let out = dir.path().join("report.html");
    storydiff(&archive)
        .args(["report", "--format", "html", "--output"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    let before = snapshot_dir(&archive);
    storydiff(&archive)
        .args(["report", "--since", "last tuesday"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "storydiff: error: invalid --since",
        ))
        .stderr(predicate::str::contains("\"last tuesday\""));
    storydiff(&archive)
        .args(["report", "--since", "2025-06-01", "--until", "2025-05-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is after --until"));
    storydiff(&archive)
        .args(["report", "--output"])
        .arg(dir.path().join("no/such/dir/r.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write"));
    assert_eq!(before, snapshot_dir(&archive));
}

#[test]
fn reextract_records_an_extractor_upgrade_not_a_publisher_edit() {
    use storydiff::archive::Archive;
    use storydiff::record::{Observation, record_article};

    let dir = TempDir::new().unwrap();
    let archive_dir = dir.path().join("archive");
    let url = url::Url::parse(TRAM_URL).unwrap();
    let page = Story::tram_vote().to_html();
    // An older extractor that missed the last paragraph: what the archive holds.
    let mut article = storydiff::extract::extract(
        page.as_bytes(),
        &storydiff::extract::PageInfo {
            url: Some(url.clone()),
            content_type: None,
        },
    )
    .unwrap();
    article.blocks.pop();
    {
        let archive = Archive::open_or_create(&archive_dir).unwrap();
        let lock = archive.lock(std::time::Duration::from_secs(1)).unwrap();
        let seen = chrono::DateTime::parse_from_rfc3339("2025-05-07T06:00:00Z").unwrap();
        let observed = Observation {
            url: &url,
            raw: page.as_bytes(),
            seen_at: seen,
            content_type: None,
        };
        record_article(&archive, &lock, &observed, &article).unwrap();
    }
    storydiff(&archive_dir)
        .args(["reextract", "--all"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "recorded as version 2 (extractor upgrade): Added 1 paragraph",
        ));
    let md = run(&archive_dir, &["changelog", TRAM_URL]);
    assert!(
        md.contains(
            "- **extractor-upgrade**: storydiff re-extracted the page archived with version 1"
        ),
        "{md}"
    );
    assert!(!md.contains("undisclosed"), "{md}");
    storydiff(&archive_dir)
        .arg("verify")
        .assert()
        .success()
        .stdout(predicate::str::contains("2 versions"));
    let branch = only_branch(&archive_dir);
    assert!(
        git(&archive_dir, &["log", "-1", "--format=%B", &branch]).contains("Reextracted-From: 1")
    );
    let report: serde_json::Value =
        serde_json::from_str(&run(&archive_dir, &["report", "--format", "json"])).unwrap();
    assert_eq!(report["undisclosed"].as_array().unwrap().len(), 0);
    assert_eq!(report["other_flags"][0]["flag"], "extractor-upgrade");
    // The current extractor now agrees with the archive.
    storydiff(&archive_dir)
        .args(["reextract", TRAM_URL])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "unchanged (the current extractor agrees with version 2)",
        ));
    storydiff(&archive_dir)
        .args(["reextract", "https://news.northbrook.example/nothing-here"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no article with URL"));
}
