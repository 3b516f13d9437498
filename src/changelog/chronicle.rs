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
    /// storydiff re-extracted the page archived with `from_version`: with a newer extractor,
    /// or, when `filters_changed`, with the article's new `--select`/`--ignore`/`--ignore-text`.
    /// Either way the flag is `extractor-upgrade`, which readers already know is not a
    /// publisher edit; only its sentence names the cause.
    ExtractorUpgrade {
        from_version: u32,
        extractor: String,
        filters_changed: bool,
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
        self.next_hashed(version, seen_at, article, None, origin)
    }

    /// [`Chronicle::next`] with the article's content hash when the caller has it already.
    pub fn next_hashed(
        &mut self,
        version: u32,
        seen_at: DateTime<FixedOffset>,
        article: &Article,
        content_sha256: Option<String>,
        origin: &Origin,
    ) -> (Entry, Option<ChangeSet>) {
        let (entry, changes) = match &self.previous {
            None => (Entry::first(article, seen_at), None),
            Some(previous) => {
                let changes = diff::diff(previous, article);
                // The previous version's hash is the one its entry recorded.
                let previous_sha256 = match self.seen.last() {
                    Some(seen) => seen.content_sha256.clone(),
                    None => previous.content_sha256(),
                };
                let content_sha256 = content_sha256.unwrap_or_else(|| article.content_sha256());
                let mut entry = Entry::from_changes_hashed(
                    version,
                    seen_at,
                    previous_sha256,
                    article,
                    content_sha256,
                    &changes,
                );
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
                        filters_changed,
                    } => {
                        entry.note_checks.clear();
                        let cause = if *filters_changed {
                            " because the article's filters (--select, --ignore, --ignore-text) changed"
                        } else {
                            ""
                        };
                        entry.flags = vec![Flag {
                            kind: FlagKind::ExtractorUpgrade,
                            explanation: format!(
                                "storydiff re-extracted the page archived with version {from_version} using {extractor}{cause}; the publisher did not change it."
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Block, Note, NoteKind, NotePosition};
    use crate::changelog::{FlagKind, Item, collapse};

    fn at(hour: u32) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("2025-05-07T{hour:02}:00:00Z")).unwrap()
    }

    fn story(title: &str) -> Article {
        Article {
            title: title.into(),
            blocks: vec![
                Block::paragraph(
                    "The council approved the tram extension early on Wednesday after a long debate.",
                ),
                Block::paragraph(
                    "Councillors voted 27 to 14 in favour of the 310 million euro plan.",
                ),
                Block::paragraph("Construction is expected to start next spring near the station."),
            ],
            ..Article::default()
        }
    }

    fn note(text: &str) -> Note {
        Note {
            kind: NoteKind::Update,
            text: text.into(),
            position: NotePosition::Bottom,
        }
    }

    /// Entries for `versions`, all from the publisher, one hour apart.
    fn entries(versions: &[Article]) -> Vec<crate::changelog::Entry> {
        let mut chronicle = Chronicle::new();
        versions
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let n = i as u32 + 1;
                chronicle.next(n, at(n), a, &Origin::Publisher).0
            })
            .collect()
    }

    fn kinds(entry: &crate::changelog::Entry) -> Vec<FlagKind> {
        entry.flags.iter().map(|f| f.kind).collect()
    }

    #[test]
    fn an_edit_without_a_note_is_undisclosed_and_with_one_is_not() {
        let v1 = story("Tram vote");
        let mut v2 = v1.clone();
        v2.blocks[1].text =
            "Councillors voted 28 to 13 in favour of the 310 million euro plan.".into();
        let mut v3 = v2.clone();
        v3.blocks.push(Block::paragraph(
            "The mayor said the vote was a turning point for the city.",
        ));
        v3.notes
            .push(note("Updated to add the mayor's comments on the vote."));
        let e = entries(&[v1, v2, v3]);
        assert!(e[0].flags.is_empty());
        assert_eq!(kinds(&e[1]), vec![FlagKind::Undisclosed]);
        assert!(e[1].to_markdown().contains(
            "- **undisclosed**: The story changed in substance and the publisher added no note saying so."
        ));
        assert!(e[2].flags.is_empty(), "{:?}", e[2].flags);
        assert_eq!(e[2].note_checks.len(), 1);
        assert_eq!(
            e[2].note_checks[0].verdict,
            crate::changelog::Verdict::Supported
        );
    }

    #[test]
    fn a_note_with_an_unchanged_body_is_note_without_change() {
        let v1 = story("Tram vote");
        let mut v2 = v1.clone();
        v2.notes.push(note("Updated to correct the vote count."));
        let e = entries(&[v1, v2]);
        assert_eq!(kinds(&e[1]), vec![FlagKind::NoteWithoutChange]);
        assert!(e[1].flags[0].explanation.contains("claims a change"));
        assert_eq!(
            e[1].note_checks[0].verdict,
            crate::changelog::Verdict::NotSupported
        );
    }

    #[test]
    fn returning_to_earlier_content_is_a_revert_naming_the_version() {
        let v1 = story("Tram vote");
        let mut v2 = v1.clone();
        v2.blocks.remove(2);
        let v3 = v1.clone();
        let e = entries(&[v1, v2, v3]);
        assert!(!e[1].has_flag(FlagKind::Revert));
        let revert = e[2]
            .flags
            .iter()
            .find(|f| f.kind == FlagKind::Revert)
            .unwrap();
        assert_eq!(revert.version, Some(1));
        assert!(
            revert.explanation.starts_with(
                "The content is identical to version 1 (seen 2025-05-07 01:00 +00:00)"
            )
        );
    }

    #[test]
    fn alternating_headlines_are_variants_and_runs_collapse() {
        let (a, b) = (
            "Council approves tram",
            "Tram line approved after late vote",
        );
        let versions: Vec<Article> = [a, b, a, b, a, b].iter().map(|t| story(t)).collect();
        let e = entries(&versions);
        // A new headline is a plain change; going back to one already seen is a variant.
        assert!(!e[1].has_flag(FlagKind::Variant));
        assert_eq!(
            e[1].flags.first().map(|f| f.kind),
            Some(FlagKind::Undisclosed)
        );
        for entry in &e[2..] {
            assert!(entry.has_flag(FlagKind::Variant), "{entry:?}");
            assert!(!entry.has_flag(FlagKind::Undisclosed), "{entry:?}");
        }
        assert_eq!(
            e[2].flags
                .iter()
                .find(|f| f.kind == FlagKind::Variant)
                .unwrap()
                .version,
            Some(1)
        );
        assert_eq!(
            e[3].flags
                .iter()
                .find(|f| f.kind == FlagKind::Variant)
                .unwrap()
                .version,
            Some(2)
        );
        let items = collapse(&e);
        assert_eq!(items.len(), 3, "{items:?}");
        let Item::Variants(run) = &items[2] else {
            panic!("{items:?}")
        };
        assert_eq!((run.first_version, run.last_version), (3, 6));
        assert_eq!(run.headlines, vec![(a.to_string(), 2), (b.to_string(), 2)]);
        let line = run.line();
        assert!(line.contains("alternated 4 times"), "{line}");
        assert!(
            line.contains("first seen 2025-05-07 03:00 +00:00, last seen 2025-05-07 06:00 +00:00"),
            "{line}"
        );
        let md = crate::changelog::to_markdown("https://x.example/a", b, &e);
        assert_eq!(md.matches("## Version").count(), 3, "{md}");
        assert!(md.contains("## Versions 3–6 · headline variants"), "{md}");
    }

    #[test]
    fn a_lone_variant_stays_an_entry() {
        let versions: Vec<Article> = ["A one", "B two", "A one"]
            .iter()
            .map(|t| story(t))
            .collect();
        let e = entries(&versions);
        assert!(collapse(&e).iter().all(|i| matches!(i, Item::Entry(_))));
        assert!(e[2].to_markdown().contains("**variant**"));
    }

    #[test]
    fn a_reextraction_is_an_extractor_upgrade_and_nothing_else() {
        let v1 = story("Tram vote");
        let mut v2 = v1.clone();
        v2.blocks.push(Block::paragraph(
            "A paragraph the old extractor missed entirely.",
        ));
        let mut chronicle = Chronicle::new();
        chronicle.next(1, at(1), &v1, &Origin::Publisher);
        let origin = Origin::ExtractorUpgrade {
            from_version: 1,
            extractor: "storydiff/9".into(),
            filters_changed: false,
        };
        let (entry, changes) = chronicle.next(2, at(2), &v2, &origin);
        assert!(changes.is_some());
        assert_eq!(kinds(&entry), vec![FlagKind::ExtractorUpgrade]);
        assert!(
            entry.flags[0]
                .explanation
                .contains("version 1 using storydiff/9")
        );
        assert!(
            entry
                .headline()
                .starts_with("Version 2: re-extracted by storydiff: Added 1 paragraph")
        );

        // New filters, not a new extractor: the flag is the same, its sentence says why.
        let mut v3 = v2.clone();
        v3.blocks.pop();
        let origin = Origin::ExtractorUpgrade {
            from_version: 2,
            extractor: "storydiff/9".into(),
            filters_changed: true,
        };
        let (entry, _) = chronicle.next(3, at(3), &v3, &origin);
        assert_eq!(kinds(&entry), vec![FlagKind::ExtractorUpgrade]);
        assert!(
            entry.flags[0].explanation.contains("filters"),
            "{}",
            entry.flags[0].explanation
        );
    }
}
