//! One self-contained HTML page (inline CSS, no scripts) showing a ChangeSet twice: inline, as a
//! reader sees the new version with its edits marked, and side by side, old beside new. Every
//! piece of article text is escaped, so a story quoting `<script>` shows it as text.

use crate::diff::{BlockChange, ChangeSet, InlineChange, InlineTag};

use super::escape::escape;
use super::{Item, Shown, body_changed, collapse, field_name, items, places, verdict};

const STYLE: &str = "\
body{font:16px/1.5 Georgia,serif;margin:0;background:#fdfdfb;color:#222}\
main{max-width:72rem;margin:0 auto;padding:1rem}\
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.1rem;margin-top:2rem}\
.labels,.verdict,nav,.place,.kind,th{font-family:system-ui,sans-serif;font-size:.85rem;color:#555}\
del{background:#fdd;color:#900;text-decoration:line-through}ins{background:#dfd;color:#060;text-decoration:none}\
.block{padding:.3rem .6rem;margin:.4rem 0;border-left:4px solid #ddd;overflow-wrap:anywhere}\
.added{border-color:#3a3;background:#f3fbf3}.removed{border-color:#c33;background:#fcf3f3}\
.edited,.split,.merged{border-color:#c90}.moved,.moved-away{border-color:#36c}\
.unchanged,.hidden,.moved-away{color:#777}.kind{margin-left:.4rem;text-transform:uppercase}\
table{border-collapse:collapse;width:100%}td,th{vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #eee;text-align:left}\
.side td{width:50%;overflow-wrap:anywhere}\
@media (max-width:40rem){.side td{display:block;width:auto}.side tr{display:block;border-bottom:2px solid #ccc}}";

/// The whole page. `old_label` and `new_label` name the two versions compared.
pub fn render(changes: &ChangeSet, title: &str, old_label: &str, new_label: &str) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!("<title>Changes: {}</title>\n", escape(title)));
    out.push_str(&format!(
        "<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
    ));
    out.push_str(&format!("<h1>{}</h1>\n", escape(title)));
    out.push_str(&format!(
        "<p class=\"labels\">{} → {}</p>\n<p class=\"verdict\">{}</p>\n",
        escape(old_label),
        escape(new_label),
        escape(&verdict(changes))
    ));
    if let Some(reason) = &changes.degraded {
        out.push_str(&format!(
            "<p class=\"verdict\">Coarser diff: {}</p>\n",
            escape(reason)
        ));
    }
    if changes.is_empty() {
        out.push_str("<p>No changes.</p>\n");
    }
    metadata(&mut out, changes);
    if body_changed(changes) {
        out.push_str(
            "<nav><a href=\"#inline\">Inline</a> · <a href=\"#side\">Side by side</a></nav>\n",
        );
        inline_view(&mut out, changes);
        side_view(&mut out, changes);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The diff alone, for embedding (an Atom entry, a report): the headline and other field
/// changes, then only the changed paragraphs, each with its place and kind, unchanged ones
/// counted. Notes are left to the embedding page, which lists them itself.
pub fn fragment(changes: &ChangeSet) -> String {
    let mut out = String::new();
    if !changes.fields.is_empty() {
        out.push_str("<ul class=\"fields\">\n");
        for field in &changes.fields {
            let value = |v: &Option<String>| v.as_deref().map_or("(none)".to_string(), escape);
            out.push_str(&format!(
                "<li><b>{}:</b> <del>{}</del> → <ins>{}</ins></li>\n",
                field_name(field.field),
                value(&field.old),
                value(&field.new)
            ));
        }
        out.push_str("</ul>\n");
    }
    if !body_changed(changes) {
        out.push_str("<p class=\"block hidden same\">The body did not change.</p>\n");
        return out;
    }
    for shown in collapse(&items(&changes.blocks), 0) {
        out.push_str(&match shown {
            Shown::Hidden(n) => format!(
                "<p class=\"block hidden same\">… {n} unchanged paragraph{} …</p>\n",
                if n == 1 { "" } else { "s" }
            ),
            Shown::Item(Item::MovedAway {
                old_index,
                new_index,
                ..
            }) => format!(
                "<p class=\"block moved-away same\">(¶{} moved from here to ¶{})</p>\n",
                old_index + 1,
                new_index + 1
            ),
            Shown::Item(Item::Change(change)) => inline_block(change),
        });
    }
    out
}

fn metadata(out: &mut String, changes: &ChangeSet) {
    if !changes.fields.is_empty() {
        out.push_str("<h2>Headline and details</h2>\n<table>\n");
        for field in &changes.fields {
            let value = |v: &Option<String>| v.as_deref().map_or("(none)".to_string(), escape);
            out.push_str(&format!(
                "<tr><th>{}</th><td><del>{}</del></td><td><ins>{}</ins></td></tr>\n",
                field_name(field.field),
                value(&field.old),
                value(&field.new)
            ));
        }
        out.push_str("</table>\n");
    }
    if !changes.notes_added.is_empty() || !changes.notes_removed.is_empty() {
        out.push_str("<h2>Publisher notes</h2>\n");
        for note in &changes.notes_added {
            out.push_str(&format!(
                "<div class=\"block added\"><span class=\"place\">Note added ({})</span> {}</div>\n",
                note.kind.label(),
                escape(&note.text)
            ));
        }
        for note in &changes.notes_removed {
            out.push_str(&format!(
                "<div class=\"block removed\"><span class=\"place\">Note removed ({})</span> <del>{}</del></div>\n",
                note.kind.label(),
                escape(&note.text)
            ));
        }
    }
}

/// Runs with deletions and insertions marked; `keep` limits them to one side (None: both).
fn runs(inline: &[InlineChange], keep: Option<InlineTag>) -> String {
    inline
        .iter()
        .filter(|r| keep.is_none_or(|k| r.tag == InlineTag::Equal || r.tag == k))
        .map(|r| match r.tag {
            InlineTag::Equal => escape(&r.text),
            InlineTag::Delete => format!("<del>{}</del>", escape(&r.text)),
            InlineTag::Insert => format!("<ins>{}</ins>", escape(&r.text)),
        })
        .collect()
}

fn kind(change: &BlockChange) -> String {
    change
        .kind()
        .map(|k| format!("<span class=\"kind\">{}</span>", k.label()))
        .unwrap_or_default()
}

fn div(class: &str, place: &str, change: Option<&BlockChange>, body: &str) -> String {
    format!(
        "<div class=\"block {class}\"><span class=\"place\">{}</span>{} {body}</div>\n",
        escape(place),
        change.map(kind).unwrap_or_default()
    )
}

fn inline_view(out: &mut String, changes: &ChangeSet) {
    out.push_str("<section id=\"inline\">\n<h2>Inline</h2>\n");
    for shown in collapse(&items(&changes.blocks), 1) {
        let html = match shown {
            Shown::Hidden(n) => format!(
                "<div class=\"block hidden\">… {n} unchanged paragraph{} …</div>\n",
                if n == 1 { "" } else { "s" }
            ),
            Shown::Item(Item::MovedAway {
                old_index,
                new_index,
                block,
            }) => div(
                "moved-away",
                &format!("¶{} moved from here to ¶{}", old_index + 1, new_index + 1),
                None,
                &escape(&block.text),
            ),
            Shown::Item(Item::Change(change)) => inline_block(change),
        };
        out.push_str(&html);
    }
    out.push_str("</section>\n");
}

fn inline_block(change: &BlockChange) -> String {
    match change {
        BlockChange::Unchanged {
            new_index, block, ..
        } => div(
            "unchanged",
            &format!("¶{}", new_index + 1),
            None,
            &escape(&block.text),
        ),
        BlockChange::Added {
            new_index, block, ..
        } => div(
            "added",
            &format!("¶{} added", new_index + 1),
            Some(change),
            &format!("<ins>{}</ins>", escape(&block.text)),
        ),
        BlockChange::Removed {
            old_index, block, ..
        } => div(
            "removed",
            &format!("removed, was ¶{}", old_index + 1),
            Some(change),
            &format!("<del>{}</del>", escape(&block.text)),
        ),
        BlockChange::Edited {
            new_index, inline, ..
        } => div(
            "edited",
            &format!("¶{}", new_index + 1),
            Some(change),
            &runs(inline, None),
        ),
        BlockChange::Moved {
            old_index,
            new_index,
            new,
            inline,
            ..
        } => {
            let body = if inline.is_empty() {
                escape(&new.text)
            } else {
                runs(inline, None)
            };
            div(
                "moved",
                &format!("¶{} moved from ¶{}", new_index + 1, old_index + 1),
                Some(change),
                &body,
            )
        }
        BlockChange::Split {
            old_index,
            new_indices,
            inline,
            ..
        } => div(
            "split",
            &format!("{} split from ¶{}", places(new_indices), old_index + 1),
            Some(change),
            &runs(inline, None),
        ),
        BlockChange::Merged {
            old_indices,
            new_index,
            inline,
            ..
        } => div(
            "merged",
            &format!("¶{} merged from {}", new_index + 1, places(old_indices)),
            Some(change),
            &runs(inline, None),
        ),
    }
}

/// Old beside new, one row per shown item.
fn side_view(out: &mut String, changes: &ChangeSet) {
    out.push_str("<section id=\"side\">\n<h2>Side by side</h2>\n<table class=\"side\">\n");
    out.push_str("<tr><th>Before</th><th>After</th></tr>\n");
    for shown in collapse(&items(&changes.blocks), 1) {
        let (class, old, new) = match shown {
            Shown::Hidden(n) => {
                let text = format!("… {n} unchanged …");
                ("hidden", text.clone(), text)
            }
            Shown::Item(Item::MovedAway {
                new_index, block, ..
            }) => (
                "moved-away",
                format!("<del>{}</del>", escape(&block.text)),
                format!("(moved to ¶{})", new_index + 1),
            ),
            Shown::Item(Item::Change(change)) => side_cells(change),
        };
        out.push_str(&format!(
            "<tr class=\"{class}\"><td>{old}</td><td>{new}</td></tr>\n"
        ));
    }
    out.push_str("</table>\n</section>\n");
}

fn side_cells(change: &BlockChange) -> (&'static str, String, String) {
    let old_side = |inline: &[InlineChange]| runs(inline, Some(InlineTag::Delete));
    let new_side = |inline: &[InlineChange]| runs(inline, Some(InlineTag::Insert));
    match change {
        BlockChange::Unchanged { block, .. } => {
            ("unchanged", escape(&block.text), escape(&block.text))
        }
        BlockChange::Added { block, .. } => (
            "added",
            String::new(),
            format!("<ins>{}</ins>", escape(&block.text)),
        ),
        BlockChange::Removed { block, .. } => (
            "removed",
            format!("<del>{}</del>", escape(&block.text)),
            String::new(),
        ),
        BlockChange::Edited { inline, .. }
        | BlockChange::Split { inline, .. }
        | BlockChange::Merged { inline, .. } => ("edited", old_side(inline), new_side(inline)),
        BlockChange::Moved {
            old_index,
            new,
            inline,
            ..
        } => {
            let new_text = if inline.is_empty() {
                escape(&new.text)
            } else {
                new_side(inline)
            };
            (
                "moved",
                format!("(moved from ¶{})", old_index + 1),
                format!("<ins>{new_text}</ins>"),
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
    fn article_text_is_escaped_everywhere() {
        let old = Article {
            title: "Council <b>vote</b>".into(),
            blocks: vec![Block::paragraph("The clerk read the rules aloud.")],
            ..Article::default()
        };
        let mut new = old.clone();
        new.title = "Council <script>alert(1)</script> vote".into();
        new.blocks.push(Block::paragraph(
            "A sign read <img src=x onerror=alert(1)> & \"more\".",
        ));
        let page = render(&diff(&old, &new), &new.title, "v1", "v2");
        assert!(!page.contains("<script>"), "{page}");
        assert!(!page.contains("<img"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;more&quot;"));
        // Parsed as a browser would, the page holds no script or image element.
        let doc = dom_query::Document::from(page.as_str());
        assert_eq!(doc.select("script").length(), 0);
        assert_eq!(doc.select("img").length(), 0);
        assert!(
            doc.select("#inline ins")
                .text()
                .contains("<img src=x onerror=alert(1)>")
        );
    }

    #[test]
    fn both_views_are_present_with_marks() {
        let old = Article {
            title: "Harbour".into(),
            blocks: vec![Block::paragraph(
                "About 40 families left the harbour front.",
            )],
            ..Article::default()
        };
        let mut new = old.clone();
        new.blocks[0].text = "More than 60 families left the harbour front.".into();
        let doc_text = render(&diff(&old, &new), "Harbour", "v1", "v2");
        let doc = dom_query::Document::from(doc_text.as_str());
        assert_eq!(doc.select("#inline del").text().as_ref(), "About 40");
        assert_eq!(doc.select("#side td del").text().as_ref(), "About 40");
        assert_eq!(doc.select("#side td ins").text().as_ref(), "More than 60");
        assert!(doc.select("meta[name=viewport]").exists());
    }

    #[test]
    fn the_fragment_shows_only_changes_and_escapes_them() {
        let old = Article {
            title: "T".into(),
            blocks: vec![
                Block::paragraph("About 40 families left their homes near the harbour."),
                Block::paragraph("Same."),
            ],
            ..Article::default()
        };
        let mut new = old.clone();
        new.blocks[0].text = "More than 60 families left their homes near the harbour.".into();
        new.blocks.push(Block::paragraph(
            "<script>alert(1)</script><img src=x onerror=alert(2)>",
        ));
        let html = fragment(&diff(&old, &new));
        assert!(
            html.contains("<del>About 40</del><ins>More than 60</ins>"),
            "{html}"
        );
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img"),
            "{html}"
        );
        assert!(
            !html.contains("<script") && !html.contains("<img"),
            "{html}"
        );
        assert!(html.contains("… 1 unchanged paragraph …"), "{html}");
        assert!(!html.contains("<html"), "{html}");
    }
}
