//! Datasets coming and going: asking for a load, showing what loaded (or
//! its errors), switching between the datasets open at once.

use super::model::{Loading, Model};
use super::msg::{Effect, Opening};
use super::overlay::{error::ErrorView, Overlay};
use crate::model::Dataset;
use crate::search::Query;
use crate::session::{Current, Target};
use crate::store::{LoadError, Progress};
use std::path::PathBuf;
use std::sync::Arc;

impl Model {
    /// Asks for `what` to be loaded, with a new id; a load already running
    /// is cancelled.
    pub fn start_load(&mut self, what: Opening, keep: Option<String>, verb: &str, previous: Option<Arc<Dataset>>, fx: &mut Vec<Effect>) {
        self.cancel_load();
        self.stopped = None;
        let id = self.next_load;
        self.next_load += 1;
        let progress = Arc::new(Progress::default());
        let label = match &what {
            Opening::Target(t) => t.label(),
            Opening::Typed(s) => s.clone(),
        };
        self.loading = Some(Loading {
            id,
            what: format!("{verb} {label}"),
            progress: progress.clone(),
            opening: what.clone(),
        });
        fx.push(Effect::Load {
            id,
            what,
            keep,
            progress,
            previous,
        });
    }

    /// Stops the running load, if any; its answer will be dropped.
    pub(super) fn cancel_load(&mut self) -> Option<Loading> {
        let l = self.loading.take()?;
        l.progress.cancel();
        Some(l)
    }

    pub(super) fn loaded(
        &mut self,
        id: u64,
        target: Target,
        result: Result<Current, LoadError>,
        keep: Option<String>,
        fx: &mut Vec<Effect>,
    ) {
        if self.loading.as_ref().map(|l| l.id) != Some(id) {
            // Cancelled, or superseded by a newer load.
            return;
        }
        self.loading = None;
        match result {
            Ok(current) => {
                if let Target::File(p) = &target {
                    self.remember(p.clone());
                }
                // A reload replaces its dataset in the list of open ones.
                if let Some(slot) = self.open.iter_mut().find(|c| c.dataset.origin == current.dataset.origin) {
                    *slot = current.clone();
                }
                self.overlays.retain(|o| !matches!(o, Overlay::Error(_)));
                self.show(current, keep, fx);
            }
            Err(e) => self.show_load_error(target, e),
        }
    }

    /// Shows why `target` did not load, over what is open. A file is
    /// watched while its errors are shown, and opens once mended.
    pub fn show_load_error(&mut self, target: Target, e: LoadError) {
        self.overlays.retain(|o| !matches!(o, Overlay::Error(_)));
        let mut view = ErrorView::new(format!("Could not open {}", target.label()), e.diagnostics);
        view.retry = matches!(target, Target::File(_)).then_some(target);
        self.overlays.push(Overlay::Error(view));
    }

    fn remember(&mut self, path: PathBuf) {
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(20);
    }

    /// Puts `current` on screen: rows, selection (the event `keep` if it is
    /// there), and what happened in the status line.
    pub(super) fn show(&mut self, current: Current, keep: Option<String>, fx: &mut Vec<Effect>) {
        let title = current.dataset.title.clone();
        let same_dataset = current.dataset.origin == self.current.dataset.origin;
        // Where the kept event was in time, for its neighbour if it is gone.
        let was_at = self.selected_event().map(|i| self.dataset().events[i].date.sort_key());
        let old = std::mem::replace(&mut self.current, current);
        fx.push(Effect::Retire(Box::new(old)));
        self.last_search = None;
        self.link = None;
        self.actor_cursor = Default::default();
        self.source_cursor = Default::default();
        if !same_dataset {
            // Another dataset: its own dates and marks, so the search, the
            // knowledge cursor and "starred only" go.
            self.query = Query::default();
            self.as_of = None;
            self.starred_only = false;
            self.density = None;
        }
        // Every event until the search (if any) answers; the kept event is
        // found among them, and stays selected after.
        self.rows = (0..self.dataset().events.len() as u32).collect();
        let events = &self.dataset().events;
        self.timeline.selected = match keep.as_deref().map(|id| self.dataset().event_index(id)) {
            Some(Some(i)) => i,
            // The kept event was removed: the next one in time takes its place.
            Some(None) => was_at
                .map(|at| events.partition_point(|e| e.date.sort_key() < at))
                .unwrap_or(0)
                .min(events.len().saturating_sub(1)),
            None => 0,
        };
        if keep.is_none() {
            self.timeline.offset = 0;
        }
        self.figures_as_of();
        self.refilter(fx);
        self.keep_visible();
        let quiet = std::mem::take(&mut self.quiet_reload);
        if quiet && same_dataset && self.current.changes == Some(Default::default()) {
            return;
        }
        let w = self.current.warnings;
        let done = match self.current.changes {
            Some(c) if same_dataset => format!("reloaded {title}: {c}"),
            _ => format!("opened {title}"),
        };
        self.notice = Some(match (w, &self.current.marks_problem) {
            (_, Some(p)) => format!("{done}; its stars and notes could not be read ({p})"),
            (0, None) => done,
            (1, None) => format!("{done} (1 warning: itx validate lists it)"),
            (w, None) => format!("{done} ({} warnings: itx validate lists them)", crate::text::thousands(w)),
        });
    }

    /// Shows the next of the datasets open at once (the merged view last).
    pub(super) fn next_dataset(&mut self, fx: &mut Vec<Effect>) {
        if self.open.len() < 2 {
            self.notice = Some("one dataset is open: name several on the command line (itx a.yaml b.yaml)".into());
            return;
        }
        let here = self
            .open
            .iter()
            .position(|c| c.dataset.origin == self.current.dataset.origin)
            .unwrap_or(0);
        let next = self.open[(here + 1) % self.open.len()].clone();
        let name = next.dataset.origin.to_string();
        self.show(next, None, fx);
        self.notice = Some(format!("showing {name}"));
    }
}
