//! The CLI as a user drives it: recording, reading, diffing and logging on temporary archives.

mod common;

use common::*;
use predicates::prelude::*;
use tempfile::TempDir;

const TIMES: [&str; 5] = [
    "2025-03-14T07:30:00Z",
    "2025-03-14T12:00:00Z",
    "2025-03-14T14:30:00Z",
    "2025-03-14T18:00:00Z",
    "2025-03-15T08:15:00Z",
];

/// The example story recorded version by version, as the README's quick start does.
fn record_example(archive: &std::path::Path) {
    for (i, at) in TIMES.iter().enumerate() {
        storydiff(archive)
            .args(["ingest", "--url", EXAMPLE_URL, "--at", at])
            .arg(example(i as u32 + 1))
            .assert()
            .success();
    }
}

#[test]
fn example_story_records_four_versions_and_skips_the_chrome_only_page() {
    let dir = TempDir::new().unwrap();
    let archive = dir.path().join("archive");
    let mut cmd = storydiff(&archive);
    cmd.args(["ingest", "--url", EXAMPLE_URL]);
    for (i, at) in TIMES.iter().enumerate() {
        cmd.arg(example(i as u32 + 1)).args(["--at", at]);
    }
    let out = cmd.assert().success().get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(lines[0].contains("recorded as version 1"), "{out}");
    assert!(lines[1].contains("recorded as version 2"), "{out}");
    assert!(lines[2].contains("recorded as version 3"), "{out}");
    assert!(
        lines[3].contains("unchanged (same content as version 3)"),
        "{out}"
    );
    assert!(lines[4].contains("recorded as version 4"), "{out}");

    let branch = only_branch(&archive);
    let subjects = git(&archive, &["log", "--format=%s", &branch]);
    assert_eq!(subjects.lines().count(), 4, "{subjects}");
    // Plain `git log` and `git show` work too: HEAD points at the first article recorded.
    assert_eq!(git(&archive, &["log", "--format=%s"]), subjects);
    assert!(git(&archive, &["show", "--stat"]).contains("Version: 4"));
}

#[test]
fn ingesting_the_same_page_again_records_nothing() {
    let dir = TempDir::new().unwrap();
    let archive = dir.path().join("archive");
    record_example(&archive);
    let before = snapshot_dir(&archive);
    storydiff(&archive)
        .args(["ingest", "--url", EXAMPLE_URL])
        .arg(example(5))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "unchanged (same content as version 4)",
        ));
    let after = snapshot_dir(&archive);
    let changed: Vec<_> = after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(bytes))
        .map(|(path, _)| path)
        .filter(|path| !path.starts_with("storydiff"))
        .collect();
    assert!(changed.is_empty(), "files changed: {changed:?}");
}

#[test]
fn content_trailer_is_the_sha256_of_the_stored_canonical_text() {
    let dir = TempDir::new().unwrap();
    let archive = dir.path().join("archive");
    record_example(&archive);
    let branch = only_branch(&archive);
    for rev in [format!("{branch}~3"), format!("{branch}~1"), branch.clone()] {
        let text = git(&archive, &["show", &format!("{rev}:article.md")]);
        let trailer = git(
            &archive,
            &[
                "log",
                "-1",
                "--format=%(trailers:key=Content-SHA256,valueonly)",
                &rev,
            ],
        );
        assert_eq!(trailer.trim(), sha256_hex(text.as_bytes()), "at {rev}");
        let raw = std::process::Command::new("git")
            .arg("-C")
            .arg(&archive)
            .args(["show", &format!("{rev}:page.html")])
            .output()
            .unwrap()
            .stdout;
        let raw_trailer = git(
            &archive,
            &[
                "log",
                "-1",
                "--format=%(trailers:key=Raw-SHA256,valueonly)",
                &rev,
            ],
        );
        assert_eq!(raw_trailer.trim(), sha256_hex(&raw), "at {rev}");
    }
    let message = git(&archive, &["log", "-1", "--format=%B", &branch]);
    for trailer in [
        "Article-URL: ",
        "Version: 4",
        "Content-SHA256: ",
        "Raw-SHA256: ",
        "Previous-Content-SHA256: ",
    ] {
        assert!(message.contains(trailer), "missing {trailer} in {message}");
    }
}

#[test]
fn chrome_only_changes_are_not_a_new_version() {
    let dir = TempDir::new().unwrap();
    let archive = dir.path().join("archive");
    let story = Story::tram_vote();
    let first = story.write(dir.path(), "a.html");
    let mut chrome = story.clone();
    chrome.chrome = 7;
    let second = chrome.write(dir.path(), "b.html");
    assert_ne!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap()
    );
    storydiff(&archive)
        .args(["ingest", "--url", TRAM_URL])
        .args([&first, &second])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "b.html: unchanged (same content as version 1)",
        ));
}

#[test]
fn diff_of_the_added_paragraph_shows_only_that_paragraph_and_the_note() {
    let dir = TempDir::new().unwrap();
    let archive = dir.path().join("archive");
    record_example(&archive);
    let out = storydiff(&archive)
        .args(["diff", EXAMPLE_URL, "1", "2", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let cs: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let ops: Vec<&str> = cs["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["op"].as_str().unwrap())
        .filter(|op| *op != "unchanged")
        .collect();
    assert_eq!(ops, ["added"], "{cs:#}");
    assert_eq!(cs["notes_added"].as_array().unwrap().len(), 1, "{cs:#}");
    assert_eq!(cs["schema_version"], 2);
    assert_eq!(cs["significance"], "substantive");
}

#[test]
fn diff_formats_and_defaults() {
    let dir = TempDir::new().unwrap();
    let archive = dir.path().join("archive");
    record_example(&archive);
    // Default: the two latest versions, which differ in the headline only.
    storydiff(&archive)
        .args(["diff", EXAMPLE_URL])
        .assert()
        .success()
        .stdout(predicate::str::contains("forklift charging bay"))
        .stdout(predicate::str::contains("\u{1b}[").not());
    storydiff(&archive)
        .args(["diff", EXAMPLE_URL, "2", "3", "--format", "unified"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--- https://"))
        .stdout(predicate::str::contains("\n+++ "))
        .stdout(predicate::str::contains("\n@@ -"));
    storydiff(&archive)
        .args(["diff", EXAMPLE_URL, "2", "3", "--format", "markdown"])
        .assert()
        .success()
        .stdout(predicate::str::contains("~~"));
    storydiff(&archive)
        .args(["diff", EXAMPLE_URL, "9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no version 9"));
    storydiff(&archive)
        .args(["diff", EXAMPLE_URL, "two"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid version \"two\""));
}

#[test]
fn diff_without_anything_to_compare_names_both_forms() {
    let dir = TempDir::new().unwrap();
    storydiff(&dir.path().join("unused"))
        .arg("diff")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("storydiff diff URL [A [B]]"))
        .stderr(predicate::str::contains("storydiff diff --files OLD NEW"));
    storydiff(&dir.path().join("unused"))
        .args(["diff", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "storydiff diff [OPTIONS] --files OLD NEW",
        ));
}

#[test]
fn a_backwards_diff_still_runs_and_says_it_is_backwards() {
    let dir = TempDir::new().unwrap();
    let archive = dir.path().join("archive");
    record_example(&archive);
    storydiff(&archive)
        .args(["diff", EXAMPLE_URL, "3", "2", "--format", "unified"])
        .assert()
        .success()
        .stdout(predicate::str::contains("(version 3, the newer)"))
        .stdout(predicate::str::contains("(version 2, the older)"))
        .stderr(predicate::str::contains("newer → older"))
        .stderr(predicate::str::contains(format!(
            "storydiff diff {EXAMPLE_URL} 2 3"
        )));
    // The usual order says nothing extra.
    storydiff(&archive)
        .args(["diff", EXAMPLE_URL, "2", "3"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
}

#[test]
fn diff_files_needs_no_archive() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("never-created");
    storydiff(&missing)
        .args(["diff", "--format", "json", "--files"])
        .arg(example(2))
        .arg(example(3))
        .assert()
        .success()
        .stdout(predicate::str::contains("\"op\": \"edited\""));
    assert!(!missing.exists());
}

#[test]
fn log_json_has_the_documented_fields() {
    let dir = TempDir::new().unwrap();
    let archive = dir.path().join("archive");
    record_example(&archive);
    let out = storydiff(&archive)
        .args(["log", EXAMPLE_URL, "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let log: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let versions = log.as_array().unwrap();
    assert_eq!(versions.len(), 4);
    assert_eq!(versions[0]["version"], 4, "newest first");
    for field in [
        "version",
        "seen_at",
        "content_sha256",
        "commit",
        "title",
        "summary",
        "notes",
    ] {
        assert!(!versions[0][field].is_null(), "missing {field}");
    }
    assert_eq!(versions[3]["seen_at"], "2025-03-14T07:30:00+00:00");
    let v2_notes = versions[2]["notes"].as_array().unwrap();
    assert_eq!(v2_notes.len(), 1);
    assert_eq!(v2_notes[0]["kind"], "update");
    assert!(
        v2_notes[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Updated to add")
    );
}

#[test]
fn list_show_and_changelog() {
    let dir = TempDir::new().unwrap();
    let archive = dir.path().join("archive");
    record_example(&archive);
    storydiff(&archive)
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("4 versions"))
        .stdout(predicate::str::contains(EXAMPLE_URL));
    let shown = storydiff(&archive)
        .args(["show", EXAMPLE_URL, "--version", "1"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(shown).unwrap().starts_with("# "));
    storydiff(&archive)
        .args(["show", EXAMPLE_URL, "--format", "html", "--version", "1"])
        .assert()
        .success()
        .stdout(predicate::eq(std::fs::read(example(1)).unwrap()));
    storydiff(&archive)
        .args(["changelog", EXAMPLE_URL])
        .assert()
        .success()
        .stdout(predicate::str::contains("## Version 4"))
        .stdout(predicate::str::contains("Headline changed"))
        .stdout(predicate::str::contains("Updated to add the fire marshal"));
    let json = storydiff(&archive)
        .args(["changelog", EXAMPLE_URL, "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(json["entries"].as_array().unwrap().len(), 4);
}

#[test]
fn verify_accepts_a_good_archive_and_git_fsck_agrees() {
    let dir = TempDir::new().unwrap();
    let archive = dir.path().join("archive");
    record_example(&archive);
    storydiff(&archive)
        .arg("verify")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "1 article, 4 versions, 24 objects checked, no problems found",
        ));
    git(&archive, &["fsck", "--strict"]);
}

#[test]
fn extract_json_has_the_documented_fields() {
    let out = Command::cargo_bin("storydiff")
        .unwrap()
        .args(["extract", "--format", "json"])
        .arg(example(2))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let article: serde_json::Value = serde_json::from_slice(&out).unwrap();
    for field in [
        "title",
        "dek",
        "byline",
        "published",
        "modified",
        "canonical_url",
        "lang",
        "paragraphs",
        "notes",
        "content_sha256",
    ] {
        assert!(article.get(field).is_some(), "missing {field}");
    }
    let paragraphs: Vec<&str> = article["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(
        paragraphs
            .iter()
            .all(|p| !p.starts_with("Updated to") && !p.starts_with("Edited by"))
    );
    assert!(paragraphs.iter().all(|p| !p.contains("RELATED COVERAGE")));
    assert_eq!(article["canonical_url"], EXAMPLE_URL);
}

use assert_cmd::Command;

#[test]
fn a_headline_rewritten_only_where_readers_see_it_is_a_headline_change() {
    // The CMS keeps the SEO title (<title>, og:title) and the newsroom rewrites the <h1>.
    let dir = tempfile::TempDir::new().unwrap();
    let story = Story::tram_vote();
    let old = story.write(dir.path(), "a.html");
    let new = dir.path().join("b.html");
    std::fs::write(
        &new,
        story.to_html().replace(
            &format!("<h1>{}</h1>", story.title),
            "<h1>Council backs Riverside tram extension as costs climb</h1>",
        ),
    )
    .unwrap();
    let out = storydiff(&dir.path().join("unused"))
        .args(["diff", "--files"])
        .arg(&old)
        .arg(&new)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("Headline")
            && out.contains("Council approves Riverside tram extension after late-night vote")
            && out.contains("Council backs Riverside tram extension as costs climb"),
        "{out}"
    );
    assert!(!out.to_lowercase().contains("subheading"), "{out}");
}

#[test]
fn diff_granularity_ignore_and_html_from_the_command_line() {
    let dir = TempDir::new().unwrap();
    let old = Story::tram_vote();
    let mut new = old.clone();
    // A cosmetic edit (the dash) and a changed figure.
    new.paragraphs[0] = new.paragraphs[0].replace(" — ", " - ");
    new.paragraphs[1] = new.paragraphs[1].replace("27 to 14", "28 to 13");
    let (a, b) = (
        old.write(dir.path(), "a.html"),
        new.write(dir.path(), "b.html"),
    );
    let run = |extra: &[&str]| {
        let out = storydiff(&dir.path().join("unused"))
            .args(["diff", "--files"])
            .arg(&a)
            .arg(&b)
            .args(extra)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    };
    let words = run(&[]);
    assert!(
        words.contains("[cosmetic]") && words.contains("[number]"),
        "{words}"
    );
    assert!(words.contains("[-27-]{+28+} to [-14-]{+13+}"), "{words}");
    let chars = run(&["--granularity", "char"]);
    assert!(chars.contains("[-7-]{+8+}"), "{chars}");
    let plain = run(&["--ignore", "cosmetic"]);
    assert!(
        !plain.contains("[cosmetic]") && plain.contains("[number]"),
        "{plain}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&run(&["--ignore", "cosmetic", "--format", "json"])).unwrap();
    assert_eq!(json["stats"]["edits"]["cosmetic"], 0);
    assert_eq!(json["stats"]["edits"]["number"], 2);
    let page = run(&["--format", "html"]);
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(!page.contains("<script"));
    storydiff(&dir.path().join("unused"))
        .args(["diff", "--files"])
        .arg(&a)
        .arg(&b)
        .args(["--granularity", "paragraph"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'paragraph'"));
}

#[test]
fn extract_ignores_an_unusable_url_with_a_warning_but_ingest_refuses_it() {
    for bad in ["None", ""] {
        Command::cargo_bin("storydiff")
            .unwrap()
            .args(["extract", "--format", "json", "--url", bad])
            .arg(example(1))
            .assert()
            .success()
            .stdout(predicate::str::contains("\"paragraphs\""))
            .stderr(predicate::str::contains("warning: ignoring --url"))
            .stderr(predicate::str::contains(format!("{bad:?}")));
    }
    let dir = TempDir::new().unwrap();
    storydiff(&dir.path().join("archive"))
        .args(["ingest", "--url", "None"])
        .arg(example(1))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid URL \"None\""));
}

#[test]
fn extract_several_files_as_jsonl_reports_the_bad_one_and_prints_the_rest() {
    let dir = TempDir::new().unwrap();
    let empty = dir.path().join("empty.html");
    std::fs::write(&empty, "").unwrap();
    let out = Command::cargo_bin("storydiff")
        .unwrap()
        .args(["extract", "--format", "jsonl"])
        .arg(example(1))
        .arg(&empty)
        .arg(example(2))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empty.html: the page is empty"))
        .get_output()
        .stdout
        .clone();
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0]["file"].as_str().unwrap().ends_with("v1.html"));
    assert!(!lines[0]["paragraphs"].as_array().unwrap().is_empty());
    assert!(lines[1]["file"].as_str().unwrap().ends_with("empty.html"));
    assert!(lines[1]["error"].as_str().unwrap().contains("empty"));
    assert!(lines[2]["file"].as_str().unwrap().ends_with("v2.html"));
    assert_ne!(lines[0]["content_sha256"], lines[2]["content_sha256"]);
}

#[test]
fn extract_several_files_as_json_is_one_array() {
    let out = Command::cargo_bin("storydiff")
        .unwrap()
        .args(["extract", "--format", "json"])
        .arg(example(1))
        .arg(example(2))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let all: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 2);
    assert!(all[1]["file"].as_str().unwrap().ends_with("v2.html"));
}
