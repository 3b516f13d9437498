//! Script code taken out of a page before it is parsed. A news page is often two-thirds inline
//! JavaScript (bundles, ad setup, analytics), which the parser would copy into the tree only
//! for the walk to skip it. Only the code inside executable `<script>` elements is removed: the
//! tags stay, and so do JSON-LD (metadata) and HTML templates (some platforms print the post in
//! one).
//!
//! The scan follows the HTML tokenizer where it matters: comments, tags and their quoted
//! attribute values, raw-text elements (`<style>`, `<textarea>`, …) and the script states with
//! their escapes (`<!-- <script> … </script> -->` inside a script does not end it). Where it
//! meets something it does not model (CDATA, a self-closing `<script/>` as in SVG), it returns
//! the page as it is: a page left whole is only slower to parse, a page cut wrongly would lose
//! text.

use std::borrow::Cow;

/// The page without the code of its executable scripts.
pub(super) fn without_code(html: &str) -> Cow<'_, str> {
    match cuts(html.as_bytes()) {
        Some(cuts) if !cuts.is_empty() => {
            let removed: usize = cuts.iter().map(|(a, b)| b - a).sum();
            let mut out = String::with_capacity(html.len() - removed);
            let mut copied = 0;
            for (start, end) in cuts {
                out.push_str(&html[copied..start]);
                copied = end;
            }
            out.push_str(&html[copied..]);
            Cow::Owned(out)
        }
        _ => Cow::Borrowed(html),
    }
}

/// The byte ranges of script code to remove, or None when the page holds something the scan
/// does not model. Every range starts after a `>` and ends at a `<`, so the cuts fall on
/// character boundaries.
fn cuts(b: &[u8]) -> Option<Vec<(usize, usize)>> {
    let mut cuts = Vec::new();
    let mut i = 0;
    while let Some(p) = find(b, i, b'<') {
        match b.get(p + 1) {
            Some(b'!') if b[p + 2..].starts_with(b"--") => match comment_end(b, p + 4) {
                Some(end) => i = end,
                None => break,
            },
            Some(b'!') if starts_with_ci(&b[p + 2..], b"[cdata[") => return None,
            Some(b'!' | b'?') => match find(b, p + 2, b'>') {
                Some(end) => i = end + 1,
                None => break,
            },
            Some(b'/') => match b.get(p + 2) {
                Some(c) if c.is_ascii_alphabetic() => match tag(b, p + 2) {
                    Some(t) => i = t.end,
                    None => break,
                },
                Some(b'>') => i = p + 3,
                _ => match find(b, p + 2, b'>') {
                    Some(end) => i = end + 1,
                    None => break,
                },
            },
            Some(c) if c.is_ascii_alphabetic() => {
                let Some(t) = tag(b, p + 1) else { break };
                let name = &b[p + 1..t.name_end];
                if name.eq_ignore_ascii_case(b"script") {
                    if t.self_closing {
                        return None;
                    }
                    let Some(close) = script_end(b, t.end) else {
                        break;
                    };
                    if is_code(t.script_type.as_deref()) && close > t.end {
                        cuts.push((t.end, close));
                    }
                    i = close;
                } else if name.eq_ignore_ascii_case(b"plaintext") {
                    break;
                } else if RAW_TEXT.iter().any(|r| name.eq_ignore_ascii_case(r)) {
                    match end_tag(b, t.end, name) {
                        Some(close) => i = close,
                        None => break,
                    }
                } else {
                    i = t.end;
                }
            }
            _ => i = p + 1,
        }
    }
    Some(cuts)
}

/// Elements whose content is text up to their end tag (raw text and RCDATA).
const RAW_TEXT: &[&[u8]] = &[
    b"style",
    b"textarea",
    b"title",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"noscript",
];

/// Whether a script with this `type` is code a browser runs (and not data or a template).
fn is_code(script_type: Option<&str>) -> bool {
    let Some(t) = script_type else { return true };
    let t = t.trim().to_ascii_lowercase();
    let essence = t.split(';').next().unwrap_or_default().trim();
    matches!(
        essence,
        "" | "module"
            | "text/javascript"
            | "application/javascript"
            | "application/x-javascript"
            | "application/ecmascript"
            | "text/ecmascript"
            | "text/jscript"
    )
}

/// A start or end tag read from its name.
struct Tag {
    /// Where the name ends.
    name_end: usize,
    /// Just past the closing `>`.
    end: usize,
    self_closing: bool,
    /// The `type` attribute's value, for scripts.
    script_type: Option<String>,
}

fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// Read a tag whose name starts at `start`, following the tokenizer's attribute states so that
/// a `>` inside a quoted value does not end it. None at the end of the input.
fn tag(b: &[u8], start: usize) -> Option<Tag> {
    let mut i = start;
    while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let name_end = i;
    let mut script_type = None;
    loop {
        // Before an attribute's name.
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        match *b.get(i)? {
            b'>' => {
                return Some(Tag {
                    name_end,
                    end: i + 1,
                    self_closing: false,
                    script_type,
                });
            }
            b'/' => {
                if b.get(i + 1) == Some(&b'>') {
                    return Some(Tag {
                        name_end,
                        end: i + 2,
                        self_closing: true,
                        script_type,
                    });
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        // The name (a leading `=` belongs to it).
        let name_start = i;
        i += 1;
        while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let attr = &b[name_start..i];
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        let (value, next) = match *b.get(i)? {
            q @ (b'"' | b'\'') => {
                let close = find(b, i + 1, q)?;
                (&b[i + 1..close], close + 1)
            }
            // A missing value: the tag ends here.
            b'>' => (&b[i..i], i),
            _ => {
                let mut e = i;
                while e < b.len() && !is_space(b[e]) && b[e] != b'>' {
                    e += 1;
                }
                (&b[i..e], e)
            }
        };
        if attr.eq_ignore_ascii_case(b"type") && script_type.is_none() {
            script_type = Some(String::from_utf8_lossy(value).into_owned());
        }
        i = next;
    }
}

/// Where a comment whose text starts at `start` ends (past `-->`, `--!>`, or the `>` of an
/// abrupt `<!-->`/`<!--->`); None if it runs to the end of the input.
fn comment_end(b: &[u8], start: usize) -> Option<usize> {
    if b.get(start) == Some(&b'>') {
        return Some(start + 1);
    }
    if b[start..].starts_with(b"->") {
        return Some(start + 2);
    }
    let mut i = start;
    loop {
        let d = find(b, i, b'-')?;
        if b[d..].starts_with(b"-->") {
            return Some(d + 3);
        }
        if b[d..].starts_with(b"--!>") {
            return Some(d + 4);
        }
        i = d + 1;
    }
}

/// The `<` of the end tag `</name` (followed by a space, `/` or `>`) at or after `from`.
fn end_tag(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    loop {
        let p = find(b, i, b'<')?;
        if closes(b, p, name) {
            return Some(p);
        }
        i = p + 1;
    }
}

/// Whether `</name` followed by a space, `/` or `>` is at `p`.
fn closes(b: &[u8], p: usize, name: &[u8]) -> bool {
    b.get(p + 1) == Some(&b'/') && opens(b, p + 1, name)
}

/// Whether `name` (any case) followed by a space, `/` or `>` is right after `p`.
fn opens(b: &[u8], p: usize, name: &[u8]) -> bool {
    let start = p + 1;
    starts_with_ci(&b[start.min(b.len())..], name)
        && b.get(start + name.len())
            .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
}

/// The `<` of the `</script` that ends a script whose text starts at `from`, through the
/// tokenizer's escaped and double-escaped script states. None if the script never ends.
fn script_end(b: &[u8], from: usize) -> Option<usize> {
    #[derive(PartialEq)]
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let mut state = State::Data;
    let mut i = from;
    loop {
        let c = *b.get(i)?;
        match state {
            State::Data => {
                let p = find(b, i, b'<')?;
                if closes(b, p, b"script") {
                    return Some(p);
                }
                if b[p + 1..].starts_with(b"!--") {
                    state = State::Escaped;
                    // From its dashes, so that `<!-->` closes at once.
                    i = p + 2;
                } else {
                    i = p + 1;
                }
            }
            State::Escaped | State::DoubleEscaped => {
                if c == b'-' && b[i..].starts_with(b"-->") {
                    state = State::Data;
                    i += 3;
                } else if c == b'<' {
                    if state == State::Escaped && closes(b, i, b"script") {
                        return Some(i);
                    }
                    if state == State::Escaped && opens(b, i, b"script") {
                        state = State::DoubleEscaped;
                    } else if state == State::DoubleEscaped && closes(b, i, b"script") {
                        state = State::Escaped;
                    }
                    i += 1;
                } else {
                    i += 1;
                }
            }
        }
    }
}

fn find(b: &[u8], from: usize, byte: u8) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|&c| c == byte)
        .map(|p| p + from)
}

fn starts_with_ci(b: &[u8], prefix: &[u8]) -> bool {
    b.len() >= prefix.len() && b[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(html: &str) -> String {
        without_code(html).into_owned()
    }

    #[test]
    fn code_is_removed_and_the_tags_stay() {
        assert_eq!(
            cut(r#"<p>A</p><script>var x = "<p>not text</p>";</script><p>B</p>"#),
            "<p>A</p><script></script><p>B</p>"
        );
        assert_eq!(
            cut(r#"<SCRIPT type="text/javascript" async>go()</SCRIPT ><p>B</p>"#),
            r#"<SCRIPT type="text/javascript" async></SCRIPT ><p>B</p>"#
        );
        assert_eq!(
            cut("<script type=module>import x</script>"),
            "<script type=module></script>"
        );
    }

    #[test]
    fn data_and_templates_are_kept() {
        for page in [
            r#"<script type="application/ld+json">{"headline":"Bridge reopens"}</script>"#,
            r#"<script type="text/template"><p>The post</p></script>"#,
            r#"<script type='text/x-template'><p>The post</p></script>"#,
        ] {
            assert_eq!(cut(page), page);
        }
    }

    #[test]
    fn an_escaped_script_inside_a_script_does_not_end_it() {
        let page =
            r#"<script><!-- document.write("<script>ad()</script>"); --></script><p>Story</p>"#;
        assert_eq!(cut(page), "<script></script><p>Story</p>");
        // Escaped but not double-escaped: the first </script> ends it.
        let page = "<script><!-- a() </script><p>Story</p>";
        assert_eq!(cut(page), "<script></script><p>Story</p>");
        // `<!-->` closes at once.
        let page = "<script><!--> x </script><p>Story</p>";
        assert_eq!(cut(page), "<script></script><p>Story</p>");
    }

    #[test]
    fn script_tags_in_comments_attributes_and_raw_text_are_not_scripts() {
        for page in [
            "<!-- <script> --><p>Story</p><!-- </script> -->",
            r#"<a title="<script>">Story</a><p>more</p><i title="</script>">x</i>"#,
            "<textarea><script></textarea><p>Story</p><b></script></b>",
            "<style>/* <script> */</style><p>Story</p></script>",
            "<title><script></title><p>Story</p></script>",
        ] {
            assert_eq!(cut(page), page, "{page}");
        }
    }

    #[test]
    fn what_the_scan_does_not_model_leaves_the_page_whole() {
        for page in [
            r#"<svg><script href="a.js"/><text>Story</text></svg><script>x()</script>"#,
            "<svg><![CDATA[ <script> ]]></svg><script>x()</script>",
            "<p>Story</p><script>never closed",
            "<p>Story</p><plaintext><script>x()</script>",
        ] {
            assert_eq!(cut(page), page, "{page}");
        }
    }

    /// The text nodes html5ever makes of `html`, except those inside scripts.
    fn text_outside_scripts(html: &str) -> Vec<String> {
        let doc = dom_query::Document::from(html);
        let root = doc.root();
        root.descendants_it()
            .filter(|n| n.is_text())
            .filter(|n| {
                n.parent()
                    .is_none_or(|p| p.node_name().as_deref() != Some("script"))
            })
            .map(|n| n.text().to_string())
            .collect()
    }

    #[test]
    fn arbitrary_markup_never_panics_and_stays_text() {
        // Pages stitched from the pieces the scan reacts to, in every order a small generator
        // makes; each result must be the page with only script code taken out.
        const PIECES: &[&str] = &[
            "<script>",
            "</script>",
            "<script type=\"text/template\">",
            "<!--",
            "-->",
            "<style>",
            "</style>",
            "<p title=\"a>b\">",
            "<p title='",
            "'>",
            "</p x=\">\">",
            "<",
            ">",
            "-",
            "é",
            "<![CDATA[",
            "<script/>",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            let mut page = String::from("<p>Story</p>");
            for _ in 0..10 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                page.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            }
            let out = without_code(&page);
            assert!(out.len() <= page.len(), "{page:?}");
            // What a parser makes of the page outside scripts is unchanged.
            assert_eq!(
                text_outside_scripts(&out),
                text_outside_scripts(&page),
                "{page:?}"
            );
            // Only script code goes: every character left keeps its order.
            let mut rest = page.chars();
            assert!(out.chars().all(|c| rest.any(|p| p == c)), "{page:?}");
        }
    }

    #[test]
    fn a_cut_page_parses_to_the_same_text() {
        let page = "<html><head><title>Bridge</title><script>var s='</p><p>';</script>\
                    <script type=\"application/ld+json\">{\"a\":1}</script></head>\
                    <body><h1>Bridge reopens</h1><p>It reopened on Monday.</p>\
                    <script>track(\"<b>\")</script><p>Traffic flows.</p></body></html>";
        let text = |html: &str| {
            dom_query::Document::from(html)
                .select("p, h1")
                .iter()
                .map(|e| e.text().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(text(&cut(page)), text(page));
        assert!(cut(page).contains(r#"{"a":1}"#));
        assert!(!cut(page).contains("track("));
    }
}
