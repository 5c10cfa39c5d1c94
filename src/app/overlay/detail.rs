//! An event in full (Enter on the timeline): scrolled with the movement
//! keys; → and ← read on to the next and previous event of the view
//! without closing it; closed with Esc or q.

use super::{Cmd, Ctx, Reply};
use crate::app::cursor::ListCursor;
use crate::app::keymap::{bind, code, ctrl, k, Action, Binding};
use crossterm::event::KeyCode;
use std::cell::Cell;

pub const KEYS: &[Binding] = &[
    bind(&[k('j'), code(KeyCode::Down)], "j ↓", Action::Down, "scroll down", ""),
    bind(&[k('k'), code(KeyCode::Up)], "k ↑", Action::Up, "scroll up", ""),
    bind(&[code(KeyCode::PageDown), ctrl('d')], "PgDn C-d", Action::PageDown, "page down", ""),
    bind(&[code(KeyCode::PageUp), ctrl('u')], "PgUp C-u", Action::PageUp, "page up", ""),
    bind(&[k('g'), code(KeyCode::Home)], "g Home", Action::Top, "to the top", ""),
    bind(&[k('G'), code(KeyCode::End)], "G End", Action::Bottom, "to the end", ""),
    bind(
        &[k('l'), code(KeyCode::Right)],
        "l →",
        Action::NextValue,
        "the next event of the view",
        "next",
    ),
    bind(
        &[k('h'), code(KeyCode::Left)],
        "h ←",
        Action::PrevValue,
        "the previous event of the view",
        "",
    ),
    bind(&[code(KeyCode::Esc), k('q')], "Esc q", Action::Back, "close", "close"),
    bind(&[k('?')], "?", Action::Help, "help for this screen", "help"),
];

#[derive(Debug, Clone, Default)]
pub struct Detail {
    pub scroll: ListCursor,
    /// Lines the detail took when last drawn (the view records it), so
    /// scrolling stops at its end.
    pub lines: Cell<usize>,
}

impl Detail {
    pub fn key(&mut self, action: Option<Action>, ctx: &Ctx) -> Reply {
        if self.scroll.scroll_key(action, self.lines.get(), ctx.page) {
            return Reply::Stay;
        }
        match action {
            Some(Action::NextValue | Action::PrevValue) => {
                // Another event: read from its top.
                self.scroll = ListCursor::default();
                self.lines.set(0);
                Reply::Run(Cmd::Move(if action == Some(Action::NextValue) { 1 } else { -1 }))
            }
            Some(Action::Back) => Reply::Close,
            _ => Reply::Ignored,
        }
    }
}
