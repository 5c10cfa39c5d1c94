//! The timeline and its panes when no overlay is open: moving, jumping,
//! the knowledge cursor and the density strip, marks, and opening the
//! overlays.

use super::keymap::{bind, code, ctrl, k, Action, Binding};
use super::model::{Focus, Model};
use super::msg::{Effect, Opening};
use super::overlay::{self, Overlay};
use super::rows::LinkFilter;
use crate::store::marks::Change;
use crossterm::event::KeyCode;
use std::sync::Arc;

pub const KEYS: &[Binding] = &[
    bind(&[k('j'), code(KeyCode::Down)], "j ↓", Action::Down, "move down", ""),
    bind(&[k('k'), code(KeyCode::Up)], "k ↑", Action::Up, "move up", ""),
    bind(&[code(KeyCode::PageDown), ctrl('d')], "PgDn C-d", Action::PageDown, "page down", ""),
    bind(&[code(KeyCode::PageUp), ctrl('u')], "PgUp C-u", Action::PageUp, "page up", ""),
    bind(&[k('g'), code(KeyCode::Home)], "g Home", Action::Top, "first", ""),
    bind(&[k('G'), code(KeyCode::End)], "G End", Action::Bottom, "last", ""),
    bind(
        &[code(KeyCode::Tab)],
        "Tab",
        Action::FocusNext,
        "next pane (timeline, actors, sources)",
        "pane",
    ),
    bind(&[code(KeyCode::BackTab)], "S-Tab", Action::FocusPrev, "previous pane", ""),
    bind(
        &[code(KeyCode::Enter)],
        "Enter",
        Action::Enter,
        "event: details; actor or source: show only its events",
        "open",
    ),
    bind(&[k('/')], "/", Action::Search, "search (see the query language below)", "search"),
    bind(
        &[k('H')],
        "H",
        Action::ToggleHighlight,
        "search: show only the matches / highlight them among every event",
        "",
    ),
    bind(&[k('n')], "n", Action::NextMatch, "next search match", ""),
    bind(&[k('N')], "N", Action::PrevMatch, "previous search match", ""),
    bind(
        &[k('s')],
        "s",
        Action::ToggleRanked,
        "search results: time order / best match first",
        "",
    ),
    bind(
        &[k('m')],
        "m",
        Action::NextMilestone,
        "next milestone event (compromise, discovery, disclosure, attribution)",
        "",
    ),
    bind(&[k('M')], "M", Action::PrevMilestone, "previous milestone event", ""),
    bind(
        &[k(']')],
        "]",
        Action::LaterKnowledge,
        "knowledge cursor: to the next date something became public",
        "",
    ),
    bind(
        &[k('[')],
        "[",
        Action::EarlierKnowledge,
        "knowledge cursor: to the previous date something became public",
        "",
    ),
    bind(
        &[k('>')],
        ">",
        Action::LaterPeriod,
        "knowledge cursor: one period of the density strip later",
        "",
    ),
    bind(
        &[k('<')],
        "<",
        Action::EarlierPeriod,
        "knowledge cursor: one period of the density strip earlier",
        "",
    ),
    bind(
        &[k('@')],
        "@",
        Action::AsOfDate,
        "show the timeline as the public knew it on a date you type",
        "",
    ),
    bind(
        &[k('+')],
        "+",
        Action::ZoomIn,
        "density strip: finer periods (year, quarter, month, week, day)",
        "",
    ),
    bind(&[k('-')], "-", Action::ZoomOut, "density strip: coarser periods", ""),
    bind(
        &[k('}')],
        "}",
        Action::NextPeriod,
        "to the next period of the strip that has events",
        "",
    ),
    bind(
        &[k('{')],
        "{",
        Action::PrevPeriod,
        "to the previous period of the strip that has events",
        "",
    ),
    bind(
        &[k('*')],
        "*",
        Action::Star,
        "star or unstar the selected event (kept beside a YAML dataset, else in your data folder)",
        "",
    ),
    bind(&[k('c')], "c", Action::Annotate, "write a note on the selected event", ""),
    bind(&[k('S')], "S", Action::StarredOnly, "show starred events only / all", ""),
    bind(
        &[k('f')],
        "f",
        Action::Filters,
        "filter menu: phase, confidence, reliability, tag, actor, years",
        "",
    ),
    bind(
        &[k('x')],
        "x",
        Action::OpenUrl,
        "open the source's address in the browser (the selected source, or the event's first)",
        "",
    ),
    bind(
        &[k('y')],
        "y",
        Action::CopyUrl,
        "copy the source's address to the clipboard (OSC 52)",
        "",
    ),
    bind(
        &[k('v')],
        "v",
        Action::ViewSource,
        "the source in full, with every event it backs",
        "",
    ),
    bind(
        &[k('E')],
        "E",
        Action::Edit,
        "edit the dataset at this event in $VISUAL or $EDITOR",
        "",
    ),
    bind(
        &[k('w')],
        "w",
        Action::Layout,
        "the timeline the whole width, actors and sources below it / beside it",
        "",
    ),
    bind(
        &[k('P')],
        "P",
        Action::DimUnpublic,
        "knowledge cursor: hide / dim what was not yet public",
        "",
    ),
    bind(
        &[k('z')],
        "z",
        Action::Times,
        "times: as written, in UTC, in local time, relative to the first compromise",
        "",
    ),
    bind(
        &[k('T')],
        "T",
        Action::Matrix,
        "ATT&CK matrix of the events shown: tactics, techniques, counts",
        "",
    ),
    bind(
        &[k('i')],
        "i",
        Action::Context,
        "the selected event in context: its neighbours in the whole timeline, the search's matches marked",
        "",
    ),
    bind(
        &[k('C')],
        "C",
        Action::Columns,
        "choose the fields shown as timeline columns (kept for the file)",
        "",
    ),
    bind(
        &[k('F')],
        "F",
        Action::Stack,
        "stack: the most frequent values of a field, actor, tag, phase or source among the events shown",
        "",
    ),
    bind(
        &[k('A')],
        "A",
        Action::Add,
        "add to the dataset's file: an event (timeline), a source (sources pane), an actor (actors pane)",
        "",
    ),
    bind(
        &[k('D')],
        "D",
        Action::NextDataset,
        "next open dataset (several on the command line; the merged view last)",
        "",
    ),
    bind(
        &[k('a')],
        "a",
        Action::ToggleAllActors,
        "actors pane: this event's actors / all actors",
        "",
    ),
    bind(&[k('o')], "o", Action::Open, "open another dataset", "datasets"),
    bind(
        &[k('r')],
        "r",
        Action::Reload,
        "reload the dataset from disk (after Esc stopped an opening: try it again)",
        "",
    ),
    bind(&[k('?')], "?", Action::Help, "help for this screen", "help"),
    bind(
        &[code(KeyCode::Esc)],
        "Esc",
        Action::Back,
        "stop a load in progress, else clear the search and filters",
        "",
    ),
    bind(&[k('q')], "q", Action::Quit, "quit", "quit"),
    bind(
        &[k('e')],
        "e",
        Action::Export,
        "export the events shown (search and filters apply)",
        "export",
    ),
];

/// Events kept in view above and below the selected one, so that a jump
/// (a milestone, a match, a period) lands with what led to it.
const TIMELINE_CONTEXT: usize = 2;

impl Model {
    /// A key of the timeline and its panes.
    pub(super) fn browse(&mut self, action: Action, fx: &mut Vec<Effect>) {
        use Action::*;
        let page = self.timeline_height().saturating_sub(1).max(1) as isize;
        match action {
            Down => self.move_by(1),
            Up => self.move_by(-1),
            PageDown => self.move_by(page),
            PageUp => self.move_by(-page),
            Top => self.move_by(isize::MIN / 2),
            Bottom => self.move_by(isize::MAX / 2),
            FocusNext | FocusPrev => self.cycle_focus(action == FocusNext),
            Enter => self.enter(fx),
            Search => {
                self.focus = Focus::Timeline;
                let line = overlay::search::SearchLine::new(&self.query.raw);
                self.overlays.push(Overlay::Search(line));
            }
            NextMatch | PrevMatch => self.next_match(action == NextMatch),
            OpenUrl => self.source_address(self.chosen_source(), false, fx),
            CopyUrl => self.source_address(self.chosen_source(), true, fx),
            ViewSource => match self.chosen_source() {
                Some(s) => {
                    let view = overlay::source::SourceView::new(self.dataset(), s, self.source_list());
                    self.overlays.push(Overlay::Source(view));
                }
                None => self.notice = Some("no source here: the event has none".into()),
            },
            Edit => self.edit(fx),
            Layout if self.current.slim_side => {
                self.notice =
                    Some("the actors and sources already take a line each below the timeline: no actors, one source per event".into());
            }
            Layout => {
                self.panes_below = !self.panes_below;
                self.notice = Some(
                    if self.panes_below {
                        "the timeline takes the whole width; actors and sources are below it (w: beside)"
                    } else {
                        "actors and sources beside the timeline (w: below)"
                    }
                    .into(),
                );
                self.keep_visible();
            }
            DimUnpublic => {
                self.dim_unpublic = !self.dim_unpublic;
                self.notice = Some(
                    match (self.dim_unpublic, self.as_of.is_some()) {
                        (true, true) => "what was not yet public is dimmed, not hidden",
                        (false, true) => "what was not yet public is hidden",
                        (true, false) => "with a knowledge cursor (@, ], [), what was not yet public will be dimmed",
                        (false, false) => "with a knowledge cursor (@, ], [), what was not yet public will be hidden",
                    }
                    .into(),
                );
                self.refilter(fx);
            }
            Times => {
                self.times = self.times.next();
                use crate::model::Zone;
                self.notice = Some(match self.times {
                    super::model::Times::Zone(Zone::Written) => "times as written, each with its own offset".into(),
                    super::model::Times::Zone(Zone::Utc) => "times in UTC (days, months and years as written)".into(),
                    super::model::Times::Zone(Zone::Local) => "times in local time (TZ; days, months and years as written)".into(),
                    super::model::Times::Relative => match self.relative_anchor() {
                        Some(a) => format!("times relative to the first compromise ({a})"),
                        None => "no compromise event to count from: times as written".into(),
                    },
                });
                self.keep_visible();
            }
            ToggleHighlight => {
                self.highlight_mode = !self.highlight_mode;
                self.notice = Some(
                    if self.highlight_mode {
                        "the search highlights its matches among every event; n/N go from one to the next"
                    } else {
                        "the search shows only its matches"
                    }
                    .into(),
                );
                self.refilter(fx);
            }
            ToggleRanked if !self.searching() => {
                self.notice = Some("nothing to rank: s orders a search's matches best first (/ to search)".into());
            }
            ToggleRanked => self.toggle_ranked(fx),
            NextMilestone | PrevMilestone => self.jump_to_milestone(action == NextMilestone),
            LaterKnowledge | EarlierKnowledge => self.step_as_of(action == LaterKnowledge, fx),
            LaterPeriod | EarlierPeriod => self.step_as_of_by_period(action == LaterPeriod, fx),
            AsOfDate => self.overlays.push(Overlay::AsOf(overlay::as_of::AsOfPrompt::new(self.as_of))),
            ZoomIn | ZoomOut => self.zoom(action == ZoomIn),
            NextPeriod | PrevPeriod => self.jump_period(action == NextPeriod),
            Star => self.mark(Change::ToggleStar, fx),
            Annotate => {
                if let Some(i) = self.selected_event() {
                    let note = self
                        .current
                        .marks
                        .note(&self.dataset().events[i].id)
                        .unwrap_or_default()
                        .to_string();
                    self.overlays.push(Overlay::Note(overlay::note::NotePrompt::new(&note)));
                }
            }
            StarredOnly => {
                self.starred_only = !self.starred_only;
                self.notice = Some(if self.starred_only { "starred events only" } else { "all events" }.into());
                self.refilter(fx);
            }
            Filters => {
                let shown = self.pending.is_none().then_some(self.rows.len());
                let menu = overlay::filters::FilterMenu::new(self.dataset(), &self.query.raw).with_count(shown);
                let text = menu.apply(&menu.query);
                self.overlays.push(Overlay::Filters(menu));
                if shown.is_none() {
                    // The rows shown are not yet the search's: count afresh.
                    self.preview(&text, fx);
                }
            }
            NextDataset => self.next_dataset(fx),
            ToggleAllActors => {
                self.all_actors = !self.all_actors;
                self.actor_cursor = Default::default();
            }
            Open => self.open_picker(fx),
            Reload => self.reload(fx),
            Add => self.add_form(),
            Matrix => {
                let m = overlay::matrix::Matrix::new(self.dataset(), &self.rows, &self.query.raw);
                self.overlays.push(Overlay::Matrix(m));
            }
            Context => match self.selected_event() {
                Some(i) => {
                    let filtered = self.rows.len() < self.dataset().events.len();
                    let c = overlay::context::Context::new(i, self.rows.to_vec(), filtered, self.dataset());
                    self.overlays.push(Overlay::Context(c));
                }
                None => self.notice = Some("no event is selected to see in context".into()),
            },
            Columns => {
                let ds = self.dataset();
                if ds.field_names.is_empty() {
                    self.notice = Some("this dataset's events have no fields to show as columns".into());
                } else {
                    let p = overlay::columns::ColumnPicker::new(&ds.field_names, &self.current.marks.columns);
                    self.overlays.push(Overlay::Columns(p));
                }
            }
            Stack => {
                let s = overlay::stack::Stack::new(self.dataset(), &self.query.raw, self.rows.len());
                self.overlays.push(Overlay::Stack(s));
            }
            Export => {
                let stem = self.dataset().origin.short_name();
                let picker = overlay::export::ExportPicker::new(&stem, self.folder.clone());
                self.overlays.push(Overlay::Export(picker));
            }
            Back => {
                if let Some(l) = self.cancel_load() {
                    self.notice = Some(format!(
                        "stopped {}; still showing {} (r tries again)",
                        l.what,
                        self.dataset().title
                    ));
                    self.stopped = Some(l.opening);
                } else {
                    self.notice = None;
                    self.clear_search_and_filters(fx);
                }
            }
            _ => {}
        }
    }

    /// The source `x`, `y` and `v` act on: the one selected in the sources
    /// pane, else the event's first with a web address, else its first.
    fn chosen_source(&self) -> Option<crate::model::SourceIx> {
        let list = self.source_list();
        if self.focus == Focus::Sources {
            return list.get(self.source_cursor.selected).copied();
        }
        let ds = self.dataset();
        list.iter()
            .copied()
            .find(|&s| ds.source(s).url.as_deref().is_some_and(crate::model::is_web_link))
            .or(list.first().copied())
    }

    /// The editor at the selected event's line, for a dataset file; a
    /// bundled dataset says how to get a copy to edit.
    fn edit(&mut self, fx: &mut Vec<Effect>) {
        let id = self
            .selected_event()
            .map(|i| self.dataset().events[i].id.to_string())
            .unwrap_or_default();
        match &self.dataset().origin {
            crate::model::Origin::File(p) => fx.push(Effect::Edit { path: p.clone(), id }),
            crate::model::Origin::Bundled(name) => {
                self.notice = Some(format!(
                    "{name} is bundled, not a file: `itx export {name} --format yaml -o {name}.yaml` makes a copy to edit (e, yaml, does it here)"
                ))
            }
            _ => self.notice = Some("the merged view is not a file: switch to a dataset (D) to edit it".into()),
        }
    }

    /// The form for what the focused pane lists. Only a YAML file can be
    /// added to: for a bundled dataset the export overlay offers an
    /// editable copy (YAML), to open and add to.
    fn add_form(&mut self) {
        let kind = match self.focus {
            Focus::Timeline => overlay::add::Kind::Event,
            Focus::Sources => overlay::add::Kind::Source,
            Focus::Actors => overlay::add::Kind::Actor,
        };
        match &self.current.dataset.clone().origin {
            crate::model::Origin::File(p) if crate::store::syntax_for(p) == crate::store::Syntax::Yaml => {
                let form = overlay::add::AddForm::new(kind, self.dataset());
                self.overlays.push(Overlay::Add(form));
            }
            crate::model::Origin::Bundled(name) => {
                let mut picker = overlay::export::ExportPicker::new(name, self.folder.clone());
                picker.choose_format(crate::export::ExportFormat::Yaml);
                self.overlays.push(Overlay::Export(picker));
                self.notice = Some(format!(
                    "{name} is bundled, so it cannot be changed: save an editable copy here, open it (o), then A adds to it"
                ));
            }
            crate::model::Origin::File(p) => {
                self.notice = Some(format!(
                    "{} is JSON: itx adds to YAML datasets; `e`, yaml, makes a copy to add to",
                    p.display()
                ));
            }
            _ => self.notice = Some("the merged view is not a file: switch to a dataset (D) to add to it".into()),
        }
    }

    fn cycle_focus(&mut self, forward: bool) {
        use Focus::*;
        self.focus = match (self.focus, forward) {
            (Timeline, true) | (Sources, false) => Actors,
            (Actors, true) | (Timeline, false) => Sources,
            (Sources, true) | (Actors, false) => Timeline,
        }
    }

    /// Moves the selection of the focused pane.
    pub(super) fn move_by(&mut self, delta: isize) {
        match self.focus {
            Focus::Timeline => self.move_timeline(delta),
            Focus::Actors => self.actor_cursor.move_by(delta, self.actor_list().len()),
            Focus::Sources => self.source_cursor.move_by(delta, self.source_list().len()),
        }
    }

    pub(super) fn move_timeline(&mut self, delta: isize) {
        self.timeline.move_by(delta, self.rows.len());
        self.actor_cursor = Default::default();
        self.source_cursor = Default::default();
        self.keep_visible();
    }

    /// Selects row `p` of the timeline.
    pub(super) fn select_row(&mut self, p: usize) {
        self.focus = Focus::Timeline;
        self.timeline.select(p, self.rows.len());
        self.actor_cursor = Default::default();
        self.source_cursor = Default::default();
        self.keep_visible();
    }

    /// Moves the timeline's offset the least needed to show the selection.
    pub(super) fn keep_visible(&mut self) {
        let height = self.timeline_height();
        let mut cursor = self.timeline;
        let lines = self.lines();
        cursor.keep_in_context(self.rows.len(), height, TIMELINE_CONTEXT, |a, b| lines.lines_between(a, b));
        self.timeline = cursor;
    }

    fn enter(&mut self, fx: &mut Vec<Effect>) {
        match self.focus {
            Focus::Timeline => {
                if self.selected_event().is_some() {
                    self.overlays.push(Overlay::Detail(Default::default()));
                }
            }
            Focus::Actors => {
                if let Some(&a) = self.actor_list().get(self.actor_cursor.selected) {
                    self.link = Some(LinkFilter::Actor(a));
                    self.notice = Some(format!("showing the events of {}; Esc shows all", self.dataset().actor(a).name));
                    self.focus = Focus::Timeline;
                    self.refilter(fx);
                }
            }
            Focus::Sources => {
                if let Some(&s) = self.source_list().get(self.source_cursor.selected) {
                    self.link = Some(LinkFilter::Source(s));
                    self.notice = Some("showing the events this source backs; Esc shows all".into());
                    self.focus = Focus::Timeline;
                    self.refilter(fx);
                }
            }
        }
    }

    /// The next (or previous) of the events a search or a cross-link
    /// shows, going round at either end and saying so, as a pager does.
    fn next_match(&mut self, forward: bool) {
        if !self.searching() && self.link.is_none() {
            self.notice = Some("no search: press / to search".into());
            return;
        }
        if let Some(h) = self.highlighted.clone().filter(|_| self.searching()) {
            return self.next_highlighted(&h, forward);
        }
        let n = self.rows.len();
        let at = self.timeline.selected;
        match (n, forward) {
            (0, _) => self.notice = Some("no matches".into()),
            (_, true) if at + 1 >= n => {
                self.select_row(0);
                self.notice = Some(format!("past the last match: back to the first (of {})", crate::text::thousands(n)));
            }
            (_, false) if at == 0 => {
                self.select_row(n - 1);
                self.notice = Some(format!("before the first match: on to the last (of {})", crate::text::thousands(n)));
            }
            _ => self.move_timeline(if forward { 1 } else { -1 }),
        }
    }

    /// In highlight mode: the next (or previous) row the search matches,
    /// going round at either end, and which match of how many it is.
    fn next_highlighted(&mut self, matches: &[u32], forward: bool) {
        let is_match = |r: &u32| matches.binary_search(r).is_ok();
        let n = self.rows.len();
        if matches.is_empty() || n == 0 {
            self.notice = Some("no matches".into());
            return;
        }
        let at = self.timeline.selected;
        let order: Box<dyn Iterator<Item = usize>> = if forward {
            Box::new((at + 1..n).chain(0..=at.min(n - 1)))
        } else {
            Box::new((0..at).rev().chain((at..n).rev()))
        };
        let Some(p) = order.into_iter().find(|&p| is_match(&self.rows[p])) else {
            return;
        };
        let wrapped = if forward { p <= at } else { p >= at };
        self.select_row(p);
        let k = self.rows[..=p].iter().filter(|r| is_match(r)).count();
        let total = self.rows.iter().filter(|r| is_match(r)).count();
        self.notice = Some(format!(
            "match {} of {}{}",
            crate::text::thousands(k),
            crate::text::thousands(total),
            if wrapped && total > 1 { " (went round)" } else { "" }
        ));
    }

    pub(super) fn toggle_ranked(&mut self, fx: &mut Vec<Effect>) {
        self.ranked = !self.ranked;
        self.notice = Some(if self.ranked { "best matches first" } else { "time order" }.into());
        self.timeline.offset = 0;
        self.refilter(fx);
    }

    /// Shows `columns` at once and keeps them with the file's marks.
    pub(super) fn set_columns(&mut self, columns: Vec<String>, fx: &mut Vec<Effect>) {
        std::sync::Arc::make_mut(&mut self.current.marks).columns = columns.clone();
        match self.current.marks_path.clone() {
            Some(path) => fx.push(Effect::Mark {
                dataset: self.dataset().origin.clone(),
                path,
                id: String::new(),
                change: Change::SetColumns(columns),
            }),
            None => self.notice = Some("the columns are shown but cannot be kept: this view has no file of its own".into()),
        }
    }

    /// Asks for a change to the selected event's marks, in the sidecar of
    /// the dataset the event is from (in a merged view, the part's).
    pub(super) fn mark(&mut self, change: Change, fx: &mut Vec<Effect>) {
        let Some(i) = self.selected_event() else { return };
        let id = &self.dataset().events[i].id;
        let (owner, id) = match &self.dataset().origin {
            crate::model::Origin::Merged(_) => {
                let part = self.open.iter().find(|c| {
                    let prefix = crate::model::merged_prefix(&c.dataset);
                    !matches!(c.dataset.origin, crate::model::Origin::Merged(_))
                        && id.strip_prefix(&prefix).is_some_and(|r| r.starts_with('.'))
                });
                match part {
                    Some(p) => {
                        let rest = id[crate::model::merged_prefix(&p.dataset).len() + 1..].to_string();
                        (p, rest)
                    }
                    None => return,
                }
            }
            _ => (&self.current, id.to_string()),
        };
        let Some(path) = owner.marks_path.clone() else {
            self.notice = Some("no place to keep stars and notes for this dataset: no data folder for this user (XDG_DATA_HOME or HOME on Linux, %APPDATA% on Windows)".into());
            return;
        };
        fx.push(Effect::Mark {
            dataset: owner.dataset.origin.clone(),
            path,
            id,
            change,
        });
    }

    fn zoom(&mut self, finer: bool) {
        let now = self.density_period();
        match if finer { now.finer() } else { now.coarser() } {
            Some(p) => {
                self.density = Some(p);
                self.notice = Some(format!("density by {}", p.name()));
            }
            None => self.notice = Some(format!("density is already by {}", now.name())),
        }
    }

    /// Selects the first shown event of the next (or previous) period of
    /// the density strip that has any (or a share of one dated coarsely).
    fn jump_period(&mut self, forward: bool) {
        let Some(here) = self.selected_event() else { return };
        let period = self.density_period();
        let periods = self.histogram.periods(period);
        let now = self.histogram.period_of(period, self.dataset().events[here].date.start());
        let has = |i: usize| periods[i].1 > 1e-3;
        let target = if forward {
            (now + 1..periods.len()).find(|&i| has(i))
        } else {
            (0..now.min(periods.len())).rev().find(|&i| has(i))
        };
        let Some(t) = target else {
            let which = if forward { "later" } else { "earlier" };
            self.notice = Some(format!("no {which} {} with events", period.name()));
            return;
        };
        let (days, extra, h) = (self.current.days.clone(), self.current.extra_days.clone(), self.histogram.clone());
        let covers = |i: usize| {
            let (d, e) = (days[i], extra[i] as i32);
            (h.period_of_day(period, d)..=h.period_of_day(period, d + e)).contains(&t)
        };
        if let Some(p) = self.rows.iter().position(|&i| covers(i as usize)) {
            self.select_row(p);
            let n = periods[t].1;
            let count = if (n - n.round()).abs() < 0.05 {
                let n = n.round() as usize;
                crate::text::count(n, "event", "events")
            } else {
                format!("{n:.1} events (a share of those dated more coarsely)")
            };
            self.notice = Some(format!("{} {}: {count}", period.name(), period.label(periods[t].0)));
        }
    }

    /// Moves the knowledge cursor to the next (or previous) date on which
    /// something became public; past the last, the cursor goes away.
    fn step_as_of(&mut self, later: bool, fx: &mut Vec<Effect>) {
        let stops = self.current.knowledge().publications.clone();
        let Some(last) = stops.last().copied() else { return };
        let next = match (self.as_of, later) {
            (None, true) => stops.first().copied(),
            (None, false) => Some(last),
            (Some(now), true) => stops.iter().find(|d| d.over_at() > now.over_at()).copied(),
            (Some(now), false) => stops.iter().rev().find(|d| d.over_at() < now.over_at()).copied(),
        };
        match (next, later) {
            (None, true) => self.notice = Some("everything is public: the cursor is off".into()),
            (None, false) => {
                self.notice = Some("nothing was public before this".into());
                return;
            }
            _ => {}
        }
        self.set_as_of(next, fx);
    }

    /// Moves the knowledge cursor by one period of the density strip, from
    /// the cursor, or from the first event when it is off.
    fn step_as_of_by_period(&mut self, later: bool, fx: &mut Vec<Effect>) {
        let Some(from) = self.as_of.or_else(|| self.dataset().events.first().map(|e| e.date)) else {
            return;
        };
        let day = chrono::DateTime::from_timestamp(from.end_exclusive() - 1, 0)
            .unwrap_or_default()
            .date_naive();
        match self.density_period().step(day, later) {
            Some(next) => self.set_as_of(Some(next), fx),
            None => self.notice = Some("no date can be written past that".into()),
        }
    }

    pub(super) fn set_as_of(&mut self, date: Option<crate::model::PartialDate>, fx: &mut Vec<Effect>) {
        self.as_of = date;
        self.figures_as_of();
        self.refilter(fx);
    }

    /// The header's figures for the knowledge cursor's date (none without one).
    pub(super) fn figures_as_of(&mut self) {
        self.figures_then = self.as_of.map(|d| {
            let known = &self.current.knowledge().known;
            let by = d.over_at();
            Arc::new(crate::metrics::figures_as_of(self.dataset(), |i| known[i] <= by))
        });
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
                self.select_row(p);
                self.notice = Some(what);
            }
            None => self.notice = Some(format!("{what} — hidden by the search or filter; Esc shows all")),
        }
    }

    /// The open picker: the bundled datasets and the files opened before
    /// now, the folder's datasets when the runtime has listed them.
    fn open_picker(&mut self, fx: &mut Vec<Effect>) {
        let here = &self.dataset().origin;
        let mut choices: Vec<overlay::open::Choice> = crate::store::bundled::ALL
            .iter()
            .map(|b| overlay::open::Choice {
                label: format!("{} (bundled)", b.name),
                spec: b.name.to_string(),
                open_now: matches!(here, crate::model::Origin::Bundled(n) if *n == b.name),
                file: None,
            })
            .collect();
        // The file open now first among files, then those opened before.
        let now = match here {
            crate::model::Origin::File(f) => Some(f),
            _ => None,
        };
        choices.extend(
            now.into_iter()
                .chain(self.recent.iter().filter(|p| Some(*p) != now))
                .map(|p| overlay::open::Choice {
                    label: p.display().to_string(),
                    spec: p.display().to_string(),
                    open_now: Some(p) == now,
                    file: Some(p.clone()),
                }),
        );
        self.overlays.push(Overlay::Open(overlay::open::OpenPicker::new(choices)));
        fx.push(Effect::ListFolder);
    }

    fn reload(&mut self, fx: &mut Vec<Effect>) {
        let shown = match &self.current.dataset.origin {
            crate::model::Origin::File(p) => Some(crate::session::Target::File(p.clone())),
            crate::model::Origin::Bundled(n) => Some(crate::session::Target::Bundled(n)),
            _ => None,
        };
        // Esc stopped an opening: r takes it up again, as the notice said.
        // A stopped reload of what is shown is a reload again, keeping the
        // selection and saying what changed.
        if let Some(what) = self.stopped.take() {
            if !matches!((&what, &shown), (Opening::Target(t), Some(s)) if t == s) {
                self.start_load(what, None, "opening", None, fx);
                return;
            }
        }
        let target = match (shown, &self.current.dataset.origin) {
            (Some(t), _) => t,
            (None, crate::model::Origin::Merged(_)) => {
                self.notice = Some("the merged view is not a file: switch to a dataset (D) to reload it".into());
                return;
            }
            (None, _) => {
                self.notice = Some("nothing is open: o opens a dataset".into());
                return;
            }
        };
        let keep = self.selected_event().map(|i| self.dataset().events[i].id.to_string());
        let previous = Some(self.current.dataset.clone());
        self.start_load(Opening::Target(target), keep, "reloading", previous, fx);
    }
}
