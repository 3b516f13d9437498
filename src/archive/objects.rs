//! A version's git objects (four blobs, a tree, a commit) made here, for batches.
//!
//! libgit2 hashes with its collision-detecting SHA-1, which costs more than the rest of
//! writing a version, and checks each object it reads back; a batch writes ~90 KB per version
//! and reads none of it before the pack. So a batch hashes with the `sha1` crate and
//! serialises the objects itself, byte for byte as libgit2 does: a test records the same
//! versions both ways and compares the commit ids.

use git2::{ObjectType, Oid, Time};
use sha1::{Digest, Sha1};

/// One object with its bytes, as it goes into a pack or a loose file.
pub(super) struct Object {
    pub id: Oid,
    pub kind: ObjectType,
    pub bytes: Vec<u8>,
}

impl Object {
    fn new(kind: ObjectType, bytes: Vec<u8>) -> Object {
        let mut hash = Sha1::new();
        hash.update(format!("{} {}\0", kind.str(), bytes.len()).as_bytes());
        hash.update(&bytes);
        let digest: [u8; 20] = hash.finalize().into();
        Object {
            // Twenty bytes always make an id.
            id: Oid::from_bytes(&digest).unwrap_or(Oid::ZERO_SHA1),
            kind,
            bytes,
        }
    }
}

/// A version's objects, the commit last: `files` (name, bytes) as regular files in one tree,
/// and a commit of it by `name <email>` at `when`.
pub(super) fn version(
    files: &[(&str, &[u8])],
    parent: Option<Oid>,
    (name, email, when): (&str, &str, Time),
    message: &str,
) -> Vec<Object> {
    let mut objects: Vec<Object> = files
        .iter()
        .map(|(_, bytes)| Object::new(ObjectType::Blob, bytes.to_vec()))
        .collect();
    // Tree entries sort by name, bytewise (no directories here).
    let mut entries: Vec<(&str, Oid)> = files
        .iter()
        .zip(&objects)
        .map(|((file, _), blob)| (*file, blob.id))
        .collect();
    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut tree = Vec::new();
    for (file, id) in entries {
        tree.extend_from_slice(b"100644 ");
        tree.extend_from_slice(file.as_bytes());
        tree.push(0);
        tree.extend_from_slice(id.as_bytes());
    }
    let tree = Object::new(ObjectType::Tree, tree);

    let offset = when.offset_minutes();
    let person = format!(
        "{name} <{email}> {} {}{:02}{:02}",
        when.seconds(),
        if offset < 0 { '-' } else { '+' },
        offset.abs() / 60,
        offset.abs() % 60
    );
    let mut commit = format!("tree {}\n", tree.id);
    if let Some(parent) = parent {
        commit.push_str(&format!("parent {parent}\n"));
    }
    commit.push_str(&format!("author {person}\ncommitter {person}\n\n{message}"));
    objects.push(tree);
    objects.push(Object::new(ObjectType::Commit, commit.into_bytes()));
    objects
}
