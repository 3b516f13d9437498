//! `storydiff ingest`: saved pages recorded as versions.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, FixedOffset, Utc};
use serde::Serialize;

use storydiff::archive::{Archive, ArticleKey};
use storydiff::article::Article;
use storydiff::record::{Observation, Outcome, record_article};

use super::args::{DataFormat, IngestArgs};
use super::extract::extract_file;
use super::{Status, parse_url, print, to_json};

/// How long a second writer waits for the first before giving up.
const LOCK_WAIT: Duration = Duration::from_secs(10);

#[derive(Serialize)]
struct Line<'a> {
    file: String,
    outcome: &'a str,
    version: u32,
    content_sha256: String,
    summary: Vec<String>,
}

pub fn run(dir: &Path, args: IngestArgs) -> Result<Status> {
    let url = story_url(dir, &parse_url(&args.url)?)?;
    let times = seen_times(&args.at, args.files.len())?;
    // Read and extract every page before touching the archive, so bad input changes nothing.
    let mut pages: Vec<(PathBuf, Vec<u8>, Article)> = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let (raw, article) = extract_file(path, Some(&url))?;
        pages.push((path.clone(), raw, article));
    }

    let archive = Archive::open_or_create(dir)?;
    let lock = archive.lock(LOCK_WAIT)?;
    if let (Some(latest), Some(first)) =
        (archive.latest(&ArticleKey::from_url(&url))?, times.first())
        && *first < latest.seen_at
    {
        bail!(
            "--at {} is before version {}, seen {}: versions are recorded oldest first, so \
             nothing was recorded",
            first.to_rfc3339(),
            latest.version,
            latest.seen_at.to_rfc3339()
        );
    }
    let mut lines = Vec::with_capacity(pages.len());
    for ((path, raw, article), seen_at) in pages.iter().zip(times) {
        let page = Observation {
            url: &url,
            raw,
            seen_at,
            content_type: None,
        };
        let outcome = record_article(&archive, &lock, &page, article)?;
        let file = path.display().to_string();
        let line = match &outcome {
            Outcome::Recorded(entry) => Line {
                file,
                outcome: "recorded",
                version: entry.version,
                content_sha256: entry.content_sha256.clone(),
                summary: entry.summary.clone(),
            },
            Outcome::Unchanged { version } => Line {
                file,
                outcome: "unchanged",
                version: *version,
                content_sha256: article.content_sha256(),
                summary: Vec::new(),
            },
        };
        if args.format == DataFormat::Text {
            // Report each version as soon as it is committed.
            print(&text_line(&line))?;
        }
        lines.push(line);
    }
    if args.format == DataFormat::Json {
        print(&to_json(&lines)?)?;
    }
    Ok(Status::Ok)
}

fn text_line(line: &Line<'_>) -> String {
    match line.outcome {
        "recorded" => format!(
            "{}: recorded as version {}: {}\n",
            line.file,
            line.version,
            line.summary
                .first()
                .map(String::as_str)
                .unwrap_or("no visible change")
        ),
        _ => format!(
            "{}: unchanged (same content as version {})\n",
            line.file, line.version
        ),
    }
}

/// The URL to record under: the one given when the archive already has a history for it,
/// else the story it is an alias of in the tracking state, else the URL without its fragment
/// and tracking parameters, as `track` would key it. Two spellings of one story must not make
/// two histories.
fn story_url(dir: &Path, given: &url::Url) -> Result<url::Url> {
    let clean = storydiff::fetch::identity::clean(given);
    let Ok(archive) = Archive::open(dir) else {
        return Ok(clean);
    };
    if archive.latest(&ArticleKey::from_url(given))?.is_some() {
        return Ok(given.clone());
    }
    let state = storydiff::track::state::State::load(&storydiff::track::Paths::new(dir).state)?;
    let story = state
        .story_for(given.as_str())
        .or_else(|| state.story_for(clean.as_str()))
        .and_then(|s| url::Url::parse(s).ok());
    Ok(story.unwrap_or(clean))
}

/// One time per file, oldest first: none (now), one for all, or one each.
fn seen_times(given: &[String], files: usize) -> Result<Vec<DateTime<FixedOffset>>> {
    let parsed = given
        .iter()
        .map(|t| {
            DateTime::parse_from_rfc3339(t).with_context(|| {
                format!("invalid --at time {t:?}: expected RFC 3339, e.g. 2025-03-14T07:10:00Z")
            })
        })
        .collect::<Result<Vec<_>>>()?;
    if let Some(pair) = parsed.windows(2).find(|pair| pair[1] < pair[0]) {
        bail!(
            "--at {} comes after --at {}: give the files and their times oldest first",
            pair[1].to_rfc3339(),
            pair[0].to_rfc3339()
        );
    }
    match parsed.len() {
        0 => Ok(vec![Utc::now().fixed_offset(); files]),
        1 => Ok(vec![parsed[0]; files]),
        n if n == files => Ok(parsed),
        n => bail!("--at was given {n} times for {files} files: give it once, or once per file"),
    }
}
