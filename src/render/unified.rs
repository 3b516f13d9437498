//! unified rendering of a ChangeSet.
