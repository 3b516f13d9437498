//! An article's versions, oldest first, turned into changelog entries with every flag.
//!
//! A [`Chronicle`] remembers what it has seen (content hashes, headlines, the previous Article), so
//! each new entry can be checked against the whole history: `revert` and `variant` need it.

use chrono::{DateTime, FixedOffset};

use crate::article::Article;
use crate::diff::{self, ChangeSet};

use super::Entry;
use super::flags::{self, Flag, FlagKind, Seen};

/// Who made a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Seen on the publisher's page.
    Publisher,
    /// storydiff re-extracted the page archived with `from_version` using a newer extractor.
    ExtractorUpgrade {
        from_version: u32,
        extractor: String,
    },
}

/// Entries for one article, built version by version.
#[derive(Debug, Default)]
pub struct Chronicle {
    seen: Vec<Seen>,
    previous: Option<Article>,
}

impl Chronicle {
    pub fn new() -> Chronicle {
        Chronicle::default()
    }

    /// The previous version's Article, if any.
    pub fn previous(&self) -> Option<&Article> {
        self.previous.as_ref()
    }

    /// The entry for the next version, and the diff it came from (None for the first version).
    pub fn next(
        &mut self,
        version: u32,
        seen_at: DateTime<FixedOffset>,
        article: &Article,
        origin: &Origin,
    ) -> (Entry, Option<ChangeSet>) {
        let (entry, changes) = match &self.previous {
            None => (Entry::first(article, seen_at), None),
            Some(previous) => {
                let changes = diff::diff(previous, article);
                let mut entry = Entry::from_changes(version, seen_at, previous, article, &changes);
                match origin {
                    Origin::Publisher => {
                        let mut history = flags::history_flags(
                            &entry.content_sha256,
                            &article.title,
                            &changes,
                            &self.seen,
                        );
                        entry.flags.append(&mut history);
                        if flags::variant_only(&entry.flags, &changes) {
                            // A headline test is reported as a variant, not as a hidden edit.
                            entry.flags.retain(|f| f.kind != FlagKind::Undisclosed);
                        }
                    }
                    Origin::ExtractorUpgrade {
                        from_version,
                        extractor,
                    } => {
                        entry.note_checks.clear();
                        entry.flags = vec![Flag {
                            kind: FlagKind::ExtractorUpgrade,
                            explanation: format!(
                                "storydiff re-extracted the page archived with version {from_version} using {extractor}; the publisher did not change it."
                            ),
                            version: Some(*from_version),
                        }];
                    }
                }
                (entry, Some(changes))
            }
        };
        self.seen.push(Seen {
            version,
            seen_at,
            content_sha256: entry.content_sha256.clone(),
            title: article.title.clone(),
        });
        self.previous = Some(article.clone());
        (entry, changes)
    }
}
