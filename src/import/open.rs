//! Any timeline file opened as a dataset is: itx's own datasets through
//! the loader, every other format imported as it streams past, with the
//! import's warnings as the load's, its progress shown and Esc stopping it.
//! How a file is to be read when its content cannot say (`--map`, or an
//! `--as` that overrides what it looks like) is remembered beside it,
//! so a reload, the open prompt and the merged view read it the same way.

use super::{plan::Plan, ImportFormat, Options};
use crate::store::{self, LoadError, LoadResult, Loaded, Progress, Target};
use std::path::{Path, PathBuf};

/// How to read a file: a format, or a map of its columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choice {
    pub from: Option<ImportFormat>,
    /// As typed after `--map`.
    pub map: Option<String>,
}

impl Choice {
    pub fn is_empty(&self) -> bool {
        self.from.is_none() && self.map.is_none()
    }

    /// What the command line gave, else what was remembered for `path`.
    pub fn for_file(given: &Choice, path: &Path) -> Choice {
        match sidecar(path) {
            Some(at) if given.is_empty() => remembered(&at),
            _ => given.clone(),
        }
    }
}

/// The file that remembers how `path` is read: in the user's data folder,
/// or beside it where an earlier itx wrote it (see `store::sidecar`).
pub fn sidecar(path: &Path) -> Option<PathBuf> {
    store::sidecar::path(path, ".itx-map")
}

/// The choice written in the sidecar `at`, if any.
fn remembered(at: &Path) -> Choice {
    let Ok(text) = std::fs::read_to_string(at) else {
        return Choice::default();
    };
    let mut c = Choice::default();
    for line in text.lines().map(str::trim) {
        if let Some(spec) = line.strip_prefix("map ") {
            c.map = Some(spec.trim().to_string());
        } else if let Some(name) = line.strip_prefix("from ") {
            c.from = <ImportFormat as clap::ValueEnum>::from_str(name.trim(), true).ok();
        }
    }
    c
}

/// Remembers `choice` for `path`, so the file opens the same way next
/// time; says why when it cannot.
pub fn remember(path: &Path, choice: &Choice) -> Result<(), String> {
    if choice.is_empty() {
        return Ok(());
    }
    let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let Some(at) = sidecar(path) else {
        return Err(format!(
            "cannot remember how {name} is read: no data folder for this user (XDG_DATA_HOME or HOME on Linux, %APPDATA% on Windows)"
        ));
    };
    write_choice(&at, &name, choice).map_err(|e| format!("cannot remember how {name} is read in {}: {e}", at.display()))
}

fn write_choice(at: &Path, name: &str, choice: &Choice) -> std::io::Result<()> {
    let mut text = format!("# How itx reads {name}: delete this file to let itx tell from the content.\n");
    if let Some(f) = choice.from {
        let value = clap::ValueEnum::to_possible_value(&f).map_or_else(String::new, |v| v.get_name().to_string());
        text.push_str(&format!("from {value}\n"));
    }
    if let Some(m) = &choice.map {
        text.push_str(&format!("map {m}\n"));
    }
    if let Some(dir) = at.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::atomic::write_atomic(at, text.as_bytes())
}

/// Whether the file is one of itx's own datasets (YAML, or JSON with its
/// keys), from its name and its first bytes.
fn is_own_dataset(path: &Path, head: &str) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if matches!(ext.as_deref(), Some("yaml" | "yml")) {
        return true;
    }
    let text = head.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('{') {
        let first = text.lines().next().unwrap_or_default();
        return match serde_json::from_str::<serde_json::Value>(first) {
            // One object on the first line: a dataset written on one line
            // has its keys; a line of a timeline does not.
            Ok(serde_json::Value::Object(m)) => m.contains_key("events") && m.contains_key("format"),
            // A document over several lines: a dataset if it has the
            // format's key and not a bundle's or a MISP event's; one that
            // is nothing else is taken as a dataset, for the loader to
            // say what is wrong with it.
            _ => {
                let other = text.contains("\"objects\"") || super::misp::looks_like(text);
                (text.contains("\"format\"") && !other) || (ext.as_deref() == Some("json") && super::detect(text).is_err())
            }
        };
    }
    text.lines()
        .take(200)
        .any(|l| l.starts_with("format:") || l.starts_with("events:") || l.starts_with("title:"))
}

/// A reader that reports what it reads and stops when the load is
/// cancelled.
struct Counted<'a> {
    file: std::fs::File,
    progress: &'a Progress,
    /// How far into the file this reader is.
    at: u64,
}

impl std::io::Read for Counted<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.progress.is_cancelled() {
            return Err(std::io::Error::other(store::CANCELLED));
        }
        let n = self.file.read(buf)?;
        self.at += n as u64;
        self.progress.reached(self.at);
        Ok(n)
    }
}

/// Opens `target`: a bundled dataset or an itx file through the loader,
/// any other timeline imported (by `given`, else as remembered, else as
/// its content says).
pub fn load(target: &Target, progress: &Progress, given: &Choice) -> LoadResult {
    let Target::File(path) = target else { return target.load(progress) };
    let choice = Choice::for_file(given, path);
    let file = store::clean::clean_line(&path.display().to_string());
    let (handle, len) = store::open_stream(path)?;
    if choice.is_empty() {
        use std::io::Read;
        let mut head = Vec::with_capacity(1 << 16);
        let _ = handle.take(1 << 16).read_to_end(&mut head);
        if is_own_dataset(path, &String::from_utf8_lossy(&head)) {
            return target.load(progress);
        }
    }
    let map = match &choice.map {
        Some(spec) => Some(Plan::mapped(spec).map_err(|e| LoadError::single(&file, e))?),
        None => None,
    };
    progress.set_total(len);
    let counted = || std::fs::File::open(path).map(|file| Counted { file, progress, at: 0 });
    let remembered = given.is_empty() && !choice.is_empty();
    let imported = super::run_reader(choice.from, map, counted, path, &file, &Options::default()).map_err(|why| {
        let why = match () {
            _ if progress.is_cancelled() => store::CANCELLED.into(),
            // A choice made once and forgotten is the likeliest cause.
            _ if remembered => format!(
                "{why} (read as {} says; delete that file to let itx tell from the content)",
                sidecar(path).map_or_else(String::new, |at| store::clean::clean_line(&at.display().to_string()))
            ),
            _ => why,
        };
        LoadError::single(&file, why)
    })?;
    if progress.is_cancelled() {
        return Err(LoadError::single(&file, store::CANCELLED));
    }
    let mut dataset = imported.dataset;
    dataset.origin = crate::model::Origin::File(std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    let mut report = store::diagnostic::Report::new(&file);
    let r = imported.report;
    for w in &r.warnings {
        report.warning(store::DocPath::root(), store::clean::clean_line(w));
    }
    if r.warning_count > r.warnings.len() {
        report.warning(
            store::DocPath::root(),
            format!(
                "... and {} more lines skipped",
                crate::text::thousands(r.warning_count - r.warnings.len())
            ),
        );
    }
    Ok(Loaded {
        dataset,
        warnings: report.items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_counts_each_byte_once_though_the_head_is_read_twice() {
        let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/forensic/plaso-dynamic.csv"));
        let progress = Progress::default();
        load(&Target::File(path.into()), &progress, &Choice::default()).unwrap();
        let size = std::fs::metadata(path).unwrap().len();
        assert_eq!(progress.bytes(), (size, size));
    }

    #[test]
    fn a_choice_is_remembered_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.csv");
        std::fs::write(&path, "When,What\n2024-01-01 10:00:00,hello\n").unwrap();
        assert_eq!(Choice::for_file(&Choice::default(), &path), Choice::default());
        let c = Choice {
            from: Some(ImportFormat::Hayabusa),
            map: Some("time=When,title=What".into()),
        };
        // Beside the file, as an earlier itx wrote it, which is still read
        // (and keeps this test out of the user's data folder; the binary's
        // tests check the data folder, `store::sidecar` where it goes).
        let beside = dir.path().join("log.csv.itx-map");
        write_choice(&beside, "log.csv", &c).unwrap();
        assert_eq!(sidecar(&path), Some(beside.clone()));
        assert_eq!(Choice::for_file(&Choice::default(), &path), c);
        let given = Choice {
            from: Some(ImportFormat::Plaso),
            map: None,
        };
        assert_eq!(
            Choice::for_file(&given, &path),
            given,
            "the command line wins over what was remembered"
        );
        // Read as remembered, wrongly: the message names the file to delete.
        remember(
            &path,
            &Choice {
                from: Some(ImportFormat::Hayabusa),
                map: None,
            },
        )
        .unwrap();
        assert!(std::fs::read_to_string(&beside).unwrap().contains("from hayabusa\n"));
        let why = load(&Target::File(path.clone()), &Progress::default(), &Choice::default())
            .unwrap_err()
            .to_string();
        assert!(why.contains("needs the columns `Timestamp`, `RuleTitle`"), "{why}");
        assert!(
            why.contains(&format!("(read as {} says; delete that file", beside.display())),
            "{why}"
        );
    }

    #[test]
    fn own_datasets_are_told_from_timelines() {
        let p = Path::new;
        assert!(is_own_dataset(p("x.yaml"), "anything"));
        assert!(is_own_dataset(p("x"), "format: 1\ntitle: t\n"));
        assert!(is_own_dataset(p("x.json"), "{\"format\": 1, \"title\": \"t\", \"events\": []}\n"));
        assert!(is_own_dataset(p("x.json"), "{\n  \"format\": 1,\n  \"title\": \"t\"\n}"));
        assert!(!is_own_dataset(
            p("x.jsonl"),
            "{\"message\": \"m\", \"datetime\": \"2021-01-01\"}\n"
        ));
        assert!(!is_own_dataset(
            p("x.json"),
            "{\n \"type\": \"bundle\",\n \"id\": \"bundle--1\",\n \"objects\": []\n}"
        ));
        let actor_typed = "{\n  \"format\": 1,\n  \"actors\": [{\"id\": \"a--b\", \"type\": \"company\"}]\n}";
        assert!(
            is_own_dataset(p("x.json"), actor_typed),
            "a dataset's own keys win over STIX-looking ids"
        );
        assert!(!is_own_dataset(p("x.csv"), "datetime,message\n"));
    }
}
