//! Bad input: one clear line on stderr, exit code 2 (1 for verify findings), archive untouched.

mod common;

use std::path::Path;

use common::*;
use predicates::prelude::*;
use tempfile::TempDir;

/// An archive holding one recorded version of the tram story, and the directory around it.
fn archive_with_one_version() -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new().unwrap();
    let archive = dir.path().join("archive");
    let page = Story::tram_vote().write(dir.path(), "v1.html");
    storydiff(&archive)
        .args(["ingest", "--url", TRAM_URL])
        .arg(page)
        .args(["--at", "2025-05-07T06:00:00Z"])
        .assert()
        .success();
    (dir, archive)
}

/// The tram story with a paragraph added: a second version.
fn tram_vote_v2() -> Story {
    let mut story = Story::tram_vote();
    story
        .paragraphs
        .push("The first tenders are due in September.".into());
    story
}

/// Ingest `file` and expect a one-line error mentioning `needle`, with the archive unchanged.
fn rejects(archive: &Path, file: &Path, needle: &str) {
    let before = snapshot_dir(archive);
    let out = storydiff(archive)
        .args(["ingest", "--url", TRAM_URL])
        .arg(file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(needle))
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8(out).unwrap();
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr}");
    assert!(stderr.starts_with("storydiff: error: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(before, snapshot_dir(archive), "archive changed");
}

#[test]
fn missing_file() {
    let (dir, archive) = archive_with_one_version();
    rejects(&archive, &dir.path().join("nope.html"), "nope.html");
}

#[test]
fn empty_file() {
    let (dir, archive) = archive_with_one_version();
    let path = dir.path().join("empty.html");
    std::fs::write(&path, "").unwrap();
    rejects(&archive, &path, "empty.html: the page is empty");
}

#[test]
fn binary_file() {
    let (dir, archive) = archive_with_one_version();
    let path = dir.path().join("photo.jpg");
    let mut bytes = vec![
        0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00,
    ];
    bytes.extend((0..4000u32).map(|i| (i * 7 % 256) as u8));
    std::fs::write(&path, bytes).unwrap();
    rejects(&archive, &path, "photo.jpg: the page is binary data");
}

#[test]
fn text_that_is_not_html() {
    let (dir, archive) = archive_with_one_version();
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "Call the harbour master about the ferry times.\nThen file by six.\n",
    )
    .unwrap();
    rejects(&archive, &path, "notes.txt: the page is not HTML");
}

#[test]
fn page_with_no_article() {
    let (dir, archive) = archive_with_one_version();
    let path = dir.path().join("section.html");
    std::fs::write(
        &path,
        "<!DOCTYPE html><html><head><title>City | Northbrook Daily</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/city\">City</a> <a href=\"/sport\">Sport</a></nav>\
         <ul><li><a href=\"/a\">Tram vote tonight</a></li><li><a href=\"/b\">Ferry delays</a></li></ul>\
         <footer>© Northbrook Daily</footer></body></html>",
    )
    .unwrap();
    rejects(&archive, &path, "section.html: no article found");
}

#[test]
fn a_directory_given_as_a_page() {
    let (dir, archive) = archive_with_one_version();
    let sub = dir.path().join("pages");
    std::fs::create_dir(&sub).unwrap();
    rejects(&archive, &sub, "is a directory");
}

#[test]
fn invalid_url() {
    let (dir, archive) = archive_with_one_version();
    let page = Story::tram_vote().write(dir.path(), "again.html");
    let before = snapshot_dir(&archive);
    for url in ["not a url", "ftp://example.com/story", "/city/tram"] {
        storydiff(&archive)
            .args(["ingest", "--url", url])
            .arg(&page)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("invalid URL"));
    }
    assert_eq!(before, snapshot_dir(&archive));
}

#[test]
fn invalid_time() {
    let (dir, archive) = archive_with_one_version();
    let page = Story::tram_vote().write(dir.path(), "again.html");
    storydiff(&archive)
        .args(["ingest", "--url", TRAM_URL, "--at", "yesterday"])
        .arg(&page)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid --at time \"yesterday\""));
}

#[test]
fn a_bad_file_among_good_ones_records_none_of_them() {
    let (dir, archive) = archive_with_one_version();
    let story = tram_vote_v2();
    let good = story.write(dir.path(), "v2.html");
    let bad = dir.path().join("bad.html");
    std::fs::write(&bad, "").unwrap();
    let before = snapshot_dir(&archive);
    storydiff(&archive)
        .args(["ingest", "--url", TRAM_URL])
        .args([&good, &bad])
        .assert()
        .code(2);
    assert_eq!(before, snapshot_dir(&archive));
}

#[test]
fn a_directory_that_is_not_an_archive() {
    let dir = TempDir::new().unwrap();
    let not_archive = dir.path().join("photos");
    std::fs::create_dir(&not_archive).unwrap();
    std::fs::write(not_archive.join("holiday.txt"), "beach").unwrap();
    let page = Story::tram_vote().write(dir.path(), "v1.html");
    let before = snapshot_dir(&not_archive);
    for args in [vec!["list"], vec!["verify"], vec!["log", TRAM_URL]] {
        storydiff(&not_archive)
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("not a storydiff archive"));
    }
    storydiff(&not_archive)
        .args(["ingest", "--url", TRAM_URL])
        .arg(&page)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a storydiff archive"));
    assert_eq!(before, snapshot_dir(&not_archive));
}

#[test]
fn reading_commands_on_a_missing_archive_fail_without_creating_it() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("missing");
    storydiff(&missing)
        .args(["log", TRAM_URL])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a storydiff archive"));
    assert!(!missing.exists());
}

#[test]
fn unknown_article() {
    let (_dir, archive) = archive_with_one_version();
    storydiff(&archive)
        .args(["log", "https://news.northbrook.example/sport/derby"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no article with URL https://news.northbrook.example/sport/derby",
        ));
}

#[test]
fn a_damaged_object_is_reported_by_verify_and_refused_by_readers() {
    let (_dir, archive) = archive_with_one_version();
    // Damage the blob holding the canonical text of version 1.
    let branch = only_branch(&archive);
    let blob = git(&archive, &["rev-parse", &format!("{branch}:article.md")]);
    let blob = blob.trim();
    let path = archive.join("objects").join(&blob[..2]).join(&blob[2..]);
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms).unwrap();
    std::fs::write(&path, b"this is not a zlib stream").unwrap();

    storydiff(&archive)
        .arg("verify")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(&blob[..7]));
    let out = storydiff(&archive)
        .args(["show", TRAM_URL])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("damaged"))
        .get_output()
        .stderr
        .clone();
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 1);
}

#[test]
fn times_out_of_order_record_nothing() {
    let (dir, archive) = archive_with_one_version();
    let story = tram_vote_v2();
    let v2 = story.write(dir.path(), "v2.html");
    let v1 = Story::tram_vote().write(dir.path(), "v1-again.html");
    let before = snapshot_dir(&archive);
    // Before the latest recorded version (seen 2025-05-07T06:00:00Z).
    storydiff(&archive)
        .args(["ingest", "--url", TRAM_URL, "--at", "2020-01-01T00:00:00Z"])
        .arg(&v2)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--at 2020-01-01T00:00:00+00:00 is before version 1",
        ));
    // Out of order among the files given.
    storydiff(&archive)
        .args(["ingest", "--url", TRAM_URL])
        .args([&v2, &v1])
        .args([
            "--at",
            "2025-05-08T06:00:00Z",
            "--at",
            "2025-05-07T09:00:00Z",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "give the files and their times oldest first",
        ));
    assert_eq!(before, snapshot_dir(&archive));
}

#[test]
fn a_url_with_tracking_parameters_names_the_same_story() {
    let (dir, archive) = archive_with_one_version();
    let story = tram_vote_v2();
    let v2 = story.write(dir.path(), "v2.html");
    let shared = format!("{TRAM_URL}?utm_source=newsletter&utm_medium=email#comments");
    storydiff(&archive)
        .args(["ingest", "--url", &shared, "--at", "2025-05-08T06:00:00Z"])
        .arg(&v2)
        .assert()
        .success()
        .stdout(predicate::str::contains("recorded as version 2"));
    storydiff(&archive)
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("2 versions"));
}

#[test]
fn a_url_without_a_scheme_gets_a_suggestion() {
    let dir = TempDir::new().unwrap();
    let archive = dir.path().join("archive");
    let page = Story::tram_vote().write(dir.path(), "v1.html");
    storydiff(&archive)
        .args(["ingest", "--url", "news.example/tram-vote"])
        .arg(page)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "did you mean \"https://news.example/tram-vote\"?",
        ));
    assert!(!archive.exists());
}
