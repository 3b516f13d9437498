//! Fetching: pages, feeds and robots.txt over HTTP, politely and within limits.
//!
//! `client` does one conditional GET with retries; `identity` turns any URL of a story into the
//! one URL its history is kept under; `robots` reads robots.txt; `discover` reads feeds and
//! sitemaps into article URLs. Nothing here touches the archive.

mod client;
pub mod discover;
pub mod identity;
mod resolve;
mod retry;
pub mod robots;

use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use client::Fetcher;
pub use retry::{backoff, parse_retry_after};

/// Limits and manners of every request.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// `storydiff/<version> (+<contact>)`.
    pub user_agent: String,
    pub connect_timeout: Duration,
    /// Whole request, body included.
    pub total_timeout: Duration,
    /// Most bytes kept, counted after decompression.
    pub max_body: u64,
    pub max_redirects: u32,
    /// Extra attempts after a 429 or 5xx.
    pub retries: u32,
    /// First backoff step; doubles each retry, with jitter.
    pub retry_base: Duration,
    /// Longest wait between attempts, whatever Retry-After asks for.
    pub max_retry_wait: Duration,
    /// Keep connections open between requests to one host.
    pub reuse_connections: bool,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: user_agent(None),
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            max_body: 10_000_000,
            max_redirects: 10,
            retries: 3,
            retry_base: Duration::from_secs(1),
            max_retry_wait: Duration::from_secs(60),
            reuse_connections: true,
        }
    }
}

/// The User-Agent: who we are, which version, and where to complain.
pub fn user_agent(contact: Option<&str>) -> String {
    let version = env!("CARGO_PKG_VERSION");
    match contact {
        Some(contact) if !contact.trim().is_empty() => {
            format!("storydiff/{version} (+{})", contact.trim())
        }
        _ => format!("storydiff/{version} (+https://github.com/storydiff/storydiff)"),
    }
}

/// What a server said about a page's version, sent back on the next request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

impl Validators {
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// A page as the server sent it.
#[derive(Debug, Clone)]
pub struct Page {
    /// Where the redirects ended.
    pub final_url: url::Url,
    pub status: u16,
    /// Decompressed bytes, at most `max_body`.
    pub body: Vec<u8>,
    pub content_type: Option<String>,
    pub validators: Validators,
}

/// How one GET ended, when it ended in an answer.
#[derive(Debug, Clone)]
pub enum Fetched {
    Page(Page),
    /// 304: the validators still hold.
    NotModified {
        final_url: url::Url,
    },
    /// 404 or 410: the publisher took the page down.
    Gone {
        status: u16,
        final_url: url::Url,
    },
}

/// Why a GET gave no answer worth keeping.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("host not found (DNS lookup failed for {0})")]
    HostNotFound(String),
    #[error("connection refused")]
    Refused,
    #[error("timed out ({0})")]
    Timeout(String),
    #[error("page larger than {0} bytes (after decompression)")]
    TooLarge(u64),
    #[error("more than {0} redirects")]
    TooManyRedirects(u32),
    #[error("HTTP status {0}")]
    Status(u16),
    #[error("connection failed: {0}")]
    Connection(String),
    #[error("invalid URL: {0}")]
    BadUrl(String),
    #[error("stopped before the request was sent")]
    Stopped,
}
