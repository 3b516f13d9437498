//! json rendering of a ChangeSet.
