//! The state machine: `update` applies a message to the model and returns
//! every effect the runtime must carry out. It never touches the terminal
//! or the disk. A key goes to the overlay on top, else to the timeline
//! (`browse`); what an overlay asks for comes back as a `Cmd`.

use super::geometry;
use super::keymap::Action;
use super::keys;
use super::model::{Focus, Mode, Model};
use super::msg::{Effect, Exported, Msg, Opening};
use super::overlay::{help::Help, Cmd, Ctx, Overlay, Reply};
use super::rows::{Rows, RowsJob};
use crate::search::Query;
use crate::store::marks::Change;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};
use std::sync::atomic::Ordering;
use std::sync::Arc;

impl Model {
    /// Applies one message. Returns everything the runtime must do next.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let mut fx = Vec::new();
        self.apply(msg, &mut fx);
        fx
    }

    fn apply(&mut self, msg: Msg, fx: &mut Vec<Effect>) {
        match msg {
            Msg::Key(ev) => {
                if self.mode() != Mode::Search {
                    self.notice = None;
                }
                self.key(keys::lookup(self.mode(), &ev), &ev, fx);
            }
            Msg::Action(a) => self.key(Some(a), &KeyEvent::new(KeyCode::Null, KeyModifiers::NONE), fx),
            Msg::Mouse(ev) => self.mouse(ev),
            Msg::Resize(w, h) => {
                self.size = (w, h);
                self.keep_visible();
            }
            Msg::Loaded { id, target, result, keep } => self.loaded(id, target, *result, keep, fx),
            // An edit saved while a load runs is picked up by that load or
            // the next change; one load at a time. A file whose errors are on
            // screen is tried again; else the dataset shown is reloaded.
            Msg::FileChanged => {
                if self.loading.is_some() {
                    return;
                }
                let retry = self.overlays.iter().rev().find_map(|o| match o {
                    Overlay::Error(e) => e.retry.clone(),
                    _ => None,
                });
                match retry {
                    Some(target) => self.start_load(Opening::Target(target), None, "opening", None, fx),
                    None if matches!(self.dataset().origin, crate::model::Origin::File(_)) => {
                        // A save that changed nothing (or a change itx made
                        // and has already shown) says nothing.
                        self.quiet_reload = true;
                        self.browse(Action::Reload, fx)
                    }
                    None => {}
                }
            }
            Msg::FileRemoved => {
                if let crate::model::Origin::File(p) = &self.dataset().origin {
                    self.notice = Some(format!("{} was removed; still showing what was loaded", p.display()));
                }
            }
            Msg::Searched(rows) => self.apply_rows(*rows),
            Msg::SearchFailed { generation, why } => {
                if self.pending == Some(generation) {
                    self.pending = None;
                    self.notice = Some(format!("the search failed ({why}); the rows shown are the last search's"));
                }
            }
            Msg::Marked { dataset, result } => self.marked(dataset, result, fx),
            Msg::Exported(outcome) => self.exported(outcome),
            Msg::Completed(c) => match self.overlays.last_mut() {
                Some(Overlay::Open(o)) => o.completed(c),
                Some(Overlay::Export(o)) => o.completed(c),
                _ => {}
            },
            Msg::Appended { kind, result } => self.added(kind, result, fx),
            Msg::Stacked(counted) => {
                if let Some(Overlay::Stack(s)) = self.overlays.last_mut() {
                    if s.counting == Some(counted.dim) {
                        s.counted(counted);
                    }
                }
            }
            Msg::Folder(files) => {
                if let Some(Overlay::Open(o)) = self.overlays.last_mut() {
                    o.add(files.into_iter().map(|p| folder_choice(p, &self.current.dataset.origin)).collect());
                }
            }
        }
    }

    /// A key (its action in the current mode, if it has one): quit from
    /// anywhere, help over anything, else to the overlay on top or to the
    /// timeline.
    fn key(&mut self, action: Option<Action>, ev: &KeyEvent, fx: &mut Vec<Effect>) {
        let mode = self.mode();
        match action {
            Some(Action::Quit) => return fx.push(Effect::Quit),
            Some(Action::Help) => return self.overlays.push(Overlay::Help(Help::new(mode))),
            _ => {}
        }
        let ctx = Ctx {
            page: super::geometry::overlay_page(mode, self.size),
            dataset: self.current.dataset.clone(),
        };
        let Some(top) = self.overlays.last_mut() else {
            if let Some(a) = action {
                self.browse(a, fx);
            }
            return;
        };
        let reply = top.key(action, ev, &ctx);
        self.reply(reply, fx);
    }

    fn reply(&mut self, reply: Reply, fx: &mut Vec<Effect>) {
        match reply {
            Reply::Stay | Reply::Ignored => {}
            Reply::Close => {
                self.overlays.pop();
            }
            Reply::Run(cmd) => self.run(cmd, fx),
            Reply::CloseAndRun(cmd) => {
                self.overlays.pop();
                self.run(cmd, fx);
            }
        }
    }

    /// Carries out what an overlay asked for.
    fn run(&mut self, cmd: Cmd, fx: &mut Vec<Effect>) {
        match cmd {
            Cmd::Query(text) | Cmd::Filters(text) => self.set_query(&text, fx),
            Cmd::Preview(text) => self.preview(&text, fx),
            Cmd::GoToEvent(i) => self.go_to_event(i, fx),
            Cmd::OpenUrl(s) => self.source_address(Some(s), false, fx),
            Cmd::CopyUrl(s) => self.source_address(Some(s), true, fx),
            Cmd::Add { kind, id, yaml } => match &self.current.dataset.origin {
                crate::model::Origin::File(path) => fx.push(Effect::Append {
                    path: path.clone(),
                    kind,
                    id,
                    yaml,
                }),
                _ => self.added(kind, Err("this dataset is not a file".into()), fx),
            },
            Cmd::Move(delta) => self.move_timeline(delta),
            Cmd::ToggleRanked => self.toggle_ranked(fx),
            Cmd::Open(spec) => self.start_load(Opening::Typed(spec), None, "opening", None, fx),
            Cmd::Export { format, path, overwrite } => {
                let ds = self.dataset();
                if format == crate::export::ExportFormat::Story
                    && !crate::export::story::any_starred(ds, self.rows.iter().map(|&i| i as usize), &self.current.marks)
                {
                    if let Some(Overlay::Export(p)) = self.overlays.last_mut() {
                        p.writing = false;
                        p.path.error = Some("no event shown is starred: star the ones the story needs with * first".into());
                    }
                    return;
                }
                let path = crate::store::target::expand_home(&path);
                self.notice = Some(format!(
                    "writing {} as {} to {}…",
                    crate::text::count(self.rows.len(), "event", "events"),
                    format.name(),
                    path.display()
                ));
                fx.push(Effect::Export {
                    marks: self.current.marks.clone(),
                    dataset: self.current.dataset.clone(),
                    events: self.rows.iter().map(|&i| i as usize).collect(),
                    format,
                    path,
                    overwrite,
                });
            }
            Cmd::AsOf(date) => self.set_as_of(date, fx),
            Cmd::Note(text) => self.mark(Change::SetNote(text), fx),
            Cmd::Complete(typed) => fx.push(Effect::Complete(typed)),
            Cmd::Columns(columns) => self.set_columns(columns, fx),
            Cmd::Stack(dim) => {
                let ds = self.current.dataset.clone();
                let inline = self.rows.len() <= self.inline_search_limit;
                if let Some(Overlay::Stack(s)) = self.overlays.last_mut() {
                    if inline {
                        s.choose(&ds, &self.rows, dim);
                    } else {
                        // Counting a million rows takes a noticeable moment:
                        // keys keep working (Esc closes) while it runs.
                        s.counting = Some(dim);
                        fx.push(Effect::Stack {
                            dataset: ds,
                            rows: self.rows.clone(),
                            dim,
                        });
                    }
                }
            }
        }
    }

    fn mouse(&mut self, ev: MouseEvent) {
        if self.mode() != Mode::Browse || geometry::too_small(self.size.0, self.size.1) {
            return;
        }
        let a = geometry::areas(Rect::new(0, 0, self.size.0, self.size.1), self.shape());
        let at = Position::new(ev.column, ev.row);
        let pane = [
            (a.timeline, Focus::Timeline),
            (a.actors, Focus::Actors),
            (a.sources, Focus::Sources),
        ]
        .into_iter()
        .find(|(r, _)| r.contains(at))
        .map(|(_, f)| f);
        let Some(pane) = pane else { return };
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
                    if let Some(p) = self.lines().row_at_line(self.timeline.offset, line) {
                        self.timeline.selected = p;
                        self.actor_cursor = Default::default();
                        self.source_cursor = Default::default();
                    }
                }
            }
            _ => {}
        }
    }

    /// Recomputes the shown rows from the search and the filters: here
    /// for small datasets, else on a worker (see `inline_search_limit`), a
    /// newer job abandoning an older one.
    pub(super) fn refilter(&mut self, fx: &mut Vec<Effect>) {
        let job = self.rows_job(self.query.clone(), false);
        self.pending = Some(job.generation);
        // A search asked for earlier is moot: this one replaces it.
        fx.retain(|e| !matches!(e, Effect::Search(j) if !j.preview));
        if self.dataset().events.len() <= self.inline_search_limit {
            if let Some(rows) = job.run() {
                self.apply_rows(rows);
            }
        } else {
            fx.push(Effect::Search(Box::new(job)));
        }
    }

    /// Counts what the filter menu's choices would show, everything else
    /// (the cross-link, the cursor, starred only) kept: here or on a worker,
    /// as a search is.
    pub(super) fn preview(&mut self, text: &str, fx: &mut Vec<Effect>) {
        let job = self.rows_job(Query::parse(text), true);
        if let Some(Overlay::Filters(menu)) = self.overlays.last_mut() {
            menu.counting(job.generation);
        }
        fx.retain(|e| !matches!(e, Effect::Search(j) if j.preview));
        if self.dataset().events.len() <= self.inline_search_limit {
            if let Some(rows) = job.run() {
                self.apply_rows(rows);
            }
        } else {
            fx.push(Effect::Search(Box::new(job)));
        }
    }

    /// A job for the rows `query` gives with the other filters as they are:
    /// to show (each newer one abandoning the older) or to count.
    fn rows_job(&self, query: Query, preview: bool) -> RowsJob {
        let latest = if preview { &self.preview } else { &self.generation };
        let within = if query.is_empty() {
            None
        } else {
            self.last_search
                .as_ref()
                .filter(|(prev, _)| query.narrows(prev))
                .map(|(_, r)| r.clone())
        };
        RowsJob {
            generation: latest.fetch_add(1, Ordering::Relaxed) + 1,
            latest: latest.clone(),
            current: self.current.clone(),
            query,
            within,
            link: self.link,
            ranked: self.ranked && !preview,
            highlight: self.highlight_mode && !preview,
            public_by: self.as_of.map(|d| d.over_at()),
            keep_unpublic: self.dim_unpublic,
            only: self.starred_only.then(|| {
                let m = &self.current.marks;
                Arc::new(m.events.iter().filter(|(_, mark)| mark.star).map(|(id, _)| id.clone()).collect())
            }),
            preview,
        }
    }

    /// Shows a rows job's answer, if it is the newest asked for, keeping
    /// the selected event where it is still shown.
    fn apply_rows(&mut self, r: Rows) {
        if r.preview {
            if let Some(Overlay::Filters(menu)) = self.overlays.last_mut() {
                menu.counted(r.generation, r.rows.len());
            }
            return;
        }
        if self.pending != Some(r.generation) {
            return;
        }
        self.pending = None;
        let keep = self.selected_event();
        self.rows = r.rows;
        self.public = r.public;
        self.histogram = r.histogram;
        self.last_search = r.matched;
        self.highlighted = r.highlighted;
        self.timeline.selected = match keep.and_then(|k| self.rows.iter().position(|&i| i as usize == k)) {
            Some(p) if self.query.is_empty() || self.mode() != Mode::Search => p,
            // While typing, jump to the best match so the answer is in view.
            _ => r.best,
        };
        self.timeline.clamp(self.rows.len());
        self.keep_visible();
    }

    pub(super) fn set_query(&mut self, text: &str, fx: &mut Vec<Effect>) {
        self.query = Query::parse(text);
        self.notice = self.query.problems.first().cloned();
        self.refilter(fx);
    }

    pub(super) fn clear_search_and_filters(&mut self, fx: &mut Vec<Effect>) {
        self.query = Query::default();
        self.link = None;
        self.as_of = None;
        self.starred_only = false;
        self.refilter(fx);
    }

    fn marked(&mut self, dataset: crate::model::Origin, result: Result<crate::store::marks::Marks, String>, fx: &mut Vec<Effect>) {
        let marks = match result {
            Ok(m) => Arc::new(m),
            Err(why) => {
                self.notice = Some(format!("could not save the mark: {why}"));
                return;
            }
        };
        // The answer is for the dataset the mark was made in, which may no
        // longer be the one on screen; a merged view shows its parts' marks.
        for c in self.open.iter_mut().filter(|c| c.dataset.origin == dataset) {
            c.marks = marks.clone();
        }
        let parts: Vec<crate::session::Current> = self
            .open
            .iter()
            .filter(|c| !matches!(c.dataset.origin, crate::model::Origin::Merged(_)))
            .cloned()
            .collect();
        let mut merged = crate::session::merged_marks(&parts);
        // The merged view's columns are the reader's, chosen there (`C`).
        let is_merged = |c: &&crate::session::Current| matches!(c.dataset.origin, crate::model::Origin::Merged(_));
        if let Some(view) = Some(&self.current).filter(is_merged).or_else(|| self.open.iter().find(is_merged)) {
            merged.columns = view.marks.columns.clone();
        }
        let merged = Arc::new(merged);
        for c in self
            .open
            .iter_mut()
            .filter(|c| matches!(c.dataset.origin, crate::model::Origin::Merged(_)))
        {
            c.marks = merged.clone();
        }
        let shown = match &self.current.dataset.origin {
            crate::model::Origin::Merged(_) => Some(merged),
            o if *o == dataset => Some(marks),
            _ => None,
        };
        if let Some(m) = shown {
            self.current.marks = m;
            if self.starred_only {
                self.refilter(fx);
            }
        }
    }

    /// Opens (or copies) the web address of source `s`, or says why not.
    pub(super) fn source_address(&mut self, s: Option<crate::model::SourceIx>, copy: bool, fx: &mut Vec<Effect>) {
        let Some(s) = s else {
            self.notice = Some("no source here: select an event or a source (Tab to the sources pane)".into());
            return;
        };
        let src = self.dataset().source(s).clone();
        match src.url.as_deref().filter(|u| crate::model::is_web_link(u)) {
            Some(url) if copy => {
                self.notice = Some(format!("copied {url} (if the terminal lets programs set the clipboard: OSC 52)"));
                fx.push(Effect::Copy(url.to_string()));
            }
            Some(url) => {
                self.notice = Some(format!("opening {url}"));
                fx.push(Effect::OpenUrl(url.to_string()));
            }
            None => self.notice = Some(format!("{} has no web address to open or copy", src.id)),
        }
    }

    /// Selects event `i`, clearing the search and filters if they hide it.
    fn go_to_event(&mut self, i: usize, fx: &mut Vec<Effect>) {
        if !self.rows.contains(&(i as u32)) {
            self.clear_search_and_filters(fx);
            self.notice = Some("the search and filters hid it: cleared".into());
        }
        match self.rows.iter().position(|&r| r as usize == i) {
            Some(p) => self.select_row(p),
            None => self.notice = Some("it will be selected once every event is shown".into()),
        }
    }

    /// An item was added to the file (or not): the form closes and the
    /// dataset reloads, a new event selected; a refusal stays in the form.
    fn added(&mut self, kind: super::overlay::add::Kind, result: Result<String, String>, fx: &mut Vec<Effect>) {
        let form = self.overlays.iter_mut().rev().find_map(|o| match o {
            Overlay::Add(f) => Some(f),
            _ => None,
        });
        match (result, form) {
            (Err(why), Some(form)) => form.failed(why),
            (Err(why), None) => self.notice = Some(format!("could not add the {}: {why}", kind.name())),
            (Ok(id), _) => {
                self.overlays.retain(|o| !matches!(o, Overlay::Add(_)));
                let keep = match kind {
                    super::overlay::add::Kind::Event => Some(id.clone()),
                    _ => self.selected_event().map(|i| self.dataset().events[i].id.to_string()),
                };
                if let crate::model::Origin::File(p) = &self.current.dataset.origin {
                    let target = crate::session::Target::File(p.clone());
                    let previous = Some(self.current.dataset.clone());
                    self.start_load(Opening::Target(target), keep, "reloading", previous, fx);
                }
                self.notice = Some(format!("added {} `{id}` to the file", kind.name()));
            }
        }
    }

    fn exported(&mut self, outcome: Exported) {
        let Some(Overlay::Export(picker)) = self.overlays.last_mut() else {
            if let Exported::Written(s) | Exported::Failed(s) = outcome {
                self.notice = Some(s);
            }
            return;
        };
        picker.writing = false;
        match outcome {
            Exported::Written(done) => {
                self.overlays.pop();
                self.notice = Some(done);
            }
            Exported::Exists(path) => {
                picker.confirm = true;
                picker.path.error = Some(format!("{} exists: Enter replaces it, or type another name", path.display()));
                self.notice = None;
            }
            Exported::Failed(why) => {
                picker.path.error = Some(why);
                self.notice = None;
            }
        }
    }
}

/// A dataset file of the current folder, as the open picker lists it.
fn folder_choice(p: std::path::PathBuf, here: &crate::model::Origin) -> super::overlay::open::Choice {
    let absolute = std::path::absolute(&p).unwrap_or_else(|_| p.clone());
    super::overlay::open::Choice {
        label: p.display().to_string(),
        spec: p.display().to_string(),
        open_now: matches!(here, crate::model::Origin::File(f) if *f == absolute),
        file: Some(absolute),
    }
}
