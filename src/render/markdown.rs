//! markdown rendering of a ChangeSet.
