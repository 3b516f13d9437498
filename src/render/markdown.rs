//! Markdown fit for a GitHub comment or a report: `~~deleted~~` and `**inserted**` inline, article
//! text escaped so its own `*`, `_` or `<` cannot break the formatting.

use crate::diff::{BlockChange, ChangeSet, InlineChange, InlineTag};

use super::escape::markdown as escape;
use super::{Item, Shown, body_changed, collapse, field_name, items, places, verdict};

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
    if !body_changed(changes) {
        out.push_str(&format!("*{}*\n", verdict(changes)));
        return out;
    }
    for shown in collapse(&items(&changes.blocks), 1) {
        let para = match shown {
            Shown::Hidden(n) => format!(
                "*… {n} unchanged paragraph{} …*",
                if n == 1 { "" } else { "s" }
            ),
            Shown::Item(Item::MovedAway {
                old_index,
                new_index,
                ..
            }) => format!(
                "*(¶{} moved from here to ¶{})*",
                old_index + 1,
                new_index + 1
            ),
            Shown::Item(Item::Change(change)) => block(change),
        };
        out.push_str(&para);
        out.push_str("\n\n");
    }
    out.push_str(&format!("*{}*\n", verdict(changes)));
    out
}

fn runs(inline: &[InlineChange]) -> String {
    inline
        .iter()
        .map(|run| match run.tag {
            InlineTag::Equal => escape(&run.text),
            InlineTag::Delete => wrap(&run.text, "~~"),
            InlineTag::Insert => wrap(&run.text, "**"),
        })
        .collect()
}

/// "edited, number" after the place of a change.
fn label(what: &str, change: &BlockChange) -> String {
    match change.kind() {
        Some(kind) => format!("({what}, {})", kind.label()),
        None => format!("({what})"),
    }
}

fn block(change: &BlockChange) -> String {
    match change {
        BlockChange::Unchanged {
            new_index, block, ..
        } => format!("¶{} {}", new_index + 1, escape(&block.text)),
        BlockChange::Added {
            new_index, block, ..
        } => format!(
            "¶{} {} {}",
            new_index + 1,
            label("added", change),
            wrap(&block.text, "**")
        ),
        BlockChange::Removed {
            old_index, block, ..
        } => format!(
            "(removed, was ¶{}) {}",
            old_index + 1,
            wrap(&block.text, "~~")
        ),
        BlockChange::Edited {
            new_index, inline, ..
        } => format!(
            "¶{} {} {}",
            new_index + 1,
            label("edited", change),
            runs(inline)
        ),
        BlockChange::Moved {
            old_index,
            new_index,
            new,
            inline,
            ..
        } => {
            let text = if inline.is_empty() {
                escape(&new.text)
            } else {
                runs(inline)
            };
            let what = format!("moved from ¶{}", old_index + 1);
            format!("¶{} {} {text}", new_index + 1, label(&what, change))
        }
        BlockChange::Split {
            old_index,
            new_indices,
            inline,
            ..
        } => {
            let what = format!("split from ¶{}", old_index + 1);
            format!(
                "{} {} {}",
                places(new_indices),
                label(&what, change),
                runs(inline)
            )
        }
        BlockChange::Merged {
            old_indices,
            new_index,
            inline,
            ..
        } => {
            let what = format!("merged from {}", places(old_indices));
            format!(
                "¶{} {} {}",
                new_index + 1,
                label(&what, change),
                runs(inline)
            )
        }
    }
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
        assert!(text.contains("&lt;b>noon"), "{text}");
        assert!(!text.contains("<b>"), "{text}");
    }

    #[test]
    fn dots_dashes_and_urls_stay_readable() {
        let old = Article {
            title: "T".into(),
            blocks: vec![Block::paragraph(
                "Read the ruling at https://court.example/2025-03-15 on Friday.",
            )],
            ..Article::default()
        };
        let mut new = old.clone();
        new.blocks[0].text =
            "Read the ruling at https://court.example/2025-03-15 on Monday.".into();
        let text = render(&diff(&old, &new));
        assert!(text.contains("https://court.example/2025-03-15"), "{text}");
    }
}
