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
//!
//! ATT&CK techniques become `attack-pattern`s with their ATT&CK reference,
//! used (`uses`) by the event's threat actors (or the incident); an
//! indicator becomes a STIX `indicator` with its pattern and the
//! observable it describes (a CVE, a `vulnerability`).

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
        .flat_map(|e| [Some(e.date), e.end()])
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
        let threat: Vec<ActorIx> = e.actors().iter().copied().filter(|&a| types[a as usize] != "identity").collect();
        let mut made: Vec<String> = Vec::new();
        // Every event is a note (what it says, who was in it, its date as
        // written); an attribution is also a dated relationship.
        let note = ids.of("note", &e.id);
        let mut refs = vec![incident.clone()];
        refs.extend(e.actors().iter().map(|&a| actor_id(a)));
        let mut o = object(json!({
            "abstract": e.title,
            "content": e.summary().unwrap_or(&e.title),
            "object_refs": refs,
            "x_itx": json::event(ds, e),
        }));
        if !e.tags.is_empty() {
            o.insert("labels".into(), e.tags.iter().map(|&t| ds.tag(t)).collect::<Vec<_>>().into());
        }
        let intel = intel_objects(
            &ids,
            e,
            &threat.iter().map(|&a| actor_id(a)).collect::<Vec<_>>(),
            &incident,
            stamp,
            &mut objects,
        );
        if let Some(Value::Array(refs)) = o.get_mut("object_refs") {
            refs.extend(intel.iter().map(|id| Value::from(id.as_str())));
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

/// The id of a STIX cyber observable: UUIDv5 in STIX's own namespace over
/// its id-contributing properties, as STIX 2.1 (2.9) says, so that the
/// same observable has the same id in every bundle.
fn observable_id(kind: &str, contributing: &Value) -> String {
    let ns = Uuid::from_u128(0x00abedb4_aa42_466c_9c01_fed23315a9b7);
    format!("{kind}--{}", Uuid::new_v5(&ns, contributing.to_string().as_bytes()))
}

/// A string in a STIX pattern: quoted, with `\\` and `'` escaped.
fn pattern_string(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// An event's techniques and indicators as STIX objects, pushed onto
/// `objects` (each attack-pattern, observable and vulnerability once);
/// returns the ids the event's note refers to.
fn intel_objects(ids: &Ids, e: &Event, threat: &[String], incident: &str, stamp: &str, objects: &mut Vec<Value>) -> Vec<String> {
    use crate::model::{attack, IndicatorKind};
    let mut refs = Vec::new();
    let push_once = |objects: &mut Vec<Value>, id: &str, o: Map<String, Value>| {
        if !objects.iter().any(|x| x["id"] == id) {
            objects.push(Value::Object(o));
        }
    };
    for &t in e.techniques() {
        let t = attack::get(t);
        let id = ids.of("attack-pattern", t.id);
        let mut o = object(json!({
            "name": t.name,
            "external_references": [{"source_name": "mitre-attack", "external_id": t.id, "url": t.url()}],
            "kill_chain_phases": t.tactics.iter().map(|p| json!({"kill_chain_name": "mitre-attack", "phase_name": p})).collect::<Vec<_>>(),
            "x_itx": {"derived": "technique"},
        }));
        common(&mut o, "attack-pattern", id.clone(), stamp);
        push_once(objects, &id, o);
        let users: Vec<&str> = if threat.is_empty() {
            vec![incident]
        } else {
            threat.iter().map(String::as_str).collect()
        };
        for user in users {
            let rid = ids.of("relationship", &format!("uses:{}:{user}:{}", e.id, t.id));
            let mut r = object(json!({
                "relationship_type": "uses",
                "source_ref": user,
                "target_ref": id,
                "description": e.title,
                "start_time": timestamp(e.date),
                "x_itx": {"derived": "technique"},
            }));
            common(&mut r, "relationship", rid.clone(), stamp);
            objects.push(Value::Object(r));
            refs.push(rid);
        }
        refs.push(id);
    }
    for (k, i) in e.indicators().iter().enumerate() {
        let v = i.value.as_str();
        let (sco, path) = match i.kind {
            IndicatorKind::Ipv4 => ("ipv4-addr", "value"),
            IndicatorKind::Ipv6 => ("ipv6-addr", "value"),
            IndicatorKind::Domain => ("domain-name", "value"),
            IndicatorKind::Url => ("url", "value"),
            IndicatorKind::Email => ("email-addr", "value"),
            IndicatorKind::Md5 => ("file", "hashes.MD5"),
            IndicatorKind::Sha1 => ("file", "hashes.'SHA-1'"),
            IndicatorKind::Sha256 => ("file", "hashes.'SHA-256'"),
            IndicatorKind::Filename => ("file", "name"),
            IndicatorKind::Cve => {
                let id = ids.of("vulnerability", v);
                let mut o = object(json!({
                    "name": v,
                    "external_references": [{"source_name": "cve", "external_id": v}],
                    "x_itx": {"derived": "indicator"},
                }));
                common(&mut o, "vulnerability", id.clone(), stamp);
                push_once(objects, &id, o);
                refs.push(id);
                continue;
            }
        };
        let contributing = match path {
            "value" => json!({"value": v}),
            "name" => json!({"name": v}),
            hash => json!({"hashes": {hash.trim_start_matches("hashes.").trim_matches('\''): v}}),
        };
        let sco_id = observable_id(sco, &contributing);
        let mut s = object(contributing.clone());
        s.insert("type".into(), sco.into());
        s.insert("spec_version".into(), "2.1".into());
        s.insert("id".into(), sco_id.clone().into());
        push_once(objects, &sco_id, s);
        let id = ids.of("indicator", &format!("{}:{k}", e.id));
        let mut o = object(json!({
            "name": format!("{} {}", i.kind, i.shown()),
            "pattern": format!("[{sco}:{path} = {}]", pattern_string(v)),
            "pattern_type": "stix",
            "valid_from": timestamp(e.date),
            "indicator_types": ["malicious-activity"],
            "x_itx": {"derived": "indicator"},
        }));
        if let Some(n) = &i.note {
            o.insert("description".into(), n.clone().into());
        }
        common(&mut o, "indicator", id.clone(), stamp);
        objects.push(Value::Object(o));
        let rid = ids.of("relationship", &format!("based-on:{id}"));
        let mut r = object(json!({
            "relationship_type": "related-to",
            "source_ref": id,
            "target_ref": sco_id,
            "x_itx": {"derived": "indicator"},
        }));
        common(&mut r, "relationship", rid.clone(), stamp);
        objects.push(Value::Object(r));
        refs.extend([id, sco_id, rid]);
    }
    refs
}
