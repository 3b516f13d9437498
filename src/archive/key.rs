//! Article keys: the stable, ref-safe name of an article inside the archive.
//!
//! A key is `<host>/<slug>-<hash8>`. The slug makes it readable in `git branch`, the hash keeps
//! two URLs that fold to the same slug apart. Only `[a-z0-9.-]` ever reaches the ref name, so a key
//! is a valid git ref component on every filesystem.

use unicode_normalization::UnicodeNormalization;

use super::{ArchiveError, ArticleKey};
use crate::article::sha256_hex;

/// Longest slug kept before the hash suffix; long enough to read, short enough for paths.
const MAX_SLUG: usize = 80;
/// Prefix of every article branch.
pub(super) const REF_PREFIX: &str = "refs/heads/articles/";

impl ArticleKey {
    /// The key for an article URL.
    pub fn from_url(url: &url::Url) -> ArticleKey {
        let host = host_part(url);
        let mut source = url.path().to_string();
        if let Some(query) = url.query() {
            source.push('?');
            source.push_str(query);
        }
        let slug = slug(&source);
        let hash = sha256_hex(url.as_str().as_bytes());
        let hash8 = hash.get(..8).unwrap_or(&hash);
        if slug.is_empty() {
            ArticleKey(format!("{host}/{hash8}"))
        } else {
            ArticleKey(format!("{host}/{slug}-{hash8}"))
        }
    }

    /// A key as typed by a user: `<host>/<slug>`, `articles/<host>/<slug>` or the full ref.
    pub fn parse(text: &str) -> Result<ArticleKey, ArchiveError> {
        let bare = text
            .strip_prefix(REF_PREFIX)
            .or_else(|| text.strip_prefix("articles/"))
            .unwrap_or(text);
        let well_formed = bare.contains('/')
            && !bare.starts_with('/')
            && !bare.ends_with('/')
            && git2::Reference::is_valid_name(&format!("{REF_PREFIX}{bare}"));
        if well_formed {
            Ok(ArticleKey(bare.to_string()))
        } else {
            Err(ArchiveError::BadKey(text.to_string()))
        }
    }

    /// The key of an article branch, if `ref_name` is one.
    pub(super) fn from_ref_name(ref_name: &str) -> Option<ArticleKey> {
        ref_name
            .strip_prefix(REF_PREFIX)
            .filter(|k| !k.is_empty())
            .map(|k| ArticleKey(k.to_string()))
    }
}

impl std::fmt::Display for ArticleKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The host, lowercased, reduced to `[a-z0-9.-]`, with the port when there is one.
fn host_part(url: &url::Url) -> String {
    let raw = url.host_str().unwrap_or("");
    let mut out = String::with_capacity(raw.len() + 6);
    for c in raw.chars().flat_map(char::to_lowercase) {
        let c = if c.is_ascii_alphanumeric() || c == '.' {
            c
        } else {
            '-'
        };
        // No `..` (forbidden in refs) and no `--` runs.
        if (c == '.' || c == '-') && out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    if let Some(port) = url.port() {
        out.push('-');
        out.push_str(&port.to_string());
    }
    let mut out = out.trim_matches(['.', '-']).to_string();
    if out.ends_with(".lock") {
        out.truncate(out.len() - ".lock".len());
        out.push_str("-lock");
    }
    if out.is_empty() {
        // file:, data: and other host-less URLs.
        out = format!("no-host-{}", url.scheme().to_ascii_lowercase());
        out.retain(|c| c.is_ascii_alphanumeric() || c == '-');
    }
    out
}

/// Path and query, percent-decoded, accents stripped, lowercased, folded to `[a-z0-9-]`.
fn slug(source: &str) -> String {
    let decoded = percent_encoding_decode(source);
    let mut out = String::with_capacity(decoded.len().min(MAX_SLUG + 1));
    // NFD splits "é" into "e" + a combining mark, so Latin text keeps its letters.
    for c in decoded.nfd().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if is_combining_mark(c) {
            continue;
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= MAX_SLUG {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Combining diacritical marks left behind by NFD.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// `%XX` decoding, lossy: invalid UTF-8 becomes U+FFFD and later folds to `-`.
fn percent_encoding_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| (*b as char).to_digit(16)),
                bytes.get(i + 2).and_then(|b| (*b as char).to_digit(16)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(byte);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key(url: &str) -> ArticleKey {
        ArticleKey::from_url(&url::Url::parse(url).expect("test URL parses"))
    }

    fn assert_valid(k: &ArticleKey) {
        assert!(
            git2::Reference::is_valid_name(&k.ref_name()),
            "invalid ref: {}",
            k.ref_name()
        );
        assert_eq!(ArticleKey::parse(k.as_str()).ok().as_ref(), Some(k));
    }

    #[test]
    fn key_is_host_slug_and_hash() {
        let url = "https://www.Example.com/World/2024/Dec/17/Bridge-Reopens?page=2";
        let k = key(url);
        let hash = sha256_hex(url::Url::parse(url).expect("parses").as_str().as_bytes());
        assert_eq!(
            k.as_str(),
            format!(
                "www.example.com/world-2024-dec-17-bridge-reopens-page-2-{}",
                &hash[..8]
            )
        );
        assert_valid(&k);
    }

    #[test]
    fn odd_urls_give_valid_refs() {
        for url in [
            "https://example.com",
            "https://example.com/",
            "https://example.com/a/../b/..",
            "https://example.com/%2e%2e/x.lock",
            "https://example.com/story.lock",
            "https://example.lock/story",
            "https://example.com:8443/story",
            "http://[::1]:8080/story",
            "http://[2001:db8::1]/",
            "https://пример.рф/новости/статья",
            "https://example.com/caf%C3%A9/%E2%80%9Cquoted%E2%80%9D",
            "https://example.com/@{x}/~^:?*[\\",
            "https://example.com/a//b///c?x=1&y=..&z=@{",
            "https://example.com/%ff%fe",
            "file:///tmp/story.html",
            "data:text/html,hello",
            "https://192.168.0.1./x",
        ] {
            assert_valid(&key(url));
        }
    }

    #[test]
    fn accents_are_kept_as_letters() {
        assert!(
            key("https://example.com/caf%C3%A9-cr%C3%A8me")
                .as_str()
                .starts_with("example.com/cafe-creme-")
        );
    }

    #[test]
    fn slug_is_bounded_and_urls_stay_distinct() {
        let long = format!("https://example.com/{}", "word-".repeat(100));
        let k = key(&long);
        assert!(k.as_str().len() <= "example.com/".len() + MAX_SLUG + 9);
        assert_ne!(
            key("https://example.com/a-b"),
            key("https://example.com/a_b")
        );
    }

    #[test]
    fn ports_and_ipv6_hosts_are_folded() {
        assert!(
            key("https://example.com:8443/x")
                .as_str()
                .starts_with("example.com-8443/")
        );
        assert!(key("http://[::1]/x").as_str().starts_with("1/"));
        assert!(
            key("https://example.lock/x")
                .as_str()
                .starts_with("example-lock/")
        );
    }

    #[test]
    fn parse_accepts_keys_and_branch_names_and_rejects_junk() {
        let k = key("https://example.com/story");
        assert_eq!(
            ArticleKey::parse(&format!("articles/{k}")).ok(),
            Some(k.clone())
        );
        assert_eq!(ArticleKey::parse(&k.ref_name()).ok(), Some(k));
        for bad in ["", "nohost", "a/../b", "a/b.lock", "/a/b", "a/b/", "a b/c"] {
            assert!(ArticleKey::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    proptest! {
        #[test]
        fn any_path_and_query_gives_a_valid_ref(path in "\\PC{0,120}", query in proptest::option::of("\\PC{0,40}")) {
            let mut url = url::Url::parse("https://example.com/").expect("base parses");
            url.set_path(&path);
            url.set_query(query.as_deref());
            let k = ArticleKey::from_url(&url);
            prop_assert!(git2::Reference::is_valid_name(&k.ref_name()), "{}", k.ref_name());
        }

        #[test]
        fn any_host_gives_a_valid_ref(host in "[a-zA-Z0-9.\\-]{1,40}", port in proptest::option::of(1u16..)) {
            if let Ok(url) = url::Url::parse(&format!("http://{host}/x")) {
                let mut url = url;
                let _ = url.set_port(port);
                let k = ArticleKey::from_url(&url);
                prop_assert!(git2::Reference::is_valid_name(&k.ref_name()), "{}", k.ref_name());
            }
        }
    }
}
