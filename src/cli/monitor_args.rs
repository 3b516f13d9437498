//! Arguments of the monitoring commands: `track`, `untrack`, `follow`, `unfollow`, `check`,
//! `watch`. Flags override `[settings]` in `<archive>/storydiff/sources.toml`.

use clap::ValueEnum;

use storydiff::track::duration::Span;

#[derive(Debug, clap::Args)]
pub struct TrackArgs {
    /// Article URLs.
    #[arg(required = true, value_name = "URL")]
    pub urls: Vec<String>,
    /// Check at this fixed interval instead of the schedule (e.g. 30m; at least 1m).
    #[arg(long, value_name = "DURATION")]
    pub every: Option<Span>,
    /// Stop tracking this long after now, instead of 30 days after the last change.
    #[arg(long = "for", value_name = "DURATION")]
    pub for_: Option<Span>,
    /// CSS selector of the story: the rest of the page is dropped before extraction.
    #[arg(long, value_name = "CSS")]
    pub select: Option<String>,
    /// CSS selector of parts of the page to drop before extraction.
    #[arg(long, value_name = "CSS")]
    pub ignore: Option<String>,
    /// Text to remove from the story before comparing, as a regular expression (e.g.
    /// 'Updated \d+ minutes ago'); repeatable.
    #[arg(long, value_name = "REGEX")]
    pub ignore_text: Vec<String>,
    #[command(flatten)]
    pub pass: PassFlags,
}

#[derive(Debug, clap::Args)]
pub struct UntrackArgs {
    /// Article URLs (any URL the story was reached by). Their history stays in the archive.
    #[arg(required = true, value_name = "URL")]
    pub urls: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct FollowArgs {
    /// An RSS, Atom or JSON feed, or a (news) sitemap.
    pub url: String,
    /// Read the feed at this interval (default: settings.feed_every, 10m; at least 1m).
    #[arg(long, value_name = "DURATION")]
    pub every: Option<Span>,
    /// Track only the items whose URL matches this regular expression.
    #[arg(long = "match", value_name = "REGEX")]
    pub pattern: Option<String>,
    #[command(flatten)]
    pub pass: PassFlags,
}

#[derive(Debug, clap::Args)]
pub struct UnfollowArgs {
    /// The feed URL as given to `follow`. Articles it found stay tracked.
    pub url: String,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Check these tracked articles or followed feeds now, due or not (paused ones too).
    #[arg(value_name = "URL", conflicts_with = "all")]
    pub urls: Vec<String>,
    /// Check everything tracked and followed, whatever the schedule says.
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub pass: PassFlags,
}

#[derive(Debug, clap::Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub pass: PassFlags,
}

/// Flags shared by the commands that fetch.
#[derive(Debug, clap::Args)]
pub struct PassFlags {
    /// Hosts fetched at the same time (default: settings.jobs, 8).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
    /// Pause between two requests to one host (default: settings.delay, 1s; robots.txt
    /// Crawl-delay wins when larger).
    #[arg(long, env = "STORYDIFF_HOST_DELAY", value_name = "DURATION")]
    pub delay: Option<Span>,
    /// Fetch pages that robots.txt disallows (logged).
    #[arg(long)]
    pub ignore_robots: bool,
    /// POST each new version's changelog entry as JSON (with a `text` field) to this URL.
    #[arg(long, value_name = "URL")]
    pub webhook: Option<String>,
    /// Run this shell command for each new version, with the entry as JSON on stdin.
    #[arg(long, value_name = "CMD")]
    pub exec: Option<String>,
    /// text: one line per new version or problem, then a summary; jsonl: one JSON event per
    /// fetch, then a summary event.
    #[arg(long, value_enum, default_value_t = EventFormat::Text)]
    pub format: EventFormat,
    /// Print only the summary line (for cron).
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EventFormat {
    Text,
    Jsonl,
}
