//! Commit messages: the changelog entry, a blank line, then storydiff's trailers.
//!
//! We parse the trailer block ourselves instead of using libgit2's parser: git stops looking for
//! trailers at a `---` line, and a Markdown changelog entry may well contain one.

use chrono::{DateTime, FixedOffset};

use super::VersionInfo;
use super::{
    BECAUSE_FILTERS, TRAILER_CONTENT, TRAILER_CONTENT_TYPE, TRAILER_PREVIOUS, TRAILER_RAW,
    TRAILER_REEXTRACTED, TRAILER_REEXTRACTED_BECAUSE, TRAILER_URL, TRAILER_VERSION,
};

/// The message for a new version's commit.
pub(super) fn compose(entry: &str, trailers: &[(&str, &str)]) -> String {
    let mut message = entry.trim().to_string();
    message.push_str("\n\n");
    for (key, value) in trailers {
        message.push_str(key);
        message.push_str(": ");
        message.push_str(value);
        message.push('\n');
    }
    message
}

/// Split a message into its entry and its trailers (empty when the last paragraph is not one).
pub(super) fn split(message: &str) -> (&str, Vec<(&str, &str)>) {
    let message = message.trim_end();
    let (entry, block) = match message.rfind("\n\n") {
        Some(at) => (&message[..at], &message[at + 2..]),
        None => return (message, Vec::new()),
    };
    let mut trailers = Vec::new();
    for line in block.lines() {
        match line.split_once(": ") {
            Some((key, value))
                if !key.is_empty()
                    && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') =>
            {
                trailers.push((key, value.trim()));
            }
            _ => return (message, Vec::new()),
        }
    }
    (entry.trim_end(), trailers)
}

/// What one version's commit says about itself.
#[derive(Debug, Clone)]
pub(super) struct Parsed {
    pub info: VersionInfo,
    pub url: String,
}

/// Read a version commit's message and time; `Err` says what is wrong, for a problem line.
pub(super) fn parse_commit(commit: &git2::Commit<'_>) -> Result<Parsed, String> {
    let message = std::str::from_utf8(commit.message_bytes())
        .map_err(|_| "commit message is not UTF-8".to_string())?;
    let (entry, trailers) = split(message);
    let get = |key: &str| trailers.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let need = |key: &str| get(key).ok_or_else(|| format!("no {key} trailer"));
    let version_text = need(TRAILER_VERSION)?;
    let version = version_text
        .parse::<u32>()
        .ok()
        .filter(|v| *v > 0)
        .ok_or_else(|| {
            format!("{TRAILER_VERSION} trailer {version_text:?} is not a version number")
        })?;
    let time = commit.time();
    let seen_at = commit_time(time.seconds(), time.offset_minutes())
        .ok_or_else(|| "commit time is out of range".to_string())?;
    Ok(Parsed {
        info: VersionInfo {
            version,
            seen_at,
            content_sha256: need(TRAILER_CONTENT)?.to_string(),
            raw_sha256: need(TRAILER_RAW)?.to_string(),
            previous_content_sha256: get(TRAILER_PREVIOUS).map(str::to_string),
            commit: commit.id().to_string(),
            reextracted_from: match get(TRAILER_REEXTRACTED) {
                None => None,
                Some(text) => Some(text.parse::<u32>().map_err(|_| {
                    format!("{TRAILER_REEXTRACTED} trailer {text:?} is not a version number")
                })?),
            },
            filters_changed: get(TRAILER_REEXTRACTED).is_some()
                && get(TRAILER_REEXTRACTED_BECAUSE) == Some(BECAUSE_FILTERS),
            content_type: get(TRAILER_CONTENT_TYPE).map(str::to_string),
            entry: entry.to_string(),
        },
        url: need(TRAILER_URL)?.to_string(),
    })
}

/// A commit's time as a date with its offset; None when out of chrono's range.
pub(super) fn commit_time(seconds: i64, offset_minutes: i32) -> Option<DateTime<FixedOffset>> {
    let offset = FixedOffset::east_opt(offset_minutes.checked_mul(60)?)?;
    Some(DateTime::from_timestamp(seconds, 0)?.with_timezone(&offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compose_then_split_round_trips() {
        let message = compose(
            "  Headline changed.\n\n---\n\nKey: value in the entry  \n",
            &[("Version", "2"), ("Content-SHA256", "ab")],
        );
        assert_eq!(
            message,
            "Headline changed.\n\n---\n\nKey: value in the entry\n\nVersion: 2\nContent-SHA256: ab\n"
        );
        let (entry, trailers) = split(&message);
        assert_eq!(entry, "Headline changed.\n\n---\n\nKey: value in the entry");
        assert_eq!(trailers, vec![("Version", "2"), ("Content-SHA256", "ab")]);
    }

    #[test]
    fn a_message_without_trailers_is_all_entry() {
        assert_eq!(
            split("Just text\n\nmore text\n"),
            ("Just text\n\nmore text", vec![])
        );
        assert_eq!(split("one line"), ("one line", vec![]));
    }

    #[test]
    fn commit_time_keeps_the_offset() {
        let t = commit_time(1_734_449_400, 120).expect("in range");
        assert_eq!(t.to_rfc3339(), "2024-12-17T17:30:00+02:00");
        assert!(commit_time(0, i32::MAX).is_none());
    }
}
