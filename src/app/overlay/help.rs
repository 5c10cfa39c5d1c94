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
        // Only the keys help binds scroll it (g and G are not among them);
        // any other closes it.
        match action {
            Some(Action::Down | Action::Up | Action::PageDown | Action::PageUp) => {
                self.scroll.scroll_key(action, self.lines.get(), ctx.page);
                Reply::Stay
            }
            _ => Reply::Close,
        }
    }
}
