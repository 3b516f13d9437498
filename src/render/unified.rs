//! unified rendering of a ChangeSet.
use crate::diff::ChangeSet;
pub fn render(cs: &ChangeSet, old_label: &str, new_label: &str) -> String {
    let _ = (cs, old_label, new_label);
    todo!()
}
