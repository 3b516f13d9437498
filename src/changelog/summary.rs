//! storydiff's own account of a ChangeSet: one line per meaningful change, in newsroom idiom.

use crate::article::{Block, BlockKind, word_count};
use crate::diff::{BlockChange, ChangeSet, Field, FieldChange, InlineTag};

use super::{plural, truncate_chars};

/// Longest quote of changed text in a summary line, in characters.
const QUOTE_CHARS: usize = 90;
/// Edits up to this many changed words are quoted word for word; longer ones are counted.
const QUOTED_EDIT_WORDS: usize = 12;

/// Summary lines for `changes`, fields first, then the body in reading order.
pub fn summarize(changes: &ChangeSet) -> Vec<String> {
    let mut lines: Vec<String> = changes.fields.iter().filter_map(field_line).collect();
    let blocks = &changes.blocks;
    let mut i = 0;
    while i < blocks.len() {
        match &blocks[i] {
            BlockChange::Added { new_index, .. } => {
                let run: Vec<&Block> = take_run(&blocks[i..], |c| match c {
                    BlockChange::Added { block, .. } => Some(block),
                    _ => None,
                });
                let place = if *new_index == 0 {
                    "at the top of the story".to_string()
                } else {
                    format!("after ¶{new_index}")
                };
                lines.push(format!(
                    "Added {} {place}: {}",
                    describe(&run),
                    opening(run[0])
                ));
                i += run.len();
            }
            BlockChange::Removed { old_index, .. } => {
                let run: Vec<&Block> = take_run(&blocks[i..], |c| match c {
                    BlockChange::Removed { block, .. } => Some(block),
                    _ => None,
                });
                lines.push(format!(
                    "Removed {}, was ¶{}: {}",
                    describe(&run),
                    old_index + 1,
                    opening(run[0])
                ));
                i += run.len();
            }
            BlockChange::Edited {
                new_index, inline, ..
            } => {
                let removed: Vec<&str> = texts(inline, InlineTag::Delete);
                let added: Vec<&str> = texts(inline, InlineTag::Insert);
                let (removed_words, added_words) = (
                    removed.iter().map(|t| word_count(t)).sum::<usize>(),
                    added.iter().map(|t| word_count(t)).sum::<usize>(),
                );
                let n = new_index + 1;
                let line = if removed.len() <= 1
                    && added.len() <= 1
                    && removed_words + added_words <= QUOTED_EDIT_WORDS
                {
                    match (removed.first(), added.first()) {
                        (Some(old), Some(new)) => {
                            format!("Edited ¶{n}: {} → {}", quote(old), quote(new))
                        }
                        (Some(old), None) => format!("Edited ¶{n}: deleted {}", quote(old)),
                        (None, Some(new)) => format!("Edited ¶{n}: inserted {}", quote(new)),
                        (None, None) => format!("Edited ¶{n}: whitespace only"),
                    }
                } else {
                    format!(
                        "Reworded ¶{n} ({} removed, {} added)",
                        plural(removed_words, "word"),
                        plural(added_words, "word")
                    )
                };
                lines.push(line);
                i += 1;
            }
            BlockChange::Unchanged { .. } => i += 1,
        }
    }
    lines
}

fn field_line(change: &FieldChange) -> Option<String> {
    let name = match change.field {
        Field::Title => "Headline",
        Field::Dek => "Dek",
        Field::Byline => "Byline",
        Field::Published => "Publication time",
        Field::CanonicalUrl => "Canonical URL",
        Field::Lang => "Language",
        Field::SiteName => "Site name",
        // Publishers bump the modified time with every edit; the edit itself is what we report.
        Field::Modified => return None,
    };
    Some(match (&change.old, &change.new) {
        (Some(old), Some(new)) => format!("{name} changed: {} → {}", quote(old), quote(new)),
        (None, Some(new)) => format!("{name} added: {}", quote(new)),
        (Some(old), None) => format!("{name} removed (was {})", quote(old)),
        (None, None) => return None,
    })
}

fn take_run<'a>(
    changes: &'a [BlockChange],
    pick: impl Fn(&'a BlockChange) -> Option<&'a Block>,
) -> Vec<&'a Block> {
    changes.iter().map_while(pick).collect()
}

/// "1 paragraph (33 words)", "2 blocks (70 words)".
fn describe(blocks: &[&Block]) -> String {
    let words: usize = blocks.iter().map(|b| word_count(&b.text)).sum();
    let noun = match blocks.first().map(|b| b.kind) {
        Some(kind) if blocks.iter().all(|b| b.kind == kind) => match kind {
            BlockKind::Paragraph => "paragraph",
            BlockKind::Heading => "subheading",
            BlockKind::Quote => "block quote",
            BlockKind::ListItem => "list item",
        },
        _ => "block",
    };
    format!("{} ({})", plural(blocks.len(), noun), plural(words, "word"))
}

/// The body's make-up: "13 paragraphs, 1 subheading".
pub(crate) fn body_parts(blocks: &[Block]) -> String {
    let kinds = [
        (BlockKind::Paragraph, "paragraph"),
        (BlockKind::Heading, "subheading"),
        (BlockKind::Quote, "block quote"),
        (BlockKind::ListItem, "list item"),
    ];
    let parts: Vec<String> = kinds
        .iter()
        .map(|(kind, noun)| (blocks.iter().filter(|b| b.kind == *kind).count(), noun))
        .filter(|(n, _)| *n > 0)
        .map(|(n, noun)| plural(n, noun))
        .collect();
    if parts.is_empty() {
        "no body text".to_string()
    } else {
        parts.join(", ")
    }
}

/// The opening words of a block, quoted.
fn opening(block: &Block) -> String {
    quote(&block.text)
}

fn quote(text: &str) -> String {
    format!("“{}”", truncate_chars(text.trim(), QUOTE_CHARS))
}

/// The trimmed texts of the runs with `tag`, leaving out whitespace-only runs.
fn texts(inline: &[crate::diff::InlineChange], tag: InlineTag) -> Vec<&str> {
    inline
        .iter()
        .filter(|c| c.tag == tag && !c.text.trim().is_empty())
        .map(|c| c.text.trim())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{InlineChange, SCHEMA_VERSION, Stats};

    fn changes(blocks: Vec<BlockChange>, fields: Vec<FieldChange>) -> ChangeSet {
        ChangeSet {
            schema_version: SCHEMA_VERSION,
            fields,
            notes_added: vec![],
            notes_removed: vec![],
            blocks,
            stats: Stats::default(),
            degraded: None,
        }
    }

    #[test]
    fn added_paragraph_names_its_place_size_and_opening() {
        let block = Block::paragraph(
            "Investigators said the blaze began in a charging bay used for forklifts overnight.",
        );
        let cs = changes(
            vec![
                BlockChange::Unchanged {
                    old_index: 0,
                    new_index: 0,
                    block: Block::paragraph("First."),
                },
                BlockChange::Added {
                    new_index: 1,
                    block,
                },
            ],
            vec![],
        );
        assert_eq!(
            summarize(&cs),
            vec![
                "Added 1 paragraph (13 words) after ¶1: “Investigators said the blaze began in a \
                 charging bay used for forklifts overnight.”"
            ]
        );
    }

    #[test]
    fn small_edit_is_quoted_and_headline_is_a_field_line() {
        let cs = changes(
            vec![BlockChange::Edited {
                old_index: 2,
                new_index: 2,
                old: Block::paragraph("About 40 families left."),
                new: Block::paragraph("More than 60 families left."),
                inline: vec![
                    InlineChange {
                        tag: InlineTag::Delete,
                        text: "About 40".into(),
                    },
                    InlineChange {
                        tag: InlineTag::Insert,
                        text: "More than 60".into(),
                    },
                    InlineChange {
                        tag: InlineTag::Equal,
                        text: " families left.".into(),
                    },
                ],
            }],
            vec![FieldChange {
                field: Field::Title,
                old: Some("Fire at harbour".into()),
                new: Some("Harbour fire started in charging bay".into()),
            }],
        );
        assert_eq!(
            summarize(&cs),
            vec![
                "Headline changed: “Fire at harbour” → “Harbour fire started in charging bay”",
                "Edited ¶3: “About 40” → “More than 60”",
            ]
        );
    }

    #[test]
    fn long_quotes_are_cut_with_an_ellipsis() {
        let long = "word ".repeat(60);
        let q = quote(&long);
        assert!(q.chars().count() <= QUOTE_CHARS + 2);
        assert!(q.ends_with("…”"));
    }
}
