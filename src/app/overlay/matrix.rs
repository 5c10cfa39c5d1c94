//! The ATT&CK matrix (`T`): the tactics the events shown reach, in
//! kill-chain order, each with the techniques used under it and how many
//! of the events shown use each. Made from the rows shown, so it follows
//! the search, the filters and the knowledge cursor; Enter keeps the
//! timeline to the selected technique's events.

use super::{Cmd, Reply};
use crate::app::keymap::{bind, code, k, Action, Binding};
use crate::model::{attack, Dataset, TechniqueIx};
use crossterm::event::KeyCode;

pub const KEYS: &[Binding] = &[
    bind(&[k('j'), code(KeyCode::Down)], "j ↓", Action::Down, "next technique", ""),
    bind(&[k('k'), code(KeyCode::Up)], "k ↑", Action::Up, "previous technique", ""),
    bind(&[k('l'), code(KeyCode::Right)], "l →", Action::NextValue, "next tactic", ""),
    bind(&[k('h'), code(KeyCode::Left)], "h ←", Action::PrevValue, "previous tactic", ""),
    bind(
        &[code(KeyCode::Enter)],
        "Enter",
        Action::Enter,
        "show the technique's events (it joins the search)",
        "show",
    ),
    bind(&[code(KeyCode::Esc), k('q')], "Esc q", Action::Back, "close", "close"),
    bind(&[k('?')], "?", Action::Help, "help for this screen", "help"),
];

/// One tactic's column: the techniques under it, each with the number of
/// events shown that use it, most used first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub tactic: &'static str,
    pub techniques: Vec<(TechniqueIx, usize)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matrix {
    pub columns: Vec<Column>,
    pub col: usize,
    pub row: usize,
    /// The search the matrix was opened on, which Enter's term joins.
    pub query: String,
    /// Events shown, and how many of them have a technique.
    pub shown: usize,
    pub with_techniques: usize,
}

impl Matrix {
    pub fn new(ds: &Dataset, rows: &[u32], query: &str) -> Matrix {
        let table = attack::table();
        let mut counts: std::collections::HashMap<TechniqueIx, usize> = Default::default();
        let mut with_techniques = 0;
        for &i in rows {
            let e = &ds.events[i as usize];
            with_techniques += usize::from(!e.techniques().is_empty());
            for &t in e.techniques() {
                *counts.entry(t).or_default() += 1;
            }
        }
        let columns = table
            .tactics
            .iter()
            .filter_map(|&tactic| {
                let mut techniques: Vec<(TechniqueIx, usize)> = counts
                    .iter()
                    .filter(|(&t, _)| attack::get(t).tactics.contains(&tactic))
                    .map(|(&t, &n)| (t, n))
                    .collect();
                techniques.sort_by(|a, b| b.1.cmp(&a.1).then(attack::get(a.0).id.cmp(attack::get(b.0).id)));
                (!techniques.is_empty()).then_some(Column { tactic, techniques })
            })
            .collect();
        Matrix {
            columns,
            query: query.to_string(),
            shown: rows.len(),
            with_techniques,
            ..Matrix::default()
        }
    }

    pub fn selected(&self) -> Option<TechniqueIx> {
        self.columns.get(self.col).and_then(|c| c.techniques.get(self.row)).map(|&(t, _)| t)
    }

    pub fn key(&mut self, action: Option<Action>) -> Reply {
        let n = self.columns.len();
        if n == 0 {
            return if matches!(action, Some(Action::Back | Action::Enter)) {
                Reply::Close
            } else {
                Reply::Stay
            };
        }
        let rows = |m: &Matrix| m.columns[m.col].techniques.len();
        match action {
            Some(Action::Down) => self.row = (self.row + 1).min(rows(self) - 1),
            Some(Action::Up) => self.row = self.row.saturating_sub(1),
            Some(Action::NextValue) => {
                self.col = (self.col + 1).min(n - 1);
                self.row = self.row.min(rows(self) - 1);
            }
            Some(Action::PrevValue) => {
                self.col = self.col.saturating_sub(1);
                self.row = self.row.min(rows(self) - 1);
            }
            Some(Action::Enter) => {
                let Some(t) = self.selected() else { return Reply::Stay };
                let term = format!("technique:{}", attack::get(t).id.to_lowercase());
                let query = if self.query.split_whitespace().any(|w| w.eq_ignore_ascii_case(&term)) {
                    self.query.clone()
                } else {
                    format!("{} {term}", self.query).trim().to_string()
                };
                return Reply::CloseAndRun(Cmd::Filters(query));
            }
            Some(Action::Back) => return Reply::Close,
            _ => return Reply::Ignored,
        }
        Reply::Stay
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_matrix_closes_on_enter() {
        let mut m = Matrix::default();
        assert_eq!(m.key(Some(Action::Enter)), Reply::Close);
    }
}
