//! `storydiff reextract`: archived pages read again by the current extractor.

use std::path::Path;
use std::time::Duration;

use anyhow::{Result, bail};
use chrono::Utc;
use serde::Serialize;

use storydiff::archive::ArticleKey;
use storydiff::record::Outcome;
use storydiff::reextract::reextract;
use storydiff::track::Paths;
use storydiff::track::sources::Sources;

use super::args::{DataFormat, ReextractArgs};
use super::{Status, find_article, open, print, to_json};

const LOCK_WAIT: Duration = Duration::from_secs(10);

#[derive(Serialize)]
struct Line {
    url: String,
    outcome: &'static str,
    version: u32,
    summary: Vec<String>,
}

pub fn run(dir: &Path, args: ReextractArgs) -> Result<Status> {
    let archive = open(dir)?;
    // Resolve every article before writing, so a wrong URL changes nothing.
    let keys: Vec<(String, ArticleKey)> = if args.all {
        archive
            .articles()?
            .into_iter()
            .map(|a| (a.url, a.key))
            .collect()
    } else {
        args.urls
            .iter()
            .map(|u| Ok((u.clone(), find_article(&archive, u)?)))
            .collect::<Result<_>>()?
    };
    // Each page is read with the filters it is tracked with, as monitoring reads it.
    let sources = Sources::load(&Paths::new(dir).sources)?;
    let lock = archive.lock(LOCK_WAIT)?;
    let now = Utc::now().fixed_offset();
    let mut lines = Vec::new();
    let mut failed = Vec::new();
    for (url, key) in keys {
        match reextract(&archive, &lock, &key, now, &sources) {
            Ok(Outcome::Recorded(entry)) => lines.push(Line {
                url,
                outcome: "recorded",
                version: entry.version,
                summary: entry.summary.clone(),
            }),
            Ok(Outcome::Unchanged { version }) => lines.push(Line {
                url,
                outcome: "unchanged",
                version,
                summary: Vec::new(),
            }),
            Err(err) => failed.push(format!("{url}: {err}")),
        }
    }
    match args.format {
        DataFormat::Json => print(&to_json(&lines)?)?,
        DataFormat::Text => {
            let mut out = String::new();
            for line in &lines {
                out.push_str(&match line.outcome {
                    "recorded" => format!(
                        "{}: recorded as version {} (extractor upgrade): {}\n",
                        line.url,
                        line.version,
                        line.summary
                            .first()
                            .map_or("no visible change", String::as_str)
                    ),
                    _ => format!(
                        "{}: unchanged (the current extractor agrees with version {})\n",
                        line.url, line.version
                    ),
                });
            }
            print(&out)?;
        }
    }
    if !failed.is_empty() {
        bail!("re-extraction failed for {}", failed.join("; "));
    }
    Ok(Status::Ok)
}
