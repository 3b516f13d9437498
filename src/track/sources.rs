//! `<archive>/storydiff/sources.toml`: what is tracked and followed, and the monitoring settings.
//!
//! People may edit it by hand; storydiff rewrites it (atomically) when `track`, `untrack`,
//! `follow` or `unfollow` change the lists, keeping the values but not hand-written comments.
//! README.md documents every key.

use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::duration::{self, Span};
use super::noise;
use super::{TrackError, write_atomically};

/// Shortest interval a story or feed is checked at: shorter hammers the publisher and records
/// nothing a minute's interval would miss.
pub const MIN_EVERY: Duration = Duration::from_secs(60);

/// The file's header, written above the values on every save.
const HEADER: &str = "\
# storydiff sources and settings. Durations: 500ms, 30s, 15m, 3h, 7d.
# Flags on the command line override [settings]. See README.md, \"sources.toml\".
";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Sources {
    pub settings: Settings,
    #[serde(rename = "article", skip_serializing_if = "Vec::is_empty")]
    pub articles: Vec<ArticleSource>,
    #[serde(rename = "feed", skip_serializing_if = "Vec::is_empty")]
    pub feeds: Vec<FeedSource>,
}

/// Monitoring settings; every key is optional in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// A URL or mail address put in the User-Agent so publishers can reach you.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// Pause between two requests to one host (robots.txt Crawl-delay wins when larger).
    pub delay: Span,
    /// Hosts fetched at the same time.
    pub jobs: usize,
    pub connect_timeout: Span,
    /// Whole-request timeout, body included.
    pub timeout: Span,
    /// Largest page kept, in bytes after decompression.
    pub max_body: u64,
    pub max_redirects: u32,
    /// Extra attempts after 429 or 5xx.
    pub retries: u32,
    /// First backoff step (doubles each retry, jittered).
    pub retry_base: Span,
    /// Longest wait before a retry, whatever Retry-After asks.
    pub max_retry_wait: Span,
    pub ignore_robots: bool,
    /// Consecutive failures after which an article is paused.
    pub pause_after: u32,
    /// A page whose body has fewer words than this fraction of the last version's is quarantined.
    pub quarantine_below: f64,
    /// How often feeds and sitemaps are read.
    pub feed_every: Span,
    /// Re-check intervals by time since the last change; past the last step, tracking finishes.
    pub schedule: Vec<Step>,
    /// Regexes for text that is not news (e.g. "Updated \\d+ minutes ago"), removed before
    /// comparing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ignore_text: Vec<String>,
    /// POST each new version's changelog entry here as JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook: Option<String>,
    /// Run this shell command with each new version's entry as JSON on stdin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exec: Option<String>,
}

/// Check every `every` while the last change is younger than `until`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub until: Span,
    pub every: Span,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleSource {
    /// The story URL (the identity its history is kept under).
    pub url: String,
    /// A fixed interval instead of the schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<Span>,
    /// Stop this long after tracking started, instead of the schedule's end.
    #[serde(default, rename = "for", skip_serializing_if = "Option::is_none")]
    pub for_: Option<Span>,
    /// CSS selector of the story; the rest of the page is dropped before extraction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<String>,
    /// CSS selector of parts to drop before extraction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore: Option<String>,
    /// Regexes for text removed from this story before comparing (besides
    /// `settings.ignore_text`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore_text: Vec<String>,
    /// The feed that found it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedSource {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<Span>,
    /// Only items whose URL matches this regex are tracked.
    #[serde(default, rename = "match", skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
}

fn span(secs: u64) -> Span {
    Span(Duration::from_secs(secs))
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            contact: None,
            delay: span(1),
            jobs: 8,
            connect_timeout: span(10),
            timeout: span(30),
            max_body: 10_000_000,
            max_redirects: 10,
            retries: 3,
            retry_base: span(1),
            max_retry_wait: span(60),
            ignore_robots: false,
            pause_after: 5,
            quarantine_below: 0.3,
            feed_every: span(600),
            schedule: vec![
                Step {
                    until: span(3 * 3600),
                    every: span(15 * 60),
                },
                Step {
                    until: span(86_400),
                    every: span(3600),
                },
                Step {
                    until: span(7 * 86_400),
                    every: span(3 * 3600),
                },
                Step {
                    until: span(30 * 86_400),
                    every: span(86_400),
                },
            ],
            ignore_text: Vec::new(),
            webhook: None,
            exec: None,
        }
    }
}

impl Sources {
    /// Read the file; a missing file is the defaults with nothing tracked.
    pub fn load(path: &Path) -> Result<Sources, TrackError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Sources::default()),
            Err(source) => {
                return Err(TrackError::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let sources: Sources = toml::from_str(&text).map_err(|e| TrackError::BadFile {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        sources.validate().map_err(|reason| TrackError::BadFile {
            path: path.to_path_buf(),
            reason,
        })?;
        Ok(sources)
    }

    /// Write the file atomically.
    pub fn save(&self, path: &Path) -> Result<(), TrackError> {
        let body = toml::to_string(self).map_err(|e| TrackError::BadFile {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        write_atomically(path, format!("{HEADER}\n{body}").as_bytes())
    }

    /// Values that parse but make no sense, or that the command-line flags refuse: a file
    /// edited by hand is held to the same rules as `track --every`.
    pub fn validate(&self) -> Result<(), String> {
        let s = &self.settings;
        if s.jobs == 0 {
            return Err("settings.jobs must be at least 1".into());
        }
        if !(0.0..=1.0).contains(&s.quarantine_below) {
            return Err("settings.quarantine_below must be between 0 and 1".into());
        }
        if s.schedule.is_empty() {
            return Err("settings.schedule needs at least one step".into());
        }
        if s.timeout.0.is_zero() || s.connect_timeout.0.is_zero() {
            return Err("settings.timeout and settings.connect_timeout must be above 0".into());
        }
        if s.max_body == 0 {
            return Err("settings.max_body must be at least 1 byte".into());
        }
        if s.pause_after == 0 {
            return Err("settings.pause_after must be at least 1 (failures before a pause)".into());
        }
        if s.retries > 10 {
            return Err(format!(
                "settings.retries = {} is too many: at most 10 retries of one request",
                s.retries
            ));
        }
        often_enough("settings.feed_every", s.feed_every)?;
        let mut last = Duration::ZERO;
        for (i, step) in s.schedule.iter().enumerate() {
            often_enough(
                &format!("settings.schedule step {}: every", i + 1),
                step.every,
            )?;
            if step.until.0 <= last {
                return Err(format!(
                    "settings.schedule step {}: until = {:?} must be later than the step before",
                    i + 1,
                    duration::format(step.until.0)
                ));
            }
            last = step.until.0;
        }
        if let Some(url) = &s.webhook {
            match url::Url::parse(url) {
                Ok(u) if matches!(u.scheme(), "http" | "https") => {}
                _ => return Err(format!("settings.webhook {url:?} is not an http(s) URL")),
            }
        }
        for pattern in &s.ignore_text {
            regex::Regex::new(pattern)
                .map_err(|e| format!("settings.ignore_text: invalid regex {pattern:?}: {e}"))?;
        }
        for article in &self.articles {
            web_address("article", &article.url)?;
            if let Some(every) = article.every {
                often_enough(&format!("article {}: every", article.url), every)?;
            }
            if article.for_.is_some_and(|f| f.0.is_zero()) {
                return Err(format!(
                    "article {}: for = \"0s\" would stop tracking at once",
                    article.url
                ));
            }
            for css in [&article.select, &article.ignore].into_iter().flatten() {
                noise::check_selector(css).map_err(|e| format!("article {}: {e}", article.url))?;
            }
            for pattern in &article.ignore_text {
                regex::Regex::new(pattern).map_err(|e| {
                    format!(
                        "article {}: invalid ignore_text regex {pattern:?}: {e}",
                        article.url
                    )
                })?;
            }
        }
        for feed in &self.feeds {
            web_address("feed", &feed.url)?;
            if let Some(every) = feed.every {
                often_enough(&format!("feed {}: every", feed.url), every)?;
            }
            if let Some(pattern) = &feed.pattern {
                regex::Regex::new(pattern).map_err(|e| {
                    format!("feed {}: invalid match regex {pattern:?}: {e}", feed.url)
                })?;
            }
        }
        Ok(())
    }

    pub fn article(&self, url: &str) -> Option<&ArticleSource> {
        self.articles.iter().find(|a| a.url == url)
    }

    pub fn article_mut(&mut self, url: &str) -> Option<&mut ArticleSource> {
        self.articles.iter_mut().find(|a| a.url == url)
    }

    pub fn feed(&self, url: &str) -> Option<&FeedSource> {
        self.feeds.iter().find(|f| f.url == url)
    }
}

/// Refuse a tracked URL that is not an absolute http(s) address.
fn web_address(what: &str, url: &str) -> Result<(), String> {
    match url::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Ok(()),
        _ => Err(format!("{what} url = {url:?} is not an http(s) address")),
    }
}

/// Refuse an interval under [`MIN_EVERY`].
fn often_enough(what: &str, every: Span) -> Result<(), String> {
    if every.0 < MIN_EVERY {
        return Err(format!(
            "{what} = {:?} is too short: the shortest interval is {}",
            duration::format(every.0),
            duration::format(MIN_EVERY)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_fills_defaults() {
        let text = r#"
            [settings]
            delay = "2s"
            schedule = [{ until = "1h", every = "5m" }]

            [[article]]
            url = "https://news.example/a"
            every = "30m"
            for = "2d"

            [[feed]]
            url = "https://news.example/feed.xml"
            match = "/news/"
        "#;
        let sources: Sources = toml::from_str(text).unwrap();
        assert_eq!(sources.settings.delay, span(2));
        assert_eq!(sources.settings.jobs, 8);
        assert_eq!(sources.articles[0].for_, Some(span(2 * 86_400)));
        assert_eq!(sources.feeds[0].pattern.as_deref(), Some("/news/"));
        let again: Sources = toml::from_str(&toml::to_string(&sources).unwrap()).unwrap();
        assert_eq!(again, sources);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_refused() {
        assert!(toml::from_str::<Sources>("[settings]\ndelya = \"1s\"").is_err());
        assert!(toml::from_str::<Sources>("[settings]\ndelay = \"soon\"").is_err());
        let mut s = Sources::default();
        s.settings.ignore_text = vec!["(".into()];
        assert!(s.validate().is_err());
    }

    #[test]
    fn a_file_edited_by_hand_is_held_to_the_flags_rules() {
        let refused = |text: &str, says: &str| {
            let sources: Sources = toml::from_str(text).unwrap();
            let err = sources.validate().unwrap_err();
            assert!(err.contains(says), "{text}: {err}");
        };
        let article = "[[article]]\nurl = \"https://news.example/a\"\n";
        refused(
            &format!("{article}every = \"5s\""),
            "article https://news.example/a: every = \"5s\" is too short",
        );
        refused(
            &format!("{article}for = \"0s\""),
            "would stop tracking at once",
        );
        refused(
            &format!("{article}select = \"div[\""),
            "invalid CSS selector",
        );
        refused(
            &format!("{article}ignore = \"p >\""),
            "invalid CSS selector",
        );
        refused(
            "[[feed]]\nurl = \"https://news.example/feed\"\nevery = \"30s\"",
            "feed https://news.example/feed: every",
        );
        refused("[settings]\nfeed_every = \"1s\"", "settings.feed_every");
        refused(
            "[settings]\nschedule = [{ until = \"3h\", every = \"10s\" }]",
            "step 1: every",
        );
        refused(
            "[settings]\nschedule = [{ until = \"1d\", every = \"1h\" }, { until = \"3h\", every = \"15m\" }]",
            "step 2: until = \"3h\" must be later",
        );
        refused("[settings]\ntimeout = \"0s\"", "settings.timeout");
        refused("[settings]\nmax_body = 0", "settings.max_body");
        refused(
            "[settings]\nwebhook = \"chat.example/hook\"",
            "not an http(s) URL",
        );
        refused("[settings]\npause_after = 0", "settings.pause_after");
        refused("[settings]\nretries = 1000000", "settings.retries");
        for url in ["not a url", "", "ftp://news.example/a"] {
            refused(
                &format!("[[article]]\nurl = {url:?}"),
                "is not an http(s) address",
            );
            refused(&format!("[[feed]]\nurl = {url:?}"), "feed url");
        }
        // The shortest interval itself is fine, as are the defaults.
        let ok: Sources = toml::from_str(&format!("{article}every = \"1m\"")).unwrap();
        assert_eq!(ok.validate(), Ok(()));
        assert_eq!(Sources::default().validate(), Ok(()));
    }
}
