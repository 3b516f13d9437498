//! `<archive>/storydiff/state.json`: what each check learned (validators, last and next check,
//! failures, state), rewritten atomically after every pass. Never the only copy of a version:
//! losing it costs re-fetches, not history.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{TrackError, write_atomically};
use crate::fetch::Validators;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    /// By story URL (as in `sources.toml`).
    pub articles: BTreeMap<String, ArticleState>,
    /// By feed URL.
    pub feeds: BTreeMap<String, FeedState>,
    /// robots.txt by origin (`scheme://host:port`).
    pub robots: BTreeMap<String, RobotsCache>,
    /// Notifications not yet delivered, each with the target it missed (`notify::Pending`; a
    /// bare notice from an older storydiff has none); retried at the start of every pass.
    pub pending_notifications: Vec<serde_json::Value>,
}

/// Where an article stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Standing {
    #[default]
    Active,
    /// 404 or 410 on the last check; still checked, in case it comes back.
    Gone,
    /// Too many consecutive failures; `check URL` retries it.
    Paused,
    /// Past its schedule; no longer checked unless named or `--all`.
    Finished,
}

impl Standing {
    pub fn label(self) -> &'static str {
        match self {
            Standing::Active => "active",
            Standing::Gone => "gone",
            Standing::Paused => "paused",
            Standing::Finished => "finished",
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ArticleState {
    /// Other URLs that led to this story (redirects, tracking links, the URL first given).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub added_at: Option<DateTime<Utc>>,
    /// Where the last successful fetch ended (after redirects); fetched next time, since the
    /// story URL (often the canonical link) need not be reachable itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fetch_url: Option<String>,
    #[serde(skip_serializing_if = "Validators::is_empty")]
    pub validators: Validators,
    pub last_check: Option<DateTime<Utc>>,
    /// When a new version was last recorded.
    pub last_change: Option<DateTime<Utc>>,
    /// None: due now.
    pub next_check: Option<DateTime<Utc>>,
    pub failures: u32,
    pub standing: Standing,
    /// Why it is paused or gone, or the last failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Fetches kept out of the history because the body collapsed.
    pub quarantined: u32,
    /// `Filters::sha256` of the filters the latest version was extracted with. When the
    /// article's filters are no longer these, the next pass re-extracts that version's page
    /// first (see `pass`), so the change is storydiff's, not the publisher's. None in state
    /// written before it was kept: taken as the current filters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filters: Option<String>,
    /// The extractor (`extract::EXTRACTOR`) the latest version was extracted with, or last
    /// found agreeing with it. After an upgrade the next pass re-extracts that version's page
    /// first, for the same reason. None in state written before it was kept: taken as the
    /// current extractor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extractor: Option<String>,
    /// Words in the latest version, for the collapse check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<usize>,
    /// The page that last made an Article we recorded or found unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_page: Option<LastPage>,
}

/// A page's fingerprint (see `noise::fingerprint`) and the version its Article matched: the
/// same page again is the same version, as long as that version is still the latest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastPage {
    pub sha256: String,
    pub version: u32,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FeedState {
    #[serde(skip_serializing_if = "Validators::is_empty")]
    pub validators: Validators,
    pub last_check: Option<DateTime<Utc>>,
    pub next_check: Option<DateTime<Utc>>,
    pub failures: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Item URLs already seen, newest last (bounded).
    pub seen: Vec<String>,
    /// For a sitemap index: the sitemaps read from it in the last pass, with their validators.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub sitemaps: BTreeMap<String, Validators>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RobotsCache {
    pub fetched_at: DateTime<Utc>,
    /// The body as text; empty when there was none (4xx), which allows everything.
    pub body: String,
}

impl State {
    /// Read the file; a missing file is an empty state.
    pub fn load(path: &Path) -> Result<State, TrackError> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(State::default()),
            Err(source) => {
                return Err(TrackError::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        serde_json::from_slice(&bytes).map_err(|e| TrackError::BadFile {
            path: path.to_path_buf(),
            reason: format!(
                "{e}; it holds schedules, HTTP validators and URL aliases but no history, so \
                 moving it aside loses no version"
            ),
        })
    }

    pub fn save(&self, path: &Path) -> Result<(), TrackError> {
        let mut body = serde_json::to_vec_pretty(self).map_err(|e| TrackError::BadFile {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        body.push(b'\n');
        write_atomically(path, &body)
    }

    /// The story URL a URL is known by: itself or one of its aliases.
    pub fn story_for(&self, url: &str) -> Option<&str> {
        if self.articles.contains_key(url) {
            return self.articles.get_key_value(url).map(|(k, _)| k.as_str());
        }
        self.articles
            .iter()
            .find(|(_, a)| a.aliases.iter().any(|x| x == url))
            .map(|(k, _)| k.as_str())
    }
}
