//! Triage to story: the starred events of an opened timeline (a
//! super-timeline of a million rows, or any dataset) as a dataset of their
//! own, for the analyst to curate. Each event keeps its date, title,
//! fields, tags, techniques and indicators, and is backed by a source
//! naming the file and line it came from; the reader's note on it becomes
//! its summary. Phases and actors are left for the analyst to write.

use crate::model::*;
use crate::store::marks::Marks;

/// The line an imported event came from (the importers' `line` field).
fn line_of(ds: &Dataset, e: &Event) -> Option<i64> {
    ds.fields_of(e).find_map(|(name, v)| match (name, v) {
        ("line", FieldValue::Int(n)) => Some(*n),
        _ => None,
    })
}

/// The file a dataset was read from, by name.
fn file_name(ds: &Dataset) -> String {
    match &ds.origin {
        Origin::File(p) => p
            .file_name()
            .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned()),
        Origin::Bundled(n) => format!("{n} (bundled)"),
        _ => ds.title.clone(),
    }
}

/// Whether any of `events` is starred: a story needs one.
pub fn any_starred(ds: &Dataset, events: impl IntoIterator<Item = usize>, marks: &Marks) -> bool {
    events.into_iter().any(|i| marks.starred(&ds.events[i].id))
}

/// The events of `events` that are starred in `marks`, as a new dataset.
pub fn starred(ds: &Dataset, events: &[usize], marks: &Marks) -> Dataset {
    let file = file_name(ds);
    let mut out = Dataset {
        origin: ds.origin.clone(),
        title: format!("Story from {}", ds.title),
        summary: Some(format!(
            "Events starred while reading {file}. Each keeps the fields it had there and names its line; \
             phases, actors and summaries are for the analyst to write."
        )),
        actors: Vec::new(),
        sources: Vec::new(),
        events: Vec::new(),
        tags: ds.tags.clone(),
        field_names: ds.field_names.clone(),
        values: Vec::new(),
        milestones: Milestones::default(),
    };
    // Only the values the story's events have, renumbered.
    let mut values = crate::model::ValueTable::default();
    let mut source_ids = crate::model::ids::UniqueIds::default();
    let mut event_ids = crate::model::ids::UniqueIds::default();
    // Sources of the original kept once each, renumbered.
    let mut kept: Vec<Option<SourceIx>> = vec![None; ds.sources.len()];
    for &i in events {
        let e = &ds.events[i];
        if !marks.starred(&e.id) {
            continue;
        }
        let mut sources = Vec::new();
        match line_of(ds, e) {
            Some(line) => {
                // The file as the event's own source names it (in the
                // merged view, each part's file).
                let from = e.sources.first().map_or(file.as_str(), |&s| ds.sources[s as usize].title.as_str());
                out.sources.push(Source {
                    id: source_ids.take(&format!("{from} line {line}")),
                    title: format!("{from}, line {line}"),
                    publisher: None,
                    url: None,
                    published: None,
                    reliability: None,
                });
                sources.push((out.sources.len() - 1) as SourceIx);
            }
            None => {
                for &s in &e.sources {
                    let ix = *kept[s as usize].get_or_insert_with(|| {
                        let mut source = ds.sources[s as usize].clone();
                        source.id = source_ids.take(&source.id);
                        out.sources.push(source);
                        (out.sources.len() - 1) as SourceIx
                    });
                    sources.push(ix);
                }
            }
        }
        out.events.push(Event {
            // Rows named by their line get an id from their title, as an
            // analyst would name them.
            id: if e.id.starts_with("line-") {
                event_ids.take(&e.title).into()
            } else {
                event_ids.take(&e.id).into()
            },
            date: e.date,
            circa: e.circa,
            // Copies, not stretches of the timeline's block, which they
            // would keep alive: a story of ten rows would hold a
            // super-timeline's titles.
            title: e.title.as_str().into(),
            more: More {
                end: e.end(),
                // Left for the analyst, as the phase is.
                actors: ThinVec::new(),
                summary: marks.note(&e.id).or(e.summary()).map(Text::from),
                quotes: e.quotes().into(),
                techniques: e.techniques().into(),
                indicators: e.indicators().into(),
            }
            .boxed(),
            phase: e.phase,
            sources: sources.into(),
            tags: e.tags.clone(),
            confidence: e.confidence,
            fields: e
                .fields
                .iter()
                .map(|f| Field {
                    name: f.name,
                    value: values.intern(ds.value(f.value).clone()),
                })
                .collect(),
        });
    }
    out.values = values.into_list();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::marks::Mark;

    #[test]
    fn events_without_a_line_keep_their_own_sources_once_each() {
        let mut ds = crate::store::load("uk-electoral-commission").unwrap().dataset;
        ds.pack_texts();
        // Two starred events that share a source, and one not starred.
        let (a, b) = (0..ds.events.len())
            .flat_map(|i| (i + 1..ds.events.len()).map(move |j| (i, j)))
            .find(|&(i, j)| ds.events[i].sources.iter().any(|s| ds.events[j].sources.contains(s)))
            .unwrap();
        let mut marks = Marks::default();
        for i in [a, b] {
            marks.events.insert(ds.events[i].id.to_string(), Mark { star: true, note: None });
        }
        let all: Vec<usize> = (0..ds.events.len()).collect();
        let story = starred(&ds, &all, &marks);
        assert_eq!(story.events.len(), 2);
        assert_eq!(story.events[0].id, ds.events[a].id, "an id that is not a line's is kept");
        let wanted: std::collections::BTreeSet<&str> = [a, b]
            .iter()
            .flat_map(|&i| ds.events[i].sources.iter().map(|&s| ds.sources[s as usize].id.as_str()))
            .collect();
        let got: Vec<&str> = story.sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(got.len(), wanted.len(), "each source once: {got:?}");
        assert!(got.iter().all(|s| wanted.contains(s)));
        for (e, &i) in story.events.iter().zip(&[a, b]) {
            let titles: Vec<&str> = e.sources.iter().map(|&s| story.sources[s as usize].title.as_str()).collect();
            let before: Vec<&str> = ds.events[i]
                .sources
                .iter()
                .map(|&s| ds.sources[s as usize].title.as_str())
                .collect();
            assert_eq!(titles, before, "each event backed by what backed it");
            assert_eq!(e.title, ds.events[i].title);
            let block = |t: &Text| std::sync::Arc::as_ptr(t.place().0);
            assert_ne!(
                block(&e.title),
                block(&ds.events[i].title),
                "a copy, not the timeline's block kept alive"
            );
        }
        assert!(story.summary.unwrap().contains("uk-electoral-commission (bundled)"));
        let file = Dataset {
            origin: Origin::File("/cases/x/timeline.csv".into()),
            ..ds.clone()
        };
        assert!(starred(&file, &all, &marks).summary.unwrap().contains("reading timeline.csv."));
    }
}
