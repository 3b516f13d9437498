//! The ChangeSet as pretty JSON, `schema_version` first: the form scripts and other tools read.

use crate::diff::ChangeSet;

pub fn render(changes: &ChangeSet) -> String {
    // Serialising plain data with string keys cannot fail.
    let mut text = serde_json::to_string_pretty(changes).unwrap_or_default();
    text.push('\n');
    text
}
