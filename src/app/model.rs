//! The whole state of the explorer. Nothing else holds state.

use crate::model::{ActorIx, Dataset, SourceIx};
use crate::search::{Query, SearchIndex};
use crate::store::{Diagnostic, Loaded};
use std::path::PathBuf;
use std::sync::Arc;
use tui_input::Input;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Browse,
    Search,
    Detail,
    Open,
    Help,
    Error,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Browse => "browse",
            Mode::Search => "search",
            Mode::Detail => "event detail",
            Mode::Open => "open dataset",
            Mode::Help => "help",
            Mode::Error => "error",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Timeline,
    Actors,
    Sources,
}

/// A cross-link filter set from the actor or source pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkFilter {
    Actor(ActorIx),
    Source(SourceIx),
}

/// Something to open: a bundled dataset by name or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Bundled(&'static str),
    File(PathBuf),
}

impl Target {
    pub fn label(&self) -> String {
        match self {
            Target::Bundled(n) => format!("{n} (bundled)"),
            Target::File(p) => p.display().to_string(),
        }
    }
}

/// A loaded dataset with what is derived from it once, at load (search
/// text, milestone figures, per-actor counts), so no frame has to walk all
/// the events. Shared with worker threads.
#[derive(Debug, Clone)]
pub struct Current {
    pub dataset: Arc<Dataset>,
    pub index: Arc<SearchIndex>,
    pub figures: Arc<Vec<crate::metrics::Figure>>,
    pub actor_counts: Arc<Vec<usize>>,
    pub warnings: usize,
}

impl Current {
    pub fn new(l: Loaded) -> Self {
        let index = SearchIndex::build(&l.dataset);
        let figures = crate::metrics::figures(&l.dataset);
        let actor_counts = l.dataset.actor_event_counts();
        Current {
            dataset: Arc::new(l.dataset),
            index: Arc::new(index),
            figures: Arc::new(figures),
            actor_counts: Arc::new(actor_counts),
            warnings: l.warnings.len(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Picker {
    pub items: Vec<Target>,
    pub selected: usize,
    pub path: Input,
}

#[derive(Debug, Clone)]
pub struct ErrorView {
    pub what: String,
    pub problems: Vec<Diagnostic>,
    pub scroll: usize,
}

#[derive(Debug, Clone)]
pub struct Model {
    pub current: Current,
    pub mode: Mode,
    /// The mode whose keys the help overlay lists.
    pub help_for: Mode,
    pub focus: Focus,
    /// Events shown, as indices into `dataset.events`, in display order.
    pub rows: Vec<u32>,
    /// Position of the selection in `rows`.
    pub selected: usize,
    /// First row drawn; kept so the selection stays visible without jumping.
    pub offset: usize,
    pub query_input: Input,
    pub query: Query,
    /// Results of the last search, for narrowing when the query grows.
    pub last_search: Option<(Query, Vec<u32>)>,
    pub ranked: bool,
    pub link: Option<LinkFilter>,
    pub all_actors: bool,
    pub actor_sel: usize,
    pub source_sel: usize,
    pub detail_scroll: usize,
    pub help_scroll: usize,
    pub picker: Picker,
    pub error: Option<ErrorView>,
    /// A one-line message for the status line (what just happened).
    pub notice: Option<String>,
    pub loading: Option<String>,
    /// Files named on the command line and opened since, newest first.
    pub recent: Vec<PathBuf>,
    pub size: (u16, u16),
    pub quit: bool,
}

impl Model {
    pub fn new(loaded: Current, size: (u16, u16)) -> Self {
        let rows = (0..loaded.dataset.events.len() as u32).collect();
        Model {
            current: loaded,
            mode: Mode::Browse,
            help_for: Mode::Browse,
            focus: Focus::Timeline,
            rows,
            selected: 0,
            offset: 0,
            query_input: Input::default(),
            query: Query::default(),
            last_search: None,
            ranked: false,
            link: None,
            all_actors: false,
            actor_sel: 0,
            source_sel: 0,
            detail_scroll: 0,
            help_scroll: 0,
            picker: Picker::default(),
            error: None,
            notice: None,
            loading: None,
            recent: Vec::new(),
            size,
            quit: false,
        }
    }

    pub fn dataset(&self) -> &Dataset {
        &self.current.dataset
    }

    /// Index into `dataset.events` of the selected event, if any is shown.
    pub fn selected_event(&self) -> Option<usize> {
        self.rows.get(self.selected).map(|&i| i as usize)
    }

    /// The actors the actor pane lists: the selected event's, or all.
    pub fn actor_list(&self) -> Vec<ActorIx> {
        if self.all_actors {
            (0..self.dataset().actors.len() as ActorIx).collect()
        } else {
            self.selected_event()
                .map(|i| self.dataset().events[i].actors.clone())
                .unwrap_or_default()
        }
    }

    pub fn source_list(&self) -> Vec<SourceIx> {
        self.selected_event()
            .map(|i| self.dataset().events[i].sources.clone())
            .unwrap_or_default()
    }

    pub fn searching(&self) -> bool {
        !self.query.is_empty()
    }
}
