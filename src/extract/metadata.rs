//! Headline, dek, byline, dates, canonical URL, language and site name from one parse of the page.
//!
//! The headline is the story's visible `<h1>` when it agrees with what the page says its title
//! is (JSON-LD `headline`, `og:title`, `twitter:title`, Dublin Core, `<title>`, with or without a
//! site name around it); otherwise the first of those titles with the site name taken off, unless
//! the page prints another headline on the same subject right above the story
//! ([`shown_headline`]). The
//! byline is every author the page's JSON-LD or meta tags name, or else its printed byline
//! without "By", dates and roles.

use super::body::clean;
use chrono::{DateTime, FixedOffset, NaiveDate};
use dom_query::Document;
use serde_json::Value;

#[derive(Debug, Default)]
pub struct Meta {
    pub title: String,
    pub dek: Option<String>,
    pub byline: Option<String>,
    pub published: Option<DateTime<FixedOffset>>,
    pub modified: Option<DateTime<FixedOffset>>,
    pub canonical_url: Option<String>,
    pub lang: Option<String>,
    pub site_name: Option<String>,
    /// Corrections stated in JSON-LD (`"correction"`: a text or `CorrectionComment`s).
    pub corrections: Vec<String>,
    /// The story's text as the publisher states it in JSON-LD `articleBody`, raw.
    pub article_body: Option<String>,
    /// The site's names, squashed for comparison.
    sites: Vec<String>,
    /// Whether an `<h1>` on the page confirms the title: then the stated title is not stale.
    confirmed: bool,
    /// The page says it is a story (JSON-LD `NewsArticle` and kin, or `og:type` `article`) and
    /// does not say it is behind a paywall (`isAccessibleForFree: false`).
    pub declares_story: bool,
}

/// The page's `<meta>` tags, read once: key (a `property` token as written, or a `name`
/// lower-cased with `.` read as `:`, so `DC.title` is `dc:title`), whether it came from
/// `property`, and the content with entities decoded.
struct Metas(Vec<(String, bool, String)>);

impl Metas {
    fn read(doc: &Document) -> Metas {
        let mut out = Vec::new();
        for m in doc.select("meta[content]").iter() {
            let content = m.attr("content").unwrap_or_default();
            let value = clean(&decode_entities(&content));
            if value.is_empty() {
                continue;
            }
            if let Some(p) = m.attr("property") {
                for token in p.split_whitespace() {
                    out.push((token.to_lowercase(), true, value.clone()));
                }
            }
            if let Some(n) = m.attr("name") {
                for token in n.split_whitespace() {
                    out.push((token.to_lowercase().replace('.', ":"), false, value.clone()));
                }
            }
        }
        Metas(out)
    }

    /// Every value of `key`; those given as `property` when there are any, else those given as
    /// `name`.
    fn all(&self, key: &str) -> Vec<&str> {
        let of = |property: bool| -> Vec<&str> {
            let mut out: Vec<&str> = Vec::new();
            for (k, p, v) in &self.0 {
                if k == key && *p == property && !out.contains(&v.as_str()) {
                    out.push(v);
                }
            }
            out
        };
        let by_property = of(true);
        if by_property.is_empty() {
            of(false)
        } else {
            by_property
        }
    }

    /// Every value of `key`, those given as `property` first.
    fn every(&self, key: &str) -> Vec<&str> {
        let mut out = self.all(key);
        for (k, _, v) in &self.0 {
            if k == key && !out.contains(&v.as_str()) {
                out.push(v);
            }
        }
        out
    }

    fn first(&self, key: &str) -> Option<String> {
        self.all(key).first().map(|v| v.to_string())
    }
}

/// Decode the HTML character references left in text that was escaped twice (JSON-LD and meta
/// contents often carry `&#8217;` or `&amp;`).
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|e| e + 1);
        let decoded = end
            .filter(|&e| rest[e..].starts_with(';'))
            .and_then(|e| entity(&rest[1..e]).map(|c| (c, e + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        _ => return None,
    })
}

/// JSON-LD objects of the page, flattened through `@graph` and arrays. A script wrapped in
/// `<![CDATA[ … ]]>` or an HTML comment is read inside the wrapper.
fn json_ld(doc: &Document) -> Vec<Value> {
    let mut out = Vec::new();
    for script in doc.select("script[type='application/ld+json']").iter() {
        let text = script.text();
        let mut body = text.trim();
        for (open, close) in [("<![CDATA[", "]]>"), ("<!--", "-->")] {
            if let Some(inner) = body.strip_prefix(open) {
                body = inner.strip_suffix(close).unwrap_or(inner).trim();
            }
        }
        if let Ok(v) = serde_json::from_str::<Value>(body) {
            flatten(v, &mut out);
        }
    }
    out
}

fn flatten(v: Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(items) => items.into_iter().for_each(|i| flatten(i, out)),
        Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                flatten(graph, out);
            }
            out.push(Value::Object(map));
        }
        _ => {}
    }
}

/// Whether a JSON-LD object is a story: `NewsArticle`, `BlogPosting`, `ReportageNewsArticle`...
fn is_story_type(item: &Value) -> bool {
    let story = |t: &str| t.ends_with("Article") || t.ends_with("Posting") || t == "Report";
    match item.get("@type") {
        Some(Value::String(t)) => story(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(story),
        _ => false,
    }
}

fn text_of(v: &Value) -> Option<String> {
    let t = clean(&decode_entities(v.as_str()?));
    (!t.is_empty()).then_some(t)
}

/// `key` of the first story object that has it, else of the first object that has it.
fn ld_str(items: &[Value], key: &str) -> Option<String> {
    items
        .iter()
        .filter(|i| is_story_type(i))
        .chain(items.iter())
        .find_map(|i| text_of(i.get(key)?))
}

/// The texts of every JSON-LD `correction`: a string, a `CorrectionComment` with `text`, or a
/// list of them.
fn ld_corrections(items: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in items.iter().filter_map(|i| i.get("correction")) {
        let list = match value {
            Value::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        for c in list {
            let text = c
                .as_str()
                .or_else(|| c.get("text")?.as_str())
                .map(clean)
                .unwrap_or_default();
            if !text.is_empty() && !out.contains(&text) {
                out.push(text);
            }
        }
    }
    out
}

/// The names in a JSON-LD `author`: a string, an object with a `name`, a
/// reference (`{"@id": …}`) to an object elsewhere in the page, or a list of them.
fn ld_names(value: &Value, items: &[Value]) -> Vec<String> {
    let list: Vec<&Value> = match value {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    let mut names: Vec<String> = Vec::new();
    for a in list {
        let name = text_of(a).or_else(|| text_of(a.get("name")?)).or_else(|| {
            let id = a.get("@id")?.as_str()?;
            items
                .iter()
                .filter(|i| i.get("@id").and_then(Value::as_str) == Some(id))
                .find_map(|i| text_of(i.get("name")?))
        });
        if let Some(n) = name.filter(|n| !names.contains(n)) {
            names.push(n);
        }
    }
    names
}

/// All the authors JSON-LD gives, from the story object first.
fn ld_authors(items: &[Value]) -> Option<String> {
    let names = items
        .iter()
        .filter(|i| is_story_type(i))
        .chain(items.iter())
        .find_map(|i| {
            let names = ld_names(i.get("author")?, items);
            (!names.is_empty()).then_some(names)
        })?;
    Some(names.join(", "))
}

/// Letters and digits of a text, lower-cased: how site names and title segments are compared.
pub(super) fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Text compared loosely: lower-cased, whitespace collapsed, curly quotes as straight ones,
/// and a trailing pilcrow or `#` (a heading's anchor link) dropped.
fn loose(text: &str) -> String {
    let t: String = text
        .chars()
        .map(|c| match c {
            '‘' | '’' | '′' => '\'',
            '“' | '”' | '″' => '"',
            '\u{a0}' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    let t = t.trim_end_matches(['¶', '#', ' ']);
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Separators between a headline and the site's name in a page title: `|`, `_`, `·`, `»`, `•`,
/// `✩` with or without spaces; `-`, `–`, `—`, `/`, `~` only with spaces around them.
fn separators(title: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = title.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let spaced = |i: usize| {
            i > 0
                && chars[i - 1].1.is_whitespace()
                && chars.get(i + 1).is_some_and(|n| n.1.is_whitespace())
        };
        let is_sep = match c {
            '|' | '｜' | '_' | '·' | '»' | '•' | '✩' => true,
            '-' | '–' | '—' | '/' | '~' | '\\' | '>' | ':' => spaced(i),
            _ => false,
        };
        if is_sep {
            let start = title[..at].trim_end().len();
            let end = at + c.len_utf8();
            let end = end + (title[end..].len() - title[end..].trim_start().len());
            out.push((start, end));
        }
    }
    out
}

/// Whether a title segment names the site: it is one of the site's names, begins or ends with
/// one that makes up at least half of it ("Spiceworks Inc"), or is the beginning of one ("Aktuálně.cz" of "Aktuálně.cz - Víte, co se právě děje").
fn names_site(segment: &str, sites: &[String]) -> bool {
    let s = squash(segment);
    s.len() >= 2
        && sites.iter().any(|site| {
            *site == s
                || (site.len() >= 4
                    && site.len() * 2 >= s.len()
                    && (s.starts_with(site.as_str()) || s.ends_with(site.as_str())))
                || (s.len() >= 4 && site.starts_with(s.as_str()))
        })
}

/// A title without the site's name before or after it ("Harbor bridge reopens | The Ledger",
/// "The Ledger: Harbor bridge reopens"), however many separators the site name itself has.
fn strip_site(title: &str, sites: &[String]) -> String {
    let mut t = title
        .trim()
        .trim_end_matches(|c: char| "|-–—:·»_ ".contains(c))
        .to_string();
    loop {
        let seps = separators(&t);
        // The shortest tail or head that names the site goes; the headline keeps the rest.
        let tail = seps
            .iter()
            .rev()
            .find(|&&(start, end)| start > 0 && names_site(&t[end..], sites))
            .map(|&(start, _)| t[..start].to_string());
        let head = || {
            seps.iter()
                .find(|&&(start, end)| end < t.len() && names_site(&t[..start], sites))
                .map(|&(_, end)| t[end..].to_string())
        };
        match tail.or_else(head) {
            Some(rest) if !rest.trim().is_empty() => t = rest.trim().to_string(),
            _ => break,
        }
    }
    if let Some((site, rest)) = t.split_once(": ")
        && names_site(site, sites)
        && !rest.trim().is_empty()
    {
        t = rest.trim().to_string();
    }
    t
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// A `<title>` whose site name is not known, cut the way page titles are usually built: the
/// part before the last separator when it has three words or more, else the part after the
/// first; a title of four words or fewer after cutting is kept whole, since the cut most likely
/// took part of the headline. A colon is no separator here: "Storm: ferries stop" is one
/// headline, and a known site before a colon has already gone (see [`strip_site`]).
fn cut_title(title: &str) -> String {
    let seps = separators(title);
    let hierarchical = title.contains(" / ") || title.contains(" » ") || title.contains(" > ");
    let mut cut = title.to_string();
    if let (Some(&(_, first_end)), Some(&(last_start, _))) = (seps.first(), seps.last()) {
        cut = title[..last_start].to_string();
        if word_count(&cut) < 3 {
            cut = title[first_end..].to_string();
        }
    }
    let cut = clean(&cut);
    let words = word_count(&cut);
    let whole_words = title
        .split(|c| "|-–—\\/>»".contains(c))
        .map(word_count)
        .sum::<usize>();
    if words <= 4 && (!hierarchical || words + 1 != whole_words) {
        return title.to_string();
    }
    cut
}

/// Whether a heading is the headline a title states: the same text, or the text before the
/// title's separators ("Headline | Section | Site"), or after them when what comes before
/// names the site.
fn heading_matches(heading: &str, title: &str, sites: &[String]) -> bool {
    let (h, t) = (loose(heading), loose(title));
    if h.is_empty() {
        return false;
    }
    if h == t {
        return true;
    }
    let seps = separators(&t);
    seps.iter().any(|&(start, end)| {
        (t[..start] == h && start > 0) || (t[end..] == h && names_site(&t[..start], sites))
    })
}

/// The titles the page states for itself, most trusted first: JSON-LD `headline`, Dublin Core,
/// OpenGraph, `<meta name=title>`, Twitter, Parse.ly and Sailthru titles.
fn stated_titles(ld: &[Value], metas: &Metas) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    out.extend(ld_str(ld, "headline"));
    for key in [
        "dc:title",
        "dcterm:title",
        "dcterms:title",
        "og:title",
        "weibo:article:title",
        "weibo:webpage:title",
        "title",
        "twitter:title",
        "parsely-title",
        "sailthru:title",
    ] {
        for v in metas.every(key) {
            if !out.iter().any(|o| o == v) {
                out.push(v.to_string());
            }
        }
    }
    out
}

/// The site's names: `og:site_name`, application names, the JSON-LD publisher or `WebSite`,
/// and the page's host without `www.` and its top-level domain ("ledger" of
/// `www.ledger.example`), squashed for comparison.
fn site_names(ld: &[Value], metas: &Metas, base: Option<&url::Url>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for key in [
        "og:site_name",
        "application-name",
        "apple-mobile-web-app-title",
    ] {
        names.extend(metas.all(key).into_iter().map(str::to_string));
    }
    for item in ld {
        if let Some(name) = item.get("publisher").and_then(|p| text_of(p.get("name")?)) {
            names.push(name);
        }
        let site_type = matches!(
            item.get("@type").and_then(Value::as_str),
            Some("WebSite" | "Organization" | "NewsMediaOrganization")
        );
        if site_type && let Some(name) = item.get("name").and_then(text_of) {
            names.push(name);
        }
    }
    let urls = [metas.first("og:url"), base.map(|b| b.to_string())];
    for host in urls
        .iter()
        .flatten()
        .filter_map(|u| url::Url::parse(u).ok()?.host_str().map(str::to_string))
    {
        let host = host.trim_start_matches("www.");
        names.push(host.to_string());
        if let Some((label, _)) = host.rsplit_once('.') {
            names.push(label.rsplit('.').next().unwrap_or(label).to_string());
        }
    }
    let mut squashed: Vec<String> = Vec::new();
    for n in names.iter().map(|n| squash(n)) {
        if n.len() >= 2 && !squashed.contains(&n) {
            squashed.push(n);
        }
    }
    squashed
}

/// The story's headline (see the module's notes).
/// Also whether an `<h1>` on the page confirms it.
fn headline(doc: &Document, ld: &[Value], metas: &Metas, sites: &[String]) -> (String, bool) {
    let h1s: Vec<String> = doc
        .select("h1")
        .iter()
        .map(|h| clean(&h.text()))
        .filter(|h| !h.is_empty())
        .collect();
    let stated = stated_titles(ld, metas);
    let page_title = clean(&doc.select_single("title").text());
    // Names JSON-LD gives the page's main things (a recipe, a product) confirm a heading too,
    // but never stand for the headline themselves.
    let named: Vec<String> = ld
        .iter()
        .filter(|i| {
            !matches!(
                i.get("@type").and_then(Value::as_str),
                Some(
                    "WebSite"
                        | "Organization"
                        | "NewsMediaOrganization"
                        | "Person"
                        | "ImageObject"
                        | "BreadcrumbList"
                        | "ListItem"
                )
            )
        })
        .filter_map(|i| text_of(i.get("name")?))
        .filter(|n| !sites.contains(&squash(n)))
        .collect();
    let confirming: Vec<&String> = stated
        .iter()
        .chain(std::iter::once(&page_title))
        .chain(named.iter())
        .collect();
    for h in &h1s {
        if let Some(t) = confirming.iter().find(|t| heading_matches(h, t, sites)) {
            // The same words in another case or with other quotes: the stated text is the
            // publisher's own spelling, the heading's may be styled.
            if loose(h) == loose(t) {
                return (t.to_string(), true);
            }
            return (h.trim_end_matches(['¶', ' ']).to_string(), true);
        }
    }
    if let Some(t) = stated.first() {
        return (strip_site(t, sites), false);
    }
    if !page_title.is_empty() {
        let stripped = strip_site(&page_title, sites);
        if stripped != page_title {
            return (stripped, false);
        }
        let cut = cut_title(&page_title);
        // A page title far too long or short to be a headline gives way to the page's only h1.
        let chars = page_title.chars().count();
        if cut == page_title
            && !(15..=150).contains(&chars)
            && h1s.len() == 1
            && word_count(&h1s[0]) > 4
        {
            return (h1s[0].clone(), false);
        }
        return (cut, false);
    }
    (h1s.into_iter().next().unwrap_or_default(), false)
}

/// Words that say what a byline's person does, not who they are.
const ROLES: &[&str] = &[
    "reporter",
    "editor",
    "correspondent",
    "writer",
    "staff",
    "contributor",
    "columnist",
    "producer",
    "photographer",
    "journalist",
    "analyst",
];

/// Words of the buttons and labels that share a byline's class ("Follow", "Sign in").
const UI_WORDS: &[&str] = &[
    "follow",
    "sign",
    "log",
    "login",
    "subscribe",
    "share",
    "comments",
    "menu",
    "search",
];

/// Whether [`clean_byline`] of `text` could be `byline`, by a test far cheaper than cleaning:
/// every run of its result without spaces or commas is cut from a word of `clean(text)`, so
/// when cleaning keeps the words, the byline's first name must be in `text` itself.
pub fn may_clean_to_byline(text: &str, byline: &str) -> bool {
    let Some(first) = byline.split([' ', ',']).find(|w| !w.is_empty()) else {
        return true;
    };
    text.contains(first) || !super::body::words_kept_by_clean(text)
}

/// Strip "By", a trailing date, role or separator-led tail from a printed byline; `None` when
/// nothing that could be a name is left.
pub fn clean_byline(text: &str) -> Option<String> {
    let mut t = clean(text);
    // Paragraphs are checked against the byline too; one this long is not one.
    if t.len() > 600 {
        return None;
    }
    // "Posted on March 3, 2025 by Ana Ruiz": the names follow the last "by". (ASCII
    // lower-casing keeps byte offsets, so they index `t`.)
    let lower = t.to_ascii_lowercase();
    if ["posted", "published", "updated"]
        .iter()
        .any(|l| lower.starts_with(l))
        && let Some(at) = lower.rfind(" by ")
    {
        t = t[at + 4..].to_string();
    }
    let lower = t.to_ascii_lowercase();
    for prefix in [
        "written by",
        "posted by",
        "words by",
        "story by",
        "author:",
        "author",
        "by:",
        "by",
        "von",
        "par",
        "por",
    ] {
        if lower.starts_with(prefix) && t[prefix.len()..].starts_with([' ', ':']) {
            t = t[prefix.len()..].trim_start_matches([' ', ':']).to_string();
            break;
        }
    }
    // An e-mail address or a link beside a name is no part of it.
    if t.contains('@') || t.contains("://") {
        t = t
            .split_whitespace()
            .filter(|w| !(w.contains("://") || (w.contains('@') && w.contains('.'))))
            .collect::<Vec<_>>()
            .join(" ");
    }
    if let Some(at) = t.find(['|', '•', '—', '\n']) {
        t = t[..at].trim().to_string();
    }
    if let Some(at) = t.find(" - ").or_else(|| t.find(" – ")) {
        t = t[..at].trim().to_string();
    }
    // A date or "Updated …" after the names ends them.
    let words: Vec<&str> = t.split_whitespace().collect();
    let date_at = words.iter().enumerate().position(|(i, w)| {
        let lw = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        let next_is_number = words
            .get(i + 1)
            .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()));
        (i > 0 && super::stamp::is_month(&lw) && next_is_number)
            // A time or a day ("11:59PM GMT 29 Dec 2014"): no name starts with a digit.
            || (i > 1 && is_time_or_day(w))
            || matches!(lw.as_str(), "updated" | "published" | "posted" | "last")
    });
    if let Some(at) = date_at {
        t = words[..at].join(" ");
    }
    // What is left of a label whose name stands elsewhere ("Posted on", "Follow") is no byline.
    let lower = t.to_lowercase();
    if lower
        .split_whitespace()
        .any(|w| UI_WORDS.contains(&w) || w == "by" || w == "on")
        && word_count(&t) <= 2
    {
        return None;
    }
    // ", Staff Writer" and the like go; the names stay.
    let parts: Vec<&str> = t
        .split(',')
        .map(str::trim)
        .enumerate()
        .filter(|(i, p)| {
            let lp = p.to_lowercase();
            !p.is_empty() && (*i == 0 || !lp.split_whitespace().any(|w| ROLES.contains(&w)))
        })
        .map(|(_, p)| p)
        .collect();
    let t = parts.join(", ");
    let t = t.trim_end_matches([',', ' ', '-', ':']).to_string();
    (t.chars().any(char::is_alphabetic) && t.chars().count() <= 100 && word_count(&t) <= 15)
        .then_some(t)
}

/// "11:59PM", "29", "29.12.2010,", "2014-09-30T14:34:55Z": a word of a date or a time, which
/// no name has (where "52-Week" is a word of a headline).
fn is_time_or_day(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    w.starts_with(|c: char| c.is_ascii_digit())
        && (w.contains(':')
            || w.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '/'))
}

/// Words that join or belong to names without a capital ("and", "van", "de").
const NAME_PARTICLES: &[&str] = &[
    "and", "de", "da", "di", "du", "del", "der", "den", "la", "le", "van", "von", "y", "e", "of",
    "bin", "al",
];

/// Whether a printed byline reads as names rather than a sentence: at most one word starts with
/// a small letter, not counting name particles and "and".
fn looks_like_names(text: &str) -> bool {
    text.split_whitespace()
        .filter(|w| w.starts_with(char::is_lowercase) && !NAME_PARTICLES.contains(w))
        .count()
        <= 1
}

/// Whether an element is or sits in a comment thread, whose authors are not the story's.
fn in_comments(node: &dom_query::NodeRef<'_>) -> bool {
    std::iter::once(*node)
        .chain(node.ancestors_it(None))
        .any(|a| {
            let mark = format!(
                "{} {}",
                a.attr("class").unwrap_or_default(),
                a.attr("id").unwrap_or_default()
            )
            .to_lowercase();
            mark.contains("comment") || mark.contains("respond") || mark.contains("reply")
        })
}

/// The first printed byline outside comment threads: an element marked `rel=author`,
/// `itemprop=author` or with "byline" or "author" in its class or id, or an `<address>` outside the page's footer, whose text (without the
/// `<time>` that often stands inside it) is short enough to be names.
fn byline_text(doc: &Document) -> Option<String> {
    let candidates = doc.select(
        "[rel~='author'], [itemprop~='author'], [class*='byline' i], [class*='author' i], \
         [id*='byline' i], [id*='author' i], address",
    );
    for element in candidates.iter() {
        let Some(node) = element.nodes().first() else {
            continue;
        };
        if matches!(
            node.node_name().as_deref(),
            Some("html" | "body" | "meta" | "link" | "script" | "style" | "img" | "input" | "form")
        ) {
            continue;
        }
        let name = element.select("[itemprop~='name']");
        let mut text = clean(&if name.exists() {
            name.text()
        } else {
            element.text()
        });
        if text.is_empty() || text.chars().count() > 200 || in_comments(node) {
            continue;
        }
        let in_footer = || {
            node.ancestors_it(None)
                .any(|a| a.node_name().as_deref() == Some("footer"))
        };
        if node.node_name().as_deref() == Some("address") && in_footer() {
            continue;
        }
        for time in element.select("time").iter() {
            let date = clean(&time.text());
            if !date.is_empty() {
                text = clean(&text.replace(&date, " "));
            }
        }
        if let Some(b) = clean_byline(&text).filter(|b| looks_like_names(b)) {
            return Some(b);
        }
    }
    None
}

/// What content systems put in an author field that names nobody.
const PLACEHOLDERS: &[&str] = &["noauthor", "unknown", "admin", "anonymous", "none"];

/// The authors the page's meta tags name: Dublin Core creators, `author`, Parse.ly and Sailthru
/// authors, or `article:author` when it is a name rather than a profile's address.
fn meta_authors(metas: &Metas) -> Option<String> {
    for key in [
        "dc:creator",
        "dcterm:creator",
        "dcterms:creator",
        "author",
        "parsely-author",
        "sailthru:author",
        "article:author",
        "og:article:author",
        "article:author_name",
    ] {
        let names: Vec<&str> = metas
            .all(key)
            .into_iter()
            .filter(|v| {
                !v.starts_with("http")
                    && !v.starts_with("www.")
                    && !PLACEHOLDERS.contains(&squash(v).as_str())
            })
            .collect();
        if !names.is_empty() {
            return Some(names.join(", "));
        }
    }
    None
}

/// All the story's authors: JSON-LD's, or the meta tags' when they name more people (or JSON-LD
/// names none), or else the printed byline. A byline that only names the site gives way to a
/// printed one naming someone else.
fn byline(doc: &Document, ld: &[Value], metas: &Metas, sites: &[String]) -> Option<String> {
    let from_ld = ld_authors(ld).and_then(|b| clean_byline(&b));
    let from_meta = meta_authors(metas).and_then(|b| clean_byline(&b));
    let stated = match (from_ld, from_meta) {
        (Some(l), Some(m)) => {
            let all_in = l.split(", ").all(|n| squash(&m).contains(&squash(n)));
            Some(if all_in && m.len() > l.len() { m } else { l })
        }
        (l, m) => l.or(m),
    };
    let is_site = |b: &str| sites.contains(&squash(b));
    match stated {
        Some(s) if is_site(&s) => byline_text(doc).filter(|b| !is_site(b)).or(Some(s)),
        // A one-word author ("Todd") is a first name or a handle; the printed byline that
        // starts with it has the full name.
        Some(s) if !s.contains(char::is_whitespace) => byline_text(doc)
            .filter(|b| b.len() > s.len() && b.starts_with(&format!("{s} ")))
            .or_else(|| printed_full_name(doc, &s))
            .or(Some(s)),
        None => byline_text(doc),
        stated => stated,
    }
}

/// The one piece of text that is a whole name, two to four capitalised words, starting with
/// `first`: where a page states its author by first name only, the full name is printed
/// somewhere, often in an element with no author class ("Todd" stated, "Todd Bates" printed).
/// Text printed more than once is a product or a section ("Beachbody Performance Energize"
/// under a brand stated as the author), not a byline.
fn printed_full_name(doc: &Document, first: &str) -> Option<String> {
    let prefix = format!("{first} ");
    let root = doc.root();
    let mut found = root.descendants_it().filter_map(|node| {
        if !node.is_text() {
            return None;
        }
        let text = clean(&node.text());
        let words = text.split_whitespace().count();
        let is_name = text.starts_with(&prefix)
            && (2..=4).contains(&words)
            && text
                .split_whitespace()
                .all(|w| w.starts_with(char::is_uppercase) || NAME_PARTICLES.contains(&w));
        let in_code = node.parent().is_some_and(|p| {
            matches!(
                p.node_name().as_deref(),
                Some("script" | "style" | "noscript")
            )
        });
        (is_name && !in_code && !in_comments(&node)).then_some(text)
    });
    let name = found.next()?;
    found.next().is_none().then_some(name)
}

/// RFC 3339 or ISO date-time, or a date alone at 00:00 UTC.
pub fn parse_date(value: &str) -> Option<DateTime<FixedOffset>> {
    let v = value.trim();
    DateTime::parse_from_rfc3339(v)
        .ok()
        .or_else(|| DateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S%z").ok())
        .or_else(|| {
            let date = NaiveDate::parse_from_str(v.get(..10)?, "%Y-%m-%d").ok()?;
            Some(date.and_hms_opt(0, 0, 0)?.and_utc().fixed_offset())
        })
}

pub fn read(doc: &Document, base: Option<&url::Url>) -> Meta {
    let ld = json_ld(doc);
    let metas = Metas::read(doc);
    let sites = site_names(&ld, &metas, base);
    let (title, confirmed) = headline(doc, &ld, &metas, &sites);
    let dek = first_text(
        doc,
        "[class*='dek'], [class*='standfirst'], [class*='subtitle'], [class*='summary']",
    )
    .or_else(|| metas.first("og:description"))
    .or_else(|| metas.first("description"));
    let byline = byline(doc, &ld, &metas, &sites);
    let date_from = |ld_key: &str, meta_key: &str| {
        ld_str(&ld, ld_key)
            .or_else(|| metas.first(meta_key))
            .and_then(|d| parse_date(&d))
    };
    let published = date_from("datePublished", "article:published_time").or_else(|| {
        doc.select_single("time[datetime]")
            .attr("datetime")
            .and_then(|d| parse_date(&d))
    });
    let modified = date_from("dateModified", "article:modified_time");
    let canonical = doc
        .select_single("link[rel='canonical']")
        .attr("href")
        .map(|h| h.to_string())
        .or_else(|| metas.first("og:url"))
        .and_then(|href| match base {
            Some(b) => b.join(href.trim()).ok().map(|u| u.to_string()),
            None => url::Url::parse(href.trim()).ok().map(|u| u.to_string()),
        });
    let lang = doc
        .select_single("html")
        .attr("lang")
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty());
    Meta {
        title,
        dek,
        byline,
        published,
        modified,
        canonical_url: canonical,
        lang,
        site_name: metas.first("og:site_name"),
        corrections: ld_corrections(&ld),
        article_body: ld
            .iter()
            .find_map(|i| i.get("articleBody")?.as_str().map(str::to_string)),
        sites,
        confirmed,
        declares_story: declares_story(&ld, &metas),
    }
}

/// See [`Meta::declares_story`].
fn declares_story(ld: &[Value], metas: &Metas) -> bool {
    let locked = ld.iter().any(|i| {
        matches!(i.get("isAccessibleForFree"), Some(Value::Bool(false)))
            || i.get("isAccessibleForFree")
                .and_then(Value::as_str)
                .is_some_and(|v| v.eq_ignore_ascii_case("false"))
    });
    let story = ld.iter().any(is_story_type)
        || metas
            .first("og:type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("article"));
    story && !locked
}

impl Meta {
    /// Whether `text` is the headline with the site's name beside it ("Headline - The Ledger"),
    /// as some pages print their `<h1>`.
    pub fn is_title_with_site(&self, text: &str) -> bool {
        text != self.title && strip_site(text, &self.sites) == self.title
    }
}

/// The headline printed right above the story when it is worded differently from the title
/// the page states: what readers see, so what a rewritten headline changes. Newsrooms often
/// rewrite the visible headline and leave the SEO title (`og:title`, JSON-LD) as it was.
///
/// Only an `<h1>` close above the story's first paragraph counts, and only when it shares a
/// word with the stated title: the `<h1>`s that are neither are a blog's or a section's name.
pub fn shown_headline(meta: &Meta, shown: Option<&super::body::Shown>) -> Option<String> {
    let shown = shown?;
    if meta.confirmed {
        // An <h1> prints the stated title: the title is not stale, whatever other <h1>s say.
        return None;
    }
    let (text, title) = (loose(&shown.text), loose(&meta.title));
    let words = word_count(&shown.text);
    let title_words = content_words(&meta.title);
    let about_the_same = content_words(&shown.text)
        .iter()
        .any(|w| title_words.contains(w));
    // Inside the story's own <article> the <h1> is its headline however it is worded and
    // whatever stands between it and the text (a summary box); outside, it must be close and on
    // the same subject.
    let placed = shown.in_article || (shown.gap <= SHOWN_GAP && about_the_same);
    // A headline has some words to it; one to three are a section's, a column's or a topic's
    // name ("Council Watch").
    let headline = placed
        && (4..=40).contains(&words)
        && !meta.sites.contains(&squash(&shown.text))
        && text != title
        // "Local News | Ferry terminal opens": the stated title beside a label.
        && !separators(&text)
            .iter()
            .any(|&(start, end)| text[..start] == title || text[end..] == title)
        // "Exclusive", "Politics:", "Breaking:": a kicker of a word or two before the stated
        // title comes and goes with the news cycle; the headline is the same.
        && !text.strip_suffix(&title).is_some_and(|kicker| {
            let kicker = kicker.trim_end_matches([' ', ':', '|', '-', '–', '—']);
            (1..=2).contains(&kicker.split_whitespace().count())
        })
        // The stated title with the dek set inside the same <h1> (a <small> subtitle).
        && !meta.dek.as_deref().is_some_and(|dek| {
            text.strip_suffix(&loose(dek))
                .is_some_and(|rest| rest.trim_end() == title)
        });
    headline.then(|| shown.text.trim_end_matches(['¶', ' ']).to_string())
}

/// Characters of text (a byline, a date, a credit) that may stand between the printed headline
/// and the story's first paragraph; an `<h1>` further up is page furniture.
const SHOWN_GAP: usize = 400;

/// Lowercased words of four letters or more, a plural's "s" taken off: what two wordings of a
/// headline share when they are about the same thing.
pub(super) fn content_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(|w| {
            let w = w.to_lowercase();
            match w.strip_suffix('s') {
                Some(stem) if stem.chars().count() >= 4 => stem.to_string(),
                _ => w,
            }
        })
        .collect()
}

/// The text of the first element matching `selector` other than the page itself (a class word
/// on `<body>`, "category-dekalb", is no dek), if it reads as a dek: a sentence or a few, not a
/// whole section.
fn first_text(doc: &Document, selector: &str) -> Option<String> {
    let element = doc.select(selector).iter().find(|element| {
        !matches!(
            element
                .nodes()
                .first()
                .and_then(|n| n.node_name())
                .as_deref(),
            Some("html" | "body")
        )
    })?;
    let v = clean(&element.text());
    (!v.is_empty() && v.chars().count() <= 600).then_some(v)
}

#[cfg(test)]
#[path = "metadata_tests.rs"]
mod tests;
