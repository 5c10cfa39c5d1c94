//! The explorer's state: the dataset(s) open, the timeline and its
//! cursor, the search and filters, and the overlays open over it, topmost
//! last. Nothing else holds state.

use super::cursor::ListCursor;
use super::density::{Histogram, Period};
use super::geometry::{self, TimelineLines};
pub use super::keymap::Mode;
use super::overlay::Overlay;
use super::rows::LinkFilter;
use crate::model::{ActorIx, Dataset, PartialDate, SourceIx};
use crate::search::Query;
use crate::session::Current;
use crate::store::Progress;
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Timeline,
    Actors,
    Sources,
}

/// A load in progress.
#[derive(Debug, Clone)]
pub struct Loading {
    pub id: u64,
    /// "opening x.yaml", "reloading x.yaml".
    pub what: String,
    pub progress: Arc<Progress>,
    /// What is being opened, to try again (`r`) if Esc stops it.
    pub opening: super::msg::Opening,
}

/// See `Model::inline_search_limit`: 20,000 events search in about 2 ms.
pub const INLINE_SEARCH_LIMIT: usize = 20_000;

#[derive(Debug, Clone)]
pub struct Model {
    pub current: Current,
    /// The datasets open at once (named on the command line), and their
    /// merged view last; `D` goes through them.
    pub open: Vec<Current>,
    /// Open over the timeline, the topmost last; it takes the keys.
    pub overlays: Vec<Overlay>,
    pub focus: Focus,
    /// Events shown, as indices into `dataset.events`, in display order.
    pub rows: Vec<u32>,
    /// The selected row and the first row drawn.
    pub timeline: ListCursor,
    pub actor_cursor: ListCursor,
    pub source_cursor: ListCursor,
    /// The actor pane lists every actor, not the selected event's.
    pub all_actors: bool,
    pub query: Query,
    /// Results of the last search, for narrowing when the query grows.
    pub last_search: Option<(Query, Arc<Vec<u32>>)>,
    /// The generation of the newest rows job; older ones give up.
    pub generation: Arc<AtomicU64>,
    /// The generation of the newest count the filter menu asked for.
    pub preview: Arc<AtomicU64>,
    /// A rows job running on a worker: its generation. The rows shown are
    /// the previous answer until it arrives.
    pub pending: Option<u64>,
    /// Datasets with at most this many events are searched inside `update`
    /// (under a few milliseconds); larger ones on a worker thread.
    pub inline_search_limit: usize,
    pub ranked: bool,
    /// The search highlights its matches among every event (`H`) instead
    /// of showing only them.
    pub highlight_mode: bool,
    /// How dates are shown: instants in a zone, or every date relative to
    /// the first compromise (`z` steps through them).
    pub times: Times,
    /// With the knowledge cursor set: the figures as they could be worked
    /// out then (see `metrics::figures_as_of`).
    pub figures_then: Option<Arc<Vec<crate::metrics::Figure>>>,
    /// With the knowledge cursor set, what was not yet public is dimmed
    /// rather than hidden (`P`).
    pub dim_unpublic: bool,
    /// The actor and source panes below the timeline, not beside it (`w`).
    pub panes_below: bool,
    /// Web addresses as the last frame drew them, for the runtime to make
    /// them links the terminal can open (OSC 8). The view records them.
    pub links: std::cell::RefCell<Vec<DrawnLink>>,
    /// In highlight mode, the events the search matches (sorted indices).
    pub highlighted: Option<Arc<Vec<u32>>>,
    pub link: Option<LinkFilter>,
    /// The knowledge cursor: only what was public by the end of this date
    /// is shown.
    pub as_of: Option<PartialDate>,
    /// With the cursor set: how many events were public then.
    pub public: Option<usize>,
    /// The shown events per day, for the density strip.
    pub histogram: Arc<Histogram>,
    /// The strip's period, when zoomed by hand (else the finest that fits).
    pub density: Option<Period>,
    /// Show only starred events.
    pub starred_only: bool,
    /// A one-line message for the status line (what just happened).
    pub notice: Option<String>,
    /// The next reload came from the file watcher: if it changed nothing,
    /// it says nothing.
    pub quiet_reload: bool,
    pub loading: Option<Loading>,
    /// A load Esc stopped, which `r` starts again.
    pub stopped: Option<super::msg::Opening>,
    /// The id the next load gets, so a cancelled or superseded load's
    /// answer is recognised and dropped.
    pub next_load: u64,
    /// Files named on the command line and opened since, newest first.
    pub recent: Vec<PathBuf>,
    /// The folder relative paths are in (where itx was started).
    pub folder: String,
    pub size: (u16, u16),
}

/// A web address on screen: where its text starts, the text drawn (perhaps
/// cut), and the whole address it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawnLink {
    pub x: u16,
    pub y: u16,
    pub text: String,
    pub url: String,
}

/// How the timeline and the detail write dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Times {
    /// Instants in a zone (as written, UTC or local); coarser dates as written.
    Zone(crate::model::Zone),
    /// Every date as its distance from the first compromise: `T+14 months`.
    Relative,
}

impl Default for Times {
    fn default() -> Times {
        Times::Zone(crate::model::Zone::Written)
    }
}

impl Times {
    /// The next view `z` goes to.
    pub fn next(self) -> Times {
        use crate::model::Zone;
        match self {
            Times::Zone(Zone::Written) => Times::Zone(Zone::Utc),
            Times::Zone(Zone::Utc) => Times::Zone(Zone::Local),
            Times::Zone(Zone::Local) => Times::Relative,
            Times::Relative => Times::Zone(Zone::Written),
        }
    }
}

impl Model {
    pub fn new(loaded: Current, size: (u16, u16)) -> Self {
        let rows: Vec<u32> = (0..loaded.dataset.events.len() as u32).collect();
        let histogram = Arc::new(Histogram::build(&loaded.days, &loaded.extra_days, &rows));
        Model {
            current: loaded,
            open: Vec::new(),
            overlays: Vec::new(),
            focus: Focus::Timeline,
            rows,
            timeline: ListCursor::default(),
            actor_cursor: ListCursor::default(),
            source_cursor: ListCursor::default(),
            all_actors: false,
            query: Query::default(),
            last_search: None,
            generation: Arc::new(AtomicU64::new(0)),
            preview: Arc::new(AtomicU64::new(0)),
            pending: None,
            inline_search_limit: INLINE_SEARCH_LIMIT,
            ranked: false,
            highlight_mode: false,
            times: Times::default(),
            figures_then: None,
            dim_unpublic: false,
            panes_below: false,
            links: Default::default(),
            highlighted: None,
            link: None,
            as_of: None,
            public: None,
            histogram,
            density: None,
            starred_only: false,
            notice: None,
            quiet_reload: false,
            loading: None,
            stopped: None,
            next_load: 1,
            recent: Vec::new(),
            folder: String::new(),
            size,
        }
    }

    pub fn dataset(&self) -> &Dataset {
        &self.current.dataset
    }

    /// The keys that apply now.
    pub fn mode(&self) -> Mode {
        self.overlays.last().map_or(Mode::Browse, Overlay::mode)
    }

    /// The overlay on top, which takes the keys.
    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlays.last()
    }

    /// The search line, while it is open.
    pub fn search_line(&self) -> Option<&super::overlay::search::SearchLine> {
        self.overlays.iter().rev().find_map(|o| match o {
            Overlay::Search(s) => Some(s),
            _ => None,
        })
    }

    /// Index into `dataset.events` of the selected event, if any is shown.
    pub fn selected_event(&self) -> Option<usize> {
        self.rows.get(self.timeline.selected).map(|&i| i as usize)
    }

    /// The actors the actor pane lists: the selected event's, or all.
    pub fn actor_list(&self) -> Vec<ActorIx> {
        if self.all_actors {
            (0..self.dataset().actors.len() as ActorIx).collect()
        } else {
            self.selected_event()
                .map(|i| self.dataset().events[i].actors().to_vec())
                .unwrap_or_default()
        }
    }

    pub fn source_list(&self) -> Vec<SourceIx> {
        self.selected_event()
            .map(|i| self.dataset().events[i].sources.to_vec())
            .unwrap_or_default()
    }

    /// The density strip's period: chosen by hand, or the finest that fits.
    pub fn density_period(&self) -> Period {
        self.density.unwrap_or_else(|| self.histogram.fitting(self.size.0 as usize))
    }

    /// An event's date as the reader chose to see it (`z`), `c. ` when
    /// approximate.
    pub fn date_label(&self, e: &crate::model::Event) -> String {
        let circa = if e.circa { "c. " } else { "" };
        match self.times {
            Times::Zone(z) => format!("{circa}{}", e.date.in_zone(z)),
            Times::Relative => match self.relative_anchor() {
                Some(anchor) => {
                    let i = crate::model::Interval::new(anchor, e.date);
                    let h = i.human();
                    // Nothing between them at the coarser precision: the same
                    // year (month, day) as the compromise, neither before nor after.
                    let h = match h.strip_prefix("0 ").or_else(|| h.strip_prefix("-0 ")) {
                        Some(unit) => format!("T, same {}", unit.trim_end_matches('s')),
                        None => h.strip_prefix('-').map_or(format!("T+{h}"), |rest| format!("T−{rest}")),
                    };
                    format!("{circa}{h}")
                }
                None => e.date_label(),
            },
        }
    }

    /// The figures the header shows: those of the knowledge cursor's date
    /// when it is set.
    pub fn figures(&self) -> &[crate::metrics::Figure] {
        self.figures_then.as_deref().unwrap_or(&self.current.figures)
    }

    /// Whether event `i` was not yet public as of the knowledge cursor.
    pub fn not_yet_public(&self, i: usize) -> bool {
        self.as_of.is_some_and(|d| self.current.knowledge().known[i] > d.over_at())
    }

    /// What relative times count from: the first compromise event's date.
    pub fn relative_anchor(&self) -> Option<crate::model::PartialDate> {
        self.current.compromise.map(|i| self.dataset().events[i].date)
    }

    pub fn searching(&self) -> bool {
        !self.query.is_empty()
    }

    /// The file the runtime should watch: one whose errors are on screen
    /// (so it loads once mended), else the dataset shown, if a file.
    pub fn watched_file(&self) -> Option<&std::path::Path> {
        let failed = self.overlays.iter().rev().find_map(|o| match o {
            Overlay::Error(e) => e.retry.as_ref(),
            _ => None,
        });
        match (failed, &self.dataset().origin) {
            (Some(crate::session::Target::File(p)), _) => Some(p),
            (_, crate::model::Origin::File(p)) => Some(p),
            _ => None,
        }
    }

    /// The timeline's rows as screen lines (year separators unless ranked).
    pub fn lines(&self) -> TimelineLines<'_> {
        TimelineLines {
            dataset: self.dataset(),
            rows: &self.rows,
            separators: !(self.ranked && self.searching()),
        }
    }

    /// Whether no dataset is open: before the first one loads, or after
    /// the only one failed.
    pub fn nothing_open(&self) -> bool {
        self.dataset().origin == crate::model::Origin::Nothing
    }

    /// The load under way while nothing is open yet: the first dataset
    /// asked for, or one asked for after the only one failed. The screen
    /// then speaks of it, not of an empty timeline.
    pub fn first_load(&self) -> Option<&Loading> {
        self.loading.as_ref().filter(|_| self.nothing_open())
    }

    /// The figures as the header writes them: each dataset's own in a
    /// merged view; as of the knowledge cursor's date when it is set.
    pub fn header_figures(&self) -> String {
        let ds = self.dataset();
        if self.nothing_open() {
            // No dataset, no figures to speak of.
            return String::new();
        }
        if self.current.figures.iter().any(|f| f.ends == Err(crate::metrics::Unknown::Merged)) {
            // Figures across incidents would mix them.
            return "figures: each dataset's own (D)".to_string();
        }
        if !self.current.figures.is_empty()
            && self
                .current
                .figures
                .iter()
                .all(|f| matches!(f.ends, Err(crate::metrics::Unknown::Missing(_))))
        {
            // A forensic timeline has no phases until the analyst's story does.
            return "no figures: no event has a phase".to_string();
        }
        let figures: Vec<String> = self
            .figures()
            .iter()
            .map(|fig| {
                let value = match (&fig.ends, self.as_of) {
                    (Err(crate::metrics::Unknown::NotYetPublic(_)), Some(d)) => format!("unknown as of {d}"),
                    _ => fig.short(ds),
                };
                format!("{} {value}", fig.milestone.short_label())
            })
            .collect();
        let figures = figures.join(" · ");
        match self.as_of {
            // What could be worked out then.
            Some(d) if self.figures().iter().all(|f| f.ends.is_ok()) => format!("as of {d}: {figures}"),
            _ => figures,
        }
    }

    /// What the layout depends on besides the screen's size.
    pub fn shape(&self) -> geometry::Shape {
        use crate::text::width;
        let ds = self.dataset();
        let one_line = width(&ds.title) + 2 + width(&self.header_figures());
        geometry::Shape {
            two_line_header: one_line > self.size.0 as usize,
            panes_below: self.panes_below,
            side_content: self.current.side_content,
            slim_side: self.current.slim_side,
        }
    }

    /// Lines of events the timeline shows at this size.
    pub fn timeline_height(&self) -> usize {
        geometry::timeline_height(self.size, self.shape())
    }
}
