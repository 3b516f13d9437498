//! Reading: branch tips, first-parent chains, stored versions and the article list.

use std::path::Path;

use git2::{ErrorClass, ErrorCode, ObjectType, Oid};

use super::key::REF_PREFIX;

use super::message::{Parsed, parse_commit};
use super::record::{ARTICLE_JSON, ARTICLE_MD, CHANGELOG_MD, PAGE_HTML, Record};
use super::{
    Archive, ArchiveError, ArticleKey, ArticleSummary, StoredVersion, VersionInfo, VersionRecord,
};

/// Article keys of the loose ref files under `dir` (`prefix` is the key so far).
fn loose_ref_names(
    dir: &Path,
    prefix: &str,
    keys: &mut Vec<ArticleKey>,
    problems: &mut Vec<String>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
        Err(e) => return problems.push(format!("cannot list {} ({e})", dir.display())),
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(format!("cannot list {} ({e})", dir.display()));
                continue;
            }
        };
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            problems.push(format!(
                "{} has a name that is not UTF-8",
                entry.path().display()
            ));
            continue;
        };
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        match entry.file_type() {
            Ok(t) if t.is_dir() => loose_ref_names(&entry.path(), &key, keys, problems),
            // `.lock` files are git's ref locks, not refs.
            Ok(_) if name.ends_with(".lock") => {}
            Ok(_) => keys.push(ArticleKey(key)),
            Err(e) => problems.push(format!("cannot read {} ({e})", entry.path().display())),
        }
    }
}

/// Turn a git2 error met while reading `what` into `Damaged` when the data is what failed.
pub(super) fn damaged(what: &str, err: git2::Error) -> ArchiveError {
    let state = if err.code() == ErrorCode::NotFound {
        "missing"
    } else {
        "corrupt"
    };
    match (err.class(), err.code()) {
        (ErrorClass::Zlib | ErrorClass::Odb | ErrorClass::Object, _)
        | (ErrorClass::Reference, ErrorCode::GenericError)
        | (_, ErrorCode::NotFound) => {
            ArchiveError::Damaged(format!("{what} is {state} ({})", err.message()))
        }
        _ => ArchiveError::Git(err),
    }
}

impl Archive {
    /// The commit at the tip of an article's branch, if the branch exists. Remembered for CAS.
    pub(super) fn tip(&self, key: &ArticleKey) -> Result<Option<Oid>, ArchiveError> {
        let tip = self.current_tip(key)?;
        self.remember_tip(key, tip);
        Ok(tip)
    }

    /// The branch tip as it is on disk now, without remembering it.
    pub(super) fn current_tip(&self, key: &ArticleKey) -> Result<Option<Oid>, ArchiveError> {
        match self.repo.find_reference(&key.ref_name()) {
            Ok(reference) => match reference.target() {
                Some(oid) => Ok(Some(oid)),
                None => Err(ArchiveError::Damaged(format!(
                    "branch {} is a symbolic ref, not an article branch",
                    key.ref_name()
                ))),
            },
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) if e.code() == ErrorCode::InvalidSpec => {
                Err(ArchiveError::BadKey(key.as_str().to_string()))
            }
            Err(e) => Err(damaged(&format!("branch {}", key.ref_name()), e)),
        }
    }

    /// A version commit and what its message says.
    pub(super) fn parsed_commit(
        &self,
        key: &ArticleKey,
        oid: Oid,
    ) -> Result<(git2::Commit<'_>, Parsed), ArchiveError> {
        self.guard(oid, &format!("a commit of {key}"))?;
        let commit = self
            .repo
            .find_commit(oid)
            .map_err(|e| damaged(&format!("object {oid} (a commit of {key})"), e))?;
        let parsed = parse_commit(&commit)
            .map_err(|why| ArchiveError::Damaged(format!("{key}: commit {oid}: {why}")))?;
        Ok((commit, parsed))
    }

    /// Every version of an article, oldest first, following first parents from the tip.
    pub(super) fn chain(&self, key: &ArticleKey) -> Result<Vec<Parsed>, ArchiveError> {
        let mut next = self.tip(key)?;
        let mut chain = Vec::new();
        while let Some(oid) = next {
            let (commit, parsed) = self.parsed_commit(key, oid)?;
            next = commit.parent_ids().next();
            chain.push(parsed);
        }
        chain.reverse();
        Ok(chain)
    }

    /// Every version's `article.json`, oldest first, following first parents from the tip.
    pub(super) fn read_records(
        &self,
        key: &ArticleKey,
    ) -> Result<Vec<VersionRecord>, ArchiveError> {
        let mut next = self.tip(key)?;
        let mut out = Vec::new();
        while let Some(oid) = next {
            let (commit, parsed) = self.parsed_commit(key, oid)?;
            next = commit.parent_ids().next();
            let what = format!("{key} version {}", parsed.info.version);
            let record = self.record(&self.tree_of(&commit, &what)?, &what)?;
            out.push(VersionRecord {
                info: parsed.info,
                url: parsed.url,
                article: record.article,
                extractor: record.extractor,
            });
        }
        out.reverse();
        Ok(out)
    }

    pub(super) fn read_latest(
        &self,
        key: &ArticleKey,
    ) -> Result<Option<VersionInfo>, ArchiveError> {
        match self.tip(key)? {
            Some(oid) => Ok(Some(self.parsed_commit(key, oid)?.1.info)),
            None => Ok(None),
        }
    }

    pub(super) fn read_version(
        &self,
        key: &ArticleKey,
        version: u32,
    ) -> Result<StoredVersion, ArchiveError> {
        let chain = self.chain(key)?;
        let Some(last) = chain.last() else {
            return Err(ArchiveError::UnknownArticle(key.as_str().to_string()));
        };
        let index = usize::try_from(version).unwrap_or(usize::MAX);
        let found = index
            .checked_sub(1)
            .and_then(|i| chain.get(i))
            .filter(|p| p.info.version == version);
        let Some(parsed) = found else {
            return Err(ArchiveError::UnknownVersion {
                url: last.url.clone(),
                version,
                count: u32::try_from(chain.len()).unwrap_or(u32::MAX),
            });
        };
        let oid = Oid::from_str(&parsed.info.commit)?;
        let (commit, _) = self.parsed_commit(key, oid)?;
        let what = format!("{key} version {version}");
        let tree = self.tree_of(&commit, &what)?;
        let text = self.blob(&tree, ARTICLE_MD, &what)?;
        let canonical_text = String::from_utf8(text)
            .map_err(|_| ArchiveError::Damaged(format!("{what}: {ARTICLE_MD} is not UTF-8")))?;
        let record = self.record(&tree, &what)?;
        let changelog = String::from_utf8(self.blob(&tree, CHANGELOG_MD, &what)?)
            .map_err(|_| ArchiveError::Damaged(format!("{what}: {CHANGELOG_MD} is not UTF-8")))?;
        Ok(StoredVersion {
            info: parsed.info.clone(),
            url: parsed.url.clone(),
            article: record.article,
            canonical_text,
            raw: self.blob(&tree, PAGE_HTML, &what)?,
            changelog,
            extractor: record.extractor,
        })
    }

    pub(super) fn read_articles(&self) -> Result<Vec<ArticleSummary>, ArchiveError> {
        let (keys, problems) = self.branch_keys();
        if let Some(problem) = problems.into_iter().next() {
            return Err(ArchiveError::Damaged(problem));
        }
        let mut summaries = Vec::with_capacity(keys.len());
        for key in keys {
            let Some(oid) = self.tip(&key)? else { continue };
            let (commit, parsed) = self.parsed_commit(&key, oid)?;
            let what = format!("{key} version {}", parsed.info.version);
            let record = self.record(&self.tree_of(&commit, &what)?, &what)?;
            summaries.push(ArticleSummary {
                ref_name: key.ref_name(),
                key,
                url: parsed.url,
                versions: parsed.info.version,
                latest: parsed.info,
                title: record.article.title,
            });
        }
        Ok(summaries)
    }

    /// Every article branch, sorted, with a line for each one that cannot be listed.
    ///
    /// libgit2's ref iterator silently skips a corrupt loose ref (and may show an older packed
    /// value instead), so loose refs are also listed from the filesystem: a corrupt branch must
    /// surface as damage when it is read, not vanish.
    pub(super) fn branch_keys(&self) -> (Vec<ArticleKey>, Vec<String>) {
        let mut keys = Vec::new();
        let mut problems = Vec::new();
        match self.repo.references_glob(&format!("{REF_PREFIX}*")) {
            Ok(refs) => {
                for reference in refs {
                    match reference {
                        Ok(r) => match std::str::from_utf8(r.name_bytes())
                            .ok()
                            .and_then(ArticleKey::from_ref_name)
                        {
                            Some(key) => keys.push(key),
                            None => problems.push(format!(
                                "branch {} has an unusable name",
                                String::from_utf8_lossy(r.name_bytes())
                            )),
                        },
                        Err(e) => problems.push(format!("unreadable branch ({})", e.message())),
                    }
                }
            }
            Err(e) => problems.push(format!("cannot list branches ({})", e.message())),
        }
        let loose_root = self.root.join(REF_PREFIX.trim_end_matches('/'));
        loose_ref_names(&loose_root, "", &mut keys, &mut problems);
        keys.sort();
        keys.dedup();
        (keys, problems)
    }

    pub(super) fn tree_of<'r>(
        &'r self,
        commit: &git2::Commit<'r>,
        what: &str,
    ) -> Result<git2::Tree<'r>, ArchiveError> {
        self.guard(commit.tree_id(), &format!("tree of {what}"))?;
        commit
            .tree()
            .map_err(|e| damaged(&format!("object {} (tree of {what})", commit.tree_id()), e))
    }

    /// Damaged when the object is a loose file cut short, before libgit2 would spin on it
    /// ([`loose`](super::loose)).
    pub(super) fn guard(&self, oid: Oid, what: &str) -> Result<(), ArchiveError> {
        super::loose::check(&self.root.join("objects"), oid).map_err(|why| {
            ArchiveError::Damaged(format!("object {oid} ({what}) is corrupt: {why}"))
        })
    }

    /// The bytes of one file of a version's tree.
    pub(super) fn blob(
        &self,
        tree: &git2::Tree<'_>,
        name: &str,
        what: &str,
    ) -> Result<Vec<u8>, ArchiveError> {
        let entry = tree
            .get_name(name)
            .filter(|e| e.kind() == Some(ObjectType::Blob))
            .ok_or_else(|| ArchiveError::Damaged(format!("{what}: no {name} in its tree")))?;
        self.guard(entry.id(), &format!("{name} of {what}"))?;
        let blob = self
            .repo
            .find_blob(entry.id())
            .map_err(|e| damaged(&format!("object {} ({name} of {what})", entry.id()), e))?;
        Ok(blob.content().to_vec())
    }

    /// The parsed `article.json` of a version.
    pub(super) fn record(&self, tree: &git2::Tree<'_>, what: &str) -> Result<Record, ArchiveError> {
        let bytes = self.blob(tree, ARTICLE_JSON, what)?;
        serde_json::from_slice(&bytes)
            .map_err(|e| ArchiveError::Damaged(format!("{what}: {ARTICLE_JSON} is invalid: {e}")))
    }
}
