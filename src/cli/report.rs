//! `storydiff report`: a report across the archive in Markdown, JSON, HTML or Atom.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, Utc};

use storydiff::report::{self, Window};

use super::args::{ReportArgs, ReportFormat};
use super::{Status, open, print, to_json};

pub fn run(dir: &Path, args: ReportArgs) -> Result<Status> {
    let now = Utc::now().fixed_offset();
    let window = Window {
        since: args
            .since
            .as_deref()
            .map(|t| point_in_time(t, now, Day::Start).context("invalid --since"))
            .transpose()?,
        until: args
            .until
            .as_deref()
            .map(|t| point_in_time(t, now, Day::End).context("invalid --until"))
            .transpose()?,
    };
    if let (Some(since), Some(until)) = (window.since, window.until)
        && since > until
    {
        bail!("--since ({since}) is after --until ({until})");
    }
    let archive = open(dir)?;
    let collected = report::collect(&archive, window)?;
    let text = match args.format {
        ReportFormat::Markdown => report::markdown::render(&collected),
        ReportFormat::Json => to_json(&collected)?,
        ReportFormat::Html => report::html::render(&collected),
        ReportFormat::Atom => report::atom::render(&report::feed::report(&collected)),
    };
    match &args.output {
        None => print(&text)?,
        Some(path) => write_file(path, &text)?,
    }
    Ok(Status::Ok)
}

/// Write `text` to `path` through a temporary file beside it, so a reader never sees half a file.
fn write_file(path: &Path, text: &str) -> Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .with_context(|| format!("--output {}: not a file name", path.display()))?;
    let tmp = parent.join(format!(".{}.tmp", name.to_string_lossy()));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(err) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(err).with_context(|| format!("cannot write {}", path.display()));
    }
    Ok(())
}

/// Which end of a day a bare date stands for.
#[derive(Clone, Copy)]
enum Day {
    /// Midnight: `--since 2025-03-14` takes in the whole of the 14th.
    Start,
    /// The last instant: `--until 2025-03-14` takes in the whole of the 14th too.
    End,
}

/// A `--since`/`--until` value: a duration back from `now`, an RFC 3339 time or a date (UTC).
fn point_in_time(
    text: &str,
    now: DateTime<FixedOffset>,
    edge: Day,
) -> Result<DateTime<FixedOffset>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t);
    }
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let midnight = day
            .and_time(chrono::NaiveTime::MIN)
            .and_utc()
            .fixed_offset();
        return Ok(match edge {
            Day::Start => midnight,
            Day::End => midnight + TimeDelta::days(1) - TimeDelta::nanoseconds(1),
        });
    }
    let back = duration(text).with_context(|| {
        format!(
            "{text:?} is neither a duration (24h, 7d, 2w, 90m, 1d12h) nor a time (RFC 3339 or YYYY-MM-DD)"
        )
    })?;
    now.checked_sub_signed(back)
        .with_context(|| format!("{text:?} reaches back too far"))
}

/// "90m", "24h", "7d", "2w", "1d12h", "30s": whole numbers with a unit each.
fn duration(text: &str) -> Option<TimeDelta> {
    let mut total = TimeDelta::zero();
    let mut digits = String::new();
    let mut any = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let n: i64 = digits.parse().ok()?;
        digits.clear();
        let part = match c {
            's' => TimeDelta::try_seconds(n)?,
            'm' => TimeDelta::try_minutes(n)?,
            'h' => TimeDelta::try_hours(n)?,
            'd' => TimeDelta::try_days(n)?,
            'w' => TimeDelta::try_weeks(n)?,
            _ => return None,
        };
        total = total.checked_add(&part)?;
        any = true;
    }
    (any && digits.is_empty()).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_times_and_dates() {
        let now = DateTime::parse_from_rfc3339("2025-03-15T12:00:00Z").unwrap();
        let at = |t| point_in_time(t, now, Day::Start).unwrap().to_rfc3339();
        assert_eq!(at("24h"), "2025-03-14T12:00:00+00:00");
        assert_eq!(at("1d12h"), "2025-03-14T00:00:00+00:00");
        assert_eq!(at("2w"), "2025-03-01T12:00:00+00:00");
        assert_eq!(at("2025-03-14"), "2025-03-14T00:00:00+00:00");
        assert_eq!(at("2025-03-14T07:30:00+01:00"), "2025-03-14T07:30:00+01:00");
        for bad in ["", "7", "7y", "d", "yesterday", "99999999999999999999d"] {
            assert!(point_in_time(bad, now, Day::Start).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_date_as_the_end_of_a_window_includes_that_whole_day() {
        let now = DateTime::parse_from_rfc3339("2025-03-15T12:00:00Z").unwrap();
        let until = |t| point_in_time(t, now, Day::End).unwrap();
        assert_eq!(
            until("2025-03-14").to_rfc3339_opts(chrono::SecondsFormat::Nanos, true),
            "2025-03-14T23:59:59.999999999Z"
        );
        // Times and durations are exact, whichever end they stand for.
        assert_eq!(until("24h").to_rfc3339(), "2025-03-14T12:00:00+00:00");
        assert_eq!(
            until("2025-03-14T07:30:00Z").to_rfc3339(),
            "2025-03-14T07:30:00+00:00"
        );
    }
}
