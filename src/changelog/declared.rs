//! Declared against observed: does the diff support what a new publisher note says?
//!
//! The judgment is word overlap between the note's content words (the note without its idiom:
//! "updated to add", "correction", "this story", …) and the text that changed: added, removed and
//! edited blocks, and the old and new headline, dek and byline. A note that names nothing
//! specific ("This story has been updated.") is supported when the story changed in substance.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::article::Note;
use crate::diff::{BlockChange, ChangeSet, Field};

use super::flags::is_substantive;

/// The verdict on one new note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteCheck {
    /// The note, verbatim.
    pub note: String,
    pub verdict: Verdict,
    /// The note's content words found in the changed text (normalised).
    pub matched: Vec<String>,
    /// The note's content words, for the reader to weigh the overlap.
    pub content_words: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Supported,
    NotSupported,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::NotSupported => "not supported",
        }
    }
}

impl NoteCheck {
    /// "supported: the changed text mentions russian, korean" and the like.
    pub fn explanation(&self) -> String {
        match (self.verdict, self.content_words, self.matched.is_empty()) {
            (Verdict::Supported, 0, _) => {
                "supported: the note names nothing specific, and the story did change".to_string()
            }
            (Verdict::NotSupported, 0, _) => {
                "not supported: the note names nothing specific, and the story did not change"
                    .to_string()
            }
            (verdict, _, false) => format!(
                "{}: the changed text shares {} of the note's {} ({})",
                verdict.label(),
                self.matched.len(),
                super::plural(self.content_words, "content word"),
                self.matched.join(", ")
            ),
            (verdict, _, true) => format!(
                "{}: the changed text shares none of the note's {}",
                verdict.label(),
                super::plural(self.content_words, "content word")
            ),
        }
    }
}

/// Words that carry no claim about what changed: English function words and the notes' idiom.
const IDIOM: &[&str] = &[
    "the",
    "and",
    "for",
    "with",
    "about",
    "from",
    "into",
    "this",
    "that",
    "these",
    "those",
    "was",
    "were",
    "are",
    "has",
    "have",
    "had",
    "been",
    "its",
    "their",
    "his",
    "her",
    "our",
    "not",
    "but",
    "than",
    "then",
    "which",
    "who",
    "whom",
    "what",
    "when",
    "where",
    "also",
    "more",
    "new",
    "add",
    "added",
    "adds",
    "adding",
    "include",
    "included",
    "includes",
    "including",
    "update",
    "updated",
    "updates",
    "updating",
    "correction",
    "corrections",
    "corrected",
    "correct",
    "clarification",
    "clarified",
    "clarify",
    "editor",
    "editors",
    "note",
    "story",
    "article",
    "post",
    "posting",
    "report",
    "version",
    "earlier",
    "previous",
    "previously",
    "misstated",
    "incorrectly",
    "wrongly",
    "said",
    "stated",
    "reflect",
    "amended",
    "changed",
    "removed",
    "comment",
    "comments",
    "information",
    "detail",
    "details",
    "latest",
    "developments",
    "since",
    "publication",
    "published",
    "original",
    "originally",
    "after",
    "before",
    "has",
    "did",
    "does",
];

/// Content words of `text`: lowercased, idiom removed, plural `s` and possessive `'s` dropped.
pub(crate) fn content_words(text: &str) -> BTreeSet<String> {
    words(text).filter_map(normalise).collect()
}

/// The words of `text`, a figure whole: "$48.6 million" gives "48.6" and "million", not "48"
/// and "6", and "4,800" stays one word.
fn words(text: &str) -> impl Iterator<Item = &str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut cuts = Vec::new();
    for (k, &(at, c)) in chars.iter().enumerate() {
        let in_figure = matches!(c, '.' | ',')
            && k > 0
            && chars[k - 1].1.is_ascii_digit()
            && chars.get(k + 1).is_some_and(|(_, n)| n.is_ascii_digit());
        if !c.is_alphanumeric() && c != '\'' && c != '’' && !in_figure {
            cuts.push((at, at + c.len_utf8()));
        }
    }
    let mut start = 0;
    let mut out = Vec::with_capacity(cuts.len() + 1);
    for (from, to) in cuts {
        out.push(&text[start..from]);
        start = to;
    }
    out.push(&text[start..]);
    out.into_iter()
}

fn normalise(word: &str) -> Option<String> {
    let word = word.trim_matches(|c| c == '\'' || c == '’').to_lowercase();
    let word = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(&word)
        .to_string();
    let has_digit = word.chars().any(|c| c.is_ascii_digit());
    if (!has_digit && word.chars().count() < 3) || IDIOM.contains(&word.as_str()) {
        return None;
    }
    // Plural to singular, crudely but alike on both sides: "soldiers" and "soldier" meet.
    let stem = match word.strip_suffix('s') {
        Some(stem) if !has_digit && stem.chars().count() >= 3 && !stem.ends_with('s') => {
            stem.to_string()
        }
        _ => word,
    };
    Some(stem)
}

/// All the text that changed, old and new, as one string.
fn changed_text(changes: &ChangeSet) -> String {
    let mut out = String::new();
    for field in &changes.fields {
        if matches!(field.field, Field::Title | Field::Dek | Field::Byline) {
            for value in [&field.old, &field.new].into_iter().flatten() {
                out.push_str(value);
                out.push('\n');
            }
        }
    }
    for change in &changes.blocks {
        match change {
            BlockChange::Unchanged { .. } => {}
            BlockChange::Added { block, .. } | BlockChange::Removed { block, .. } => {
                out.push_str(&block.text);
                out.push('\n');
            }
            BlockChange::Edited { old, new, .. } | BlockChange::Moved { old, new, .. } => {
                out.push_str(&old.text);
                out.push('\n');
                out.push_str(&new.text);
                out.push('\n');
            }
            BlockChange::Split { old, new, .. } => {
                for block in std::iter::once(old).chain(new) {
                    out.push_str(&block.text);
                    out.push('\n');
                }
            }
            BlockChange::Merged { old, new, .. } => {
                for block in old.iter().chain(std::iter::once(new)) {
                    out.push_str(&block.text);
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// Judge every note added in `changes`.
pub fn check_notes(changes: &ChangeSet) -> Vec<NoteCheck> {
    // Most versions add no note, and the changed text's words are the costly part.
    if changes.notes_added.is_empty() {
        return Vec::new();
    }
    let changed = content_words(&changed_text(changes));
    let substantive = is_substantive(changes);
    changes
        .notes_added
        .iter()
        .map(|note| check(note, &changed, substantive))
        .collect()
}

fn check(note: &Note, changed: &BTreeSet<String>, substantive: bool) -> NoteCheck {
    let words = content_words(&crate::extract::without_dates(&note.text));
    let matched: Vec<String> = words.intersection(changed).cloned().collect();
    let supported = if words.is_empty() {
        substantive
    } else {
        // One shared word in three, and at least one: notes are short and paraphrase.
        !matched.is_empty() && matched.len() * 3 >= words.len()
    };
    NoteCheck {
        note: note.text.clone(),
        verdict: if supported {
            Verdict::Supported
        } else {
            Verdict::NotSupported
        },
        matched,
        content_words: words.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Article, Block, NoteKind, NotePosition};
    use crate::diff::diff;

    fn note(text: &str) -> Note {
        Note {
            kind: NoteKind::Update,
            text: text.into(),
            position: NotePosition::Top,
        }
    }

    fn story() -> Article {
        Article {
            title: "Soldiers' letters found".into(),
            blocks: vec![
                Block::paragraph("A letter was found on the body of a soldier in Kursk."),
                Block::paragraph("Officials declined to comment."),
            ],
            ..Article::default()
        }
    }

    #[test]
    fn a_note_naming_the_added_paragraph_is_supported() {
        let old = story();
        let mut new = story();
        new.blocks.insert(
            1,
            Block::paragraph(
                "In a video, Russian prisoners of war described North Korean soldiers fighting beside them.",
            ),
        );
        new.notes.push(note(
            "Updated to add Russian POW comments about North Korean soldiers.",
        ));
        let checks = check_notes(&diff(&old, &new));
        assert_eq!(checks.len(), 1);
        assert_eq!(checks[0].verdict, Verdict::Supported, "{checks:?}");
        assert!(checks[0].matched.contains(&"russian".to_string()));
        assert!(checks[0].matched.contains(&"soldier".to_string()));
        assert!(
            checks[0]
                .explanation()
                .starts_with("supported: the changed text shares")
        );
    }

    #[test]
    fn one_content_word_is_not_written_as_words() {
        let check = |matched: &[&str]| NoteCheck {
            note: "Updated to correct the spelling of Berg.".into(),
            verdict: Verdict::Supported,
            matched: matched.iter().map(|w| w.to_string()).collect(),
            content_words: 1,
        };
        assert_eq!(
            check(&["berg"]).explanation(),
            "supported: the changed text shares 1 of the note's 1 content word (berg)"
        );
        assert!(
            check(&[])
                .explanation()
                .ends_with("shares none of the note's 1 content word")
        );
    }

    #[test]
    fn the_time_a_note_was_written_is_not_what_it_claims() {
        let old = story();
        let mut new = story();
        new.blocks.push(Block::paragraph(
            "The regiment's press office said in a response on Friday that the letters were genuine.",
        ));
        new.notes.push(note(
            "Updated at 6:48 p.m. ET on Dec. 9, 2024, to add a response from the regiment.",
        ));
        let checks = check_notes(&diff(&old, &new));
        // Only "response" and "regiment" count: with the time's 6, 48, dec, 9 and 2024 the two
        // shared words would be two of seven, and the note would read as unsupported.
        assert_eq!(checks[0].content_words, 2, "{checks:?}");
        assert_eq!(checks[0].verdict, Verdict::Supported, "{checks:?}");
    }

    #[test]
    fn a_note_about_something_else_is_not_supported() {
        let old = story();
        let mut new = story();
        new.blocks[1].text = "Officials declined to comment on Tuesday.".into();
        new.notes.push(note(
            "Updated to add the governor's statement on evacuations.",
        ));
        let checks = check_notes(&diff(&old, &new));
        assert_eq!(checks[0].verdict, Verdict::NotSupported, "{checks:?}");
        assert!(checks[0].matched.is_empty());
    }

    #[test]
    fn a_generic_note_is_judged_by_whether_anything_changed() {
        let old = story();
        let mut changed = story();
        changed.blocks.push(Block::paragraph("More to follow."));
        changed.notes.push(note("This story has been updated."));
        assert_eq!(
            check_notes(&diff(&old, &changed))[0].verdict,
            Verdict::Supported
        );
        let mut same = story();
        same.notes.push(note("This story has been updated."));
        assert_eq!(
            check_notes(&diff(&old, &same))[0].verdict,
            Verdict::NotSupported
        );
    }

    #[test]
    fn a_figure_is_one_content_word() {
        let words = content_words("Corrected to say the budget is $48.6 million, not 4,800.");
        assert_eq!(
            words.into_iter().collect::<Vec<_>>(),
            vec!["4,800", "48.6", "budget", "million", "say"]
        );
    }

    #[test]
    fn content_words_drop_idiom_plurals_and_possessives() {
        let words = content_words("Updated to include the mayor's comments on 3 bridges.");
        assert_eq!(
            words.into_iter().collect::<Vec<_>>(),
            vec!["3", "bridge", "mayor"]
        );
    }
}
