//! A STIX 2.1 bundle: threat actors as intrusion sets, the actors their
//! affiliations lead to as threat actors, everyone else as identities;
//! countries as locations; sources as reports; the incident; every event
//! as a note, and attribution events also as `attributed-to` relationships
//! dated by the event. Ids are UUIDv5 from the dataset's title and each
//! item's id, and every timestamp comes from the data, so a re-export is
//! byte for byte the same.
//!
//! Each item also carries itself as the format writes it, in the custom
//! property `x_itx` (what STIX has no place for: dates at their precision,
//! phases, quotes, fields, reliability...), so `itx import` gives back the
//! dataset that went in. Objects itx derives from the items (relationships,
//! locations) say so with `"x_itx": {"derived": ...}`.

use super::json;
use crate::model::{ActorIx, ActorKind, Dataset, Event, PartialDate, Phase};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use uuid::Uuid;

struct Ids {
    namespace: Uuid,
}

impl Ids {
    fn new(ds: &Dataset) -> Self {
        Ids {
            namespace: Uuid::new_v5(&Uuid::NAMESPACE_URL, format!("itx:{}", ds.title).as_bytes()),
        }
    }

    fn of(&self, kind: &str, name: &str) -> String {
        format!("{kind}--{}", Uuid::new_v5(&self.namespace, format!("{kind}:{name}").as_bytes()))
    }
}

fn timestamp(d: PartialDate) -> String {
    d.start_utc().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The STIX type each actor becomes.
fn actor_types(ds: &Dataset) -> Vec<&'static str> {
    // Who stands behind a threat actor: its affiliations, theirs in turn,
    // and the people affiliated with any of them.
    let mut behind: BTreeSet<ActorIx> = BTreeSet::new();
    let mut todo: Vec<ActorIx> = ds
        .actors
        .iter()
        .enumerate()
        .filter(|(_, a)| a.kind == ActorKind::ThreatActor)
        .flat_map(|(_, a)| a.affiliations.iter().copied())
        .collect();
    while let Some(a) = todo.pop() {
        if behind.insert(a) {
            todo.extend(ds.actor(a).affiliations.iter().copied());
        }
    }
    ds.actors
        .iter()
        .enumerate()
        .map(|(i, a)| {
            if a.kind == ActorKind::ThreatActor {
                "intrusion-set"
            } else if behind.contains(&(i as ActorIx)) || (a.kind == ActorKind::Person && a.affiliations.iter().any(|f| behind.contains(f)))
            {
                "threat-actor"
            } else {
                "identity"
            }
        })
        .collect()
}

fn common(o: &mut Map<String, Value>, kind: &str, id: String, stamp: &str) {
    o.insert("type".into(), kind.into());
    o.insert("spec_version".into(), "2.1".into());
    o.insert("id".into(), id.into());
    o.insert("created".into(), stamp.into());
    o.insert("modified".into(), stamp.into());
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

pub fn render(ds: &Dataset, events: &[usize]) -> String {
    let ids = Ids::new(ds);
    // Every object is stamped with the latest date in the data.
    let latest = ds
        .events
        .iter()
        .flat_map(|e| [Some(e.date), e.end])
        .chain(ds.sources.iter().map(|s| s.published))
        .flatten()
        .max_by_key(|d| d.start())
        .map(timestamp)
        .unwrap_or_else(|| "1970-01-01T00:00:00.000Z".into());
    let stamp = latest.as_str();
    let types = actor_types(ds);
    let actor_id = |a: ActorIx| ids.of(types[a as usize], &ds.actor(a).id);
    let incident = ids.of("incident", "incident");
    let mut objects: Vec<Value> = Vec::new();

    let mut o = object(json!({"name": ds.title, "x_itx": json::dataset_header(ds)}));
    common(&mut o, "incident", incident.clone(), stamp);
    if let Some(s) = &ds.summary {
        o.insert("description".into(), s.trim().into());
    }
    objects.push(Value::Object(o));

    let actors = json::actors(ds);
    for (i, a) in ds.actors.iter().enumerate() {
        let kind = types[i];
        let mut o = object(json!({"name": a.name, "x_itx": actors[i]}));
        common(&mut o, kind, actor_id(i as ActorIx), stamp);
        if let Some(s) = &a.summary {
            o.insert("description".into(), s.clone().into());
        }
        match kind {
            "identity" => {
                let class = if a.kind == ActorKind::Person {
                    "individual"
                } else {
                    "organization"
                };
                o.insert("identity_class".into(), class.into());
            }
            _ if !a.aliases.is_empty() => {
                o.insert("aliases".into(), a.aliases.clone().into());
            }
            _ => {}
        }
        objects.push(Value::Object(o));
        if let Some(c) = &a.country {
            let location = ids.of("location", c);
            if !objects.iter().any(|x| x["id"] == location.as_str()) {
                let mut l = object(json!({"country": c, "x_itx": {"derived": "country"}}));
                common(&mut l, "location", location.clone(), stamp);
                objects.push(Value::Object(l));
            }
            let mut r = object(json!({
                "relationship_type": "located-at",
                "source_ref": actor_id(i as ActorIx),
                "target_ref": location,
                "x_itx": {"derived": "country"},
            }));
            common(&mut r, "relationship", ids.of("relationship", &format!("{}@{c}", a.id)), stamp);
            objects.push(Value::Object(r));
        }
    }

    // Affiliations: who an intrusion set is attributed to; otherwise related.
    for (i, a) in ds.actors.iter().enumerate() {
        for &f in &a.affiliations {
            let (from, to) = (types[i], types[f as usize]);
            let kind = match (from, to) {
                ("intrusion-set", "threat-actor") | ("threat-actor", "identity") => "attributed-to",
                _ => "related-to",
            };
            let mut o = object(json!({
                "relationship_type": kind,
                "source_ref": actor_id(i as ActorIx),
                "target_ref": actor_id(f),
                "description": format!("{} is affiliated with {}", a.name, ds.actor(f).name),
                "x_itx": {"derived": "affiliation"},
            }));
            common(
                &mut o,
                "relationship",
                ids.of("relationship", &format!("{}>{}", a.id, ds.actor(f).id)),
                stamp,
            );
            objects.push(Value::Object(o));
        }
    }

    // Events: what each source backs, for its report's object_refs.
    let mut backs: Vec<Vec<String>> = vec![Vec::new(); ds.sources.len()];
    for &ix in events {
        let e: &Event = &ds.events[ix];
        let threat: Vec<ActorIx> = e.actors.iter().copied().filter(|&a| types[a as usize] != "identity").collect();
        let mut made: Vec<String> = Vec::new();
        // Every event is a note (what it says, who was in it, its date as
        // written); an attribution is also a dated relationship.
        let note = ids.of("note", &e.id);
        let mut refs = vec![incident.clone()];
        refs.extend(e.actors.iter().map(|&a| actor_id(a)));
        let mut o = object(json!({
            "abstract": e.title,
            "content": e.summary.clone().unwrap_or_else(|| e.title.clone()),
            "object_refs": refs,
            "x_itx": json::event(ds, e),
        }));
        if !e.tags.is_empty() {
            o.insert("labels".into(), e.tags.iter().map(|&t| ds.tag(t)).collect::<Vec<_>>().into());
        }
        common(&mut o, "note", note.clone(), stamp);
        objects.push(Value::Object(o));
        made.push(note);
        if e.phase == Some(Phase::Attribution) {
            for &a in &threat {
                let id = ids.of("relationship", &format!("event:{}:{}", e.id, ds.actor(a).id));
                let mut o = object(json!({
                    "relationship_type": "attributed-to",
                    "source_ref": incident,
                    "target_ref": actor_id(a),
                    "description": e.title,
                    "start_time": timestamp(e.date),
                    "x_itx": {"derived": "attribution"},
                }));
                common(&mut o, "relationship", id.clone(), stamp);
                if let Some(c) = e.confidence {
                    o.insert("confidence".into(), c.to_stix().into());
                }
                objects.push(Value::Object(o));
                made.push(id);
            }
        }
        for &s in &e.sources {
            backs[s as usize].extend(made.iter().cloned());
        }
    }

    let sources = json::sources(ds);
    for (i, s) in ds.sources.iter().enumerate() {
        let mut refs = std::mem::take(&mut backs[i]);
        if refs.is_empty() {
            refs.push(incident.clone());
        }
        let published = s.published.map(timestamp).unwrap_or_else(|| stamp.to_string());
        let mut reference = json!({
            "source_name": s.publisher.clone().unwrap_or_else(|| s.id.clone()),
            "external_id": s.id,
        });
        if let Some(u) = &s.url {
            reference["url"] = u.clone().into();
        }
        let mut o = object(json!({
            "name": s.title,
            "published": published,
            "report_types": ["threat-report"],
            "object_refs": refs,
            "external_references": [reference],
            "x_itx": sources[i],
        }));
        common(&mut o, "report", ids.of("report", &s.id), stamp);
        objects.push(Value::Object(o));
    }

    let bundle = json!({"type": "bundle", "id": ids.of("bundle", "bundle"), "objects": objects});
    serde_json::to_string_pretty(&bundle).unwrap_or_default() + "\n"
}
