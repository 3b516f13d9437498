//! A writer killed with SIGKILL in the middle of a long ingest leaves a valid archive that holds
//! every version it reported as recorded.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use common::*;
use tempfile::TempDir;

#[test]
fn sigkill_during_ingest_loses_nothing_reported() {
    let dir = TempDir::new().unwrap();
    let archive = dir.path().join("archive");
    let mut story = Story::tram_vote();
    let mut files = Vec::new();
    for n in 1..=150 {
        story.paragraphs[7] = format!(
            "The council said a fund of {n} million euros would be set aside for affected businesses."
        );
        files.push(story.write(dir.path(), &format!("v{n:03}.html")));
    }

    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("storydiff"))
        .arg("--archive")
        .arg(&archive)
        .args(["ingest", "--url", TRAM_URL])
        .args(&files)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut reported = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        assert!(line.contains("recorded as version"), "{line}");
        reported.push(line);
        if reported.len() == 40 {
            // SIGKILL: no chance to clean up.
            child.kill().unwrap();
            break;
        }
    }
    child.wait().unwrap();
    assert_eq!(
        reported.len(),
        40,
        "the ingest finished before it could be killed"
    );

    storydiff(&archive).arg("verify").assert().success();
    git(&archive, &["fsck", "--strict"]);

    // Every reported version is there with the content of the file it came from.
    let out = storydiff(&archive)
        .args(["log", TRAM_URL, "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let log: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let versions = log.as_array().unwrap();
    assert!(versions.len() >= 40, "only {} versions", versions.len());
    for (i, file) in files.iter().take(40).enumerate() {
        let page = std::fs::read(file).unwrap();
        let url = url::Url::parse(TRAM_URL).unwrap();
        let info = storydiff::extract::PageInfo {
            url: Some(url),
            content_type: None,
        };
        let article = storydiff::extract::extract(&page, &info).unwrap();
        let version = versions
            .iter()
            .find(|v| v["version"] == i + 1)
            .unwrap_or_else(|| panic!("version {} missing", i + 1));
        assert_eq!(version["content_sha256"], article.content_sha256());
    }

    // The lock died with the writer: the next ingest proceeds.
    storydiff(&archive)
        .args(["ingest", "--url", TRAM_URL])
        .arg(files.last().unwrap())
        .assert()
        .success();
}
