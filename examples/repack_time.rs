//! Time the archive's repack on an archive past git's limits: `cargo run --release --example
//! repack_time -- DIR` (make one with `gen_archive`, which writes every object loose).
//!
//! Prints what was folded, the time it took and the object store's size before and after.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use storydiff::archive::Archive;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir: PathBuf = std::env::args_os()
        .nth(1)
        .ok_or("usage: repack_time ARCHIVE_DIR")?
        .into();
    let archive = Archive::open(&dir)?;
    let lock = archive.lock(Duration::from_secs(5))?;
    let before = size(&dir.join("objects"));
    let started = Instant::now();
    let done = archive.repack(&lock)?;
    let seconds = started.elapsed().as_secs_f64();
    let after = size(&dir.join("objects"));
    match done {
        Some(d) => println!(
            "folded {} loose objects and {} packs into one pack of {} objects in {seconds:.2} s; \
             objects/ {:.1} MB -> {:.1} MB",
            d.loose,
            d.packs,
            d.objects,
            before as f64 / 1e6,
            after as f64 / 1e6
        ),
        None => println!("nothing to fold ({seconds:.3} s to look)"),
    }
    Ok(())
}

/// Bytes in the files under `dir`.
fn size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => size(&e.path()),
            _ => e.metadata().map(|m| m.len()).unwrap_or(0),
        })
        .sum()
}
