//! `storydiff extract`: a page in, its Article out.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

use storydiff::article::Article;
use storydiff::extract::{self, PageInfo};

use super::args::{ExtractArgs, ExtractFormat};
use super::{Status, parse_url, print, to_json};

/// The JSON form of `extract`: the Article plus the fields evaluations read directly.
#[derive(Serialize)]
pub struct ArticleJson<'a> {
    #[serde(flatten)]
    pub article: &'a Article,
    /// The body blocks in order, as plain strings.
    pub paragraphs: Vec<&'a str>,
    pub content_sha256: String,
}

impl<'a> ArticleJson<'a> {
    pub fn new(article: &'a Article) -> ArticleJson<'a> {
        ArticleJson {
            article,
            paragraphs: article.blocks.iter().map(|b| b.text.as_str()).collect(),
            content_sha256: article.content_sha256(),
        }
    }
}

pub fn run(args: ExtractArgs) -> Result<Status> {
    let url = args.url.as_deref().map(parse_url).transpose()?;
    let (name, bytes) = match args.file.as_deref() {
        None => read_stdin()?,
        Some(path) if path == Path::new("-") => read_stdin()?,
        Some(path) => (path.display().to_string(), read_page(path)?),
    };
    let info = PageInfo {
        url,
        content_type: None,
    };
    let article = extract::extract(&bytes, &info).with_context(|| name.clone())?;
    match args.format {
        ExtractFormat::Text => print(&article.canonical_text())?,
        ExtractFormat::Json => print(&to_json(&ArticleJson::new(&article))?)?,
    }
    Ok(Status::Ok)
}

fn read_stdin() -> Result<(String, Vec<u8>)> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .context("cannot read standard input")?;
    Ok(("standard input".to_string(), bytes))
}

/// Read a saved page, naming the file in any error.
pub fn read_page(path: &Path) -> Result<Vec<u8>> {
    if path.is_dir() {
        anyhow::bail!("{}: is a directory, expected a saved page", path.display());
    }
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Read and extract a saved page: its bytes and its Article.
pub fn extract_file(path: &Path, url: Option<&url::Url>) -> Result<(Vec<u8>, Article)> {
    let bytes = read_page(path)?;
    let info = PageInfo {
        url: url.cloned(),
        content_type: None,
    };
    let article = extract::extract(&bytes, &info).with_context(|| path.display().to_string())?;
    Ok((bytes, article))
}
