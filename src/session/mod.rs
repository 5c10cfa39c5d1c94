//! Opening datasets, from every place the explorer opens one (the command
//! line, the open prompt, a reload, a live reload, the merged view): the
//! target resolved, the file read and checked, the search index built, the
//! reader's marks read from their sidecar. The state machine (`app`) never
//! touches the disk: it asks for a load and gets a `Current` back.

mod current;
mod memory;

pub use crate::store::Target;
pub use current::{Current, Knowledge};
pub use memory::release_free_memory;

use crate::model::Dataset;
use crate::store::{self, LoadError, Progress, Stage};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Opens `target` as the explorer shows it: checked, indexed, with its
/// marks; for a reload, with what changed since `previous`.
pub fn open(target: &Target, progress: &Progress, previous: Option<&Dataset>) -> Result<Current, LoadError> {
    let loading = memory::Loading::start();
    // Any timeline file, read as remembered beside it (see `import::open`).
    let loaded = crate::import::open::load(target, progress, &crate::import::open::Choice::default())?;
    progress.set_stage(Stage::Indexing);
    let mut current = with_marks(Current::new(loaded));
    current.changes = previous.map(|old| current.dataset.changes_from(old));
    drop(loading);
    Ok(current)
}

/// `current` with the stars and notes of its sidecar file; a sidecar that
/// cannot be read is reported, and the marks start empty.
fn with_marks(mut current: Current) -> Current {
    let path = store::marks::path_for(&current.dataset.origin);
    match path.as_deref().map(store::marks::read) {
        Some(Ok(m)) => current.marks = Arc::new(m),
        Some(Err(e)) => current.marks_problem = Some(e),
        None => {}
    }
    current.marks_path = path;
    current
}

/// Several open datasets as one timeline (see `model::merge`), with each
/// part's marks under the merged ids.
pub fn merged(parts: &[Current]) -> Current {
    let datasets: Vec<&Dataset> = parts.iter().map(|c| c.dataset.as_ref()).collect();
    let mut current = Current::new(store::Loaded {
        dataset: crate::model::merge(&datasets),
        warnings: Vec::new(),
    });
    current.marks = Arc::new(merged_marks(parts));
    current
}

/// The parts' marks as the merged view names their events
/// (`apt31.norway-breach`), and as columns the file each event is from,
/// then the columns chosen in any part.
pub fn merged_marks(parts: &[Current]) -> store::marks::Marks {
    let datasets: Vec<&Dataset> = parts.iter().map(|c| c.dataset.as_ref()).collect();
    let mut marks = store::marks::Marks {
        format: 1,
        columns: vec![crate::model::merged_file_field(&datasets).to_string()],
        ..Default::default()
    };
    for p in parts {
        for c in &p.marks.columns {
            if !marks.columns.contains(c) {
                marks.columns.push(c.clone());
            }
        }
        let name = crate::model::merged_prefix(&p.dataset);
        for (id, m) in &p.marks.events {
            marks.events.insert(format!("{name}.{id}"), m.clone());
        }
    }
    marks
}

/// What Tab does to a typed path: the longest prefix shared by the
/// entries that match, and those entries when there are several.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Completion {
    pub text: String,
    pub matches: Vec<String>,
}

/// Completes a typed path as a shell does: in the folder the text names
/// (everything up to its last separator, as typed), the entries that
/// start with the rest; a single folder gets a trailing separator.
/// `C:` at the start of a typed path on Windows (a folder, as `C:\` or
/// the drive's current folder is); nothing elsewhere.
fn drive_prefix(typed: &str) -> Option<usize> {
    let b = typed.as_bytes();
    (cfg!(windows) && b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':').then_some(2)
}

pub fn complete_path(typed: &str) -> Completion {
    let cut = typed
        .rfind(std::path::is_separator)
        .map(|i| i + 1)
        .or_else(|| drive_prefix(typed))
        .unwrap_or(0);
    let (dir_part, prefix) = typed.split_at(cut);
    let dir = if dir_part.is_empty() {
        PathBuf::from(".")
    } else {
        store::target::expand_home(dir_part)
    };
    let unchanged = || Completion {
        text: typed.to_string(),
        matches: Vec::new(),
    };
    let Ok(entries) = std::fs::read_dir(&dir) else { return unchanged() };
    let mut matches: Vec<(String, bool)> = entries
        .filter_map(|e| e.ok())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path().is_dir()))
        .filter(|(n, _)| n.starts_with(prefix) && (!n.starts_with('.') || prefix.starts_with('.')))
        .collect();
    if matches.is_empty() {
        return unchanged();
    }
    matches.sort();
    let first = &matches[0].0;
    let common = matches.iter().fold(first.len(), |n, (m, _)| {
        first
            .char_indices()
            .zip(m.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(n)
    });
    let mut text = format!("{dir_part}{}", &first[..common]);
    if matches.len() == 1 && matches[0].1 {
        text.push(std::path::MAIN_SEPARATOR);
    }
    Completion {
        text,
        matches: if matches.len() > 1 {
            matches
                .into_iter()
                .map(|(n, d)| if d { format!("{n}{}", std::path::MAIN_SEPARATOR) } else { n })
                .collect()
        } else {
            Vec::new()
        },
    }
}

/// The datasets and timelines in a folder, for the open picker: `.yaml`,
/// `.yml`, `.json`, `.jsonl` and `.csv` files, sorted.
pub fn datasets_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| ["yaml", "yml", "json", "jsonl", "csv"].contains(&e.to_ascii_lowercase().as_str()))
        })
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().ends_with(".itx-marks.json")))
        .collect();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_works_in_the_folder_as_typed() {
        let dir = tempfile::tempdir().unwrap();
        let x = dir.path().join("x");
        std::fs::create_dir(&x).unwrap();
        std::fs::write(x.join(".hidden.yaml"), "").unwrap();
        std::fs::write(dir.path().join(".top.yaml"), "").unwrap();
        std::fs::write(x.join("alpha.yaml"), "").unwrap();
        std::fs::write(x.join("alpine.yaml"), "").unwrap();
        let base = format!("{}/", dir.path().display());
        // `x/.` completes among x's hidden files, not the folder above's.
        let c = complete_path(&format!("{base}x/."));
        assert_eq!(c.text, format!("{base}x/.hidden.yaml"));
        // Several matches: the shared prefix, and the matches to show.
        let c = complete_path(&format!("{base}x/al"));
        assert_eq!(c.text, format!("{base}x/alp"));
        assert_eq!(c.matches, ["alpha.yaml", "alpine.yaml"]);
        // A single folder gets its separator.
        assert_eq!(complete_path(&format!("{base}x")).text, format!("{base}x/"));
    }

    #[test]
    fn completion_never_cuts_inside_a_character() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("aé");
        std::fs::create_dir(&d).unwrap();
        std::fs::write(d.join("éa.yaml"), "").unwrap();
        std::fs::write(d.join("éb.yaml"), "").unwrap();
        let typed = format!("{}/aé/.", dir.path().display());
        assert_eq!(complete_path(&typed).text, typed, "nothing hidden there: unchanged, no panic");
        let c = complete_path(&format!("{}/aé/", dir.path().display()));
        assert!(c.text.ends_with("aé/é"), "{}", c.text);
    }

    #[test]
    fn the_picker_lists_the_datasets_of_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["b.yaml", "a.json", "c.txt", "d.yml", "d.yml.itx-marks.json"] {
            std::fs::write(dir.path().join(f), "").unwrap();
        }
        let names: Vec<String> = datasets_in(dir.path())
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.json", "b.yaml", "d.yml"]);
    }
}
