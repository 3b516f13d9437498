//! The command-line interface, as clap types. `storydiff --help` is generated from these comments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

pub use super::monitor_args::{
    CheckArgs, EventFormat, FollowArgs, PassFlags, TrackArgs, UnfollowArgs, UntrackArgs, WatchArgs,
};

/// Track how news articles change after publication.
///
/// storydiff extracts the story from a page (headline, dek, byline, body, the publisher's notes),
/// records every distinct version in a git archive, shows what changed between versions and keeps
/// a changelog beside the publisher's own notes.
#[derive(Debug, Parser)]
#[command(
    name = "storydiff",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Args {
    /// The archive directory (a git repository). Default: the per-user data directory, e.g.
    /// ~/.local/share/storydiff on Linux; created on first write.
    #[arg(long, global = true, env = "STORYDIFF_ARCHIVE", value_name = "DIR")]
    pub archive: Option<PathBuf>,

    /// More log output on stderr (-v: info, -vv: debug); RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract the article from a saved page and print it (no archive needed).
    Extract(ExtractArgs),
    /// Record saved pages as versions of one article.
    ///
    /// Each file, in order, becomes the next version when its content differs from the latest
    /// version's; otherwise it is reported as unchanged and nothing is written.
    Ingest(IngestArgs),
    /// List the articles in the archive.
    List(ListArgs),
    /// Show the versions of one article, newest first.
    Log(LogArgs),
    /// Print one version of an article.
    Show(ShowArgs),
    /// Show what changed between two versions, or between two saved pages.
    ///
    /// With URL alone: the two latest versions. With URL A: version A against the latest.
    /// With URL A B: version A against version B (A newer than B runs backwards, newer → older,
    /// and says so on stderr). With --files OLD NEW: two pages, no archive.
    Diff(DiffArgs),
    /// Print an article's changelog: storydiff's account of each version beside the publisher's notes.
    Changelog(ChangelogArgs),
    /// Start tracking articles and fetch each once now.
    Track(TrackArgs),
    /// Stop tracking articles; their history stays.
    Untrack(UntrackArgs),
    /// Follow a feed or sitemap: each new item becomes a tracked article.
    Follow(FollowArgs),
    /// Stop following a feed; the articles it found stay tracked.
    Unfollow(UnfollowArgs),
    /// One pass over what is due (or named), then exit: the form for cron.
    ///
    /// Prints one line per new version (or problem) and a summary line. Exits 0 even when some
    /// fetches failed: failures are reported per article and counted in the summary.
    Check(CheckArgs),
    /// Check on the schedule until SIGINT or SIGTERM, then finish the writes in flight and exit 0.
    Watch(WatchArgs),
    /// A report across the archive: totals, the most changed stories, every headline change,
    /// publisher note, undisclosed change and changed number, each with its diff.
    Report(ReportArgs),
    /// Re-extract archived pages with the current extractor.
    ///
    /// Each article's latest archived page is extracted again; when the result differs from the
    /// stored Article, it is recorded as a new version flagged `extractor-upgrade`, never as a
    /// publisher edit. `check` and `watch` do this themselves after storydiff is upgraded, before
    /// they judge a fetch; this command does it at once, for articles no longer checked too.
    Reextract(ReextractArgs),
    /// Check the whole archive: every hash recomputed, every version chain followed.
    ///
    /// Exits 1 when it finds damage, 0 when all is well.
    Verify(VerifyArgs),
}

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// The saved pages; `-` or nothing reads standard input. With several pages, a page that
    /// gives no article is reported and the others still print; the exit code is then 2.
    #[arg(value_name = "FILE|-")]
    pub files: Vec<PathBuf>,
    /// The page's URL, used to resolve relative links such as the canonical URL. A value that is
    /// not an http(s) URL is ignored with a warning (extract only reads).
    #[arg(long)]
    pub url: Option<String>,
    #[arg(long, value_enum, default_value_t = ExtractFormat::Text)]
    pub format: ExtractFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExtractFormat {
    /// The canonical text, whose SHA-256 is the content hash.
    Text,
    /// The Article as JSON (a JSON array when several pages are given).
    Json,
    /// One Article JSON per line, each with its `file`; a page that fails gives a line with its
    /// `file` and `error`.
    Jsonl,
}

#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// Saved pages of the article, oldest first.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The article's URL: its identity in the archive.
    #[arg(long, required = true)]
    pub url: String,
    /// When the pages were seen (RFC 3339, e.g. 2025-03-14T07:10:00Z). Give it once for all
    /// files or once per file, in order. Default: now.
    #[arg(long, value_name = "TIME")]
    pub at: Vec<String>,
    #[arg(long, value_enum, default_value_t = DataFormat::Text)]
    pub format: DataFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[arg(long, value_enum, default_value_t = DataFormat::Text)]
    pub format: DataFormat,
}

#[derive(Debug, clap::Args)]
pub struct LogArgs {
    /// The article's URL: the one it is tracked or ingested under, or any other that led to it
    /// (a redirect, a link with tracking parameters, an old slug).
    pub url: String,
    #[arg(long, value_enum, default_value_t = DataFormat::Text)]
    pub format: DataFormat,
}

#[derive(Debug, clap::Args)]
#[command(disable_version_flag = true)]
pub struct ShowArgs {
    /// The article's URL: the one it is tracked or ingested under, or any other that led to it
    /// (a redirect, a link with tracking parameters, an old slug).
    pub url: String,
    /// Version number (1 is the first seen). Default: the latest.
    #[arg(long = "version", id = "version_number", value_name = "N")]
    pub version: Option<u32>,
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ShowFormat {
    /// The canonical text.
    Text,
    /// The Article and its provenance as JSON.
    Json,
    /// The raw page exactly as it was recorded.
    Html,
}

#[derive(Debug, clap::Args)]
#[command(
    override_usage = "storydiff diff [OPTIONS] URL [A [B]]\n       storydiff diff [OPTIONS] --files OLD NEW"
)]
pub struct DiffArgs {
    /// The article's URL, then optional version numbers A and B.
    // Not `required`: clap's message would name only this form; `diff::run` names both.
    #[arg(value_name = "URL [A [B]]", num_args = 0..=3)]
    pub target: Vec<String>,
    /// Compare two saved pages instead of archived versions.
    #[arg(long, num_args = 2, value_names = ["OLD", "NEW"], conflicts_with = "target")]
    pub files: Option<Vec<PathBuf>>,
    #[arg(long, value_enum, default_value_t = DiffFormat::Terminal)]
    pub format: DiffFormat,
    /// The unit changes are marked in inside an edited paragraph.
    #[arg(long, value_enum, default_value_t = GranularityArg::Word)]
    pub granularity: GranularityArg,
    /// Hide a kind of change: `cosmetic` hides whitespace, punctuation, quote-style and case
    /// edits (a paragraph with nothing else changed shows as unchanged).
    #[arg(long, value_enum, value_name = "KIND")]
    pub ignore: Vec<IgnoreArg>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GranularityArg {
    /// Whole paragraphs: old text out, new text in.
    Block,
    /// Sentences: each reworded sentence out, its new wording in.
    Sentence,
    /// Words, with the spaces and punctuation between two changes joined to them.
    Word,
    /// Letters inside a word changed into a similar one: exactly which characters a typo fix or
    /// a revised figure touched. Reworded phrases stay in words.
    Char,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IgnoreArg {
    Cosmetic,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DiffFormat {
    /// For reading: word highlights, colour on a terminal (honours NO_COLOR).
    Terminal,
    /// git-style unified diff, one paragraph per line.
    Unified,
    /// For a GitHub comment or a report.
    Markdown,
    /// One self-contained page (no scripts), inline and side-by-side views.
    Html,
    /// The ChangeSet (see README for the schema).
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ChangelogArgs {
    /// The article's URL: the one it is tracked or ingested under, or any other that led to it
    /// (a redirect, a link with tracking parameters, an old slug).
    pub url: String,
    #[arg(long, value_enum, default_value_t = ChangelogFormat::Markdown)]
    pub format: ChangelogFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ChangelogFormat {
    Markdown,
    Json,
    /// An Atom 1.0 feed, one entry per version carrying its diff.
    Atom,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Only versions seen at or after this: a duration back from now (`24h`, `7d`, `2w`, `90m`)
    /// or a time (RFC 3339, or a date such as 2025-03-14, read as midnight UTC).
    #[arg(long, value_name = "DURATION|TIME")]
    pub since: Option<String>,
    /// Only versions seen at or before this (same forms as --since; a date takes in that whole
    /// day, so `--since 2025-03-14 --until 2025-03-14` is the 14th).
    #[arg(long, value_name = "DURATION|TIME")]
    pub until: Option<String>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    pub format: ReportFormat,
    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Markdown,
    Json,
    /// One self-contained page: inline CSS, no scripts.
    Html,
    /// An Atom 1.0 feed of the changed versions, each entry carrying its diff.
    Atom,
}

#[derive(Debug, clap::Args)]
pub struct ReextractArgs {
    /// Articles to re-extract, by URL.
    #[arg(
        value_name = "URL",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub urls: Vec<String>,
    /// Re-extract every article in the archive.
    #[arg(long)]
    pub all: bool,
    #[arg(long, value_enum, default_value_t = DataFormat::Text)]
    pub format: DataFormat,
}

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    #[arg(long, value_enum, default_value_t = DataFormat::Text)]
    pub format: DataFormat,
}
