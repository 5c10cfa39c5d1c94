//! A source in full (`v` on a source, or on an event for its first): its
//! title whole, publisher, date, reliability and what it means, its
//! address, and every event it backs; Enter goes to the chosen event,
//! Tab to the next of the event's sources.

use super::{Cmd, Reply};
use crate::app::cursor::ListCursor;
use crate::app::keymap::{bind, code, k, Action, Binding};
use crate::model::SourceIx;
use crossterm::event::KeyCode;

pub const KEYS: &[Binding] = &[
    bind(&[k('j'), code(KeyCode::Down)], "j ↓", Action::Down, "next event it backs", ""),
    bind(&[k('k'), code(KeyCode::Up)], "k ↑", Action::Up, "previous event it backs", ""),
    bind(&[code(KeyCode::Enter)], "Enter", Action::Enter, "go to that event", "go to"),
    bind(
        &[code(KeyCode::Tab)],
        "Tab",
        Action::FocusNext,
        "the event's next source",
        "next source",
    ),
    bind(&[k('x')], "x", Action::OpenUrl, "open the address in the browser", "open"),
    bind(&[k('y')], "y", Action::CopyUrl, "copy the address (OSC 52)", "copy"),
    bind(&[code(KeyCode::Esc), k('q')], "Esc q", Action::Back, "close", "close"),
    bind(&[k('?')], "?", Action::Help, "help for this screen", "help"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceView {
    pub source: SourceIx,
    /// The sources Tab goes through (the event's), and where it is.
    pub among: Vec<SourceIx>,
    /// The events the source backs (indices into the dataset's events).
    pub events: Vec<usize>,
    pub cursor: ListCursor,
}

impl SourceView {
    pub fn new(ds: &crate::model::Dataset, source: SourceIx, among: Vec<SourceIx>) -> SourceView {
        SourceView {
            source,
            among,
            events: backed_by(ds, source),
            cursor: ListCursor::default(),
        }
    }

    pub fn key(&mut self, action: Option<Action>, ds: &crate::model::Dataset) -> Reply {
        let n = self.events.len();
        match action {
            Some(Action::Down) => self.cursor.move_by(1, n),
            Some(Action::Up) => self.cursor.move_by(-1, n),
            Some(Action::FocusNext) if self.among.len() > 1 => {
                let at = self.among.iter().position(|&s| s == self.source).unwrap_or(0);
                *self = SourceView::new(ds, self.among[(at + 1) % self.among.len()], self.among.clone());
            }
            Some(Action::Enter) => {
                return match self.events.get(self.cursor.selected) {
                    Some(&i) => Reply::CloseAndRun(Cmd::GoToEvent(i)),
                    None => Reply::Stay,
                };
            }
            Some(Action::OpenUrl) => return Reply::Run(Cmd::OpenUrl(self.source)),
            Some(Action::CopyUrl) => return Reply::Run(Cmd::CopyUrl(self.source)),
            Some(Action::Back) => return Reply::Close,
            _ => return Reply::Ignored,
        }
        Reply::Stay
    }
}

fn backed_by(ds: &crate::model::Dataset, s: SourceIx) -> Vec<usize> {
    ds.events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.sources.contains(&s))
        .map(|(i, _)| i)
        .collect()
}
