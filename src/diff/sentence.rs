//! Sentences: where a paragraph's sentences begin and end, and how the sentences of two versions
//! of one paragraph line up, so a change can be told as "1 sentence added" rather than as
//! "13 words inserted".

use std::time::Instant;

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

use super::bag::Bag;
use super::{InlineChange, InlineTag, SentenceCounts};

/// Two sentences at least this similar (word Dice) are one sentence reworded. NewsEdits matches
/// sentences across article versions at 0.44 on a comparable word-overlap score.
pub const SENTENCE_SIMILARITY: f64 = 0.44;

/// Words that end in a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "sr", "jr", "gen", "sen", "rep", "gov", "lt", "col", "sgt",
    "capt", "cmdr", "prof", "rev", "inc", "co", "corp", "ltd", "no", "mt", "ft", "vs", "etc",
    "jan", "feb", "aug", "sept", "oct", "nov", "dec", "a.m", "p.m", "u.s", "u.k", "u.n", "e.g",
    "i.e",
];

/// The sentences of a text, each with the whitespace after it, so they concatenate back to the
/// text. A sentence ends at `.`, `!` or `?` (and any closing quotes or brackets) followed by
/// whitespace and a capital letter, a digit or an opening quote, unless the full stop ends an
/// abbreviation or an initial ("Robert E. Petersen").
pub fn sentences(text: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        if !matches!(c, '.' | '!' | '?') {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < chars.len() && matches!(chars[end].1, '"' | '”' | '’' | '\'' | ')' | ']') {
            end += 1;
        }
        let mut next = end;
        while next < chars.len() && chars[next].1.is_whitespace() {
            next += 1;
        }
        let starts_sentence = next > end
            && chars.get(next).is_some_and(|&(_, n)| {
                n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '‘' | '(')
            });
        if starts_sentence && !(c == '.' && ends_abbreviation(text, chars[i].0)) {
            let at = chars[next].0;
            out.push(&text[start..at]);
            start = at;
        }
        i = next.max(i + 1);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// True when the full stop at byte `dot` closes an abbreviation or a one-letter initial.
fn ends_abbreviation(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“'))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    let mut letters = word.chars();
    if let (Some(first), None) = (letters.next(), letters.next()) {
        return first.is_uppercase();
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// Sentences added, removed and reworded between two versions of one paragraph, given the inline
/// changes between them.
pub fn sentence_counts(
    old: &str,
    new: &str,
    inline: &[InlineChange],
    deadline: Instant,
) -> SentenceCounts {
    // Most edits touch no sentence boundary: then each changed sentence is one reworded.
    let ends_sentence =
        |r: &InlineChange| r.tag != InlineTag::Equal && r.text.contains(['.', '!', '?']);
    if !inline.iter().any(ends_sentence) {
        let starts: Vec<usize> = sentences(old)
            .iter()
            .scan(0, |at, s| {
                let start = *at;
                *at += s.len();
                Some(start)
            })
            .collect();
        let mut touched: Vec<usize> = Vec::new();
        let mut at = 0;
        for run in inline {
            if run.tag != InlineTag::Equal {
                let sentence = starts.partition_point(|&s| s <= at).saturating_sub(1);
                if touched.last() != Some(&sentence) {
                    touched.push(sentence);
                }
            }
            if run.tag != InlineTag::Insert {
                at += run.text.len();
            }
        }
        return SentenceCounts {
            edited: touched.len(),
            ..SentenceCounts::default()
        };
    }
    sentence_counts_aligned(old, new, deadline)
}

/// Sentence counts from aligning the two versions' sentences.
fn sentence_counts_aligned(old: &str, new: &str, deadline: Instant) -> SentenceCounts {
    let trimmed = |text| {
        sentences(text)
            .into_iter()
            .map(str::trim)
            .collect::<Vec<_>>()
    };
    let (na, nb) = (trimmed(old), trimmed(new));
    let mut counts = SentenceCounts::default();
    for op in capture_diff_slices_deadline(Algorithm::Myers, &na, &nb, Some(deadline)) {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete { old_len, .. } => counts.removed += old_len,
            DiffOp::Insert { new_len, .. } => counts.added += new_len,
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                // In order: each old sentence takes the next new sentence similar enough.
                let new_bags: Vec<Bag> = (new_index..new_index + new_len)
                    .map(|j| Bag::of(nb[j]))
                    .collect();
                let mut next = 0;
                let mut paired = 0;
                for sentence in &na[old_index..old_index + old_len] {
                    let bag = Bag::of(sentence);
                    if let Some(k) =
                        (next..new_len).find(|&k| bag.dice(&new_bags[k]) >= SENTENCE_SIMILARITY)
                    {
                        paired += 1;
                        next = k + 1;
                    }
                }
                counts.edited += paired;
                counts.removed += old_len - paired;
                counts.added += new_len - paired;
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn sentences_rebuild_the_text_and_skip_abbreviations_and_initials() {
        let text = "Robert E. Petersen gave $56 million. Mr. Cox said so at 4 p.m. Friday. \
                    “It is over,” he said! Was it? 3 people left.";
        let s = sentences(text);
        assert_eq!(s.concat(), text);
        assert_eq!(
            s,
            [
                "Robert E. Petersen gave $56 million. ",
                "Mr. Cox said so at 4 p.m. Friday. ",
                "“It is over,” he said! ",
                "Was it? ",
                "3 people left."
            ]
        );
    }

    #[test]
    fn decimals_and_lowercase_continuations_do_not_end_sentences() {
        assert_eq!(sentences("Rates rose 3.5 percent. e.g. this").len(), 1);
    }

    #[test]
    fn counts_tell_added_from_reworded() {
        let later = Instant::now() + Duration::from_secs(5);
        let old = "The fire spread overnight. Crews came from four stations.";
        let new = "The fire spread quickly overnight. Crews came from four stations. \
                   Two people were treated for smoke inhalation.";
        let inline = crate::diff::inline::inline_changes(old, new, later).unwrap();
        assert_eq!(
            sentence_counts(old, new, &inline, later),
            SentenceCounts {
                added: 1,
                removed: 0,
                edited: 1
            }
        );
        // Words changed in two sentences, no boundary touched.
        let new = "The fire spread quickly overnight. Crews came from five stations.";
        let inline = crate::diff::inline::inline_changes(old, new, later).unwrap();
        assert_eq!(
            sentence_counts(old, new, &inline, later),
            SentenceCounts {
                added: 0,
                removed: 0,
                edited: 2
            }
        );
    }
}
