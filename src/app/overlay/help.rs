//! Help (`?`): every key of the mode it was opened from, and in browse
//! and search the query language. Scrolls; any other key closes it.

use super::{Ctx, Reply};
use crate::app::cursor::ListCursor;
use crate::app::keymap::Mode;
use crate::app::keymap::{bind, code, ctrl, k, Action, Binding};
use crossterm::event::KeyCode;
use std::cell::Cell;

pub const KEYS: &[Binding] = &[
    bind(&[k('j'), code(KeyCode::Down)], "j ↓", Action::Down, "scroll down", ""),
    bind(&[k('k'), code(KeyCode::Up)], "k ↑", Action::Up, "scroll up", ""),
    bind(&[code(KeyCode::PageDown), ctrl('d')], "PgDn C-d", Action::PageDown, "page down", ""),
    bind(&[code(KeyCode::PageUp), ctrl('u')], "PgUp C-u", Action::PageUp, "page up", ""),
    bind(
        &[code(KeyCode::Esc), k('q'), k('?')],
        "Esc q ?",
        Action::Back,
        "close (so does any other key)",
        "close",
    ),
];

#[derive(Debug, Clone)]
pub struct Help {
    /// The mode whose keys are listed.
    pub mode: Mode,
    pub scroll: ListCursor,
    /// Lines the help took when last drawn (the view records it).
    pub lines: Cell<usize>,
}

impl Help {
    pub fn new(mode: Mode) -> Help {
        Help {
            mode,
            scroll: ListCursor::default(),
            lines: Cell::new(0),
        }
    }

    pub fn key(&mut self, action: Option<Action>, ctx: &Ctx) -> Reply {
        // Before the first draw the length is not known: no limit yet.
        let max = match self.lines.get() {
            0 => usize::MAX,
            n => n.saturating_sub(ctx.page),
        };
        let page = ctx.page.max(1) as isize;
        match action {
            Some(Action::Down) => self.scroll.scroll_by(1, max),
            Some(Action::Up) => self.scroll.scroll_by(-1, max),
            Some(Action::PageDown) => self.scroll.scroll_by(page, max),
            Some(Action::PageUp) => self.scroll.scroll_by(-page, max),
            _ => return Reply::Close,
        }
        Reply::Stay
    }
}
