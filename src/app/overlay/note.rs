//! A note on the selected event (`c`): Enter saves it with the dataset's
//! marks (see `store::sidecar`), an empty note removes it.

use super::{Cmd, Reply};
use crate::app::keymap::{bind, code, Action, Binding};
use crate::app::prompt::Prompt;
use crossterm::event::{KeyCode, KeyEvent};

pub const KEYS: &[Binding] = &[
    bind(
        &[code(KeyCode::Enter)],
        "Enter",
        Action::Enter,
        "save the note (empty: remove it)",
        "save",
    ),
    bind(&[code(KeyCode::Esc)], "Esc", Action::Back, "leave the note as it was", "cancel"),
];

#[derive(Debug, Clone, Default)]
pub struct NotePrompt {
    pub prompt: Prompt,
}

impl NotePrompt {
    pub fn new(note: &str) -> NotePrompt {
        NotePrompt {
            prompt: Prompt::editing(note),
        }
    }

    pub fn key(&mut self, action: Option<Action>, ev: &KeyEvent) -> Reply {
        match action {
            Some(Action::Enter) => Reply::CloseAndRun(Cmd::Note(self.prompt.value().to_string())),
            Some(Action::Back) => Reply::Close,
            _ => {
                self.prompt.edit(ev);
                Reply::Stay
            }
        }
    }
}
