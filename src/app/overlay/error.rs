//! A dataset that did not load: every problem with its place; the
//! dataset that was open stays open beneath.

use super::{Ctx, Reply};
use crate::app::cursor::ListCursor;
use crate::app::keymap::{bind, code, ctrl, k, Action, Binding};
use crate::store::Diagnostic;
use crossterm::event::KeyCode;

pub const KEYS: &[Binding] = &[
    bind(&[k('j'), code(KeyCode::Down)], "j ↓", Action::Down, "next problem", ""),
    bind(&[k('k'), code(KeyCode::Up)], "k ↑", Action::Up, "previous problem", ""),
    bind(&[code(KeyCode::PageDown), ctrl('d')], "PgDn C-d", Action::PageDown, "page down", ""),
    bind(&[code(KeyCode::PageUp), ctrl('u')], "PgUp C-u", Action::PageUp, "page up", ""),
    bind(&[k('g'), code(KeyCode::Home)], "g Home", Action::Top, "first problem", ""),
    bind(&[k('G'), code(KeyCode::End)], "G End", Action::Bottom, "last problem", ""),
    bind(&[code(KeyCode::Esc), k('q')], "Esc q", Action::Back, "close", "close"),
    bind(&[k('?')], "?", Action::Help, "help for this screen", "help"),
];

#[derive(Debug, Clone)]
pub struct ErrorView {
    pub what: String,
    pub problems: Vec<Diagnostic>,
    pub scroll: ListCursor,
    /// The file that failed, watched while its errors are shown and
    /// loaded again when it changes.
    pub retry: Option<crate::session::Target>,
}

impl ErrorView {
    pub fn new(what: String, problems: Vec<Diagnostic>) -> ErrorView {
        ErrorView {
            what,
            problems,
            scroll: ListCursor::default(),
            retry: None,
        }
    }

    pub fn key(&mut self, action: Option<Action>, ctx: &Ctx) -> Reply {
        // Scrolled a problem at a time, up to the last one at the top.
        if self
            .scroll
            .scroll_key(action, self.problems.len() + ctx.page.saturating_sub(1), ctx.page)
        {
            return Reply::Stay;
        }
        match action {
            Some(Action::Back) => Reply::Close,
            _ => Reply::Ignored,
        }
    }
}
