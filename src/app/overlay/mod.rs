//! What opens over the timeline: the search line, an event's detail, the
//! open and export pickers, the date and note prompts, the filter menu,
//! help and load errors. Each is a type in its own file that owns its
//! state, its keys (`KEYS`, from which help is made) and how it takes a
//! key; it answers with a `Reply`, and what it asks of the explorer (a
//! search, a load, an export) is a `Cmd` the model carries out.

pub mod add;
pub mod as_of;
pub mod columns;
pub mod context;
pub mod detail;
pub mod error;
pub mod export;
pub mod filters;
pub mod help;
pub mod matrix;
pub mod narrow;
pub mod note;
pub mod open;
pub mod search;
pub mod source;
pub mod stack;

use super::keymap::Action;
use super::keymap::Mode;
use crate::model::PartialDate;
use crossterm::event::KeyEvent;

/// What an overlay asks the explorer to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// Search for this text (the search line, as it is typed).
    Query(String),
    /// Move the timeline's selection by this many rows.
    Move(isize),
    ToggleRanked,
    /// Open what was typed or chosen: a bundled name or a path.
    Open(String),
    /// Write the events shown; `overwrite` once the reader said yes.
    Export {
        format: crate::export::ExportFormat,
        path: String,
        overwrite: bool,
    },
    /// Set the knowledge cursor (None: off).
    AsOf(Option<PartialDate>),
    /// Save a note on the selected event (empty: remove it).
    Note(String),
    /// Replace the search with this one (the filter menu's terms in it).
    Filters(String),
    /// Count the events this search would show, for the filter menu.
    Preview(String),
    /// Select this event (an index into the dataset's events), clearing
    /// what hides it.
    GoToEvent(usize),
    /// Open a source's address with the system's opener.
    OpenUrl(crate::model::SourceIx),
    /// Copy a source's address to the clipboard.
    CopyUrl(crate::model::SourceIx),
    /// Add an item (its id and YAML lines) to the dataset's file.
    Add {
        kind: add::Kind,
        id: String,
        yaml: String,
    },
    /// Complete a typed path; the answer comes back to the overlay.
    Complete(String),
    /// Count the values of this among the events shown, for stacking.
    Stack(stack::Dim),
    /// Show these fields as timeline columns, and keep the choice.
    Columns(Vec<String>),
}

/// How an overlay took a key.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// Handled; the overlay stays.
    Stay,
    /// The overlay closes.
    Close,
    /// The overlay stays and asks for this.
    Run(Cmd),
    /// The overlay closes and asks for this.
    CloseAndRun(Cmd),
    /// Not a key of this overlay.
    Ignored,
}

/// What an overlay may read of the explorer while it takes a key.
pub struct Ctx {
    /// Lines in a page of the overlay's list or text.
    pub page: usize,
    /// The dataset shown, for a form that checks what is typed against it.
    pub dataset: std::sync::Arc<crate::model::Dataset>,
}

#[derive(Debug, Clone)]
pub enum Overlay {
    Search(search::SearchLine),
    Detail(detail::Detail),
    Open(open::OpenPicker),
    Export(export::ExportPicker),
    AsOf(as_of::AsOfPrompt),
    Note(note::NotePrompt),
    Filters(filters::FilterMenu),
    Help(help::Help),
    Error(error::ErrorView),
    Add(add::AddForm),
    Matrix(matrix::Matrix),
    Source(source::SourceView),
    Stack(stack::Stack),
    Columns(columns::ColumnPicker),
    Context(context::Context),
}

impl Overlay {
    pub fn mode(&self) -> Mode {
        match self {
            Overlay::Search(_) => Mode::Search,
            Overlay::Detail(_) => Mode::Detail,
            Overlay::Open(_) => Mode::Open,
            Overlay::Export(_) => Mode::Export,
            Overlay::AsOf(_) => Mode::AsOf,
            Overlay::Note(_) => Mode::Note,
            Overlay::Filters(_) => Mode::Filter,
            Overlay::Help(_) => Mode::Help,
            Overlay::Error(_) => Mode::Error,
            Overlay::Add(_) => Mode::Add,
            Overlay::Matrix(_) => Mode::Matrix,
            Overlay::Source(_) => Mode::Source,
            Overlay::Stack(s) if s.narrow.is_typing() => Mode::Narrow,
            Overlay::Columns(c) if c.narrow.is_typing() => Mode::Narrow,
            Overlay::Stack(_) => Mode::Stack,
            Overlay::Columns(_) => Mode::Columns,
            Overlay::Context(_) => Mode::Context,
        }
    }

    /// Takes a key: `action` is what the mode's key table makes of it
    /// (None for a key it does not bind, such as a letter in a prompt).
    pub fn key(&mut self, action: Option<Action>, ev: &KeyEvent, ctx: &Ctx) -> Reply {
        match self {
            Overlay::Add(o) => return o.key(action, ev, &ctx.dataset),
            Overlay::Source(o) => return o.key(action, &ctx.dataset),
            Overlay::Stack(o) => return o.key(action, ev, &ctx.dataset, ctx.page),
            Overlay::Context(o) => return o.key(action, &ctx.dataset, ctx.page),
            _ => {}
        }
        match self {
            Overlay::Search(o) => o.key(action, ev),
            Overlay::Detail(o) => o.key(action, ctx),
            Overlay::Open(o) => o.key(action, ev, ctx),
            Overlay::Export(o) => o.key(action, ev, ctx),
            Overlay::AsOf(o) => o.key(action, ev),
            Overlay::Note(o) => o.key(action, ev),
            Overlay::Filters(o) => o.key(action),
            Overlay::Help(o) => o.key(action, ctx),
            Overlay::Error(o) => o.key(action, ctx),
            Overlay::Add(_) | Overlay::Source(_) | Overlay::Stack(_) | Overlay::Context(_) => Reply::Ignored,
            Overlay::Matrix(o) => o.key(action),
            Overlay::Columns(o) => o.key(action, ev, ctx.page),
        }
    }
}
