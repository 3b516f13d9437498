//! storydiff's own account of a ChangeSet: one line per meaningful change, in newsroom idiom.

use crate::article::{Block, BlockKind, word_count};
use crate::diff::{
    BlockChange, ChangeKind, ChangeSet, Edit, Field, FieldChange, SentenceCounts,
    sentences as sentences_of,
};

use super::{plural, truncate_chars};

/// Longest quote of changed text in a summary line, in characters.
const QUOTE_CHARS: usize = 90;
/// Edits up to this many changed words are quoted word for word; longer ones are counted.
const QUOTED_EDIT_WORDS: usize = 12;

/// Summary lines for `changes`: fields first, then the body in reading order, then one line for
/// all cosmetic edits.
pub fn summarize(changes: &ChangeSet) -> Vec<String> {
    let mut lines: Vec<String> = changes.fields.iter().filter_map(field_line).collect();
    let mut cosmetic: Vec<usize> = Vec::new();
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
                    "Added {} {place}{}: {}",
                    describe(&run),
                    quoting(&blocks[i..i + run.len()]),
                    opening(run[0])
                ));
                i += run.len();
            }
            BlockChange::Removed { old_index, .. } => {
                let run: Vec<&Block> = take_run(&blocks[i..], |c| match c {
                    BlockChange::Removed { block, .. } => Some(block),
                    _ => None,
                });
                let last = match &blocks[i + run.len() - 1] {
                    BlockChange::Removed { old_index, .. } => *old_index,
                    _ => *old_index,
                };
                let was = if last > *old_index {
                    format!("were ¶{}–¶{}", old_index + 1, last + 1)
                } else {
                    format!("was ¶{}", old_index + 1)
                };
                lines.push(format!(
                    "Removed {}, {was}{}: {}",
                    describe(&run),
                    quoting(&blocks[i..i + run.len()]),
                    opening(run[0])
                ));
                i += run.len();
            }
            BlockChange::Edited {
                new_index,
                new,
                edits,
                sentences,
                ..
            } => {
                edit_lines(
                    &mut lines,
                    &mut cosmetic,
                    *new_index + 1,
                    edits,
                    Some((sentences, new.text.as_str())),
                );
                i += 1;
            }
            BlockChange::Moved {
                old_index,
                new_index,
                new,
                edits,
                ..
            } => {
                lines.push(format!(
                    "Moved ¶{} to ¶{}: {}",
                    old_index + 1,
                    new_index + 1,
                    opening(new)
                ));
                edit_lines(&mut lines, &mut cosmetic, new_index + 1, edits, None);
                i += 1;
            }
            BlockChange::Split {
                old_index,
                new_indices,
                edits,
                ..
            } => {
                let (first, last) = (new_indices[0] + 1, new_indices[new_indices.len() - 1] + 1);
                lines.push(format!(
                    "Split ¶{} into {}: ¶{first}–¶{last}",
                    old_index + 1,
                    plural(new_indices.len(), "paragraph")
                ));
                edit_lines(&mut lines, &mut cosmetic, first, edits, None);
                i += 1;
            }
            BlockChange::Merged {
                old_indices,
                new_index,
                edits,
                ..
            } => {
                let (first, last) = (old_indices[0] + 1, old_indices[old_indices.len() - 1] + 1);
                lines.push(format!("Merged ¶{first}–¶{last} into ¶{}", new_index + 1));
                edit_lines(&mut lines, &mut cosmetic, new_index + 1, edits, None);
                i += 1;
            }
            BlockChange::Unchanged { .. } => i += 1,
        }
    }
    if !cosmetic.is_empty() {
        cosmetic.dedup();
        let places: Vec<String> = cosmetic.iter().map(|n| format!("¶{n}")).collect();
        lines.push(format!(
            "Cosmetic edits (punctuation, spacing, case or quote style) in {}",
            places.join(", ")
        ));
    }
    // A version that only adds or drops a note still says what happened, first and on its own.
    if lines.is_empty() {
        match (changes.notes_added.len(), changes.notes_removed.len()) {
            (0, 0) => {}
            (0, n) => lines.push(format!(
                "Story text unchanged; {} removed",
                plural(n, "publisher's note")
            )),
            (n, _) => lines.push(format!(
                "Story text unchanged; {} added",
                plural(n, "publisher's note")
            )),
        }
    }
    lines
}

/// ", quoting Ruth Adeyemi" when the added or removed blocks quote someone by name.
fn quoting(changes: &[BlockChange]) -> String {
    let speakers: Vec<&str> = changes
        .iter()
        .flat_map(BlockChange::edits)
        .filter_map(|e| e.speaker.as_deref())
        .collect();
    match speakers.first() {
        Some(who) => format!(", quoting {who}"),
        None if changes.iter().any(|c| c.kind() == Some(ChangeKind::Quote)) => {
            ", with a quotation".to_string()
        }
        None => String::new(),
    }
}

/// Lines for the edits inside block ¶`n`: one per meaningful edit, small substantive edits
/// quoted, larger ones counted (by sentence where known); cosmetic edits only noted in `cosmetic`.
fn edit_lines(
    lines: &mut Vec<String>,
    cosmetic: &mut Vec<usize>,
    n: usize,
    edits: &[Edit],
    sentences: Option<(&SentenceCounts, &str)>,
) {
    let (sentences, new_text) = match sentences {
        Some((counts, text)) => (Some(counts), text),
        None => (None, ""),
    };
    let mut rewording: Vec<&Edit> = Vec::new();
    for edit in edits {
        match edit.kind {
            ChangeKind::Cosmetic => cosmetic.push(n),
            ChangeKind::Typo => lines.push(format!(
                "Spelling fixed in ¶{n}: {} → {}",
                quote(&edit.old),
                quote(&edit.new)
            )),
            ChangeKind::Number => lines.push(format!(
                "Figure changed in ¶{n}: {} → {}",
                edit.old.trim(),
                edit.new.trim()
            )),
            ChangeKind::Name => lines.push(format!(
                "Name changed in ¶{n}: {} → {}",
                quote(&edit.old),
                quote(&edit.new)
            )),
            ChangeKind::Quote => {
                let who = edit
                    .speaker
                    .as_deref()
                    .map(|s| format!(", attributed to {s}"))
                    .unwrap_or_default();
                lines.push(match (edit.old.trim(), edit.new.trim()) {
                    ("", new) => format!("Quote added in ¶{n}{who}: {}", quote(new)),
                    (old, "") => format!("Quote removed from ¶{n}{who}: {}", quote(old)),
                    (old, new) => {
                        format!(
                            "Quote changed in ¶{n}{who}: {} → {}",
                            quote(old),
                            quote(new)
                        )
                    }
                });
            }
            ChangeKind::Substantive => rewording.push(edit),
        }
    }
    let removed_words: usize = rewording.iter().map(|e| word_count(&e.old)).sum();
    let added_words: usize = rewording.iter().map(|e| word_count(&e.new)).sum();
    let whole_sentences = sentences.filter(|s| s.edited == 0 && s.added + s.removed > 0);
    match rewording.as_slice() {
        [] => {}
        _ if let Some(counts) = whole_sentences => {
            let added: Vec<&str> = rewording
                .iter()
                .map(|e| e.new.trim())
                .filter(|t| !t.is_empty())
                .collect();
            let removed: Vec<&str> = rewording
                .iter()
                .map(|e| e.old.trim())
                .filter(|t| !t.is_empty())
                .collect();
            if counts.added > 0 {
                lines.push(format!(
                    "Added {} to ¶{n}: {}",
                    plural(counts.added, "sentence"),
                    quote(&added.join(" "))
                ));
            }
            if counts.removed > 0 {
                lines.push(format!(
                    "Removed {} from ¶{n}: {}",
                    plural(counts.removed, "sentence"),
                    quote(&removed.join(" "))
                ));
            }
        }
        [edit] if removed_words + added_words <= QUOTED_EDIT_WORDS => {
            lines.push(match (edit.old.trim(), edit.new.trim()) {
                ("", new) => format!("Edited ¶{n}: inserted {}", quote(new)),
                (old, "") => format!("Edited ¶{n}: deleted {}", quote(old)),
                (old, new) => format!("Edited ¶{n}: {} → {}", quote(old), quote(new)),
            })
        }
        _ => {
            let words = format!(
                "{} removed, {} added",
                plural(removed_words, "word"),
                plural(added_words, "word")
            );
            let told = sentences
                .map(|s| {
                    [
                        (s.added, "added"),
                        (s.removed, "removed"),
                        (s.edited, "reworded"),
                    ]
                    .iter()
                    .filter(|(count, _)| *count > 0)
                    .map(|(count, what)| format!("{} {what}", plural(*count, "sentence")))
                    .collect::<Vec<_>>()
                    .join(", ")
                })
                .filter(|t| !t.is_empty());
            // One sentence reworded: quote it as it now reads, the way an editor would report it.
            let one_sentence = sentences
                .filter(|s| (s.added, s.removed, s.edited) == (0, 0, 1))
                .and_then(|_| {
                    let inserted = rewording
                        .iter()
                        .map(|e| e.new.trim())
                        .find(|t| !t.is_empty())?;
                    sentences_of(new_text)
                        .into_iter()
                        .find(|s| s.contains(inserted))
                        .map(|s| (s, inserted))
                });
            lines.push(match (one_sentence, told) {
                (Some((sentence, inserted)), _) => {
                    format!(
                        "Reworded a sentence in ¶{n} ({words}), now: {}",
                        quote_around(sentence, inserted)
                    )
                }
                (None, Some(told)) => format!("Reworded ¶{n}: {told} ({words})"),
                (None, None) => format!("Reworded ¶{n} ({words})"),
            });
        }
    }
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

/// [`quote`], but a long sentence is cut around `inserted`, the words that changed, so the
/// excerpt shows the change and not only the sentence's unchanged opening.
fn quote_around(sentence: &str, inserted: &str) -> String {
    let sentence = sentence.trim();
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    let Some(at) = sentence.find(inserted) else {
        return quote(sentence);
    };
    if chars.len() <= QUOTE_CHARS {
        return quote(sentence);
    }
    // Start a few words before the change, at a word's start.
    let at_char = chars.iter().take_while(|(i, _)| *i < at).count();
    let mut start = at_char.saturating_sub(QUOTE_CHARS / 3);
    while start > 0 && !chars[start - 1].1.is_whitespace() {
        start -= 1;
    }
    if start == 0 {
        return quote(sentence);
    }
    let rest = &sentence[chars[start].0..];
    format!("“…{}”", truncate_chars(rest, QUOTE_CHARS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::diff::diff;

    #[test]
    fn a_long_reworded_sentence_is_quoted_around_its_change() {
        let sentence = "The Riverton City Council voted 5-2 on Thursday night to approve a \
                        $48.6 million budget for the coming fiscal year, despite warnings from \
                        the finance director about shrinking reserves.";
        let q = quote_around(sentence, "despite warnings from the finance director");
        assert!(q.starts_with("“…"), "{q}");
        assert!(
            q.contains("despite warnings from the finance director"),
            "{q}"
        );
        assert!(q.chars().count() <= QUOTE_CHARS + 3, "{q}");
        // A change near the start, or a short sentence, quotes from the beginning.
        let early = quote_around(sentence, "Riverton City Council");
        assert!(early.starts_with("“The Riverton"), "{early}");
        assert_eq!(quote_around("It rained.", "rained"), "“It rained.”");
    }

    const BODY: [&str; 4] = [
        "PORT ELLIS — A fire tore through three warehouses on the harbour front overnight.",
        "By morning, about 40 families had been moved to a temporary shelter.",
        "The cause of the fire is under investigation, the fire service said.",
        "The harbour master, Jon Ellery, said the quay would reopen on Friday.",
    ];

    fn story(body: &[&str]) -> Article {
        Article {
            title: "Fire at harbour".into(),
            blocks: body.iter().map(|t| Block::paragraph(*t)).collect(),
            ..Article::default()
        }
    }

    fn lines_for(edit: impl FnOnce(&mut Vec<&'static str>)) -> Vec<String> {
        let mut body = BODY.to_vec();
        edit(&mut body);
        summarize(&diff(&story(&BODY), &story(&body)))
    }

    #[test]
    fn added_paragraph_names_its_place_size_and_opening() {
        let lines = lines_for(|b| {
            b.insert(
                1,
                "Investigators said the blaze began in a charging bay used for forklifts overnight.",
            )
        });
        assert_eq!(
            lines,
            [
                "Added 1 paragraph (13 words) after ¶1: “Investigators said the blaze began in a \
              charging bay used for forklifts overnight.”"
            ]
        );
    }

    #[test]
    fn an_added_quotation_names_its_speaker() {
        let lines =
            lines_for(|b| b.push("“We will have the quay open by Friday,” said Mayor Ana Ruiz."));
        assert_eq!(
            lines,
            [
                "Added 1 paragraph (12 words) after ¶4, quoting Mayor Ana Ruiz: ““We will have the \
              quay open by Friday,” said Mayor Ana Ruiz.”"
            ]
        );
    }

    #[test]
    fn a_changed_figure_and_a_headline_each_get_their_line() {
        let mut new = story(&BODY);
        new.title = "Harbour fire started in charging bay".into();
        new.blocks[1] = Block::paragraph(
            "By morning, more than 60 families had been moved to a temporary shelter.",
        );
        assert_eq!(
            summarize(&diff(&story(&BODY), &new)),
            [
                "Headline changed: “Fire at harbour” → “Harbour fire started in charging bay”",
                "Figure changed in ¶2: about 40 → more than 60",
            ]
        );
    }

    #[test]
    fn typos_names_moves_and_cosmetics_are_told_apart() {
        let lines = lines_for(|b| {
            b[0] =
                "PORT ELLIS - A fire tore through three warehouses on the harbour front overnight.";
            b[3] = "The harbour master, Jon Ellory, said the quay would reopen on Friday.";
            b.swap(1, 2);
        });
        assert!(
            // A name with one letter changed may be another person, and a misspelt name fixed is
            // a correction newsrooms disclose: a name change either way, never a quiet typo.
            lines.contains(&"Name changed in ¶4: “Ellery” → “Ellory”".to_string()),
            "{lines:?}"
        );
        assert!(lines.iter().any(|l| l.starts_with("Moved ¶")), "{lines:?}");
        assert!(
            lines.contains(
                &"Cosmetic edits (punctuation, spacing, case or quote style) in ¶1".to_string()
            ),
            "{lines:?}"
        );
    }

    #[test]
    fn a_sentence_added_inside_a_paragraph_is_counted_as_a_sentence() {
        let lines = lines_for(|b| {
            b[2] = "The cause of the fire is under investigation, the fire service said. \
                    Officers have asked anyone with video of the quay to come forward.";
        });
        assert_eq!(
            lines,
            [
                "Added 1 sentence to ¶3: “Officers have asked anyone with video of the quay to come \
              forward.”"
            ]
        );
    }

    #[test]
    fn a_reworded_lede_is_quoted_as_it_now_reads() {
        let lines = lines_for(|b| {
            b[0] = "PORT ELLIS — A fire that began in a charging bay destroyed three warehouses on \
                    the harbour front late on Thursday.";
        });
        assert_eq!(
            lines,
            [
                "Reworded a sentence in ¶1 (3 words removed, 10 words added), now: “PORT ELLIS — A \
              fire that began in a charging bay destroyed three warehouses on the harbou…”"
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
