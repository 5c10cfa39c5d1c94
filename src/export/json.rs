//! The dataset as JSON with the format's own keys and dates as written, so
//! the output loads back into itx unchanged.

use crate::model::{Dataset, Event};
use serde_json::{json, Map, Value};

fn put<T: Into<Value>>(m: &mut Map<String, Value>, key: &str, v: Option<T>) {
    if let Some(v) = v {
        m.insert(key.to_string(), v.into());
    }
}

fn list(m: &mut Map<String, Value>, key: &str, items: Vec<String>) {
    if !items.is_empty() {
        m.insert(key.to_string(), items.into());
    }
}

pub fn event(ds: &Dataset, e: &Event) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), e.id.to_string().into());
    m.insert("date".into(), e.date.to_string().into());
    put(&mut m, "end", e.end().map(|d| d.to_string()));
    if e.circa {
        m.insert("circa".into(), true.into());
    }
    m.insert("title".into(), e.title.clone().into());
    put(&mut m, "summary", e.summary());
    put(&mut m, "phase", e.phase.map(|p| p.as_str()));
    list(&mut m, "actors", e.actors().iter().map(|&a| ds.actor(a).id.clone()).collect());
    list(&mut m, "sources", e.sources.iter().map(|&s| ds.source(s).id.clone()).collect());
    list(&mut m, "tags", e.tags.iter().map(|&t| ds.tag(t).to_string()).collect());
    put(&mut m, "confidence", e.confidence.map(|c| c.as_str()));
    if !e.quotes().is_empty() {
        let quotes = e
            .quotes()
            .iter()
            .map(|q| {
                let mut qm = Map::new();
                qm.insert("text".into(), q.text.clone().into());
                put(&mut qm, "by", q.by.map(|a| ds.actor(a).id.clone()));
                put(&mut qm, "source", q.source.map(|s| ds.source(s).id.clone()));
                Value::Object(qm)
            })
            .collect::<Vec<_>>();
        m.insert("quotes".into(), quotes.into());
    }
    list(&mut m, "techniques", e.technique_ids().map(String::from).collect());
    if !e.indicators().is_empty() {
        m.insert("indicators".into(), e.indicators().iter().map(indicator).collect::<Vec<_>>().into());
    }
    if !e.fields.is_empty() {
        m.insert("fields".into(), fields(ds, e).into());
    }
    Value::Object(m)
}

/// An indicator as the format writes it (its value as it is, not
/// defanged: this is data for programs).
pub fn indicator(i: &crate::model::Indicator) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), i.kind.as_str().into());
    m.insert("value".into(), i.value.clone().into());
    put(&mut m, "note", i.note.clone());
    Value::Object(m)
}

/// An event's fields as a JSON object, in the order written.
pub fn fields(ds: &Dataset, e: &Event) -> Map<String, Value> {
    ds.fields_of(e).map(|(k, v)| (k.to_string(), v.to_json())).collect()
}

/// The dataset's own keys before its lists: format, title, summary.
pub fn dataset_header(ds: &Dataset) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("format".into(), json!(1));
    m.insert("title".into(), ds.title.clone().into());
    put(&mut m, "summary", ds.summary.clone());
    if !ds.milestones.is_empty() {
        let ms = &ds.milestones;
        let mut n = Map::new();
        put(&mut n, "compromise", ms.compromise.clone());
        put(&mut n, "discovery", ms.discovery.clone());
        put(&mut n, "disclosure", ms.disclosure.clone());
        put(&mut n, "attribution", ms.attribution.clone());
        m.insert("milestones".into(), Value::Object(n));
    }
    m
}

pub fn actors(ds: &Dataset) -> Vec<Value> {
    ds.actors
        .iter()
        .map(|a| {
            let mut m = Map::new();
            m.insert("id".into(), a.id.clone().into());
            m.insert("name".into(), a.name.clone().into());
            m.insert("kind".into(), a.kind.as_str().into());
            list(&mut m, "aliases", a.aliases.clone());
            put(&mut m, "country", a.country.clone());
            list(
                &mut m,
                "affiliations",
                a.affiliations.iter().map(|&x| ds.actor(x).id.clone()).collect(),
            );
            put(&mut m, "summary", a.summary.clone());
            Value::Object(m)
        })
        .collect()
}

pub fn sources(ds: &Dataset) -> Vec<Value> {
    ds.sources
        .iter()
        .map(|s| {
            let mut m = Map::new();
            m.insert("id".into(), s.id.clone().into());
            m.insert("title".into(), s.title.clone().into());
            put(&mut m, "publisher", s.publisher.clone());
            put(&mut m, "url", s.url.clone());
            put(&mut m, "published", s.published.map(|d| d.to_string()));
            put(&mut m, "reliability", s.reliability.map(|r| r.as_str()));
            Value::Object(m)
        })
        .collect()
}

/// The whole dataset; `events` picks which events (all, or a filtered view).
pub fn dataset(ds: &Dataset, events: &[usize]) -> Value {
    let mut m = dataset_header(ds);
    m.insert("actors".into(), actors(ds).into());
    m.insert("sources".into(), sources(ds).into());
    m.insert(
        "events".into(),
        events.iter().map(|&i| event(ds, &ds.events[i])).collect::<Vec<_>>().into(),
    );
    Value::Object(m)
}
