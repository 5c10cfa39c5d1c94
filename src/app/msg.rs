//! What changes the model (`Msg`: keys, the mouse, finished work) and what
//! the model asks the runtime to do (`Effect`), every one of them returned
//! by `update`.

use super::keymap::Action;
use super::rows::{Rows, RowsJob};
use crate::export::ExportFormat;
use crate::model::{Dataset, Origin};
use crate::session::{Completion, Current, Target};
use crate::store::marks::{Change, Marks};
use crate::store::{LoadError, Progress};
use crossterm::event::{KeyEvent, MouseEvent};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Action(Action),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// A load finished (on a worker thread). `id` is the one its effect
    /// carried; `keep` is the event id to keep selected, for reloads.
    Loaded {
        id: u64,
        target: Target,
        result: Box<Result<Current, LoadError>>,
        keep: Option<String>,
    },
    /// The watched file changed on disk (debounced).
    FileChanged,
    /// The watched file is gone.
    FileRemoved,
    /// A rows job finished on a worker thread.
    Searched(Box<Rows>),
    /// A rows job failed (its worker panicked): why.
    SearchFailed {
        generation: u64,
        why: String,
    },
    /// An export finished.
    Exported(Exported),
    /// A star or note was saved in the sidecar of `dataset`: the marks as
    /// the file now holds them (another itx's included), or why not.
    Marked {
        dataset: Origin,
        result: Result<Marks, String>,
    },
    /// A typed path completed (for the open or export overlay).
    Completed(Completion),
    /// The datasets in the current folder, for the open picker.
    Folder(Vec<PathBuf>),
    /// A stacking's counts (see `Effect::Stack`).
    Stacked(super::overlay::stack::Counted),
    /// An item was added to the dataset's file (its id), or why not.
    Appended {
        kind: super::overlay::add::Kind,
        result: Result<String, String>,
    },
}

/// How an export went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exported {
    /// Written: what to say.
    Written(String),
    /// Not written: the file exists, and overwriting was not asked for.
    Exists(PathBuf),
    Failed(String),
}

/// What to open: a target, or what was typed (resolved by the runtime,
/// which may look at the disk).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opening {
    Target(Target),
    Typed(String),
}

#[derive(Debug)]
pub enum Effect {
    /// Load a dataset on a worker, reporting to `progress`; answer with
    /// `Msg::Loaded` carrying the same `id`.
    Load {
        id: u64,
        what: Opening,
        keep: Option<String>,
        progress: Arc<Progress>,
        /// For a reload: the dataset shown now, to say what changed.
        previous: Option<Arc<Dataset>>,
    },
    /// Run a rows job on a worker; answer with `Msg::Searched`.
    Search(Box<RowsJob>),
    /// Change one event's marks in `dataset`'s sidecar at `path`; answer
    /// with `Msg::Marked`.
    Mark {
        dataset: Origin,
        path: PathBuf,
        id: String,
        change: Change,
    },
    /// Write `events` of `dataset` to `path` (unless it exists and
    /// `overwrite` is false); answer with `Msg::Exported`.
    Export {
        marks: Arc<Marks>,
        dataset: Arc<Dataset>,
        events: Vec<usize>,
        format: ExportFormat,
        path: PathBuf,
        overwrite: bool,
    },
    /// Complete a typed path; answer with `Msg::Completed`.
    Complete(String),
    /// List the datasets of the current folder; answer with `Msg::Folder`.
    ListFolder,
    /// Count a stacking's values on a worker; answer with `Msg::Stacked`.
    Stack {
        dataset: std::sync::Arc<crate::model::Dataset>,
        rows: Vec<u32>,
        dim: super::overlay::stack::Dim,
    },
    /// Open a web address with the system's opener ($BROWSER, xdg-open,
    /// open), passed as one argument, never through a shell.
    OpenUrl(String),
    /// Put text on the clipboard through the terminal (OSC 52).
    Copy(String),
    /// Suspend the explorer and run the reader's editor on `path` at the
    /// line of event `id`; the file watcher reloads what it saves.
    Edit {
        path: PathBuf,
        id: String,
    },
    /// Add an item's YAML lines to `list` in the file at `path`, if the
    /// file then loads; answer with `Msg::Appended`.
    Append {
        path: PathBuf,
        kind: super::overlay::add::Kind,
        id: String,
        yaml: String,
    },
    /// A dataset no longer shown: free it off the input thread (a million
    /// events take a noticeable moment).
    Retire(Box<Current>),
    Quit,
}
