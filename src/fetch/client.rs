//! One conditional GET through ureq, with bounded redirects, timeouts, a body cap measured after
//! decompression, and retries on 429 and 5xx.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ureq::ResponseExt;

use super::retry::{backoff, parse_retry_after};
use super::{FetchConfig, FetchError, Fetched, Page, Validators};

/// An HTTP client with storydiff's manners. Cheap to clone and share between threads.
#[derive(Clone)]
pub struct Fetcher {
    agent: ureq::Agent,
    config: FetchConfig,
    stop: Arc<AtomicBool>,
}

/// One attempt's result before retry decisions.
enum Attempt {
    Done(Fetched),
    Retry {
        status: u16,
        retry_after: Option<Duration>,
    },
}

impl Fetcher {
    /// A client; `stop` cuts retry waits short when set (SIGTERM).
    pub fn new(config: FetchConfig, stop: Arc<AtomicBool>) -> Fetcher {
        let agent_config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(config.max_redirects)
            .max_redirects_will_error(true)
            .user_agent(config.user_agent.as_str())
            .timeout_connect(Some(config.connect_timeout))
            .timeout_global(Some(config.total_timeout))
            .max_idle_connections(if config.reuse_connections { 100 } else { 0 })
            .max_idle_connections_per_host(if config.reuse_connections { 3 } else { 0 })
            .build();
        let agent = ureq::Agent::with_parts(
            agent_config,
            ureq::unversioned::transport::DefaultConnector::default(),
            super::resolve::CachingResolver::default(),
        );
        Fetcher {
            agent,
            config,
            stop,
        }
    }

    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// GET `url`, sending `validators`; retries 429 and 5xx with jittered backoff.
    pub fn get(&self, url: &url::Url, validators: &Validators) -> Result<Fetched, FetchError> {
        let mut attempt = 0;
        loop {
            if self.stop.load(Ordering::Relaxed) {
                return Err(FetchError::Stopped);
            }
            match self.attempt(url, validators)? {
                Attempt::Done(fetched) => return Ok(fetched),
                Attempt::Retry {
                    status,
                    retry_after,
                } => {
                    if attempt >= self.config.retries {
                        return Err(FetchError::Status(status));
                    }
                    let wait = retry_after
                        .unwrap_or_else(|| backoff(self.config.retry_base, attempt))
                        .min(self.config.max_retry_wait);
                    tracing::info!(%url, status, ?wait, "retrying");
                    self.sleep(wait);
                    attempt += 1;
                }
            }
        }
    }

    /// A plain GET for small documents (robots.txt, feeds): the body, whatever the status.
    pub fn get_text(&self, url: &url::Url) -> Result<(u16, Vec<u8>), FetchError> {
        match self.get(url, &Validators::default())? {
            Fetched::Page(page) => Ok((page.status, page.body)),
            Fetched::Gone { status, .. } => Ok((status, Vec::new())),
            Fetched::NotModified { .. } => Ok((304, Vec::new())),
        }
    }

    fn attempt(&self, url: &url::Url, validators: &Validators) -> Result<Attempt, FetchError> {
        let mut request = self.agent.get(url.as_str());
        if let Some(etag) = &validators.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(modified) = &validators.last_modified {
            request = request.header("If-Modified-Since", modified);
        }
        let mut response = request.call().map_err(|e| classify(e, url, &self.config))?;
        let status = response.status().as_u16();
        let final_url = url::Url::parse(&response.get_uri().to_string()).unwrap_or(url.clone());
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        match status {
            304 => Ok(Attempt::Done(Fetched::NotModified { final_url })),
            404 | 410 => Ok(Attempt::Done(Fetched::Gone { status, final_url })),
            429 | 500..=599 => Ok(Attempt::Retry {
                status,
                retry_after: header("retry-after")
                    .and_then(|v| parse_retry_after(&v, chrono::Utc::now())),
            }),
            200..=299 => {
                let content_type = header("content-type");
                let validators = Validators {
                    etag: header("etag"),
                    last_modified: header("last-modified"),
                };
                let body = response
                    .body_mut()
                    .with_config()
                    .limit(self.config.max_body)
                    .read_to_vec()
                    .map_err(|e| classify(e, url, &self.config))?;
                Ok(Attempt::Done(Fetched::Page(Page {
                    final_url,
                    status,
                    body,
                    content_type,
                    validators,
                })))
            }
            other => Err(FetchError::Status(other)),
        }
    }

    /// Sleep, waking early when asked to stop.
    fn sleep(&self, wait: Duration) {
        let step = Duration::from_millis(50);
        let mut left = wait;
        while !left.is_zero() && !self.stop.load(Ordering::Relaxed) {
            let now = left.min(step);
            std::thread::sleep(now);
            left -= now;
        }
    }
}

/// ureq's error as one of ours.
fn classify(err: ureq::Error, url: &url::Url, config: &FetchConfig) -> FetchError {
    match err {
        ureq::Error::HostNotFound => {
            FetchError::HostNotFound(url.host_str().unwrap_or("").to_string())
        }
        ureq::Error::Timeout(which) => FetchError::Timeout(which.to_string()),
        ureq::Error::BodyExceedsLimit(limit) => FetchError::TooLarge(limit),
        ureq::Error::TooManyRedirects => FetchError::TooManyRedirects(config.max_redirects),
        ureq::Error::StatusCode(status) => FetchError::Status(status),
        ureq::Error::BadUri(text) => FetchError::BadUrl(text),
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => FetchError::Refused,
            std::io::ErrorKind::TimedOut => FetchError::Timeout("read".into()),
            _ => {
                // Readers wrap ureq's own errors (the body cap) in io::Error.
                let text = io.to_string();
                if text.contains("exceeds limit") || text.contains("BodyExceedsLimit") {
                    FetchError::TooLarge(config.max_body)
                } else if text.contains("lookup address") || text.contains("not known") {
                    FetchError::HostNotFound(url.host_str().unwrap_or("").to_string())
                } else {
                    FetchError::Connection(text)
                }
            }
        },
        ureq::Error::ConnectionFailed => FetchError::Connection("could not connect".into()),
        other => FetchError::Connection(other.to_string()),
    }
}
