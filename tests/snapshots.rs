//! Snapshots of what users read, on the bundled example story: the extracted Article, the diff as
//! JSON and as plain terminal text, and the changelog.

mod common;

use common::*;
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

fn recorded_example() -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new().unwrap();
    let archive = dir.path().join("archive");
    let times = [
        "2025-03-14T07:30:00Z",
        "2025-03-14T12:00:00Z",
        "2025-03-14T14:30:00Z",
        "2025-03-14T18:00:00Z",
        "2025-03-15T08:15:00Z",
    ];
    for (i, at) in times.iter().enumerate() {
        storydiff(&archive)
            .args(["ingest", "--url", EXAMPLE_URL, "--at", at])
            .arg(example(i as u32 + 1))
            .assert()
            .success();
    }
    (dir, archive)
}

#[test]
fn extract_json_of_the_example() {
    let dir = TempDir::new().unwrap();
    let page = example(2);
    let out = run(
        dir.path(),
        &["extract", "--format", "json", page.to_str().unwrap()],
    );
    snapshot!("extract_example_v2_json", out);
}

#[test]
fn diffs_and_changelog_of_the_example() {
    let (_dir, archive) = recorded_example();
    snapshot!(
        "diff_example_v1_v2_json",
        run(
            &archive,
            &["diff", EXAMPLE_URL, "1", "2", "--format", "json"]
        )
    );
    snapshot!(
        "diff_example_v2_v3_terminal",
        run(&archive, &["diff", EXAMPLE_URL, "2", "3"])
    );
    snapshot!(
        "diff_example_v3_v4_terminal",
        run(&archive, &["diff", EXAMPLE_URL, "3", "4"])
    );
    snapshot!(
        "changelog_example_markdown",
        run(&archive, &["changelog", EXAMPLE_URL])
    );
    snapshot!(
        "changelog_example_json",
        run(&archive, &["changelog", EXAMPLE_URL, "--format", "json"])
    );
}
