//! The filter menu: a value for each kind of filter, chosen from what the
//! dataset holds. Applying it writes the choices as terms of the search
//! (`phase:attribution confidence:likely ...`), so filters and search are
//! one thing: they compose, show in the status line, and Esc clears both.

use super::{Cmd, Reply};
use crate::app::keymap::{bind, code, k, Action, Binding};
use crate::model::{Confidence, Dataset, Phase, Reliability};
use crossterm::event::KeyCode;
use std::collections::BTreeSet;

pub const KEYS: &[Binding] = &[
    bind(&[k('j'), code(KeyCode::Down)], "j ↓", Action::Down, "next filter", ""),
    bind(&[k('k'), code(KeyCode::Up)], "k ↑", Action::Up, "previous filter", ""),
    bind(&[k('l'), code(KeyCode::Right)], "l →", Action::NextValue, "next value", "change"),
    bind(&[k('h'), code(KeyCode::Left)], "h ←", Action::PrevValue, "previous value", ""),
    bind(
        &[code(KeyCode::Enter)],
        "Enter",
        Action::Enter,
        "apply the filters (they join the search)",
        "apply",
    ),
    bind(
        &[code(KeyCode::Esc)],
        "Esc",
        Action::Back,
        "leave the filters as they were",
        "cancel",
    ),
    bind(&[k('?')], "?", Action::Help, "help for this screen", "help"),
];

/// One line of the menu: its name, and the choices as (label, term); the
/// first choice is "any" (no term).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterRow {
    pub name: &'static str,
    pub choices: Vec<(String, String)>,
    pub chosen: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterMenu {
    pub rows: Vec<FilterRow>,
    pub selected: usize,
    /// The search the menu was opened on, which its terms join.
    pub query: String,
    /// How many events the choices would show, once counted.
    pub count: Option<usize>,
    /// The count being made (for large datasets, on a worker).
    pending: Option<u64>,
}

fn row(name: &'static str, prefix: &str, values: impl IntoIterator<Item = (String, String)>) -> FilterRow {
    let mut choices = vec![("any".to_string(), String::new())];
    choices.extend(values.into_iter().map(|(label, v)| (label, format!("{prefix}:{v}"))));
    FilterRow { name, choices, chosen: 0 }
}

impl FilterMenu {
    /// The menu for `ds`, with the choices already in `query` selected.
    pub fn new(ds: &Dataset, query: &str) -> FilterMenu {
        let mut tags: Vec<&str> = ds
            .tags
            .iter()
            .map(String::as_str)
            .filter(|t| !t.contains(char::is_whitespace))
            .collect();
        tags.sort_unstable();
        let mut actors: Vec<(String, String)> = ds.actors.iter().map(|a| (a.name.clone(), a.id.clone())).collect();
        actors.sort();
        let years: Vec<i32> = match (ds.events.first(), ds.events.last()) {
            (Some(a), Some(b)) => (a.date.year_number()..=b.date.year_number()).collect(),
            _ => Vec::new(),
        };
        let year_choices = || years.iter().map(|y| (y.to_string(), y.to_string())).collect::<Vec<_>>();
        // Only the values the dataset holds: a choice that shows nothing
        // is no choice (imported timelines often have no phases at all).
        let phases: BTreeSet<Phase> = ds.events.iter().filter_map(|e| e.phase).collect();
        let confidences: BTreeSet<Confidence> = ds.events.iter().filter_map(|e| e.confidence).collect();
        let reliabilities: BTreeSet<Reliability> = ds.sources.iter().filter_map(|s| s.reliability).collect();
        let used: BTreeSet<crate::model::TechniqueIx> = ds.events.iter().flat_map(|e| e.techniques().iter().copied()).collect();
        let mut rows = vec![
            row("phase", "phase", phases.iter().map(|p| (p.to_string(), p.to_string()))),
            row(
                "confidence at least",
                "confidence",
                confidences.iter().map(|c| (c.to_string(), c.to_string())),
            ),
            row(
                "a source at least",
                "reliability",
                reliabilities
                    .iter()
                    .map(|r| (format!("{r} ({})", r.meaning()), r.to_string().to_lowercase())),
            ),
            row("tag", "tag", tags.iter().map(|t| (t.to_string(), t.to_lowercase()))),
            row("actor", "actor", actors),
            row(
                "ATT&CK tactic",
                "tactic",
                crate::model::attack::table()
                    .tactics
                    .iter()
                    .filter(|t| used.iter().any(|&ix| crate::model::attack::get(ix).tactics.contains(t)))
                    .map(|t| (t.to_string(), t.to_string())),
            ),
            row(
                "ATT&CK technique",
                "technique",
                used.iter().map(|&ix| {
                    let t = crate::model::attack::get(ix);
                    (format!("{} {}", t.id, t.name), t.id.to_lowercase())
                }),
            ),
            row("from", "after", year_choices()),
            row("to", "before", year_choices()),
        ];
        let terms: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        for r in &mut rows {
            if let Some(k) = r.choices.iter().position(|(_, term)| !term.is_empty() && terms.contains(term)) {
                r.chosen = k;
            }
        }
        FilterMenu {
            rows,
            selected: 0,
            query: query.to_string(),
            count: None,
            pending: None,
        }
    }

    /// The menu as it opens over `shown` events: the choices are the
    /// search's, so that is their count.
    pub fn with_count(mut self, shown: Option<usize>) -> FilterMenu {
        self.count = shown;
        self
    }

    pub fn counting(&mut self, generation: u64) {
        self.pending = Some(generation);
    }

    /// A count arrived: kept if it is for the latest choices.
    pub fn counted(&mut self, generation: u64, n: usize) {
        if self.pending == Some(generation) {
            self.pending = None;
            self.count = Some(n);
        }
    }

    /// Whether a count for the latest choices is still being made.
    pub fn is_counting(&self) -> bool {
        self.pending.is_some()
    }

    pub fn key(&mut self, action: Option<Action>) -> Reply {
        match action {
            Some(Action::Down) => self.move_row(1),
            Some(Action::Up) => self.move_row(-1),
            Some(Action::NextValue) => return self.change(1),
            Some(Action::PrevValue) => return self.change(-1),
            Some(Action::Enter) => return Reply::CloseAndRun(Cmd::Filters(self.apply(&self.query))),
            Some(Action::Back) => return Reply::Close,
            _ => return Reply::Ignored,
        }
        Reply::Stay
    }

    pub fn move_row(&mut self, delta: isize) {
        self.selected = self.selected.saturating_add_signed(delta).min(self.rows.len().saturating_sub(1));
    }

    /// The selected row's next or previous value, and a count of what the
    /// choices would show.
    pub fn change(&mut self, delta: isize) -> Reply {
        if let Some(r) = self.rows.get_mut(self.selected) {
            let n = r.choices.len() as isize;
            r.chosen = ((r.chosen as isize + delta).rem_euclid(n)) as usize;
        }
        Reply::Run(Cmd::Preview(self.apply(&self.query)))
    }

    /// `query` with every term the menu offers removed and the chosen ones
    /// added.
    pub fn apply(&self, query: &str) -> String {
        let offered: Vec<&str> = self.rows.iter().flat_map(|r| r.choices.iter().map(|(_, t)| t.as_str())).collect();
        let mut words: Vec<String> = query
            .split_whitespace()
            .filter(|w| !offered.contains(&w.to_lowercase().as_str()))
            .map(String::from)
            .collect();
        words.extend(self.rows.iter().map(|r| r.choices[r.chosen].1.clone()).filter(|t| !t.is_empty()));
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store;

    #[test]
    fn choices_become_search_terms_and_replace_earlier_ones() {
        let ds = store::load("uk-electoral-commission").unwrap().dataset;
        let mut m = FilterMenu::new(&ds, "norway phase:attribution");
        assert_eq!(
            m.rows[0].choices[m.rows[0].chosen].1, "phase:attribution",
            "what the query has is preselected"
        );
        m.change(1);
        m.move_row(1);
        m.change(-1);
        assert_eq!(
            m.apply("norway phase:attribution"),
            "norway phase:response confidence:almost-certain"
        );
        m.change(1);
        assert_eq!(m.apply("norway"), "norway phase:response");
    }

    #[test]
    fn only_values_the_dataset_holds_are_offered() {
        let text = "format: 1\ntitle: T\nsources:\n  - {id: s, title: S, reliability: B}\n\
                    events:\n  - {id: a, date: 2021, title: A, sources: [s], phase: discovery}\n";
        let ds = store::parse_text("t", text, store::Syntax::Yaml, crate::model::Origin::Bundled("t"))
            .unwrap()
            .dataset;
        let m = FilterMenu::new(&ds, "");
        let values = |name: &str| -> Vec<String> {
            let r = m.rows.iter().find(|r| r.name == name).unwrap();
            r.choices.iter().map(|(label, _)| label.clone()).collect()
        };
        assert_eq!(values("phase"), ["any", "discovery"]);
        assert_eq!(values("confidence at least"), ["any"], "no event is rated");
        assert_eq!(values("a source at least"), ["any", "B (usually reliable)"]);
    }
}
