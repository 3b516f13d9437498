//! Headline, dek, byline, dates, canonical URL, language and site name from one parse of the page.

use super::body::clean;
use chrono::{DateTime, FixedOffset, NaiveDate};
use dom_query::Document;

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
}

fn meta(doc: &Document, selector: &str) -> Option<String> {
    let v = doc
        .select(selector)
        .first()
        .attr("content")
        .map(|c| clean(&c))?;
    (!v.is_empty()).then_some(v)
}

fn first_text(doc: &Document, selector: &str) -> Option<String> {
    let v = clean(&doc.select(selector).first().text());
    (!v.is_empty()).then_some(v)
}

/// The printed byline without the `<time>` that often stands inside it.
fn byline_text(doc: &Document) -> Option<String> {
    let element = doc.select("[class*='byline'], [class*='author']").first();
    let mut text = clean(&element.text());
    for time in element.select("time").iter() {
        let date = clean(&time.text());
        if !date.is_empty() {
            text = clean(&text.replace(&date, " "));
        }
    }
    (!text.is_empty()).then_some(text)
}

/// JSON-LD objects of the page, flattened through `@graph` and arrays.
fn json_ld(doc: &Document) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for script in doc.select("script[type='application/ld+json']").iter() {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&script.text()) {
            flatten(v, &mut out);
        }
    }
    out
}

fn flatten(v: serde_json::Value, out: &mut Vec<serde_json::Value>) {
    match v {
        serde_json::Value::Array(items) => items.into_iter().for_each(|i| flatten(i, out)),
        serde_json::Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                flatten(graph, out);
            }
            out.push(serde_json::Value::Object(map));
        }
        _ => {}
    }
}

fn ld_str(items: &[serde_json::Value], key: &str) -> Option<String> {
    items
        .iter()
        .find_map(|i| i.get(key)?.as_str().map(clean).filter(|s| !s.is_empty()))
}

/// The texts of every JSON-LD `correction`: a string, a `CorrectionComment` with `text`, or a
/// list of them.
fn ld_corrections(items: &[serde_json::Value]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in items.iter().filter_map(|i| i.get("correction")) {
        let list = match value {
            serde_json::Value::Array(a) => a.iter().collect(),
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

fn ld_authors(items: &[serde_json::Value]) -> Option<String> {
    let author = items.iter().find_map(|i| i.get("author"))?;
    let list = match author {
        serde_json::Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    };
    let names: Vec<String> = list
        .iter()
        .filter_map(|a| {
            a.as_str()
                .map(str::to_string)
                .or_else(|| a.get("name")?.as_str().map(str::to_string))
        })
        .map(|n| clean(&n))
        .filter(|n| !n.is_empty())
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
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

/// Strip "By " and a trailing date from a printed byline.
pub fn clean_byline(text: &str) -> Option<String> {
    let mut t = clean(text);
    if t.to_lowercase().starts_with("by ") {
        t = t[3..].trim().to_string();
    }
    if let Some(at) = t.find(['|', '•']) {
        t = t[..at].trim().to_string();
    }
    let t = t.trim_end_matches([',', ' ']).to_string();
    (!t.is_empty() && t.split_whitespace().count() <= 15).then_some(t)
}

pub fn read(doc: &Document, base: Option<&url::Url>) -> Meta {
    let ld = json_ld(doc);
    let title = ld_str(&ld, "headline")
        .or_else(|| meta(doc, "meta[property='og:title']"))
        .or_else(|| first_text(doc, "h1"))
        .unwrap_or_default();
    let dek = first_text(
        doc,
        "[class*='dek'], [class*='standfirst'], [class*='subtitle'], [class*='summary']",
    )
    .or_else(|| meta(doc, "meta[property='og:description']"))
    .or_else(|| meta(doc, "meta[name='description']"));
    let byline = ld_authors(&ld)
        .or_else(|| meta(doc, "meta[name='author']"))
        .or_else(|| byline_text(doc))
        .and_then(|b| clean_byline(&b));
    let date_from = |ld_key: &str, meta_sel: &str| {
        ld_str(&ld, ld_key)
            .or_else(|| meta(doc, meta_sel))
            .and_then(|d| parse_date(&d))
    };
    let published =
        date_from("datePublished", "meta[property='article:published_time']").or_else(|| {
            doc.select("time[datetime]")
                .first()
                .attr("datetime")
                .and_then(|d| parse_date(&d))
        });
    let modified = date_from("dateModified", "meta[property='article:modified_time']");
    let canonical = doc
        .select("link[rel='canonical']")
        .first()
        .attr("href")
        .map(|h| h.to_string())
        .or_else(|| meta(doc, "meta[property='og:url']"))
        .and_then(|href| match base {
            Some(b) => b.join(href.trim()).ok().map(|u| u.to_string()),
            None => url::Url::parse(href.trim()).ok().map(|u| u.to_string()),
        });
    let lang = doc
        .select("html")
        .first()
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
        site_name: meta(doc, "meta[property='og:site_name']"),
        corrections: ld_corrections(&ld),
        article_body: ld
            .iter()
            .find_map(|i| i.get("articleBody")?.as_str().map(str::to_string)),
    }
}
