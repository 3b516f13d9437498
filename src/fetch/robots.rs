//! robots.txt: which paths we may fetch and how long to wait between requests.
//!
//! Follows RFC 9309: the group for our product token (`storydiff`) or else `*`; the longest
//! matching rule wins, `Allow` on a tie; `*` and `$` in patterns. `Crawl-delay` is read too.

use std::time::Duration;

/// The product token we look for in `User-agent` lines.
pub const TOKEN: &str = "storydiff";

/// The rules of one site for us.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Robots {
    /// (allow, pattern)
    rules: Vec<(bool, String)>,
    pub crawl_delay: Option<Duration>,
}

#[derive(Default)]
struct Group {
    agents: Vec<String>,
    rules: Vec<(bool, String)>,
    crawl_delay: Option<Duration>,
}

impl Robots {
    /// Everything allowed (no robots.txt, or it could not be read as text).
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// Parse a robots.txt body.
    pub fn parse(text: &str) -> Robots {
        let mut groups: Vec<Group> = Vec::new();
        let mut in_agents = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((field, value)) = line.split_once(':') else {
                continue;
            };
            let field = field.trim().to_ascii_lowercase();
            let value = value.trim();
            match field.as_str() {
                "user-agent" => {
                    if !in_agents {
                        groups.push(Group::default());
                        in_agents = true;
                    }
                    if let Some(group) = groups.last_mut() {
                        group.agents.push(value.to_ascii_lowercase());
                    }
                }
                "allow" | "disallow" => {
                    in_agents = false;
                    if let Some(group) = groups.last_mut()
                        && !value.is_empty()
                    {
                        group.rules.push((field == "allow", value.to_string()));
                    }
                }
                "crawl-delay" => {
                    in_agents = false;
                    if let Some(group) = groups.last_mut() {
                        group.crawl_delay = value
                            .parse::<f64>()
                            .ok()
                            .filter(|s| s.is_finite() && *s >= 0.0)
                            .map(|s| Duration::from_secs_f64(s.min(3600.0)));
                    }
                }
                _ => {}
            }
        }
        let ours = |g: &&Group| {
            g.agents
                .iter()
                .any(|a| a != "*" && TOKEN.contains(a.as_str()))
        };
        let chosen: Vec<&Group> = if groups.iter().any(|g| ours(&g)) {
            groups.iter().filter(ours).collect()
        } else {
            groups
                .iter()
                .filter(|g| g.agents.iter().any(|a| a == "*"))
                .collect()
        };
        Robots {
            rules: chosen.iter().flat_map(|g| g.rules.clone()).collect(),
            crawl_delay: chosen.iter().filter_map(|g| g.crawl_delay).max(),
        }
    }

    /// May we fetch this URL?
    pub fn allows(&self, url: &url::Url) -> bool {
        let mut path = url.path().to_string();
        if let Some(query) = url.query() {
            path.push('?');
            path.push_str(query);
        }
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if matches(pattern, &path) {
                let len = pattern.len();
                best = match best {
                    Some((l, a)) if l > len || (l == len && a) => Some((l, a)),
                    _ => Some((len, *allow)),
                };
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// Does a robots pattern (`*` any run, `$` at the end anchors) match the start of `path`?
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut rest = match path.strip_prefix(parts[0]) {
        Some(rest) => rest,
        None => return false,
    };
    for (i, part) in parts.iter().enumerate().skip(1) {
        let last = i == parts.len() - 1;
        if last && anchored {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    !anchored || rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(robots: &Robots, path: &str) -> bool {
        robots.allows(&url::Url::parse(&format!("https://news.example{path}")).unwrap())
    }

    #[test]
    fn star_group_longest_rule_wins() {
        let r = Robots::parse(
            "User-agent: *\nDisallow: /private\nAllow: /private/open\nDisallow: /*.pdf$\n\nUser-agent: otherbot\nDisallow: /\n",
        );
        assert!(allowed(&r, "/news/story"));
        assert!(!allowed(&r, "/private/x"));
        assert!(allowed(&r, "/private/open/x"));
        assert!(!allowed(&r, "/files/a.pdf"));
        assert!(allowed(&r, "/files/a.pdf.html"));
        assert_eq!(r.crawl_delay, None);
    }

    #[test]
    fn our_own_group_beats_star_and_carries_crawl_delay() {
        let r = Robots::parse(
            "User-agent: *\nDisallow: /\n\nUser-agent: StoryDiff\nUser-agent: other\nDisallow: /admin\nCrawl-delay: 2.5\n",
        );
        assert!(allowed(&r, "/news"));
        assert!(!allowed(&r, "/admin/x"));
        assert_eq!(r.crawl_delay, Some(Duration::from_millis(2500)));
    }

    #[test]
    fn empty_or_garbage_allows_everything() {
        assert!(allowed(&Robots::parse(""), "/x"));
        assert!(allowed(
            &Robots::parse("<html>oops</html>\nDisallow: /"),
            "/x"
        ));
        assert!(allowed(&Robots::parse("User-agent: *\nDisallow:\n"), "/x"));
    }
}
