//! Export the events shown (`e`): a format and a file. The file is
//! relative to the folder itx was started in, which the overlay names; a
//! file that exists is only replaced once the reader says so, and a write
//! that fails keeps the overlay open with what was typed.

use super::{Cmd, Ctx, Reply};
use crate::app::cursor::ListCursor;
use crate::app::keymap::{bind, code, ctrl, Action, Binding};
use crate::app::prompt::Prompt;
use crate::export::ExportFormat;
use crossterm::event::{KeyCode, KeyEvent};

pub const KEYS: &[Binding] = &[
    bind(&[code(KeyCode::Down), ctrl('n')], "↓ C-n", Action::Down, "next format", ""),
    bind(&[code(KeyCode::Up), ctrl('p')], "↑ C-p", Action::Up, "previous format", ""),
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
        "write the events shown in the chosen format",
        "write",
    ),
    bind(&[code(KeyCode::Esc)], "Esc", Action::Back, "cancel", "cancel"),
];

#[derive(Debug, Clone, Default)]
pub struct ExportPicker {
    /// Index into `ExportFormat::ALL`.
    pub format: ListCursor,
    pub path: Prompt,
    /// The folder a relative path is written in.
    pub folder: String,
    /// The file exists: Enter again replaces it.
    pub confirm: bool,
    /// A completion's matches, when there were several.
    pub matches: Vec<String>,
    /// A write is under way.
    pub writing: bool,
}

impl ExportPicker {
    /// The picker, with a file named after the dataset (`stem.md`).
    pub fn new(stem: &str, folder: String) -> ExportPicker {
        let mut p = ExportPicker {
            folder,
            ..ExportPicker::default()
        };
        let stem = if stem.is_empty() { "itx-export" } else { stem };
        p.path = Prompt::prefilled(&format!("{stem}.{}", p.format().extension()));
        p
    }

    /// Chooses `format`, the suggested file name following it.
    pub fn choose_format(&mut self, format: ExportFormat) {
        let at = ExportFormat::ALL.iter().position(|f| *f == format).unwrap_or(0);
        self.choose(at as isize - self.format.selected as isize);
    }

    pub fn format(&self) -> ExportFormat {
        ExportFormat::ALL[self.format.selected.min(ExportFormat::ALL.len() - 1)]
    }

    /// Moves the format choice; a path still ending in the old format's
    /// extension follows the new one.
    fn choose(&mut self, delta: isize) {
        let old = self.format();
        self.format.move_by(delta, ExportFormat::ALL.len());
        let new = self.format();
        if let Some(stem) = self.path.value().strip_suffix(&format!(".{}", old.extension())) {
            let renamed = format!("{stem}.{}", new.extension());
            let fresh = self.path.is_fresh();
            self.path = if fresh {
                Prompt::prefilled(&renamed)
            } else {
                Prompt::editing(&renamed)
            };
        }
        self.confirm = false;
    }

    pub fn completed(&mut self, c: crate::session::Completion) {
        self.path.set(&c.text);
        self.matches = c.matches;
        self.confirm = false;
    }

    pub fn key(&mut self, action: Option<Action>, ev: &KeyEvent, _ctx: &Ctx) -> Reply {
        match action {
            Some(Action::Down) => self.choose(1),
            Some(Action::Up) => self.choose(-1),
            Some(Action::CompletePath) => return Reply::Run(Cmd::Complete(self.path.value().to_string())),
            Some(Action::Back) => return Reply::Close,
            Some(Action::Enter) => {
                let typed = self.path.value().trim();
                if typed.is_empty() {
                    self.path.error = Some("type a file to write to".into());
                    return Reply::Stay;
                }
                self.writing = true;
                return Reply::Run(Cmd::Export {
                    format: self.format(),
                    path: typed.to_string(),
                    overwrite: self.confirm,
                });
            }
            _ => {
                if self.path.edit(ev) {
                    self.matches.clear();
                    self.confirm = false;
                }
            }
        }
        Reply::Stay
    }
}
