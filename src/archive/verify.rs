//! `verify`: recompute every hash, check every chain, read every object.
//!
//! Nothing here stops at the first problem: each one becomes a line of the report, and a damaged
//! object is a problem, never a panic or an early return.

use git2::Oid;

use super::message::Parsed;
use super::record::{ARTICLE_JSON, ARTICLE_MD, FILES, PAGE_HTML};
use super::{Archive, ArchiveError, ArticleKey, VerifyReport};
use crate::article::sha256_hex;

pub(super) fn run(archive: &Archive) -> Result<VerifyReport, ArchiveError> {
    let mut report = VerifyReport::default();
    for key in article_keys(archive, &mut report) {
        report.articles += 1;
        check_article(archive, &key, &mut report);
    }
    check_objects(archive, &mut report);
    Ok(report)
}

fn article_keys(archive: &Archive, report: &mut VerifyReport) -> Vec<ArticleKey> {
    let (keys, problems) = archive.branch_keys();
    report.problems.extend(problems);
    keys
}

/// Walk one branch from its tip and check each version against its parent.
fn check_article(archive: &Archive, key: &ArticleKey, report: &mut VerifyReport) {
    let mut problem = |line: String| report.problems.push(format!("{key}: {line}"));
    let mut next = match archive.current_tip(key) {
        Ok(tip) => tip,
        Err(e) => return problem(describe(e)),
    };
    // Newest first while walking; each entry is the commit id and its parsed message (if any).
    let mut chain: Vec<(Oid, Option<Parsed>)> = Vec::new();
    while let Some(oid) = next {
        if let Err(why) = super::loose::check(&archive.root.join("objects"), oid) {
            problem(format!(
                "commit {oid} is unreadable ({why}); the chain stops here"
            ));
            break;
        }
        let commit = match archive.repo.find_commit(oid) {
            Ok(c) => c,
            Err(e) => {
                problem(format!(
                    "commit {oid} is unreadable ({}); the chain stops here",
                    e.message()
                ));
                break;
            }
        };
        if commit.parent_count() > 1 {
            problem(format!(
                "commit {oid} is a merge; article branches are linear"
            ));
        }
        next = commit.parent_ids().next();
        let parsed = match super::message::parse_commit(&commit) {
            Ok(p) => Some(p),
            Err(why) => {
                problem(format!("commit {oid}: {why}"));
                None
            }
        };
        check_tree(archive, &commit, parsed.as_ref(), &mut problem);
        chain.push((oid, parsed));
    }
    chain.reverse();
    report.versions += chain.len();

    let root_url = chain
        .first()
        .and_then(|(_, p)| p.as_ref())
        .map(|p| p.url.clone());
    let mut previous_content: Option<Option<String>> = None; // None: parent unknown
    let mut previous_seen = None;
    for (index, (oid, parsed)) in chain.iter().enumerate() {
        let position = index + 1;
        let Some(parsed) = parsed else {
            previous_content = None;
            previous_seen = None;
            continue;
        };
        let info = &parsed.info;
        if let Some((version, seen)) = previous_seen
            && info.seen_at < seen
        {
            problem(format!(
                "version {} (commit {oid}) was seen at {}, before version {version} ({seen})",
                info.version, info.seen_at
            ));
        }
        previous_seen = Some((info.version, info.seen_at));
        if usize::try_from(info.version).ok() != Some(position) {
            problem(format!(
                "version {} (commit {oid}) is number {position} in its chain",
                info.version
            ));
        }
        if index == 0 {
            if let Some(prev) = &info.previous_content_sha256 {
                problem(format!(
                    "version {} (commit {oid}) is the first but names a previous content {prev}",
                    info.version
                ));
            }
        } else if let Some(expected) = &previous_content
            && info.previous_content_sha256 != *expected
        {
            problem(format!(
                "version {} (commit {oid}): Previous-Content-SHA256 {} does not match the parent's \
                 Content-SHA256 {}",
                info.version,
                info.previous_content_sha256
                    .as_deref()
                    .unwrap_or("(missing)"),
                expected.as_deref().unwrap_or("(missing)")
            ));
        }
        if let Some(url) = &root_url
            && &parsed.url != url
        {
            problem(format!(
                "version {} (commit {oid}) has URL {}, the first version has {url}",
                info.version, parsed.url
            ));
        }
        previous_content = Some(Some(info.content_sha256.clone()));
    }
}

/// The four files are there, hash to the trailers, and article.json re-renders to article.md.
fn check_tree(
    archive: &Archive,
    commit: &git2::Commit<'_>,
    parsed: Option<&Parsed>,
    problem: &mut impl FnMut(String),
) {
    let what = match parsed {
        Some(p) => format!("version {} (commit {})", p.info.version, commit.id()),
        None => format!("commit {}", commit.id()),
    };
    if let Err(why) = super::loose::check(&archive.root.join("objects"), commit.tree_id()) {
        return problem(format!(
            "{what}: tree {} is unreadable ({why})",
            commit.tree_id()
        ));
    }
    let tree = match commit.tree() {
        Ok(t) => t,
        Err(e) => {
            return problem(format!(
                "{what}: tree {} is unreadable ({})",
                commit.tree_id(),
                e.message()
            ));
        }
    };
    let mut read = |name: &str| -> Option<Vec<u8>> {
        match archive.blob(&tree, name, &what) {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                problem(describe(e));
                None
            }
        }
    };
    let files: Vec<Option<Vec<u8>>> = FILES.iter().map(|name| read(name)).collect();
    let file = |name: &str| {
        FILES
            .iter()
            .position(|n| *n == name)
            .and_then(|i| files.get(i))
            .and_then(Option::as_ref)
    };
    let (markdown, json, page) = (file(ARTICLE_MD), file(ARTICLE_JSON), file(PAGE_HTML));
    if let (Some(parsed), Some(markdown)) = (parsed, markdown) {
        let actual = sha256_hex(markdown);
        if actual != parsed.info.content_sha256 {
            problem(format!(
                "{what}: {ARTICLE_MD} hashes to {actual}, its Content-SHA256 says {}",
                parsed.info.content_sha256
            ));
        }
    }
    if let (Some(parsed), Some(page)) = (parsed, page) {
        let actual = sha256_hex(page);
        if actual != parsed.info.raw_sha256 {
            problem(format!(
                "{what}: {PAGE_HTML} hashes to {actual}, its Raw-SHA256 says {}",
                parsed.info.raw_sha256
            ));
        }
    }
    if let (Some(json), Some(markdown)) = (json, markdown) {
        match serde_json::from_slice::<super::record::Record>(json) {
            Ok(record) => {
                if record.article.canonical_text().as_bytes() != markdown.as_slice() {
                    problem(format!(
                        "{what}: the Article in {ARTICLE_JSON} does not render to {ARTICLE_MD}"
                    ));
                }
                if let Some(parsed) = parsed
                    && (record.url != parsed.url
                        || record.content_sha256 != parsed.info.content_sha256
                        || record.raw_sha256 != parsed.info.raw_sha256)
                {
                    problem(format!(
                        "{what}: {ARTICLE_JSON} disagrees with the commit trailers (URL or hashes)"
                    ));
                }
            }
            Err(e) => problem(format!("{what}: {ARTICLE_JSON} is invalid ({e})")),
        }
    }
}

/// A problem line from an error: verify's report is about damage, so no "archive is damaged".
fn describe(error: ArchiveError) -> String {
    match error {
        ArchiveError::Damaged(what) => what,
        other => other.to_string(),
    }
}

/// Read every object; libgit2 checks each object's hash as it reads it.
fn check_objects(archive: &Archive, report: &mut VerifyReport) {
    let odb = match archive.repo.odb() {
        Ok(odb) => odb,
        Err(e) => {
            return report
                .problems
                .push(format!("cannot open the object database ({})", e.message()));
        }
    };
    let mut oids = Vec::new();
    if let Err(e) = odb.foreach(|oid| {
        oids.push(*oid);
        true
    }) {
        report
            .problems
            .push(format!("cannot list every object ({})", e.message()));
    }
    oids.sort();
    oids.dedup(); // an object can be both loose and packed
    for oid in oids {
        report.objects += 1;
        if let Err(why) = super::loose::check(&archive.root.join("objects"), oid) {
            report
                .problems
                .push(format!("object {oid} is corrupt or unreadable ({why})"));
            continue;
        }
        if let Err(e) = odb.read(oid) {
            report.problems.push(format!(
                "object {oid} is corrupt or unreadable ({})",
                e.message()
            ));
        }
    }
}
