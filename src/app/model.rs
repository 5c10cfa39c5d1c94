//! The whole state of the explorer. Nothing else holds state.

use super::rows::RowsJob;
use crate::model::{ActorIx, Dataset, SourceIx};
use crate::search::{Query, SearchIndex};
use crate::store::Progress;
use crate::store::{Diagnostic, Loaded};
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use tui_input::Input;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Browse,
    Search,
    Detail,
    Open,
    Export,
    AsOf,
    Note,
    Filter,
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
            Mode::Export => "export",
            Mode::AsOf => "as of a date",
            Mode::Note => "note",
            Mode::Filter => "filters",
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
    /// Each event's day, as days since the epoch: what the density strip
    /// counts, read in order rather than from the events.
    pub days: Arc<Vec<i32>>,
    /// What the knowledge cursor needs, worked out the first time it is
    /// used (a pass over every event's sources).
    pub knowledge: Arc<std::sync::OnceLock<Knowledge>>,
    pub warnings: usize,
    /// For a reload: what changed since the dataset it replaces.
    pub changes: Option<crate::model::Changes>,
    /// The reader's stars and notes, and the sidecar file they live in.
    pub marks: Arc<crate::store::marks::Marks>,
    pub marks_path: Option<PathBuf>,
}

impl Current {
    /// With the stars and notes from the dataset's sidecar file (a
    /// sidecar that cannot be read is reported, and the marks start empty).
    pub fn with_marks(mut self) -> (Self, Option<String>) {
        let path = crate::store::marks::path_for(&self.dataset.origin);
        let (marks, problem) = match path.as_deref().map(crate::store::marks::read) {
            Some(Ok(m)) => (m, None),
            Some(Err(e)) => (Default::default(), Some(e)),
            None => (Default::default(), None),
        };
        self.marks = Arc::new(marks);
        self.marks_path = path;
        (self, problem)
    }

    pub fn new(l: Loaded) -> Self {
        let index = SearchIndex::build(&l.dataset);
        let figures = crate::metrics::figures(&l.dataset);
        let actor_counts = l.dataset.actor_event_counts();
        let days = l.dataset.events.iter().map(|e| e.date.start().div_euclid(86_400) as i32).collect();
        Current {
            dataset: Arc::new(l.dataset),
            index: Arc::new(index),
            figures: Arc::new(figures),
            actor_counts: Arc::new(actor_counts),
            days: Arc::new(days),
            knowledge: Arc::default(),
            warnings: l.warnings.len(),
            changes: None,
            marks: Arc::default(),
            marks_path: None,
        }
    }
}

/// When each event became public, and the cursor's stops.
#[derive(Debug, Clone, Default)]
pub struct Knowledge {
    /// Per event: the first instant it was public (Unix seconds); see
    /// `Dataset::known_from`.
    pub known: Vec<i64>,
    /// The distinct dates on which something became public, in the order
    /// they are over: the stops of the knowledge cursor.
    pub publications: Vec<crate::model::PartialDate>,
}

impl Current {
    pub fn knowledge(&self) -> &Knowledge {
        self.knowledge.get_or_init(|| {
            let known = self.dataset.known_from();
            // Ordered by the moment each date is over (what "as of" it
            // means), so stepping through them only ever adds to what is
            // public.
            let mut publications = known.clone();
            publications.sort_by_key(|d| (d.end_exclusive(), std::cmp::Reverse(d.precision())));
            publications.dedup_by_key(|d| d.end_exclusive());
            Knowledge {
                known: known.iter().map(|d| d.start()).collect(),
                publications,
            }
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct Picker {
    pub items: Vec<Target>,
    pub selected: usize,
    pub path: Input,
}

/// A load in progress.
#[derive(Debug, Clone)]
pub struct Loading {
    pub id: u64,
    /// "opening x.yaml", "reloading x.yaml".
    pub what: String,
    pub progress: Arc<Progress>,
}

/// See `Model::inline_search_limit`: 20,000 events search in about 2 ms.
pub const INLINE_SEARCH_LIMIT: usize = 20_000;

/// The export overlay: a format and where to write.
#[derive(Debug, Clone, Default)]
pub struct ExportPicker {
    /// Index into `ExportFormat::ALL`.
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
    pub last_search: Option<(Query, Arc<Vec<u32>>)>,
    /// The generation of the newest rows job; older ones give up.
    pub generation: Arc<AtomicU64>,
    /// A rows job running on a worker: its generation. The rows shown are
    /// the previous answer until it arrives.
    pub pending: Option<u64>,
    /// Datasets with at most this many events are searched inside `update`
    /// (under a few milliseconds); larger ones on a worker thread.
    pub inline_search_limit: usize,
    /// A rows job for the runtime, returned by `update` as an effect.
    pub outbox: Option<RowsJob>,
    /// Datasets replaced by a load, for the runtime to free off the input
    /// thread (freeing a million events takes a noticeable moment).
    pub retired: Vec<Current>,
    pub ranked: bool,
    pub link: Option<LinkFilter>,
    /// The knowledge cursor: only what was public by the end of this date
    /// is shown.
    pub as_of: Option<crate::model::PartialDate>,
    /// With the cursor set: how many events were public then.
    pub public: Option<usize>,
    /// The date being typed for the cursor (`@`).
    pub as_of_input: Input,
    /// The shown events per day, for the density strip.
    pub histogram: Arc<super::density::Histogram>,
    /// The strip's period, when zoomed by hand (else the finest that fits).
    pub density: Option<super::density::Period>,
    /// Show only starred events.
    pub starred_only: bool,
    /// The note being typed (`c`).
    pub note_input: Input,
    /// The filter menu (`f`).
    pub filters: super::filters::FilterMenu,
    /// The datasets open at once (named on the command line), and their
    /// merged view last; `D` goes through them.
    pub open: Vec<Current>,
    pub all_actors: bool,
    pub actor_sel: usize,
    pub source_sel: usize,
    pub detail_scroll: usize,
    pub help_scroll: usize,
    pub picker: Picker,
    pub export: ExportPicker,
    pub error: Option<ErrorView>,
    /// A one-line message for the status line (what just happened).
    pub notice: Option<String>,
    pub loading: Option<Loading>,
    /// The id the next load gets, so a cancelled or superseded load's
    /// answer is recognised and dropped.
    pub next_load: u64,
    /// Files named on the command line and opened since, newest first.
    pub recent: Vec<PathBuf>,
    pub size: (u16, u16),
    pub quit: bool,
}

impl Model {
    pub fn new(loaded: Current, size: (u16, u16)) -> Self {
        let rows: Vec<u32> = (0..loaded.dataset.events.len() as u32).collect();
        let histogram = Arc::new(super::density::Histogram::build(&loaded.days, &rows));
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
            generation: Arc::new(AtomicU64::new(0)),
            pending: None,
            inline_search_limit: INLINE_SEARCH_LIMIT,
            outbox: None,
            retired: Vec::new(),
            ranked: false,
            link: None,
            as_of: None,
            public: None,
            as_of_input: Input::default(),
            histogram,
            density: None,
            starred_only: false,
            note_input: Input::default(),
            filters: Default::default(),
            open: Vec::new(),
            all_actors: false,
            actor_sel: 0,
            source_sel: 0,
            detail_scroll: 0,
            help_scroll: 0,
            picker: Picker::default(),
            export: ExportPicker::default(),
            error: None,
            notice: None,
            loading: None,
            next_load: 1,
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

    /// The density strip's period: chosen by hand, or the finest that fits.
    pub fn density_period(&self) -> super::density::Period {
        self.density
            .unwrap_or_else(|| self.histogram.fitting(crate::ui::layout::density_width(self.size.0)))
    }

    pub fn searching(&self) -> bool {
        !self.query.is_empty()
    }
}
