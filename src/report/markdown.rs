//! The report as Markdown: totals, then one section per kind of item, each item with the
//! command that shows its diff. Article text is quoted inside “…” with Markdown syntax escaped.

use super::collect::{At, Report};
use crate::changelog::plural;
use crate::render::escape::markdown as escape;

fn at(at: &At) -> String {
    format!(
        "{} (version {}, {}) · diff: `{}`",
        escape(&at.title),
        at.version,
        at.seen_at.format("%Y-%m-%d %H:%M %:z"),
        at.diff.command.replace('`', "")
    )
}

fn window(report: &Report) -> String {
    let end = |t: Option<chrono::DateTime<chrono::FixedOffset>>, open: &str| {
        t.map_or(open.to_string(), |t| {
            t.format("%Y-%m-%d %H:%M %:z").to_string()
        })
    };
    format!(
        "Versions seen from {} to {}.",
        end(report.window.since, "the first version recorded"),
        end(report.window.until, "the latest")
    )
}

pub fn render(report: &Report) -> String {
    let t = &report.totals;
    let mut out = format!(
        "# storydiff report\n\n{}\n\n- Articles: {}\n- Changed: {}\n- Versions recorded: {}\n",
        window(report),
        t.articles,
        t.changed,
        t.versions_recorded
    );
    let section = |out: &mut String, title: &str, lines: Vec<String>| {
        out.push_str(&format!("\n## {title}\n\n"));
        if lines.is_empty() {
            out.push_str("None.\n");
        }
        for line in lines {
            out.push_str(&format!("- {line}\n"));
        }
    };
    section(
        &mut out,
        "Most changed stories",
        report
            .most_changed
            .iter()
            .map(|s| {
                format!(
                    "{}: {} ({} added, {} removed) · <{}> · latest diff: `{}`",
                    escape(&s.title),
                    plural(s.changes, "new version"),
                    plural(s.words_added, "word"),
                    s.words_removed,
                    s.url,
                    s.latest.command.replace('`', "")
                )
            })
            .collect(),
    );
    section(
        &mut out,
        "Headline changes",
        report
            .headline_changes
            .iter()
            .map(|h| {
                format!(
                    "“{}” → “{}” · {}",
                    escape(&h.old),
                    escape(&h.new),
                    at(&h.at)
                )
            })
            .collect(),
    );
    section(
        &mut out,
        "Publisher notes",
        report
            .notes
            .iter()
            .map(|n| {
                let verdict = n
                    .explanation
                    .as_ref()
                    .map_or(String::new(), |e| format!(" ({})", escape(e)));
                format!("{}: “{}”{verdict} · {}", n.kind, escape(&n.text), at(&n.at))
            })
            .collect(),
    );
    section(
        &mut out,
        "Undisclosed changes",
        report
            .undisclosed
            .iter()
            .map(|f| format!("{} · {}", escape(&f.summary.join("; ")), at(&f.at)))
            .collect(),
    );
    section(
        &mut out,
        "Numbers that changed",
        report
            .numbers
            .iter()
            .map(|n| {
                format!(
                    "{}: “{}” → “{}” · {}",
                    n.change.place,
                    escape(&n.change.old),
                    escape(&n.change.new),
                    at(&n.at)
                )
            })
            .collect(),
    );
    section(
        &mut out,
        "Other flags",
        report
            .other_flags
            .iter()
            .map(|f| format!("**{}**: {} · {}", f.flag, escape(&f.explanation), at(&f.at)))
            .collect(),
    );
    out
}
