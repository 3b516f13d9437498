//! git-style unified diff of the body, one paragraph per line, so reviewers and `patch`-style tools
//! can read it. Field and note changes stand before the `---` header, where a patch's message goes.

use crate::article::{Block, BlockKind};
use crate::diff::{BlockChange, ChangeSet};

use super::{Item, field_name, items};

/// Unchanged lines shown around each change.
const CONTEXT: usize = 3;

/// A block as one line, marked like the canonical text.
fn line(block: &Block) -> String {
    let text = block.text.replace(['\n', '\r'], " ");
    match block.kind {
        BlockKind::Paragraph => text,
        BlockKind::Heading => format!("## {text}"),
        BlockKind::Quote => format!("> {text}"),
        BlockKind::ListItem => format!("- {text}"),
    }
}

pub fn render(changes: &ChangeSet, old_label: &str, new_label: &str) -> String {
    let mut out = String::new();
    for field in &changes.fields {
        out.push_str(&format!(
            "{}: {} -> {}\n",
            field_name(field.field),
            field.old.as_deref().unwrap_or("(none)"),
            field.new.as_deref().unwrap_or("(none)")
        ));
    }
    for note in &changes.notes_added {
        out.push_str(&format!(
            "Note added ({}): {}\n",
            note.kind.label(),
            note.text
        ));
    }
    for note in &changes.notes_removed {
        out.push_str(&format!(
            "Note removed ({}): {}\n",
            note.kind.label(),
            note.text
        ));
    }
    if !out.is_empty() {
        out.push('\n');
    }

    // (mark, text) per line of the body diff.
    let mut lines: Vec<(char, String)> = Vec::new();
    for item in items(&changes.blocks) {
        let change = match item {
            Item::MovedAway { block, .. } => {
                lines.push(('-', line(block)));
                continue;
            }
            Item::Change(change) => change,
        };
        match change {
            BlockChange::Unchanged { block, .. } => lines.push((' ', line(block))),
            BlockChange::Added { block, .. } => lines.push(('+', line(block))),
            BlockChange::Removed { block, .. } => lines.push(('-', line(block))),
            BlockChange::Edited { old, new, .. } => {
                lines.push(('-', line(old)));
                lines.push(('+', line(new)));
            }
            BlockChange::Moved { new, .. } => lines.push(('+', line(new))),
            BlockChange::Split { old, new, .. } => {
                lines.push(('-', line(old)));
                lines.extend(new.iter().map(|b| ('+', line(b))));
            }
            BlockChange::Merged { old, new, .. } => {
                lines.extend(old.iter().map(|b| ('-', line(b))));
                lines.push(('+', line(new)));
            }
        }
    }
    if lines.iter().all(|(mark, _)| *mark == ' ') {
        return out;
    }
    out.push_str(&format!("--- {old_label}\n+++ {new_label}\n"));

    // Line numbers before each line, in the old and the new text.
    let mut old_no = Vec::with_capacity(lines.len());
    let mut new_no = Vec::with_capacity(lines.len());
    let (mut o, mut n) = (1usize, 1usize);
    for (mark, _) in &lines {
        old_no.push(o);
        new_no.push(n);
        if *mark != '+' {
            o += 1;
        }
        if *mark != '-' {
            n += 1;
        }
    }
    let changed: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].0 != ' ').collect();
    let mut hunks: Vec<(usize, usize)> = Vec::new();
    for &i in &changed {
        let start = i.saturating_sub(CONTEXT);
        let end = (i + CONTEXT + 1).min(lines.len());
        match hunks.last_mut() {
            Some(last) if start <= last.1 => last.1 = end,
            _ => hunks.push((start, end)),
        }
    }
    for (start, end) in hunks {
        let span = &lines[start..end];
        let old_len = span.iter().filter(|(m, _)| *m != '+').count();
        let new_len = span.iter().filter(|(m, _)| *m != '-').count();
        // An empty side is numbered by the line before it, as diff(1) does.
        let old_start = if old_len == 0 {
            old_no[start] - 1
        } else {
            old_no[start]
        };
        let new_start = if new_len == 0 {
            new_no[start] - 1
        } else {
            new_no[start]
        };
        out.push_str(&format!(
            "@@ -{old_start},{old_len} +{new_start},{new_len} @@\n"
        ));
        for (mark, text) in span {
            out.push_str(&format!("{mark}{text}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::diff::diff;

    fn body(lines: &[&str]) -> Article {
        Article {
            title: "T".into(),
            blocks: lines.iter().map(|l| Block::paragraph(*l)).collect(),
            ..Article::default()
        }
    }

    /// Apply a unified diff to `old` lines the way patch(1) does, hunk by hunk.
    fn patch(old: &[&str], diff: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut at = 0usize; // next old line (0-based) not yet copied
        let mut lines = diff.lines().skip_while(|l| !l.starts_with("@@")).peekable();
        while let Some(header) = lines.next() {
            let old_start: usize = header[4..].split(',').next().unwrap().parse().unwrap();
            let first = old_start.saturating_sub(1);
            out.extend(old[at..first].iter().map(|s| s.to_string()));
            at = first;
            while let Some(l) = lines.peek() {
                if l.starts_with("@@") {
                    break;
                }
                let l = lines.next().unwrap();
                match &l[..1] {
                    " " => {
                        assert_eq!(&l[1..], old[at]);
                        out.push(old[at].to_string());
                        at += 1;
                    }
                    "-" => {
                        assert_eq!(&l[1..], old[at]);
                        at += 1;
                    }
                    _ => out.push(l[1..].to_string()),
                }
            }
        }
        out.extend(old[at..].iter().map(|s| s.to_string()));
        out
    }

    #[test]
    fn hunks_apply_back_to_the_new_text() {
        let old: Vec<String> = (1..=12)
            .map(|i| format!("Line {i} of the report."))
            .collect();
        let old: Vec<&str> = old.iter().map(String::as_str).collect();
        let mut new = old.clone();
        new[1] = "Line 2 of the amended report.";
        new.insert(10, "A new line near the end.");
        new.remove(5);
        let text = render(&diff(&body(&old), &body(&new)), "a/story", "b/story");
        assert!(
            text.starts_with("--- a/story\n+++ b/story\n@@ -1,"),
            "{text}"
        );
        assert_eq!(patch(&old, &text), new);
    }

    #[test]
    fn fields_stand_before_the_header() {
        let old = body(&["One.", "Two."]);
        let mut new = old.clone();
        new.title = "New".into();
        new.blocks.push(Block::paragraph("Three."));
        let text = render(&diff(&old, &new), "a", "b");
        assert!(
            text.starts_with(
                "Headline: T -> New\n\n--- a\n+++ b\n@@ -1,2 +1,3 @@\n One.\n Two.\n+Three.\n"
            ),
            "{text}"
        );
    }
}
