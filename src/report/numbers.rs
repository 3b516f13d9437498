//! Numbers that changed: figures replaced inside edited paragraphs and headlines.
//!
//! Works on the word-level runs the diff gives today: each stretch of deleted and inserted runs
//! between equal text is one replacement, and it is a number change when the figures in it differ.

use crate::diff::{BlockChange, ChangeSet, Field, InlineTag};

/// One replaced figure, as the old and new wording around it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NumberChange {
    pub old: String,
    pub new: String,
    /// "¶4" or "headline".
    pub place: String,
}

fn figures(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map(|t| t.trim_matches(|c| c == '.' || c == ','))
        .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

fn push(out: &mut Vec<NumberChange>, old: &str, new: &str, place: &str) {
    let (old, new) = (old.trim(), new.trim());
    if (figures(old).len() + figures(new).len()) > 0 && figures(old) != figures(new) {
        out.push(NumberChange {
            old: old.to_string(),
            new: new.to_string(),
            place: place.to_string(),
        });
    }
}

/// Every number change in `changes`, headline first, then the body in reading order.
pub fn number_changes(changes: &ChangeSet) -> Vec<NumberChange> {
    let mut out = Vec::new();
    for field in &changes.fields {
        if field.field == Field::Title
            && let (Some(old), Some(new)) = (&field.old, &field.new)
        {
            push(&mut out, old, new, "headline");
        }
    }
    for change in &changes.blocks {
        let BlockChange::Edited {
            new_index, inline, ..
        } = change
        else {
            continue;
        };
        let place = format!("¶{}", new_index + 1);
        let (mut old, mut new) = (String::new(), String::new());
        for run in inline
            .iter()
            .chain(std::iter::once(&crate::diff::InlineChange {
                tag: InlineTag::Equal,
                text: String::new(),
            }))
        {
            match run.tag {
                InlineTag::Delete => old.push_str(&run.text),
                InlineTag::Insert => new.push_str(&run.text),
                InlineTag::Equal => {
                    if !old.is_empty() || !new.is_empty() {
                        push(&mut out, &old, &new, &place);
                        old.clear();
                        new.clear();
                    }
                }
            }
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
}
