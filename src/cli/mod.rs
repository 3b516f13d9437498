//! Command-line arguments and dispatch. Each command lives in a sibling module and only wires
//! library stages together.

mod args;
mod diff;
mod extract;
mod monitor;
mod monitor_args;
mod progress;
mod read;
mod record;
mod reextract;
mod report;
mod verify;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use storydiff::archive::{Archive, ArticleKey};

pub use args::Args;
use args::Command;

/// How a command that ran to the end went.
pub enum Status {
    Ok,
    /// The command worked and found something wrong (e.g. `verify` found damage): exit code 1.
    ProblemsFound,
}

pub fn run(args: Args) -> Result<Status> {
    init_logging(args.verbose);
    let archive = args.archive;
    match args.command {
        Command::Extract(cmd) => extract::run(cmd),
        Command::Ingest(cmd) => record::run(&archive_dir(archive)?, cmd),
        Command::List(cmd) => read::list(&archive_dir(archive)?, cmd),
        Command::Log(cmd) => read::log(&archive_dir(archive)?, cmd),
        Command::Show(cmd) => read::show(&archive_dir(archive)?, cmd),
        Command::Changelog(cmd) => read::changelog(&archive_dir(archive)?, cmd),
        Command::Diff(cmd) => diff::run(archive, cmd),
        Command::Track(cmd) => monitor::track(&archive_dir(archive)?, cmd),
        Command::Untrack(cmd) => monitor::untrack(&archive_dir(archive)?, cmd),
        Command::Follow(cmd) => monitor::follow(&archive_dir(archive)?, cmd),
        Command::Unfollow(cmd) => monitor::unfollow(&archive_dir(archive)?, cmd),
        Command::Check(cmd) => monitor::check(&archive_dir(archive)?, cmd),
        Command::Watch(cmd) => monitor::watch(&archive_dir(archive)?, cmd),
        Command::Report(cmd) => report::run(&archive_dir(archive)?, cmd),
        Command::Reextract(cmd) => reextract::run(&archive_dir(archive)?, cmd),
        Command::Verify(cmd) => verify::run(&archive_dir(archive)?, cmd),
    }
}

/// `tracing` logs on stderr: our warnings by default, more with -v, everything (the HTML
/// parser's complaints about a page's markup included) with -vv, or whatever RUST_LOG says.
fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "storydiff=warn",
        1 => "storydiff=info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(|| progress::LogWriter)
        .with_ansi(
            std::io::IsTerminal::is_terminal(&std::io::stderr())
                && std::env::var_os("NO_COLOR").is_none(),
        )
        .with_target(false)
        .try_init();
}

/// The archive directory: `--archive`, `STORYDIFF_ARCHIVE`, or the per-user data directory.
fn archive_dir(flag: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(dir) = flag {
        return Ok(dir);
    }
    match dirs::data_dir() {
        Some(data) => Ok(data.join("storydiff")),
        None => {
            bail!("no --archive given and no per-user data directory is known; pass --archive DIR")
        }
    }
}

/// Open an existing archive for reading.
fn open(dir: &Path) -> Result<Archive> {
    Ok(Archive::open(dir)?)
}

/// The recorded article with the URL given on the command line: its own URL, or any URL that
/// tracking learned leads to it (redirects, tracking parameters, the URL first given).
fn find_article(archive: &Archive, url: &str) -> Result<ArticleKey> {
    let parsed = parse_url(url)?;
    match archive.find_by_url(&parsed) {
        Err(storydiff::archive::ArchiveError::UnknownArticle(_)) => {
            let paths = storydiff::track::Paths::new(archive.path());
            let state = storydiff::track::state::State::load(&paths.state)?;
            let clean = storydiff::fetch::identity::clean(&parsed);
            let story = state
                .story_for(parsed.as_str())
                .or_else(|| state.story_for(clean.as_str()))
                .and_then(|s| url::Url::parse(s).ok());
            match story {
                Some(story) => Ok(archive.find_by_url(&story)?),
                None => Ok(archive.find_by_url(&parsed)?),
            }
        }
        other => Ok(other?),
    }
}

/// An absolute http(s) URL, or a clear error naming it.
fn parse_url(text: &str) -> Result<url::Url> {
    let url = match url::Url::parse(text) {
        Err(url::ParseError::RelativeUrlWithoutBase) if !text.contains("://") => {
            bail!("invalid URL {text:?}: it has no scheme; did you mean \"https://{text}\"?")
        }
        parsed => parsed.with_context(|| format!("invalid URL {text:?}"))?,
    };
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        bail!("invalid URL {text:?}: expected an http:// or https:// address");
    }
    Ok(url)
}

/// Print to stdout, treating a closed pipe (`| head`) as success.
fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}
