//! `storydiff verify`: the archive checked end to end.

use std::path::Path;

use anyhow::Result;

use storydiff::changelog::plural;

use super::args::{DataFormat, VerifyArgs};
use super::{Status, open, print, to_json};

pub fn run(dir: &Path, args: VerifyArgs) -> Result<Status> {
    let archive = open(dir)?;
    let report = archive.verify()?;
    match args.format {
        DataFormat::Json => print(&to_json(&report)?)?,
        DataFormat::Text => {
            let mut out = String::new();
            for problem in &report.problems {
                out.push_str(&format!("problem: {problem}\n"));
            }
            out.push_str(&format!(
                "{}: {}, {}, {} checked, {}\n",
                dir.display(),
                plural(report.articles, "article"),
                plural(report.versions, "version"),
                plural(report.objects, "object"),
                match report.problems.len() {
                    0 => "no problems found".to_string(),
                    n => format!("{} found", plural(n, "problem")),
                }
            ));
            print(&out)?;
        }
    }
    Ok(if report.problems.is_empty() {
        Status::Ok
    } else {
        Status::ProblemsFound
    })
}
