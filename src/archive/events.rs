//! Page events in the archive: a page gone (404, 410) or back is not a version, so it is kept as
//! a git note on the version that was the latest when it happened, one line per event, under
//! `refs/notes/events`. The archive's config names that ref in `notes.displayRef`, so plain
//! `git log articles/<key>` shows the events under the versions they followed.

use git2::{ErrorCode, Oid, Signature, Time};

use super::durable::{sync_objects, sync_ref};
use super::{Archive, ArchiveError, ArticleKey, WriteLock};
use crate::changelog::PageEvent;

/// The notes ref that holds page events.
pub const EVENTS_REF: &str = "refs/notes/events";

impl Archive {
    /// Add `event` to the note of the version it followed (`event.after_version`).
    pub fn record_event(
        &self,
        lock: &WriteLock,
        key: &ArticleKey,
        event: &PageEvent,
    ) -> Result<(), ArchiveError> {
        self.check_lock(lock)?;
        if self.batch.is_some() {
            // Its objects would wait in memory while the note moved now.
            return Err(ArchiveError::Invalid(
                "page events are written through a plain handle, not a batch".to_string(),
            ));
        }
        let chain = self.chain(key)?;
        let version = chain
            .iter()
            .find(|p| p.info.version == event.after_version)
            .ok_or_else(|| ArchiveError::UnknownVersion {
                url: chain.last().map(|p| p.url.clone()).unwrap_or_default(),
                version: event.after_version,
                count: u32::try_from(chain.len()).unwrap_or(u32::MAX),
            })?;
        let commit = Oid::from_str(&version.info.commit)?;
        let repo = &self.repo;
        let mut text = match repo.find_note(Some(EVENTS_REF), commit) {
            Ok(note) => note.message().unwrap_or_default().to_string(),
            Err(e) if e.code() == ErrorCode::NotFound => String::new(),
            Err(e) => return Err(e.into()),
        };
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&event.to_line());
        text.push('\n');
        let offset_minutes = event.at.offset().local_minus_utc() / 60;
        let signature = Signature::new(
            "storydiff",
            "storydiff@localhost",
            &Time::new(event.at.timestamp(), offset_minutes),
        )?;
        let blob = repo.note(
            &signature,
            &signature,
            Some(EVENTS_REF),
            commit,
            &text,
            true,
        )?;
        let notes_commit = repo.refname_to_id(EVENTS_REF)?;
        let tree = repo.find_commit(notes_commit)?.tree_id();
        let io = |source| ArchiveError::Io {
            path: self.root.clone(),
            source,
        };
        sync_objects(&self.root, &[blob, tree, notes_commit]).map_err(io)?;
        sync_ref(&self.root, EVENTS_REF).map_err(io)?;
        // Replaces the value when it is there already, adds it otherwise.
        let mut config = repo.config()?.open_level(git2::ConfigLevel::Local)?;
        config.set_multivar("notes.displayRef", "^refs/notes/events$", EVENTS_REF)?;
        Ok(())
    }

    /// Every page event of an article, oldest first; empty when it has none.
    pub fn events(&self, key: &ArticleKey) -> Result<Vec<PageEvent>, ArchiveError> {
        match self.repo.find_reference(EVENTS_REF) {
            Ok(_) => {}
            Err(e) if e.code() == ErrorCode::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e.into()),
        }
        let mut events = Vec::new();
        for version in self.chain(key)? {
            let commit = Oid::from_str(&version.info.commit)?;
            let text = match self.repo.find_note(Some(EVENTS_REF), commit) {
                Ok(note) => note.message().unwrap_or_default().to_string(),
                Err(e) if e.code() == ErrorCode::NotFound => continue,
                Err(e) => return Err(e.into()),
            };
            events.extend(
                text.lines()
                    .filter_map(|line| PageEvent::from_line(line, version.info.version)),
            );
        }
        events.sort_by_key(|e| (e.after_version, e.at));
        Ok(events)
    }
}
