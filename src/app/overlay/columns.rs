//! Columns (`C`): which of the events' fields show as timeline columns,
//! between the date and the title (Timeline Explorer's habit: a rule's
//! level, a computer, an event id, aligned row under row). Space or Enter
//! turns the field under the cursor on or off at once, `J`/`K` move it
//! left or right; the choice is kept with the reader's marks of the file,
//! so it is there when the file is opened again.

use super::narrow::{Narrow, Routed};
use super::{Cmd, Reply};
use crate::app::cursor::ListCursor;
use crate::app::keymap::{bind, code, ctrl, k, Action, Binding};
use crossterm::event::{KeyCode, KeyEvent};

pub const KEYS: &[Binding] = &[
    bind(&[k('j'), code(KeyCode::Down)], "j ↓", Action::Down, "next field", ""),
    bind(&[k('k'), code(KeyCode::Up)], "k ↑", Action::Up, "previous field", ""),
    bind(&[code(KeyCode::PageDown), ctrl('d')], "PgDn C-d", Action::PageDown, "page down", ""),
    bind(&[code(KeyCode::PageUp), ctrl('u')], "PgUp C-u", Action::PageUp, "page up", ""),
    bind(
        &[k(' '), code(KeyCode::Enter)],
        "Space Enter",
        Action::Enter,
        "show or hide the field as a column",
        "show/hide",
    ),
    bind(&[k('J')], "J", Action::NextValue, "move the column right (later)", "move"),
    bind(&[k('K')], "K", Action::PrevValue, "move the column left (earlier)", ""),
    bind(&[k('/')], "/", Action::Search, "narrow the list by typing part of a name", "narrow"),
    bind(&[code(KeyCode::Esc), k('q')], "Esc q", Action::Back, "close", "close"),
    bind(&[k('?')], "?", Action::Help, "help for this screen", "help"),
];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnPicker {
    /// Every field name of the dataset: the shown ones first, in their
    /// order, then the others.
    pub names: Vec<String>,
    /// How many of `names` (from the first) are shown.
    pub shown: usize,
    pub cursor: ListCursor,
    /// What the list is narrowed to (`/`); the cursor moves among the
    /// names it keeps.
    pub narrow: Narrow,
}

impl ColumnPicker {
    pub fn new(field_names: &[String], shown: &[String]) -> ColumnPicker {
        let mut names: Vec<String> = shown.iter().filter(|s| field_names.contains(s)).cloned().collect();
        let n = names.len();
        let rest: Vec<String> = field_names.iter().filter(|f| !names.contains(f)).cloned().collect();
        names.extend(rest);
        ColumnPicker {
            names,
            shown: n,
            cursor: ListCursor::default(),
            narrow: Narrow::default(),
        }
    }

    pub fn columns(&self) -> Vec<String> {
        self.names[..self.shown].to_vec()
    }

    /// The positions in `names` the narrowing keeps (all without one).
    pub fn kept(&self) -> Vec<usize> {
        self.narrow.keep(self.names.iter().map(String::as_str))
    }

    /// Puts the cursor on `name` among the names kept.
    fn follow(&mut self, name: &str) {
        let kept = self.kept();
        if let Some(at) = kept.iter().position(|&i| self.names[i] == name) {
            self.cursor.select(at, kept.len());
        }
    }

    pub fn key(&mut self, action: Option<Action>, ev: &KeyEvent, page: usize) -> Reply {
        let kept = self.kept();
        let i = kept.get(self.cursor.selected).copied();
        let action = match self.narrow.route(action, ev, &mut self.cursor, i, self.names.len()) {
            Routed::Taken => return Reply::Stay,
            Routed::List(a) => a,
        };
        match action {
            Some(Action::Enter) => {
                let Some(i) = i else { return Reply::Ignored };
                // Shown: hidden, to the head of the hidden ones. Hidden:
                // shown, as the last column.
                let name = self.names.remove(i);
                if i < self.shown {
                    self.shown -= 1;
                    self.names.insert(self.shown, name.clone());
                } else {
                    self.names.insert(self.shown, name.clone());
                    self.shown += 1;
                }
                self.follow(&name);
                Reply::Run(Cmd::Columns(self.columns()))
            }
            Some(a @ (Action::NextValue | Action::PrevValue)) => {
                let Some(i) = i.filter(|&i| i < self.shown) else {
                    return Reply::Ignored;
                };
                let j = if a == Action::NextValue { i + 1 } else { i.wrapping_sub(1) };
                if j < self.shown {
                    self.names.swap(i, j);
                    let name = self.names[j].clone();
                    self.follow(&name);
                    return Reply::Run(Cmd::Columns(self.columns()));
                }
                Reply::Stay
            }
            Some(Action::Back) => Reply::Close,
            Some(a) if self.cursor.list_key(a, kept.len(), self.narrow.page(page)) => Reply::Stay,
            _ => Reply::Ignored,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key event behind an action: what it is does not matter then.
    fn none() -> KeyEvent {
        KeyEvent::new(KeyCode::Null, crossterm::event::KeyModifiers::NONE)
    }

    fn names() -> Vec<String> {
        ["Level", "Computer", "EventID"].map(String::from).to_vec()
    }

    #[test]
    fn enter_shows_and_hides_and_big_letters_reorder() {
        let mut p = ColumnPicker::new(&names(), &["EventID".into(), "Gone".into()]);
        assert_eq!(
            p.names,
            ["EventID", "Level", "Computer"],
            "shown first; a name the data lacks is dropped"
        );
        p.cursor.selected = 2;
        assert_eq!(
            p.key(Some(Action::Enter), &none(), 10),
            Reply::Run(Cmd::Columns(vec!["EventID".into(), "Computer".into()]))
        );
        assert_eq!(
            p.key(Some(Action::PrevValue), &none(), 10),
            Reply::Run(Cmd::Columns(vec!["Computer".into(), "EventID".into()]))
        );
        assert_eq!(p.cursor.selected, 0, "the cursor follows the column it moved");
        assert_eq!(
            p.key(Some(Action::PrevValue), &none(), 10),
            Reply::Stay,
            "nothing left of the first"
        );
        assert_eq!(
            p.key(Some(Action::Enter), &none(), 10),
            Reply::Run(Cmd::Columns(vec!["EventID".into()]))
        );
        assert_eq!(p.names, ["EventID", "Computer", "Level"]);
        assert_eq!(p.key(Some(Action::Back), &none(), 10), Reply::Close);
    }

    fn typed(p: &mut ColumnPicker, text: &str) {
        for c in text.chars() {
            let ev = KeyEvent::new(KeyCode::Char(c), crossterm::event::KeyModifiers::NONE);
            assert_eq!(p.key(None, &ev, 10), Reply::Stay);
        }
    }

    #[test]
    fn page_down_lands_on_the_first_name_not_yet_seen_narrowed_or_not() {
        let fields: Vec<String> = (0..30).map(|k| format!("field_{k:02}")).collect();
        // Five lines inside the picker: five names, or while narrowed the
        // text and four.
        let mut p = ColumnPicker::new(&fields, &[]);
        p.key(Some(Action::PageDown), &none(), 5);
        assert_eq!(p.cursor.selected, 5);
        let mut p = ColumnPicker::new(&fields, &[]);
        p.key(Some(Action::Search), &none(), 5);
        typed(&mut p, "field");
        p.key(Some(Action::PageDown), &none(), 5);
        assert_eq!(p.cursor.selected, 4);
        p.narrow.stop();
        p.key(Some(Action::PageDown), &none(), 5);
        assert_eq!(p.cursor.selected, 8, "narrowed, not typing: the line stays");
    }

    #[test]
    fn slash_narrows_to_the_names_typed_and_the_cursor_follows_a_field_shown() {
        let fields = ["Level", "Computer", "EventID", "TargetUserName", "SubjectUserName"].map(String::from);
        let mut p = ColumnPicker::new(&fields, &["Level".into()]);
        assert_eq!(p.key(Some(Action::Search), &none(), 10), Reply::Stay);
        typed(&mut p, "username");
        let kept = |p: &ColumnPicker| p.kept().into_iter().map(|i| p.names[i].clone()).collect::<Vec<_>>();
        assert_eq!(kept(&p), ["TargetUserName", "SubjectUserName"]);
        p.key(Some(Action::Down), &none(), 10);
        assert_eq!(
            p.key(Some(Action::Enter), &none(), 10),
            Reply::Run(Cmd::Columns(vec!["Level".into(), "SubjectUserName".into()]))
        );
        assert_eq!(kept(&p), ["SubjectUserName", "TargetUserName"], "shown first");
        assert_eq!(p.cursor.selected, 0, "the cursor follows the field");
        // While typing, Esc shows the whole list again, the cursor still on
        // the field; then Esc closes.
        assert_eq!(p.key(Some(Action::Back), &none(), 10), Reply::Stay);
        assert!(!p.narrow.is_typing());
        assert_eq!(p.kept().len(), 5);
        assert_eq!(p.names[p.cursor.selected], "SubjectUserName");
        assert_eq!(p.key(Some(Action::Back), &none(), 10), Reply::Close);
        // Narrowed, not typing: Esc clears first, keeping the field selected.
        let mut p = ColumnPicker::new(&fields, &[]);
        p.key(Some(Action::Search), &none(), 10);
        typed(&mut p, "d");
        p.narrow.stop();
        assert_eq!(kept(&p), ["EventID"]);
        assert_eq!(p.key(Some(Action::Back), &none(), 10), Reply::Stay);
        assert_eq!(p.names[p.cursor.selected], "EventID");
        assert_eq!(p.key(Some(Action::Back), &none(), 10), Reply::Close);
    }

    #[test]
    fn hidden_fields_do_not_move_and_the_cursor_stays_in_the_list() {
        let mut p = ColumnPicker::new(&names(), &["Level".into()]);
        p.cursor.selected = 1;
        assert_eq!(
            p.key(Some(Action::NextValue), &none(), 10),
            Reply::Ignored,
            "a hidden field has no place to move"
        );
        assert_eq!(p.names, ["Level", "Computer", "EventID"]);
        assert_eq!(p.key(Some(Action::Down), &none(), 10), Reply::Stay);
        assert_eq!(p.key(Some(Action::Down), &none(), 10), Reply::Stay);
        assert_eq!(p.cursor.selected, 2, "not past the last field");
        assert_eq!(
            p.key(Some(Action::Enter), &none(), 10),
            Reply::Run(Cmd::Columns(vec!["Level".into(), "EventID".into()]))
        );
        assert_eq!(p.key(Some(Action::Help), &none(), 10), Reply::Ignored, "not a key of the picker");
        let mut first_hidden = ColumnPicker::new(&names(), &["Level".into()]);
        first_hidden.cursor.selected = 1;
        assert_eq!(
            first_hidden.key(Some(Action::Enter), &none(), 10),
            Reply::Run(Cmd::Columns(vec!["Level".into(), "Computer".into()])),
            "the first hidden field is shown, not hidden again"
        );
        let mut two = ColumnPicker::new(&names(), &["Level".into(), "Computer".into()]);
        assert_eq!(
            two.key(Some(Action::NextValue), &none(), 10),
            Reply::Run(Cmd::Columns(vec!["Computer".into(), "Level".into()]))
        );
        assert_eq!(two.cursor.selected, 1, "J moves it right and the cursor with it");
        assert_eq!(
            two.key(Some(Action::NextValue), &none(), 10),
            Reply::Stay,
            "nothing right of the last shown"
        );
        let mut empty = ColumnPicker::new(&[], &[]);
        assert_eq!(
            empty.key(Some(Action::Enter), &none(), 10),
            Reply::Ignored,
            "nothing to show or hide"
        );
    }
}
