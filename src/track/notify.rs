//! Notifications: each new version's changelog entry goes to a webhook (JSON with a `text`
//! field, which chat services show as is) and/or to a command on its stdin. A failed delivery is
//! logged and kept for the next pass; the version itself is already safe in the archive.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::changelog::Entry;

/// Where notices go.
#[derive(Debug, Clone, Default)]
pub struct Targets {
    pub webhook: Option<String>,
    pub exec: Option<String>,
}

impl Targets {
    pub fn is_empty(&self) -> bool {
        self.webhook.is_none() && self.exec.is_none()
    }
}

/// The notice for a new version.
pub fn notice(url: &str, entry: &Entry) -> Value {
    let mut text = format!("{} — version {}: {}", entry.title, entry.version, url);
    for line in &entry.summary {
        text.push_str("\n• ");
        text.push_str(line);
    }
    for line in entry.note_lines() {
        text.push('\n');
        text.push_str(&line);
    }
    json!({
        "text": text,
        "event": "new_version",
        "url": url,
        "entry": entry,
    })
}

/// Deliver one notice to every target; the targets that failed, with why.
pub fn deliver(targets: &Targets, notice: &Value) -> Vec<String> {
    let body = notice.to_string();
    let mut failures = Vec::new();
    if let Some(url) = &targets.webhook
        && let Err(e) = post(url, &body)
    {
        tracing::warn!(webhook = %url, error = %e, "notification failed; kept for the next pass");
        failures.push(format!("webhook {url}: {e}"));
    }
    if let Some(cmd) = &targets.exec
        && let Err(e) = run(cmd, &body)
    {
        tracing::warn!(command = %cmd, error = %e, "notification failed; kept for the next pass");
        failures.push(format!("command {cmd:?}: {e}"));
    }
    failures
}

fn post(url: &str, body: &str) -> Result<(), String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(15)))
        .http_status_as_error(false)
        .user_agent(crate::fetch::user_agent(None).as_str())
        .build()
        .into();
    let response = agent
        .post(url)
        .header("Content-Type", "application/json")
        .send(body)
        .map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(format!("HTTP status {status}"))
    }
}

fn run(cmd: &str, body: &str) -> Result<(), String> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    if let Some(mut stdin) = child.stdin.take() {
        // A command that ignores its input may close stdin early; that is its business.
        let _ = stdin.write_all(body.as_bytes());
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("exited with {status}"))
    }
}
