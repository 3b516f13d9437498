//! What a pass reports: one event per fetch (the lines of `check --format jsonl`) and the
//! counts of its summary line.

use serde::Serialize;

/// What happened to one fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Recorded,
    Unchanged,
    NotModified,
    Gone,
    Back,
    Quarantined,
    Failed,
    Paused,
    Disallowed,
    Discovered,
    Finished,
    NotRun,
}

/// One line of `check --format jsonl`.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub event: EventKind,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub final_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub summary: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// New articles found in a feed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub found: Vec<String>,
    pub ms: u64,
}

impl Event {
    pub(super) fn new(event: EventKind, url: &str, ms: u64) -> Event {
        Event {
            event,
            url: url.to_string(),
            final_url: None,
            status: None,
            version: None,
            summary: Vec::new(),
            reason: None,
            found: Vec::new(),
            ms,
        }
    }
}

/// Counts for the summary line.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub articles: usize,
    pub feeds: usize,
    pub recorded: usize,
    pub unchanged: usize,
    pub not_modified: usize,
    pub gone: usize,
    pub quarantined: usize,
    pub failed: usize,
    pub disallowed: usize,
    pub discovered: usize,
    pub not_run: usize,
    pub seconds: f64,
}

impl Summary {
    pub(super) fn count(&mut self, kind: EventKind) {
        match kind {
            EventKind::Recorded => self.recorded += 1,
            EventKind::Unchanged => self.unchanged += 1,
            EventKind::NotModified => self.not_modified += 1,
            EventKind::Gone => self.gone += 1,
            EventKind::Quarantined => self.quarantined += 1,
            EventKind::Failed | EventKind::Paused => self.failed += 1,
            EventKind::Disallowed => self.disallowed += 1,
            EventKind::NotRun => self.not_run += 1,
            EventKind::Back | EventKind::Discovered | EventKind::Finished => {}
        }
    }
}
