//! Narrowing a long list of names by typing (`/` in the stacking and
//! column pickers): a plaso super-timeline has hundreds of fields, too
//! many to walk with j and k. While typing, the list keeps the names that
//! contain the text, ignoring case; Enter takes the selected one, Esc
//! shows the whole list again.

use crate::app::cursor::ListCursor;
use crate::app::keymap::{bind, code, Action, Binding};
use crate::app::prompt::Prompt;
use crossterm::event::{KeyCode, KeyEvent};

pub const KEYS: &[Binding] = &[
    bind(&[code(KeyCode::Down)], "↓", Action::Down, "next of the names kept", ""),
    bind(&[code(KeyCode::Up)], "↑", Action::Up, "previous of the names kept", ""),
    bind(&[code(KeyCode::PageDown)], "PgDn", Action::PageDown, "page down", ""),
    bind(&[code(KeyCode::PageUp)], "PgUp", Action::PageUp, "page up", ""),
    bind(&[code(KeyCode::Enter)], "Enter", Action::Enter, "take the selected name", "take"),
    bind(
        &[code(KeyCode::Esc)],
        "Esc",
        Action::Back,
        "stop narrowing: the whole list again",
        "whole list",
    ),
];

/// The text a list is narrowed by, and whether it is being typed.
#[derive(Debug, Clone, Default)]
pub struct Narrow {
    prompt: Prompt,
    typing: bool,
}

impl PartialEq for Narrow {
    fn eq(&self, other: &Narrow) -> bool {
        self.typing == other.typing && self.text() == other.text()
    }
}

impl Eq for Narrow {}

/// Who has a picker's key (see `Narrow::route`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Routed {
    /// The narrowing took it.
    Taken,
    /// The list has it (None: a key with no action).
    List(Option<Action>),
}

impl Narrow {
    pub fn is_typing(&self) -> bool {
        self.typing
    }

    pub fn text(&self) -> &str {
        self.prompt.value()
    }

    pub fn prompt(&self) -> &Prompt {
        &self.prompt
    }

    /// Whether a line above the list shows the text (typed, or kept).
    pub fn shows_line(&self) -> bool {
        self.typing || !self.text().is_empty()
    }

    /// A page of the list, given the lines inside the picker: one fewer
    /// while the line above it shows, so PgDn lands on the first name not
    /// yet seen.
    pub fn page(&self, lines: usize) -> usize {
        lines - usize::from(self.shows_line() && lines > 1)
    }

    /// Stops typing; the list stays narrowed.
    pub fn stop(&mut self) {
        self.typing = false;
    }

    /// The whole list again.
    pub fn clear(&mut self) {
        *self = Narrow::default();
    }

    /// The positions of the names kept: those containing the text,
    /// ignoring case (all of them for no text).
    pub fn keep<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> Vec<usize> {
        let wanted = self.text().to_lowercase();
        names
            .into_iter()
            .enumerate()
            .filter(|(_, n)| wanted.is_empty() || n.to_lowercase().contains(&wanted))
            .map(|(i, _)| i)
            .collect()
    }

    /// A key of a picker whose list of `len` names this narrows, the
    /// cursor on name `selected`. `/` starts typing; while typing, the
    /// list's keys (moves, Enter) go to the list and any other key edits
    /// the text, the cursor going to the top. Esc, while typing or with a
    /// text, shows the whole list again, the cursor still on its name.
    pub fn route(&mut self, action: Option<Action>, ev: &KeyEvent, cursor: &mut ListCursor, selected: Option<usize>, len: usize) -> Routed {
        match action {
            Some(Action::Search) if !self.typing => self.typing = true,
            Some(Action::Back) if self.typing || !self.text().is_empty() => {
                self.clear();
                *cursor = ListCursor::default();
                if let Some(i) = selected {
                    cursor.select(i, len);
                }
            }
            Some(Action::Down | Action::Up | Action::PageDown | Action::PageUp | Action::Enter) => return Routed::List(action),
            _ if !self.typing => return Routed::List(action),
            _ => {
                if self.prompt.edit(ev) {
                    *cursor = ListCursor::default();
                }
            }
        }
        Routed::Taken
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn none() -> KeyEvent {
        KeyEvent::new(KeyCode::Null, KeyModifiers::NONE)
    }

    fn typed(n: &mut Narrow, cursor: &mut ListCursor, s: &str) {
        for c in s.chars() {
            let ev = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            assert_eq!(n.route(None, &ev, cursor, None, 5), Routed::Taken);
        }
    }

    #[test]
    fn typing_keeps_the_names_containing_the_text_whatever_their_case() {
        let names = ["username", "UserSID", "parser", "display_name", "user"];
        let (mut n, mut c) = (Narrow::default(), ListCursor::default());
        assert_eq!(n.keep(names), [0, 1, 2, 3, 4], "nothing typed: all");
        assert_eq!(n.route(Some(Action::Search), &none(), &mut c, None, 5), Routed::Taken);
        c.select(3, 5);
        typed(&mut n, &mut c, "User");
        assert_eq!(c.selected, 0, "a new text starts at the top");
        assert_eq!(n.keep(names), [0, 1, 4]);
        typed(&mut n, &mut c, "n");
        assert_eq!(n.keep(names), [0]);
        typed(&mut n, &mut c, "x");
        assert!(n.keep(names).is_empty());
        // Esc: the whole list, the cursor on the name it was on.
        assert_eq!(n.route(Some(Action::Back), &none(), &mut c, Some(4), 5), Routed::Taken);
        assert!(!n.is_typing() && n.text().is_empty());
        assert_eq!((n.keep(names).len(), c.selected), (5, 4));
        // Not narrowed: Esc and every other key are the list's.
        assert_eq!(
            n.route(Some(Action::Back), &none(), &mut c, None, 5),
            Routed::List(Some(Action::Back))
        );
        let j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(n.route(Some(Action::Down), &j, &mut c, None, 5), Routed::List(Some(Action::Down)));
    }

    #[test]
    fn the_lists_keys_pass_through_and_others_edit() {
        let (mut n, mut c) = (Narrow::default(), ListCursor::default());
        n.route(Some(Action::Search), &none(), &mut c, None, 5);
        let down = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
        assert_eq!(
            n.route(Some(Action::Down), &down, &mut c, None, 5),
            Routed::List(Some(Action::Down))
        );
        assert_eq!(
            n.route(Some(Action::Enter), &none(), &mut c, None, 5),
            Routed::List(Some(Action::Enter))
        );
        // `/` while typing is typed.
        let slash = KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE);
        assert_eq!(n.route(Some(Action::Search), &slash, &mut c, None, 5), Routed::Taken);
        typed(&mut n, &mut c, "ab");
        assert_eq!(n.text(), "/ab");
        let back = KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!(n.route(None, &back, &mut c, None, 5), Routed::Taken);
        assert_eq!(n.text(), "/a");
        let f5 = KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE);
        assert_eq!(n.route(None, &f5, &mut c, None, 5), Routed::Taken, "taken, changing nothing");
        assert_eq!(n.text(), "/a");
        // Stopped (a name taken), the text stays; Esc clears it first.
        n.stop();
        assert_eq!(n.route(Some(Action::Back), &none(), &mut c, None, 5), Routed::Taken);
        assert!(n.text().is_empty());
    }

    #[test]
    fn two_narrowings_are_the_same_when_their_text_and_typing_are() {
        let (mut a, mut b, mut c) = (Narrow::default(), Narrow::default(), ListCursor::default());
        assert_eq!(a, b);
        a.route(Some(Action::Search), &none(), &mut c, None, 5);
        assert_ne!(a, b, "one is typing");
        b.route(Some(Action::Search), &none(), &mut c, None, 5);
        typed(&mut a, &mut c, "x");
        assert_ne!(a, b, "their texts differ");
        typed(&mut b, &mut c, "x");
        assert_eq!(a, b);
    }
}
