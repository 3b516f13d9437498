//! Changes inside one edited block, in words (or sentences, characters, the whole block), and
//! the tokens that other parts of the diff count words with. Block similarity is in `bag`.

use std::time::Instant;

use similar::{Algorithm, DiffTag, capture_diff_slices_deadline};

use super::sentence::sentences;
use super::{Granularity, InlineChange, InlineTag};

/// Tokens: runs of letters and digits (with inner `.`/`,` so "1,100" and "3.5" stay whole), runs
/// of whitespace, and single other characters. Concatenated they give back the text exactly.
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(text.len() / 3);
    let alnum = |c: char| {
        if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        }
    };
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if alnum(c) {
            loop {
                match chars.peek() {
                    Some(&(_, d)) if alnum(d) => {
                        chars.next();
                    }
                    Some(&(k, d)) if matches!(d, '.' | ',' | '\'' | '’' | '-') => {
                        // A joiner stays inside the word only when a letter or digit follows.
                        let after = text[k + d.len_utf8()..].chars().next();
                        if after.is_some_and(alnum) {
                            chars.next();
                        } else {
                            break;
                        }
                    }
                    _ => break,
                }
            }
        } else if c.is_whitespace() {
            while chars.next_if(|&(_, d)| d.is_whitespace()).is_some() {}
        }
        let end = chars.peek().map_or(text.len(), |&(k, _)| k);
        out.push(&text[at..end]);
    }
    out
}

/// The inline changes turning `old` into `new`. Equal runs and deletions rebuild `old`, equal runs
/// and insertions rebuild `new`. Changes separated only by spaces or punctuation are merged into
/// one deletion and one insertion, which is how a reader sees "about 40" → "more than 60".
///
/// Returns None when the deadline passed (the caller shows the blocks whole instead).
pub fn inline_changes(old: &str, new: &str, deadline: Instant) -> Option<Vec<InlineChange>> {
    inline_changes_by(old, new, Granularity::Word, deadline)
}

/// The units a text is compared in at each granularity; concatenated they give back the text.
fn units(text: &str, granularity: Granularity) -> Vec<&str> {
    match granularity {
        Granularity::Block => vec![text],
        Granularity::Sentence => sentences(text),
        Granularity::Word => tokens(text),
        Granularity::Char => text
            .char_indices()
            .map(|(i, c)| &text[i..i + c.len_utf8()])
            .collect(),
    }
}

/// [`inline_changes`] in any unit. Only words merge across the spaces between two changes.
///
/// Letters are shown only inside a word that changed into a similar one ("comunity" →
/// "community", "27" → "28"): letter by letter, a reworded phrase or a word swapped for
/// another ("relied" → "leaned") is noise, so those stay whole words.
pub fn inline_changes_by(
    old: &str,
    new: &str,
    granularity: Granularity,
    deadline: Instant,
) -> Option<Vec<InlineChange>> {
    if granularity != Granularity::Char {
        return diff_units(old, new, granularity, deadline);
    }
    let by_word = diff_units(old, new, Granularity::Word, deadline)?;
    let mut out = Vec::with_capacity(by_word.len());
    let mut i = 0;
    while i < by_word.len() {
        let (this, next) = (&by_word[i], by_word.get(i + 1));
        match next {
            Some(next)
                if this.tag == InlineTag::Delete
                    && next.tag == InlineTag::Insert
                    && one_word(&this.text)
                    && one_word(&next.text) =>
            {
                let letters = diff_units(&this.text, &next.text, Granularity::Char, deadline)?;
                let changed: usize = letters
                    .iter()
                    .filter(|c| c.tag != InlineTag::Equal)
                    .map(|c| c.text.chars().count())
                    .sum();
                let total = this.text.chars().count() + next.text.chars().count();
                if changed <= (total / 3).max(2) {
                    out.extend(letters);
                } else {
                    out.extend([this.clone(), next.clone()]);
                }
                i += 2;
            }
            _ => {
                out.push(this.clone());
                i += 1;
            }
        }
    }
    // The letters' equal runs join the words' around them.
    let mut merged: Vec<InlineChange> = Vec::with_capacity(out.len());
    for change in out {
        match merged.last_mut() {
            Some(last) if last.tag == change.tag => last.text.push_str(&change.text),
            _ => merged.push(change),
        }
    }
    Some(merged)
}

/// A single token with no space in it.
fn one_word(text: &str) -> bool {
    !text.is_empty() && !text.contains(char::is_whitespace)
}

/// The inline changes between the `granularity` units of `old` and `new`.
fn diff_units(
    old: &str,
    new: &str,
    granularity: Granularity,
    deadline: Instant,
) -> Option<Vec<InlineChange>> {
    let (a, b) = (units(old, granularity), units(new, granularity));
    // Myers: inside one paragraph the edits are few, and Myers with its trimmed common prefix and
    // suffix is several times faster there than Patience's unique-token bookkeeping.
    let ops = capture_diff_slices_deadline(Algorithm::Myers, &a, &b, Some(deadline));
    if Instant::now() > deadline {
        return None;
    }
    // Units are consecutive slices of their text, so a run of units is one slice: byte offsets
    // instead of concatenated strings until the end.
    let offsets = |units: &[&str]| -> Vec<usize> {
        let mut at = 0;
        let mut out = Vec::with_capacity(units.len() + 1);
        out.push(0);
        for unit in units {
            at += unit.len();
            out.push(at);
        }
        out
    };
    let (oa, ob) = (offsets(&a), offsets(&b));
    // Runs as (changed, old bytes, new bytes); an equal run with no word in it, between two
    // changes, belongs to the change.
    type Bytes = (usize, usize);
    let mut runs: Vec<(bool, Bytes, Bytes)> = Vec::with_capacity(ops.len());
    let count = ops.len();
    for (i, op) in ops.iter().enumerate() {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        let old_bytes = (oa[old_range.start], oa[old_range.end]);
        let new_bytes = (ob[new_range.start], ob[new_range.end]);
        let changed = tag != DiffTag::Equal
            || (granularity == Granularity::Word
                && i > 0
                && i + 1 < count
                && !old[old_bytes.0..old_bytes.1]
                    .chars()
                    .any(char::is_alphanumeric));
        match runs.last_mut() {
            Some(last) if last.0 && changed => {
                last.1.1 = old_bytes.1;
                last.2.1 = new_bytes.1;
            }
            _ => runs.push((changed, old_bytes, new_bytes)),
        }
    }
    let mut out = Vec::with_capacity(runs.len() * 2);
    for (changed, (o0, o1), (n0, n1)) in runs {
        if !changed {
            out.push(InlineChange {
                tag: InlineTag::Equal,
                text: old[o0..o1].to_string(),
            });
            continue;
        }
        if o1 > o0 {
            out.push(InlineChange {
                tag: InlineTag::Delete,
                text: old[o0..o1].to_string(),
            });
        }
        if n1 > n0 {
            out.push(InlineChange {
                tag: InlineTag::Insert,
                text: new[n0..n1].to_string(),
            });
        }
    }
    Some(out)
}

/// The words of a text: its tokens that hold a letter or a digit.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    tokens(text)
        .into_iter()
        .filter(|t| t.chars().any(char::is_alphanumeric))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn later() -> Instant {
        Instant::now() + Duration::from_secs(5)
    }

    fn rebuild(changes: &[InlineChange], keep: InlineTag) -> String {
        changes
            .iter()
            .filter(|c| c.tag == InlineTag::Equal || c.tag == keep)
            .map(|c| c.text.as_str())
            .collect()
    }

    #[test]
    fn letters_are_shown_only_inside_a_word_changed_into_a_similar_one() {
        let old = "The comunity centre relied on 27 volunteers, its director said.";
        let new = "The community centre leaned on 28 volunteers and a grant, its director said.";
        let changes = inline_changes_by(old, new, Granularity::Char, later()).unwrap();
        assert_eq!(rebuild(&changes, InlineTag::Delete), old);
        assert_eq!(rebuild(&changes, InlineTag::Insert), new);
        let marked: Vec<(InlineTag, &str)> = changes
            .iter()
            .filter(|c| c.tag != InlineTag::Equal)
            .map(|c| (c.tag, c.text.as_str()))
            .collect();
        assert_eq!(
            marked,
            [
                (InlineTag::Insert, "m"),
                (InlineTag::Delete, "relied"),
                (InlineTag::Insert, "leaned"),
                (InlineTag::Delete, "7"),
                (InlineTag::Insert, "8"),
                (InlineTag::Insert, " and a grant"),
            ]
        );
        // No two runs of one kind side by side.
        assert!(changes.windows(2).all(|w| w[0].tag != w[1].tag));
    }

    #[test]
    fn tokens_concatenate_back_and_keep_numbers_whole() {
        let text = "At least 1,100 soldiers — 3.5% of them — were hurt.";
        let t = tokens(text);
        assert_eq!(t.concat(), text);
        assert!(t.contains(&"1,100") && t.contains(&"3.5"));
    }

    #[test]
    fn a_changed_figure_is_one_deletion_and_one_insertion() {
        let old = "By morning, about 40 families had been moved to a shelter.";
        let new = "By morning, more than 60 families had been moved to a shelter.";
        let changes = inline_changes(old, new, later()).unwrap();
        let edits: Vec<(InlineTag, &str)> = changes
            .iter()
            .filter(|c| c.tag != InlineTag::Equal)
            .map(|c| (c.tag, c.text.as_str()))
            .collect();
        assert_eq!(
            edits,
            [
                (InlineTag::Delete, "about 40"),
                (InlineTag::Insert, "more than 60")
            ]
        );
        assert_eq!(rebuild(&changes, InlineTag::Delete), old);
        assert_eq!(rebuild(&changes, InlineTag::Insert), new);
    }

    #[test]
    fn a_passed_deadline_gives_none() {
        assert!(
            inline_changes("a b c", "a c d", Instant::now() - Duration::from_millis(1)).is_none()
        );
    }
}
