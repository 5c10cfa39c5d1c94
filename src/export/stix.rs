//! A STIX 2.1 bundle: threat actors as intrusion sets, the actors their
//! affiliations lead to as threat actors, everyone else as identities;
//! sources as reports; the incident; every event as a note, and attribution
//! events also as `attributed-to` relationships dated by the event. Ids are
//! UUIDv5 from the dataset's title and each item's id, and every timestamp
//! comes from the data, so a re-export is byte for byte the same.

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

    let mut o = object(json!({"name": ds.title}));
    common(&mut o, "incident", incident.clone(), stamp);
    if let Some(s) = &ds.summary {
        o.insert("description".into(), s.trim().into());
    }
    objects.push(Value::Object(o));

    for (i, a) in ds.actors.iter().enumerate() {
        let kind = types[i];
        let mut o = object(json!({"name": a.name, "external_references": [itx_ref(&a.id, a.kind.as_str())]}));
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
            "external_references": [itx_ref(&e.id, &event_facts(e))],
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
                    "external_references": [itx_ref(&e.id, &event_facts(e))],
                }));
                common(&mut o, "relationship", id.clone(), stamp);
                if let Some(c) = e.confidence {
                    o.insert("confidence".into(), confidence(c).into());
                }
                objects.push(Value::Object(o));
                made.push(id);
            }
        }
        for &s in &e.sources {
            backs[s as usize].extend(made.iter().cloned());
        }
    }

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
        }));
        common(&mut o, "report", ids.of("report", &s.id), stamp);
        objects.push(Value::Object(o));
    }

    let bundle = json!({"type": "bundle", "id": ids.of("bundle", "bundle"), "objects": objects});
    serde_json::to_string_pretty(&bundle).unwrap_or_default() + "\n"
}

/// The item's itx id, in an external reference (a standard property, so
/// consumers keep it), for `itx import --from stix` to find again.
fn itx_ref(id: &str, description: &str) -> Value {
    json!({"source_name": "itx", "external_id": id, "description": description})
}

/// What STIX has no field for, as `key=value; ...`: the date as written
/// (at its precision), the end, the phase, whether approximate.
pub fn event_facts(e: &Event) -> String {
    let mut facts = vec![format!("date={}", e.date)];
    facts.extend(e.end.map(|d| format!("end={d}")));
    facts.extend(e.phase.map(|p| format!("phase={p}")));
    facts.extend(e.confidence.map(|c| format!("confidence={c}")));
    if e.circa {
        facts.push("circa=true".into());
    }
    facts.join("; ")
}

/// The PHIA yardstick word as STIX's 0-100 confidence (the middle of the
/// band each word stands for).
fn confidence(c: crate::model::Confidence) -> u8 {
    use crate::model::Confidence::*;
    match c {
        RemoteChance => 3,
        HighlyUnlikely => 15,
        Unlikely => 30,
        RealisticPossibility => 45,
        Likely => 65,
        HighlyLikely => 85,
        AlmostCertain => 97,
    }
}
