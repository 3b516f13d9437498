//! Changelog entries: the publisher's notes beside storydiff's own account of each change.
