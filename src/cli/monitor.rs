//! `storydiff track | untrack | follow | unfollow | check | watch`: wires the tracking stage to
//! the archive and prints what each pass did.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, Utc};

use storydiff::archive::Archive;
use storydiff::fetch::{FetchConfig, Fetcher, identity, user_agent};
use storydiff::track::duration::{self, Span};
use storydiff::track::noise;
use storydiff::track::notify::Targets;
use storydiff::track::pass::{Event, EventKind, PassOptions, Selection, Summary, Tracker};
use storydiff::track::sources::{ArticleSource, FeedSource, MIN_EVERY, Settings};
use storydiff::track::state::Standing;
use storydiff::track::workers::{Politeness, pause};

use super::args::{
    CheckArgs, EventFormat, FollowArgs, PassFlags, TrackArgs, UnfollowArgs, UntrackArgs, WatchArgs,
};
use super::progress::Bar;
use super::{Status, parse_url, print};

/// How long a pass waits for another writer (ingest, another check) to finish.
const LOCK_WAIT: Duration = Duration::from_secs(10);
/// Longest sleep of `watch` between two looks at the schedule.
const WATCH_NAP: Duration = Duration::from_secs(60);

pub fn track(dir: &Path, args: TrackArgs) -> Result<Status> {
    check_every(args.every)?;
    if args.for_.is_some_and(|span| span.0.is_zero()) {
        bail!("--for 0 would stop tracking at once: give a duration such as 3d");
    }
    let urls = args
        .urls
        .iter()
        .map(|u| parse_url(u))
        .collect::<Result<Vec<_>>>()?;
    for css in [&args.select, &args.ignore].into_iter().flatten() {
        noise::check_selector(css).map_err(|e| anyhow!(e))?;
    }
    for pattern in &args.ignore_text {
        regex::Regex::new(pattern)
            .with_context(|| format!("invalid --ignore-text regular expression {pattern:?}"))?;
    }
    let stop = stop_on_signals()?;
    let archive = Archive::open_or_create(dir)?;
    let lock = archive.lock(LOCK_WAIT)?;
    let mut tracker = Tracker::load(&archive, &lock)?;
    let now = Utc::now();
    let mut names = Vec::new();
    for url in urls {
        let clean = identity::clean(&url).to_string();
        let story = tracker
            .state
            .story_for(&clean)
            .map(str::to_string)
            .unwrap_or_else(|| clean.clone());
        match tracker.sources.article_mut(&story) {
            Some(source) => {
                // Tracking again updates the options and wakes a paused or finished article.
                if args.every.is_some() {
                    source.every = args.every;
                }
                if args.for_.is_some() {
                    source.for_ = args.for_;
                }
                if args.select.is_some() {
                    source.select = args.select.clone();
                }
                if args.ignore.is_some() {
                    source.ignore = args.ignore.clone();
                }
                if !args.ignore_text.is_empty() {
                    source.ignore_text = args.ignore_text.clone();
                }
                tracker.touch_sources();
                if let Some(state) = tracker.state.articles.get_mut(&story) {
                    state.standing = Standing::Active;
                    state.failures = 0;
                    if args.for_.is_some() {
                        state.added_at = Some(now);
                    }
                }
            }
            None => tracker.add_article(
                ArticleSource {
                    url: story.clone(),
                    every: args.every,
                    for_: args.for_,
                    select: args.select.clone(),
                    ignore: args.ignore.clone(),
                    ignore_text: args.ignore_text.clone(),
                    feed: None,
                },
                now,
            ),
        }
        if url.as_str() != story
            && let Some(state) = tracker.state.articles.get_mut(&story)
            && !state.aliases.iter().any(|a| a == url.as_str())
        {
            state.aliases.push(url.to_string());
        }
        if !names.contains(&story) {
            names.push(story);
        }
    }
    tracker.save()?;
    run_pass(
        &mut tracker,
        Selection::Named(names),
        &args.pass,
        stop,
        false,
    )?;
    Ok(Status::Ok)
}

/// Refuse an `--every` under a minute: `watch` would fetch the page every second or so, which
/// hammers the publisher and records nothing a minute's interval would miss.
fn check_every(every: Option<Span>) -> Result<()> {
    match every {
        Some(Span(interval)) if interval < MIN_EVERY => bail!(
            "--every {} is too short: the shortest interval is {}",
            duration::format(interval),
            duration::format(MIN_EVERY)
        ),
        _ => Ok(()),
    }
}

pub fn untrack(dir: &Path, args: UntrackArgs) -> Result<Status> {
    let urls = args
        .urls
        .iter()
        .map(|u| parse_url(u))
        .collect::<Result<Vec<_>>>()?;
    let archive = Archive::open(dir)?;
    let lock = archive.lock(LOCK_WAIT)?;
    let mut tracker = Tracker::load(&archive, &lock)?;
    let mut out = String::new();
    let mut stories = Vec::new();
    for url in &urls {
        let story = tracker
            .state
            .story_for(identity::clean(url).as_str())
            .or_else(|| {
                let clean = identity::clean(url).to_string();
                tracker.sources.article(&clean).map(|a| a.url.as_str())
            })
            .map(str::to_string)
            .with_context(|| format!("{url} is not tracked"))?;
        stories.push(story);
    }
    for story in stories {
        tracker.sources.articles.retain(|a| a.url != story);
        tracker.state.articles.remove(&story);
        out.push_str(&format!("{story}: no longer tracked (its history stays)\n"));
    }
    tracker.touch_sources();
    tracker.save()?;
    print(&out)?;
    Ok(Status::Ok)
}

pub fn follow(dir: &Path, args: FollowArgs) -> Result<Status> {
    check_every(args.every)?;
    let url = parse_url(&args.url)?.to_string();
    if let Some(pattern) = &args.pattern {
        regex::Regex::new(pattern)
            .with_context(|| format!("invalid --match regular expression {pattern:?}"))?;
    }
    let stop = stop_on_signals()?;
    let archive = Archive::open_or_create(dir)?;
    let lock = archive.lock(LOCK_WAIT)?;
    let mut tracker = Tracker::load(&archive, &lock)?;
    let feed = FeedSource {
        url: url.clone(),
        every: args.every,
        pattern: args.pattern.clone(),
    };
    let new = tracker.sources.feed(&url).is_none();
    match tracker.sources.feeds.iter_mut().find(|f| f.url == url) {
        Some(existing) => *existing = feed,
        None => tracker.sources.feeds.push(feed),
    }
    tracker.touch_sources();
    tracker.save()?;
    run_pass(
        &mut tracker,
        Selection::Named(vec![url.clone()]),
        &args.pass,
        stop,
        false,
    )?;
    // A new feed whose first read failed (not a feed, a 404, a typo in the URL) is not kept:
    // it would be fetched every ten minutes, for ever, with nothing to show for it.
    let failed = tracker
        .state
        .feeds
        .get(&url)
        .filter(|f| f.failures > 0 && f.seen.is_empty())
        .map(|f| f.reason.clone().unwrap_or_default());
    if let (true, Some(reason)) = (new, failed) {
        tracker.sources.feeds.retain(|f| f.url != url);
        tracker.state.feeds.remove(&url);
        tracker.touch_sources();
        tracker.save()?;
        bail!("{url}: not followed, its first read failed ({reason}); check the URL and try again");
    }
    Ok(Status::Ok)
}

pub fn unfollow(dir: &Path, args: UnfollowArgs) -> Result<Status> {
    let url = parse_url(&args.url)?.to_string();
    let archive = Archive::open(dir)?;
    let lock = archive.lock(LOCK_WAIT)?;
    let mut tracker = Tracker::load(&archive, &lock)?;
    if tracker.sources.feed(&url).is_none() {
        bail!("{url} is not followed");
    }
    tracker.sources.feeds.retain(|f| f.url != url);
    tracker.state.feeds.remove(&url);
    tracker.touch_sources();
    tracker.save()?;
    print(&format!(
        "{url}: no longer followed (the articles it found stay tracked)\n"
    ))?;
    Ok(Status::Ok)
}

pub fn check(dir: &Path, args: CheckArgs) -> Result<Status> {
    let urls = args
        .urls
        .iter()
        .map(|u| parse_url(u))
        .collect::<Result<Vec<_>>>()?;
    let stop = stop_on_signals()?;
    let archive = Archive::open(dir)?;
    let lock = archive.lock(LOCK_WAIT)?;
    let mut tracker = Tracker::load(&archive, &lock)?;
    let selection = if args.all {
        Selection::All
    } else if urls.is_empty() {
        Selection::Due
    } else {
        let mut names = Vec::new();
        for url in &urls {
            let clean = identity::clean(url).to_string();
            let name = if tracker.sources.feed(url.as_str()).is_some() {
                url.to_string()
            } else if let Some(story) = tracker.state.story_for(&clean) {
                story.to_string()
            } else if tracker.sources.article(&clean).is_some() {
                clean
            } else {
                bail!("{url} is not tracked or followed (start with: storydiff track {url})");
            };
            names.push(name);
        }
        Selection::Named(names)
    };
    run_pass(&mut tracker, selection, &args.pass, stop, false)?;
    Ok(Status::Ok)
}

pub fn watch(dir: &Path, args: WatchArgs) -> Result<Status> {
    let stop = stop_on_signals()?;
    // Fail early and clearly on a missing archive or a broken sources.toml.
    {
        let archive = Archive::open(dir)?;
        let lock = archive.lock(LOCK_WAIT)?;
        Tracker::load(&archive, &lock)?;
    }
    // Someone at a terminal is told when the next check is due, once per idle stretch, so a
    // quiet watch does not look like a hung one. Never in logs, pipes or jsonl streams.
    let tell_idle = !args.pass.quiet
        && matches!(args.pass.format, EventFormat::Text)
        && std::io::stderr().is_terminal();
    let mut told = false;
    while !stop.load(Ordering::Relaxed) {
        let archive = Archive::open(dir)?;
        let nap = match archive.lock(LOCK_WAIT) {
            Ok(lock) => {
                let mut tracker = Tracker::load(&archive, &lock)?;
                let summary = run_pass(
                    &mut tracker,
                    Selection::Due,
                    &args.pass,
                    Arc::clone(&stop),
                    true,
                )?;
                if summary.articles > 0 || summary.feeds > 0 {
                    told = false;
                } else if tell_idle && !told {
                    eprintln!("{}", idle_line(Utc::now(), next_due(&tracker)));
                    told = true;
                }
                next_wake(&tracker)
            }
            Err(e) => {
                tracing::warn!(error = %e, "pass skipped");
                WATCH_NAP
            }
        };
        pause(nap, &stop);
    }
    tracing::info!("stopped by a signal; every write in flight has finished");
    Ok(Status::Ok)
}

/// The soonest scheduled check (an article still checked, or a feed) and its URL; None when
/// nothing is scheduled at all.
fn next_due(tracker: &Tracker<'_>) -> Option<(DateTime<Utc>, String)> {
    let now = Utc::now();
    let articles = tracker
        .state
        .articles
        .iter()
        .filter(|(_, a)| matches!(a.standing, Standing::Active | Standing::Gone))
        .map(|(url, a)| (a.next_check, url));
    let feeds = tracker
        .state
        .feeds
        .iter()
        .map(|(url, f)| (f.next_check, url));
    articles
        .chain(feeds)
        .map(|(t, url)| (t.unwrap_or(now), url.clone()))
        .min()
}

/// What an idle `watch` says: when its next check is due, and for what.
fn idle_line(now: DateTime<Utc>, next: Option<(DateTime<Utc>, String)>) -> String {
    let Some((at, url)) = next else {
        return "nothing due and nothing scheduled; articles tracked or feeds followed from now \
                on are picked up within a minute"
            .to_string();
    };
    // The date only when it is not today's, as a person reading the terminal needs it.
    let when = if at.date_naive() == now.date_naive() {
        at.format("%H:%M:%S UTC")
    } else {
        at.format("%Y-%m-%d %H:%M:%S UTC")
    };
    format!("nothing due; next check at {when} ({url})")
}

/// How long until something is due (at least a second, at most a minute).
fn next_wake(tracker: &Tracker<'_>) -> Duration {
    let now = Utc::now();
    let articles = tracker
        .state
        .articles
        .values()
        .filter(|a| matches!(a.standing, Standing::Active | Standing::Gone))
        .map(|a| a.next_check);
    let feeds = tracker.state.feeds.values().map(|f| f.next_check);
    articles
        .chain(feeds)
        .map(|t| {
            t.map(|t| (t - now).to_std().unwrap_or_default())
                .unwrap_or_default()
        })
        .min()
        .unwrap_or(WATCH_NAP)
        .clamp(Duration::from_secs(1), WATCH_NAP)
}

/// SIGINT and SIGTERM set the returned flag: the pass stops starting fetches, finishes what it
/// is writing and returns. A second signal exits at once.
fn stop_on_signals() -> Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register_conditional_shutdown(signal, 130, Arc::clone(&stop))
            .context("cannot install the signal handler")?;
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .context("cannot install the signal handler")?;
    }
    Ok(stop)
}

/// Below this per-host delay each request gets its own connection. A server that writes headers
/// and body separately without TCP_NODELAY stalls every request on a reused connection for the
/// client's delayed ACK (40 ms on Linux); spaced requests never see it, because the kernel acks
/// quickly again after an idle gap, so there connections are reused.
const REUSE_FROM: Duration = Duration::from_millis(250);

/// Settings from the file, overridden by flags.
fn fetch_config(settings: &Settings, delay: Duration) -> FetchConfig {
    FetchConfig {
        user_agent: user_agent(settings.contact.as_deref()),
        connect_timeout: settings.connect_timeout.0,
        total_timeout: settings.timeout.0,
        max_body: settings.max_body,
        max_redirects: settings.max_redirects,
        retries: settings.retries,
        retry_base: settings.retry_base.0,
        max_retry_wait: settings.max_retry_wait.0,
        reuse_connections: delay >= REUSE_FROM,
    }
}

/// One pass, its events and summary printed as the flags ask; returns the summary.
fn run_pass(
    tracker: &mut Tracker<'_>,
    selection: Selection,
    flags: &PassFlags,
    stop: Arc<AtomicBool>,
    watching: bool,
) -> Result<Summary> {
    let settings = tracker.sources.settings.clone();
    let delay = flags.delay.map(|d| d.0).unwrap_or(settings.delay.0);
    let fetcher = Fetcher::new(fetch_config(&settings, delay), Arc::clone(&stop));
    let mut options = PassOptions {
        selection,
        politeness: Politeness {
            jobs: flags.jobs.map(usize::from).unwrap_or(settings.jobs),
            delay,
            ignore_robots: flags.ignore_robots || settings.ignore_robots,
        },
        targets: Targets {
            webhook: flags.webhook.clone().or(settings.webhook.clone()),
            exec: flags.exec.clone().or(settings.exec.clone()),
        },
        stop,
        planned: None,
    };
    let format = flags.format;
    let quiet = flags.quiet;
    let mut print_error = None;
    // A progress bar on a terminal only: never under cron, in a pipe or with --quiet.
    let shown = (!quiet && std::io::stderr().is_terminal()).then(Bar::start);
    let bar = shown.as_ref().map(|shown| shown.bar().clone());
    if let Some(bar) = &bar {
        let bar = bar.clone();
        options.planned = Some(Box::new(move |n| bar.inc_length(n as u64)));
    }
    let mut report = |event: &Event| {
        let line = match format {
            // --quiet keeps only the summary, whatever the format: cron mails stay short.
            _ if quiet => None,
            EventFormat::Jsonl => serde_json::to_string(event).ok().map(|l| l + "\n"),
            EventFormat::Text => text_line(event),
        };
        if let Some(line) = line {
            // Printed with the bar out of the way, so the two never share a line.
            let printed = match &bar {
                Some(bar) => bar.suspend(|| print(&line)),
                None => print(&line),
            };
            if let Err(e) = printed {
                print_error.get_or_insert(e);
            }
        }
        // One fetch each; "back" and "finished" come with the fetch that saw them.
        if let Some(bar) = &bar
            && !matches!(event.event, EventKind::Back | EventKind::Finished)
        {
            bar.inc(1);
        }
    };
    let summary = tracker.pass(&fetcher, &options, &mut report)?;
    drop(shown);
    if let Some(e) = print_error {
        return Err(e);
    }
    // `watch` wakes often; a pass that found nothing due says nothing.
    let idle = summary.articles == 0 && summary.feeds == 0;
    if idle && matches!(options.selection, Selection::Due) && watching {
        return Ok(summary);
    }
    match format {
        EventFormat::Jsonl => {
            let mut value = serde_json::to_value(&summary)?;
            value["event"] = "summary".into();
            print(&format!("{value}\n"))?;
        }
        EventFormat::Text => print(&summary_line(&summary))?,
    }
    Ok(summary)
}

/// A line for a fetch that is worth a person's attention; None for the routine ones.
fn text_line(event: &Event) -> Option<String> {
    let url = &event.url;
    let reason = event.reason.as_deref().unwrap_or("");
    let line = match event.event {
        EventKind::Recorded => format!(
            "{url}: version {}{}: {}",
            event.version.unwrap_or(0),
            // A version storydiff made itself (new filters) says so.
            event
                .reason
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default(),
            event
                .summary
                .first()
                .map(String::as_str)
                .unwrap_or("no visible change")
        ),
        // A URL that never had a version was not taken down: there is nothing there yet.
        EventKind::Gone if event.version.is_none() => format!(
            "{url}: nothing at this URL (HTTP {}): {reason}",
            event.status.unwrap_or(0)
        ),
        EventKind::Gone => format!("{url}: gone (HTTP {}): {reason}", event.status.unwrap_or(0)),
        EventKind::Back => format!("{url}: back (HTTP {})", event.status.unwrap_or(0)),
        EventKind::Quarantined => format!("{url}: quarantined, not recorded: {reason}"),
        EventKind::Failed => format!("{url}: failed: {reason}"),
        EventKind::Paused => format!("{url}: paused: {reason}"),
        EventKind::Disallowed => format!("{url}: not fetched: {reason}"),
        EventKind::Finished => format!("{url}: tracking finished (past its schedule)"),
        EventKind::Discovered if !event.found.is_empty() => {
            let n = event.found.len();
            let noun = if n == 1 { "article" } else { "articles" };
            format!("{url}: {n} new {noun} to track")
        }
        EventKind::Discovered
        | EventKind::Unchanged
        | EventKind::NotModified
        | EventKind::NotRun => return None,
    };
    Some(line + "\n")
}

fn summary_line(s: &Summary) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = vec![
        plural(s.recorded, "new version", "new versions"),
        format!("{} unchanged", s.unchanged + s.not_modified),
    ];
    for (n, label) in [
        (s.gone, "gone"),
        (s.quarantined, "quarantined"),
        (s.failed, "failed"),
        (s.disallowed, "disallowed by robots.txt"),
        (s.not_run, "not run (stopped)"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {label}"));
        }
    }
    let feeds = if s.feeds > 0 {
        format!(
            " and {} ({})",
            plural(s.feeds, "feed", "feeds"),
            plural(s.discovered, "new article", "new articles")
        )
    } else {
        String::new()
    };
    format!(
        "checked {}{feeds} in {:.1} s: {}\n",
        plural(s.articles, "article", "articles"),
        s.seconds,
        parts.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::idle_line;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn an_idle_watch_names_the_next_check_and_its_url() {
        let now = at("2026-11-29T10:12:40Z");
        let story = "https://news.example/city/tram-vote".to_string();
        assert_eq!(
            idle_line(now, Some((at("2026-11-29T10:45:00Z"), story.clone()))),
            "nothing due; next check at 10:45:00 UTC (https://news.example/city/tram-vote)"
        );
        // Tomorrow's check carries its date.
        assert_eq!(
            idle_line(now, Some((at("2026-11-30T01:00:00Z"), story))),
            "nothing due; next check at 2026-11-30 01:00:00 UTC \
             (https://news.example/city/tram-vote)"
        );
        assert!(idle_line(now, None).starts_with("nothing due and nothing scheduled"));
    }
}
