//! Timestamp labels: "Updated: Nov. 20, 2019 1:35 a.m.", "Aktualisiert am 3. März 2024, 10:15
//! Uhr", "Mis à jour le 12 mars 2024 à 10h05", "Actualizado: 27 abril 2022 | 03:04 am", also
//! after a publication label on one line ("PUBLISHED: Oct. 1, 2020 at 4:56 p.m. | UPDATED: …").
//! They are the publisher's claim of when the story was modified, never notes and never story
//! text: kept in the body, the time would change with every update and read as an edit.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};

/// Words that open a timestamp label, lowercase, longest first.
const LABELS: &[&str] = &[
    "last updated on",
    "last updated",
    "updated on",
    "updated at",
    "updated",
    "aktualisiert am",
    "aktualisiert",
    "mis à jour le",
    "mis à jour",
    "actualizado el",
    "actualizado",
];

/// Words that open a publication label, which may come before an update label on its line.
const PUBLISHED: &[&str] = &[
    "published on",
    "published",
    "posted on",
    "posted",
    "veröffentlicht am",
    "veröffentlicht",
    "publié le",
    "publié",
    "publicado el",
    "publicado",
];

/// Whether a lowercase word names a month, in full or abbreviated, in the languages we read.
pub(super) fn is_month(word: &str) -> bool {
    MONTHS.iter().any(|(name, _)| *name == word)
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    // German, French, Spanish.
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("janvier", 1),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
];

/// Other words a timestamp label may hold: weekdays and small joining words.
const FILLER: &[&str] = &[
    "at",
    "on",
    "am",
    "um",
    "uhr",
    "à",
    "le",
    "el",
    "de",
    "a",
    "las",
    "la",
    "h",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
    "pm",
    "a.m",
    "p.m",
    "a.m.",
    "p.m.",
];

/// Zone abbreviations seen on news sites, as offsets in hours.
const ZONES: &[(&str, i32)] = &[
    ("utc", 0),
    ("gmt", 0),
    ("z", 0),
    ("bst", 1),
    ("cet", 1),
    ("mez", 1),
    ("cest", 2),
    ("mesz", 2),
    ("et", -5),
    ("est", -5),
    ("edt", -4),
    ("ct", -6),
    ("cst", -6),
    ("cdt", -5),
    ("mt", -7),
    ("mst", -7),
    ("mdt", -6),
    ("pt", -8),
    ("pst", -8),
    ("pdt", -7),
];

/// The text after a timestamp label's opening words, if `text` opens with one.
fn after_label(lower: &str) -> Option<&str> {
    after_any(LABELS, lower)
}

/// The text after one of `labels`, if `lower` opens with one.
fn after_any<'a>(labels: &[&str], lower: &'a str) -> Option<&'a str> {
    labels.iter().find_map(|label| {
        let rest = lower.strip_prefix(label)?;
        // "Updated to add …" and "updatedness" are not labels.
        rest.starts_with([' ', ':', ',', '\u{a0}']).then_some(rest)
    })
}

/// Whether the cleaned `raw` text could open with a label, from its first visible letter:
/// cleaning only drops invisible characters and composes accents, which makes no letter a
/// label starts with.
pub fn may_open_label(raw: &str) -> bool {
    raw.chars()
        .find(|c| !c.is_whitespace() && !super::body::invisible(*c))
        .and_then(|c| c.to_lowercase().next())
        .is_some_and(opens_a_label)
}

fn opens_a_label(first: char) -> bool {
    LABELS
        .iter()
        .chain(PUBLISHED)
        .any(|label| label.starts_with(first))
}

/// True when `text` is only a timestamp label (whether or not its date can be read).
pub fn is_label(text: &str) -> bool {
    parse(text).is_some()
}

/// The time a timestamp label states; None when `text` is not one or holds no full date. A
/// publication label with its date may come first, set apart by `|` or `·`.
pub fn parse(text: &str) -> Option<DateTime<FixedOffset>> {
    // Most text opens with no label: its first letter rules it out before any lowercasing.
    let first = text.trim_start().chars().next()?.to_lowercase().next()?;
    if !opens_a_label(first) {
        return None;
    }
    let lower = text.trim().to_lowercase();
    if let Some((published, updated)) = lower.split_once(['|', '·'])
        && let Some(date) = after_any(PUBLISHED, published.trim())
    {
        read_date(date)?;
        return read_label(updated.trim());
    }
    read_label(&lower)
}

/// The time an update label states, from lowercase `lower`.
fn read_label(lower: &str) -> Option<DateTime<FixedOffset>> {
    if lower.split_whitespace().count() > 14 {
        return None;
    }
    read_date(after_label(lower)?)
}

/// A date, maybe with a time and zone, and nothing else but filler words.
fn read_date(rest: &str) -> Option<DateTime<FixedOffset>> {
    let p = read_parts(rest)?;
    let date = NaiveDate::from_ymd_opt(p.year?, p.month?, p.day?)?;
    let mut h = p.hour.unwrap_or(0);
    match p.pm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    let time = NaiveTime::from_hms_opt(h, p.minute, p.second)?;
    let offset = FixedOffset::east_opt(p.zone.unwrap_or(0) * 3600)?;
    offset.from_local_datetime(&date.and_time(time)).single()
}

/// Whether lowercase `text` is only a date or a time ("6:48 p.m. et", "dec. 9, 2024"), even
/// one too incomplete to read as an instant.
pub(super) fn is_date_or_time(text: &str) -> bool {
    read_parts(text).is_some_and(|p| {
        p.hour.is_some() || p.month.is_some() || p.day.is_some() || p.year.is_some()
    })
}

/// `text` without the dates and times it mentions: "Updated at 6:48 p.m. ET to add …" becomes
/// "Updated at to add …". A note's time says when it was written, not what changed. A run of
/// words is a date when it holds a clock time, or a month or an am/pm with a number beside it;
/// "12 people" and a lone "May" stay.
pub(crate) fn without_dates(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let parts: Vec<Option<Parts>> = words
        .iter()
        .map(|w| read_parts(&w.to_lowercase()))
        .collect();
    let mut keep = vec![true; words.len()];
    let mut start = 0;
    while start < words.len() {
        let mut end = start;
        while end < words.len() && parts[end].is_some() {
            end += 1;
        }
        let run = parts[start..end].iter().flatten();
        let clock = run.clone().any(|p| p.hour.is_some());
        let named = run.clone().any(|p| p.month.is_some() || p.pm.is_some());
        let number = run.clone().any(|p| p.day.is_some() || p.year.is_some());
        if clock || (named && number) {
            keep[start..end].iter_mut().for_each(|k| *k = false);
        }
        start = end.max(start + 1);
    }
    words
        .iter()
        .zip(keep)
        .filter_map(|(w, k)| k.then_some(*w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The pieces of a date and time a label states.
#[derive(Default)]
struct Parts {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    hour: Option<u32>,
    minute: u32,
    second: u32,
    pm: Option<bool>,
    zone: Option<i32>,
}

/// The date and time words of `rest`; None when it holds any other word.
fn read_parts(rest: &str) -> Option<Parts> {
    if rest.split_whitespace().count() > 14 {
        return None;
    }
    let mut p = Parts::default();
    let tokens: Vec<String> = rest
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '/' | '@' | '—' | '–'))
        .map(|t| {
            t.trim_matches(|c: char| matches!(c, '.' | ':' | '(' | ')'))
                .to_string()
        })
        .filter(|t| !t.is_empty())
        .collect();
    for token in &tokens {
        let t = token.as_str();
        // A year glued to the time, as printed by one site: "20197:16".
        if t.len() > 5
            && t[..4].chars().all(|c| c.is_ascii_digit())
            && t[4..].contains(':')
            && p.year.is_none()
        {
            p.year = t[..4].parse().ok();
            read_time(&t[4..], &mut p);
            continue;
        }
        if t.contains(':') || (t.contains('h') && t.starts_with(|c: char| c.is_ascii_digit())) {
            read_time(t, &mut p);
            continue;
        }
        match t {
            "am" | "a.m" | "a.m." => p.pm = Some(false),
            "pm" | "p.m" | "p.m." => p.pm = Some(true),
            _ => {}
        }
        if let Some((_, m)) = MONTHS.iter().find(|(name, _)| *name == t) {
            p.month = p.month.or(Some(*m));
            continue;
        }
        if let Some((_, h)) = ZONES.iter().find(|(name, _)| *name == t) {
            p.zone = p.zone.or(Some(*h));
            continue;
        }
        let digits = t
            .trim_end_matches(['.', 'h'])
            .trim_end_matches("st")
            .trim_end_matches("nd");
        let digits = digits.trim_end_matches("rd").trim_end_matches("th");
        match digits.parse::<u32>() {
            Ok(n) if digits.len() == 4 => p.year = p.year.or(Some(n as i32)),
            Ok(n) if (1..=31).contains(&n) && p.day.is_none() => p.day = Some(n),
            // Anything else means this is a sentence that happens to hold a date.
            _ if FILLER.contains(&t) => {}
            _ => return None,
        }
    }
    Some(p)
}

/// "5:02", "10:09am", "03:04:41", "10h05", "1:35": hour, minute and maybe second and am/pm.
fn read_time(t: &str, p: &mut Parts) {
    let (clock, suffix) = match t.find(|c: char| c.is_ascii_alphabetic() && c != 'h') {
        Some(at) => (&t[..at], &t[at..]),
        None => (t, ""),
    };
    let mut parts = clock.split([':', 'h']).map(|p| p.parse::<u32>().ok());
    if let Some(Some(h)) = parts.next() {
        p.hour = Some(h);
        p.minute = parts.next().flatten().unwrap_or(0);
        p.second = parts.next().flatten().unwrap_or(0);
    }
    if suffix.starts_with('a') {
        p.pm = Some(false);
    } else if suffix.starts_with('p') {
        p.pm = Some(true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<String> {
        parse(text).map(|d| d.to_rfc3339())
    }

    #[test]
    fn english_labels_with_times_zones_and_odd_punctuation() {
        assert_eq!(
            at("Updated: Nov. 20, 2019 1:35 a.m."),
            Some("2019-11-20T01:35:00+00:00".into())
        );
        assert_eq!(
            at("Updated April 29, 2019 at 3:33 pm"),
            Some("2019-04-29T15:33:00+00:00".into())
        );
        assert_eq!(
            at("Updated: 10:09am, 20 Jan, 2020"),
            Some("2020-01-20T10:09:00+00:00".into())
        );
        assert_eq!(
            at("Updated 5:02 PM ET, August 13, 2010"),
            Some("2010-08-13T17:02:00-05:00".into())
        );
        assert_eq!(
            at("Updated Tue, Nov 19 20197:16 AM EST"),
            Some("2019-11-19T07:16:00-05:00".into())
        );
        assert_eq!(
            at("Updated on: November 19, 2019 / 10:07 AM"),
            Some("2019-11-19T10:07:00+00:00".into())
        );
        assert_eq!(
            at("Updated: August 22, 2019"),
            Some("2019-08-22T00:00:00+00:00".into())
        );
    }

    #[test]
    fn german_french_and_spanish_labels() {
        assert_eq!(
            at("Aktualisiert am 3. März 2024, 10:15 Uhr"),
            Some("2024-03-03T10:15:00+00:00".into())
        );
        assert_eq!(
            at("Mis à jour le 12 mars 2024 à 10h05"),
            Some("2024-03-12T10:05:00+00:00".into())
        );
        assert_eq!(
            at("Actualizado: miércoles 27 abril 2022 | 03:04:41 am."),
            Some("2022-04-27T03:04:41+00:00".into())
        );
    }

    #[test]
    fn an_update_label_after_a_publication_label_on_one_line() {
        assert_eq!(
            at("PUBLISHED: October 1, 2020 at 4:56 p.m. | UPDATED: October 2, 2020 at 9:10 a.m."),
            Some("2020-10-02T09:10:00+00:00".into())
        );
        assert_eq!(
            at("Veröffentlicht am 2. März 2024 · Aktualisiert am 3. März 2024, 10:15 Uhr"),
            Some("2024-03-03T10:15:00+00:00".into())
        );
        // A publication label alone states no modification; with a sentence after the bar, or
        // without a date of its own, the line is not a label.
        assert_eq!(at("Published: October 1, 2020 at 4:56 p.m."), None);
        assert_eq!(
            at("Published: October 1, 2020 | The council voted on May 3, 2024."),
            None
        );
        assert_eq!(
            at("Posted by the newsroom | Updated: October 2, 2020 at 9:10 a.m."),
            None
        );
    }

    #[test]
    fn dates_and_times_leave_a_note_but_numbers_stay() {
        assert_eq!(
            without_dates("Updated at 6:48 p.m. ET to add a response from the company."),
            "Updated to add a response from the company."
        );
        assert_eq!(
            without_dates("This article was updated on December 9, 2024, to add 12 names."),
            "This article was updated to add 12 names."
        );
        assert_eq!(
            without_dates("Update May 4th, 9:10AM ET: Added the company's statement."),
            "Update Added the company's statement."
        );
        assert_eq!(
            without_dates("Corrected to say the council may vote in June, not 2023."),
            "Corrected to say the council may vote in June, not 2023."
        );
    }

    #[test]
    fn notes_and_sentences_are_not_labels() {
        assert_eq!(
            at("Updated to add the mayor's comments on May 3, 2024."),
            None
        );
        assert_eq!(
            at("Officials updated the figures on Monday, May 3, 2024."),
            None
        );
        assert_eq!(at("Updated 5:45 p.m. ET"), None, "no date, nothing to read");
        assert_eq!(at("Update: Police released the name on May 3, 2024."), None);
        assert_eq!(at("Updated: The council voted on May 3, 2024."), None);
    }
}
