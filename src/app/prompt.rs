//! A line of text being typed (the search line, a path, a date, a note),
//! with the same editing keys everywhere: C-u, C-w, C-k, C-a, C-e, Home,
//! End, the arrows (with Ctrl, by word), Backspace and Delete. A value
//! filled in for the reader is replaced by the first thing typed, as a
//! selected field is in a dialog.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::{Input, InputRequest};

#[derive(Debug, Clone, Default)]
pub struct Prompt {
    input: Input,
    /// Filled in for the reader, not typed: typing replaces it.
    fresh: bool,
    /// Why the last Enter was refused, shown in the prompt itself.
    pub error: Option<String>,
}

/// The editing keys, for the help of every mode that has a prompt.
pub const EDIT_HELP: &str =
    "other keys edit: C-u deletes to the start, C-w a word, C-k to the end; C-a/Home, C-e/End, ←/→ (C-←/C-→ by word)";

impl Prompt {
    /// A prompt with `text` to edit (the search line, a note).
    pub fn editing(text: &str) -> Prompt {
        Prompt {
            input: Input::new(text.to_string()),
            ..Prompt::default()
        }
    }

    /// A prompt with a suggestion that typing replaces (a date, a path).
    pub fn prefilled(text: &str) -> Prompt {
        Prompt {
            input: Input::new(text.to_string()),
            fresh: !text.is_empty(),
            error: None,
        }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    pub fn input(&self) -> &Input {
        &self.input
    }

    /// Whether the value is a suggestion that typing would replace.
    pub fn is_fresh(&self) -> bool {
        self.fresh
    }

    pub fn set(&mut self, text: &str) {
        self.input = self.input.clone().with_value(text.to_string());
        self.fresh = false;
    }

    /// Applies an editing key. Returns whether the text changed; false for
    /// a key that is not an editing key.
    pub fn edit(&mut self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let req = match ev.code {
            KeyCode::Char('u') if ctrl => InputRequest::DeleteFromStart,
            KeyCode::Char('w') if ctrl => InputRequest::DeletePrevWord,
            KeyCode::Char('k') if ctrl => InputRequest::DeleteTillEnd,
            KeyCode::Char('a') if ctrl => InputRequest::GoToStart,
            KeyCode::Char('e') if ctrl => InputRequest::GoToEnd,
            KeyCode::Char(_) if ctrl || ev.modifiers.contains(KeyModifiers::ALT) => return false,
            KeyCode::Char(c) => {
                if std::mem::take(&mut self.fresh) {
                    self.input.reset();
                }
                InputRequest::InsertChar(c)
            }
            KeyCode::Backspace => InputRequest::DeletePrevChar,
            KeyCode::Delete => InputRequest::DeleteNextChar,
            KeyCode::Left if ctrl => InputRequest::GoToPrevWord,
            KeyCode::Right if ctrl => InputRequest::GoToNextWord,
            KeyCode::Left => InputRequest::GoToPrevChar,
            KeyCode::Right => InputRequest::GoToNextChar,
            KeyCode::Home => InputRequest::GoToStart,
            KeyCode::End => InputRequest::GoToEnd,
            _ => return false,
        };
        // Any edit or movement means the suggestion is being worked on.
        self.fresh = false;
        self.error = None;
        self.input.handle(req).is_some_and(|c| c.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    fn typed(p: &mut Prompt, s: &str) {
        for c in s.chars() {
            p.edit(&key(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    #[test]
    fn typing_replaces_a_suggestion_and_editing_keeps_it() {
        let mut p = Prompt::prefilled("2020-10");
        typed(&mut p, "2023-08-07");
        assert_eq!(p.value(), "2023-08-07");
        let mut p = Prompt::prefilled("2020-10");
        p.edit(&key(KeyCode::Backspace, KeyModifiers::NONE));
        typed(&mut p, "1");
        assert_eq!(p.value(), "2020-11", "an edit works on the suggestion");
        let mut p = Prompt::editing("apt31");
        typed(&mut p, " x");
        assert_eq!(p.value(), "apt31 x", "a value to edit is appended to");
    }

    #[test]
    fn the_same_editing_keys_everywhere() {
        let ctrl = KeyModifiers::CONTROL;
        let mut p = Prompt::editing("one two three");
        p.edit(&key(KeyCode::Char('w'), ctrl));
        assert_eq!(p.value(), "one two ");
        p.edit(&key(KeyCode::Char('a'), ctrl));
        p.edit(&key(KeyCode::Char('k'), ctrl));
        assert_eq!(p.value(), "");
        let mut p = Prompt::editing("abc def");
        p.edit(&key(KeyCode::Left, ctrl));
        p.edit(&key(KeyCode::Char('u'), ctrl));
        assert_eq!(p.value(), "def");
        p.edit(&key(KeyCode::End, KeyModifiers::NONE));
        typed(&mut p, "!");
        assert_eq!(p.value(), "def!");
        assert!(!p.edit(&key(KeyCode::Char('z'), ctrl)), "not an editing key");
    }
}
