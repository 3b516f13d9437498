//! Display formats for a [`ChangeSet`](crate::diff::ChangeSet): one sibling module per format,
//! each a pure function from the ChangeSet to text.

pub mod json;
pub mod markdown;
pub mod terminal;
pub mod unified;

use crate::diff::{BlockChange, Field};

/// The reader's name for a field.
pub(crate) fn field_name(field: Field) -> &'static str {
    match field {
        Field::Title => "Headline",
        Field::Dek => "Dek",
        Field::Byline => "Byline",
        Field::Published => "Published",
        Field::Modified => "Modified",
        Field::CanonicalUrl => "Canonical URL",
        Field::Lang => "Language",
        Field::SiteName => "Site name",
    }
}

/// Which body changes to show: every change, plus `context` unchanged blocks on each side; the
/// rest collapse. Each item is either a shown change or a count of hidden unchanged blocks.
pub(crate) enum Shown<'a> {
    Change(&'a BlockChange),
    Hidden(usize),
}

pub(crate) fn collapse(blocks: &[BlockChange], context: usize) -> Vec<Shown<'_>> {
    let changed: Vec<bool> = blocks
        .iter()
        .map(|b| !matches!(b, BlockChange::Unchanged { .. }))
        .collect();
    let near = |i: usize| {
        let lo = i.saturating_sub(context);
        let hi = (i + context + 1).min(blocks.len());
        changed[lo..hi].iter().any(|&c| c)
    };
    let mut out = Vec::new();
    let mut hidden = 0;
    for (i, block) in blocks.iter().enumerate() {
        if changed[i] || near(i) {
            if hidden > 0 {
                out.push(Shown::Hidden(hidden));
                hidden = 0;
            }
            out.push(Shown::Change(block));
        } else {
            hidden += 1;
        }
    }
    if hidden > 0 {
        out.push(Shown::Hidden(hidden));
    }
    out
}
