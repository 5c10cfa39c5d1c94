//! A dataset open in the explorer, with what is worked out from it once:
//! the search text, the milestone figures, per-actor counts, each event's
//! day, and the reader's marks.

use crate::model::{Dataset, PartialDate};
use crate::search::SearchIndex;
use crate::store::marks::Marks;
use crate::store::Loaded;
use std::path::PathBuf;
use std::sync::Arc;

/// A loaded dataset with what is derived from it once, at load, so no
/// frame has to walk all the events. Cheap to clone: shared with worker
/// threads.
#[derive(Debug, Clone)]
pub struct Current {
    pub dataset: Arc<Dataset>,
    pub index: Arc<SearchIndex>,
    pub figures: Arc<Vec<crate::metrics::Figure>>,
    pub actor_counts: Arc<Vec<usize>>,
    /// Each event's day, as days since the epoch: what the density strip
    /// counts, read in order rather than from the events.
    pub days: Arc<Vec<i32>>,
    /// The days each event's date covers beyond its first (a month's 30),
    /// for the strip to spread it over them; empty when none covers more
    /// than its day (the strip reads a short list as zeros beyond it).
    pub extra_days: Arc<Vec<u16>>,
    /// What the knowledge cursor needs, worked out the first time it is
    /// used (a pass over every event's sources).
    pub knowledge: Arc<std::sync::OnceLock<Knowledge>>,
    pub warnings: usize,
    /// The first compromise event (the dataset's named one, else the
    /// earliest), what relative times count from: found once, not per row
    /// per frame.
    pub compromise: Option<usize>,
    /// The cells the widest actor name or source title takes, to size the
    /// side panes: measured once at load.
    pub side_content: u16,
    /// Whether the actor and source panes need a line each: no actors,
    /// and no event with more than one source (a forensic timeline,
    /// whose every row is backed by its file).
    pub slim_side: bool,
    /// For a reload: what changed since the dataset it replaces.
    pub changes: Option<crate::model::Changes>,
    /// The reader's stars and notes, and the sidecar file they live in.
    pub marks: Arc<Marks>,
    pub marks_path: Option<PathBuf>,
    /// Why the sidecar could not be read, if it could not (the marks then
    /// start empty, and the next star rewrites the file).
    pub marks_problem: Option<String>,
}

/// When each event became public, and the cursor's stops.
#[derive(Debug, Clone, Default)]
pub struct Knowledge {
    /// Per event: the moment it was public from (Unix seconds, the end of
    /// its publication date's period); see `Dataset::known_from`.
    pub known: Vec<i64>,
    /// The distinct dates on which something became public, in the order
    /// they are over: the stops of the knowledge cursor.
    pub publications: Vec<PartialDate>,
}

impl Current {
    /// The dataset with its index and figures, and no marks (see
    /// `session::open` for a dataset's own marks).
    pub fn new(mut l: Loaded) -> Self {
        if SearchIndex::reads_in_place(&l.dataset) {
            l.dataset.pack_texts();
        }
        let index = SearchIndex::build(&l.dataset);
        let by_phase = crate::metrics::milestone_events_by_phase(&l.dataset);
        let figures = crate::metrics::figures_at(&l.dataset, &by_phase);
        let actor_counts = l.dataset.actor_event_counts();
        let days = l.dataset.events.iter().map(|e| e.date.start().div_euclid(86_400) as i32).collect();
        let mut extra_days: Vec<u16> = l.dataset.events.iter().map(|e| e.date.extra_days()).collect();
        if extra_days.iter().all(|&d| d == 0) {
            extra_days = Vec::new();
        }
        let compromise = by_phase[crate::model::Phase::Compromise as usize];
        let side_content = l
            .dataset
            .actors
            .iter()
            .map(|a| crate::text::width(&a.name))
            .chain(l.dataset.sources.iter().map(|s| crate::text::width(&s.title)))
            .max()
            .unwrap_or(0)
            .saturating_add(2)
            .min(u16::MAX as usize) as u16;
        let slim_side = l.dataset.actors.is_empty() && l.dataset.events.iter().all(|e| e.sources.len() <= 1);
        Current {
            slim_side,
            dataset: Arc::new(l.dataset),
            index: Arc::new(index),
            figures: Arc::new(figures),
            actor_counts: Arc::new(actor_counts),
            days: Arc::new(days),
            extra_days: Arc::new(extra_days),
            knowledge: Arc::default(),
            warnings: l.warnings.len(),
            compromise,
            side_content,
            changes: None,
            marks: Arc::default(),
            marks_path: None,
            marks_problem: None,
        }
    }

    pub fn knowledge(&self) -> &Knowledge {
        self.knowledge.get_or_init(|| {
            let known = self.dataset.known_from();
            // Ordered by the moment each date is over (when its events
            // count as public, and what "as of" it means): each stop is a
            // moment the count changes, and stepping only adds to it.
            let mut publications = known.clone();
            publications.sort_by_key(|d| (d.over_at(), std::cmp::Reverse(d.precision())));
            publications.dedup_by_key(|d| d.over_at());
            Knowledge {
                known: known.iter().map(|d| d.over_at()).collect(),
                publications,
            }
        })
    }
}
