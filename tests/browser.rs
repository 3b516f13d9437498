//! The HTML report in a real headless browser (Chromium): article text that carries markup stays
//! text, nothing in it runs, and the page is one document with no outside resources.
//!
//! Needs `chromium` on the PATH, so it is ignored by default; `.ci/run` installs Chromium where it
//! can and runs it with `cargo test --test browser -- --ignored`.

mod common;

use common::*;
use tempfile::TempDir;

#[test]
#[ignore = "needs chromium; run with --ignored"]
fn report_markup_in_article_text_does_not_run_in_a_browser() {
    let dir = TempDir::new().unwrap();
    let archive = dir.path().join("archive");
    let v1 = Story::tram_vote();
    let mut v2 = v1.clone();
    // Escaped in the page, so the article's text holds live-looking markup.
    v2.title = "Tram vote &lt;script&gt;document.title='pwned-by-headline'&lt;/script&gt;".into();
    v2.paragraphs.push(
        "A reader posted &lt;img src=x onerror=\"document.title='pwned-by-img'\"&gt; under the story, \
         and &lt;script&gt;document.body.innerHTML='pwned-by-script'&lt;/script&gt; after it."
            .into(),
    );
    let mut cmd = storydiff(&archive);
    cmd.args(["ingest", "--url", TRAM_URL])
        .arg(v1.write(dir.path(), "v1.html"))
        .arg(v2.write(dir.path(), "v2.html"));
    cmd.assert().success();
    let report = dir.path().join("report.html");
    storydiff(&archive)
        .args(["report", "--format", "html", "--output"])
        .arg(&report)
        .assert()
        .success();

    let out = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=390,844",
            "--virtual-time-budget=2000",
            "--dump-dom",
        ])
        .arg(format!("file://{}", report.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dom = String::from_utf8(out.stdout).unwrap();
    assert!(
        dom.contains("<title>storydiff report</title>"),
        "title untouched: {dom}"
    );
    assert!(!dom.contains("pwned-by-script</body>"), "{dom}");
    assert!(
        !dom.to_lowercase().contains("<script"),
        "no script element: {dom}"
    );
    assert!(
        !dom.to_lowercase().contains("<img"),
        "no img element: {dom}"
    );
    assert!(
        dom.contains("&lt;img src=x onerror="),
        "shown as text: {dom}"
    );
    assert!(
        dom.contains("&lt;script&gt;document.title="),
        "shown as text: {dom}"
    );
    assert!(
        !dom.contains("src=\"http") && !dom.contains("<link"),
        "self-contained: {dom}"
    );
}
