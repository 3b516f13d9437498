//! `storydiff verify`: the archive checked end to end.

use std::path::Path;

use anyhow::Result;

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
                "{}: {} articles, {} versions, {} objects checked, {}\n",
                dir.display(),
                report.articles,
                report.versions,
                report.objects,
                match report.problems.len() {
                    0 => "no problems found".to_string(),
                    1 => "1 problem found".to_string(),
                    n => format!("{n} problems found"),
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
