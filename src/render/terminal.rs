//! terminal rendering of a ChangeSet.
