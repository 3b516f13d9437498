//! Change reports across the archive and the formats they are published in.
//!
//! `collect` gathers a [`Report`]; `markdown`, `html` and `atom` (with `feed` choosing the
//! entries) write it; JSON is the Report's serde form. `entry_html` renders one changelog entry
//! as HTML for the page and the feeds, with the diff from `render::html::fragment`; every writer
//! escapes through `render::escape`; `numbers` finds changed figures.

pub mod atom;
pub mod collect;
pub mod entry_html;
pub mod feed;
pub mod html;
pub mod markdown;
pub mod numbers;

pub use collect::{Report, Window, collect};
