//! Story identity: every URL a story is reached by comes down to one URL, the key of its history.
//!
//! Fragments and tracking parameters go; redirects are followed (the caller passes the final
//! URL); the page's own `<link rel=canonical>` or `og:url` wins when it is a plausible story URL.

/// Query parameters that say who sent the reader, never which story it is.
const TRACKING_EXACT: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "oly_anon_id",
    "oly_enc_id",
    "vero_id",
    "rb_clickid",
    "s_cid",
    "ncid",
    "ocid",
    "cmpid",
    "smid",
    "ref_src",
    "ref_url",
    "spm",
    "wt_mc",
    "at_medium",
    "at_campaign",
    "at_custom1",
];

/// Prefixes of tracking parameters (`utm_source`, `utm_medium`, …).
const TRACKING_PREFIXES: &[&str] = &["utm_", "pk_", "mtm_", "__s"];

fn is_tracking(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    TRACKING_EXACT.contains(&name.as_str()) || TRACKING_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// The URL without its fragment and tracking parameters; other parameters keep their order.
pub fn clean(url: &url::Url) -> url::Url {
    let mut out = url.clone();
    out.set_fragment(None);
    if url.query().is_some() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(name, _)| !is_tracking(name))
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            out.set_query(None);
        } else {
            out.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    out
}

/// The story's URL: its canonical link when that is usable, else where the redirects ended,
/// cleaned either way.
pub fn story_url(final_url: &url::Url, canonical: Option<&str>) -> url::Url {
    let usable = canonical
        .and_then(|c| final_url.join(c.trim()).ok())
        .filter(|c| matches!(c.scheme(), "http" | "https") && c.has_host())
        // A canonical link to the home page on an article is a template bug, not an identity.
        .filter(|c| c.path() != "/" || final_url.path() == "/");
    clean(usable.as_ref().unwrap_or(final_url))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> url::Url {
        url::Url::parse(s).unwrap()
    }

    #[test]
    fn tracking_parameters_and_fragments_go() {
        assert_eq!(
            clean(&u(
                "https://News.example/a/b?utm_source=x&id=7&fbclid=Q&UTM_Medium=y#top"
            ))
            .as_str(),
            "https://news.example/a/b?id=7"
        );
        assert_eq!(
            clean(&u("https://news.example/a?gclid=1&mc_cid=2&mc_eid=3")).as_str(),
            "https://news.example/a"
        );
        assert_eq!(
            clean(&u("https://news.example/a?page=2")).as_str(),
            "https://news.example/a?page=2"
        );
    }

    #[test]
    fn canonical_link_wins_unless_it_is_the_home_page() {
        let final_url = u("https://m.news.example/story?utm_source=rss");
        assert_eq!(
            story_url(&final_url, Some("https://news.example/story")).as_str(),
            "https://news.example/story"
        );
        assert_eq!(
            story_url(&final_url, Some("/story-2")).as_str(),
            "https://m.news.example/story-2"
        );
        assert_eq!(
            story_url(&final_url, Some("https://news.example/")).as_str(),
            "https://m.news.example/story"
        );
        assert_eq!(
            story_url(&final_url, Some("javascript:void(0)")).as_str(),
            "https://m.news.example/story"
        );
        assert_eq!(
            story_url(&final_url, None).as_str(),
            "https://m.news.example/story"
        );
    }
}
