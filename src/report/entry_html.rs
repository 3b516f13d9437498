//! One changelog entry as an HTML fragment: storydiff's summary, the flags with their reasons,
//! the publisher's notes with the verdict on each, then the diff itself.

use crate::changelog::Entry;
use crate::diff::ChangeSet;

use crate::render::escape::escape;

/// The entry and, when given, its diff.
pub fn render(entry: &Entry, changes: Option<&ChangeSet>) -> String {
    let mut out = String::new();
    if !entry.summary.is_empty() {
        out.push_str("<ul class=\"summary\">\n");
        for line in &entry.summary {
            out.push_str(&format!("<li>{}</li>\n", escape(line)));
        }
        out.push_str("</ul>\n");
    }
    if !entry.flags.is_empty() {
        out.push_str("<ul class=\"flags\">\n");
        for flag in &entry.flags {
            out.push_str(&format!(
                "<li><strong class=\"flag\">{}</strong>: {}</li>\n",
                flag.kind.name(),
                escape(&flag.explanation)
            ));
        }
        out.push_str("</ul>\n");
    }
    let notes = entry.note_lines();
    if !notes.is_empty() {
        out.push_str("<p>Publisher's notes:</p>\n<ul class=\"notes\">\n");
        for line in &notes {
            out.push_str(&format!("<li>{}</li>\n", escape(line)));
        }
        for check in &entry.note_checks {
            out.push_str(&format!(
                "<li>Declared vs observed: “{}” is {}.</li>\n",
                escape(&check.note),
                escape(&check.explanation())
            ));
        }
        out.push_str("</ul>\n");
    }
    if let Some(changes) = changes {
        out.push_str("<div class=\"diff\">\n");
        out.push_str(&crate::render::html::fragment(changes));
        out.push_str("</div>\n");
    }
    out
}
