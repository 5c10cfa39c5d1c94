//! Stars and notes: the reader's own marks on events, kept in a sidecar
//! file beside the dataset (the dataset itself is never written). Every
//! change re-reads the file under a lock, applies itself and writes the
//! whole file atomically, so two itx instances on one dataset keep each
//! other's marks.

use crate::model::Origin;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub star: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marks {
    pub format: u32,
    /// By event id.
    pub events: BTreeMap<String, Mark>,
    /// The fields shown as timeline columns, by name, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
}

impl Marks {
    pub fn get(&self, id: &str) -> Option<&Mark> {
        self.events.get(id)
    }

    pub fn starred(&self, id: &str) -> bool {
        self.get(id).is_some_and(|m| m.star)
    }

    pub fn note(&self, id: &str) -> Option<&str> {
        self.get(id).and_then(|m| m.note.as_deref())
    }
}

/// A change to one event's marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    ToggleStar,
    /// An empty note removes it.
    SetNote(String),
    /// The fields shown as columns (the event's id is not used).
    SetColumns(Vec<String>),
}

/// Where a dataset's marks live: `x.yaml` -> `x.yaml.itx-marks.json` beside
/// it; for a timeline or a bundled dataset, in the user's data folder (see
/// `sidecar`).
pub fn path_for(origin: &Origin) -> Option<PathBuf> {
    match origin {
        Origin::File(p) => super::sidecar::path(p, ".itx-marks.json"),
        // A merged view has no file of its own; marks live with each part.
        Origin::Merged(_) | Origin::Nothing => None,
        Origin::Bundled(name) => {
            // $XDG_DATA_HOME or ~/.local/share on Linux, ~/Library/Application
            // Support on macOS, %APPDATA% on Windows.
            Some(dirs::data_dir()?.join("itx").join(format!("{name}.itx-marks.json")))
        }
    }
}

/// The marks in `path`; none when it does not exist.
pub fn read(path: &Path) -> Result<Marks, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Marks {
            format: 1,
            ..Marks::default()
        }),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// Applies `change` to event `id` in the file as it is now (another itx
/// may have written since we read it), under an exclusive lock, and
/// writes it back atomically. Returns the marks as saved.
pub fn update(path: &Path, id: &str, change: &Change) -> Result<Marks, String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut lock_name = path.file_name().unwrap_or_default().to_os_string();
    lock_name.push(".lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path.with_file_name(lock_name))
        .map_err(|e| format!("cannot lock {}: {e}", path.display()))?;
    lock.lock().map_err(|e| format!("cannot lock {}: {e}", path.display()))?;
    let mut marks = read(path)?;
    marks.format = 1;
    if let Change::SetColumns(columns) = change {
        marks.columns = columns.clone();
    } else {
        let mark = marks.events.entry(id.to_string()).or_default();
        match change {
            Change::ToggleStar => mark.star = !mark.star,
            Change::SetNote(text) => {
                let text = crate::store::clean::clean_text(text.trim());
                mark.note = (!text.is_empty()).then_some(text);
            }
            Change::SetColumns(_) => {}
        }
        if *mark == Mark::default() {
            marks.events.remove(id);
        }
    }
    let text = serde_json::to_string_pretty(&marks).map_err(|e| e.to_string())? + "\n";
    crate::atomic::write_atomic(path, text.as_bytes()).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(marks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_writers_keep_each_others_marks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.yaml.itx-marks.json");
        // Two instances, each with its own (stale) view: neither loses the other's.
        update(&path, "a", &Change::ToggleStar).unwrap();
        let after = update(&path, "b", &Change::SetNote("check this".into())).unwrap();
        assert!(after.starred("a"));
        assert_eq!(after.note("b"), Some("check this"));
        let back = update(&path, "a", &Change::ToggleStar).unwrap();
        assert!(!back.starred("a") && back.get("a").is_none(), "an unmarked event leaves the file");
        assert_eq!(read(&path).unwrap(), back);
        let cols = update(&path, "", &Change::SetColumns(vec!["Level".into()])).unwrap();
        assert_eq!(cols.columns, ["Level"]);
        assert_eq!(cols.note("b"), Some("check this"), "columns leave the events' marks alone");
        assert!(cols.get("").is_none());
    }

    #[test]
    fn the_sidecar_sits_beside_the_dataset() {
        let p = path_for(&Origin::File("/data/x.yaml".into())).unwrap();
        assert_eq!(p, Path::new("/data/x.yaml.itx-marks.json"));
    }
}
