//! Archive tests on real repositories in temporary directories, checked with the `git` binary.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};

use super::*;
use crate::article::{Block, Note, NoteKind, NotePosition, sha256_hex};

const URL: &str = "https://news.example.com/world/2024/dec/17/bridge-reopens";

fn key() -> ArticleKey {
    ArticleKey::from_url(&url::Url::parse(URL).expect("URL parses"))
}

fn at(rfc3339: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(rfc3339).expect("test time parses")
}

/// Version `n` of our own small story: each version adds a paragraph.
fn article(n: usize) -> Article {
    let mut blocks = vec![Block::paragraph(
        "The bridge reopened on Monday after repairs.",
    )];
    for i in 1..n {
        blocks.push(Block::paragraph(format!(
            "Update {i}: traffic is flowing again."
        )));
    }
    Article {
        title: format!("Bridge reopens ({n})"),
        dek: Some("Traffic resumes.".into()),
        byline: Some("Ana Ruiz".into()),
        blocks,
        notes: vec![Note {
            kind: NoteKind::Update,
            text: format!("Updated {n} times."),
            position: NotePosition::Bottom,
        }],
        ..Article::default()
    }
}

fn page(n: usize) -> Vec<u8> {
    format!("<html><body><h1>Bridge reopens</h1><p>version {n}</p></body></html>").into_bytes()
}

fn record(archive: &Archive, n: usize, seen_at: &str) -> Result<VersionInfo, ArchiveError> {
    let lock = archive.lock(Duration::from_secs(1))?;
    let article = article(n);
    let raw = page(n);
    let entry = format!("Version {n}: added a paragraph.\n\n---\n\nDetails: more text");
    let changelog = format!("# Changelog\n\n{entry}\n");
    archive.append(
        &lock,
        &key(),
        &NewVersion {
            url: URL,
            seen_at: at(seen_at),
            article: &article,
            raw: &raw,
            entry: &entry,
            changelog: &changelog,
            extractor: "storydiff-test 1",
            reextracted_from: None,
            filters_changed: false,
            content_type: None,
        },
    )
}

/// An archive with three versions of our story.
fn three_versions() -> (tempfile::TempDir, Archive) {
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = Archive::open_or_create(&dir.path().join("archive")).expect("create");
    for (n, time) in [
        (1, "2024-12-17T08:00:00+01:00"),
        (2, "2024-12-17T09:30:00+01:00"),
        (3, "2024-12-17T16:45:10-05:00"),
    ] {
        record(&archive, n, time).expect("append");
    }
    (dir, archive)
}

fn git(dir: &Path, args: &[&str]) -> (String, String) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

fn not_an_archive(result: Result<Archive, ArchiveError>) -> String {
    match result {
        Err(ArchiveError::NotAnArchive { reason, .. }) => reason,
        Err(other) => panic!("expected NotAnArchive, got {other}"),
        Ok(_) => panic!("expected NotAnArchive, got an archive"),
    }
}

#[test]
fn open_refuses_a_missing_dir_and_open_or_create_makes_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a/b/archive");
    assert!(not_an_archive(Archive::open(&path)).contains("no such directory"));
    let created = Archive::open_or_create(&path).expect("created");
    assert_eq!(created.path(), path);
    assert!(path.join("storydiff").is_dir());
    assert!(Archive::open(&path).is_ok());
    let (out, _) = git(&path, &["config", "storydiff.archive"]);
    assert_eq!(out.trim(), "true");
    let (out, _) = git(&path, &["rev-parse", "--is-bare-repository"]);
    assert_eq!(out.trim(), "true");
}

#[test]
fn open_or_create_inits_an_empty_dir_and_reopens_an_archive() {
    let dir = tempfile::tempdir().expect("tempdir");
    Archive::open_or_create(dir.path()).expect("init empty dir");
    Archive::open_or_create(dir.path()).expect("reopen");
}

#[test]
fn a_dir_with_files_is_not_an_archive_and_is_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("notes.txt"), "mine").expect("write");
    assert!(not_an_archive(Archive::open_or_create(dir.path())).contains("not a git repository"));
    assert!(!dir.path().join("HEAD").exists());
    let file = dir.path().join("notes.txt");
    assert!(not_an_archive(Archive::open(&file)).contains("not a directory"));
}

#[test]
fn a_plain_git_repository_is_not_an_archive() {
    let dir = tempfile::tempdir().expect("tempdir");
    git2::Repository::init_bare(dir.path()).expect("bare repo");
    let reason = not_an_archive(Archive::open_or_create(dir.path()));
    assert!(reason.contains("storydiff.archive"), "{reason}");
    let work = tempfile::tempdir().expect("tempdir");
    git2::Repository::init(work.path()).expect("work tree");
    assert!(not_an_archive(Archive::open(work.path())).contains("working tree"));
}

#[test]
fn three_versions_read_back_in_order_with_their_chain() {
    let (_dir, archive) = three_versions();
    let history = archive.history(&key()).expect("history");
    assert_eq!(
        history.iter().map(|v| v.version).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    for (i, info) in history.iter().enumerate() {
        let n = i + 1;
        assert_eq!(info.content_sha256, article(n).content_sha256());
        assert_eq!(info.raw_sha256, sha256_hex(&page(n)));
        assert_eq!(
            info.entry,
            format!("Version {n}: added a paragraph.\n\n---\n\nDetails: more text")
        );
    }
    assert_eq!(history[0].previous_content_sha256, None);
    assert_eq!(
        history[1].previous_content_sha256.as_deref(),
        Some(history[0].content_sha256.as_str())
    );
    assert_eq!(
        history[2].previous_content_sha256.as_deref(),
        Some(history[1].content_sha256.as_str())
    );
    assert_eq!(history[2].seen_at, at("2024-12-17T16:45:10-05:00"));
    assert_eq!(history[2].seen_at.offset().local_minus_utc(), -5 * 3600);
    assert_eq!(
        archive.latest(&key()).expect("latest").as_ref(),
        history.last()
    );

    let v2 = archive.load(&key(), 2).expect("load");
    assert_eq!(v2.info, history[1]);
    assert_eq!(v2.url, URL);
    assert_eq!(v2.article, article(2));
    assert_eq!(v2.canonical_text, article(2).canonical_text());
    assert_eq!(v2.raw, page(2));
    assert!(v2.changelog.starts_with("# Changelog\n\nVersion 2"));
    assert_eq!(v2.extractor, "storydiff-test 1");
    for bad in [0, 4] {
        match archive.load(&key(), bad) {
            Err(ArchiveError::UnknownVersion {
                version,
                count,
                url,
            }) => {
                assert_eq!((version, count, url.as_str()), (bad, 3, URL));
            }
            other => panic!("expected UnknownVersion, got {other:?}"),
        }
    }
}

#[test]
fn articles_and_lookup_by_url() {
    let (_dir, archive) = three_versions();
    let list = archive.articles().expect("articles");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].key, key());
    assert_eq!(list[0].url, URL);
    assert_eq!(list[0].versions, 3);
    assert_eq!(list[0].title, "Bridge reopens (3)");
    assert_eq!(list[0].ref_name, key().ref_name());
    let url = url::Url::parse(URL).expect("parses");
    assert_eq!(archive.find_by_url(&url).expect("found"), key());
    let other = url::Url::parse("https://news.example.com/other").expect("parses");
    assert!(
        matches!(archive.find_by_url(&other), Err(ArchiveError::UnknownArticle(u)) if u == other.as_str())
    );
    assert!(
        archive
            .history(&ArticleKey::from_url(&other))
            .expect("empty")
            .is_empty()
    );
    assert!(
        archive
            .latest(&ArticleKey::from_url(&other))
            .expect("none")
            .is_none()
    );
    assert!(matches!(
        archive.load(&ArticleKey::from_url(&other), 1),
        Err(ArchiveError::UnknownArticle(_))
    ));
}

#[test]
fn plain_git_reads_the_archive() {
    let (_dir, archive) = three_versions();
    let branch = format!("articles/{}", key());
    let (log, stderr) = git(archive.path(), &["log", "--format=%s", &branch]);
    assert_eq!(
        log,
        "Version 3: added a paragraph.\nVersion 2: added a paragraph.\nVersion 1: added a paragraph.\n"
    );
    assert_eq!(stderr, "", "git warned");
    let (text, _) = git(archive.path(), &["show", &format!("{branch}:article.md")]);
    let latest = archive.latest(&key()).expect("latest").expect("recorded");
    assert_eq!(sha256_hex(text.as_bytes()), latest.content_sha256);
    let (trailer, _) = git(
        archive.path(),
        &[
            "log",
            "-1",
            "--format=%(trailers:key=Content-SHA256,valueonly)",
            &branch,
        ],
    );
    assert_eq!(trailer.trim(), latest.content_sha256);
    let (author, _) = git(
        archive.path(),
        &["log", "-1", "--format=%an <%ae> %aI %cI", &branch],
    );
    assert_eq!(
        author.trim(),
        "storydiff <storydiff@localhost> 2024-12-17T16:45:10-05:00 2024-12-17T16:45:10-05:00"
    );
    git(archive.path(), &["fsck", "--strict"]);
}

#[test]
fn a_stale_tip_is_a_conflict_and_changes_nothing() {
    let (_dir, a) = three_versions();
    let b = Archive::open(a.path()).expect("second handle");
    assert_eq!(b.latest(&key()).expect("read").map(|v| v.version), Some(3));
    let v4 = record(&a, 4, "2024-12-18T08:00:00.750Z").expect("a appends");
    assert_eq!(a.history(&key()).expect("history").last(), Some(&v4));
    assert_eq!(
        v4.seen_at,
        at("2024-12-18T08:00:00Z"),
        "commit times are whole seconds"
    );
    assert!(matches!(
        record(&b, 5, "2024-12-18T09:00:00Z"),
        Err(ArchiveError::Conflict(_))
    ));
    assert_eq!(
        a.latest(&key()).expect("read").expect("some").commit,
        v4.commit
    );
    // After re-reading, b builds on the new tip.
    assert_eq!(b.history(&key()).expect("history").len(), 4);
    assert_eq!(
        record(&b, 5, "2024-12-18T09:00:00Z")
            .expect("b appends")
            .version,
        5
    );
}

#[test]
fn creating_a_branch_twice_is_a_conflict() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = Archive::open_or_create(dir.path()).expect("create");
    let b = Archive::open(dir.path()).expect("open");
    assert!(a.latest(&key()).expect("read").is_none());
    assert!(b.latest(&key()).expect("read").is_none());
    record(&a, 1, "2024-12-17T08:00:00Z").expect("a creates");
    assert!(matches!(
        record(&b, 1, "2024-12-17T08:00:00Z"),
        Err(ArchiveError::Conflict(_))
    ));
    assert_eq!(a.history(&key()).expect("history").len(), 1);
}

#[test]
fn append_checks_the_url_and_the_lock() {
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = Archive::open_or_create(&dir.path().join("one")).expect("create");
    let other = Archive::open_or_create(&dir.path().join("two")).expect("create");
    let article = article(1);
    let new = |url| NewVersion {
        url,
        seen_at: at("2024-12-17T08:00:00Z"),
        article: &article,
        raw: b"<html></html>",
        entry: "",
        changelog: "",
        extractor: "test",
        reextracted_from: None,
        filters_changed: false,
        content_type: None,
    };
    let lock = archive.lock(Duration::ZERO).expect("lock");
    let foreign = other.lock(Duration::ZERO).expect("lock");
    assert!(matches!(
        archive.append(&foreign, &key(), &new(URL)),
        Err(ArchiveError::Invalid(_))
    ));
    for bad in [
        "https://news.example.com/elsewhere",
        "not a url",
        "https://news.example.com",
    ] {
        assert!(
            matches!(
                archive.append(&lock, &key(), &new(bad)),
                Err(ArchiveError::Invalid(_))
            ),
            "{bad}"
        );
    }
    let info = archive.append(&lock, &key(), &new(URL)).expect("append");
    assert_eq!(info.entry, "Recorded version 1");
    assert_eq!(
        archive.history(&key()).expect("history")[0].entry,
        "Recorded version 1"
    );
}

#[test]
fn a_second_writer_waits_then_gets_locked_until_the_first_drops() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = Archive::open_or_create(dir.path()).expect("create");
    let b = Archive::open(dir.path()).expect("open");
    let held = a.lock(Duration::ZERO).expect("first lock");
    let started = Instant::now();
    match b.lock(Duration::from_millis(100)) {
        Err(ArchiveError::Locked(path)) => assert_eq!(path, dir.path().join("storydiff/lock")),
        other => panic!("expected Locked, got {other:?}"),
    }
    assert!(started.elapsed() >= Duration::from_millis(100));
    drop(held);
    let again = b.lock(Duration::ZERO).expect("free after drop");
    assert_eq!(again.path(), dir.path().join("storydiff/lock"));
}

#[test]
fn verify_passes_a_good_archive() {
    let (_dir, archive) = three_versions();
    let report = archive.verify().expect("verify");
    assert_eq!(report.problems, Vec::<String>::new());
    assert_eq!((report.articles, report.versions), (1, 3));
    // Four distinct blobs, a tree and a commit per version.
    assert_eq!(report.objects, 3 * 6);
}

/// Commit `files` with `message` on `key`'s branch, straight through git2.
fn forge(dir: &Path, key: &ArticleKey, message: &str, files: &[(&str, &[u8])]) -> git2::Oid {
    let repo = git2::Repository::open(dir).expect("repo");
    let parent = repo
        .find_reference(&key.ref_name())
        .ok()
        .and_then(|r| r.target())
        .map(|oid| repo.find_commit(oid).expect("parent"));
    let mut tree = repo.treebuilder(None).expect("treebuilder");
    for (name, bytes) in files {
        tree.insert(name, repo.blob(bytes).expect("blob"), 0o100_644)
            .expect("insert");
    }
    let tree = repo.find_tree(tree.write().expect("tree")).expect("tree");
    let sig = git2::Signature::now("forger", "forger@example.com").expect("sig");
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    let oid = repo
        .commit(None, &sig, &sig, message, &tree, &parents)
        .expect("commit");
    repo.reference(&key.ref_name(), oid, true, "forge")
        .expect("ref");
    oid
}

fn honest_files(n: usize) -> (String, Vec<u8>, Vec<u8>) {
    let a = article(n);
    let json = serde_json::to_vec_pretty(&record::Record {
        url: URL.into(),
        seen_at: at("2024-12-17T08:00:00Z"),
        content_sha256: a.content_sha256(),
        raw_sha256: sha256_hex(&page(n)),
        extractor: "forge".into(),
        article: a.clone(),
    })
    .expect("json");
    (a.canonical_text(), json, page(n))
}

#[test]
fn verify_reports_a_content_hash_that_does_not_match() {
    let (_dir, archive) = three_versions();
    let previous = archive
        .latest(&key())
        .expect("read")
        .expect("some")
        .content_sha256;
    let (md, json, html) = honest_files(4);
    let wrong = "0".repeat(64);
    let message = format!(
        "Forged\n\nArticle-URL: {URL}\nVersion: 4\nContent-SHA256: {wrong}\nRaw-SHA256: {}\n\
         Previous-Content-SHA256: {previous}\n",
        sha256_hex(&html)
    );
    let oid = forge(
        archive.path(),
        &key(),
        &message,
        &[
            ("article.md", md.as_bytes()),
            ("article.json", &json),
            ("page.html", &html),
            ("CHANGELOG.md", b""),
        ],
    );
    let report = archive.verify().expect("verify");
    assert_eq!(report.problems.len(), 2, "{:#?}", report.problems);
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("Content-SHA256 says") && p.contains(&oid.to_string()))
    );
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("disagrees with the commit trailers"))
    );
}

#[test]
fn verify_reports_a_broken_version_sequence_and_chain() {
    let (_dir, archive) = three_versions();
    let (md, json, html) = honest_files(4);
    let message = format!(
        "Skipped ahead\n\nArticle-URL: {URL}\nVersion: 7\nContent-SHA256: {}\nRaw-SHA256: {}\n\
         Previous-Content-SHA256: {}\n",
        sha256_hex(md.as_bytes()),
        sha256_hex(&html),
        "f".repeat(64)
    );
    forge(
        archive.path(),
        &key(),
        &message,
        &[
            ("article.md", md.as_bytes()),
            ("article.json", &json),
            ("page.html", &html),
        ],
    );
    let problems = archive.verify().expect("verify").problems;
    assert!(
        problems
            .iter()
            .any(|p| p.contains("version 7") && p.contains("number 4")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("does not match the parent's")),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("no CHANGELOG.md")),
        "{problems:#?}"
    );
    assert_eq!(problems.len(), 3, "{problems:#?}");
}

#[test]
fn verify_reports_a_rendering_mismatch_and_a_changed_url() {
    let (_dir, archive) = three_versions();
    let (_, json, html) = honest_files(4);
    let md = "# Something else\n";
    let other = "https://news.example.com/other";
    let message = format!(
        "x\n\nArticle-URL: {other}\nVersion: 4\nContent-SHA256: {}\nRaw-SHA256: {}\n\
         Previous-Content-SHA256: {}\n",
        sha256_hex(md.as_bytes()),
        sha256_hex(&html),
        archive
            .latest(&key())
            .expect("read")
            .expect("some")
            .content_sha256
    );
    forge(
        archive.path(),
        &key(),
        &message,
        &[
            ("article.md", md.as_bytes()),
            ("article.json", &json),
            ("page.html", &html),
            ("CHANGELOG.md", b""),
        ],
    );
    let problems = archive.verify().expect("verify").problems;
    assert!(
        problems.iter().any(|p| p.contains("does not render")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains(&format!("has URL {other}"))),
        "{problems:#?}"
    );
}

/// The file of a loose object.
fn loose_path(archive: &Archive, oid: &str) -> std::path::PathBuf {
    archive
        .path()
        .join("objects")
        .join(&oid[..2])
        .join(&oid[2..])
}

/// The object id of file `name` in version `version` of the test article.
fn file_of(archive: &Archive, version: u32, name: &str) -> String {
    let repo = git2::Repository::open(archive.path()).expect("repo");
    let info = archive.load(&key(), version).expect("load").info;
    let commit = repo
        .find_commit(git2::Oid::from_str(&info.commit).expect("oid"))
        .expect("commit");
    let tree = commit.tree().expect("tree");
    tree.get_name(name).expect("entry").id().to_string()
}

/// Overwrite a loose object's file with `bytes` (read-only as git writes it).
fn overwrite(archive: &Archive, oid: &str, bytes: &[u8]) {
    let path = loose_path(archive, oid);
    let mut perms = std::fs::metadata(&path)
        .expect("loose object")
        .permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms).expect("chmod");
    std::fs::write(&path, bytes).expect("overwrite");
}

/// Overwrite a loose object's file with garbage.
fn smash(archive: &Archive, oid: &str) {
    overwrite(archive, oid, b"this is not a zlib stream");
}

/// Cut a loose object's file short, keeping the start of its zlib stream.
fn truncate(archive: &Archive, oid: &str) {
    let bytes = std::fs::read(loose_path(archive, oid)).expect("loose object");
    overwrite(archive, oid, &bytes[..20]);
}

#[test]
fn a_truncated_object_is_damage_and_never_hangs() {
    // libgit2 1.9.7 inflates a truncated loose object forever; these calls would not return.
    let (_dir, archive) = three_versions();
    let json = file_of(&archive, 2, "article.json");
    let repo = git2::Repository::open(archive.path()).expect("repo");
    let v2 = archive.load(&key(), 2).expect("load").info.commit;
    let tree = repo
        .find_commit(git2::Oid::from_str(&v2).expect("oid"))
        .expect("commit")
        .tree_id()
        .to_string();
    truncate(&archive, &json);
    let fresh = Archive::open(archive.path()).expect("reopen");
    match fresh.records(&key()) {
        Err(ArchiveError::Damaged(m)) => assert!(m.contains(&json) && m.contains("corrupt"), "{m}"),
        other => panic!("expected Damaged, got {other:?}"),
    }
    let problems = fresh.verify().expect("verify").problems;
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with(&format!("object {json} is corrupt"))),
        "{problems:#?}"
    );
    // A tree cut short stops reading its version too.
    truncate(&archive, &tree);
    let fresh = Archive::open(archive.path()).expect("reopen");
    assert!(matches!(fresh.load(&key(), 2), Err(ArchiveError::Damaged(m)) if m.contains(&tree)));
}

#[test]
fn a_garbage_blob_is_reported_and_never_panics() {
    let (_dir, archive) = three_versions();
    let blob = file_of(&archive, 2, "page.html");
    smash(&archive, &blob);
    let fresh = Archive::open(archive.path()).expect("reopen");
    let problems = fresh.verify().expect("verify").problems;
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with(&format!("object {blob} is corrupt"))),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains(&blob) && p.contains("version 2")),
        "{problems:#?}"
    );
    match fresh.load(&key(), 2) {
        Err(e @ ArchiveError::Damaged(_)) => {
            let text = e.to_string();
            assert!(
                text.starts_with(&format!("archive is damaged: object {blob}")),
                "{text}"
            );
        }
        other => panic!("expected Damaged, got {other:?}"),
    }
    assert_eq!(fresh.history(&key()).expect("commits are fine").len(), 3);
}

#[test]
fn a_garbage_commit_is_damaged_for_readers_and_verify() {
    let (_dir, archive) = three_versions();
    let tip = archive.latest(&key()).expect("read").expect("some").commit;
    smash(&archive, &tip);
    let fresh = Archive::open(archive.path()).expect("reopen");
    for result in [
        fresh.history(&key()).map(|_| ()),
        fresh.articles().map(|_| ()),
    ] {
        match result {
            Err(ArchiveError::Damaged(m)) => assert!(m.contains(&tip), "{m}"),
            other => panic!("expected Damaged, got {other:?}"),
        }
    }
    let problems = fresh.verify().expect("verify").problems;
    assert!(
        problems
            .iter()
            .any(|p| p.contains(&format!("commit {tip} is unreadable"))),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with(&format!("object {tip}"))),
        "{problems:#?}"
    );
    // A writer cannot build on a damaged tip either.
    assert!(matches!(
        record(&fresh, 4, "2024-12-18T08:00:00Z"),
        Err(ArchiveError::Damaged(_))
    ));
}

/// Tells `hold_lock_until_killed` which archive to lock.
const HOLDER_ENV: &str = "STORYDIFF_TEST_LOCK_HOLDER";

/// Not a test: the child process of `a_killed_writer_leaves_no_stale_lock`, run only by it.
#[test]
#[ignore = "helper process, started by a_killed_writer_leaves_no_stale_lock"]
fn hold_lock_until_killed() {
    let Some(dir) = std::env::var_os(HOLDER_ENV) else {
        return;
    };
    let archive = Archive::open(Path::new(&dir)).expect("open");
    let _lock = archive.lock(Duration::ZERO).expect("lock");
    println!("locked");
    std::thread::sleep(Duration::from_secs(60));
}

/// Kills the helper process even when the test fails half way.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[cfg(unix)]
#[test]
fn a_killed_writer_leaves_no_stale_lock() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = Archive::open_or_create(dir.path()).expect("create");
    let mut child = KillOnDrop(
        Command::new(std::env::current_exe().expect("test binary"))
            .args(["--exact", "archive::tests::hold_lock_until_killed"])
            .args(["--ignored", "--nocapture", "--test-threads=1"])
            .env(HOLDER_ENV, dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn helper"),
    );
    let stdout = child.0.stdout.take().expect("piped");
    let mut lines = std::io::BufReader::new(stdout).lines();
    loop {
        match lines.next() {
            Some(Ok(line)) if line.contains("locked") => break,
            Some(Ok(_)) => {}
            _ => panic!("the helper exited without taking the lock"),
        }
    }
    assert!(matches!(
        archive.lock(Duration::ZERO),
        Err(ArchiveError::Locked(_))
    ));
    child.0.kill().expect("SIGKILL");
    child.0.wait().expect("reaped");
    archive
        .lock(Duration::from_secs(2))
        .expect("the OS released the dead writer's lock");
    assert!(dir.path().join("storydiff/lock").exists());
}

#[test]
fn resolve_takes_a_url_or_a_key() {
    let (_dir, archive) = three_versions();
    assert_eq!(archive.resolve(URL).expect("by URL"), key());
    assert_eq!(archive.resolve(key().as_str()).expect("by key"), key());
    assert_eq!(
        archive
            .resolve(&format!("articles/{}", key()))
            .expect("by branch"),
        key()
    );
    for unknown in [
        "https://news.example.com/nope",
        "news.example.com/nope-12345678",
        "junk",
    ] {
        assert!(
            matches!(archive.resolve(unknown), Err(ArchiveError::UnknownArticle(u)) if u == unknown),
            "{unknown}"
        );
    }
}

#[test]
fn packed_objects_and_refs_still_read_verify_and_append() {
    let (_dir, archive) = three_versions();
    git(archive.path(), &["gc", "--quiet", "--prune=now"]);
    assert!(
        !archive.path().join(key().ref_name()).exists(),
        "gc packs refs"
    );
    let fresh = Archive::open(archive.path()).expect("reopen");
    assert_eq!(fresh.history(&key()).expect("history").len(), 3);
    assert_eq!(fresh.load(&key(), 1).expect("load").raw, page(1));
    let report = fresh.verify().expect("verify");
    assert_eq!(
        (report.problems.len(), report.objects),
        (0, 18),
        "{:#?}",
        report.problems
    );
    assert_eq!(
        record(&fresh, 4, "2024-12-18T08:00:00Z")
            .expect("append")
            .version,
        4
    );
    assert_eq!(
        fresh.verify().expect("verify").problems,
        Vec::<String>::new()
    );
}

#[test]
fn a_clone_carries_every_article_and_becomes_an_archive_once_marked() {
    let (dir, archive) = three_versions();
    let copy = dir.path().join("copy");
    let out = Command::new("git")
        .args(["clone", "--quiet", "--bare"])
        .arg(archive.path())
        .arg(&copy)
        .output()
        .expect("git clone runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(not_an_archive(Archive::open(&copy)).contains("storydiff.archive true"));
    git(&copy, &["config", "storydiff.archive", "true"]);
    let cloned = Archive::open(&copy).expect("marked clone opens");
    assert_eq!(
        cloned.history(&key()).expect("history"),
        archive.history(&key()).expect("history")
    );
    assert_eq!(
        cloned.verify().expect("verify").problems,
        Vec::<String>::new()
    );
}

#[test]
fn objects_written_without_their_ref_leave_a_valid_archive() {
    // What a crash between the object writes and the ref update leaves behind.
    let (_dir, archive) = three_versions();
    let repo = git2::Repository::open(archive.path()).expect("repo");
    let blob = repo.blob(b"orphan page").expect("blob");
    let mut tree = repo.treebuilder(None).expect("treebuilder");
    tree.insert("page.html", blob, 0o100_644).expect("insert");
    let tree = repo.find_tree(tree.write().expect("tree")).expect("tree");
    let sig = git2::Signature::now("storydiff", "storydiff@localhost").expect("sig");
    repo.commit(None, &sig, &sig, "unreachable", &tree, &[])
        .expect("commit");
    let report = archive.verify().expect("verify");
    assert_eq!(report.problems, Vec::<String>::new());
    assert_eq!((report.versions, report.objects), (3, 21));
}

#[test]
fn an_object_swapped_for_another_fails_its_hash_check() {
    // Valid zlib, valid object, wrong content: only the hash check can tell.
    let (_dir, archive) = three_versions();
    let (one, two) = (
        file_of(&archive, 1, "page.html"),
        file_of(&archive, 2, "page.html"),
    );
    smash(&archive, &two);
    std::fs::copy(loose_path(&archive, &one), loose_path(&archive, &two)).expect("swap");
    let fresh = Archive::open(archive.path()).expect("reopen");
    assert!(matches!(fresh.load(&key(), 2), Err(ArchiveError::Damaged(m)) if m.contains(&two)));
    let problems = fresh.verify().expect("verify").problems;
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with(&format!("object {two} is corrupt"))),
        "{problems:#?}"
    );
}

#[test]
fn a_garbage_branch_file_is_damage_not_a_crash() {
    let (_dir, archive) = three_versions();
    // Packed first, so libgit2 would quietly fall back to the packed tip.
    git(archive.path(), &["pack-refs", "--all"]);
    let loose = archive.path().join(key().ref_name());
    std::fs::create_dir_all(loose.parent().expect("has a parent")).expect("mkdir");
    std::fs::write(&loose, "not an object id\n").expect("write");
    let fresh = Archive::open(archive.path()).expect("reopen");
    for result in [
        fresh.history(&key()).map(|_| ()),
        fresh.articles().map(|_| ()),
    ] {
        match result {
            Err(ArchiveError::Damaged(m)) => assert!(m.contains(&key().ref_name()), "{m}"),
            other => panic!("expected Damaged, got {other:?}"),
        }
    }
    let report = fresh.verify().expect("verify");
    assert_eq!(report.articles, 1);
    assert_eq!(report.problems.len(), 1, "{:#?}", report.problems);
    assert!(
        report.problems[0].contains("corrupt"),
        "{:#?}",
        report.problems
    );
}

#[test]
fn a_branch_deleted_under_a_writer_is_a_conflict() {
    let (_dir, archive) = three_versions();
    assert!(archive.latest(&key()).expect("read").is_some());
    git(archive.path(), &["update-ref", "-d", &key().ref_name()]);
    assert!(matches!(
        record(&archive, 4, "2024-12-18T08:00:00Z"),
        Err(ArchiveError::Conflict(_))
    ));
    assert!(archive.history(&key()).expect("history").is_empty());
}

/// Version `n` of story `i` (`…/story-<i>`), appended through `archive` (plain or batch).
fn record_story(
    archive: &Archive,
    lock: &WriteLock,
    i: usize,
    n: usize,
) -> Result<VersionInfo, ArchiveError> {
    let url = format!("https://news.example.com/city/story-{i}");
    let key = ArticleKey::from_url(&url::Url::parse(&url).expect("URL parses"));
    let mut article = article(n);
    article.title = format!("Story {i}, version {n}");
    let raw = format!("<html><body><h1>Story {i}</h1><p>version {n}</p></body></html>");
    let entry = format!("Version {n} of story {i}.");
    archive.append(
        lock,
        &key,
        &NewVersion {
            url: &url,
            seen_at: at("2024-12-17T08:00:00+01:00") + chrono::Duration::minutes(n as i64),
            article: &article,
            raw: raw.as_bytes(),
            entry: &entry,
            changelog: &format!("# Changelog\n\n{entry}\n"),
            extractor: "storydiff-test 1",
            reextracted_from: None,
            filters_changed: false,
            content_type: None,
        },
    )
}

fn story_key(i: usize) -> ArticleKey {
    let url = format!("https://news.example.com/city/story-{i}");
    ArticleKey::from_url(&url::Url::parse(&url).expect("URL parses"))
}

fn packs(archive: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(archive.join("objects/pack"))
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".pack"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_batch_is_invisible_until_flushed_then_one_pack_that_git_reads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("archive");
    let plain = Archive::open_or_create(&root).expect("create");
    let lock = plain.lock(Duration::from_secs(1)).expect("lock");
    let batch = Archive::open_batch(&root).expect("batch");
    for i in 0..12 {
        let info = record_story(&batch, &lock, i, 1).expect("held");
        assert_eq!(info.version, 1);
    }
    assert_eq!(batch.held(), 12);
    // Nothing on disk yet: no branch, no object, no pack.
    assert!(plain.articles().expect("list").is_empty());
    let (refs, _) = git(&root, &["for-each-ref"]);
    assert_eq!(refs, "");
    let (count, _) = git(&root, &["count-objects", "-v"]);
    assert!(
        count.contains("count: 0\n") && count.contains("in-pack: 0\n"),
        "{count}"
    );

    let results = batch.flush(&lock).expect("flushed");
    assert_eq!(results.len(), 12);
    assert!(
        results
            .iter()
            .all(|r| r.as_ref().is_ok_and(|v| v.version == 1))
    );
    // Twelve versions, six objects each, in one pack and nothing loose.
    assert_eq!(packs(&root).len(), 1);
    let (count, _) = git(&root, &["count-objects", "-v"]);
    assert!(
        count.contains("count: 0\n") && count.contains("in-pack: 72\n"),
        "{count}"
    );
    git(&root, &["fsck", "--strict"]);
    let idx = format!("objects/pack/{}", packs(&root)[0].replace(".pack", ".idx"));
    git(&root, &["verify-pack", &idx]);
    let report = plain.verify().expect("verify");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!((report.articles, report.versions), (12, 12));
    let (text, _) = git(
        &root,
        &["show", &format!("articles/{}:article.md", story_key(7))],
    );
    assert!(text.starts_with("# Story 7, version 1"), "{text}");

    // The next batch builds on the packed versions.
    let batch = Archive::open_batch(&root).expect("batch");
    for i in 0..12 {
        assert_eq!(record_story(&batch, &lock, i, 2).expect("held").version, 2);
    }
    assert!(
        batch
            .flush(&lock)
            .expect("flushed")
            .iter()
            .all(Result::is_ok)
    );
    assert_eq!(packs(&root).len(), 2);
    let history = plain.history(&story_key(3)).expect("history");
    assert_eq!(
        history.iter().map(|v| v.version).collect::<Vec<_>>(),
        [1, 2]
    );
    git(&root, &["fsck", "--strict"]);
}

#[test]
fn a_small_batch_is_written_loose() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("archive");
    let plain = Archive::open_or_create(&root).expect("create");
    let lock = plain.lock(Duration::from_secs(1)).expect("lock");
    let batch = Archive::open_batch(&root).expect("batch");
    for i in 0..3 {
        record_story(&batch, &lock, i, 1).expect("held");
    }
    assert_eq!(batch.flush(&lock).expect("flushed").len(), 3);
    assert!(packs(&root).is_empty());
    let (count, _) = git(&root, &["count-objects", "-v"]);
    assert!(count.contains("count: 18\n"), "{count}");
    git(&root, &["fsck", "--strict"]);
    assert_eq!(plain.articles().expect("list").len(), 3);
}

#[test]
fn a_batch_dropped_unflushed_leaves_the_archive_as_it_was() {
    let (dir, archive) = three_versions();
    let root = dir.path().join("archive");
    let before = archive.history(&key()).expect("history");
    {
        let lock = archive.lock(Duration::from_secs(1)).expect("lock");
        let batch = Archive::open_batch(&root).expect("batch");
        for i in 0..10 {
            record_story(&batch, &lock, i, 1).expect("held");
        }
    }
    assert_eq!(archive.articles().expect("list").len(), 1);
    assert_eq!(archive.history(&key()).expect("history"), before);
    let (count, _) = git(&root, &["count-objects", "-v"]);
    assert!(
        count.contains("count: 18\n"),
        "only the three versions' objects: {count}"
    );
}

#[test]
fn a_batched_version_whose_branch_moved_is_a_conflict_and_the_rest_land() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("archive");
    let plain = Archive::open_or_create(&root).expect("create");
    let lock = plain.lock(Duration::from_secs(1)).expect("lock");
    for i in 0..9 {
        record_story(&plain, &lock, i, 1).expect("v1");
    }
    let batch = Archive::open_batch(&root).expect("batch");
    for i in 0..9 {
        record_story(&batch, &lock, i, 2).expect("held");
    }
    // Someone else records story 4's version 2 first.
    record_story(&plain, &lock, 4, 2).expect("plain v2");
    let results = batch.flush(&lock).expect("flushed");
    for (i, result) in results.iter().enumerate() {
        match (i, result) {
            (4, Err(ArchiveError::Conflict(key))) => assert_eq!(key, story_key(4).as_str()),
            (4, other) => panic!("story 4: expected a conflict, got {other:?}"),
            (_, result) => assert_eq!(result.as_ref().expect("recorded").version, 2),
        }
    }
    let history = plain.history(&story_key(4)).expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].entry, "Version 2 of story 4.");
    git(&root, &["fsck", "--strict"]);
}

/// The loose ref files under `refs/heads/articles`.
fn loose_article_refs(root: &Path) -> Vec<std::path::PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            if entry.path().is_dir() {
                walk(&entry.path(), out);
            } else {
                out.push(entry.path());
            }
        }
    }
    let mut out = Vec::new();
    walk(&root.join("refs/heads/articles"), &mut out);
    out
}

#[test]
fn a_batch_moves_its_branches_in_packed_refs_that_git_reads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("archive");
    let plain = Archive::open_or_create(&root).expect("create");
    let lock = plain.lock(Duration::from_secs(1)).expect("lock");
    for i in 0..9 {
        record_story(&plain, &lock, i, 1).expect("v1");
    }
    assert_eq!(loose_article_refs(&root).len(), 9);
    // Someone's annotated tag, packed by git with the line that peels it: it must survive.
    let (tip, _) = git(&root, &["rev-parse", &format!("articles/{}", story_key(0))]);
    git(&root, &["tag", "-a", "-m", "kept", "kept", tip.trim()]);
    git(&root, &["pack-refs", "--all"]);
    record_story(&plain, &lock, 3, 2).expect("story 3 v2, loose again");

    let batch = Archive::open_batch(&root).expect("batch");
    for i in 0..9 {
        let version = if i == 3 { 3 } else { 2 };
        record_story(&batch, &lock, i, version).expect("held");
    }
    assert!(
        batch
            .flush(&lock)
            .expect("flushed")
            .iter()
            .all(Result::is_ok)
    );
    assert!(loose_article_refs(&root).is_empty());
    assert!(!root.join("packed-refs.lock").exists());
    let (refs, _) = git(&root, &["for-each-ref", "--format=%(refname)"]);
    assert_eq!(refs.lines().count(), 10, "{refs}");
    let (peeled, _) = git(&root, &["rev-parse", "kept^{commit}"]);
    assert_eq!(peeled, tip);
    for i in 0..9 {
        let history = plain.history(&story_key(i)).expect("history");
        let want: Vec<u32> = if i == 3 { vec![1, 2, 3] } else { vec![1, 2] };
        assert_eq!(history.iter().map(|v| v.version).collect::<Vec<_>>(), want);
    }
    git(&root, &["fsck", "--strict"]);

    // A single write after a batch is a loose ref again, over the packed one.
    record_story(&plain, &lock, 5, 3).expect("story 5 v3");
    assert_eq!(loose_article_refs(&root).len(), 1);
    let (text, _) = git(
        &root,
        &["show", &format!("articles/{}:article.md", story_key(5))],
    );
    assert!(text.starts_with("# Story 5, version 3"), "{text}");
    assert_eq!(plain.articles().expect("list").len(), 9);
}

#[test]
fn a_batch_whose_packed_refs_are_locked_moves_no_branch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("archive");
    let plain = Archive::open_or_create(&root).expect("create");
    let lock = plain.lock(Duration::from_secs(1)).expect("lock");
    // git holds the lock (a `git pack-refs` running).
    std::fs::write(root.join("packed-refs.lock"), "").expect("lock file");
    let batch = Archive::open_batch(&root).expect("batch");
    for i in 0..9 {
        record_story(&batch, &lock, i, 1).expect("held");
    }
    let results = batch.flush(&lock).expect("objects written");
    assert_eq!(results.len(), 9);
    for result in &results {
        match result {
            Err(e) => assert!(e.to_string().contains("packed-refs.lock"), "{e}"),
            Ok(info) => panic!("recorded version {} past git's lock", info.version),
        }
    }
    assert!(plain.articles().expect("list").is_empty());
    assert!(
        root.join("packed-refs.lock").exists(),
        "git's lock is left alone"
    );
}

#[test]
fn a_batch_holds_one_version_per_article() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("archive");
    let plain = Archive::open_or_create(&root).expect("create");
    let lock = plain.lock(Duration::from_secs(1)).expect("lock");
    let batch = Archive::open_batch(&root).expect("batch");
    record_story(&batch, &lock, 1, 1).expect("held");
    match record_story(&batch, &lock, 1, 2) {
        Err(ArchiveError::Invalid(message)) => assert!(message.contains("flush"), "{message}"),
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert_eq!(batch.held(), 1);
}

#[test]
fn a_batch_makes_the_same_objects_as_libgit2() {
    // The same versions, through a plain handle (libgit2 makes the objects) and through
    // batches (we do): the same commit ids, so the same trees and blobs, byte for byte.
    let times = [
        "2024-12-17T08:00:00+01:00",
        "2024-12-17T09:30:00-05:00",
        "2024-12-18T00:15:59+05:30",
        "2024-12-18T03:00:00-03:30",
        "2024-12-18T04:00:00+00:00",
    ];
    let write = |batched: bool| {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("archive");
        let plain = Archive::open_or_create(&root).expect("create");
        let lock = plain.lock(Duration::from_secs(1)).expect("lock");
        for (n, time) in times.iter().enumerate() {
            let handle = if batched {
                Archive::open_batch(&root).expect("batch")
            } else {
                Archive::open(&root).expect("open")
            };
            let article = article(n + 1);
            let raw = page(n + 1);
            let entry = format!("Version {}: added a paragraph.", n + 1);
            let reextracted_from = (n == 4).then_some(2);
            handle
                .append(
                    &lock,
                    &key(),
                    &NewVersion {
                        url: URL,
                        seen_at: at(time),
                        article: &article,
                        raw: &raw,
                        entry: &entry,
                        changelog: &format!("# Changelog\n\n{entry}\n"),
                        extractor: "storydiff-test 1",
                        reextracted_from,
                        filters_changed: n == 4,
                        content_type: (n == 2).then_some("text/html; charset=iso-8859-15"),
                    },
                )
                .expect("append");
            if batched {
                assert!(
                    handle
                        .flush(&lock)
                        .expect("flush")
                        .iter()
                        .all(Result::is_ok)
                );
            }
        }
        let history = plain.history(&key()).expect("history");
        // The re-extraction's cause is read back from its trailer, and only there.
        let causes: Vec<(Option<u32>, bool)> = history
            .iter()
            .map(|v| (v.reextracted_from, v.filters_changed))
            .collect();
        assert_eq!(causes[4], (Some(2), true));
        assert!(causes[..4].iter().all(|c| *c == (None, false)));
        // So is the header the page was served with.
        let types: Vec<Option<&str>> = history.iter().map(|v| v.content_type.as_deref()).collect();
        assert_eq!(
            types,
            [
                None,
                None,
                Some("text/html; charset=iso-8859-15"),
                None,
                None
            ]
        );
        let commits: Vec<String> = history.into_iter().map(|v| v.commit).collect();
        git(&root, &["fsck", "--strict"]);
        (dir, commits)
    };
    let (_a, by_libgit2) = write(false);
    let (_b, by_us) = write(true);
    assert_eq!(by_libgit2.len(), 5);
    assert_eq!(by_us, by_libgit2);
}

/// Write `rounds` batches, each one pack of version `first + round` of stories `0..stories`.
fn packed_rounds(root: &Path, lock: &WriteLock, stories: usize, first: usize, rounds: usize) {
    for round in 0..rounds {
        let batch = Archive::open_batch(root).expect("batch");
        for i in 0..stories {
            record_story(&batch, lock, i, first + round).expect("held");
        }
        assert!(
            batch
                .flush(lock)
                .expect("flushed")
                .iter()
                .all(Result::is_ok)
        );
    }
}

fn in_pack(root: &Path) -> (usize, usize) {
    let (count, _) = git(root, &["count-objects", "-v"]);
    let field = |name: &str| {
        count
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("{name} in {count}"))
    };
    (field("count:"), field("in-pack:"))
}

fn limits(loose: usize, packs: usize) -> repack::Limits {
    repack::Limits { loose, packs }
}

#[test]
fn many_packs_fold_into_one_that_git_reads_and_writing_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("archive");
    let plain = Archive::open_or_create(&root).expect("create");
    let lock = plain.lock(Duration::from_secs(1)).expect("lock");
    packed_rounds(&root, &lock, 8, 1, 6);
    assert_eq!(packs(&root).len(), 6);
    let (_, objects) = in_pack(&root);

    // Under the limit: nothing happens.
    assert_eq!(
        repack::run(&root, &plain.repo, limits(usize::MAX, 6)).expect("ran"),
        None
    );
    assert_eq!(packs(&root).len(), 6);

    let done = repack::run(&root, &plain.repo, limits(usize::MAX, 4)).expect("repacked");
    assert_eq!(
        done,
        Some(Repacked {
            loose: 0,
            packs: 6,
            objects,
        })
    );
    assert_eq!(packs(&root).len(), 1);
    assert_eq!(in_pack(&root), (0, objects));
    git(&root, &["fsck", "--strict"]);
    let idx = format!("objects/pack/{}", packs(&root)[0].replace(".pack", ".idx"));
    git(&root, &["verify-pack", &idx]);
    let names: Vec<String> = std::fs::read_dir(root.join("objects/pack"))
        .expect("pack dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with("tmp_")), "{names:?}");

    // The handle that repacked reads every version and appends the next, plainly and in a batch.
    let report = plain.verify().expect("verify");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!((report.articles, report.versions), (8, 48));
    assert_eq!(
        record_story(&plain, &lock, 3, 7).expect("appended").version,
        7
    );
    packed_rounds(&root, &lock, 8, 8, 1);
    assert_eq!(plain.history(&story_key(5)).expect("history").len(), 7);
    git(&root, &["fsck", "--strict"]);
}

#[test]
fn a_big_pack_waits_while_small_ones_fold_and_a_kept_pack_is_never_touched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("archive");
    let plain = Archive::open_or_create(&root).expect("create");
    let lock = plain.lock(Duration::from_secs(1)).expect("lock");
    packed_rounds(&root, &lock, 60, 1, 1);
    let big = packs(&root);
    packed_rounds(&root, &lock, 8, 2, 3);
    let kept = packs(&root)
        .into_iter()
        .find(|p| !big.contains(p))
        .expect("a small pack");
    let keep = root
        .join("objects/pack")
        .join(kept.replace(".pack", ".keep"));
    std::fs::write(&keep, b"kept by hand\n").expect("keep");
    assert_eq!(packs(&root).len(), 4);

    let done = repack::run(&root, &plain.repo, limits(usize::MAX, 1)).expect("repacked");
    assert_eq!(done.map(|d| d.packs), Some(2));
    let after = packs(&root);
    assert_eq!(after.len(), 3);
    assert!(after.contains(&big[0]), "{after:?}");
    assert!(after.contains(&kept), "{after:?}");
    git(&root, &["fsck", "--strict"]);
    assert_eq!(plain.verify().expect("verify").problems.len(), 0);
}

#[test]
fn loose_objects_past_the_limit_are_packed_and_removed() {
    let (dir, archive) = three_versions();
    let root = dir.path().join("archive");
    let (loose, _) = in_pack(&root);
    assert!(loose >= 18, "{loose}");
    assert_eq!(
        repack::run(&root, &archive.repo, limits(loose, usize::MAX)).expect("ran"),
        None
    );
    let done = repack::run(&root, &archive.repo, limits(loose - 1, usize::MAX))
        .expect("repacked")
        .expect("something to do");
    assert_eq!((done.loose, done.packs, done.objects), (loose, 0, loose));
    assert_eq!(in_pack(&root), (0, loose));
    git(&root, &["fsck", "--strict"]);
    let history = archive.history(&key()).expect("history");
    assert_eq!(history.len(), 3);
    assert!(archive.verify().expect("verify").problems.is_empty());
}

#[test]
fn a_repack_that_cannot_read_an_object_leaves_the_archive_as_it_was() {
    let (dir, archive) = three_versions();
    let root = dir.path().join("archive");
    let (loose, _) = in_pack(&root);
    let first = archive.history(&key()).expect("history")[0].commit.clone();
    smash(&archive, &first);
    let result = repack::run(&root, &archive.repo, limits(0, usize::MAX));
    assert!(result.is_err(), "{result:?}");
    assert_eq!(in_pack(&root), (loose, 0));
    let left: Vec<_> = std::fs::read_dir(root.join("objects/pack"))
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn repack_asks_for_this_archives_lock_and_leaves_a_small_archive_alone() {
    let (_dir, archive) = three_versions();
    let other = tempfile::tempdir().expect("tempdir");
    let foreign = Archive::open_or_create(other.path())
        .expect("create")
        .lock(Duration::from_secs(1))
        .expect("lock");
    assert!(matches!(
        archive.repack(&foreign),
        Err(ArchiveError::Invalid(_))
    ));
    let lock = archive.lock(Duration::from_secs(1)).expect("lock");
    assert_eq!(archive.repack(&lock).expect("ran"), None);
}

#[test]
fn verify_reports_a_version_seen_before_its_parent() {
    let (_dir, archive) = three_versions();
    // The library records what it is given; ingest refuses this, verify must notice it.
    record(&archive, 4, "2020-01-01T00:00:00Z").expect("record");
    let problems = archive.verify().expect("verify").problems;
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].contains("version 4") && problems[0].contains("before version 3"),
        "{problems:#?}"
    );
}
