//! A ChangeSet as an HTML fragment: field changes, notes, and the changed paragraphs with
//! `<del>` and `<ins>`, unchanged paragraphs collapsed. Used inside Atom entries and the HTML
//! report; every piece of article text is escaped.

use crate::diff::{BlockChange, ChangeSet, Field, InlineTag};

use super::escape::escape;

fn field_name(field: Field) -> &'static str {
    match field {
        Field::Title => "Headline",
        Field::Dek => "Dek",
        Field::Byline => "Byline",
        Field::Published => "Published",
        Field::Modified => "Modified",
        Field::CanonicalUrl => "Canonical URL",
        Field::Lang => "Language",
        Field::SiteName => "Site name",
    }
}

/// The diff as HTML; unchanged paragraphs are counted, not shown.
pub fn render(changes: &ChangeSet) -> String {
    let mut out = String::new();
    if !changes.fields.is_empty() {
        out.push_str("<ul class=\"fields\">\n");
        for f in &changes.fields {
            let value = |v: &Option<String>| v.as_deref().map_or("(none)".to_string(), escape);
            out.push_str(&format!(
                "<li><b>{}:</b> <del>{}</del> → <ins>{}</ins></li>\n",
                field_name(f.field),
                value(&f.old),
                value(&f.new)
            ));
        }
        out.push_str("</ul>\n");
    }
    let mut hidden = 0;
    let flush = |hidden: &mut usize, out: &mut String| {
        if *hidden > 0 {
            out.push_str(&format!(
                "<p class=\"same\">… {} unchanged paragraph{} …</p>\n",
                hidden,
                if *hidden == 1 { "" } else { "s" }
            ));
            *hidden = 0;
        }
    };
    for change in &changes.blocks {
        match change {
            BlockChange::Unchanged { .. } => hidden += 1,
            BlockChange::Added {
                new_index, block, ..
            } => {
                flush(&mut hidden, &mut out);
                out.push_str(&format!(
                    "<p class=\"added\">¶{} <ins>{}</ins></p>\n",
                    new_index + 1,
                    escape(&block.text)
                ));
            }
            BlockChange::Removed {
                old_index, block, ..
            } => {
                flush(&mut hidden, &mut out);
                out.push_str(&format!(
                    "<p class=\"removed\">(was ¶{}) <del>{}</del></p>\n",
                    old_index + 1,
                    escape(&block.text)
                ));
            }
            other => {
                flush(&mut hidden, &mut out);
                let (class, place) = match other {
                    BlockChange::Moved {
                        old_index,
                        new_index,
                        ..
                    } => (
                        "moved",
                        format!("¶{} (moved from ¶{})", new_index + 1, old_index + 1),
                    ),
                    BlockChange::Split {
                        old_index,
                        new_indices,
                        ..
                    } => (
                        "split",
                        format!(
                            "¶{}–{} (¶{} split)",
                            new_indices.first().map_or(0, |i| i + 1),
                            new_indices.last().map_or(0, |i| i + 1),
                            old_index + 1
                        ),
                    ),
                    BlockChange::Merged {
                        old_indices,
                        new_index,
                        ..
                    } => (
                        "merged",
                        format!(
                            "¶{} ({} paragraphs merged)",
                            new_index + 1,
                            old_indices.len()
                        ),
                    ),
                    BlockChange::Edited { new_index, .. } => {
                        ("edited", format!("¶{}", new_index + 1))
                    }
                    _ => ("edited", String::new()),
                };
                out.push_str(&format!("<p class=\"{class}\">{} ", escape(&place)));
                for run in other.inline().unwrap_or_default() {
                    let text = escape(&run.text);
                    match run.tag {
                        InlineTag::Equal => out.push_str(&text),
                        InlineTag::Delete => out.push_str(&format!("<del>{text}</del>")),
                        InlineTag::Insert => out.push_str(&format!("<ins>{text}</ins>")),
                    }
                }
                out.push_str("</p>\n");
            }
        }
    }
    if hidden > 0 && out.is_empty() {
        out.push_str("<p class=\"same\">The body did not change.</p>\n");
    } else {
        flush(&mut hidden, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Article, Block};
    use crate::diff::diff;

    #[test]
    fn inserted_markup_is_text_and_edits_are_marked() {
        let old = Article {
            title: "T".into(),
            blocks: vec![
                Block::paragraph(
                    "About 40 families left their homes near the harbour on Friday night.",
                ),
                Block::paragraph("Same."),
            ],
            ..Article::default()
        };
        let mut new = old.clone();
        new.blocks[0].text =
            "More than 60 families left their homes near the harbour on Friday night.".into();
        new.blocks.push(Block::paragraph(
            "<script>alert(1)</script><img src=x onerror=alert(2)>",
        ));
        let html = render(&diff(&old, &new));
        assert!(html.contains("<del>About 40</del>"), "{html}");
        assert!(html.contains("<ins>More than 60</ins>"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img"),
            "{html}"
        );
        assert!(
            !html.contains("<script") && !html.contains("<img"),
            "{html}"
        );
        assert!(html.contains("… 1 unchanged paragraph …"), "{html}");
    }
}
