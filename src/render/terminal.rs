//! For a person at a terminal: field changes, notes, then the body like `git diff --color-words`,
//! with unchanged paragraphs collapsed. Without colour, `[-deleted-]` and `{+inserted+}` mark words.

use crate::diff::{BlockChange, ChangeSet, InlineChange, InlineTag};

use super::{Item, Shown, body_changed, collapse, field_name, items, places, verdict};

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }
    fn deleted(&self, text: &str) -> String {
        if self.color {
            format!("{RED}{text}{RESET}")
        } else {
            format!("[-{text}-]")
        }
    }
    fn inserted(&self, text: &str) -> String {
        if self.color {
            format!("{GREEN}{text}{RESET}")
        } else {
            format!("{{+{text}+}}")
        }
    }
}

pub fn render(changes: &ChangeSet, color: bool) -> String {
    let style = Style { color };
    let mut out = String::new();
    if changes.is_empty() {
        return "No changes.\n".to_string();
    }
    for field in &changes.fields {
        out.push_str(&style.paint(BOLD, &format!("{}:", field_name(field.field))));
        out.push('\n');
        if let Some(old) = &field.old {
            out.push_str(&format!("  {}\n", style.paint(RED, &format!("- {old}"))));
        }
        if let Some(new) = &field.new {
            out.push_str(&format!("  {}\n", style.paint(GREEN, &format!("+ {new}"))));
        }
    }
    for note in &changes.notes_added {
        let line = format!("+ Note added ({}): {}", note.kind.label(), note.text);
        out.push_str(&style.paint(GREEN, &line));
        out.push('\n');
    }
    for note in &changes.notes_removed {
        let line = format!("- Note removed ({}): {}", note.kind.label(), note.text);
        out.push_str(&style.paint(RED, &line));
        out.push('\n');
    }
    if !body_changed(changes) {
        out.push_str(&style.paint(DIM, &verdict(changes)));
        out.push('\n');
        return out;
    }
    if !out.is_empty() {
        out.push('\n');
    }
    for shown in collapse(&items(&changes.blocks), 1) {
        let line = match shown {
            Shown::Hidden(n) => {
                let noun = if n == 1 { "paragraph" } else { "paragraphs" };
                style.paint(DIM, &format!("  ⋯ {n} unchanged {noun} ⋯"))
            }
            Shown::Item(Item::MovedAway {
                old_index,
                new_index,
                block,
            }) => style.paint(
                DIM,
                &format!(
                    "↷ (was ¶{}) moved to ¶{}: {}",
                    old_index + 1,
                    new_index + 1,
                    opening(&block.text)
                ),
            ),
            Shown::Item(Item::Change(change)) => style.change(change),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&style.paint(DIM, &verdict(changes)));
    out.push('\n');
    if let Some(reason) = &changes.degraded {
        out.push_str(&format!("(coarser diff: {reason})\n"));
    }
    out
}

/// The first words of a moved block, enough to recognise it.
fn opening(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().take(8).collect();
    if words.len() < text.split_whitespace().count() {
        format!("{} …", words.join(" "))
    } else {
        words.join(" ")
    }
}

impl Style {
    fn runs(&self, inline: &[InlineChange]) -> String {
        inline
            .iter()
            .map(|run| match run.tag {
                InlineTag::Equal => run.text.clone(),
                InlineTag::Delete => self.deleted(&run.text),
                InlineTag::Insert => self.inserted(&run.text),
            })
            .collect()
    }

    /// "[number]" after the place of a change, dim.
    fn kind(&self, change: &BlockChange) -> String {
        change
            .kind()
            .map(|k| self.paint(DIM, &format!("[{}] ", k.label())))
            .unwrap_or_default()
    }

    fn change(&self, change: &BlockChange) -> String {
        match change {
            BlockChange::Unchanged {
                new_index, block, ..
            } => self.paint(DIM, &format!("  ¶{} {}", new_index + 1, block.text)),
            BlockChange::Added {
                new_index, block, ..
            } => self.paint(GREEN, &format!("+ ¶{} {}", new_index + 1, block.text)),
            BlockChange::Removed {
                old_index, block, ..
            } => self.paint(RED, &format!("- (was ¶{}) {}", old_index + 1, block.text)),
            BlockChange::Edited {
                new_index, inline, ..
            } => format!(
                "~ ¶{} {}{}",
                new_index + 1,
                self.kind(change),
                self.runs(inline)
            ),
            BlockChange::Moved {
                old_index,
                new_index,
                new,
                inline,
                ..
            } => {
                let text = if inline.is_empty() {
                    new.text.clone()
                } else {
                    self.runs(inline)
                };
                format!(
                    "{} {}{text}",
                    self.paint(
                        BOLD,
                        &format!("↷ ¶{} (moved from ¶{})", new_index + 1, old_index + 1)
                    ),
                    self.kind(change)
                )
            }
            BlockChange::Split {
                old_index,
                new_indices,
                inline,
                ..
            } => format!(
                "{} {}{}",
                self.paint(
                    BOLD,
                    &format!("⑂ {} (split from ¶{})", places(new_indices), old_index + 1)
                ),
                self.kind(change),
                self.runs(inline)
            ),
            BlockChange::Merged {
                old_indices,
                new_index,
                inline,
                ..
            } => format!(
                "{} {}{}",
                self.paint(
                    BOLD,
                    &format!("⑃ ¶{} (merged from {})", new_index + 1, places(old_indices))
                ),
                self.kind(change),
                self.runs(inline)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Article, Block};
    use crate::diff::diff;

    fn pair() -> (Article, Article) {
        let body: Vec<Block> = (1..=8)
            .map(|i| Block::paragraph(format!("Paragraph {i} says the harbour stayed closed.")))
            .collect();
        let old = Article {
            title: "Harbour closed".into(),
            blocks: body,
            ..Article::default()
        };
        let mut new = old.clone();
        new.blocks[5].text = "Paragraph 6 says the harbour stayed open.".into();
        (old, new)
    }

    #[test]
    fn plain_output_marks_words_and_collapses_context() {
        let (old, new) = pair();
        let text = render(&diff(&old, &new), false);
        assert!(
            text.contains(
                "~ ¶6 [substantive] Paragraph 6 says the harbour stayed [-closed-]{+open+}."
            ),
            "{text}"
        );
        assert!(text.contains("⋯ 4 unchanged paragraphs ⋯"), "{text}");
        assert!(text.contains("  ¶5 Paragraph 5"), "{text}");
        assert!(!text.contains('\u{1b}'));
    }

    #[test]
    fn colour_uses_ansi_codes() {
        let (old, new) = pair();
        let text = render(&diff(&old, &new), true);
        assert!(text.contains(&format!("{RED}closed{RESET}")), "{text}");
        assert!(text.contains(&format!("{GREEN}open{RESET}")), "{text}");
    }

    #[test]
    fn nothing_changed_says_so() {
        let (old, _) = pair();
        assert_eq!(render(&diff(&old, &old), false), "No changes.\n");
    }
}
