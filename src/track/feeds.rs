//! Feeds and sitemaps in a pass: which are due, and what reading one adds to the tracked
//! articles.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use regex::Regex;

use super::event::{Event, EventKind};
use super::pass::{Selection, Tracker};
use super::schedule;
use super::sources::ArticleSource;
use super::state::FeedState;
use super::workers::{Done, Outcome};
use crate::fetch::discover::{self, ListKind};
use crate::fetch::identity;

/// Most item URLs remembered per feed.
const SEEN_LIMIT: usize = 5000;

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

    pub(super) fn feed_done(&mut self, done: Done, found: &mut BTreeSet<String>) -> Event {
        let now = Utc::now();
        let url = done.job.id.clone();
        let ms = done.elapsed.as_millis() as u64;
        let settings = self.sources.settings.clone();
        let source = self.sources.feed(&url).cloned();
        let every = source
            .as_ref()
            .and_then(|f| f.every)
            .unwrap_or(settings.feed_every);
        let pattern = source
            .as_ref()
            .and_then(|f| f.pattern.as_deref())
            .and_then(|p| Regex::new(p).ok());
        let mut feed = self.state.feeds.remove(&url).unwrap_or_default();
        let event = match done.outcome {
            Outcome::NotRun => {
                self.state.feeds.insert(url.clone(), feed);
                return Event::new(EventKind::NotRun, &url, ms);
            }
            Outcome::List(page) => match discover::items(&page.body, &page.final_url) {
                Ok((ListKind::SitemapIndex, urls)) => feed_failed(
                    &mut feed,
                    format!(
                        "a sitemap index ({} sitemaps): follow the sitemaps it lists instead",
                        urls.len()
                    ),
                    &url,
                    ms,
                ),
                Ok((_, urls)) => {
                    feed.failures = 0;
                    feed.reason = None;
                    feed.validators = page.validators.clone();
                    let mut event = Event::new(EventKind::Discovered, &url, ms);
                    event.status = Some(page.status);
                    for item in urls {
                        if pattern.as_ref().is_some_and(|p| !p.is_match(item.as_str())) {
                            continue;
                        }
                        let clean = identity::clean(&item).to_string();
                        if feed.seen.contains(&clean) {
                            continue;
                        }
                        feed.seen.push(clean.clone());
                        if self.state.story_for(&clean).is_some()
                            || self.sources.article(&clean).is_some()
                        {
                            continue;
                        }
                        self.add_article(
                            ArticleSource {
                                url: clean.clone(),
                                feed: Some(url.clone()),
                                ..ArticleSource::default()
                            },
                            now,
                        );
                        found.insert(clean.clone());
                        event.found.push(clean);
                    }
                    let excess = feed.seen.len().saturating_sub(SEEN_LIMIT);
                    feed.seen.drain(..excess);
                    event
                }
                Err(e) => feed_failed(&mut feed, e.to_string(), &url, ms),
            },
            Outcome::NotModified => {
                feed.failures = 0;
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
            Outcome::Article { .. } => unreachable_feed(&url, ms),
        };
        feed.last_check = Some(now);
        feed.next_check = Some(schedule::after(now, every.0));
        self.state.feeds.insert(url, feed);
        event
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
