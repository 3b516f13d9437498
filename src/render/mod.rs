//! Display formats for a [`ChangeSet`](crate::diff::ChangeSet): one sibling module per format,
//! each a pure function from the ChangeSet to text.

pub mod json;
pub mod markdown;
pub mod terminal;
pub mod unified;
