//! Narrowing a long list of names by typing (`/` in the stacking and
//! column pickers): a plaso super-timeline has hundreds of fields, too
//! many to walk with j and k. While typing, the list keeps the names that
//! contain the text, ignoring case; Enter takes the selected one, Esc
//! shows the whole list again.

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

/// What a key did to the narrowing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Narrowed {
    /// The text changed: the list is another, its cursor goes to the top.
    Changed,
    /// Esc: the whole list again, its cursor where it was.
    Cleared,
    /// A key for the list under it (a move, Enter).
    List(Action),
    /// Nothing to do.
    Nothing,
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

    /// Starts typing, on the text there is.
    pub fn start(&mut self) {
        self.typing = true;
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

    /// A key while typing: Esc clears, the list's keys go to the list,
    /// any other key edits the text.
    pub fn key(&mut self, action: Option<Action>, ev: &KeyEvent) -> Narrowed {
        match action {
            Some(Action::Back) => {
                self.clear();
                Narrowed::Cleared
            }
            Some(a @ (Action::Down | Action::Up | Action::PageDown | Action::PageUp | Action::Enter)) => Narrowed::List(a),
            _ if self.prompt.edit(ev) => Narrowed::Changed,
            _ => Narrowed::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn typed(n: &mut Narrow, s: &str) {
        for c in s.chars() {
            assert_eq!(n.key(None, &KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)), Narrowed::Changed);
        }
    }

    #[test]
    fn typing_keeps_the_names_containing_the_text_whatever_their_case() {
        let names = ["username", "UserSID", "parser", "display_name", "user"];
        let mut n = Narrow::default();
        assert_eq!(n.keep(names), [0, 1, 2, 3, 4], "nothing typed: all");
        n.start();
        typed(&mut n, "User");
        assert_eq!(n.keep(names), [0, 1, 4]);
        typed(&mut n, "n");
        assert_eq!(n.keep(names), [0]);
        typed(&mut n, "x");
        assert!(n.keep(names).is_empty());
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(n.key(Some(Action::Back), &esc), Narrowed::Cleared);
        assert!(!n.is_typing() && n.text().is_empty());
        assert_eq!(n.keep(names).len(), 5);
    }

    #[test]
    fn two_narrowings_are_the_same_when_their_text_and_typing_are() {
        let mut a = Narrow::default();
        let mut b = Narrow::default();
        assert_eq!(a, b);
        a.start();
        assert_ne!(a, b, "one is typing");
        b.start();
        typed(&mut a, "x");
        assert_ne!(a, b, "their texts differ");
        typed(&mut b, "x");
        assert_eq!(a, b);
    }

    #[test]
    fn the_lists_keys_pass_through_and_others_edit() {
        let mut n = Narrow::default();
        n.start();
        let down = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
        assert_eq!(n.key(Some(Action::Down), &down), Narrowed::List(Action::Down));
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(n.key(Some(Action::Enter), &enter), Narrowed::List(Action::Enter));
        typed(&mut n, "ab");
        let back = KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!(n.key(None, &back), Narrowed::Changed);
        assert_eq!(n.text(), "a");
        let f5 = KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE);
        assert_eq!(n.key(None, &f5), Narrowed::Nothing);
    }
}
