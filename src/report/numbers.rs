//! Numbers that changed: the diff's `number` edits in the body, and figures changed in the
//! headline, each with its old and new wording.

use crate::diff::{BlockChange, ChangeKind, ChangeSet, Field, numbers_in};

/// One changed figure, as the old and new wording around it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NumberChange {
    pub old: String,
    pub new: String,
    /// The figures on each side, as written ("1,100", "three", "12%").
    pub old_figures: Vec<String>,
    pub new_figures: Vec<String>,
    /// "¶4" or "headline".
    pub place: String,
}

/// The 1-based paragraph a change stands at in the new version (or stood at, if removed).
fn place(change: &BlockChange) -> String {
    let index = match change {
        BlockChange::Unchanged { new_index, .. }
        | BlockChange::Added { new_index, .. }
        | BlockChange::Edited { new_index, .. }
        | BlockChange::Moved { new_index, .. }
        | BlockChange::Merged { new_index, .. } => *new_index,
        BlockChange::Removed { old_index, .. } => *old_index,
        BlockChange::Split { new_indices, .. } => new_indices.first().copied().unwrap_or(0),
    };
    format!("¶{}", index + 1)
}

/// Every number change in `changes`, headline first, then the body in reading order.
pub fn number_changes(changes: &ChangeSet) -> Vec<NumberChange> {
    let mut out = Vec::new();
    for field in &changes.fields {
        if field.field == Field::Title
            && let (Some(old), Some(new)) = (&field.old, &field.new)
        {
            let (old_figures, new_figures) = (numbers_in(old), numbers_in(new));
            // As in the body: a figure changed, not a headline rewritten around one.
            if !old_figures.is_empty() && !new_figures.is_empty() && old_figures != new_figures {
                out.push(NumberChange {
                    old: old.clone(),
                    new: new.clone(),
                    old_figures,
                    new_figures,
                    place: "headline".to_string(),
                });
            }
        }
    }
    for change in &changes.blocks {
        for edit in change.edits() {
            if edit.kind != ChangeKind::Number {
                continue;
            }
            let (old_figures, new_figures) = match &edit.numbers {
                Some(n) => (n.old.clone(), n.new.clone()),
                None => (numbers_in(&edit.old), numbers_in(&edit.new)),
            };
            out.push(NumberChange {
                old: edit.old.clone(),
                new: edit.new.clone(),
                old_figures,
                new_figures,
                place: place(change),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Article, Block};
    use crate::diff::diff;

    #[test]
    fn a_changed_figure_is_found_and_a_reworded_sentence_is_not() {
        let old = Article {
            title: "Fire: 40 families evacuated".into(),
            blocks: vec![
                Block::paragraph("About 40 families left their homes on Friday."),
                Block::paragraph("The mayor spoke to reporters at noon."),
            ],
            ..Article::default()
        };
        let mut new = old.clone();
        new.title = "Fire: 60 families evacuated".into();
        new.blocks[0].text = "More than 60 families left their homes on Friday.".into();
        new.blocks[1].text = "The mayor spoke to reporters in the evening.".into();
        let found = number_changes(&diff(&old, &new));
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].place, "headline");
        assert_eq!(found[1].place, "¶1");
        assert!(found[1].old.contains("40") && found[1].new.contains("60"));
    }

    #[test]
    fn a_headline_rewritten_without_its_figure_is_not_a_number_change() {
        let old = Article {
            title: "Fire at harbour, dozens of families evacuated".into(),
            ..Article::default()
        };
        let mut new = old.clone();
        new.title = "Harbour fire started in charging bay, marshal says".into();
        assert!(number_changes(&diff(&old, &new)).is_empty());
    }
}
