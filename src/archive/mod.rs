//! The archive: a bare git repository holding every recorded version of every article.
//!
//! Layout: one branch per article, `refs/heads/articles/<key>` with `<key>` =
//! `<host>/<slug>-<hash8>` (see `key.rs`), whose commits are that article's versions, a linear
//! first-parent chain, oldest first. Each commit's tree holds `article.md` (canonical text, whose
//! SHA-256 is the `Content-SHA256` trailer), `article.json` (the Article and its provenance),
//! `page.html` (the raw page as fetched) and `CHANGELOG.md`. The commit message is the changelog
//! entry followed by trailers. The repository config holds `storydiff.archive = true`; local
//! state (the writer lock) lives in `storydiff/` inside the repository directory.
//!
//! An article's history from the shell: `git -C <archive> log articles/<key>`.
//!
//! Modules: `open` (create/open rules), `key` (URL to ref name), `lock` (writer lock), `store`
//! (append), `read` (history, load, list), `verify`, `events` (page gone and back, as git notes),
//! with `message` (trailers), `record` (`article.json`) and `durable` (fsync) underneath.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::article::Article;

mod durable;
mod events;
mod key;
mod lock;
mod loose;
mod message;
mod objects;
mod open;
mod pack;
mod packed_refs;
mod read;
mod record;
mod repack;
mod store;
#[cfg(test)]
mod tests;
mod verify;

pub use events::EVENTS_REF;
pub use repack::Repacked;

pub const TRAILER_URL: &str = "Article-URL";
pub const TRAILER_VERSION: &str = "Version";
pub const TRAILER_CONTENT: &str = "Content-SHA256";
pub const TRAILER_RAW: &str = "Raw-SHA256";
pub const TRAILER_PREVIOUS: &str = "Previous-Content-SHA256";
/// On a version made by re-extracting an archived page: the version whose page was re-read.
pub const TRAILER_REEXTRACTED: &str = "Reextracted-From";
/// Beside `Reextracted-From`, on a version made because the article's filters changed: the
/// value `filters`. Absent on versions made for a newer extractor (the only cause before
/// filters were one), so older archives read as they always did.
pub const TRAILER_REEXTRACTED_BECAUSE: &str = "Reextracted-Because";
/// The HTTP `Content-Type` the page was served with, when it had one: its charset decides how
/// the raw page decodes, so re-extraction needs it to read the page as the fetch did.
pub const TRAILER_CONTENT_TYPE: &str = "Content-Type";
/// The value of `Reextracted-Because` for a filter change.
pub const BECAUSE_FILTERS: &str = "filters";

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{path}: not a storydiff archive ({reason})")]
    NotAnArchive { path: PathBuf, reason: String },
    #[error("no article with URL {0} in the archive")]
    UnknownArticle(String),
    #[error("{url} has no version {version} (it has {count})")]
    UnknownVersion {
        url: String,
        version: u32,
        count: u32,
    },
    #[error("another storydiff is writing to {0}; try again when it has finished")]
    Locked(PathBuf),
    #[error("the archive changed while recording {0}; nothing was written, try again")]
    Conflict(String),
    #[error("archive is damaged: {0}")]
    Damaged(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0:?} is not an article key (expected <host>/<slug>)")]
    BadKey(String),
    #[error("cannot record this version: {0}")]
    Invalid(String),
    #[error("git: {0}")]
    Git(#[from] git2::Error),
}

/// The stable name of one article inside the archive: `<host>/<slug>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ArticleKey(String);

/// One recorded version, as read from its commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    pub version: u32,
    pub seen_at: DateTime<FixedOffset>,
    pub content_sha256: String,
    pub raw_sha256: String,
    pub previous_content_sha256: Option<String>,
    /// Commit id (hex).
    pub commit: String,
    /// Set on a version storydiff made by re-extracting the page archived with this version,
    /// with a newer extractor: not a publisher edit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reextracted_from: Option<u32>,
    /// With `reextracted_from`: the page was re-read because the article's `--select`,
    /// `--ignore` or `--ignore-text` changed, not because the extractor did.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub filters_changed: bool,
    /// The HTTP `Content-Type` the page was served with, if it was fetched with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// The changelog entry: the commit message without its trailers.
    pub entry: String,
}

/// A version with everything stored for it.
#[derive(Debug, Clone)]
pub struct StoredVersion {
    pub info: VersionInfo,
    pub url: String,
    pub article: Article,
    pub canonical_text: String,
    pub raw: Vec<u8>,
    pub changelog: String,
    pub extractor: String,
}

/// A version with its Article only: what changelogs and reports read (no raw page).
#[derive(Debug, Clone)]
pub struct VersionRecord {
    pub info: VersionInfo,
    pub url: String,
    pub article: Article,
    pub extractor: String,
}

/// One article in the archive with its latest version.
#[derive(Debug, Clone)]
pub struct ArticleSummary {
    pub key: ArticleKey,
    pub url: String,
    pub ref_name: String,
    pub versions: u32,
    pub latest: VersionInfo,
    pub title: String,
}

/// What to write for a new version.
#[derive(Debug, Clone)]
pub struct NewVersion<'a> {
    pub url: &'a str,
    pub seen_at: DateTime<FixedOffset>,
    pub article: &'a Article,
    pub raw: &'a [u8],
    /// The changelog entry for this version (becomes the commit message, before the trailers).
    pub entry: &'a str,
    /// The whole changelog including this entry (becomes `CHANGELOG.md`).
    pub changelog: &'a str,
    pub extractor: &'a str,
    /// Set when this version re-extracts the page archived with that version (`reextract`).
    pub reextracted_from: Option<u32>,
    /// With `reextracted_from`: re-extracted because the article's filters changed.
    pub filters_changed: bool,
    /// The HTTP `Content-Type` the page was served with (None for a file or a header-less reply).
    pub content_type: Option<&'a str>,
}

/// What `verify` found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct VerifyReport {
    pub articles: usize,
    pub versions: usize,
    pub objects: usize,
    pub problems: Vec<String>,
}

/// Held while writing; released on drop (and by the OS if the process dies).
#[derive(Debug)]
pub struct WriteLock {
    _file: std::fs::File,
    path: PathBuf,
}

/// An open archive.
pub struct Archive {
    root: PathBuf,
    repo: git2::Repository,
    /// Branch tips as this handle last read them: `append` swaps from these, so a version built
    /// from a stale read fails with `Conflict` instead of silently skipping a newer version.
    tips: Mutex<HashMap<ArticleKey, Option<git2::Oid>>>,
    /// Set on a batch handle ([`Archive::open_batch`]): versions appended and not yet flushed.
    batch: Option<Mutex<Vec<store::Pending>>>,
}

impl std::fmt::Debug for Archive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Archive").field("root", &self.root).finish()
    }
}

impl ArticleKey {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The full git ref of the article's branch.
    pub fn ref_name(&self) -> String {
        format!("refs/heads/articles/{}", self.0)
    }
}

impl Archive {
    /// Open an existing archive; fails if `path` is missing or not an archive.
    pub fn open(path: &Path) -> Result<Archive, ArchiveError> {
        open::open(path)
    }
    /// Open the archive at `path`, creating it if the directory is missing or empty.
    pub fn open_or_create(path: &Path) -> Result<Archive, ArchiveError> {
        open::open_or_create(path)
    }
    /// Open a handle whose appends are held in memory until [`Archive::flush`] writes them
    /// together: one pack and one round of syncs for many versions, instead of a few files and
    /// syncs each. Until the flush nothing is visible, on disk or to other handles; dropping
    /// the handle unflushed discards its versions. At most one held version per article.
    pub fn open_batch(path: &Path) -> Result<Archive, ArchiveError> {
        let mut archive = open::open(path)?;
        archive.batch = Some(Mutex::new(Vec::new()));
        Ok(archive)
    }
    /// Write what a batch handle holds and make it visible (a plain handle holds nothing).
    /// Err when no object could be written: none of the versions exists. Otherwise one result
    /// per held version, in the order appended: a version whose branch moved meanwhile is a
    /// `Conflict`, the others are recorded.
    pub fn flush(
        self,
        lock: &WriteLock,
    ) -> Result<Vec<Result<VersionInfo, ArchiveError>>, ArchiveError> {
        self.flush_batch(lock)
    }
    /// Fold loose objects and small packs into one pack once there are more than git's own
    /// `gc --auto` limits (see `repack.rs`); `None` when there was nothing to do. Holding the
    /// writer lock, so no version is being written meanwhile.
    pub fn repack(&self, lock: &WriteLock) -> Result<Option<Repacked>, ArchiveError> {
        self.check_lock(lock)?;
        repack::run(&self.root, &self.repo, repack::GIT_LIMITS)
    }
    /// How many versions a batch handle holds.
    pub fn held(&self) -> usize {
        self.batch.as_ref().map_or(0, |b| {
            b.lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .len()
        })
    }
    pub fn path(&self) -> &Path {
        &self.root
    }
    /// Err unless `lock` is this archive's writer lock.
    fn check_lock(&self, lock: &WriteLock) -> Result<(), ArchiveError> {
        if lock.path != self.lock_path() {
            return Err(ArchiveError::Invalid(format!(
                "the write lock held is {}, not this archive's",
                lock.path.display()
            )));
        }
        Ok(())
    }
    /// Take the writer lock, waiting up to `wait` for another writer to finish.
    pub fn lock(&self, wait: Duration) -> Result<WriteLock, ArchiveError> {
        lock::acquire(&self.lock_path(), wait)
    }
    /// Every article, sorted by key.
    pub fn articles(&self) -> Result<Vec<ArticleSummary>, ArchiveError> {
        self.read_articles()
    }
    /// Versions of one article, oldest first; empty for an article never recorded. Costs O(its
    /// versions).
    pub fn history(&self, key: &ArticleKey) -> Result<Vec<VersionInfo>, ArchiveError> {
        Ok(self.chain(key)?.into_iter().map(|p| p.info).collect())
    }
    /// The newest version, or None for an article never recorded.
    pub fn latest(&self, key: &ArticleKey) -> Result<Option<VersionInfo>, ArchiveError> {
        self.read_latest(key)
    }
    /// Every version with its Article, oldest first, in one walk of the chain: O(its versions),
    /// without reading raw pages or changelogs.
    pub fn records(&self, key: &ArticleKey) -> Result<Vec<VersionRecord>, ArchiveError> {
        self.read_records(key)
    }
    /// One version with its article, raw page and changelog.
    pub fn load(&self, key: &ArticleKey, version: u32) -> Result<StoredVersion, ArchiveError> {
        self.read_version(key, version)
    }
    /// The key of a recorded article, by URL; `UnknownArticle` when it has no branch.
    pub fn find_by_url(&self, url: &url::Url) -> Result<ArticleKey, ArchiveError> {
        let key = ArticleKey::from_url(url);
        match self.tip(&key)? {
            Some(_) => Ok(key),
            None => Err(ArchiveError::UnknownArticle(url.to_string())),
        }
    }
    /// The key of a recorded article named by a URL or by a key (`<host>/<slug>`, as `list`
    /// prints it); `UnknownArticle` when there is no such branch.
    pub fn resolve(&self, spec: &str) -> Result<ArticleKey, ArchiveError> {
        if let Ok(url) = url::Url::parse(spec)
            && url.has_host()
        {
            return self.find_by_url(&url);
        }
        let key =
            ArticleKey::parse(spec).map_err(|_| ArchiveError::UnknownArticle(spec.to_string()))?;
        match self.tip(&key)? {
            Some(_) => Ok(key),
            None => Err(ArchiveError::UnknownArticle(spec.to_string())),
        }
    }
    /// Append a version to the article's branch: objects first, then a compare-and-swap update
    /// of the branch from the tip this archive last read.
    ///
    /// "Last read" means the tip seen by this handle's latest `history`, `latest`, `load`,
    /// `articles`, `find_by_url`/`resolve` or `append` for that article; an article this handle
    /// never read is swapped from its current tip. If the branch moved since, nothing is written
    /// and the result is `Conflict`: re-read, rebuild the entry, retry.
    pub fn append(
        &self,
        lock: &WriteLock,
        key: &ArticleKey,
        new: &NewVersion<'_>,
    ) -> Result<VersionInfo, ArchiveError> {
        self.write_version(lock, key, new)
    }
    /// Recompute every hash and check every chain.
    pub fn verify(&self) -> Result<VerifyReport, ArchiveError> {
        verify::run(self)
    }

    fn lock_path(&self) -> PathBuf {
        self.root.join(open::STATE_DIR).join("lock")
    }

    /// Remember the tip this handle saw, for `append`'s compare-and-swap.
    fn remember_tip(&self, key: &ArticleKey, tip: Option<git2::Oid>) {
        let mut tips = self
            .tips
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        tips.insert(key.clone(), tip);
    }

    fn remembered_tip(&self, key: &ArticleKey) -> Option<Option<git2::Oid>> {
        let tips = self
            .tips
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        tips.get(key).copied()
    }
}
