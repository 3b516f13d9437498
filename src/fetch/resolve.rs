//! Host name lookup for the fetcher. ureq's own resolver starts a thread for every request (to
//! bound the lookup by the connect timeout), and a pass fetches hundreds of pages from a few
//! hosts: here an address in the URL is used as it is, and a host's addresses are looked up
//! once and kept for a minute. Failures are not kept, so the next request asks again.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// How long a host's addresses are reused.
const KEEP: Duration = Duration::from_secs(60);

#[derive(Debug, Default)]
pub(super) struct CachingResolver {
    lookup: DefaultResolver,
    known: Mutex<HashMap<String, (Instant, ResolvedSocketAddrs)>>,
}

impl Resolver for CachingResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let Some(authority) = uri.authority() else {
            return self.lookup.resolve(uri, config, timeout);
        };
        let port = authority.port_u16().or_else(|| match uri.scheme_str() {
            Some("http") => Some(80),
            Some("https") => Some(443),
            _ => None,
        });
        let host = authority.host();
        if let (Some(port), Ok(ip)) = (
            port,
            host.trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>(),
        ) {
            let mut addrs = self.empty();
            addrs.push(SocketAddr::new(ip, port));
            return Ok(addrs);
        }
        let name = format!("{}:{}", host.to_ascii_lowercase(), port.unwrap_or(0));
        let known = |map: &HashMap<String, (Instant, ResolvedSocketAddrs)>| {
            map.get(&name)
                .filter(|(at, _)| at.elapsed() < KEEP)
                .map(|(_, addrs)| addrs.clone())
        };
        if let Some(addrs) = known(&self.known.lock().unwrap_or_else(|p| p.into_inner())) {
            return Ok(addrs);
        }
        let addrs = self.lookup.resolve(uri, config, timeout)?;
        self.known
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(name, (Instant::now(), addrs.clone()));
        Ok(addrs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(resolver: &CachingResolver, url: &str) -> Result<Vec<SocketAddr>, ureq::Error> {
        let uri: Uri = url.parse().expect("test URI parses");
        let config = Config::default();
        let timeout = NextTimeout {
            after: ureq::unversioned::transport::time::Duration::from_secs(5),
            reason: ureq::Timeout::Resolve,
            ..NextTimeout::default()
        };
        resolver
            .resolve(&uri, &config, timeout)
            .map(|addrs| addrs.iter().copied().collect())
    }

    #[test]
    fn an_address_in_the_url_is_used_as_it_is() {
        let resolver = CachingResolver::default();
        assert_eq!(
            resolve(&resolver, "http://127.0.0.1:8080/story").expect("v4"),
            ["127.0.0.1:8080".parse::<SocketAddr>().expect("addr")]
        );
        assert_eq!(
            resolve(&resolver, "https://[::1]/story").expect("v6"),
            ["[::1]:443".parse::<SocketAddr>().expect("addr")]
        );
        assert!(resolver.known.lock().expect("lock").is_empty());
    }

    #[test]
    fn a_host_is_looked_up_once_and_a_failure_is_not_kept() {
        let resolver = CachingResolver::default();
        let first = resolve(&resolver, "http://localhost:8080/a").expect("localhost resolves");
        assert!(
            first
                .iter()
                .all(|a| a.ip().is_loopback() && a.port() == 8080)
        );
        assert_eq!(resolver.known.lock().expect("lock").len(), 1);
        assert_eq!(
            resolve(&resolver, "http://LOCALHOST:8080/b").expect("again"),
            first
        );
        assert!(resolve(&resolver, "http://no-such-host.invalid/").is_err());
        assert_eq!(resolver.known.lock().expect("lock").len(), 1);
    }
}
