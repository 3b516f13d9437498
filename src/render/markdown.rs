//! Markdown fit for a GitHub comment or a report: `~~deleted~~` and `**inserted**` inline, article
//! text escaped so its own `*`, `_` or `<` cannot break the formatting.

use crate::diff::{BlockChange, ChangeSet, InlineTag};

use super::{Shown, collapse, field_name};

/// Backslash-escape every character Markdown (and the HTML it allows) treats as syntax.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '{'
                | '}'
                | '['
                | ']'
                | '('
                | ')'
                | '#'
                | '+'
                | '-'
                | '.'
                | '!'
                | '|'
                | '~'
                | '>'
        ) {
            out.push('\\');
            out.push(c);
        } else if c == '<' {
            out.push_str("&lt;");
        } else if c == '&' {
            out.push_str("&amp;");
        } else if c == '\n' || c == '\r' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// A changed run: whitespace stays outside the markers, or GitHub will not render them.
fn wrap(text: &str, marker: &str) -> String {
    let inner = text.trim();
    if inner.is_empty() {
        return text.to_string();
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    format!("{lead}{marker}{}{marker}{trail}", escape(inner))
}

pub fn render(changes: &ChangeSet) -> String {
    if changes.is_empty() {
        return "No changes.\n".to_string();
    }
    let mut out = String::new();
    for field in &changes.fields {
        let value = |v: &Option<String>| v.as_deref().map_or("(none)".to_string(), escape);
        out.push_str(&format!(
            "- **{}:** ~~{}~~ → {}\n",
            field_name(field.field),
            value(&field.old),
            value(&field.new)
        ));
    }
    for note in &changes.notes_added {
        out.push_str(&format!(
            "- **Note added ({}):** {}\n",
            note.kind.label(),
            escape(&note.text)
        ));
    }
    for note in &changes.notes_removed {
        out.push_str(&format!(
            "- **Note removed ({}):** ~~{}~~\n",
            note.kind.label(),
            escape(&note.text)
        ));
    }
    if !out.is_empty() {
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
        let para = match shown {
            Shown::Hidden(n) => format!(
                "*… {n} unchanged paragraph{} …*",
                if n == 1 { "" } else { "s" }
            ),
            Shown::Change(BlockChange::Unchanged {
                new_index, block, ..
            }) => {
                format!("¶{} {}", new_index + 1, escape(&block.text))
            }
            Shown::Change(BlockChange::Added { new_index, block }) => {
                format!("¶{} (added) {}", new_index + 1, wrap(&block.text, "**"))
            }
            Shown::Change(BlockChange::Removed { old_index, block }) => {
                format!(
                    "(removed, was ¶{}) {}",
                    old_index + 1,
                    wrap(&block.text, "~~")
                )
            }
            Shown::Change(BlockChange::Edited {
                new_index, inline, ..
            }) => {
                let mut text = format!("¶{} (edited) ", new_index + 1);
                for run in inline {
                    text.push_str(&match run.tag {
                        InlineTag::Equal => escape(&run.text),
                        InlineTag::Delete => wrap(&run.text, "~~"),
                        InlineTag::Insert => wrap(&run.text, "**"),
                    });
                }
                text
            }
        };
        out.push_str(&para);
        out.push_str("\n\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Article, Block};
    use crate::diff::diff;

    #[test]
    fn edits_are_struck_and_bolded_and_text_is_escaped() {
        let old = Article {
            title: "T".into(),
            blocks: vec![Block::paragraph("Shares fell 5% *today* at <b>noon</b>.")],
            ..Article::default()
        };
        let mut new = old.clone();
        new.blocks[0].text = "Shares fell 7% *today* at <b>noon</b>.".into();
        let text = render(&diff(&old, &new));
        assert!(text.contains("~~5~~**7**%"), "{text}");
        assert!(text.contains("\\*today\\*"), "{text}");
        assert!(text.contains("&lt;b\\>noon"), "{text}");
        assert!(!text.contains("<b>"), "{text}");
    }
}
