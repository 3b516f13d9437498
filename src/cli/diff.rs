//! `storydiff diff`: two versions (or two pages) compared and rendered.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};

use storydiff::article::Article;
use storydiff::diff::{self, Granularity};
use storydiff::render;

use super::args::{DiffArgs, DiffFormat, GranularityArg, IgnoreArg};
use super::extract::extract_file;
use super::{Status, archive_dir, find_article, open, print};

pub fn run(archive: Option<PathBuf>, args: DiffArgs) -> Result<Status> {
    let (old, new, old_label, new_label) = match &args.files {
        Some(files) => {
            let (_, old) = extract_file(&files[0], None)?;
            let (_, new) = extract_file(&files[1], None)?;
            (
                old,
                new,
                files[0].display().to_string(),
                files[1].display().to_string(),
            )
        }
        None => versions(archive, &args.target)?,
    };
    let mut changes = diff::diff(&old, &new);
    if args.ignore.contains(&IgnoreArg::Cosmetic) {
        changes = changes.ignoring_cosmetic();
    }
    let granularity = match args.granularity {
        GranularityArg::Block => Granularity::Block,
        GranularityArg::Sentence => Granularity::Sentence,
        GranularityArg::Word => Granularity::Word,
        GranularityArg::Char => Granularity::Char,
    };
    if granularity != Granularity::Word {
        changes = changes.with_granularity(granularity);
    }
    let text = match args.format {
        DiffFormat::Terminal => render::terminal::render(&changes, use_colour()),
        DiffFormat::Unified => render::unified::render(&changes, &old_label, &new_label),
        DiffFormat::Markdown => render::markdown::render(&changes),
        DiffFormat::Json => render::json::render(&changes),
        DiffFormat::Html => render::html::render(&changes, &new.title, &old_label, &new_label),
    };
    print(&text)?;
    Ok(Status::Ok)
}

/// Colour only for a person at a terminal who has not asked for none.
fn use_colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// The two archived versions named by `URL [A [B]]`, with labels.
fn versions(
    archive: Option<PathBuf>,
    target: &[String],
) -> Result<(Article, Article, String, String)> {
    let Some((url, numbers)) = target.split_first() else {
        bail!(
            "nothing to compare: give an archived article's URL (storydiff diff URL [A [B]]) \
             or two saved pages (storydiff diff --files OLD NEW)"
        );
    };
    let archive = open(&archive_dir(archive)?)?;
    let key = find_article(&archive, url)?;
    let latest = super::read::latest_version(&archive, &key, url)?;
    let numbers = numbers
        .iter()
        .map(|n| {
            n.parse::<u32>().ok().filter(|&v| v >= 1).with_context(|| {
                format!("invalid version {n:?}: expected a number from 1 to {latest}")
            })
        })
        .collect::<Result<Vec<u32>>>()?;
    let (a, b) = match numbers.as_slice() {
        [] if latest < 2 => bail!("{url} has only one version; there is nothing to compare yet"),
        [] => (latest - 1, latest),
        [a] => (*a, latest),
        [a, b, ..] => (*a, *b),
    };
    let old = archive.load(&key, a)?;
    let new = archive.load(&key, b)?;
    // Asked for, so shown, but a backwards diff read as a forward one turns the publisher's
    // additions into removals: say so where the reader looks, and in the labels.
    let (old_label, new_label) = match backwards_note(url, a, b) {
        Some(note) => {
            eprintln!("{note}");
            (
                format!("{url} (version {a}, the newer)"),
                format!("{url} (version {b}, the older)"),
            )
        }
        None => (
            format!("{url} (version {a})"),
            format!("{url} (version {b})"),
        ),
    };
    Ok((old.article, new.article, old_label, new_label))
}

/// The warning for `diff URL A B` with A newer than B; None in the usual order.
fn backwards_note(url: &str, a: u32, b: u32) -> Option<String> {
    (a > b).then(|| {
        format!(
            "storydiff: note: version {a} is newer than version {b}, so this diff runs backwards \
             (newer → older): text the publisher added shows as removed. For the publisher's \
             order: storydiff diff {url} {b} {a}"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::backwards_note;

    #[test]
    fn only_a_newer_first_version_gets_the_backwards_note() {
        let url = "https://news.example/story";
        let note = backwards_note(url, 5, 1).expect("5 before 1 runs backwards");
        assert!(note.contains("newer → older"), "{note}");
        assert!(
            note.ends_with("storydiff diff https://news.example/story 1 5"),
            "{note}"
        );
        assert_eq!(backwards_note(url, 1, 5), None);
        assert_eq!(backwards_note(url, 3, 3), None);
    }
}
