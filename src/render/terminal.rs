//! For a person at a terminal: field changes, notes, then the body like `git diff --color-words`,
//! with unchanged paragraphs collapsed. Without colour, `[-deleted-]` and `{+inserted+}` mark words.

use crate::diff::{BlockChange, ChangeSet, InlineTag};

use super::{Shown, collapse, field_name};

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
    if !out.is_empty()
        && changes
            .blocks
            .iter()
            .any(|b| !matches!(b, BlockChange::Unchanged { .. }))
    {
        out.push('\n');
    }
    if changes
        .blocks
        .iter()
        .all(|b| matches!(b, BlockChange::Unchanged { .. }))
    {
        return out;
    }
    for shown in collapse(&changes.blocks, 1) {
        match shown {
            Shown::Hidden(n) => {
                let noun = if n == 1 { "paragraph" } else { "paragraphs" };
                out.push_str(&style.paint(DIM, &format!("  ⋯ {n} unchanged {noun} ⋯")));
                out.push('\n');
            }
            Shown::Change(BlockChange::Unchanged {
                new_index, block, ..
            }) => {
                out.push_str(&style.paint(DIM, &format!("  ¶{} {}", new_index + 1, block.text)));
                out.push('\n');
            }
            Shown::Change(BlockChange::Added { new_index, block }) => {
                out.push_str(&style.paint(GREEN, &format!("+ ¶{} {}", new_index + 1, block.text)));
                out.push('\n');
            }
            Shown::Change(BlockChange::Removed { old_index, block }) => {
                let line = format!("- (was ¶{}) {}", old_index + 1, block.text);
                out.push_str(&style.paint(RED, &line));
                out.push('\n');
            }
            Shown::Change(BlockChange::Edited {
                new_index, inline, ..
            }) => {
                out.push_str(&format!("~ ¶{} ", new_index + 1));
                for run in inline {
                    out.push_str(&match run.tag {
                        InlineTag::Equal => run.text.clone(),
                        InlineTag::Delete => style.deleted(&run.text),
                        InlineTag::Insert => style.inserted(&run.text),
                    });
                }
                out.push('\n');
            }
        }
    }
    if let Some(reason) = &changes.degraded {
        out.push_str(&format!("(coarser diff: {reason})\n"));
    }
    out
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
            text.contains("~ ¶6 Paragraph 6 says the harbour stayed [-closed-]{+open+}."),
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
