//! Politeness: fetches run in parallel across hosts and one after another within a host, with a
//! pause between requests to one host (robots.txt `Crawl-delay` when larger) and robots.txt
//! rules respected. Workers fetch and extract; extractors record the pages of stories with a
//! history themselves, in shared batches (see [`Held`]), and the caller's thread gets each
//! result as it comes and does the rest of the writing.

use std::collections::{BTreeMap, VecDeque};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use chrono::Utc;

use super::noise::{self, Filters};
use super::state::RobotsCache;
use crate::archive::{Archive, ArchiveError, WriteLock};
use crate::article::Article;
use crate::extract::{ExtractError, PageInfo};
use crate::fetch::robots::Robots;
use crate::fetch::{FetchError, Fetched, Fetcher, Page, Validators, identity};
use crate::record;

/// Extraction threads per core (see `run`).
const EXTRACTORS_PER_CORE: usize = 2;

/// Versions recorded by the extractors are written when this many wait, or these many bytes
/// of pages, or when the oldest has waited this long (and when the pass ends).
const HOLD_VERSIONS: usize = 256;
const HOLD_BYTES: usize = 8 << 20;
const HOLD_AT_MOST: Duration = Duration::from_secs(1);
/// How often an idle extractor looks at the held versions' age.
const WAKE_EVERY: Duration = Duration::from_millis(250);

/// How long a robots.txt is trusted.
const ROBOTS_TTL: chrono::TimeDelta = chrono::TimeDelta::hours(24);

/// One thing to fetch.
#[derive(Debug, Clone)]
pub struct Job {
    /// The story or feed URL this job is for (its key in the state).
    pub id: String,
    pub url: url::Url,
    pub validators: Validators,
    pub kind: JobKind,
    /// The article's entry in sources.toml (its schedule), carried along for the result.
    pub source: Option<super::sources::ArticleSource>,
    /// Words in the article's latest version, when known: lets an extractor judge a collapse
    /// and record the page itself.
    pub words: Option<usize>,
    /// The fingerprint (see [`noise::fingerprint`]) of the page that made the latest Article:
    /// the same page again is not extracted again.
    pub page_sha256: Option<String>,
    /// The article was gone: its return is noted by the pass before any version.
    pub gone: bool,
}

#[derive(Debug, Clone)]
pub enum JobKind {
    Article(Filters),
    Feed,
    /// A sitemap listed by a followed sitemap index (the job's id is the followed URL), read
    /// `depth` indexes down from it.
    Sitemap {
        depth: u8,
    },
}

/// What came back for one job.
#[derive(Debug)]
pub enum Outcome {
    /// An article page and what extraction made of it.
    Article {
        page: Box<Page>,
        article: Box<Result<Article, ExtractError>>,
        /// Already recorded by the extractor (a story with a history, no collapse).
        recorded: Option<record::Outcome>,
        /// The page's fingerprint, kept once its Article is recorded or found unchanged.
        fingerprint: String,
    },
    /// An article page identical, with everything else that shapes its Article, to the one
    /// that made the latest Article: not extracted again.
    SamePage(Box<Page>),
    /// A feed or sitemap body.
    List(Page),
    NotModified,
    Gone {
        status: u16,
    },
    Failed(FetchError),
    /// robots.txt says no.
    Disallowed,
    /// Stopped (SIGTERM) before it was fetched.
    NotRun,
}

#[derive(Debug)]
pub struct Done {
    pub job: Job,
    pub outcome: Outcome,
    pub elapsed: Duration,
}

/// What workers report.
pub enum Message {
    Done(Box<Done>),
    /// A freshly fetched robots.txt, to cache.
    Robots {
        origin: String,
        cache: RobotsCache,
    },
}

/// What extractors need to record pages themselves, into a batch that many versions share: one
/// pack and one round of syncs for all of them (see [`Held`]).
pub struct Recorder<'a> {
    pub root: &'a Path,
    pub lock: &'a WriteLock,
    pub quarantine_below: f64,
}

pub struct Politeness {
    pub jobs: usize,
    pub delay: Duration,
    pub ignore_robots: bool,
}

/// The origin (`scheme://host:port`) requests are serialised by.
pub fn origin(url: &url::Url) -> String {
    url.origin().ascii_serialization()
}

/// Run `jobs`, calling `handle` on this thread for each message as it arrives.
pub fn run(
    jobs: Vec<Job>,
    manners: &Politeness,
    robots: &BTreeMap<String, RobotsCache>,
    fetcher: &Fetcher,
    stop: &Arc<AtomicBool>,
    recorder: Option<&Recorder<'_>>,
    mut handle: impl FnMut(Message),
) {
    let mut by_origin: BTreeMap<String, Vec<Job>> = BTreeMap::new();
    for job in jobs {
        by_origin.entry(origin(&job.url)).or_default().push(job);
    }
    let threads = manners.jobs.max(1).min(by_origin.len());
    let queue: Mutex<VecDeque<(String, Vec<Job>)>> = Mutex::new(by_origin.into_iter().collect());
    let (tx, rx) = mpsc::channel::<Message>();
    // Fetched article pages go to extractors, so a host's next fetch need not wait for the
    // last page's extraction and extraction uses every core even when one host has all pages.
    let (page_tx, page_rx) = mpsc::channel::<(Job, Page, Instant)>();
    let page_rx = Mutex::new(page_rx);
    // Twice the cores: an extractor that records a page waits for its syncs, and another one
    // keeps the core busy meanwhile (pass 2 of the peer benchmark: about 12 % less wall time on
    // 2 cores than with one extractor per core, the same CPU).
    let extractors = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .saturating_mul(EXTRACTORS_PER_CORE)
        .min(manners.jobs.max(1));
    let now = Utc::now();
    let held = Mutex::new(Held::default());
    // The last extractor out writes what is still held: one that ran out of pages earlier
    // would split the pass's last batch while the others still record into it.
    let running = AtomicUsize::new(extractors);
    std::thread::scope(|scope| {
        for _ in 0..extractors {
            let tx = tx.clone();
            let page_rx = &page_rx;
            let held = &held;
            let running = &running;
            scope.spawn(move || {
                loop {
                    let next = page_rx
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .recv_timeout(WAKE_EVERY);
                    let held = || held.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                    match (next, recorder) {
                        (Ok((job, page, started)), recorder) => {
                            let outcome = extract(&job, page);
                            let done = Done {
                                job,
                                outcome,
                                elapsed: started.elapsed(),
                            };
                            match recorder {
                                Some(recorder) => held().record(done, recorder, &tx),
                                None => send_done(&tx, done),
                            }
                        }
                        (Err(mpsc::RecvTimeoutError::Timeout), Some(recorder)) => {
                            held().flush_if_due(recorder, &tx);
                        }
                        (Err(mpsc::RecvTimeoutError::Timeout), None) => {}
                        (Err(mpsc::RecvTimeoutError::Disconnected), recorder) => {
                            let last = running.fetch_sub(1, Ordering::AcqRel) == 1;
                            if let (true, Some(recorder)) = (last, recorder) {
                                held().flush(recorder, &tx);
                            }
                            break;
                        }
                    }
                }
            });
        }
        for _ in 0..threads {
            let out = Outbox {
                done: tx.clone(),
                pages: page_tx.clone(),
            };
            let queue = &queue;
            scope.spawn(move || {
                loop {
                    let next = queue
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .pop_front();
                    let Some((origin, jobs)) = next else { break };
                    let cached = robots
                        .get(&origin)
                        .filter(|c| now - c.fetched_at < ROBOTS_TTL)
                        .cloned();
                    host(&origin, jobs, cached, manners, fetcher, stop, &out);
                }
            });
        }
        drop(tx);
        drop(page_tx);
        for message in rx {
            handle(message);
        }
    });
}

/// All the jobs of one origin, one after another.
fn host(
    origin: &str,
    jobs: Vec<Job>,
    cached: Option<RobotsCache>,
    manners: &Politeness,
    fetcher: &Fetcher,
    stop: &AtomicBool,
    out: &Outbox,
) {
    let tx = &out.done;
    let pages = &out.pages;
    let send = |job: Job, outcome: Outcome, started: Instant| {
        let _ = tx.send(Message::Done(Box::new(Done {
            job,
            outcome,
            elapsed: started.elapsed(),
        })));
    };
    let mut rules = Robots::allow_all();
    if manners.ignore_robots {
        tracing::warn!(%origin, "robots.txt ignored (--ignore-robots)");
    } else {
        match robots_for(origin, cached, fetcher, tx) {
            Ok(found) => rules = found,
            Err(err) => {
                // The host cannot be reached: every job on it fails the same way, at once.
                for job in jobs {
                    send(job, Outcome::Failed(err.clone()), Instant::now());
                }
                return;
            }
        }
    }
    let delay = manners.delay.max(rules.crawl_delay.unwrap_or_default());
    let mut first = true;
    for job in jobs {
        let started = Instant::now();
        if stop.load(Ordering::Relaxed) {
            send(job, Outcome::NotRun, started);
            continue;
        }
        if !rules.allows(&job.url) {
            tracing::info!(url = %job.url, "disallowed by robots.txt");
            send(job, Outcome::Disallowed, started);
            continue;
        }
        if !first {
            pause(delay, stop);
            if stop.load(Ordering::Relaxed) {
                send(job, Outcome::NotRun, started);
                continue;
            }
        }
        first = false;
        let started = Instant::now();
        match fetch(&job, fetcher) {
            Step::Done(outcome) => send(job, outcome, started),
            Step::Extract(page) => {
                let _ = pages.send((job, page, started));
            }
        }
    }
}

/// Where a host's thread sends its results: finished ones, and pages still to extract.
struct Outbox {
    done: mpsc::Sender<Message>,
    pages: mpsc::Sender<(Job, Page, Instant)>,
}

/// What a fetch leaves to do.
enum Step {
    Done(Outcome),
    /// An article page to extract.
    Extract(Page),
}

fn fetch(job: &Job, fetcher: &Fetcher) -> Step {
    tracing::debug!(url = %job.url, "fetching");
    let outcome = match fetcher.get(&job.url, &job.validators) {
        Err(FetchError::Stopped) => Outcome::NotRun,
        Err(err) => Outcome::Failed(err),
        Ok(Fetched::NotModified { .. }) => Outcome::NotModified,
        Ok(Fetched::Gone { status, .. }) => Outcome::Gone { status },
        Ok(Fetched::Page(page)) => match &job.kind {
            JobKind::Feed | JobKind::Sitemap { .. } => Outcome::List(page),
            JobKind::Article(_) => return Step::Extract(page),
        },
    };
    Step::Done(outcome)
}

/// The Article in a fetched page, with the source's filters; none for the same page as last
/// time.
fn extract(job: &Job, page: Page) -> Outcome {
    if let JobKind::Article(filters) = &job.kind
        && let Some(last) = &job.page_sha256
        && *last == noise::fingerprint(&page.body, &page_info(&page), filters)
    {
        tracing::debug!(url = %job.id, "the same page as last time: not extracted again");
        return Outcome::SamePage(Box::new(page));
    }
    extract_anyway(job, page)
}

/// The Article in a fetched page, with the source's filters.
pub fn extract_anyway(job: &Job, page: Page) -> Outcome {
    let JobKind::Article(filters) = &job.kind else {
        return Outcome::List(page);
    };
    let info = page_info(&page);
    let fingerprint = noise::fingerprint(&page.body, &info, filters);
    let article = noise::extract(&page.body, &info, filters);
    Outcome::Article {
        page: Box::new(page),
        article: Box::new(article),
        recorded: None,
        fingerprint,
    }
}

fn page_info(page: &Page) -> PageInfo {
    PageInfo {
        url: Some(page.final_url.clone()),
        content_type: page.content_type.clone(),
    }
}

/// Versions the extractors recorded into a batch the archive has not written yet, with their
/// results: a new version is reported only once it is on disk, and one the batch could not
/// write goes back to the pass, which records it itself.
#[derive(Default)]
struct Held {
    batch: Option<Archive>,
    done: Vec<Done>,
    bytes: usize,
    since: Option<Instant>,
}

impl Held {
    /// Record `done`'s page when it can be recorded here; report it now or hold it.
    fn record(&mut self, mut done: Done, recorder: &Recorder<'_>, tx: &mpsc::Sender<Message>) {
        if self.batch.is_none() {
            self.batch = Archive::open_batch(recorder.root)
                .inspect_err(|e| tracing::warn!(error = %e, "versions left to the pass to record"))
                .ok();
        }
        let Some(batch) = &self.batch else {
            return send_done(tx, done);
        };
        record_early(&done.job, &mut done.outcome, batch, recorder);
        let Outcome::Article {
            page,
            recorded: Some(record::Outcome::Recorded(_)),
            ..
        } = &done.outcome
        else {
            return send_done(tx, done);
        };
        self.bytes += page.body.len();
        self.since.get_or_insert_with(Instant::now);
        self.done.push(done);
        if self.done.len() >= HOLD_VERSIONS || self.bytes >= HOLD_BYTES {
            self.flush(recorder, tx);
        } else {
            self.flush_if_due(recorder, tx);
        }
    }

    fn flush_if_due(&mut self, recorder: &Recorder<'_>, tx: &mpsc::Sender<Message>) {
        if self.since.is_some_and(|t| t.elapsed() >= HOLD_AT_MOST) {
            self.flush(recorder, tx);
        }
    }

    /// Write the batch, then report what it held.
    fn flush(&mut self, recorder: &Recorder<'_>, tx: &mpsc::Sender<Message>) {
        let mut done = std::mem::take(&mut self.done);
        self.bytes = 0;
        self.since = None;
        let written = match self.batch.take().map(|batch| batch.flush(recorder.lock)) {
            Some(Ok(results)) => results.into_iter().map(|r| r.err()).collect(),
            Some(Err(e)) => {
                tracing::warn!(error = %e, versions = done.len(), "batch not written; left to the pass");
                Vec::new()
            }
            None => Vec::new(),
        };
        let mut results = written.into_iter();
        for d in &mut done {
            // A version without a result was never written: the pass records it.
            let failed = results
                .next()
                .unwrap_or(Some(crate::archive::ArchiveError::Invalid(
                    "not written".into(),
                )));
            if let (Some(e), Outcome::Article { recorded, .. }) = (failed, &mut d.outcome) {
                tracing::debug!(url = %d.job.id, error = %e, "left to the pass to record");
                *recorded = None;
            }
        }
        for d in done {
            send_done(tx, d);
        }
    }
}

fn send_done(tx: &mpsc::Sender<Message>, done: Done) {
    let _ = tx.send(Message::Done(Box::new(done)));
}

/// Record an extracted page here when nothing about it needs the pass's state: the story has a
/// history (no identity to settle) and the body has not collapsed, or it is new and the page
/// calls it by the URL it is tracked under. Anything else, or a failure, is left to the pass,
/// which records it itself.
fn record_early(job: &Job, outcome: &mut Outcome, archive: &Archive, recorder: &Recorder<'_>) {
    let Outcome::Article {
        page,
        article,
        recorded,
        ..
    } = outcome
    else {
        return;
    };
    let (Ok(article), Ok(url)) = (article.as_ref(), url::Url::parse(&job.id)) else {
        return;
    };
    let settled = match (archive.find_by_url(&url), job.words) {
        (Ok(_), Some(before)) => {
            noise::collapsed(before, article, recorder.quarantine_below).is_none()
        }
        // What the pass would settle on: the page's own URL for it, cleaned (see `identity`).
        (Err(ArchiveError::UnknownArticle(_)), _) if !job.gone => {
            identity::story_url(&page.final_url, article.canonical_url.as_deref()).as_str()
                == job.id
        }
        _ => false,
    };
    if !settled {
        return;
    }
    let observation = record::Observation {
        url: &url,
        raw: &page.body,
        seen_at: Utc::now().fixed_offset(),
        content_type: page.content_type.as_deref(),
    };
    match record::record_article(archive, recorder.lock, &observation, article) {
        Ok(done) => *recorded = Some(done),
        Err(e) => tracing::debug!(url = %job.id, error = %e, "left to the pass to record"),
    }
}

/// The site's rules: cached, or fetched now. Err when the host cannot be reached at all.
fn robots_for(
    origin: &str,
    cached: Option<RobotsCache>,
    fetcher: &Fetcher,
    tx: &mpsc::Sender<Message>,
) -> Result<Robots, FetchError> {
    if let Some(cache) = cached {
        return Ok(Robots::parse(&cache.body));
    }
    let url = url::Url::parse(&format!("{origin}/robots.txt"))
        .map_err(|e| FetchError::BadUrl(e.to_string()))?;
    let body = match fetcher.get_text(&url) {
        Ok((status, body)) if (200..300).contains(&status) => {
            String::from_utf8_lossy(&body[..body.len().min(512 * 1024)]).into_owned()
        }
        // No robots.txt (4xx): everything is allowed.
        Ok((status, _)) if (400..500).contains(&status) => String::new(),
        // RFC 9309: a server error means "assume everything is disallowed", for now.
        Ok(_) | Err(FetchError::Status(_)) => {
            tracing::warn!(%origin, "robots.txt unavailable (server error): skipping this host");
            return Ok(Robots::parse("User-agent: *\nDisallow: /\n"));
        }
        Err(FetchError::TooLarge(_)) => String::new(),
        Err(err) => return Err(err),
    };
    let _ = tx.send(Message::Robots {
        origin: origin.to_string(),
        cache: RobotsCache {
            fetched_at: Utc::now(),
            body: body.clone(),
        },
    });
    Ok(Robots::parse(&body))
}

/// Sleep `delay`, waking early on stop.
pub fn pause(delay: Duration, stop: &AtomicBool) {
    let deadline = Instant::now() + delay;
    while !stop.load(Ordering::Relaxed) {
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        std::thread::sleep((deadline - now).min(Duration::from_millis(50)));
    }
}
