//! The report as one self-contained HTML page: inline CSS, no scripts, no external resources,
//! every piece of article text escaped, readable on a phone (viewport meta, fluid layout).

use super::collect::{At, Report};
use super::entry_html;
use crate::changelog::{noun, plural};
use crate::render::escape::escape;

const STYLE: &str = "\
body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;max-width:48rem;\
padding:1rem;color:#1b1b1b;background:#fff;overflow-wrap:anywhere}\
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccc}\
h3{font-size:1.05rem}ul{padding-left:1.2rem}li{margin:.35rem 0}\
.totals{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0}\
.totals li{flex:1 1 8rem;border:1px solid #ccc;border-radius:.4rem;padding:.5rem;text-align:center}\
.totals b{display:block;font-size:1.5rem}\
code{font-size:.85em;background:#f3f3f3;padding:0 .2em;word-break:break-all}\
del{background:#fdd;text-decoration:line-through}ins{background:#dfd;text-decoration:none}\
.flag{color:#8a1c00}.same{color:#666;font-style:italic}\
.block{margin:.3rem 0}.place,.kind{font-family:system-ui,sans-serif;font-size:.85em;color:#555;margin-right:.4rem}\
.version{border-top:1px solid #eee;padding-top:.5rem}\
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}code{background:#222}\
del{background:#502}ins{background:#053}.flag{color:#f96}}";

fn at(at: &At) -> String {
    format!(
        "<a href=\"#{}\">{}, version {}</a> · {} · <code>{}</code>",
        escape(&at.diff.anchor),
        escape(&at.title),
        at.version,
        at.seen_at.format("%Y-%m-%d %H:%M %:z"),
        escape(&at.diff.command)
    )
}

fn section(out: &mut String, title: &str, items: Vec<String>) {
    out.push_str(&format!("<h2>{}</h2>\n", escape(title)));
    if items.is_empty() {
        out.push_str("<p>None.</p>\n");
        return;
    }
    out.push_str("<ul>\n");
    for item in items {
        out.push_str(&format!("<li>{item}</li>\n"));
    }
    out.push_str("</ul>\n");
}

pub fn render(report: &Report) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>storydiff report</title>\n<style>",
    );
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<h1>storydiff report</h1>\n");
    let end = |t: Option<chrono::DateTime<chrono::FixedOffset>>, open: &str| {
        t.map_or(open.to_string(), |t| {
            t.format("%Y-%m-%d %H:%M %:z").to_string()
        })
    };
    out.push_str(&format!(
        "<p>Versions seen from {} to {}.</p>\n",
        end(report.window.since, "the first version recorded"),
        end(report.window.until, "the latest")
    ));
    let t = &report.totals;
    out.push_str(&format!(
        "<ul class=\"totals\"><li><b>{}</b>{}</li><li><b>{}</b>changed</li>\
         <li><b>{}</b>{} recorded</li></ul>\n",
        t.articles,
        noun(t.articles, "article"),
        t.changed,
        t.versions_recorded,
        noun(t.versions_recorded, "version")
    ));
    section(
        &mut out,
        "Most changed stories",
        report
            .most_changed
            .iter()
            .map(|s| {
                format!(
                    "<a href=\"#{}\">{}</a>: {} ({} added, {} removed) · <a href=\"{}\">page</a>",
                    escape(&s.latest.anchor),
                    escape(&s.title),
                    plural(s.changes, "new version"),
                    plural(s.words_added, "word"),
                    s.words_removed,
                    escape(&s.url)
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
                    "<del>{}</del> → <ins>{}</ins><br>{}",
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
                    .map_or(String::new(), |e| format!(" <em>({})</em>", escape(e)));
                format!(
                    "{}: “{}”{verdict}<br>{}",
                    escape(&n.kind),
                    escape(&n.text),
                    at(&n.at)
                )
            })
            .collect(),
    );
    section(
        &mut out,
        "Undisclosed changes",
        report
            .undisclosed
            .iter()
            .map(|f| format!("{}<br>{}", escape(&f.summary.join("; ")), at(&f.at)))
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
                    "{}: <del>{}</del> → <ins>{}</ins><br>{}",
                    escape(&n.change.place),
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
            .map(|f| {
                format!(
                    "<strong class=\"flag\">{}</strong>: {}<br>{}",
                    escape(&f.flag),
                    escape(&f.explanation),
                    at(&f.at)
                )
            })
            .collect(),
    );
    out.push_str("<h2>Every change, newest first</h2>\n");
    if report.versions.is_empty() {
        out.push_str("<p>None.</p>\n");
    }
    for v in &report.versions {
        let (r, e) = (&v.replayed, &v.replayed.entry);
        out.push_str(&format!(
            "<section class=\"version\" id=\"{}\">\n<h3><a href=\"{}\">{}</a> · version {} · {}</h3>\n",
            escape(&v.diff.anchor),
            escape(&v.url),
            escape(&e.title),
            e.version,
            e.seen_at.format("%Y-%m-%d %H:%M %:z")
        ));
        out.push_str(&format!(
            "<p><code>{}</code></p>\n",
            escape(&v.diff.command)
        ));
        out.push_str(&entry_html::render(e, r.changes.as_ref()));
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
