//! The state machine: `update` applies a message to the model and returns
//! what the runtime should do. It never touches the terminal or the disk.

use super::keymap::{self, Action};
use super::model::*;
use super::rows::{Rows, RowsJob};
use crate::export::ExportFormat;
use crate::model::Dataset;
use crate::search::Query;
use crate::store::{bundled, LoadError, Progress};
use crate::ui::layout;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use tui_input::InputRequest;

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
    /// The open file changed on disk (debounced).
    FileChanged,
    /// A rows job finished on a worker thread.
    Searched(Box<Rows>),
    /// An export finished: what to tell the user.
    Exported(Result<String, String>),
    /// A star or note was saved: the marks as the sidecar now holds them
    /// (another itx's included), or why it could not be.
    Marked(Result<crate::store::marks::Marks, String>),
}

#[derive(Debug)]
pub enum Effect {
    /// Load a dataset on a worker, reporting to `progress`; answer with
    /// `Msg::Loaded` carrying the same `id`.
    Load {
        id: u64,
        target: Target,
        keep: Option<String>,
        progress: Arc<Progress>,
        /// For a reload: the dataset shown now, to say what changed.
        previous: Option<Arc<Dataset>>,
    },
    /// Run a rows job on a worker; answer with `Msg::Searched`.
    Search(RowsJob),
    /// Change one event's marks in the sidecar; answer with `Msg::Marked`.
    Mark {
        path: PathBuf,
        id: String,
        change: crate::store::marks::Change,
    },
    /// Write `events` of `dataset` to `path`; answer with `Msg::Exported`.
    Export {
        marks: Arc<crate::store::marks::Marks>,
        dataset: Arc<Dataset>,
        events: Vec<usize>,
        format: ExportFormat,
        path: PathBuf,
    },
}

/// Whether an event starts a new year on the timeline (a separator row).
fn new_year(ds: &Dataset, rows: &[u32], p: usize) -> bool {
    p == 0 || ds.events[rows[p] as usize].date.year_number() != ds.events[rows[p - 1] as usize].date.year_number()
}

impl Model {
    fn separators(&self) -> bool {
        !(self.ranked && self.searching())
    }

    /// Screen lines the rows `from..to` take, separators included.
    pub fn lines_between(&self, from: usize, to: usize) -> usize {
        let ds = self.dataset();
        (from..to)
            .map(|p| if self.separators() && new_year(ds, &self.rows, p) { 2 } else { 1 })
            .sum()
    }

    /// Moves `offset` the least needed to show the selection.
    fn keep_visible(&mut self) {
        let height = layout::timeline_height(self.size);
        if self.rows.is_empty() {
            self.selected = 0;
            self.offset = 0;
            return;
        }
        self.selected = self.selected.min(self.rows.len() - 1);
        if self.selected < self.offset {
            self.offset = self.selected;
        }
        // Every row takes at least one line, so after a long jump the
        // offset can skip straight to where the selection could be the
        // last row; stepping there one row at a time was quadratic (`G`
        // on a million events never returned).
        self.offset = self.offset.max((self.selected + 1).saturating_sub(height));
        while self.offset < self.selected && self.lines_between(self.offset, self.selected + 1) > height {
            self.offset += 1;
        }
    }

    fn move_by(&mut self, delta: isize) {
        match self.focus {
            Focus::Timeline => {
                self.selected = self.selected.saturating_add_signed(delta).min(self.rows.len().saturating_sub(1));
                self.actor_sel = 0;
                self.source_sel = 0;
                self.keep_visible();
            }
            Focus::Actors => {
                self.actor_sel = self
                    .actor_sel
                    .saturating_add_signed(delta)
                    .min(self.actor_list().len().saturating_sub(1))
            }
            Focus::Sources => {
                self.source_sel = self
                    .source_sel
                    .saturating_add_signed(delta)
                    .min(self.source_list().len().saturating_sub(1))
            }
        }
    }

    fn page(&self) -> isize {
        layout::timeline_height(self.size).saturating_sub(1).max(1) as isize
    }

    /// Recomputes the shown rows from the search and the link filter:
    /// here for small datasets, else on a worker (see `inline_search_limit`),
    /// a newer job abandoning an older one.
    fn refilter(&mut self) {
        let generation = self.generation.fetch_add(1, Ordering::Relaxed) + 1;
        let within = if self.query.is_empty() {
            None
        } else {
            self.last_search
                .as_ref()
                .filter(|(prev, _)| self.query.narrows(prev))
                .map(|(_, r)| r.clone())
        };
        let job = RowsJob {
            generation,
            latest: self.generation.clone(),
            current: self.current.clone(),
            query: self.query.clone(),
            within,
            link: self.link,
            ranked: self.ranked,
            public_before: self.as_of.map(|d| d.end_exclusive()),
            only: self.starred_only.then(|| {
                let m = &self.current.marks;
                Arc::new(m.events.iter().filter(|(_, mark)| mark.star).map(|(id, _)| id.clone()).collect())
            }),
        };
        self.pending = Some(generation);
        if self.dataset().events.len() <= self.inline_search_limit {
            self.outbox = None;
            if let Some(rows) = job.run() {
                self.apply_rows(rows);
            }
        } else {
            self.outbox = Some(job);
        }
    }

    /// Shows a rows job's answer, if it is the newest asked for, keeping
    /// the selected event where it is still shown.
    fn apply_rows(&mut self, r: Rows) {
        if self.pending != Some(r.generation) {
            return;
        }
        self.pending = None;
        let keep = self.selected_event();
        self.rows = r.rows;
        self.public = r.public;
        self.histogram = r.histogram;
        self.last_search = r.matched;
        self.selected = match keep.and_then(|k| self.rows.iter().position(|&i| i as usize == k)) {
            Some(p) if self.query.is_empty() || self.mode != Mode::Search => p,
            // While typing, jump to the best match so the answer is in view.
            _ => r.best,
        };
        self.offset = self.offset.min(self.selected);
        self.keep_visible();
    }

    fn set_query(&mut self) {
        self.query = Query::parse(self.query_input.value());
        self.notice = self.query.problems.first().cloned();
        self.refilter();
    }

    fn clear_search_and_filters(&mut self) {
        self.query_input.reset();
        self.query = Query::default();
        self.link = None;
        self.as_of = None;
        self.starred_only = false;
        self.refilter();
    }

    fn open_picker(&mut self) {
        let mut items: Vec<Target> = bundled::ALL.iter().map(|b| Target::Bundled(b.name)).collect();
        items.extend(self.recent.iter().map(|p| Target::File(p.clone())));
        self.picker = Picker {
            items,
            selected: 0,
            path: Default::default(),
        };
        self.mode = Mode::Open;
    }

    fn enter(&mut self) -> Option<Effect> {
        match self.focus {
            Focus::Timeline => {
                if self.selected_event().is_some() {
                    self.detail_scroll = 0;
                    self.mode = Mode::Detail;
                }
            }
            Focus::Actors => {
                if let Some(&a) = self.actor_list().get(self.actor_sel) {
                    self.link = Some(LinkFilter::Actor(a));
                    self.notice = Some(format!("showing the events of {}; Esc shows all", self.dataset().actor(a).name));
                    self.focus = Focus::Timeline;
                    self.refilter();
                }
            }
            Focus::Sources => {
                if let Some(&s) = self.source_list().get(self.source_sel) {
                    self.link = Some(LinkFilter::Source(s));
                    self.notice = Some("showing the events this source backs; Esc shows all".into());
                    self.focus = Focus::Timeline;
                    self.refilter();
                }
            }
        }
        None
    }

    /// Asks for a change to the selected event's marks.
    fn mark(&mut self, change: crate::store::marks::Change) -> Option<Effect> {
        let i = self.selected_event()?;
        let Some(path) = self.current.marks_path.clone() else {
            self.notice = Some("no place to keep stars and notes for this dataset (no home folder)".into());
            return None;
        };
        Some(Effect::Mark {
            path,
            id: self.dataset().events[i].id.clone(),
            change,
        })
    }

    /// Selects the first shown event of the next (or previous) period of
    /// the density strip that has any.
    fn jump_period(&mut self, forward: bool) {
        let Some(here) = self.selected_event() else { return };
        let period = self.density_period();
        let periods = self.histogram.periods(period);
        let now = self.histogram.period_of(period, self.dataset().events[here].date.start());
        let target = if forward {
            (now + 1..periods.len()).find(|&i| periods[i].1 > 0)
        } else {
            (0..now.min(periods.len())).rev().find(|&i| periods[i].1 > 0)
        };
        let Some(t) = target else {
            self.notice = Some(format!(
                "no {} {} with events",
                if forward { "later" } else { "earlier" },
                period.name()
            ));
            return;
        };
        let (days, h) = (self.current.days.clone(), self.histogram.clone());
        if let Some(p) = self.rows.iter().position(|&i| h.period_of_day(period, days[i as usize]) == t) {
            self.focus = Focus::Timeline;
            self.selected = p;
            self.actor_sel = 0;
            self.source_sel = 0;
            self.keep_visible();
            let n = periods[t].1;
            self.notice = Some(format!(
                "{} {}: {n} event{}",
                period.name(),
                period.label(periods[t].0),
                if n == 1 { "" } else { "s" }
            ));
        }
    }

    fn set_as_of(&mut self, date: Option<crate::model::PartialDate>) {
        self.as_of = date;
        self.refilter();
    }

    /// Moves the knowledge cursor to the next (or previous) date on which
    /// something became public; past the last, the cursor goes away.
    fn step_as_of(&mut self, later: bool) {
        let stops = self.current.knowledge().publications.clone();
        let Some(last) = stops.last().copied() else { return };
        let next = match (self.as_of, later) {
            (None, true) => stops.first().copied(),
            (None, false) => Some(last),
            (Some(now), true) => stops.iter().find(|d| d.end_exclusive() > now.end_exclusive()).copied(),
            (Some(now), false) => stops.iter().rev().find(|d| d.end_exclusive() < now.end_exclusive()).copied(),
        };
        if next.is_none() && later {
            self.notice = Some("everything is public: the cursor is off".into());
        }
        if next.is_none() && !later {
            self.notice = Some("nothing was public before this".into());
            return;
        }
        self.set_as_of(next);
    }

    /// Selects the next (or previous) event a milestone figure starts or
    /// ends at, saying what it marks.
    fn jump_to_milestone(&mut self, forward: bool) {
        let marks = crate::metrics::milestone_events(self.dataset(), &self.current.figures);
        if marks.is_empty() {
            self.notice = Some("no milestones: no compromise, discovery, disclosure or attribution events".into());
            return;
        }
        let here = self.selected_event();
        let next = if forward {
            marks.iter().find(|(i, _)| here.is_none_or(|h| *i > h))
        } else {
            marks.iter().rev().find(|(i, _)| here.is_some_and(|h| *i < h))
        };
        let Some((event, what)) = next.cloned() else {
            self.notice = Some(if forward { "no later milestone" } else { "no earlier milestone" }.into());
            return;
        };
        match self.rows.iter().position(|&r| r as usize == event) {
            Some(p) => {
                self.focus = Focus::Timeline;
                self.selected = p;
                self.actor_sel = 0;
                self.source_sel = 0;
                self.keep_visible();
                self.notice = Some(what);
            }
            None => self.notice = Some(format!("{what} — hidden by the search or filter; Esc shows all")),
        }
    }

    fn export_format(&self) -> ExportFormat {
        ExportFormat::ALL[self.export.selected.min(ExportFormat::ALL.len() - 1)]
    }

    fn open_export(&mut self) {
        let stem = self.dataset().origin.short_name();
        let stem = if stem.is_empty() { "itx-export".to_string() } else { stem };
        let path = format!("{stem}.{}", self.export_format().extension());
        self.export.path = tui_input::Input::new(path);
        self.mode = Mode::Export;
    }

    /// Moves the format choice; a path still ending in the old format's
    /// extension follows the new one.
    fn choose_format(&mut self, delta: isize) {
        let old = self.export_format();
        self.export.selected = self.export.selected.saturating_add_signed(delta).min(ExportFormat::ALL.len() - 1);
        let new = self.export_format();
        let path = self.export.path.value();
        if let Some(stem) = path.strip_suffix(&format!(".{}", old.extension())) {
            let renamed = format!("{stem}.{}", new.extension());
            self.export.path = self.export.path.clone().with_value(renamed);
        }
    }

    fn export(&mut self) -> Option<Effect> {
        let typed = self.export.path.value().trim();
        if typed.is_empty() {
            self.notice = Some("type a file to write to".into());
            return None;
        }
        let path = expand_home(typed);
        self.mode = Mode::Browse;
        let format = self.export_format();
        self.notice = Some(format!(
            "writing {} events as {} to {}…",
            self.rows.len(),
            format.name(),
            path.display()
        ));
        Some(Effect::Export {
            marks: self.current.marks.clone(),
            dataset: self.current.dataset.clone(),
            events: self.rows.iter().map(|&i| i as usize).collect(),
            format,
            path,
        })
    }

    fn reload(&mut self) -> Option<Effect> {
        let target = match &self.current.dataset.origin {
            crate::model::Origin::File(p) => Target::File(p.clone()),
            crate::model::Origin::Bundled(n) => Target::Bundled(n),
            crate::model::Origin::Merged(_) => {
                self.notice = Some("the merged view is not a file: switch to a dataset (D) to reload it".into());
                return None;
            }
        };
        let keep = self.selected_event().map(|i| self.dataset().events[i].id.clone());
        let mut effect = self.start_load(target, keep, "reloading");
        if let Effect::Load { previous, .. } = &mut effect {
            *previous = Some(self.current.dataset.clone());
        }
        Some(effect)
    }

    /// Starts loading `target`: the effect for the runtime, with a new id.
    /// A load already running is cancelled.
    pub fn start_load(&mut self, target: Target, keep: Option<String>, verb: &str) -> Effect {
        self.cancel_load();
        let id = self.next_load;
        self.next_load += 1;
        let progress = Arc::new(Progress::default());
        self.loading = Some(Loading {
            id,
            what: format!("{verb} {}", target.label()),
            progress: progress.clone(),
        });
        Effect::Load {
            id,
            target,
            keep,
            progress,
            previous: None,
        }
    }

    /// Stops the running load, if any; its answer will be dropped.
    fn cancel_load(&mut self) -> Option<Loading> {
        let l = self.loading.take()?;
        l.progress.cancel();
        Some(l)
    }

    fn act(&mut self, action: Action) -> Option<Effect> {
        use Action::*;
        match (self.mode, action) {
            (_, Quit) => self.quit = true,
            (Mode::Help, Down) => self.help_scroll += 1,
            (Mode::Help, Up) => self.help_scroll = self.help_scroll.saturating_sub(1),
            (Mode::Help, PageDown) => self.help_scroll += self.page() as usize,
            (Mode::Help, PageUp) => self.help_scroll = self.help_scroll.saturating_sub(self.page() as usize),
            (Mode::Help, _) => self.mode = self.help_for,
            (_, Help) => {
                self.help_for = self.mode;
                self.help_scroll = 0;
                self.mode = Mode::Help;
            }
            (Mode::Detail, Down) => self.detail_scroll += 1,
            (Mode::Detail, Up) => self.detail_scroll = self.detail_scroll.saturating_sub(1),
            (Mode::Detail, PageDown) => self.detail_scroll += self.page() as usize,
            (Mode::Detail, PageUp) => self.detail_scroll = self.detail_scroll.saturating_sub(self.page() as usize),
            (Mode::Detail, Top) => self.detail_scroll = 0,
            (Mode::Detail, Bottom) => self.detail_scroll = usize::MAX / 2,
            (Mode::Error, Down | PageDown | Bottom) => {
                if let Some(e) = &mut self.error {
                    let step = if action == Down { 1 } else { 10 };
                    e.scroll = (e.scroll + step).min(e.problems.len().saturating_sub(1));
                }
            }
            (Mode::Error, Up | PageUp | Top) => {
                if let Some(e) = &mut self.error {
                    e.scroll = e.scroll.saturating_sub(if action == Up { 1 } else { 10 });
                }
            }
            (Mode::Detail | Mode::Error, Back) => {
                self.error = None;
                self.mode = Mode::Browse;
            }
            (Mode::Open, Down) => self.picker.selected = (self.picker.selected + 1).min(self.picker.items.len().saturating_sub(1)),
            (Mode::Open, Up) => self.picker.selected = self.picker.selected.saturating_sub(1),
            (Mode::Open, Back) => self.mode = Mode::Browse,
            (Mode::Open, CompletePath) => {
                let done = complete_path(self.picker.path.value());
                self.picker.path = self.picker.path.clone().with_value(done);
            }
            (Mode::Open, Enter) => {
                let typed = self.picker.path.value().trim().to_string();
                let target = if typed.is_empty() {
                    self.picker.items.get(self.picker.selected).cloned()
                } else if let (Some(b), false) = (bundled::find(&typed), std::path::Path::new(&typed).exists()) {
                    Some(Target::Bundled(b.name))
                } else {
                    Some(Target::File(expand_home(&typed)))
                };
                self.mode = Mode::Browse;
                if let Some(target) = target {
                    return Some(self.start_load(target, None, "opening"));
                }
            }
            (Mode::Export, Down) => self.choose_format(1),
            (Mode::Export, Up) => self.choose_format(-1),
            (Mode::Export, Back) => self.mode = Mode::Browse,
            (Mode::Export, CompletePath) => {
                let done = complete_path(self.export.path.value());
                self.export.path = self.export.path.clone().with_value(done);
            }
            (Mode::Export, Enter) => return self.export(),
            (Mode::Browse, Export) => self.open_export(),
            (Mode::Browse, LaterKnowledge) => self.step_as_of(true),
            (Mode::Browse, EarlierKnowledge) => self.step_as_of(false),
            (Mode::Browse, LaterPeriod | EarlierPeriod) => {
                // From the cursor, or from the first event when it is off.
                let from = self.as_of.or_else(|| self.dataset().events.first().map(|e| e.date));
                if let Some(from) = from {
                    let day = chrono::DateTime::from_timestamp(from.end_exclusive() - 1, 0)
                        .unwrap_or_default()
                        .date_naive();
                    match self.density_period().step(day, action == LaterPeriod) {
                        Some(next) => self.set_as_of(Some(next)),
                        None => self.notice = Some("no date can be written past that".into()),
                    }
                }
            }
            (Mode::Browse, AsOfDate) => {
                self.as_of_input = tui_input::Input::new(self.as_of.map(|d| d.to_string()).unwrap_or_default());
                self.mode = Mode::AsOf;
            }
            (Mode::AsOf, Back) => self.mode = Mode::Browse,
            (Mode::AsOf, Enter) => {
                let typed = self.as_of_input.value().trim().to_string();
                if typed.is_empty() {
                    self.mode = Mode::Browse;
                    self.set_as_of(None);
                } else {
                    match crate::model::PartialDate::parse(&typed) {
                        Ok(d) => {
                            self.mode = Mode::Browse;
                            self.set_as_of(Some(d));
                        }
                        Err(e) => self.notice = Some(e.0),
                    }
                }
            }
            (Mode::Browse, ZoomIn | ZoomOut) => {
                let now = self.density_period();
                let next = if action == ZoomIn { now.finer() } else { now.coarser() };
                match next {
                    Some(p) => {
                        self.density = Some(p);
                        self.notice = Some(format!("density by {}", p.name()));
                    }
                    None => self.notice = Some(format!("density is already by {}", now.name())),
                }
            }
            (Mode::Browse, Star) => return self.mark(crate::store::marks::Change::ToggleStar),
            (Mode::Browse, Annotate) => {
                if let Some(i) = self.selected_event() {
                    let id = &self.dataset().events[i].id;
                    self.note_input = tui_input::Input::new(self.current.marks.note(id).unwrap_or_default().to_string());
                    self.mode = Mode::Note;
                }
            }
            (Mode::Note, Back) => self.mode = Mode::Browse,
            (Mode::Note, Enter) => {
                self.mode = Mode::Browse;
                return self.mark(crate::store::marks::Change::SetNote(self.note_input.value().to_string()));
            }
            (Mode::Browse, NextDataset) => self.next_dataset(),
            (Mode::Browse, Filters) => {
                self.filters = super::filters::FilterMenu::new(self.dataset(), self.query_input.value());
                self.mode = Mode::Filter;
            }
            (Mode::Filter, Down) => self.filters.move_row(1),
            (Mode::Filter, Up) => self.filters.move_row(-1),
            (Mode::Filter, NextValue) => self.filters.change(1),
            (Mode::Filter, PrevValue) => self.filters.change(-1),
            (Mode::Filter, Back) => self.mode = Mode::Browse,
            (Mode::Filter, Enter) => {
                self.mode = Mode::Browse;
                let query = self.filters.apply(self.query_input.value());
                self.query_input = tui_input::Input::new(query);
                self.set_query();
            }
            (Mode::Browse, StarredOnly) => {
                self.starred_only = !self.starred_only;
                self.notice = Some(if self.starred_only { "starred events only" } else { "all events" }.into());
                self.refilter();
            }
            (Mode::Browse, NextPeriod) => self.jump_period(true),
            (Mode::Browse, PrevPeriod) => self.jump_period(false),
            (Mode::Browse, NextMilestone) => self.jump_to_milestone(true),
            (Mode::Browse, PrevMilestone) => self.jump_to_milestone(false),
            (Mode::Search, Enter) => {
                self.mode = Mode::Browse;
                self.focus = Focus::Timeline;
            }
            (Mode::Search, Back) => {
                self.mode = Mode::Browse;
                self.query_input.reset();
                self.set_query();
            }
            (Mode::Search | Mode::Browse, Down) => self.move_by(1),
            (Mode::Search | Mode::Browse, Up) => self.move_by(-1),
            (Mode::Browse | Mode::Open, PageDown) => self.move_by(self.page()),
            (Mode::Browse | Mode::Open, PageUp) => self.move_by(-self.page()),
            (Mode::Browse, Top) => self.move_by(isize::MIN / 2),
            (Mode::Browse, Bottom) => self.move_by(isize::MAX / 2),
            (Mode::Browse, FocusNext) => {
                self.focus = match self.focus {
                    Focus::Timeline => Focus::Actors,
                    Focus::Actors => Focus::Sources,
                    Focus::Sources => Focus::Timeline,
                }
            }
            (Mode::Browse, FocusPrev) => {
                self.focus = match self.focus {
                    Focus::Timeline => Focus::Sources,
                    Focus::Actors => Focus::Timeline,
                    Focus::Sources => Focus::Actors,
                }
            }
            (Mode::Browse, Enter) => return self.enter(),
            (Mode::Browse, Back) => {
                if let Some(l) = self.cancel_load() {
                    self.notice = Some(format!("stopped {}; still showing {}", l.what, self.dataset().title));
                } else {
                    self.notice = None;
                    self.clear_search_and_filters();
                }
            }
            (Mode::Browse, Search) => {
                self.mode = Mode::Search;
                self.focus = Focus::Timeline;
            }
            (Mode::Browse, NextMatch | PrevMatch) => {
                if self.searching() || self.link.is_some() {
                    let saved = self.focus;
                    self.focus = Focus::Timeline;
                    self.move_by(if action == NextMatch { 1 } else { -1 });
                    self.focus = saved;
                } else {
                    self.notice = Some("no search: press / to search".into());
                }
            }
            (Mode::Browse | Mode::Search, ToggleRanked) => {
                self.ranked = !self.ranked;
                self.notice = Some(if self.ranked { "best matches first" } else { "time order" }.into());
                self.offset = 0;
                self.refilter();
            }
            (Mode::Browse, ToggleAllActors) => {
                self.all_actors = !self.all_actors;
                self.actor_sel = 0;
            }
            (Mode::Browse, Open) => self.open_picker(),
            (Mode::Browse, Reload) => return self.reload(),
            _ => {}
        }
        None
    }

    fn edit(input: &mut tui_input::Input, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let req = match ev.code {
            KeyCode::Char('w') if ctrl => InputRequest::DeletePrevWord,
            KeyCode::Char('a') if ctrl => InputRequest::GoToStart,
            KeyCode::Char('e') if ctrl => InputRequest::GoToEnd,
            KeyCode::Char('k') if ctrl => InputRequest::DeleteTillEnd,
            KeyCode::Char(_) if ctrl || ev.modifiers.contains(KeyModifiers::ALT) => return false,
            KeyCode::Char(c) => InputRequest::InsertChar(c),
            KeyCode::Backspace => InputRequest::DeletePrevChar,
            KeyCode::Delete => InputRequest::DeleteNextChar,
            KeyCode::Left => InputRequest::GoToPrevChar,
            KeyCode::Right => InputRequest::GoToNextChar,
            KeyCode::Home => InputRequest::GoToStart,
            KeyCode::End => InputRequest::GoToEnd,
            _ => return false,
        };
        input.handle(req).is_some_and(|c| c.value)
    }

    fn key(&mut self, ev: KeyEvent) -> Option<Effect> {
        if let Some(action) = keymap::lookup(self.mode, &ev) {
            return self.act(action);
        }
        match self.mode {
            Mode::Help => self.mode = self.help_for,
            Mode::Search if Self::edit(&mut self.query_input, &ev) => self.set_query(),
            Mode::Open => {
                Self::edit(&mut self.picker.path, &ev);
            }
            Mode::Export => {
                Self::edit(&mut self.export.path, &ev);
            }
            Mode::AsOf => {
                Self::edit(&mut self.as_of_input, &ev);
            }
            Mode::Note => {
                Self::edit(&mut self.note_input, &ev);
            }
            _ => {}
        }
        None
    }

    fn mouse(&mut self, ev: MouseEvent) {
        if self.mode != Mode::Browse || layout::too_small(self.size.0, self.size.1) {
            return;
        }
        let a = layout::areas(Rect::new(0, 0, self.size.0, self.size.1));
        let at = Position::new(ev.column, ev.row);
        let pane = if a.timeline.contains(at) {
            Focus::Timeline
        } else if a.actors.contains(at) {
            Focus::Actors
        } else if a.sources.contains(at) {
            Focus::Sources
        } else {
            return;
        };
        match ev.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let saved = self.focus;
                self.focus = pane;
                self.move_by(if ev.kind == MouseEventKind::ScrollDown { 3 } else { -3 });
                self.focus = saved;
            }
            MouseEventKind::Down(MouseButton::Left) => {
                self.focus = pane;
                if pane == Focus::Timeline {
                    let line = ev.row.saturating_sub(a.timeline.y + 1) as usize;
                    if let Some(p) = self.row_at_line(line) {
                        self.selected = p;
                        self.actor_sel = 0;
                        self.source_sel = 0;
                    }
                }
            }
            _ => {}
        }
    }

    /// Which row is drawn on a given line of the timeline, if an event is.
    pub fn row_at_line(&self, line: usize) -> Option<usize> {
        let mut l = 0;
        for p in self.offset..self.rows.len() {
            if self.separators() && new_year(self.dataset(), &self.rows, p) {
                l += 1;
            }
            if l == line {
                return Some(p);
            }
            if l > line {
                return None;
            }
            l += 1;
        }
        None
    }

    /// Puts `current` on screen: rows, selection (the event `keep` if it is
    /// there), and what happened in the status line.
    fn show(&mut self, current: Current, keep: Option<String>) {
        let title = current.dataset.title.clone();
        let same_dataset = current.dataset.origin == self.current.dataset.origin;
        let old = std::mem::replace(&mut self.current, current);
        self.retired.push(old);
        self.last_search = None;
        self.link = None;
        self.actor_sel = 0;
        self.source_sel = 0;
        if !same_dataset {
            // Another dataset: its own dates and marks, so the search, the
            // knowledge cursor and "starred only" go.
            self.query_input.reset();
            self.query = Query::default();
            self.as_of = None;
            self.starred_only = false;
        }
        // Every event until the search (if any) answers; the kept event is
        // found among them, and stays selected after.
        self.rows = (0..self.dataset().events.len() as u32).collect();
        self.selected = keep.as_deref().and_then(|id| self.dataset().event_index(id)).unwrap_or(0);
        if keep.is_none() {
            self.offset = 0;
        }
        self.refilter();
        self.keep_visible();
        let w = self.current.warnings;
        let done = match self.current.changes {
            Some(c) if same_dataset => format!("reloaded {title}: {c}"),
            _ => format!("opened {title}"),
        };
        self.notice = Some(if w > 0 {
            format!("{done} ({w} warnings: itx validate lists them)")
        } else {
            done
        });
    }

    /// Shows the next of the datasets open at once (the merged view last).
    fn next_dataset(&mut self) {
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
        self.show(next, None);
        self.notice = Some(format!("showing {name}"));
    }

    fn loaded(&mut self, id: u64, target: Target, result: Result<Current, LoadError>, keep: Option<String>) {
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
                self.show(current, keep);
                if self.mode == Mode::Error {
                    self.mode = Mode::Browse;
                }
            }
            Err(e) => {
                self.error = Some(ErrorView {
                    what: format!("Could not open {}", target.label()),
                    problems: e.diagnostics,
                    scroll: 0,
                });
                self.mode = Mode::Error;
            }
        }
    }

    fn remember(&mut self, path: PathBuf) {
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(20);
    }

    /// Applies one message. Returns what the runtime must do next.
    pub fn update(&mut self, msg: Msg) -> Option<Effect> {
        let effect = self.apply(msg);
        // A load makes a pending search moot: the new dataset is searched
        // when it arrives.
        let search = self.outbox.take().map(Effect::Search);
        effect.or(search)
    }

    fn apply(&mut self, msg: Msg) -> Option<Effect> {
        match msg {
            Msg::Key(ev) => {
                if self.mode != Mode::Search {
                    self.notice = None;
                }
                self.key(ev)
            }
            Msg::Action(a) => self.act(a),
            Msg::Mouse(ev) => {
                self.mouse(ev);
                None
            }
            Msg::Resize(w, h) => {
                self.size = (w, h);
                self.keep_visible();
                None
            }
            Msg::Loaded { id, target, result, keep } => {
                self.loaded(id, target, *result, keep);
                None
            }
            // An edit saved while a load runs is picked up by that load or
            // the next change; one reload at a time.
            Msg::FileChanged if self.loading.is_none() && matches!(self.dataset().origin, crate::model::Origin::File(_)) => self.reload(),
            Msg::FileChanged => None,
            Msg::Searched(rows) => {
                self.apply_rows(*rows);
                None
            }
            Msg::Marked(Ok(marks)) => {
                self.current.marks = Arc::new(marks);
                if self.starred_only {
                    self.refilter();
                }
                None
            }
            Msg::Marked(Err(why)) => {
                self.notice = Some(format!("could not save the mark: {why}"));
                None
            }
            Msg::Exported(result) => {
                self.notice = Some(match result {
                    Ok(done) => done,
                    Err(why) => why,
                });
                None
            }
        }
    }
}

fn expand_home(s: &str) -> PathBuf {
    match (s.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(s),
    }
}

/// Completes a typed path to the longest prefix shared by the entries that
/// match it (a trailing `/` for a single directory), as a shell does.
pub fn complete_path(typed: &str) -> String {
    let expanded = expand_home(typed);
    let (dir, prefix) = if typed.ends_with('/') || typed.is_empty() {
        (expanded.clone(), String::new())
    } else {
        let parent = expanded.parent().map(|p| p.to_path_buf()).unwrap_or_default();
        let name = expanded.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        (parent, name)
    };
    let read_dir = if dir.as_os_str().is_empty() {
        std::path::Path::new(".")
    } else {
        dir.as_path()
    };
    let Ok(entries) = std::fs::read_dir(read_dir) else {
        return typed.to_string();
    };
    let mut matches: Vec<(String, bool)> = entries
        .filter_map(|e| e.ok())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path().is_dir()))
        .filter(|(n, _)| n.starts_with(&prefix) && (!n.starts_with('.') || prefix.starts_with('.')))
        .collect();
    if matches.is_empty() {
        return typed.to_string();
    }
    matches.sort();
    let first = &matches[0].0;
    let common = matches.iter().fold(first.len(), |n, (m, _)| {
        first.chars().zip(m.chars()).take_while(|(a, b)| a == b).count().min(n)
    });
    let mut completed: String = first.chars().take(common).collect();
    if matches.len() == 1 && matches[0].1 {
        completed.push('/');
    }
    let base = &typed[..typed.len() - prefix.len()];
    format!("{base}{completed}")
}
