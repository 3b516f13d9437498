//! Page events: what happened to an article's page between two versions without making a
//! version, the page gone (HTTP 404 or 410) and its return. The archive keeps them as one line
//! each (see [`PageEvent::to_line`]); changelogs show them between the versions they fall
//! between.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

/// What happened to the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageEventKind {
    /// The page answered 404 or 410.
    Gone,
    /// The page answered again after it was gone.
    Back,
}

impl PageEventKind {
    pub fn name(self) -> &'static str {
        match self {
            PageEventKind::Gone => "gone",
            PageEventKind::Back => "back",
        }
    }
}

/// One page event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageEvent {
    pub event: PageEventKind,
    pub at: DateTime<FixedOffset>,
    /// The HTTP status of the fetch that saw it.
    pub status: u16,
    /// The version that was the latest one when it happened.
    pub after_version: u32,
}

impl PageEvent {
    /// The line the archive stores: `gone 2026-11-28T00:40:12+00:00 HTTP 410`.
    pub fn to_line(&self) -> String {
        format!(
            "{} {} HTTP {}",
            self.event.name(),
            self.at.to_rfc3339(),
            self.status
        )
    }

    /// A stored line read back, for the version it follows; None for a line that is not one.
    pub fn from_line(line: &str, after_version: u32) -> Option<PageEvent> {
        let mut words = line.split_whitespace();
        let event = match words.next()? {
            "gone" => PageEventKind::Gone,
            "back" => PageEventKind::Back,
            _ => return None,
        };
        let at = DateTime::parse_from_rfc3339(words.next()?).ok()?;
        if words.next()? != "HTTP" {
            return None;
        }
        let status = words.next()?.parse().ok()?;
        Some(PageEvent {
            event,
            at,
            status,
            after_version,
        })
    }

    /// What happened, as one sentence for a reader.
    pub fn sentence(&self) -> String {
        match self.event {
            PageEventKind::Gone => format!(
                "The page answered HTTP {}: taken down, or moved without a redirect. Version {} \
                 is the last one seen.",
                self.status, self.after_version
            ),
            PageEventKind::Back => format!(
                "The page answers again (HTTP {}) after it was gone.",
                self.status
            ),
        }
    }

    /// The event as a `CHANGELOG.md` section.
    pub fn to_markdown(&self) -> String {
        let when = self.at.format("%Y-%m-%d %H:%M %:z");
        let heading = match self.event {
            PageEventKind::Gone => "Gone",
            PageEventKind::Back => "Back",
        };
        format!("## {heading} · {when}\n\n- {}\n", self.sentence())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_reads_back_as_the_same_event_and_other_lines_are_ignored() {
        let event = PageEvent {
            event: PageEventKind::Gone,
            at: DateTime::parse_from_rfc3339("2026-11-28T00:40:12+01:00").unwrap(),
            status: 410,
            after_version: 3,
        };
        let line = event.to_line();
        assert_eq!(line, "gone 2026-11-28T00:40:12+01:00 HTTP 410");
        assert_eq!(PageEvent::from_line(&line, 3), Some(event));
        for other in [
            "",
            "moved 2026-11-28T00:40:12Z HTTP 301",
            "gone yesterday HTTP 404",
            "back 2026-11-28T00:40:12Z 200",
            "back 2026-11-28T00:40:12Z HTTP two",
        ] {
            assert_eq!(PageEvent::from_line(other, 1), None, "{other:?}");
        }
    }
}
