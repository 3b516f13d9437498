//! Discovery: the article URLs listed by an RSS, Atom or JSON feed, or by a (news) sitemap.

/// What kind of list a document was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Feed,
    Sitemap,
    /// A sitemap index: its URLs are more sitemaps.
    SitemapIndex,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("not a feed or sitemap: {0}")]
pub struct NotAList(pub String);

/// The item URLs of a feed or sitemap, in document order, resolved against `base`.
pub fn items(body: &[u8], base: &url::Url) -> Result<(ListKind, Vec<url::Url>), NotAList> {
    let head = String::from_utf8_lossy(&body[..body.len().min(2048)]).to_ascii_lowercase();
    if head.contains("<urlset") || head.contains("<sitemapindex") {
        let kind = if head.contains("<sitemapindex") {
            ListKind::SitemapIndex
        } else {
            ListKind::Sitemap
        };
        return Ok((kind, sitemap_locs(&String::from_utf8_lossy(body), base)));
    }
    let feed = feed_rs::parser::parse(body).map_err(|e| NotAList(e.to_string()))?;
    let mut urls = Vec::new();
    for entry in &feed.entries {
        // The alternate link is the story; Atom may also list self, edit, enclosure links.
        let link = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or_else(|| entry.links.first());
        let href = link.map(|l| l.href.as_str()).or_else(|| {
            // RSS items sometimes carry only a permalink guid.
            Some(entry.id.as_str()).filter(|id| id.starts_with("http"))
        });
        if let Some(url) = href.and_then(|h| base.join(h.trim()).ok())
            && matches!(url.scheme(), "http" | "https")
            && !urls.contains(&url)
        {
            urls.push(url);
        }
    }
    Ok((ListKind::Feed, urls))
}

/// Every `<loc>` of a sitemap, XML entities undone.
fn sitemap_locs(text: &str, base: &url::Url) -> Vec<url::Url> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<loc>") {
        rest = &rest[start + 5..];
        let Some(end) = rest.find("</loc>") else {
            break;
        };
        let raw = rest[..end].trim();
        let raw = raw
            .strip_prefix("<![CDATA[")
            .and_then(|r| r.strip_suffix("]]>"))
            .unwrap_or(raw);
        let value = raw
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&");
        if let Ok(url) = base.join(&value)
            && matches!(url.scheme(), "http" | "https")
            && !out.contains(&url)
        {
            out.push(url);
        }
        rest = &rest[end..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> url::Url {
        url::Url::parse("https://news.example/feed.xml").unwrap()
    }

    #[test]
    fn rss_atom_and_json_feed_items() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
            <item><title>A</title><link>https://news.example/a</link></item>
            <item><title>B</title><link>/b?x=1&amp;y=2</link></item></channel></rss>"#;
        let (kind, urls) = items(rss, &base()).unwrap();
        assert_eq!(kind, ListKind::Feed);
        let urls: Vec<&str> = urls.iter().map(url::Url::as_str).collect();
        assert_eq!(
            urls,
            ["https://news.example/a", "https://news.example/b?x=1&y=2"]
        );

        let atom = br#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>x</id><updated>2025-03-14T07:00:00Z</updated>
            <entry><title>A</title><id>1</id><updated>2025-03-14T07:00:00Z</updated><link rel="alternate" href="https://news.example/atom-a"/></entry></feed>"#;
        assert_eq!(
            items(atom, &base()).unwrap().1[0].as_str(),
            "https://news.example/atom-a"
        );

        let json = br#"{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"1","url":"https://news.example/j"}]}"#;
        assert_eq!(
            items(json, &base()).unwrap().1[0].as_str(),
            "https://news.example/j"
        );
    }

    #[test]
    fn news_sitemap_and_index() {
        let sm = br#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
            <url><loc>https://news.example/s1?a=1&amp;b=2</loc><news:news><news:title>S</news:title></news:news></url>
            <url><loc> https://news.example/s2 </loc></url></urlset>"#;
        let (kind, urls) = items(sm, &base()).unwrap();
        assert_eq!(kind, ListKind::Sitemap);
        assert_eq!(urls.len(), 2);
        assert_eq!(urls[0].as_str(), "https://news.example/s1?a=1&b=2");
        let index = b"<sitemapindex><sitemap><loc>https://news.example/sm-2.xml</loc></sitemap></sitemapindex>";
        assert_eq!(items(index, &base()).unwrap().0, ListKind::SitemapIndex);
    }

    #[test]
    fn html_is_not_a_list() {
        assert!(items(b"<html><body>hi</body></html>", &base()).is_err());
    }
}
