//! storydiff: track how news articles change after publication.
//!
//! The pipeline is fetch → extract → archive → diff → changelog → render; each stage is a module
//! with a narrow API. The `storydiff` binary only parses arguments and wires the stages together.

pub mod archive;
pub mod article;
pub mod changelog;
pub mod diff;
pub mod extract;
pub mod fetch;
pub mod history;
pub mod record;
pub mod reextract;
pub mod render;
pub mod report;
pub mod track;
