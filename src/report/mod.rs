//! Change reports across the archive and the formats they are published in.
//!
//! `collect` gathers a [`Report`]; `markdown`, `html` and `atom` (with `feed` choosing the
//! entries) write it; JSON is the Report's serde form. `entry_html` and `diff_html` render one
//! changelog entry and one ChangeSet as HTML for the page and the feeds; `escape` is the one
//! escaping function they all use; `numbers` finds changed figures.

pub mod atom;
pub mod collect;
pub mod diff_html;
pub mod entry_html;
pub mod escape;
pub mod feed;
pub mod html;
pub mod markdown;
pub mod numbers;

pub use collect::{Report, Window, collect};
