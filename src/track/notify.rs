//! Notifications: each new version's changelog entry goes to a webhook (JSON with a `text`
//! field, which chat services show as is) and/or to a command on its stdin. A failed delivery is
//! logged and kept for the next pass; the version itself is already safe in the archive.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde::{Deserialize, Serialize};
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

/// One place a notice goes: kept with a notice that failed to reach it, so the retry goes to
/// that place only (the others already have it), even on a pass run without the flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    Webhook(String),
    Exec(String),
}

impl Targets {
    /// Each target given, webhook first.
    pub fn each(&self) -> Vec<Target> {
        let webhook = self.webhook.clone().map(Target::Webhook);
        let exec = self.exec.clone().map(Target::Exec);
        webhook.into_iter().chain(exec).collect()
    }
}

/// A notice that has not reached its target yet, as kept in `state.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pending {
    pub target: Target,
    pub notice: Value,
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

/// Deliver one notice to every target; the targets that failed.
pub fn deliver(targets: &Targets, notice: &Value) -> Vec<Target> {
    targets
        .each()
        .into_iter()
        .filter(|target| send(target, notice).is_err())
        .collect()
}

/// Deliver one notice to one target; a failure is logged, with why.
pub fn send(target: &Target, notice: &Value) -> Result<(), String> {
    let body = notice.to_string();
    let sent = match target {
        Target::Webhook(url) => post(url, &body),
        Target::Exec(cmd) => run(cmd, &body),
    };
    if let Err(e) = &sent {
        match target {
            Target::Webhook(url) => {
                tracing::warn!(webhook = %url, error = %e, "notification failed; kept for the next pass")
            }
            Target::Exec(cmd) => {
                tracing::warn!(command = %cmd, error = %e, "notification failed; kept for the next pass")
            }
        }
    }
    sent
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
