//! A STIX 2.1 bundle: reports become sources; intrusion sets, threat
//! actors and identities become actors; notes that itx wrote, dated
//! relationships and sightings become events. itx's own external
//! references (`source_name: itx`) bring back ids, dates at their
//! precision, phases and kinds; other bundles get ids made from names and
//! dates from their timestamps.

use super::{slug, Draft, UniqueIds};
use crate::model::{ActorKind, Confidence, PartialDate, Phase};
use serde_json::{json, Value};
use std::collections::HashMap;

/// itx's external reference on an object: (id, description).
fn itx_ref(o: &Value) -> Option<(String, String)> {
    o["external_references"]
        .as_array()?
        .iter()
        .find(|r| r["source_name"] == "itx")
        .map(|r| {
            (
                r["external_id"].as_str().unwrap_or_default().to_string(),
                r["description"].as_str().unwrap_or_default().to_string(),
            )
        })
}

/// `key=value; ...` facts as itx wrote them.
fn facts(description: &str) -> HashMap<&str, &str> {
    description.split(';').filter_map(|kv| kv.trim().split_once('=')).collect()
}

/// A STIX timestamp as a dataset date: a day when it falls on midnight
/// (most report and relationship dates), else the instant.
fn date_of(ts: &str) -> Option<String> {
    let dt = chrono::DateTime::parse_from_rfc3339(ts).ok()?.with_timezone(&chrono::Utc);
    if dt.time() == chrono::NaiveTime::MIN {
        Some(dt.format("%Y-%m-%d").to_string())
    } else {
        Some(dt.format("%Y-%m-%dT%H:%M:%SZ").to_string())
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && slug(id) == id
}

pub fn read(input: &str, from: &str) -> Result<Draft, String> {
    let bundle: Value = serde_json::from_str(input).map_err(|e| format!("not JSON: {e}"))?;
    if bundle["type"] != "bundle" {
        return Err("not a STIX bundle (no \"type\": \"bundle\")".into());
    }
    let objects = bundle["objects"].as_array().ok_or("the bundle has no objects")?;
    let by_id: HashMap<&str, &Value> = objects.iter().filter_map(|o| Some((o["id"].as_str()?, o))).collect();
    let incident = objects.iter().find(|o| o["type"] == "incident");
    let mut draft = Draft {
        title: incident
            .and_then(|i| i["name"].as_str())
            .map(String::from)
            .unwrap_or_else(|| format!("STIX bundle imported from {from}")),
        summary: incident.and_then(|i| i["description"].as_str()).map(String::from),
        ..Draft::default()
    };

    // Actors, with the STIX id each one came from.
    let mut actor_of: HashMap<&str, String> = HashMap::new();
    let mut actor_ids = UniqueIds::default();
    for o in objects
        .iter()
        .filter(|o| matches!(o["type"].as_str(), Some("intrusion-set" | "threat-actor" | "identity")))
    {
        let name = o["name"].as_str().unwrap_or("unnamed");
        let own = itx_ref(o);
        let id = match &own {
            Some((id, _)) if valid_id(id) => actor_ids.take(id),
            _ => actor_ids.take(name),
        };
        let kind =
            own.as_ref()
                .and_then(|(_, k)| ActorKind::parse(k))
                .unwrap_or(match (o["type"].as_str(), o["identity_class"].as_str()) {
                    (Some("identity"), Some("individual")) => ActorKind::Person,
                    (Some("identity"), _) => ActorKind::Organisation,
                    _ => ActorKind::ThreatActor,
                });
        let mut a = json!({"id": id, "name": name, "kind": kind.as_str()});
        if let Some(al) = o["aliases"].as_array().filter(|a| !a.is_empty()) {
            a["aliases"] = al.clone().into();
        }
        if let Some(d) = o["description"].as_str() {
            a["summary"] = d.into();
        }
        actor_of.insert(o["id"].as_str().unwrap_or_default(), id);
        draft.actors.push(a);
    }

    // Sources, and which objects each backs.
    let mut backs: HashMap<&str, Vec<String>> = HashMap::new();
    let mut source_ids = UniqueIds::default();
    for o in objects.iter().filter(|o| o["type"] == "report") {
        let title = o["name"].as_str().unwrap_or("untitled report");
        let reference = o["external_references"].as_array().and_then(|r| r.first());
        let wanted = reference
            .and_then(|r| r["external_id"].as_str())
            .filter(|i| valid_id(i))
            .unwrap_or(title);
        let id = source_ids.take(wanted);
        let mut s = json!({"id": id, "title": title});
        if let Some(p) = reference.and_then(|r| r["source_name"].as_str()) {
            s["publisher"] = p.into();
        }
        if let Some(u) = reference.and_then(|r| r["url"].as_str()) {
            s["url"] = u.into();
        }
        if let Some(d) = o["published"].as_str().and_then(date_of) {
            s["published"] = d.into();
        }
        for r in o["object_refs"].as_array().into_iter().flatten().filter_map(|r| r.as_str()) {
            backs.entry(r).or_default().push(id.clone());
        }
        draft.sources.push(s);
    }

    let mut event_ids = UniqueIds::default();
    let mut seen_itx: Vec<String> = Vec::new();
    let actors_in = |refs: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for r in refs {
            if let Some(a) = actor_of.get(r) {
                if !v.contains(a) {
                    v.push(a.clone());
                }
            }
        }
        v
    };
    // Notes itx wrote first (they carry everything), then dated
    // relationships and sightings not already brought back by a note.
    let mut candidates: Vec<&Value> = objects.iter().filter(|o| o["type"] == "note" && itx_ref(o).is_some()).collect();
    candidates.extend(objects.iter().filter(|o| {
        (o["type"] == "relationship" && o["start_time"].is_string()) || (o["type"] == "sighting" && o["first_seen"].is_string())
    }));
    for o in candidates {
        let own = itx_ref(o);
        if let Some((id, _)) = &own {
            if seen_itx.contains(id) {
                continue;
            }
            seen_itx.push(id.clone());
        }
        let f = own.as_ref().map(|(_, d)| facts(d)).unwrap_or_default();
        let stix_id = o["id"].as_str().unwrap_or_default();
        let (refs, title, stamp): (Vec<&str>, String, Option<&str>) = match o["type"].as_str() {
            Some("note") => (
                o["object_refs"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|r| r.as_str())
                    .collect(),
                o["abstract"].as_str().unwrap_or("untitled").to_string(),
                o["created"].as_str(),
            ),
            Some("relationship") => {
                let (s, t) = (o["source_ref"].as_str().unwrap_or(""), o["target_ref"].as_str().unwrap_or(""));
                let name = |r: &str| by_id.get(r).and_then(|x| x["name"].as_str()).unwrap_or(r).to_string();
                let kind = o["relationship_type"].as_str().unwrap_or("related-to").replace('-', " ");
                let title = o["description"]
                    .as_str()
                    .map(String::from)
                    .unwrap_or_else(|| format!("{} {kind} {}", name(s), name(t)));
                (vec![s, t], title, o["start_time"].as_str())
            }
            _ => {
                let mut refs: Vec<&str> = o["where_sighted_refs"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|r| r.as_str())
                    .collect();
                refs.extend(o["sighting_of_ref"].as_str());
                let of = o["sighting_of_ref"]
                    .as_str()
                    .and_then(|r| by_id.get(r))
                    .and_then(|x| x["name"].as_str())
                    .unwrap_or("activity");
                let title = o["description"]
                    .as_str()
                    .map(String::from)
                    .unwrap_or_else(|| format!("{of} sighted"));
                (refs, title, o["first_seen"].as_str())
            }
        };
        let date = f
            .get("date")
            .filter(|d| PartialDate::parse(d).is_ok())
            .map(|d| d.to_string())
            .or_else(|| stamp.and_then(date_of))
            .ok_or_else(|| format!("{stix_id} has no date"))?;
        let id = match &own {
            Some((id, _)) if valid_id(id) => event_ids.take(id),
            _ => event_ids.take(&title),
        };
        let mut e = json!({"id": id, "date": date, "title": title.replace('\n', " ")});
        if let Some(end) = f.get("end").filter(|d| PartialDate::parse(d).is_ok()) {
            e["end"] = end.to_string().into();
        }
        if f.get("circa") == Some(&"true") {
            e["circa"] = true.into();
        }
        if let Some(c) = o["content"].as_str().filter(|c| *c != title) {
            e["summary"] = c.into();
        }
        let phase = f
            .get("phase")
            .copied()
            .filter(|p| Phase::parse(p).is_some())
            .or((o["relationship_type"] == "attributed-to").then_some("attribution"));
        if let Some(p) = phase {
            e["phase"] = p.into();
        }
        if let Some(c) = f.get("confidence").filter(|c| Confidence::parse(c).is_some()) {
            e["confidence"] = c.to_string().into();
        }
        let actors = actors_in(&refs);
        if !actors.is_empty() {
            e["actors"] = actors.into();
        }
        if let Some(sources) = backs.get(stix_id) {
            e["sources"] = sources.clone().into();
        }
        if let Some(labels) = o["labels"].as_array().filter(|l| !l.is_empty()) {
            e["tags"] = labels.clone().into();
        }
        draft.events.push(e);
    }
    if draft.events.is_empty() {
        return Err("the bundle has no dated relationships, sightings or itx notes to make events of".into());
    }
    Ok(draft)
}
