//! The Article: what extraction produces and what the archive versions.
//!
//! An Article is the story without the page: headline, dek, byline, dates, body blocks and the
//! publisher's notes. Its canonical text is a deterministic plain-text rendering; the SHA-256 of
//! that text is the content hash that decides whether a fetch is a new version.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// One news story as extracted from a page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// The headline, without the site name.
    pub title: String,
    /// The standfirst under the headline.
    pub dek: Option<String>,
    /// Authors as printed, without the leading "By".
    pub byline: Option<String>,
    pub published: Option<DateTime<FixedOffset>>,
    pub modified: Option<DateTime<FixedOffset>>,
    pub canonical_url: Option<String>,
    pub lang: Option<String>,
    pub site_name: Option<String>,
    /// The story body, in reading order.
    pub blocks: Vec<Block>,
    /// Notes the publisher printed about the story's own revisions.
    pub notes: Vec<Note>,
}

/// One unit of the body: what the diff aligns.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Paragraph,
    Heading,
    Quote,
    ListItem,
}

/// A publisher's note about the story itself ("Updated to add …", "Correction: …").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Note {
    pub kind: NoteKind,
    /// The note verbatim, whitespace normalised.
    pub text: String,
    pub position: NotePosition,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    Update,
    Correction,
    Clarification,
    EditorsNote,
}

/// Where on the page the note stood: readers see a note above the story first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotePosition {
    /// Between the headline block and the first body paragraph.
    Top,
    /// After the last body paragraph.
    Bottom,
}

impl Block {
    pub fn paragraph(text: impl Into<String>) -> Block {
        Block {
            kind: BlockKind::Paragraph,
            text: text.into(),
        }
    }
}

impl NoteKind {
    /// The label used in canonical text and changelogs.
    pub fn label(self) -> &'static str {
        match self {
            NoteKind::Update => "Update",
            NoteKind::Correction => "Correction",
            NoteKind::Clarification => "Clarification",
            NoteKind::EditorsNote => "Editor's note",
        }
    }
}

impl Article {
    /// The deterministic plain-text rendering whose SHA-256 is the content hash.
    ///
    /// Dates are left out on purpose: a publisher bumping `dateModified` without touching the
    /// story is not a new version.
    pub fn canonical_text(&self) -> String {
        // Built in one buffer: the parts joined by blank lines, as `join("\n\n")` would.
        let size: usize = self.blocks.iter().map(|b| b.text.len() + 4).sum::<usize>()
            + self.notes.iter().map(|n| n.text.len() + 24).sum::<usize>()
            + self.title.len()
            + self.dek.as_ref().map_or(0, String::len)
            + self.byline.as_ref().map_or(0, String::len)
            + 16;
        let mut out = String::with_capacity(size);
        out.push_str("# ");
        push_normalized(&mut out, &self.title);
        if let Some(dek) = &self.dek {
            out.push_str("\n\n");
            push_normalized(&mut out, dek);
        }
        if let Some(byline) = &self.byline {
            out.push_str("\n\nBy ");
            push_normalized(&mut out, byline);
        }
        for note in self
            .notes
            .iter()
            .filter(|n| n.position == NotePosition::Top)
        {
            push_note_line(&mut out, note);
        }
        for block in &self.blocks {
            out.push_str(match block.kind {
                BlockKind::Paragraph => "\n\n",
                BlockKind::Heading => "\n\n## ",
                BlockKind::Quote => "\n\n> ",
                BlockKind::ListItem => "\n\n- ",
            });
            push_normalized(&mut out, &block.text);
        }
        for note in self
            .notes
            .iter()
            .filter(|n| n.position == NotePosition::Bottom)
        {
            push_note_line(&mut out, note);
        }
        out.push('\n');
        out
    }

    /// SHA-256 of the canonical text, as lowercase hex: what `sha256sum` prints.
    pub fn content_sha256(&self) -> String {
        sha256_hex(self.canonical_text().as_bytes())
    }

    /// Number of words in the body.
    pub fn word_count(&self) -> usize {
        self.blocks.iter().map(|b| word_count(&b.text)).sum()
    }
}

fn push_note_line(out: &mut String, note: &Note) {
    out.push_str("\n\n[");
    out.push_str(note.kind.label());
    out.push_str("] ");
    push_normalized(out, &note.text);
}

/// Unicode NFC with runs of whitespace folded to one space and the ends trimmed.
pub fn normalize_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_normalized(&mut out, text);
    out
}

/// Append [`normalize_text`] of `text` to `out`.
fn push_normalized(out: &mut String, text: &str) {
    // Text that is already normalized ASCII (as extracted text mostly is) goes in as it is.
    let bytes = text.as_bytes();
    if text.is_ascii()
        && bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && !bytes
            .iter()
            .any(|b| matches!(b, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r'))
        && !bytes.windows(2).any(|w| w == b"  ")
    {
        out.push_str(text);
        return;
    }
    let mut first = true;
    for word in text.split_whitespace() {
        if !first {
            out.push(' ');
        }
        first = false;
        // ASCII is already in NFC, and so is nearly every other word of a story (curly quotes,
        // dashes, accented letters as one code point): the quick check proves it without the
        // decompose-and-recompose that `nfc()` does.
        if word.is_ascii() || is_nfc_quick(word.chars()) == IsNormalized::Yes {
            out.push_str(word);
        } else {
            out.extend(word.nfc());
        }
    }
}

/// Words as a reader counts them: runs separated by whitespace that hold a letter or digit.
pub fn word_count(text: &str) -> usize {
    if text.is_ascii() {
        // The same count over bytes: ASCII whitespace separates, a letter or digit makes a word.
        let (mut count, mut alnum) = (0, false);
        for &b in text.as_bytes() {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') {
                count += usize::from(alnum);
                alnum = false;
            } else if b.is_ascii_alphanumeric() {
                alnum = true;
            }
        }
        return count + usize::from(alnum);
    }
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest.iter() {
        hex.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
        hex.push(char::from_digit(u32::from(byte & 0xf), 16).unwrap_or('0'));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Article {
        Article {
            title: "Bridge  reopens".into(),
            dek: Some("Traffic resumes after repairs.".into()),
            byline: Some("Ana Ruiz".into()),
            blocks: vec![
                Block::paragraph("The bridge reopened on Monday."),
                Block {
                    kind: BlockKind::Heading,
                    text: "What comes next".into(),
                },
            ],
            notes: vec![Note {
                kind: NoteKind::Update,
                text: "Updated to add the mayor's comments.".into(),
                position: NotePosition::Bottom,
            }],
            ..Article::default()
        }
    }

    #[test]
    fn canonical_text_is_markdown_like_and_normalised() {
        assert_eq!(
            sample().canonical_text(),
            "# Bridge reopens\n\nTraffic resumes after repairs.\n\nBy Ana Ruiz\n\n\
             The bridge reopened on Monday.\n\n## What comes next\n\n\
             [Update] Updated to add the mayor's comments.\n"
        );
    }

    #[test]
    fn dates_do_not_change_the_content_hash() {
        let a = sample();
        let mut b = sample();
        b.modified = DateTime::parse_from_rfc3339("2024-12-17T15:30:00Z").ok();
        assert_eq!(a.content_sha256(), b.content_sha256());
    }

    #[test]
    fn sha256_matches_known_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn nfc_makes_composed_and_decomposed_equal() {
        assert_eq!(normalize_text("Cafe\u{301}"), normalize_text("Caf\u{e9}"));
    }

    proptest::proptest! {
        /// The shortcut for text that is already normalized gives what the word loop gives.
        #[test]
        fn normalize_text_is_words_joined_by_one_space(
            text in "[ a-c\t\n\r\u{b}\u{c}\u{a0}\u{e9}\u{301}]{0,12}"
        ) {
            let words: Vec<String> = text
                .split_whitespace()
                .map(|w| w.nfc().collect::<String>())
                .collect();
            proptest::prop_assert_eq!(normalize_text(&text), words.join(" "));
        }

        /// The byte count for ASCII text counts what the word loop counts.
        #[test]
        fn word_count_counts_words_with_a_letter_or_digit(
            text in "[ a1.,\t\n\r\u{b}\u{c}\u{1c}-]{0,16}"
        ) {
            let words = text
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count();
            proptest::prop_assert_eq!(word_count(&text), words);
        }
    }
}
