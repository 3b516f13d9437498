//! markdown rendering of a ChangeSet.
use crate::diff::ChangeSet;
pub fn render(cs: &ChangeSet) -> String {
    let _ = cs;
    todo!()
}
