//! Open a dataset (`o`): the bundled datasets, the files opened before
//! and the datasets in the current folder, or a typed path (Tab
//! completes it; with several matches, they are listed).

use super::{Cmd, Ctx, Reply};
use crate::app::cursor::ListCursor;
use crate::app::keymap::{bind, code, ctrl, Action, Binding};
use crate::app::prompt::Prompt;
use crossterm::event::{KeyCode, KeyEvent};

pub const KEYS: &[Binding] = &[
    bind(&[code(KeyCode::Down), ctrl('n')], "↓ C-n", Action::Down, "next dataset", ""),
    bind(&[code(KeyCode::Up), ctrl('p')], "↑ C-p", Action::Up, "previous dataset", ""),
    bind(&[code(KeyCode::PageDown)], "PgDn", Action::PageDown, "a page down the list", ""),
    bind(&[code(KeyCode::PageUp)], "PgUp", Action::PageUp, "a page up the list", ""),
    bind(
        &[code(KeyCode::Tab)],
        "Tab",
        Action::CompletePath,
        "complete the typed path",
        "complete",
    ),
    bind(
        &[code(KeyCode::Enter)],
        "Enter",
        Action::Enter,
        "open the typed path, or the chosen dataset",
        "open",
    ),
    bind(&[code(KeyCode::Esc)], "Esc", Action::Back, "cancel", "cancel"),
];

/// A dataset the picker offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// What the list shows.
    pub label: String,
    /// What opening it asks for: a bundled name or a path.
    pub spec: String,
    /// The dataset on screen now.
    pub open_now: bool,
    /// A file's absolute path: the same file listed as opened before and
    /// as one of the folder's is listed once.
    pub file: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, Default)]
pub struct OpenPicker {
    pub choices: Vec<Choice>,
    pub cursor: ListCursor,
    pub path: Prompt,
    /// A completion's matches, when there were several.
    pub matches: Vec<String>,
}

impl OpenPicker {
    /// The picker, its cursor on the dataset open now.
    pub fn new(choices: Vec<Choice>) -> OpenPicker {
        let at = choices.iter().position(|c| c.open_now).unwrap_or(0);
        OpenPicker {
            cursor: ListCursor { selected: at, offset: 0 },
            choices,
            ..OpenPicker::default()
        }
    }

    /// More choices (the folder's datasets, listed after it opened); the
    /// cursor goes to the one open now if it was not listed yet.
    pub fn add(&mut self, more: Vec<Choice>) {
        let had_open = self.choices.iter().any(|c| c.open_now);
        for c in more {
            let listed = self
                .choices
                .iter()
                .any(|x| x.spec == c.spec || (x.file.is_some() && x.file == c.file));
            if !listed {
                self.choices.push(c);
            }
        }
        if !had_open {
            if let Some(at) = self.choices.iter().position(|c| c.open_now) {
                self.cursor.selected = at;
            }
        }
    }

    pub fn completed(&mut self, c: crate::session::Completion) {
        self.path.set(&c.text);
        self.matches = c.matches;
    }

    pub fn key(&mut self, action: Option<Action>, ev: &KeyEvent, ctx: &Ctx) -> Reply {
        let n = self.choices.len();
        let page = ctx.page.max(1) as isize;
        match action {
            Some(Action::Down) => self.cursor.move_by(1, n),
            Some(Action::Up) => self.cursor.move_by(-1, n),
            Some(Action::PageDown) => self.cursor.move_by(page, n),
            Some(Action::PageUp) => self.cursor.move_by(-page, n),
            Some(Action::CompletePath) => return Reply::Run(Cmd::Complete(self.path.value().to_string())),
            Some(Action::Back) => return Reply::Close,
            Some(Action::Enter) => {
                let typed = self.path.value().trim();
                let spec = if typed.is_empty() {
                    match self.choices.get(self.cursor.selected) {
                        Some(c) => c.spec.clone(),
                        None => return Reply::Stay,
                    }
                } else {
                    typed.to_string()
                };
                return Reply::CloseAndRun(Cmd::Open(spec));
            }
            _ => {
                if self.path.edit(ev) {
                    self.matches.clear();
                }
            }
        }
        self.cursor.keep_visible_rows(n, ctx.page);
        Reply::Stay
    }
}
