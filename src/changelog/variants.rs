//! Headline A/B tests: consecutive entries that only switch between headlines already seen
//! collapse into one item with counts and first/last seen times, instead of flooding the log.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::{Entry, FlagKind};

/// Shortest run of variant-only entries that is collapsed.
const MIN_RUN: usize = 2;

/// One item of a changelog as shown: an entry, or a run of headline variants.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "item", rename_all = "snake_case")]
pub enum Item<'a> {
    Entry(&'a Entry),
    Variants(VariantRun),
}

/// Several versions that only alternated the headline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VariantRun {
    pub first_version: u32,
    pub last_version: u32,
    pub first_seen: DateTime<FixedOffset>,
    pub last_seen: DateTime<FixedOffset>,
    /// Each headline shown in the run with how many versions showed it, most shown first.
    pub headlines: Vec<(String, usize)>,
}

/// True for an entry whose only change is a return to a headline already seen.
fn variant_only(entry: &Entry) -> bool {
    entry.has_flag(FlagKind::Variant)
        && entry.summary.len() == 1
        && entry.notes_added.is_empty()
        && entry.notes_removed.is_empty()
}

/// The entries (oldest first) as items, runs of [`MIN_RUN`] or more variant-only entries
/// collapsed.
pub fn collapse(entries: &[Entry]) -> Vec<Item<'_>> {
    let mut items = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let run = entries[i..].iter().take_while(|e| variant_only(e)).count();
        if run >= MIN_RUN {
            items.push(Item::Variants(VariantRun::of(&entries[i..i + run])));
            i += run;
        } else {
            items.push(Item::Entry(&entries[i]));
            i += 1;
        }
    }
    items
}

impl VariantRun {
    fn of(entries: &[Entry]) -> VariantRun {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for entry in entries {
            *counts.entry(entry.title.as_str()).or_default() += 1;
        }
        let mut headlines: Vec<(String, usize)> = counts
            .into_iter()
            .map(|(t, n)| (t.to_string(), n))
            .collect();
        headlines.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let (first, last) = (&entries[0], &entries[entries.len() - 1]);
        VariantRun {
            first_version: first.version,
            last_version: last.version,
            first_seen: first.seen_at,
            last_seen: last.seen_at,
            headlines,
        }
    }

    /// The one line that stands for the run.
    pub fn line(&self) -> String {
        let shown: Vec<String> = self
            .headlines
            .iter()
            .map(|(title, n)| {
                format!(
                    "“{title}” ({})",
                    if *n == 1 {
                        "once".to_string()
                    } else {
                        format!("{n} times")
                    }
                )
            })
            .collect();
        format!(
            "Headline alternated {} times between {}, first seen {}, last seen {}.",
            self.last_version - self.first_version + 1,
            shown.join(" and "),
            self.first_seen.format("%Y-%m-%d %H:%M %:z"),
            self.last_seen.format("%Y-%m-%d %H:%M %:z")
        )
    }

    /// The run as a `CHANGELOG.md` section.
    pub fn to_markdown(&self) -> String {
        format!(
            "## Versions {}–{} · headline variants\n\n- {}\n\nFlags:\n\n- **variant**: the publisher switched between headlines already seen, as in an A/B test; these versions changed nothing else.\n",
            self.first_version,
            self.last_version,
            self.line()
        )
    }
}
