//! Classification: what kind of change each run of changed words is.
//!
//! The rules, tried in this order on one run (its old and new wording, and where it stands):
//! 1. `cosmetic`: the two wordings have the same letters and digits, ignoring case (so only
//!    whitespace, punctuation, quote or dash style, or case changed);
//! 2. `typo`: the same words but one, and that one differs by one letter (two for words of six
//!    letters or more), keeps its first letter and has at least four letters; or words that
//!    repeat their neighbours ("laid out the laid out the") removed or added;
//! 3. `number`: both wordings hold figures, the figures differ, and little else changed (at most
//!    four other words on each side);
//! 4. `name`: every changed word on both sides is capitalised and not a common sentence opener;
//! 5. `quote`: the change stands inside quotation marks, or brings or takes quotation marks;
//! 6. `substantive`: anything else.
//!
//! A whole block added or removed is a `quote` when it holds a quotation of three words or more,
//! otherwise `substantive`. Quotes carry the speaker when an attribution is nearby.

use super::inline::{tokens, words};
use super::sentence::sentences;
use super::{BlockChange, ChangeKind, Edit, InlineChange, InlineTag, NumberChange};

/// Fill in the edits of one block change.
pub fn classify(change: &mut BlockChange) {
    let edits = match &*change {
        BlockChange::Unchanged { .. } => return,
        BlockChange::Added { block, .. } => vec![whole_block(&block.text)],
        BlockChange::Removed { block, .. } => vec![whole_block(&block.text)],
        _ => change.inline().map(runs).unwrap_or_default(),
    };
    if let Some(slot) = change.edits_mut() {
        *slot = edits;
    }
}

fn whole_block(text: &str) -> Edit {
    let quoted = has_quotation(text);
    Edit {
        kind: if quoted {
            ChangeKind::Quote
        } else {
            ChangeKind::Substantive
        },
        old: String::new(),
        new: String::new(),
        numbers: None,
        speaker: if quoted { speaker_near(text) } else { None },
    }
}

/// One edit per group of consecutive non-equal inline runs, in order.
fn runs(inline: &[InlineChange]) -> Vec<Edit> {
    let old_text: String = side(inline, InlineTag::Delete);
    let new_text: String = side(inline, InlineTag::Insert);
    let quoted = has_quote_mark(&old_text) || has_quote_mark(&new_text);
    let mut edits = Vec::new();
    let (mut old_at, mut new_at) = (0, 0);
    let mut k = 0;
    while k < inline.len() {
        if inline[k].tag == InlineTag::Equal {
            old_at += inline[k].text.len();
            new_at += inline[k].text.len();
            k += 1;
            continue;
        }
        let (mut old, mut new) = (String::new(), String::new());
        let (old_start, new_start) = (old_at, new_at);
        while k < inline.len() && inline[k].tag != InlineTag::Equal {
            match inline[k].tag {
                InlineTag::Delete => old.push_str(&inline[k].text),
                _ => new.push_str(&inline[k].text),
            }
            k += 1;
        }
        old_at += old.len();
        new_at += new.len();
        let context = Context {
            old_text: &old_text,
            old_at: old_start,
            new_text: &new_text,
            new_at: new_start,
            quoted,
        };
        edits.push(classify_run(old, new, &context));
    }
    edits
}

/// The text one side of an inline diff rebuilds: equal runs plus the runs tagged `keep`.
pub(super) fn side(inline: &[InlineChange], keep: InlineTag) -> String {
    inline
        .iter()
        .filter(|r| r.tag == InlineTag::Equal || r.tag == keep)
        .map(|r| r.text.as_str())
        .collect()
}

/// Where a run stands: the whole old and new texts and its byte offset in each.
struct Context<'a> {
    old_text: &'a str,
    old_at: usize,
    new_text: &'a str,
    new_at: usize,
    /// Whether either text has a quotation mark at all (most paragraphs have none).
    quoted: bool,
}

fn classify_run(old: String, new: String, at: &Context) -> Edit {
    let mut edit = Edit {
        kind: ChangeKind::Substantive,
        old,
        new,
        numbers: None,
        speaker: None,
    };
    let (old, new) = (edit.old.as_str(), edit.new.as_str());
    if fold(old) == fold(new) {
        edit.kind = ChangeKind::Cosmetic;
    } else if let Some(numbers) = figure_change(old, new) {
        // Before the typo test: "Eight" → "Eighty" is one letter and a tenfold figure.
        edit.kind = ChangeKind::Number;
        edit.numbers = Some(numbers);
    } else if is_typo(old, new)
        && is_name_change(old, new)
        && !opens_sentence(at.new_text, at.new_at)
    {
        // "Mark" → "Mary", "Paul" → "Paula": one letter, another person. A misspelt name
        // fixed reads as a name change too, which an auditor can dismiss; a new person read
        // as a typo would be hidden.
        edit.kind = ChangeKind::Name;
    } else if is_typo(old, new) || is_doubling(at, old, new) {
        edit.kind = ChangeKind::Typo;
    } else if is_name_change(old, new)
        && !(one_word(old)
            && one_word(new)
            && opens_sentence(at.old_text, at.old_at)
            && opens_sentence(at.new_text, at.new_at))
    {
        edit.kind = ChangeKind::Name;
    } else if at.quoted
        && (inside_quotes(at.old_text, at.old_at) || inside_quotes(at.new_text, at.new_at))
        || has_quote_mark(old)
        || has_quote_mark(new)
    {
        edit.kind = ChangeKind::Quote;
        edit.speaker = if new.is_empty() {
            speaker_around(at.old_text, at.old_at)
        } else {
            speaker_around(at.new_text, at.new_at)
        };
    }
    edit
}

/// Letters and digits only, lowercase.
fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_typo(old: &str, new: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (words(old).collect(), words(new).collect());
    if a.len() != b.len() {
        return false;
    }
    let mut differing = a.iter().zip(&b).filter(|(x, y)| x != y);
    let (Some((x, y)), None) = (differing.next(), differing.next()) else {
        return false;
    };
    let (x, y): (Vec<char>, Vec<char>) = (
        x.chars().flat_map(char::to_lowercase).collect(),
        y.chars().flat_map(char::to_lowercase).collect(),
    );
    let shortest = x.len().min(y.len());
    let letters_only = x
        .iter()
        .chain(&y)
        .all(|c| c.is_alphabetic() || matches!(c, '’' | '\'' | '-'));
    if !letters_only || shortest < 4 || x[0] != y[0] {
        return false;
    }
    let distance = edit_distance(&x, &y);
    distance == 1 || (distance == 2 && shortest >= 6)
}

/// True when a pure deletion removes (or a pure insertion adds) a repeat of the words right
/// beside it: "laid out the laid out the dire situation" fixed is a slip, not a rewrite.
fn is_doubling(at: &Context, old: &str, new: &str) -> bool {
    let (text, start, run) = match (old.trim().is_empty(), new.trim().is_empty()) {
        (false, true) => (at.old_text, at.old_at, old),
        (true, false) => (at.new_text, at.new_at, new),
        _ => return false,
    };
    let words = run.trim().to_lowercase();
    let before = text[..start].trim_end().to_lowercase();
    let after = text[(start + run.len()).min(text.len())..]
        .trim_start()
        .to_lowercase();
    // Whole words only: deleting "he" after "the" is no doubling.
    let whole_before = before
        .strip_suffix(words.as_str())
        .is_some_and(|rest| !rest.ends_with(char::is_alphanumeric));
    let whole_after = after
        .strip_prefix(words.as_str())
        .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric));
    words.chars().any(char::is_alphanumeric) && (whole_before || whole_after)
}

/// Levenshtein distance with adjacent transpositions counted as one edit.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev2 = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(prev2[j - 2] + 1);
            }
        }
        prev2 = std::mem::replace(&mut prev, row);
    }
    prev[b.len()]
}

/// Written-out numbers that count as figures.
const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "dozen",
    "dozens",
    "half",
    "percent",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "tenth",
];

/// The figures in a text as written: digit runs with their sign, currency and per-cent marks
/// ("$3.5", "12%", "1,100"), and runs of number words ("three hundred").
pub fn numbers_in(text: &str) -> Vec<String> {
    let toks = tokens(text);
    let mut out: Vec<String> = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        let tok = toks[k];
        let lower = tok.to_lowercase();
        if tok.chars().any(|c| c.is_ascii_digit()) {
            let mut figure = String::new();
            if k > 0 && matches!(toks[k - 1], "$" | "£" | "€" | "¥" | "-" | "−") {
                figure.push_str(toks[k - 1]);
            }
            figure.push_str(tok);
            if toks.get(k + 1) == Some(&"%") {
                figure.push('%');
                k += 1;
            }
            out.push(figure);
        } else if NUMBER_WORDS.contains(&lower.as_str()) {
            // "three hundred", "two-thirds": one figure for consecutive number words.
            let mut figure = tok.to_string();
            while k + 2 < toks.len()
                && toks[k + 1].trim().is_empty()
                && NUMBER_WORDS.contains(&toks[k + 2].to_lowercase().as_str())
            {
                figure.push(' ');
                figure.push_str(toks[k + 2]);
                k += 2;
            }
            out.push(figure);
        }
        k += 1;
    }
    out
}

fn figure_change(old: &str, new: &str) -> Option<NumberChange> {
    let (a, b) = (numbers_in(old), numbers_in(new));
    if a.is_empty() || b.is_empty() || a == b {
        return None;
    }
    let other_words = |text: &str| {
        words(text)
            .filter(|w| {
                !w.chars().any(|c| c.is_ascii_digit())
                    && !NUMBER_WORDS.contains(&w.to_lowercase().as_str())
            })
            .count()
    };
    (other_words(old) <= 4 && other_words(new) <= 4).then_some(NumberChange { old: a, new: b })
}

/// Capitalised words that open sentences without being names.
const OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "but",
    "and",
    "in",
    "on",
    "at",
    "as",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "our",
    "if",
    "when",
    "while",
    "after",
    "before",
    "for",
    "of",
    "to",
    "with",
    "by",
    "from",
    "there",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "today",
    "yesterday",
    "reporters",
];

fn is_name_change(old: &str, new: &str) -> bool {
    let capitalised = |text: &str| {
        let w: Vec<&str> = words(text).collect();
        !w.is_empty()
            && w.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars().any(char::is_alphabetic)
                    && !OPENERS.contains(&w.to_lowercase().as_str())
            })
    };
    capitalised(old) && capitalised(new)
}

fn one_word(text: &str) -> bool {
    words(text).nth(1).is_none()
}

/// Whether byte `at` of `text` opens a sentence, where any word is capitalised: "Critics" →
/// "Opponents" there is a reworded sentence, not a name changed.
fn opens_sentence(text: &str, at: usize) -> bool {
    let before = text[..at.min(text.len())]
        .trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')']);
    before.is_empty() || before.ends_with(['.', '!', '?', ':'])
}

fn has_quote_mark(text: &str) -> bool {
    text.contains(['“', '”', '"', '«', '»', '„'])
}

/// True when byte `at` of `text` stands inside quotation marks.
fn inside_quotes(text: &str, at: usize) -> bool {
    let mut depth = 0usize;
    let mut straight = false;
    for c in text[..at.min(text.len())].chars() {
        match c {
            '“' | '«' | '„' => depth += 1,
            '”' | '»' => depth = depth.saturating_sub(1),
            '"' => straight = !straight,
            _ => {}
        }
    }
    depth > 0 || straight
}

/// True when the text quotes at least three words.
fn has_quotation(text: &str) -> bool {
    let mut inside = String::new();
    let mut open = false;
    for c in text.chars() {
        match c {
            '“' | '«' | '„' => open = true,
            '"' => open = !open,
            '”' | '»' => open = false,
            _ if open => inside.push(c),
            _ => {}
        }
        if !open && words(&inside).count() >= 3 {
            return true;
        }
        if !open {
            inside.clear();
        }
    }
    false
}

/// The speaker of the sentence around byte `at`. A quotation may run on past its first
/// sentence, so a sentence with no attribution at all takes the next one found after it; one
/// attributed to a pronoun ("he said") names nobody, whoever speaks later in the paragraph.
fn speaker_around(text: &str, at: usize) -> Option<String> {
    let mut start = 0;
    for sentence in sentences(text) {
        let end = start + sentence.len();
        if (start..=end).contains(&at) {
            if let Some(who) = speaker_near(sentence) {
                return Some(who);
            }
            let attributed = sentence.split_whitespace().any(|w| {
                let w = w
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                SAYS.contains(&w.as_str())
            });
            return if attributed {
                None
            } else {
                speaker_near(&text[start..])
            };
        }
        start = end;
    }
    speaker_near(text)
}

/// Where the aside begins when `words` end in one ("…, a spokesperson for the office,"): the
/// index of the word after the comma that opens it, which must be a lowercase word or a number,
/// at most 12 words back.
fn aside_start(words: &[&str]) -> Option<usize> {
    let from = words.len().saturating_sub(12);
    (from..words.len().saturating_sub(1))
        .rev()
        .find(|&j| words[j].ends_with(','))
        .filter(|&j| {
            words[j + 1]
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
        })
        .map(|j| j + 1)
}

/// Verbs of attribution: "said X", "X said".
const SAYS: &[&str] = &[
    "said",
    "says",
    "added",
    "asked",
    "wrote",
    "explained",
    "insisted",
    "stated",
    "told",
    "tells",
    "warned",
    "recalled",
];

/// Who is quoted, from an attribution: "said Ruth Adeyemi", "Ruth Adeyemi said", "Yerin told
/// reporters", "according to Mayor Jane Ruiz". Pronouns and common nouns give None.
pub fn speaker_near(text: &str) -> Option<String> {
    let raw: Vec<&str> = text.split_whitespace().collect();
    // An initial ("John C. Smith") or a title ("Dr. Lena Berg") ends in a full stop without
    // ending the name.
    let abbreviation = |w: &str| {
        w.ends_with('.')
            && (w.chars().count() == 2
                || [
                    "Dr.", "Mr.", "Mrs.", "Ms.", "Gen.", "Sen.", "Rep.", "Gov.", "Prof.", "St.",
                    "Lt.", "Col.", "Sgt.",
                ]
                .contains(&w))
    };
    let ends_clause =
        |w: &str| !abbreviation(w) && w.ends_with([',', '.', ';', ':', '”', '"', '!', '?', ')']);
    let clean = |w: &str| -> String {
        let core = w.trim_matches(|c: char| !c.is_alphanumeric());
        if abbreviation(w) {
            format!("{core}.")
        } else {
            core.to_string()
        }
    };
    let is_name = |w: &str| {
        let c = clean(w);
        c.chars().next().is_some_and(char::is_uppercase)
            && !OPENERS.contains(&c.to_lowercase().as_str())
    };
    for (k, word) in raw.iter().enumerate() {
        let verb = clean(word).to_lowercase();
        let after_from = if SAYS.contains(&verb.as_str()) && !ends_clause(word) {
            Some(k + 1)
        } else if verb == "according"
            && raw
                .get(k + 1)
                .is_some_and(|w| clean(w).eq_ignore_ascii_case("to"))
        {
            Some(k + 2)
        } else {
            None
        };
        // "said Ruth Adeyemi" (not "told Ruth": the listener is not the speaker).
        if let Some(from) = after_from
            && !verb.starts_with("told")
            && !verb.starts_with("tell")
        {
            let mut name = Vec::new();
            // "said union secretary Dana Whitcombe": a lowercase title or two may come first.
            let title = raw
                .iter()
                .skip(from)
                .take(2)
                .take_while(|w| {
                    w.chars().next().is_some_and(char::is_lowercase)
                        && !ends_clause(w)
                        && !OPENERS.contains(&clean(w).as_str())
                })
                .count();
            for w in raw.iter().skip(from + title).take(5) {
                if !is_name(w) {
                    break;
                }
                name.push(clean(w));
                if ends_clause(w) {
                    break;
                }
            }
            if !name.is_empty() {
                return Some(name.join(" "));
            }
        }
        // "Ruth Adeyemi said", "Yerin told"; "Samuel Osei, a spokesperson for the mayor's
        // office, said" and "Ana Ruiz, 42, said": the name before an aside.
        if SAYS.contains(&verb.as_str()) {
            let before = match k.checked_sub(1).map(|p| raw[p]) {
                Some(w) if w.ends_with(',') => aside_start(&raw[..k]).unwrap_or(k),
                _ => k,
            };
            let mut name = Vec::new();
            for (i, w) in raw[..before].iter().enumerate().rev().take(5) {
                // The last word of the name may carry the aside's comma.
                if i + 1 == before && before < k && is_name(w) {
                    name.push(clean(w));
                    continue;
                }
                if !is_name(w) || ends_clause(w) {
                    break;
                }
                name.push(clean(w));
            }
            if !name.is_empty() {
                name.reverse();
                return Some(name.join(" "));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::inline::inline_changes;
    use std::time::{Duration, Instant};

    /// The kinds of the edits between two wordings of one paragraph.
    fn kinds(old: &str, new: &str) -> Vec<(ChangeKind, String, String)> {
        let inline = inline_changes(old, new, Instant::now() + Duration::from_secs(5)).unwrap();
        runs(&inline)
            .into_iter()
            .map(|e| (e.kind, e.old, e.new))
            .collect()
    }

    fn only_kind(old: &str, new: &str) -> ChangeKind {
        let k = kinds(old, new);
        assert_eq!(k.len(), 1, "{k:?}");
        k[0].0
    }

    #[test]
    fn punctuation_case_quotes_and_dashes_are_cosmetic() {
        let base = "The council voted 7-2 on Tuesday -- a \"historic\" day, the mayor said.";
        let new = "The council voted 7-2 on Tuesday — a “historic” day, the mayor said.";
        let found = kinds(base, new);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found.iter().all(|k| k.0 == ChangeKind::Cosmetic),
            "{found:?}"
        );
        assert_eq!(
            only_kind("the Council voted.", "The council voted."),
            ChangeKind::Cosmetic
        );
        let spacing = kinds("The  council voted , today.", "The council voted, today.");
        assert!(!spacing.is_empty());
        assert!(
            spacing.iter().all(|k| k.0 == ChangeKind::Cosmetic),
            "{spacing:?}"
        );
    }

    #[test]
    fn a_letter_fixed_inside_a_word_is_a_typo() {
        assert_eq!(
            only_kind(
                "At the top of the list was Robert E. Peterson, the publisher.",
                "At the top of the list was Robert E. Petersen, the publisher."
            ),
            ChangeKind::Typo
        );
        assert_eq!(
            only_kind("The goverment said so.", "The government said so."),
            ChangeKind::Typo
        );
        // Short words and different first letters are real changes.
        assert_ne!(
            only_kind("It is now open.", "It is not open."),
            ChangeKind::Typo
        );
        assert_ne!(
            only_kind("Prices will increase.", "Prices will decrease."),
            ChangeKind::Typo
        );
    }

    #[test]
    fn a_doubled_phrase_removed_is_a_typo() {
        assert_eq!(
            only_kind(
                "The captain laid out the laid out the dire situation aboard.",
                "The captain laid out the dire situation aboard."
            ),
            ChangeKind::Typo
        );
        assert_eq!(
            only_kind("The the council voted.", "The council voted."),
            ChangeKind::Typo
        );
        assert_ne!(
            only_kind(
                "Then he said the vote passed.",
                "Then said the vote passed."
            ),
            ChangeKind::Typo
        );
    }

    #[test]
    fn figures_are_numbers_with_their_values() {
        let inline = inline_changes(
            "At least 1,100 soldiers were killed, officials said.",
            "More than 3,000 soldiers were killed, officials said.",
            Instant::now() + Duration::from_secs(5),
        )
        .unwrap();
        let edits = runs(&inline);
        assert_eq!(edits.len(), 1, "{edits:?}");
        assert_eq!(edits[0].kind, ChangeKind::Number);
        assert_eq!(
            edits[0].numbers,
            Some(NumberChange {
                old: vec!["1,100".into()],
                new: vec!["3,000".into()]
            })
        );
        assert_eq!(
            only_kind("Turnout was 41% this year.", "Turnout was 44% this year."),
            ChangeKind::Number
        );
        assert_eq!(
            only_kind("Three people were hurt.", "Five people were hurt."),
            ChangeKind::Number
        );
    }

    #[test]
    fn numbers_are_read_as_written() {
        assert_eq!(
            numbers_in("It cost $3.5 million, up 12% from three hundred days ago."),
            ["$3.5", "million", "12%", "three hundred"]
        );
    }

    #[test]
    fn a_changed_capitalised_name_is_a_name() {
        assert_eq!(
            only_kind(
                "The report was led by Councillor Jane Okafor.",
                "The report was led by Councillor Ruth Mensah."
            ),
            ChangeKind::Name
        );
    }

    #[test]
    fn one_letter_in_a_name_is_a_name_change_not_a_typo() {
        assert_eq!(
            only_kind(
                "Resident Mark Ellison said the road was closed.",
                "Resident Mary Ellison said the road was closed."
            ),
            ChangeKind::Name
        );
        // A lowercase word keeps the typo reading.
        assert_eq!(
            only_kind(
                "The road was clsoed on Tuesday.",
                "The road was closed on Tuesday."
            ),
            ChangeKind::Typo
        );
    }

    #[test]
    fn a_number_word_one_letter_longer_is_a_figure_not_a_typo() {
        assert_eq!(
            only_kind(
                "Eight people were hurt in the crash, residents said.",
                "Eighty people were hurt in the crash, residents said."
            ),
            ChangeKind::Number
        );
        assert_eq!(
            only_kind(
                "The council met for six hours.",
                "The council met for sixty hours."
            ),
            ChangeKind::Number
        );
    }

    #[test]
    fn a_word_capitalised_only_because_it_opens_a_sentence_is_no_name() {
        assert_eq!(
            only_kind(
                "The vote is set for May. Critics say the plan is rushed.",
                "The vote is set for May. Opponents say the plan is rushed."
            ),
            ChangeKind::Substantive
        );
        // A name of two words, or one inside the sentence, still is one.
        assert_eq!(
            only_kind("Jane Okafor led the report.", "Ruth Mensah led the report."),
            ChangeKind::Name
        );
    }

    #[test]
    fn words_inside_quotation_marks_are_a_quote_with_its_speaker() {
        let inline = inline_changes(
            "“We could see the flames,” said Ruth Adeyemi, a neighbour.",
            "“We could see the flames from across the bay,” said Ruth Adeyemi, a neighbour.",
            Instant::now() + Duration::from_secs(5),
        )
        .unwrap();
        let edits = runs(&inline);
        assert_eq!(edits.len(), 1);
        assert_eq!(edits[0].kind, ChangeKind::Quote);
        assert_eq!(edits[0].speaker.as_deref(), Some("Ruth Adeyemi"));
    }

    #[test]
    fn an_added_paragraph_with_a_quotation_is_a_quote() {
        let edit =
            whole_block("“We will rebuild by spring,” Mayor Ana Ruiz told reporters on Friday.");
        assert_eq!(edit.kind, ChangeKind::Quote);
        assert_eq!(edit.speaker.as_deref(), Some("Mayor Ana Ruiz"));
        let plain = whole_block("The cause of the fire is under investigation.");
        assert_eq!(plain.kind, ChangeKind::Substantive);
    }

    #[test]
    fn speakers_come_from_attributions_not_pronouns() {
        assert_eq!(speaker_near("“It is over,” he said.").as_deref(), None);
        assert_eq!(
            speaker_near("Prices will rise, according to Finance Minister Lena Berg.").as_deref(),
            Some("Finance Minister Lena Berg")
        );
        assert_eq!(
            speaker_near("“It was chaos,” said John C. Pistole, a former administrator.")
                .as_deref(),
            Some("John C. Pistole")
        );
        assert_eq!(
            speaker_near("“Nobody listened,” said union secretary Dana Whitcombe.").as_deref(),
            Some("Dana Whitcombe")
        );
        assert_eq!(
            speaker_near("“Not yet,” he said on Friday.").as_deref(),
            None
        );
        assert_eq!(
            speaker_near("Yevgen Yerin told the agency that the soldiers had surrendered.")
                .as_deref(),
            Some("Yevgen Yerin")
        );
    }

    #[test]
    fn a_quote_is_credited_to_its_own_attribution_not_the_next_speaker() {
        let pronoun = "“Not yet,” he said on Friday. Claire Reyes said 8,100 complaints came in.";
        assert_eq!(speaker_around(pronoun, 0), None);
        let run_on = "“We were scared. The water rose so fast,” said Ana Ruiz. Officials declined.";
        assert_eq!(speaker_around(run_on, 0).as_deref(), Some("Ana Ruiz"));
    }

    #[test]
    fn a_speaker_named_before_an_aside_is_the_speaker() {
        assert_eq!(
            speaker_near(
                "“It is too early to say,” Samuel Osei, a spokesperson for the mayor’s office, \
                 said on Sunday. Claire Reyes said the agency had received 8,100 complaints."
            )
            .as_deref(),
            Some("Samuel Osei")
        );
        assert_eq!(
            speaker_near("“We saw the smoke first,” Ana Ruiz, 42, said.").as_deref(),
            Some("Ana Ruiz")
        );
        // An aside after a pronoun names nobody.
        assert_eq!(
            speaker_near("“Not yet,” she, a little tired, said.").as_deref(),
            None
        );
    }

    #[test]
    fn a_rewritten_clause_is_substantive() {
        assert_eq!(
            only_kind(
                "The judge released all defendants on Friday.",
                "The judge released a group of defendants on Friday."
            ),
            ChangeKind::Substantive
        );
    }
}
