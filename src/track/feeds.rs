//! Feeds and sitemaps in a pass: which are due, and what reading one adds to the tracked
//! articles. A sitemap index is followed into the sitemaps it lists (at most [`MAX_SITEMAPS`],
//! [`MAX_DEPTH`] indexes deep), in the same pass.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use regex::Regex;

use super::event::{Event, EventKind};
use super::pass::{Selection, Tracker};
use super::schedule;
use super::sources::ArticleSource;
use super::state::FeedState;
use super::workers::{Done, Job, JobKind, Outcome};
use crate::fetch::discover::{self, ListKind};
use crate::fetch::identity;

/// Most item URLs remembered per feed.
const SEEN_LIMIT: usize = 5000;
/// Most sitemaps read for one followed sitemap index in a pass (the first ones listed).
const MAX_SITEMAPS: usize = 50;
/// How many indexes deep a followed sitemap index is read: 2 reads an index of indexes.
const MAX_DEPTH: u8 = 2;

impl Tracker<'_> {
    pub(super) fn feeds_to_check(&self, selection: &Selection, now: DateTime<Utc>) -> Vec<String> {
        self.sources
            .feeds
            .iter()
            .map(|f| f.url.clone())
            .filter(|url| match selection {
                Selection::All => true,
                Selection::Named(names) => names.contains(url),
                Selection::Due => self
                    .state
                    .feeds
                    .get(url)
                    .and_then(|f| f.next_check)
                    .is_none_or(|t| t <= now),
            })
            .collect()
    }

    pub(super) fn feed_done(
        &mut self,
        done: Done,
        found: &mut BTreeSet<String>,
        more: &mut Expansion,
    ) -> Event {
        if let JobKind::Sitemap { depth } = done.job.kind {
            return self.sitemap_done(done, depth, found, more);
        }
        let now = Utc::now();
        let url = done.job.id.clone();
        let ms = done.elapsed.as_millis() as u64;
        let settings = self.sources.settings.clone();
        let every = self
            .sources
            .feed(&url)
            .and_then(|f| f.every)
            .unwrap_or(settings.feed_every);
        let pattern = self.feed_pattern(&url);
        let mut feed = self.state.feeds.remove(&url).unwrap_or_default();
        let event = match done.outcome {
            Outcome::NotRun => {
                self.state.feeds.insert(url.clone(), feed);
                return Event::new(EventKind::NotRun, &url, ms);
            }
            Outcome::List(page) => match discover::items(&page.body, &page.final_url) {
                Ok((kind, urls)) => {
                    feed.failures = 0;
                    feed.reason = None;
                    feed.validators = page.validators.clone();
                    let mut event = Event::new(EventKind::Discovered, &url, ms);
                    event.status = Some(page.status);
                    if kind == ListKind::SitemapIndex {
                        let queued = more.expand(&url, &feed, urls, 1);
                        event.reason = Some(format!("a sitemap index: {queued} sitemaps to read"));
                    } else {
                        // No longer (or never) an index.
                        feed.sitemaps.clear();
                        self.take_items(&url, &mut feed, urls, pattern.as_ref(), found, &mut event);
                    }
                    event
                }
                Err(e) => feed_failed(&mut feed, e.to_string(), &url, ms),
            },
            Outcome::NotModified => {
                feed.failures = 0;
                // An index that did not change may still list sitemaps that did.
                let listed: Vec<url::Url> = feed
                    .sitemaps
                    .keys()
                    .filter_map(|u| url::Url::parse(u).ok())
                    .collect();
                more.expand(&url, &feed, listed, 1);
                Event::new(EventKind::NotModified, &url, ms)
            }
            Outcome::Gone { status } => {
                feed_failed(&mut feed, format!("HTTP status {status}"), &url, ms)
            }
            Outcome::Failed(e) => feed_failed(&mut feed, e.to_string(), &url, ms),
            Outcome::Disallowed => {
                let mut event = Event::new(EventKind::Disallowed, &url, ms);
                event.reason = Some("disallowed by robots.txt".into());
                event
            }
            Outcome::Article { .. } | Outcome::SamePage(_) => unreachable_feed(&url, ms),
        };
        feed.last_check = Some(now);
        feed.next_check = Some(schedule::after(now, every.0));
        self.state.feeds.insert(url, feed);
        event
    }

    /// A sitemap read for a followed sitemap index: its articles count as the index's.
    fn sitemap_done(
        &mut self,
        done: Done,
        depth: u8,
        found: &mut BTreeSet<String>,
        more: &mut Expansion,
    ) -> Event {
        let followed = done.job.id.clone();
        let url = done.job.url.to_string();
        let ms = done.elapsed.as_millis() as u64;
        let pattern = self.feed_pattern(&followed);
        let mut feed = self.state.feeds.remove(&followed).unwrap_or_default();
        let child_failed = |reason: String| {
            let mut event = Event::new(EventKind::Failed, &url, ms);
            event.reason = Some(format!("{reason} (a sitemap listed by {followed})"));
            event
        };
        let event = match done.outcome {
            Outcome::NotRun => Event::new(EventKind::NotRun, &url, ms),
            Outcome::List(page) => match discover::items(&page.body, &page.final_url) {
                Ok((kind, urls)) => {
                    let mut event = Event::new(EventKind::Discovered, &url, ms);
                    event.status = Some(page.status);
                    let too_deep = kind == ListKind::SitemapIndex && depth >= MAX_DEPTH;
                    if !too_deep {
                        feed.sitemaps.insert(url.clone(), page.validators.clone());
                    }
                    if too_deep {
                        event.reason = Some(format!(
                            "a sitemap index more than {MAX_DEPTH} deep: not read"
                        ));
                    } else if kind == ListKind::SitemapIndex {
                        let queued = more.expand(&followed, &feed, urls, depth + 1);
                        event.reason = Some(format!("a sitemap index: {queued} sitemaps to read"));
                    } else {
                        self.take_items(
                            &followed,
                            &mut feed,
                            urls,
                            pattern.as_ref(),
                            found,
                            &mut event,
                        );
                    }
                    event
                }
                Err(e) => child_failed(e.to_string()),
            },
            Outcome::NotModified => Event::new(EventKind::NotModified, &url, ms),
            Outcome::Gone { status } => {
                feed.sitemaps.remove(&url);
                child_failed(format!("HTTP status {status}"))
            }
            Outcome::Failed(e) => child_failed(e.to_string()),
            Outcome::Disallowed => {
                let mut event = Event::new(EventKind::Disallowed, &url, ms);
                event.reason = Some("disallowed by robots.txt".into());
                event
            }
            Outcome::Article { .. } | Outcome::SamePage(_) => unreachable_feed(&url, ms),
        };
        self.state.feeds.insert(followed, feed);
        event
    }

    /// The `--match` pattern of a followed URL.
    fn feed_pattern(&self, url: &str) -> Option<Regex> {
        self.sources
            .feed(url)
            .and_then(|f| f.pattern.as_deref())
            .and_then(|p| Regex::new(p).ok())
    }

    /// Track the listed articles not seen before; each goes into `found` and the event.
    fn take_items(
        &mut self,
        followed: &str,
        feed: &mut FeedState,
        urls: Vec<url::Url>,
        pattern: Option<&Regex>,
        found: &mut BTreeSet<String>,
        event: &mut Event,
    ) {
        let now = Utc::now();
        for item in urls {
            if pattern.is_some_and(|p| !p.is_match(item.as_str())) {
                continue;
            }
            let clean = identity::clean(&item).to_string();
            if feed.seen.contains(&clean) {
                continue;
            }
            feed.seen.push(clean.clone());
            if self.state.story_for(&clean).is_some() || self.sources.article(&clean).is_some() {
                continue;
            }
            self.add_article(
                ArticleSource {
                    url: clean.clone(),
                    feed: Some(followed.to_string()),
                    ..ArticleSource::default()
                },
                now,
            );
            found.insert(clean.clone());
            event.found.push(clean);
        }
        let excess = feed.seen.len().saturating_sub(SEEN_LIMIT);
        feed.seen.drain(..excess);
    }
}

/// Sitemaps to read in this pass, found in sitemap indexes: bounded per followed index, each
/// read once.
#[derive(Debug, Default)]
pub(super) struct Expansion {
    pub(super) jobs: Vec<Job>,
    /// Sitemaps queued per followed URL.
    queued: BTreeMap<String, usize>,
    /// Every sitemap queued in this pass.
    seen: BTreeSet<String>,
}

impl Expansion {
    /// Queue the http(s) sitemaps of `urls` for the followed index `followed`, with the
    /// validators it keeps for them; how many were queued.
    fn expand(
        &mut self,
        followed: &str,
        feed: &FeedState,
        urls: Vec<url::Url>,
        depth: u8,
    ) -> usize {
        let mut queued = 0;
        // Counted even when nothing is listed, so `prune` forgets what the index dropped.
        let count = self.queued.entry(followed.to_string()).or_default();
        for url in urls {
            if *count >= MAX_SITEMAPS {
                tracing::info!(%followed, "sitemap index lists more than {MAX_SITEMAPS} sitemaps: the rest are not read");
                break;
            }
            if !matches!(url.scheme(), "http" | "https")
                || url.as_str() == followed
                || !self.seen.insert(url.to_string())
            {
                continue;
            }
            *count += 1;
            queued += 1;
            self.jobs.push(Job {
                id: followed.to_string(),
                validators: feed.sitemaps.get(url.as_str()).cloned().unwrap_or_default(),
                url,
                kind: JobKind::Sitemap { depth },
                source: None,
                words: None,
                page_sha256: None,
                gone: false,
            });
        }
        queued
    }

    /// Forget the sitemaps of each index read in this pass that it no longer lists.
    pub(super) fn prune(&self, feeds: &mut BTreeMap<String, FeedState>) {
        for (url, feed) in feeds.iter_mut() {
            if self.queued.contains_key(url) {
                feed.sitemaps
                    .retain(|sitemap, _| self.seen.contains(sitemap));
            }
        }
    }
}

fn feed_failed(feed: &mut FeedState, reason: String, url: &str, ms: u64) -> Event {
    feed.failures += 1;
    feed.reason = Some(reason.clone());
    let mut event = Event::new(EventKind::Failed, url, ms);
    event.reason = Some(reason);
    event
}

fn unreachable_feed(url: &str, ms: u64) -> Event {
    let mut event = Event::new(EventKind::Failed, url, ms);
    event.reason = Some("internal: an article result for a feed".into());
    event
}
