//! One row per event, every field; lists joined with `; `; each of the
//! events' own fields in a column `fields.NAME`. A cell a spreadsheet
//! would run as a formula starts with `'` unless raw cells are asked for;
//! `itx import` takes the quote off again.

use super::inert::csv_cell;
use crate::model::Dataset;

/// How cells that look like formulas are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cells {
    /// With a leading `'`, so a spreadsheet shows them as text.
    Inert,
    /// As the dataset has them, for a program that reads the bytes.
    Raw,
}

/// The columns of itx's CSV, in order; `fields.NAME` columns follow.
pub const HEADER: [&str; 18] = [
    "id",
    "date",
    "end",
    "circa",
    "title",
    "summary",
    "phase",
    "actors",
    "actor_names",
    "sources",
    "tags",
    "confidence",
    "quotes",
    "techniques",
    "indicators",
    "starred",
    "note",
    "start_utc",
];

pub fn render(ds: &Dataset, events: &[usize], marks: &crate::store::marks::Marks, cells: Cells) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    // The fields the events written have, in the order first met.
    let mut names: Vec<u32> = Vec::new();
    for &i in events {
        for f in &ds.events[i].fields {
            if !names.contains(&f.name) {
                names.push(f.name);
            }
        }
    }
    let header = HEADER
        .iter()
        .map(|h| h.to_string())
        .chain(names.iter().map(|&n| format!("fields.{}", ds.field_name(n))));
    // Writing to memory fails only if a row and the header disagree in
    // length, a mistake here: tests read every export back, and this
    // makes such a mistake stop them rather than drop rows.
    let written = w.write_record(header);
    debug_assert!(written.is_ok(), "{written:?}");
    for &i in events {
        let e = &ds.events[i];
        let join = |items: Vec<&str>| items.join("; ");
        let quotes = e
            .quotes()
            .iter()
            .map(|q| match q.by {
                Some(a) => format!("{} ({})", q.text, ds.actor(a).name),
                None => q.text.clone(),
            })
            .collect::<Vec<_>>()
            .join(" | ");
        let fields = names.iter().map(|&n| {
            e.fields
                .iter()
                .find(|f| f.name == n)
                .map(|f| ds.value(f.value).to_string())
                .unwrap_or_default()
        });
        let row = [
            e.id.to_string(),
            e.date.to_string(),
            e.end().map(|d| d.to_string()).unwrap_or_default(),
            if e.circa { "true" } else { "" }.to_string(),
            e.title.to_string(),
            e.summary().unwrap_or_default().to_string(),
            e.phase.map(|p| p.as_str().to_string()).unwrap_or_default(),
            join(e.actors().iter().map(|&a| ds.actor(a).id.as_str()).collect()),
            join(e.actors().iter().map(|&a| ds.actor(a).name.as_str()).collect()),
            join(e.sources.iter().map(|&s| ds.source(s).id.as_str()).collect()),
            join(e.tags.iter().map(|&t| ds.tag(t)).collect()),
            e.confidence.map(|c| c.as_str().to_string()).unwrap_or_default(),
            quotes,
            e.technique_ids().collect::<Vec<_>>().join("; "),
            // Defanged: a spreadsheet makes a live link of an address.
            e.indicators()
                .iter()
                .map(|i| format!("{}:{}", i.kind, i.shown()))
                .collect::<Vec<_>>()
                .join("; "),
            if marks.starred(&e.id) { "true" } else { "" }.to_string(),
            marks.note(&e.id).unwrap_or_default().to_string(),
            super::table::start_utc(&e.date),
        ];
        let row = row.into_iter().chain(fields).map(|c| match cells {
            Cells::Inert => csv_cell(&c).into_owned(),
            Cells::Raw => c,
        });
        let written = w.write_record(row);
        debug_assert!(written.is_ok(), "{written:?}");
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
