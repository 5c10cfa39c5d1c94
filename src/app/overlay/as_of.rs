//! The knowledge cursor's date (`@`): the timeline as the public knew it
//! by the end of the date typed. A date that is not one is said in the
//! prompt, which stays open.

use super::{Cmd, Reply};
use crate::app::keymap::{bind, code, Action, Binding};
use crate::app::prompt::Prompt;
use crate::model::PartialDate;
use crossterm::event::{KeyCode, KeyEvent};

pub const KEYS: &[Binding] = &[
    bind(
        &[code(KeyCode::Enter)],
        "Enter",
        Action::Enter,
        "set the date (empty: everything)",
        "set",
    ),
    bind(&[code(KeyCode::Esc)], "Esc", Action::Back, "keep the date as it was", "cancel"),
];

#[derive(Debug, Clone, Default)]
pub struct AsOfPrompt {
    pub prompt: Prompt,
}

impl AsOfPrompt {
    /// The prompt with the cursor's date, which typing replaces.
    pub fn new(date: Option<PartialDate>) -> AsOfPrompt {
        AsOfPrompt {
            prompt: Prompt::prefilled(&date.map(|d| d.to_string()).unwrap_or_default()),
        }
    }

    pub fn key(&mut self, action: Option<Action>, ev: &KeyEvent) -> Reply {
        match action {
            Some(Action::Enter) => {
                let typed = self.prompt.value().trim();
                if typed.is_empty() {
                    return Reply::CloseAndRun(Cmd::AsOf(None));
                }
                match PartialDate::parse(typed) {
                    Ok(d) => Reply::CloseAndRun(Cmd::AsOf(Some(d))),
                    Err(e) => {
                        self.prompt.error = Some(e.0);
                        Reply::Stay
                    }
                }
            }
            Some(Action::Back) => Reply::Close,
            _ => {
                self.prompt.edit(ev);
                Reply::Stay
            }
        }
    }
}
