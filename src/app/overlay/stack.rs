//! Stacking (`F`): the most frequent values of a field, or of the actors,
//! tags, phases or sources, among the events shown, with their counts.
//! First the reader picks what to stack; then Enter keeps only the
//! selected value and `!` leaves it out, each a term joining the search,
//! so the timeline (and a second stacking) narrows step by step: Timeline
//! Explorer's and Timesketch's way through a large timeline.

use super::narrow::{Narrow, Routed};
use super::{Cmd, Reply};
use crate::app::cursor::ListCursor;
use crate::app::keymap::{bind, code, k, Action, Binding};
use crate::model::{Dataset, FieldIx, FieldValue};
use crossterm::event::{KeyCode, KeyEvent};

pub const KEYS: &[Binding] = &[
    bind(&[k('j'), code(KeyCode::Down)], "j ↓", Action::Down, "next", ""),
    bind(&[k('k'), code(KeyCode::Up)], "k ↑", Action::Up, "previous", ""),
    bind(&[code(KeyCode::PageDown), ctrl_d()], "PgDn C-d", Action::PageDown, "page down", ""),
    bind(&[code(KeyCode::PageUp), ctrl_u()], "PgUp C-u", Action::PageUp, "page up", ""),
    bind(
        &[code(KeyCode::Enter)],
        "Enter",
        Action::Enter,
        "stack this; on a value: keep only its events (it joins the search)",
        "keep",
    ),
    bind(&[k('!')], "!", Action::Exclude, "on a value: leave its events out", "leave out"),
    bind(
        &[code(KeyCode::Backspace), k('h'), code(KeyCode::Left)],
        "⌫ h ←",
        Action::PrevValue,
        "back to what to stack",
        "back",
    ),
    bind(
        &[k('/')],
        "/",
        Action::Search,
        "narrow the list of what to stack by typing part of its name",
        "narrow",
    ),
    bind(&[code(KeyCode::Esc), k('q')], "Esc q", Action::Back, "close", "close"),
    bind(&[k('?')], "?", Action::Help, "help for this screen", "help"),
];

const fn ctrl_d() -> crate::app::keymap::Key {
    crate::app::keymap::ctrl('d')
}
const fn ctrl_u() -> crate::app::keymap::Key {
    crate::app::keymap::ctrl('u')
}

/// What can be stacked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dim {
    Field(FieldIx),
    Actor,
    Tag,
    Phase,
    Source,
}

impl Dim {
    /// As listed: fields by their names, the others in capitals and
    /// plural, so a timeline's own `source` column is not taken for the
    /// sources behind the events.
    pub fn name(self, ds: &Dataset) -> String {
        match self {
            Dim::Field(f) => ds.field_name(f).to_string(),
            Dim::Actor => "Actors".into(),
            Dim::Tag => "Tags".into(),
            Dim::Phase => "Phases".into(),
            Dim::Source => "Sources (the file or report behind each event)".into(),
        }
    }
}

/// Values at most kept per stacking: past this the long tail is counted,
/// not listed (a field unique per row would otherwise list a million).
pub const KEPT: usize = 1000;

/// One value's count among the events shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    pub text: String,
    pub count: usize,
}

/// A stacking counted: the values of `dim` (see `count`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub dim: Dim,
    pub values: Vec<Value>,
    pub distinct: usize,
    pub without: usize,
}

impl Counted {
    pub fn of(ds: &Dataset, rows: &[u32], dim: Dim) -> Counted {
        let (values, distinct, without) = count(ds, rows, dim);
        Counted {
            dim,
            values,
            distinct,
            without,
        }
    }
}

/// The values of `dim` among `rows`, most frequent first (ties by text),
/// the first `KEPT`; with how many distinct values there were and how
/// many events have none.
pub fn count<'a>(ds: &'a Dataset, rows: &[u32], dim: Dim) -> (Vec<Value>, usize, usize) {
    use std::borrow::Cow;
    let mut counts: foldhash::HashMap<Cow<'a, str>, usize> = Default::default();
    let mut without = 0;
    let mut add = |v: Cow<'a, str>, n: usize| *counts.entry(v).or_default() += n;
    let mut each = |refs: &mut dyn Iterator<Item = Cow<'a, str>>| {
        let mut any = false;
        for v in refs {
            any = true;
            add(v, 1);
        }
        without += usize::from(!any);
    };
    match dim {
        Dim::Field(f) => {
            // By the value's number first, so a value is read and written
            // out once, not once per row (an event id as text, a million
            // times); then by text, as two numbers can hold one value.
            let mut by_number: foldhash::HashMap<crate::model::ValueIx, usize> = Default::default();
            for &i in rows {
                match ds.events[i as usize].fields.iter().find(|x| x.name == f) {
                    Some(field) => *by_number.entry(field.value).or_default() += 1,
                    None => without += 1,
                }
            }
            for (v, n) in by_number {
                match ds.value(v) {
                    FieldValue::Text(t) => add(Cow::Borrowed(&**t), n),
                    other => add(Cow::Owned(other.to_string()), n),
                }
            }
        }
        Dim::Actor => rows
            .iter()
            .for_each(|&i| each(&mut ds.events[i as usize].actors().iter().map(|&a| ds.actor(a).name.as_str().into()))),
        Dim::Tag => rows
            .iter()
            .for_each(|&i| each(&mut ds.events[i as usize].tags.iter().map(|&t| ds.tag(t).into()))),
        Dim::Phase => rows
            .iter()
            .for_each(|&i| each(&mut ds.events[i as usize].phase.iter().map(|p| p.as_str().into()))),
        Dim::Source => rows
            .iter()
            .for_each(|&i| each(&mut ds.events[i as usize].sources.iter().map(|&s| ds.source(s).title.as_str().into()))),
    }
    let distinct = counts.len();
    let mut values: Vec<Value> = counts
        .into_iter()
        .map(|(t, count)| Value {
            text: t.into_owned(),
            count,
        })
        .collect();
    let by_count = |a: &Value, b: &Value| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text));
    if values.len() > KEPT {
        values.select_nth_unstable_by(KEPT - 1, by_count);
        values.truncate(KEPT);
    }
    values.sort_unstable_by(by_count);
    (values, distinct, without)
}

/// The search term that keeps (or, negated, leaves out) events with this
/// value; a value with spaces is quoted.
pub fn term(ds: &Dataset, dim: Dim, value: &str, negate: bool) -> String {
    let v = if value.contains(char::is_whitespace) || value.is_empty() {
        format!("\"{}\"", value.replace('"', ""))
    } else {
        value.to_string()
    };
    let body = match dim {
        Dim::Field(f) => format!("field:{}={v}", ds.field_name(f)),
        Dim::Actor => format!("actor:{v}"),
        Dim::Tag => format!("tag:{v}"),
        Dim::Phase => format!("phase:{v}"),
        Dim::Source => format!("source:{v}"),
    };
    if negate {
        format!("!{body}")
    } else {
        body
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stack {
    /// What can be stacked: the actors, tags and sources when the dataset
    /// has them (sources when more than one), the phases when one of the
    /// first 10,000 events has one (a forensic timeline has none, and
    /// looking through ten million for one would delay the overlay), then
    /// every field.
    pub dims: Vec<Dim>,
    /// Their names, as listed and narrowed.
    pub names: Vec<String>,
    /// What the list is narrowed to (`/`); `dim_cursor` moves among the
    /// dimensions it keeps.
    pub narrow: Narrow,
    pub dim_cursor: ListCursor,
    /// The dimension stacked, once one is chosen.
    pub chosen: Option<Dim>,
    pub values: Vec<Value>,
    pub distinct: usize,
    /// Events shown that have no value of the chosen dimension.
    pub without: usize,
    pub cursor: ListCursor,
    /// The search the stack was opened on, which a chosen term joins.
    pub query: String,
    /// Events shown when it was opened.
    pub shown: usize,
    /// A count under way on a worker (a large timeline): of this.
    pub counting: Option<Dim>,
}

impl Stack {
    pub fn new(ds: &Dataset, query: &str, shown: usize) -> Stack {
        let mut dims = Vec::new();
        if !ds.actors.is_empty() {
            dims.push(Dim::Actor);
        }
        if !ds.tags.is_empty() {
            dims.push(Dim::Tag);
        }
        if ds.events.iter().take(10_000).any(|e| e.phase.is_some()) {
            dims.push(Dim::Phase);
        }
        if ds.sources.len() > 1 {
            dims.push(Dim::Source);
        }
        dims.extend((0..ds.field_names.len() as FieldIx).map(Dim::Field));
        Stack {
            names: dims.iter().map(|d| d.name(ds)).collect(),
            dims,
            query: query.to_string(),
            shown,
            ..Stack::default()
        }
    }

    /// Stacks `dim` over `rows`.
    pub fn choose(&mut self, ds: &Dataset, rows: &[u32], dim: Dim) {
        self.counted(Counted::of(ds, rows, dim));
    }

    /// Shows what was counted.
    pub fn counted(&mut self, c: Counted) {
        self.chosen = Some(c.dim);
        self.counting = None;
        self.values = c.values;
        self.distinct = c.distinct;
        self.without = c.without;
        self.cursor = ListCursor::default();
    }

    /// The positions in `dims` the narrowing keeps (all without one).
    pub fn kept(&self) -> Vec<usize> {
        self.narrow.keep(self.names.iter().map(String::as_str))
    }

    /// The dimension under the cursor while choosing.
    pub fn dim_selected(&self) -> Option<Dim> {
        self.kept().get(self.dim_cursor.selected).map(|&i| self.dims[i])
    }

    fn joined(&self, term: String) -> String {
        if self.query.split_whitespace().any(|w| w == term) {
            self.query.clone()
        } else {
            format!("{} {term}", self.query).trim().to_string()
        }
    }

    /// Takes a key; `Run(Cmd::Stack(dim))` asks the explorer to count.
    pub fn key(&mut self, action: Option<Action>, ev: &KeyEvent, ds: &Dataset, page: usize) -> Reply {
        let Some(dim) = self.chosen else {
            if self.counting.is_some() && !matches!(action, Some(Action::Back)) {
                return Reply::Stay;
            }
            let selected = self.kept().get(self.dim_cursor.selected).copied();
            let action = match self.narrow.route(action, ev, &mut self.dim_cursor, selected, self.dims.len()) {
                Routed::Taken => return Reply::Stay,
                Routed::List(a) => a,
            };
            return match action {
                Some(Action::Enter) => match self.dim_selected() {
                    Some(d) => {
                        // The values take the keys now; the list stays
                        // narrowed for ⌫.
                        self.narrow.stop();
                        Reply::Run(Cmd::Stack(d))
                    }
                    None if self.dims.is_empty() => Reply::Close,
                    None => Reply::Stay,
                },
                Some(Action::Back | Action::PrevValue) => Reply::Close,
                Some(a) if self.dim_cursor.list_key(a, self.kept().len(), self.narrow.page(page)) => Reply::Stay,
                _ => Reply::Ignored,
            };
        };
        match action {
            Some(a @ (Action::Enter | Action::Exclude)) => match self.values.get(self.cursor.selected) {
                Some(v) => {
                    let query = self.joined(term(ds, dim, &v.text, a == Action::Exclude));
                    Reply::CloseAndRun(Cmd::Filters(query))
                }
                None => Reply::Stay,
            },
            Some(Action::PrevValue) => {
                self.chosen = None;
                self.values.clear();
                Reply::Stay
            }
            Some(Action::Back) => Reply::Close,
            // The values are listed below a line of what was counted.
            Some(a) if self.cursor.list_key(a, self.values.len(), page.saturating_sub(1)) => Reply::Stay,
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
    use crate::model::{Field, FieldValue};

    fn dataset() -> Dataset {
        let mut ds = crate::store::load("uk-electoral-commission").unwrap().dataset;
        ds.field_names = vec!["Level".into()];
        // `info` twice: a value kept twice in the table (as two pieces of a
        // file may keep it) still counts as one.
        ds.values = ["high", "info", "info", "low level"].map(|l| FieldValue::Text(l.into())).to_vec();
        for (i, e) in ds.events.iter_mut().enumerate() {
            e.fields = vec![Field {
                name: 0,
                value: crate::model::ValueIx((i % 4) as u32),
            }]
            .into();
        }
        ds
    }

    fn typed(s: &mut Stack, ds: &Dataset, text: &str) {
        for c in text.chars() {
            let ev = KeyEvent::new(KeyCode::Char(c), crossterm::event::KeyModifiers::NONE);
            assert_eq!(s.key(None, &ev, ds, 10), Reply::Stay);
        }
    }

    #[test]
    fn slash_narrows_what_to_stack_and_the_narrowing_stays_for_backspace() {
        let ds = dataset();
        let all: Vec<u32> = (0..ds.events.len() as u32).collect();
        let mut s = Stack::new(&ds, "", all.len());
        let every = s.dims.len();
        assert_eq!(s.key(Some(Action::Search), &none(), &ds, 10), Reply::Stay);
        assert!(s.narrow.is_typing());
        // Letters are typed, not keys; the list keeps what has "lev".
        typed(&mut s, &ds, "lev");
        assert_eq!(s.kept().len(), 1, "{:?}", s.names);
        assert_eq!(s.dim_selected(), Some(Dim::Field(0)));
        assert_eq!(s.key(Some(Action::Enter), &none(), &ds, 10), Reply::Run(Cmd::Stack(Dim::Field(0))));
        assert!(!s.narrow.is_typing(), "the values take the keys");
        s.choose(&ds, &all, Dim::Field(0));
        assert_eq!(s.key(Some(Action::PrevValue), &none(), &ds, 10), Reply::Stay);
        assert_eq!(s.kept().len(), 1, "back to the list as it was narrowed");
        // Esc shows the whole list, still on Level; a second closes.
        assert_eq!(s.key(Some(Action::Back), &none(), &ds, 10), Reply::Stay);
        assert_eq!(s.kept().len(), every);
        assert_eq!(s.dim_selected(), Some(Dim::Field(0)));
        assert_eq!(s.key(Some(Action::Back), &none(), &ds, 10), Reply::Close);
        // Nothing kept: Enter stays.
        let mut s = Stack::new(&ds, "", all.len());
        s.key(Some(Action::Search), &none(), &ds, 10);
        typed(&mut s, &ds, "zzz");
        assert!(s.kept().is_empty());
        assert_eq!(s.key(Some(Action::Enter), &none(), &ds, 10), Reply::Stay);
        // Typing moves the cursor back to the first name kept.
        let mut s = Stack::new(&ds, "", all.len());
        s.key(Some(Action::Down), &none(), &ds, 10);
        s.key(Some(Action::Search), &none(), &ds, 10);
        typed(&mut s, &ds, "s");
        assert_eq!(s.dim_cursor.selected, 0);
    }

    #[test]
    fn page_down_lands_on_the_first_line_not_yet_seen() {
        let mut ds = dataset();
        ds.values = (0..ds.events.len()).map(|k| FieldValue::Text(format!("v{k:02}").into())).collect();
        for (k, e) in ds.events.iter_mut().enumerate() {
            e.fields[0].value = crate::model::ValueIx(k as u32);
        }
        let all: Vec<u32> = (0..ds.events.len() as u32).collect();
        // Three lines inside: the list of what to stack takes three, two
        // while narrowed (the text above it).
        let mut s = Stack::new(&ds, "", all.len());
        assert!(s.dims.len() > 4, "{:?}", s.names);
        s.key(Some(Action::PageDown), &none(), &ds, 3);
        assert_eq!(s.dim_cursor.selected, 3);
        let mut s = Stack::new(&ds, "", all.len());
        s.key(Some(Action::Search), &none(), &ds, 3);
        s.key(Some(Action::PageDown), &none(), &ds, 3);
        assert_eq!(s.dim_cursor.selected, 2);
        // The values: below a line of what was counted, five of six.
        s.choose(&ds, &all, Dim::Field(0));
        assert!(s.values.len() > 12);
        s.key(Some(Action::PageDown), &none(), &ds, 6);
        assert_eq!(s.cursor.selected, 5);
    }

    #[test]
    fn values_are_counted_most_frequent_first_over_the_rows_shown() {
        let ds = dataset();
        let all: Vec<u32> = (0..ds.events.len() as u32).collect();
        let (values, distinct, without) = count(&ds, &all, Dim::Field(0));
        assert_eq!(distinct, 3);
        assert_eq!(without, 0);
        assert_eq!(values[0].text, "info");
        assert_eq!(values.iter().map(|v| v.count).sum::<usize>(), ds.events.len());
        let first_four = [0u32, 1, 2, 3];
        let (values, ..) = count(&ds, &first_four, Dim::Field(0));
        assert_eq!(
            values,
            [("info", 2), ("high", 1), ("low level", 1)].map(|(t, c)| Value { text: t.into(), count: c })
        );
        let (phases, _, without) = count(&ds, &all, Dim::Phase);
        assert!(!phases.is_empty());
        assert_eq!(without + phases.iter().map(|v| v.count).sum::<usize>(), ds.events.len());
    }

    #[test]
    fn enter_keeps_a_value_and_bang_leaves_it_out_quoted_when_it_has_spaces() {
        let ds = dataset();
        let all: Vec<u32> = (0..ds.events.len() as u32).collect();
        let mut s = Stack::new(&ds, "after:2021", all.len());
        let field_at = s.dims.iter().position(|&d| d == Dim::Field(0)).unwrap();
        s.dim_cursor.selected = field_at;
        assert_eq!(s.key(Some(Action::Enter), &none(), &ds, 10), Reply::Run(Cmd::Stack(Dim::Field(0))));
        s.choose(&ds, &all, Dim::Field(0));
        s.cursor.selected = s.values.iter().position(|v| v.text == "low level").unwrap();
        assert_eq!(
            s.key(Some(Action::Exclude), &none(), &ds, 10),
            Reply::CloseAndRun(Cmd::Filters("after:2021 !field:Level=\"low level\"".into()))
        );
        assert_eq!(
            s.key(Some(Action::Enter), &none(), &ds, 10),
            Reply::CloseAndRun(Cmd::Filters("after:2021 field:Level=\"low level\"".into()))
        );
        // The quoted term finds exactly the events counted.
        let q = crate::search::Query::parse("field:Level=\"low level\"");
        let index = crate::search::SearchIndex::build(&ds);
        let found = index.filter(&ds, &q, None);
        assert_eq!(found.len(), s.values[s.cursor.selected].count);
        // j moves among the values, not past the last; other keys are not the stack's.
        let mut values = s.clone();
        values.cursor.selected = 0;
        assert_eq!(values.key(Some(Action::Down), &none(), &ds, 10), Reply::Stay);
        assert_eq!(values.cursor.selected, 1);
        assert_eq!(values.key(Some(Action::Bottom), &none(), &ds, 10), Reply::Stay);
        assert_eq!(values.cursor.selected, values.values.len() - 1);
        assert_eq!(values.key(Some(Action::Help), &none(), &ds, 10), Reply::Ignored);
        // Esc closes from the values too, and while a count runs.
        assert_eq!(values.key(Some(Action::Back), &none(), &ds, 10), Reply::Close);
        let mut counting = Stack::new(&ds, "", all.len());
        counting.counting = Some(Dim::Phase);
        assert_eq!(
            counting.key(Some(Action::Enter), &none(), &ds, 10),
            Reply::Stay,
            "nothing to choose while counting"
        );
        assert_eq!(counting.key(Some(Action::Back), &none(), &ds, 10), Reply::Close);
        // Back to what to stack, and out.
        assert_eq!(s.key(Some(Action::PrevValue), &none(), &ds, 10), Reply::Stay);
        assert_eq!(s.chosen, None);
        assert_eq!(s.key(Some(Action::Back), &none(), &ds, 10), Reply::Close);
    }

    #[test]
    fn events_without_a_value_are_counted_and_a_long_tail_is_cut_to_the_most_frequent() {
        let mut ds = dataset();
        // The first event lacks the field; the others each have their own
        // value, and five share one.
        let n = ds.events.len();
        let template = ds.events[1].clone();
        ds.events.truncate(1);
        ds.events[0].fields = Box::default();
        for i in 0..(KEPT + 500) {
            let mut e = template.clone();
            e.id = format!("e{i}").into();
            let value = if i < 5 { "shared".to_string() } else { format!("v{i:05}") };
            ds.values.push(FieldValue::Text(value.into()));
            e.fields = vec![Field {
                name: 0,
                value: crate::model::ValueIx(ds.values.len() as u32 - 1),
            }]
            .into();
            ds.events.push(e);
        }
        assert!(n < ds.events.len());
        let all: Vec<u32> = (0..ds.events.len() as u32).collect();
        let (values, distinct, without) = count(&ds, &all, Dim::Field(0));
        assert_eq!(without, 1, "the event without the field");
        assert_eq!(distinct, KEPT + 500 - 4);
        assert_eq!(values.len(), KEPT, "the long tail is counted, not listed");
        assert_eq!(
            values[0],
            Value {
                text: "shared".into(),
                count: 5
            }
        );
        assert_eq!(values[1].text, "v00005", "ties by text");
        assert_eq!(values[KEPT - 1].text, "v01003", "exactly the thousand first, in order");
        assert_eq!(Dim::Field(0).name(&ds), "Level");
        assert_eq!(Dim::Source.name(&ds), "Sources (the file or report behind each event)");
    }
}
