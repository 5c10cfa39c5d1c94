//! Imports: what another tool wrote becomes a valid dataset, and itx's own
//! exports come back with their ids, dates at their precision, titles,
//! actors and tags.

use itx::export::{self, ExportFormat};
use itx::import::{self, ImportFormat};
use itx::model::{Dataset, Origin};
use itx::store::{self, Syntax};
use std::collections::BTreeMap;

type Facts = (String, Option<String>, String, Vec<String>, Vec<String>);

/// Per event id: date and end as written, title, actor ids, tags.
fn facts(ds: &Dataset) -> BTreeMap<String, Facts> {
    ds.events
        .iter()
        .map(|e| {
            let mut actors: Vec<String> = e.actors.iter().map(|&a| ds.actor(a).id.clone()).collect();
            actors.sort();
            let mut tags: Vec<String> = e.tags.iter().map(|&t| ds.tag(t).to_string()).collect();
            tags.sort();
            (
                e.id.clone(),
                (e.date.to_string(), e.end.map(|d| d.to_string()), e.title.clone(), actors, tags),
            )
        })
        .collect()
}

fn reload(yaml: &str) -> Dataset {
    store::parse_text("imported.yaml", yaml, Syntax::Yaml, Origin::Bundled("imported"))
        .unwrap_or_else(|e| panic!("{e}\n{yaml}"))
        .dataset
}

#[test]
fn exports_come_back_through_import_unchanged() {
    for name in ["uk-electoral-commission", "apt31"] {
        let original = store::load(name).unwrap().dataset;
        let all: Vec<usize> = (0..original.events.len()).collect();
        for (out, back) in [
            (ExportFormat::Stix, ImportFormat::Stix),
            (ExportFormat::Timesketch, ImportFormat::Timesketch),
        ] {
            let text = export::render(&original, &all, out, &Default::default());
            let yaml = import::run(back, &text, "export").unwrap_or_else(|e| panic!("{name} {out:?}: {e}"));
            let again = reload(&yaml);
            assert_eq!(facts(&again), facts(&original), "{name} through {out:?}");
            assert_eq!(again.title, original.title);
        }
    }
}

#[test]
fn the_stix_round_trip_keeps_actor_kinds_and_sources() {
    let original = store::load("apt31").unwrap().dataset;
    let all: Vec<usize> = (0..original.events.len()).collect();
    let again = reload(
        &import::run(
            ImportFormat::Stix,
            &export::render(&original, &all, ExportFormat::Stix, &Default::default()),
            "x",
        )
        .unwrap(),
    );
    let kinds = |ds: &Dataset| ds.actors.iter().map(|a| (a.id.clone(), a.kind)).collect::<BTreeMap<_, _>>();
    assert_eq!(kinds(&again), kinds(&original));
    assert_eq!(again.sources.len(), original.sources.len());
    let e = again.events.iter().find(|e| e.id == "us-indictment").unwrap_or(&again.events[0]);
    assert!(!e.sources.is_empty(), "events keep the reports that back them");
}

#[test]
fn timesketch_csv_without_itx_fields_becomes_a_dataset() {
    let csv = "message,datetime,timestamp_desc,tag\n\
               Phishing mail opened,2023-05-02T08:14:00+02:00,Event Recorded,\"phishing,initial-access\"\n\
               Beacon to C2,2023-05-02T09:00:00Z,Event Recorded,c2\n\
               Beacon to C2,2023-05-03T09:00:00Z,Event Recorded,c2\n";
    let yaml = import::run(ImportFormat::Timesketch, csv, "sketch.csv").unwrap();
    let ds = reload(&yaml);
    assert_eq!(ds.events.len(), 3);
    let first = &ds.events[0];
    assert_eq!(first.date.to_string(), "2023-05-02T06:14:00Z", "instants in UTC, to the second");
    assert_eq!(first.id, "phishing-mail-opened");
    let ids: Vec<&str> = ds.events.iter().map(|e| e.id.as_str()).collect();
    assert!(
        ids.contains(&"beacon-to-c2") && ids.contains(&"beacon-to-c2-2"),
        "ids are unique: {ids:?}"
    );
    assert_eq!(ds.tag(first.tags[1]), "initial-access");
}

#[test]
fn a_foreign_stix_bundle_gives_events_from_dated_relationships_and_sightings() {
    let bundle = r#"{"type":"bundle","id":"bundle--1","objects":[
      {"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--a","name":"APT 99","aliases":["Blue Ghost"]},
      {"type":"identity","spec_version":"2.1","id":"identity--b","name":"Acme Water","identity_class":"organization"},
      {"type":"relationship","spec_version":"2.1","id":"relationship--c","relationship_type":"targets",
       "source_ref":"intrusion-set--a","target_ref":"identity--b","start_time":"2022-03-04T00:00:00Z"},
      {"type":"sighting","spec_version":"2.1","id":"sighting--d","sighting_of_ref":"intrusion-set--a",
       "where_sighted_refs":["identity--b"],"first_seen":"2022-04-01T10:30:00Z","description":"Beaconing seen at Acme"},
      {"type":"report","spec_version":"2.1","id":"report--e","name":"Acme incident report","published":"2022-05-01T00:00:00Z",
       "object_refs":["relationship--c"]}]}"#;
    let ds = reload(&import::run(ImportFormat::Stix, bundle, "foreign.json").unwrap());
    assert_eq!(ds.events.len(), 2);
    let rel = &ds.events[0];
    assert_eq!(rel.title, "APT 99 targets Acme Water");
    assert_eq!(rel.date.to_string(), "2022-03-04", "midnight timestamps read as days");
    assert_eq!(rel.sources.len(), 1);
    let names: Vec<&str> = rel.actors.iter().map(|&a| ds.actor(a).name.as_str()).collect();
    assert_eq!(names, ["APT 99", "Acme Water"]);
    assert_eq!(ds.events[1].date.to_string(), "2022-04-01T10:30:00Z");
    assert_eq!(ds.actors[0].kind, itx::model::ActorKind::ThreatActor);
}

#[test]
fn what_cannot_become_a_dataset_is_refused_with_a_reason() {
    assert!(import::run(ImportFormat::Stix, "{\"type\":\"indicator\"}", "x")
        .unwrap_err()
        .contains("not a STIX bundle"));
    assert!(import::run(ImportFormat::Stix, "not json", "x").unwrap_err().contains("not JSON"));
    let err = import::run(ImportFormat::Timesketch, "{\"message\":\"m\"}\n", "x").unwrap_err();
    assert!(err.contains("datetime"), "{err}");
}
