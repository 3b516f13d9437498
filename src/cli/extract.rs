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
    let url = args.url.as_deref().and_then(lenient_url);
    let info = PageInfo {
        url,
        content_type: None,
    };
    let inputs: Vec<Option<&Path>> = if args.files.is_empty() {
        vec![None]
    } else {
        args.files
            .iter()
            .map(|p| (p != Path::new("-")).then_some(p.as_path()))
            .collect()
    };
    let several = inputs.len() > 1;
    let mut failed = 0;
    let mut json_items = Vec::new();
    for input in &inputs {
        let name = input.map_or_else(|| "standard input".to_string(), |p| p.display().to_string());
        let result = read_input(*input)
            .and_then(|bytes| extract::extract(&bytes, &info).with_context(|| name.clone()));
        let article = match result {
            Ok(article) => article,
            Err(err) => {
                failed += 1;
                if !several {
                    return Err(err);
                }
                eprintln!("storydiff: error: {err:#}");
                if let ExtractFormat::Jsonl = args.format {
                    let line = serde_json::json!({ "file": name, "error": format!("{err:#}") });
                    print(&format!("{line}\n"))?;
                }
                continue;
            }
        };
        match args.format {
            ExtractFormat::Text if several => {
                print(&format!("==> {name} <==\n{}\n", article.canonical_text()))?
            }
            ExtractFormat::Text => print(&article.canonical_text())?,
            ExtractFormat::Json if several => {
                json_items.push(serde_json::to_value(FileArticleJson {
                    file: &name,
                    article: ArticleJson::new(&article),
                })?)
            }
            ExtractFormat::Json => print(&to_json(&ArticleJson::new(&article))?)?,
            ExtractFormat::Jsonl => {
                let line = serde_json::to_string(&FileArticleJson {
                    file: &name,
                    article: ArticleJson::new(&article),
                })?;
                print(&format!("{line}\n"))?;
            }
        }
    }
    if let (ExtractFormat::Json, true) = (args.format, several) {
        print(&to_json(&json_items)?)?;
    }
    if failed > 0 {
        anyhow::bail!("{failed} of {} pages gave no article", inputs.len());
    }
    Ok(Status::Ok)
}

/// An Article tagged with the file it came from, for several pages in one run.
#[derive(Serialize)]
struct FileArticleJson<'a> {
    file: &'a str,
    #[serde(flatten)]
    article: ArticleJson<'a>,
}

/// `--url` for a read-only command: a value that is not an http(s) URL (evaluation harnesses pass
/// `None` or nothing for pages without one) is ignored with a warning instead of failing.
fn lenient_url(text: &str) -> Option<url::Url> {
    match parse_url(text) {
        Ok(url) => Some(url),
        Err(err) => {
            eprintln!("storydiff: warning: ignoring --url: {err:#}");
            None
        }
    }
}

/// The bytes of a saved page, or of standard input when no path is given.
fn read_input(path: Option<&Path>) -> Result<Vec<u8>> {
    match path {
        None => Ok(read_stdin()?.1),
        Some(path) => read_page(path),
    }
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
