//! One pass: read what is due (or named) from the sources and state, fetch it politely, record
//! each new version, report each fetch as an event, and save the state.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use chrono::{DateTime, Utc};

pub use super::event::{Event, EventKind, Summary};
use super::feeds::Expansion;
use super::noise::{self, Filters};
use super::notify::{self, Pending, Target, Targets};
use super::schedule;
use super::sources::{ArticleSource, Sources};
use super::state::{ArticleState, LastPage, Standing, State};
use super::workers::{self, Done, Job, JobKind, Message, Outcome, Politeness, Recorder};
use super::{Paths, TrackError};
use crate::archive::{Archive, ArticleKey, WriteLock};
use crate::changelog::{PageEvent, PageEventKind};
use crate::fetch::{Fetcher, Page, identity};
use crate::record::{self, Observation};
use crate::{extract, reextract};

/// Most undelivered notifications kept.
const PENDING_LIMIT: usize = 1000;

/// What a pass looks at.
#[derive(Debug, Clone)]
pub enum Selection {
    /// Articles and feeds whose next check has come.
    Due,
    /// Everything tracked and followed, whatever the schedule says.
    All,
    /// These story or feed URLs (as stored), due or not, paused or not.
    Named(Vec<String>),
}

pub struct PassOptions {
    pub selection: Selection,
    pub politeness: Politeness,
    pub targets: Targets,
    pub stop: Arc<AtomicBool>,
    /// Told how many more fetches the pass will make, before each round starts them (feeds,
    /// the sitemaps of sitemap indexes, articles): what a progress bar counts towards.
    pub planned: Option<Box<dyn Fn(usize)>>,
}

impl PassOptions {
    fn plan(&self, fetches: usize) {
        if let Some(planned) = &self.planned {
            planned(fetches);
        }
    }
}

/// The archive, the files beside it and what a pass needs to write.
pub struct Tracker<'a> {
    pub archive: &'a Archive,
    pub lock: &'a WriteLock,
    pub paths: Paths,
    pub sources: Sources,
    pub state: State,
    sources_changed: bool,
}

impl<'a> Tracker<'a> {
    /// Load the sources and state of `archive` (the caller holds the writer lock).
    pub fn load(archive: &'a Archive, lock: &'a WriteLock) -> Result<Tracker<'a>, TrackError> {
        let paths = Paths::new(archive.path());
        Ok(Tracker {
            archive,
            lock,
            sources: Sources::load(&paths.sources)?,
            state: State::load(&paths.state)?,
            paths,
            sources_changed: false,
        })
    }

    /// Write the state, and the sources when they changed.
    pub fn save(&mut self) -> Result<(), TrackError> {
        if self.sources_changed {
            self.sources.save(&self.paths.sources)?;
            self.sources_changed = false;
        }
        self.state.save(&self.paths.state)
    }

    /// Mark the sources as changed, so `save` writes them.
    pub fn touch_sources(&mut self) {
        self.sources_changed = true;
    }

    /// One pass; `report` sees every event as it happens.
    pub fn pass(
        &mut self,
        fetcher: &Fetcher,
        options: &PassOptions,
        report: &mut dyn FnMut(&Event),
    ) -> Result<Summary, TrackError> {
        let started = Instant::now();
        let mut summary = Summary::default();
        self.retry_notifications(&options.targets);

        // Feeds first, so the articles they reveal are fetched in the same pass.
        let feeds = self.feeds_to_check(&options.selection, Utc::now());
        summary.feeds = feeds.len();
        let mut found = BTreeSet::new();
        if !feeds.is_empty() {
            let mut jobs: Vec<Job> = feeds
                .iter()
                .filter_map(|url| {
                    let parsed = url::Url::parse(url).ok()?;
                    Some(Job {
                        id: url.clone(),
                        url: parsed,
                        validators: self
                            .state
                            .feeds
                            .get(url)
                            .map(|f| f.validators.clone())
                            .unwrap_or_default(),
                        kind: JobKind::Feed,
                        source: None,
                        words: None,
                        page_sha256: None,
                        gone: false,
                    })
                })
                .collect();
            // Sitemap indexes add the sitemaps they list, read in a round of their own.
            let mut more = Expansion::default();
            while !jobs.is_empty() {
                options.plan(jobs.len());
                self.run_jobs(jobs, fetcher, options, &mut |tracker, done| {
                    let event = tracker.feed_done(done, &mut found, &mut more);
                    summary.count(event.event);
                    summary.discovered += event.found.len();
                    report(&event);
                });
                jobs = std::mem::take(&mut more.jobs);
            }
            more.prune(&mut self.state.feeds);
            self.save()?;
        }

        let now = Utc::now();
        let mut articles = self.articles_to_check(&options.selection, now);
        for url in found {
            if !articles.contains(&url) {
                articles.push(url);
            }
        }
        summary.articles = articles.len();
        let ignore_text = noise::settings_patterns(&self.sources);
        let filters: std::collections::HashMap<String, Filters> = self
            .sources
            .articles
            .iter()
            .filter(|a| articles.contains(&a.url))
            .map(|a| (a.url.clone(), Filters::for_source(&ignore_text, a)))
            .collect();
        // Filters or the extractor changed since the latest version: that version's page is
        // read again first, so the fetch is compared with what storydiff now makes of it.
        for url in &articles {
            if let Some(filters) = filters.get(url)
                && let Some(event) = self.rebaseline(url, filters)
            {
                summary.count(event.event);
                report(&event);
            }
        }
        let index: std::collections::HashMap<&str, &ArticleSource> = self
            .sources
            .articles
            .iter()
            .map(|a| (a.url.as_str(), a))
            .collect();
        let jobs: Vec<Job> = articles
            .iter()
            .filter_map(|url| {
                let source = *index.get(url.as_str())?;
                let known = self.state.articles.get(url);
                let gone = known.is_some_and(|a| a.standing == Standing::Gone);
                // A gone article that comes back is recorded by the pass, after its return is
                // noted, so the new version's changelog has it.
                let present = known.filter(|_| !gone);
                let fetch_url = known
                    .and_then(|a| a.fetch_url.as_deref())
                    .and_then(|u| url::Url::parse(u).ok());
                Some(Job {
                    id: url.clone(),
                    url: fetch_url.or_else(|| url::Url::parse(url).ok())?,
                    validators: known.map(|a| a.validators.clone()).unwrap_or_default(),
                    kind: JobKind::Article(filters.get(url).cloned()?),
                    source: Some(source.clone()),
                    words: present.and_then(|a| a.words),
                    page_sha256: present.and_then(|a| Some(a.last_page.as_ref()?.sha256.clone())),
                    gone,
                })
            })
            .collect();
        let targets = &options.targets;
        options.plan(jobs.len());
        self.run_jobs(jobs, fetcher, options, &mut |tracker, done| {
            for event in tracker.article_done(done, targets) {
                summary.count(event.event);
                report(&event);
            }
        });
        self.save()?;
        // Every version is recorded; a store that has piled up is tidied while we hold the lock.
        match self.archive.repack(self.lock) {
            Ok(Some(done)) => tracing::info!(
                loose = done.loose,
                packs = done.packs,
                objects = done.objects,
                "objects folded into one pack"
            ),
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "objects not repacked; the archive is as it was"),
        }
        summary.seconds = started.elapsed().as_secs_f64();
        Ok(summary)
    }

    fn run_jobs(
        &mut self,
        jobs: Vec<Job>,
        fetcher: &Fetcher,
        options: &PassOptions,
        on_done: &mut dyn FnMut(&mut Tracker<'a>, Done),
    ) {
        let robots = self.state.robots.clone();
        let root = self.archive.path().to_path_buf();
        let recorder = Recorder {
            root: &root,
            lock: self.lock,
            quarantine_below: self.sources.settings.quarantine_below,
        };
        let has_articles = jobs.iter().any(|j| matches!(j.kind, JobKind::Article(_)));
        workers::run(
            jobs,
            &options.politeness,
            &robots,
            fetcher,
            &options.stop,
            has_articles.then_some(&recorder),
            |message| match message {
                Message::Robots { origin, cache } => {
                    self.state.robots.insert(origin, cache);
                }
                Message::Done(done) => on_done(self, *done),
            },
        );
    }

    fn articles_to_check(&self, selection: &Selection, now: DateTime<Utc>) -> Vec<String> {
        let mut due: Vec<(Option<DateTime<Utc>>, String)> = self
            .sources
            .articles
            .iter()
            .filter(|source| {
                let state = self.state.articles.get(&source.url);
                match selection {
                    Selection::All => true,
                    Selection::Named(names) => names.contains(&source.url),
                    Selection::Due => state.is_none_or(|s| {
                        matches!(s.standing, Standing::Active | Standing::Gone)
                            && s.next_check.is_none_or(|t| t <= now)
                    }),
                }
            })
            .map(|source| {
                let next = self
                    .state
                    .articles
                    .get(&source.url)
                    .and_then(|s| s.next_check);
                (next, source.url.clone())
            })
            .collect();
        // Longest overdue first, so a pass cut short by SIGTERM did the most urgent work.
        due.sort();
        due.into_iter().map(|(_, url)| url).collect()
    }

    /// Re-baseline `story` when its latest version was extracted by another storydiff release
    /// or with other filters (changed by `track`, by hand or in `settings.ignore_text`): the
    /// latest archived page is extracted again with the current extractor and `filters` and,
    /// when that differs, recorded as a version storydiff made (flagged `extractor-upgrade`,
    /// never `undisclosed`). The event, when there is one to report.
    fn rebaseline(&mut self, story: &str, filters: &Filters) -> Option<Event> {
        let now = Utc::now();
        let wanted = filters.sha256();
        let url = url::Url::parse(story).ok()?;
        let key = ArticleKey::from_url(&url);
        let state = self.state.articles.get_mut(story)?;
        let filters_before = state.filters.replace(wanted.clone());
        let extractor_before = match state.extractor.replace(extract::EXTRACTOR.to_string()) {
            Some(extractor) => extractor,
            // State from before the extractor was kept (storydiff 0.1.0): the latest version's
            // own record says which extractor made it, read this once.
            None => {
                let latest = self.archive.latest(&key).ok()??;
                self.archive.load(&key, latest.version).ok()?.extractor
            }
        };
        // Filters unknown before (a new article, or state from before they were kept): nothing
        // to undo.
        let cause = if filters_before.is_some_and(|b| b != wanted) {
            reextract::Cause::Filters
        } else if extractor_before != extract::EXTRACTOR {
            reextract::Cause::Extractor
        } else {
            return None;
        };
        self.archive.latest(&key).ok()??;
        // The next fetch must be extracted (its fingerprint changed anyway) and judged
        // against the new baseline's length, read from the archive.
        state.last_page = None;
        state.words = None;
        let result = reextract::reread(
            self.archive,
            self.lock,
            &key,
            now.fixed_offset(),
            filters,
            cause,
        );
        let why = match cause {
            reextract::Cause::Filters => "filters changed".to_string(),
            reextract::Cause::Extractor => format!(
                "storydiff upgraded ({} to {})",
                extractor_before,
                extract::EXTRACTOR
            ),
        };
        let mut event = Event::new(EventKind::Recorded, story, 0);
        match result {
            Ok(record::Outcome::Recorded(entry)) => {
                state.last_change = Some(now);
                event.version = Some(entry.version);
                event.summary = entry.summary.clone();
                event.reason = Some(format!(
                    "{why}: storydiff re-extracted the archived page, not a publisher edit"
                ));
                Some(event)
            }
            Ok(record::Outcome::Unchanged { .. }) => None,
            Err(e) => {
                tracing::warn!(url = %story, error = %e, "archived page not re-extracted ({why})");
                event.event = EventKind::Failed;
                event.reason = Some(format!(
                    "{why}, but the archived page could not be re-extracted: {e}"
                ));
                Some(event)
            }
        }
    }

    /// Start tracking an article (no fetch).
    pub fn add_article(&mut self, source: ArticleSource, now: DateTime<Utc>) {
        self.state
            .articles
            .entry(source.url.clone())
            .or_insert_with(|| ArticleState {
                added_at: Some(now),
                ..ArticleState::default()
            });
        if self.sources.article(&source.url).is_none() {
            self.sources.articles.push(source);
            self.sources_changed = true;
        }
    }

    fn article_done(&mut self, done: Done, targets: &Targets) -> Vec<Event> {
        let now = Utc::now();
        let mut story = done.job.id.clone();
        let source = done.job.source.clone();
        let ms = done.elapsed.as_millis() as u64;
        let settings = self.sources.settings.clone();
        let mut events = Vec::new();
        let fetched_at = now - chrono::TimeDelta::from_std(done.elapsed).unwrap_or_default();
        let mut state = self.state.articles.remove(&story).unwrap_or_default();
        let was_gone = state.standing == Standing::Gone;
        let latest = || {
            let url = url::Url::parse(&story).ok()?;
            Some(
                self.archive
                    .latest(&ArticleKey::from_url(&url))
                    .ok()??
                    .version,
            )
        };
        let outcome = match done.outcome {
            // A version recorded since by other means (`ingest`): the page is read again.
            Outcome::SamePage(page) if state.last_page.as_ref().map(|p| p.version) != latest() => {
                workers::extract_anyway(&done.job, *page)
            }
            outcome => outcome,
        };
        let mut event = match outcome {
            Outcome::NotRun => {
                self.state.articles.insert(story.clone(), state);
                return vec![Event::new(EventKind::NotRun, &story, ms)];
            }
            Outcome::Disallowed => {
                let mut event = Event::new(EventKind::Disallowed, &story, ms);
                event.reason =
                    Some("disallowed by robots.txt (--ignore-robots to override)".into());
                event
            }
            Outcome::Failed(e) => {
                state.failures += 1;
                state.reason = Some(e.to_string());
                let mut event = Event::new(EventKind::Failed, &story, ms);
                event.reason = state.reason.clone();
                if state.failures >= settings.pause_after {
                    state.standing = Standing::Paused;
                    state.reason = Some(format!(
                        "{} consecutive failures, last: {e}",
                        state.failures
                    ));
                    event.event = EventKind::Paused;
                    event.reason = state.reason.clone();
                }
                event
            }
            Outcome::NotModified => {
                state.failures = 0;
                Event::new(EventKind::NotModified, &story, ms)
            }
            Outcome::Gone { status } => {
                state.failures = 0;
                state.validators = Default::default();
                state.standing = Standing::Gone;
                state.reason = Some(format!("HTTP status {status}"));
                let mut event = Event::new(EventKind::Gone, &story, ms);
                event.status = Some(status);
                event.version = latest();
                event.reason = Some(gone_reason(event.version.is_some(), was_gone).into());
                if !was_gone {
                    self.archive_event(&story, PageEventKind::Gone, status, fetched_at);
                }
                event
            }
            Outcome::List(_) => unreachable_article(&story, ms),
            Outcome::SamePage(page) => {
                // What a 304 would have said, from a server that sends no validators.
                state.failures = 0;
                state.reason = None;
                state.validators = page.validators.clone();
                self.moved_to(&story, &mut state, &page.final_url, None);
                let mut event = Event::new(EventKind::Unchanged, &story, ms);
                event.status = Some(page.status);
                event.version = state.last_page.as_ref().map(|p| p.version);
                if page.final_url.as_str() != story {
                    event.final_url = Some(page.final_url.to_string());
                }
                event
            }
            Outcome::Article {
                page,
                article,
                recorded,
                fingerprint,
            } => {
                if was_gone {
                    // The page answers again: back, whatever extraction makes of it. Noted
                    // before the version this fetch may record.
                    state.standing = Standing::Active;
                    state.reason = None;
                    let mut back = Event::new(EventKind::Back, &story, 0);
                    back.status = Some(page.status);
                    events.push(back);
                    self.archive_event(&story, PageEventKind::Back, page.status, fetched_at);
                }
                let (event, resolved) =
                    self.record_page(&story, &mut state, &page, *article, recorded, targets);
                if resolved != story {
                    story = self.merge_into(&story, &resolved, state);
                    state = self.state.articles.remove(&story).unwrap_or_default();
                    for event in &mut events {
                        event.url = story.clone();
                    }
                }
                // Kept only when the page made the latest Article: a page quarantined or
                // failed is looked at again next time.
                state.last_page = match (event.event, event.version) {
                    (EventKind::Recorded | EventKind::Unchanged, Some(version)) => Some(LastPage {
                        sha256: fingerprint,
                        version,
                    }),
                    _ => None,
                };
                event
            }
        };
        state.last_check = Some(now);
        let source = match source {
            Some(source) if source.url == story => Some(source),
            _ => self.sources.article(&story).cloned(),
        };
        if let Some(source) = source
            && !matches!(state.standing, Standing::Paused)
        {
            match schedule::next_check(&settings, &source, &state, now) {
                Some(next) => state.next_check = Some(next),
                None if state.standing != Standing::Finished => {
                    state.standing = Standing::Finished;
                    state.next_check = None;
                    events.push(Event::new(EventKind::Finished, &story, 0));
                }
                None => {}
            }
        }
        event.url = story.clone();
        events.insert(0, event);
        self.state.articles.insert(story, state);
        events
    }

    /// Record a fetched page under its story; the event and the story URL it resolved to.
    fn record_page(
        &mut self,
        story: &str,
        state: &mut ArticleState,
        page: &Page,
        article: Result<crate::article::Article, crate::extract::ExtractError>,
        recorded: Option<record::Outcome>,
        targets: &Targets,
    ) -> (Event, String) {
        let now = Utc::now();
        let ms = 0;
        let mut story = story.to_string();
        let has_history = |archive: &Archive, url: &str| {
            url::Url::parse(url)
                .ok()
                .and_then(|u| archive.find_by_url(&u).ok())
                .is_some()
        };
        let mut event = Event::new(EventKind::Unchanged, &story, ms);
        event.status = Some(page.status);
        if page.final_url.as_str() != story {
            event.final_url = Some(page.final_url.to_string());
        }
        let article = match article {
            Ok(article) => article,
            Err(e) if has_history(self.archive, &story) => {
                return (
                    self.quarantine(story.as_str(), state, page, no_article(&e), event),
                    story,
                );
            }
            Err(e) => {
                state.failures += 1;
                state.reason = Some(no_article(&e));
                event.event = EventKind::Failed;
                event.reason = state.reason.clone();
                return (event, story);
            }
        };
        // Identity: a story with no history yet takes the URL the page calls its own.
        if recorded.is_none() && !has_history(self.archive, &story) {
            let resolved = identity::story_url(&page.final_url, article.canonical_url.as_deref());
            let resolved = self
                .state
                .story_for(resolved.as_str())
                .map(str::to_string)
                .unwrap_or_else(|| resolved.to_string());
            if resolved != story {
                tracing::info!(from = %story, to = %resolved, "story URL resolved");
                story = resolved;
            }
        }
        let Ok(url) = url::Url::parse(&story) else {
            event.event = EventKind::Failed;
            event.reason = Some(format!("invalid story URL {story}"));
            return (event, story);
        };
        // The last version's length: remembered, or read from the archive (recorded by ingest).
        let before = if recorded.is_some() {
            None // the extractor judged it already
        } else {
            state.words.or_else(|| {
                let key = ArticleKey::from_url(&url);
                let latest = self.archive.latest(&key).ok()??;
                let previous = self.archive.load(&key, latest.version).ok()?;
                Some(previous.article.word_count())
            })
        };
        if recorded.is_none()
            && let Some(before) = before
            && let Some(reason) =
                noise::collapsed(before, &article, self.sources.settings.quarantine_below)
        {
            return (self.quarantine(&story, state, page, reason, event), story);
        }
        let seen_at = now.fixed_offset();
        let observation = Observation {
            url: &url,
            raw: &page.body,
            seen_at,
            content_type: page.content_type.as_deref(),
        };
        state.failures = 0;
        state.reason = None;
        state.validators = page.validators.clone();
        self.moved_to(
            &story,
            state,
            &page.final_url,
            article.canonical_url.as_deref(),
        );
        if state.standing != Standing::Finished {
            state.standing = Standing::Active;
        }
        let result = match recorded {
            Some(done) => Ok(done),
            None => record::record_article(self.archive, self.lock, &observation, &article),
        };
        match result {
            Ok(record::Outcome::Recorded(entry)) => {
                state.last_change = Some(now);
                state.words = Some(article.word_count());
                state.extractor = Some(extract::EXTRACTOR.to_string());
                event.event = EventKind::Recorded;
                event.version = Some(entry.version);
                event.summary = entry.summary.clone();
                if !targets.is_empty() {
                    let notice = notify::notice(&story, &entry);
                    for target in notify::deliver(targets, &notice) {
                        self.keep_notice(target, notice.clone());
                    }
                }
            }
            Ok(record::Outcome::Unchanged { version }) => {
                event.version = Some(version);
                state.words = Some(article.word_count());
                state.extractor = Some(extract::EXTRACTOR.to_string());
            }
            Err(e) => {
                state.failures += 1;
                state.reason = Some(format!("could not record: {e}"));
                event.event = EventKind::Failed;
                event.reason = state.reason.clone();
            }
        }
        (event, story)
    }

    /// Follow a story to where this fetch found it: the next fetch goes to the final URL, cleaned
    /// of the tracking parameters a redirect may add, and that URL and the page's own canonical
    /// link become aliases, so a story moved to a new slug (a 301) stays one article that its
    /// new URL names. A URL that is another tracked story's own is left to that story.
    fn moved_to(
        &self,
        story: &str,
        state: &mut ArticleState,
        final_url: &url::Url,
        canonical: Option<&str>,
    ) {
        let fetched = identity::clean(final_url);
        state.fetch_url = Some(fetched.to_string());
        // Without a canonical link the story's URL is the cleaned final URL itself.
        let named = canonical.map(|c| identity::story_url(final_url, Some(c)));
        for alias in std::iter::once(fetched.as_str()).chain(named.as_ref().map(url::Url::as_str)) {
            if alias != story
                && !self.state.articles.contains_key(alias)
                && !state.aliases.iter().any(|a| a == alias)
            {
                state.aliases.push(alias.to_string());
            }
        }
    }

    /// Keep a page event in the archive, on the latest version (the one it followed). A story
    /// with no version yet has no changelog to put it in; a failed write is logged, the state
    /// keeps the standing either way.
    fn archive_event(&self, story: &str, kind: PageEventKind, status: u16, at: DateTime<Utc>) {
        let Ok(url) = url::Url::parse(story) else {
            return;
        };
        let key = ArticleKey::from_url(&url);
        let after = match self.archive.latest(&key) {
            Ok(latest) => latest.map_or(0, |info| info.version),
            Err(e) => {
                tracing::warn!(url = %story, error = %e, "page event not kept in the archive");
                return;
            }
        };
        if after == 0 {
            return;
        }
        let event = PageEvent {
            event: kind,
            at: at.fixed_offset(),
            status,
            after_version: after,
        };
        if let Err(e) = self.archive.record_event(self.lock, &key, &event) {
            tracing::warn!(url = %story, error = %e, "page event not kept in the archive");
        }
    }

    /// Keep a fetch out of the history, with the page saved for a person to look at.
    fn quarantine(
        &self,
        story: &str,
        state: &mut ArticleState,
        page: &Page,
        reason: String,
        mut event: Event,
    ) -> Event {
        state.quarantined += 1;
        state.reason = Some(format!("quarantined: {reason}"));
        // Named by the page's hash: the same paywall stub fetched every 15 minutes for a month
        // is one file, not thousands.
        let name = format!(
            "{}-{}.html",
            ArticleKey::from_url(&page.final_url)
                .as_str()
                .replace('/', "_"),
            &crate::article::sha256_hex(&page.body)[..16]
        );
        let path = self.paths.quarantine.join(name);
        let saved = std::fs::create_dir_all(&self.paths.quarantine).and_then(|()| {
            if path.exists() {
                Ok(())
            } else {
                std::fs::write(&path, &page.body)
            }
        });
        if let Err(e) = saved {
            tracing::warn!(path = %path.display(), error = %e, "could not save the quarantined page");
        }
        event.event = EventKind::Quarantined;
        event.url = story.to_string();
        event.reason = Some(format!("{reason}; page kept at {}", path.display()));
        event
    }

    /// Fold story `from` into `into` (which may be new): `from` becomes an alias.
    fn merge_into(&mut self, from: &str, into: &str, state: ArticleState) -> String {
        let source = self.sources.article(from).cloned();
        self.sources.articles.retain(|a| a.url != from);
        self.sources_changed = true;
        let target = self.state.articles.remove(into);
        let mut merged = match target {
            Some(mut existing) => {
                existing.aliases.extend(state.aliases.iter().cloned());
                existing.last_change = existing.last_change.max(state.last_change);
                existing
            }
            None => state,
        };
        if !merged.aliases.iter().any(|a| a == from) {
            merged.aliases.push(from.to_string());
        }
        merged.aliases.retain(|a| a != into);
        self.state.articles.insert(into.to_string(), merged);
        if self.sources.article(into).is_none() {
            let mut source = source.unwrap_or_default();
            source.url = into.to_string();
            self.sources.articles.push(source);
        }
        into.to_string()
    }

    /// Keep a notice for the one target it did not reach; the oldest go past the limit.
    fn keep_notice(&mut self, target: Target, notice: serde_json::Value) {
        let pending = serde_json::to_value(Pending { target, notice }).unwrap_or_default();
        self.state.pending_notifications.push(pending);
        let excess = self
            .state
            .pending_notifications
            .len()
            .saturating_sub(PENDING_LIMIT);
        self.state.pending_notifications.drain(..excess);
    }

    /// Retry each pending notice at the target that missed it, flags or not (the target is kept
    /// with it). A notice kept before targets were stored goes to the targets given, as then;
    /// with none given it waits.
    fn retry_notifications(&mut self, targets: &Targets) {
        let pending = std::mem::take(&mut self.state.pending_notifications);
        for kept in pending {
            match serde_json::from_value::<Pending>(kept.clone()) {
                Ok(Pending { target, notice }) => {
                    if notify::send(&target, &notice).is_err() {
                        self.keep_notice(target, notice);
                    }
                }
                Err(_) if targets.is_empty() => self.state.pending_notifications.push(kept),
                Err(_) => {
                    for target in notify::deliver(targets, &kept) {
                        self.keep_notice(target, kept.clone());
                    }
                }
            }
        }
    }
}

/// Why a page answers 404 or 410. Only a story with a version was taken down; one never
/// recorded may be a mistyped or not yet published URL, which the desk should check.
fn gone_reason(recorded: bool, was_gone: bool) -> &'static str {
    match (recorded, was_gone) {
        (true, false) => "the publisher took the page down",
        (true, true) => "still gone",
        (false, _) => "check the URL (still tracked, in case the story appears)",
    }
}

fn unreachable_article(url: &str, ms: u64) -> Event {
    let mut event = Event::new(EventKind::Failed, url, ms);
    event.reason = Some("internal: a feed result for an article".into());
    event
}

/// Why a page gave no article, said once ("no article found in the page", not that inside
/// "no article in the page (…)").
fn no_article(error: &crate::extract::ExtractError) -> String {
    match error {
        crate::extract::ExtractError::NoArticle => error.to_string(),
        other => format!("no article in the page ({other})"),
    }
}
