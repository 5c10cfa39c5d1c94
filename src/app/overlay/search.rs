//! The search line (`/`): the query is searched as it is typed; Enter
//! keeps it as a filter, Esc clears it.

use super::{Cmd, Reply};
use crate::app::keymap::{bind, code, ctrl, Action, Binding};
use crate::app::prompt::Prompt;
use crossterm::event::{KeyCode, KeyEvent};

pub const KEYS: &[Binding] = &[
    bind(&[code(KeyCode::Down), ctrl('n')], "↓ C-n", Action::Down, "next result", ""),
    bind(&[code(KeyCode::Up), ctrl('p')], "↑ C-p", Action::Up, "previous result", ""),
    bind(
        &[code(KeyCode::Enter)],
        "Enter",
        Action::Enter,
        "keep the search as a filter",
        "keep",
    ),
    bind(&[ctrl('s')], "C-s", Action::ToggleRanked, "time order / best match first", "rank"),
    bind(&[code(KeyCode::Esc)], "Esc", Action::Back, "clear the search", "clear"),
];

#[derive(Debug, Clone, Default)]
pub struct SearchLine {
    pub prompt: Prompt,
}

impl SearchLine {
    /// The line with the search there is, to refine.
    pub fn new(query: &str) -> SearchLine {
        SearchLine {
            prompt: Prompt::editing(query),
        }
    }

    pub fn key(&mut self, action: Option<Action>, ev: &KeyEvent) -> Reply {
        match action {
            Some(Action::Enter) => Reply::Close,
            Some(Action::Back) => Reply::CloseAndRun(Cmd::Query(String::new())),
            Some(Action::Down) => Reply::Run(Cmd::Move(1)),
            Some(Action::Up) => Reply::Run(Cmd::Move(-1)),
            Some(Action::ToggleRanked) => Reply::Run(Cmd::ToggleRanked),
            _ if self.prompt.edit(ev) => Reply::Run(Cmd::Query(self.prompt.value().to_string())),
            _ => Reply::Stay,
        }
    }
}
