//! Publisher notes: short standalone elements that start with an update/correction phrase, in
//! English, German, French or Spanish. Timestamp labels ("Updated 5:45 p.m."), corrections
//! policies and empty "Editor's Note" labels are not notes.

use super::stamp;
use crate::article::NoteKind;

/// Leading decoration some sites print before a note: "*Correction", "• CORRECTION", "___ This
/// story", "[Editor's Note: …]".
fn strip_decoration(text: &str) -> &str {
    text.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '*' | '•' | '_' | '[' | '†' | '·')
    })
}

/// A "how to report an error" blurb, not a note about this story.
fn is_policy(lower: &str) -> bool {
    [
        "if you are aware of",
        "report a correction",
        "report an error",
        "corrections policy",
        "to request a correction",
        "submit a correction",
    ]
    .iter()
    .any(|p| lower.contains(p))
}

/// A notice about the website rather than the story: it gives an address to write to, or ends in
/// a link arrow ("Update: search works again. Write to admin@example.org »").
fn is_site_notice(text: &str) -> bool {
    let email = text.split_whitespace().any(|w| {
        w.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty() && domain.trim_end_matches(['.', ',', ')']).contains('.')
        })
    });
    email || text.trim_end().ends_with(['»', '→'])
}

/// The words after the first colon within the first `within` characters, if there is one.
fn after_colon(lower: &str, within: usize) -> Option<&str> {
    let at = lower
        .char_indices()
        .take(within)
        .find(|(_, c)| *c == ':')?
        .0;
    Some(lower[at + 1..].trim())
}

/// At least `n` words.
fn has_words(text: &str, n: usize) -> bool {
    text.split_whitespace().count() >= n
}

/// Whether a note says the story itself was taken back ("Editor's note: This article has been
/// removed."), in English, German, French or Spanish. The story must be the sentence's subject:
/// "A photo that accompanied this story was removed" is a correction, not a withdrawal.
pub fn is_withdrawal(note: &str) -> bool {
    static WITHDRAWN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?ix)
            (?: ^ | [.:;!?\]\)] \s* )
            (?:
                this \s+ (?:article|story|post|piece|column|content) \s+
                (?:has\s+been|had\s+been|was|is\s+being|is|have\s+been) \s+
                (?:removed|withdrawn|retracted|unpublished|taken\s+down|deleted|pulled)\b
              | (?:we|[\w’'&.-]+(?:\s+[\w’'&.-]+){0,3}) \s+ (?:have|has) \s+
                (?:removed|withdrawn|retracted|unpublished|taken\s+down|deleted|pulled) \s+
                this \s+ (?:article|story|post|piece|column)\b
              | dieser \s+ (?:artikel|beitrag) \s+ wurde \s+
                (?:entfernt|zurückgezogen|gelöscht|depubliziert)
              | cet \s+ article \s+ a \s+ été \s+ (?:retiré|supprimé|dépublié)
              | este \s+ artículo \s+ (?:ha\s+sido|fue) \s+
                (?:retirado|eliminado|despublicado)
            )",
        )
        .expect("valid pattern")
    });
    // "… has been removed from our paywall" is the opposite of a withdrawal.
    WITHDRAWN.find_iter(note).any(|m| {
        !note[m.end()..]
            .trim_start()
            .to_lowercase()
            .starts_with("from")
    })
}

/// The kind of note `text` is, if it is one.
#[cfg(test)]
pub fn classify(text: &str) -> Option<NoteKind> {
    // Cleaning keeps the word count; most blocks are longer than any note, so count first.
    if text.split_whitespace().nth(80).is_some() {
        return None;
    }
    classify_cleaned(&super::body::clean(text))
}

/// [`classify`] for text that is already cleaned (cleaning it again changes nothing).
pub fn classify_cleaned(text: &str) -> Option<NoteKind> {
    let t = strip_decoration(text);
    // The opening rules out most text before any word is counted.
    if !may_open_note(t)
        || text.split_whitespace().nth(80).is_some()
        || t.split_whitespace().count() > 80
    {
        return None;
    }
    let lower = t.to_lowercase();
    // The phrases first: most text is no note, and the look-alike checks cost more.
    let kind = kind_by_phrase(&lower)?;
    if is_policy(&lower) || stamp::is_label(t) || is_site_notice(t) {
        return None;
    }
    Some(kind)
}

/// The first three letters of the phrases [`kind_by_phrase`] looks for at the start.
const OPENINGS: &[&str] = &[
    "edi", "cor", "kor", "ber", "rec", "fe ", "an ", "thi", "cla", "kla", "acl", "upd", "akt",
    "mis", "act", "die", "cet", "est",
];

/// Whether [`kind_by_phrase`] could find a note in `t`, from its first three letters and its
/// first 120 characters only: most text is no note, and lowercasing all of it costs more.
fn may_open_note(t: &str) -> bool {
    let opening: String = t.chars().take(3).flat_map(char::to_lowercase).collect();
    if OPENINGS.iter().any(|o| opening.starts_with(o)) {
        return true;
    }
    // Every phrase a note may hold further in says "version".
    let end = t.char_indices().nth(120).map_or(t.len(), |(at, _)| at);
    let head = t[..end].to_lowercase();
    head.contains("version") || head.contains("versión")
}

/// The kind of note a lowercased text opens as, before look-alikes are ruled out.
fn kind_by_phrase(lower: &str) -> Option<NoteKind> {
    let starts = |p: &str| lower.starts_with(p);
    if starts("editor's note") || starts("editor’s note") || starts("editors' note") {
        // An empty label is page furniture, not a note.
        let rest = lower.split_once(':').map_or("", |(_, r)| r);
        return has_words(rest, 3).then_some(NoteKind::EditorsNote);
    }
    if starts("correction:")
        || starts("corrections:")
        || starts("korrektur:")
        || starts("berichtigung:")
        || starts("rectificatif")
        || starts("correctif :")
        || starts("corrección:")
        || starts("fe de errores")
        || starts("an earlier version of this")
        // "Correction 7 March 2012: An earlier version …"
        || (starts("correction ") && after_colon(lower, 40).is_some_and(|r| has_words(r, 3)))
    {
        return Some(NoteKind::Correction);
    }
    if starts("clarification:") || starts("klarstellung:") || starts("aclaración:") {
        return Some(NoteKind::Clarification);
    }
    if starts("updated to ")
        || starts("update:")
        || starts("aktualisierung:")
        || starts("mise à jour :")
        || starts("mise à jour:")
        || starts("actualización:")
        // "Aktualisiert: …", "Mis à jour : …", "Actualizado: …" with words after them (a bare
        // date there is a timestamp label, handled above).
        || ((starts("aktualisiert") || starts("mis à jour") || starts("actualizado"))
            && after_colon(lower, 20).is_some_and(|r| has_words(r, 3)))
        // "Update July 3rd, 8:05AM ET: Added …", "Update, 13:17 Uhr: …"
        || ((starts("update ") || starts("update,"))
            && after_colon(lower, 40).is_some_and(|r| has_words(r, 3)))
    {
        return Some(NoteKind::Update);
    }
    if let Some(rest) = lower.strip_prefix("update (") {
        return rest.contains("):").then_some(NoteKind::Update);
    }
    if let Some(kind) = story_was(lower) {
        return Some(kind);
    }
    if is_dated_update(lower) {
        return Some(NoteKind::Update);
    }
    // Notes that open with their reason: "Because of an editing error, an earlier version …".
    let head: String = lower.chars().take(120).collect();
    if [
        "an earlier version of this",
        "a previous version of this",
        "an earlier version of a",
        "in einer früheren version",
        "une version précédente de cet",
        "una versión anterior de est",
    ]
    .iter()
    .any(|p| head.contains(p))
    {
        return Some(NoteKind::Correction);
    }
    None
}

/// "This story was updated …", "Cet article a été corrigé …": the story speaking of its own
/// revision. Only the words for the story itself count: "This report was revised …" is as
/// likely a sentence about a government report.
fn story_was(lower: &str) -> Option<NoteKind> {
    // The opening, the verbs that may follow it, and whether the verb comes last in its clause
    // ("Dieser Artikel wurde am 3. März aktualisiert").
    type Verbs = &'static [(&'static str, NoteKind)];
    const SELVES: &[(&str, Verbs, bool)] = &[
        ("this article ", ENGLISH, false),
        ("this story ", ENGLISH, false),
        ("this post ", ENGLISH, false),
        ("this piece ", ENGLISH, false),
        ("dieser artikel wurde ", GERMAN, true),
        ("dieser beitrag wurde ", GERMAN, true),
        ("cet article a été ", FRENCH, false),
        ("este artículo ha sido ", SPANISH, false),
        ("este artículo fue ", SPANISH, false),
        ("esta nota ha sido ", SPANISH, false),
        ("esta nota fue ", SPANISH, false),
    ];
    const ENGLISH: Verbs = &[
        ("was updated", NoteKind::Update),
        ("has been updated", NoteKind::Update),
        ("was revised", NoteKind::Update),
        ("has been revised", NoteKind::Update),
        ("was corrected", NoteKind::Correction),
        ("has been corrected", NoteKind::Correction),
        ("was amended", NoteKind::Correction),
        ("has been amended", NoteKind::Correction),
        ("was clarified", NoteKind::Clarification),
        ("has been clarified", NoteKind::Clarification),
    ];
    const GERMAN: Verbs = &[
        ("aktualisiert", NoteKind::Update),
        ("ergänzt", NoteKind::Update),
        ("korrigiert", NoteKind::Correction),
    ];
    const FRENCH: Verbs = &[
        ("mis à jour", NoteKind::Update),
        ("actualisé", NoteKind::Update),
        ("corrigé", NoteKind::Correction),
        ("rectifié", NoteKind::Correction),
    ];
    const SPANISH: Verbs = &[
        ("actualizad", NoteKind::Update),
        ("corregid", NoteKind::Correction),
    ];
    SELVES.iter().find_map(|(opening, verbs, verb_last)| {
        let rest = lower.strip_prefix(opening)?;
        let clause = if *verb_last {
            let end = rest.char_indices().nth(60).map_or(rest.len(), |(at, _)| at);
            rest[..end].split([',', ';', ':']).next().unwrap_or("")
        } else {
            rest
        };
        verbs
            .iter()
            .find(|(verb, _)| {
                if *verb_last {
                    clause
                        .split_whitespace()
                        .any(|w| w.trim_end_matches(|c: char| !c.is_alphabetic()) == *verb)
                } else {
                    clause.starts_with(verb)
                }
            })
            .map(|(_, kind)| *kind)
    })
}

/// "Updated at 6:48 p.m. ET to add …", "Updated Dec. 9, 2024, with …", "UPDATED 5:45 P.M. —
/// adds …": an update label whose time is followed by what changed. The label alone is a
/// timestamp, and "Updated figures show …" no label at all.
fn is_dated_update(lower: &str) -> bool {
    let Some(rest) = ["updated", "update"]
        .iter()
        .find_map(|w| lower.strip_prefix(w))
        .filter(|r| r.starts_with([' ', ':', ',']))
    else {
        return false;
    };
    let rest = rest.trim_start_matches([' ', ':', ',']);
    let rest = ["at ", "on "]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
        .unwrap_or(rest);
    // The first place the time can end and the reason begin.
    let Some((at, len)) = [" to ", " with ", ": ", " — ", " – ", " - "]
        .iter()
        .filter_map(|m| rest.find(m).map(|at| (at, m.len())))
        .min()
    else {
        return false;
    };
    stamp::is_date_or_time(&rest[..at]) && has_words(&rest[at + len..], 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_withdrawn_story_is_told_from_a_correction_that_removed_something() {
        for withdrawn in [
            "Editor's note: This article has been removed. It contained figures from a draft budget.",
            "This story has been retracted.",
            "Editor’s Note: We have withdrawn this article pending a review of its sourcing.",
            "Anmerkung der Redaktion: Dieser Artikel wurde zurückgezogen.",
            "Note de la rédaction : cet article a été retiré.",
            "Nota del editor: Este artículo ha sido retirado.",
            "Editor's note: The Valley Ledger has retracted this article.",
            "Note to readers: We have unpublished this story.",
            "Editor's note: This content has been removed.",
        ] {
            assert!(is_withdrawal(withdrawn), "{withdrawn}");
        }
        for kept in [
            "Correction: A photo that accompanied this story was removed because it showed another bridge.",
            "Update: We have removed a quote from this story at the speaker's request.",
            "Correction: An earlier version misstated when the article was removed from the agenda.",
            "Update: The council said the report was withdrawn.",
            "Update: The report was retracted by the journal on Friday.",
            "Update: The post has been deleted by its author.",
            "Update: This article has been removed from our paywall.",
            "Correction: The column was pulled from Sunday's print edition.",
            "Update: The agency has withdrawn this report.",
        ] {
            assert!(!is_withdrawal(kept), "{kept}");
        }
    }

    #[test]
    fn phrases_are_notes() {
        assert_eq!(
            classify("Updated to add the mayor's comments."),
            Some(NoteKind::Update)
        );
        assert_eq!(
            classify("UPDATE (Dec. 3): Police released the name."),
            Some(NoteKind::Update)
        );
        assert_eq!(
            classify("Correction: The vote was 5-4."),
            Some(NoteKind::Correction)
        );
        assert_eq!(
            classify("An earlier version of this story misstated the date."),
            Some(NoteKind::Correction)
        );
        assert_eq!(
            classify("Clarification: The fund is private."),
            Some(NoteKind::Clarification)
        );
        assert_eq!(
            classify("Editor's note: Names were changed."),
            Some(NoteKind::EditorsNote)
        );
    }

    #[test]
    fn every_opening_phrase_passes_the_quick_test() {
        for phrase in [
            "Editor's note: a b c",
            "Editor’s note: a b c",
            "Editors' note: a b c",
            "Correction: a",
            "Corrections: a",
            "Korrektur: a",
            "Berichtigung: a",
            "Rectificatif a",
            "Correctif : a",
            "Corrección: a",
            "Fe de errores a",
            "An earlier version of this",
            "This article was amended",
            "This story has been corrected",
            "This article has been corrected",
            "Correction 7 March 2012: An earlier version of it",
            "Clarification: a",
            "Klarstellung: a",
            "Aclaración: a",
            "Updated to add",
            "Update: a",
            "This story has been updated",
            "This article has been updated",
            "Aktualisierung: a",
            "Mise à jour : a",
            "Mise à jour: a",
            "Actualización: a",
            "Aktualisiert: a b c",
            "Mis à jour : a b c",
            "Actualizado: a b c",
            "Update July 3rd, 8:05AM ET: Added a b",
            "Update, 13:17 Uhr: a b c",
            "Update (Dec. 3): a",
            "Because of an editing error, a previous version of this",
            "Wegen eines Fehlers hieß es in einer früheren Version",
            "Par erreur, une version précédente de cet article",
            "Por un error, una versión anterior de este",
            "Updated at 6:48 p.m. ET to add a b",
            "Dieser Artikel wurde aktualisiert",
            "Cet article a été corrigé",
            "Este artículo fue actualizado",
            "Esta nota ha sido corregida",
        ] {
            assert!(may_open_note(phrase), "{phrase}");
        }
    }

    #[test]
    fn an_update_label_followed_by_what_changed_is_a_note() {
        for text in [
            "Updated at 6:48 p.m. ET to add a response from the company.",
            "Updated Dec. 9, 2024, at 6:48 p.m. ET: Adds comments from the mayor.",
            "UPDATED 5:45 P.M. — adds quotes from the fire chief.",
            "Updated on March 3 with the final vote count.",
        ] {
            assert_eq!(classify(text), Some(NoteKind::Update), "{text}");
        }
        // Without what changed it is a timestamp; without a time, a sentence.
        for text in [
            "Updated 5:45 p.m. ET",
            "Updated at 6:48 p.m. ET to",
            "Updated figures show that five people were hurt in the crash.",
            "Updated guidance to schools was issued on Monday by the ministry.",
        ] {
            assert_eq!(classify(text), None, "{text}");
        }
    }

    #[test]
    fn the_story_speaking_of_its_own_revision_is_a_note() {
        for (text, kind) in [
            (
                "This article was updated on December 9, 2024, to add a response from the company.",
                NoteKind::Update,
            ),
            ("This post has been updated.", NoteKind::Update),
            (
                "This story was corrected to show the vote was 5-4.",
                NoteKind::Correction,
            ),
            (
                "This piece has been clarified to say the fund is private.",
                NoteKind::Clarification,
            ),
            (
                "Dieser Artikel wurde am 3. März 2024 aktualisiert.",
                NoteKind::Update,
            ),
            (
                "Dieser Beitrag wurde korrigiert: Die Sitzung war am Dienstag.",
                NoteKind::Correction,
            ),
            (
                "Cet article a été mis à jour le 12 mars pour ajouter la réaction du maire.",
                NoteKind::Update,
            ),
            (
                "Este artículo fue actualizado para añadir la declaración de la alcaldesa.",
                NoteKind::Update,
            ),
            (
                "Esta nota ha sido corregida: la cifra correcta es 40.",
                NoteKind::Correction,
            ),
        ] {
            assert_eq!(classify(text), Some(kind), "{text}");
        }
        for text in [
            "This report was revised in March to include census data.",
            "This interview has been edited for length and clarity.",
            "This story was reported by Ana Ruiz and Tom Lee.",
            "Dieser Artikel wurde von Anna Schmidt geschrieben, die seit Jahren aktualisiert.",
        ] {
            assert_eq!(classify(text), None, "{text}");
        }
    }

    #[test]
    fn look_alikes_are_not_notes() {
        assert_eq!(classify("Officials updated the figures on Monday."), None);
        assert_eq!(classify("Updated 5:45 p.m. ET"), None);
        assert_eq!(classify("Updated: Dec. 17, 2024"), None);
    }

    #[test]
    fn decoration_before_a_note_is_skipped() {
        assert_eq!(
            classify("• CORRECTION: An earlier version of this story gave the wrong year."),
            Some(NoteKind::Correction)
        );
        assert_eq!(
            classify("*An earlier version of this story gave the wrong year."),
            Some(NoteKind::Correction)
        );
        assert_eq!(
            classify("[Editor’s Note: This article was amended to add a response.]"),
            Some(NoteKind::EditorsNote)
        );
        assert_eq!(
            classify("___ This story has been corrected to show the meeting was on Tuesday."),
            Some(NoteKind::Correction)
        );
    }

    #[test]
    fn dated_corrections_and_updates() {
        assert_eq!(
            classify("Correction 7 March 2012: An earlier version gave the wrong score."),
            Some(NoteKind::Correction)
        );
        assert_eq!(
            classify("Update May 4th, 9:10AM ET: Added the company's statement."),
            Some(NoteKind::Update)
        );
        assert_eq!(
            classify("Update, 14:05 Uhr: Die Polizei hat die Straße wieder freigegeben."),
            Some(NoteKind::Update)
        );
    }

    #[test]
    fn a_correction_that_opens_with_its_reason() {
        assert_eq!(
            classify(
                "Because of a production error, an earlier version of a map showed the wrong river."
            ),
            Some(NoteKind::Correction)
        );
    }

    #[test]
    fn german_french_and_spanish_notes() {
        assert_eq!(
            classify("Korrektur: In einer früheren Version stand ein falsches Datum."),
            Some(NoteKind::Correction)
        );
        assert_eq!(
            classify("Aktualisiert: Die Stellungnahme des Bürgermeisters wurde ergänzt."),
            Some(NoteKind::Update)
        );
        assert_eq!(
            classify(
                "Rectificatif : une version précédente de cet article donnait un mauvais chiffre."
            ),
            Some(NoteKind::Correction)
        );
        assert_eq!(
            classify("Mis à jour : ajout de la réaction du maire."),
            Some(NoteKind::Update)
        );
        assert_eq!(
            classify("Corrección: una versión anterior de esta nota citaba mal la cifra."),
            Some(NoteKind::Correction)
        );
        assert_eq!(
            classify("Actualizado: se añadió la declaración de la alcaldesa."),
            Some(NoteKind::Update)
        );
        // Bare dates after the same words are timestamp labels.
        assert_eq!(classify("Aktualisiert am 3. März 2024, 10:15 Uhr"), None);
        assert_eq!(classify("Mis à jour le 12 mars 2024 à 10h05"), None);
        assert_eq!(classify("Actualizado: 27 abril 2022 | 03:04 am"), None);
    }

    #[test]
    fn policies_and_empty_labels_are_not_notes() {
        assert_eq!(
            classify("Corrections: If you are aware of an inaccuracy, please write to us."),
            None
        );
        assert_eq!(classify("Editor's Note"), None);
        assert_eq!(classify("Editor's Note:"), None);
    }

    #[test]
    fn notices_about_the_website_are_not_notes() {
        assert_eq!(
            classify(
                "Update: die Anmeldung funktioniert wieder. Bei Problemen schreibt an \
                 hilfe@beispiel-verein.example »"
            ),
            None
        );
        assert_eq!(
            classify("Update: comments are back on. Questions to help@example.org."),
            None
        );
        // The same opening about the story stays a note.
        assert_eq!(
            classify("Update: the council confirmed the vote on Thursday evening."),
            Some(NoteKind::Update)
        );
    }
}
