//! Publisher notes: short standalone elements that start with an update/correction phrase.

use super::body::clean;
use crate::article::NoteKind;

/// The kind of note `text` is, if it is one; timestamp labels ("Updated 5:45 p.m.") are not.
pub fn classify(text: &str) -> Option<NoteKind> {
    let t = clean(text);
    if t.split_whitespace().count() > 80 {
        return None;
    }
    let lower = t.to_lowercase();
    let starts = |p: &str| lower.starts_with(p);
    if starts("correction:")
        || starts("corrections:")
        || starts("an earlier version of this")
        || starts("this article was amended")
        || starts("this story has been corrected")
        || starts("this article has been corrected")
    {
        return Some(NoteKind::Correction);
    }
    if starts("clarification:") {
        return Some(NoteKind::Clarification);
    }
    if starts("editor's note") || starts("editor’s note") || starts("editors' note") {
        return Some(NoteKind::EditorsNote);
    }
    if starts("updated to ")
        || starts("update:")
        || starts("this story has been updated")
        || starts("this article has been updated")
    {
        return Some(NoteKind::Update);
    }
    if let Some(rest) = lower.strip_prefix("update (") {
        return rest.contains("):").then_some(NoteKind::Update);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn look_alikes_are_not_notes() {
        assert_eq!(classify("Officials updated the figures on Monday."), None);
        assert_eq!(classify("Updated 5:45 p.m. ET"), None);
        assert_eq!(classify("Updated: Dec. 17, 2024"), None);
    }
}
