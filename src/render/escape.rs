//! Escaping article text: for HTML and XML, the one place every HTML and Atom writer goes
//! through; and for Markdown, the one place the diff and the report go through.

/// Text safe inside an HTML or XML element or a double- or single-quoted attribute. Control
/// characters that XML 1.0 forbids are dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Article text safe inside a line of Markdown: backslash before the characters that are
/// syntax within a line (`\` `` ` `` `*` `_` `[` `]` `#` `|` `~`), `<` and `&` as entities, line
/// breaks as spaces. Every line the Markdown writers print opens with its own prefix ("¶3 ",
/// "- "), so what counts only at a line's start (`-`, `+`, `>`, `1.`) is left as written, and
/// so are dots: escaped, they broke GitHub's autolinking of URLs in the text.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_quotes_and_control_characters() {
        assert_eq!(
            escape("<img src=x onerror='alert(1)'> & \"q\"\u{1}"),
            "&lt;img src=x onerror=&#39;alert(1)&#39;&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(escape("Grüße — “ok”"), "Grüße — “ok”");
    }
}
