//! A guard against a libgit2 bug: reading a truncated loose object spins forever in its inflate
//! loop (libgit2 issue 7342, fixed after the 1.9.7 that git2 0.21 vendors), so one damaged file
//! would hang `log`, `check` and even `verify`. Before libgit2 reads an object that is stored
//! loose, we inflate the file ourselves and refuse one that ends early. Packed objects take
//! another path in libgit2 and are left to it.

use std::io::Read;
use std::path::Path;

use flate2::read::ZlibDecoder;
use git2::Oid;

/// Err with what is wrong when `oid` is a loose object under `objects` that does not inflate
/// to as many bytes as its header says; Ok when it is whole, or not stored loose.
pub(super) fn check(objects: &Path, oid: Oid) -> Result<(), String> {
    let hex = oid.to_string();
    let bytes = match std::fs::read(objects.join(&hex[..2]).join(&hex[2..])) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("its file cannot be read ({e})")),
    };
    let mut inflated = Vec::new();
    ZlibDecoder::new(bytes.as_slice())
        .read_to_end(&mut inflated)
        .map_err(|e| format!("its file does not inflate ({e})"))?;
    let (header, content) = inflated
        .iter()
        .position(|&b| b == 0)
        .map(|nul| (&inflated[..nul], &inflated[nul + 1..]))
        .ok_or("its file has no object header")?;
    let stated = std::str::from_utf8(header)
        .ok()
        .and_then(|h| h.split_once(' '))
        .and_then(|(_, size)| size.parse::<usize>().ok())
        .ok_or("its file has no object header")?;
    if stated != content.len() {
        return Err(format!(
            "its file is cut short ({} of {stated} bytes)",
            content.len()
        ));
    }
    Ok(())
}
