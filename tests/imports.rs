//! Imports: other tools' timelines become datasets the loader accepts, and
//! itx's own STIX and Timesketch exports come back whole.

use itx::export::{self, ExportFormat};
use itx::import::{self, ImportFormat, Imported, Options};
use itx::model::{Dataset, Origin};
use itx::store::{self, Syntax};
use std::collections::BTreeMap;

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import(format: Option<ImportFormat>, text: &str) -> Imported {
    import::run(format, text, "input", &Options::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// The dataset as `itx import` writes it (YAML), read back by the loader.
fn written_and_reloaded(ds: &Dataset) -> Dataset {
    let all: Vec<usize> = (0..ds.events.len()).collect();
    let yaml = export::yaml::render(ds, &all);
    store::parse_text("imported.yaml", &yaml, Syntax::Yaml, Origin::Bundled("imported"))
        .unwrap_or_else(|e| panic!("{e}\n{yaml}"))
        .dataset
}

/// Everything a dataset says, as the format writes it.
fn whole(ds: &Dataset) -> serde_json::Value {
    let all: Vec<usize> = (0..ds.events.len()).collect();
    export::json::dataset(ds, &all)
}

/// Where two JSON values first differ, as a path and both sides: a whole
/// dataset in an assertion message is unreadable.
fn difference(a: &serde_json::Value, b: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value::*;
    match (a, b) {
        (Object(x), Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                let (p, q) = (x.get(k).unwrap_or(&Null), y.get(k).unwrap_or(&Null));
                if let Some(d) = difference(p, q, &format!("{at}.{k}")) {
                    return Some(d);
                }
            }
            None
        }
        (Array(x), Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                let (p, q) = (x.get(i).unwrap_or(&Null), y.get(i).unwrap_or(&Null));
                if let Some(d) = difference(p, q, &format!("{at}[{i}]")) {
                    return Some(d);
                }
            }
            None
        }
        _ if a == b => None,
        _ => Some(format!("{at}: {a} != {b}")),
    }
}

/// For each date something became public, how many events were public
/// by its end (what `itx list --as-of` counts).
fn known_as_of(ds: &Dataset) -> BTreeMap<String, usize> {
    let known = ds.known_from();
    known
        .iter()
        .map(|d| (d.to_string(), known.iter().filter(|k| Dataset::public_as_of(k, d)).count()))
        .collect()
}

fn originals() -> Vec<(String, Dataset)> {
    let mut v: Vec<(String, Dataset)> = ["uk-electoral-commission", "apt31"]
        .iter()
        .map(|n| (n.to_string(), store::load(n).unwrap().dataset))
        .collect();
    let every = store::parse_text(
        "every-key.yaml",
        &fixture("good/every-key.yaml"),
        Syntax::Yaml,
        Origin::Bundled("every-key"),
    )
    .unwrap()
    .dataset;
    v.push(("every-key.yaml".into(), every));
    v
}

#[test]
fn stix_and_timesketch_round_trips_give_back_the_whole_dataset() {
    for (name, original) in originals() {
        let all: Vec<usize> = (0..original.events.len()).collect();
        for (out, back) in [
            (ExportFormat::Stix, ImportFormat::Stix),
            (ExportFormat::Timesketch, ImportFormat::Timesketch),
        ] {
            let text = export::render(&original, &all, out, &Default::default());
            // Told from the content, as `itx import FILE` tells it.
            assert_eq!(import::detect(&text).unwrap(), back, "{name} {out:?}");
            let imported = import(None, &text);
            assert_eq!(imported.report.skipped, 0, "{name} {out:?}: {:?}", imported.report.warnings);
            let again = written_and_reloaded(&imported.dataset);
            let d = difference(&whole(&again), &whole(&original), "");
            assert!(d.is_none(), "{name} through {out:?}: {}", d.unwrap_or_default());
            assert_eq!(
                known_as_of(&again),
                known_as_of(&original),
                "{name} through {out:?}: what was public when"
            );
        }
    }
}

#[test]
fn the_every_key_fixture_uses_every_key_a_round_trip_must_keep() {
    let text = fixture("good/every-key.yaml");
    for key in [
        "quotes:",
        "aliases:",
        "country:",
        "affiliations:",
        "reliability:",
        "circa:",
        "end:",
        "fields:",
        ".123456+01:00",
        "published: 2023",
        "techniques:",
        "indicators:",
    ] {
        assert!(text.contains(key), "{key}");
    }
    let ds = &originals()[2].1;
    assert!(ds.sources.iter().any(|s| s.published.is_none()), "an undated source");
    assert!(ds.events.iter().any(|e| !e.fields.is_empty()));
}

#[test]
fn timesketch_csv_is_read_as_timesketch_reads_it() {
    let imported = import(None, &fixture("import/timesketch-forms.csv"));
    let ds = written_and_reloaded(&imported.dataset);
    let by_title = |t: &str| {
        ds.events
            .iter()
            .find(|e| e.title.starts_with(t))
            .unwrap_or_else(|| panic!("no event titled {t}"))
    };
    let date = |t: &str| by_title(t).date.to_string();
    assert_eq!(date("Offset without a colon"), "2022-07-24T19:01:01Z");
    assert_eq!(date("No offset at all"), "2017-09-24T19:01:01Z", "no offset is UTC");
    assert_eq!(date("Epoch microseconds in datetime"), "2024-08-12T15:03:14.349345Z");
    assert_eq!(date("Only a timestamp in seconds"), "2022-07-24T19:01:01Z");
    assert_eq!(date("Only a timestamp in milliseconds"), "2022-07-24T19:01:01.123Z");
    // Two lines that differ only by timestamp_desc stay two events.
    let stopped: Vec<_> = ds.events.iter().filter(|e| e.title == "Service stopped").collect();
    assert_eq!(stopped.len(), 2);
    let desc = |e: &itx::model::Event| ds.fields_of(e).find(|(k, _)| *k == "timestamp_desc").map(|(_, v)| v.to_string());
    assert_ne!(desc(stopped[0]), desc(stopped[1]));
    assert_eq!(stopped[0].date.to_string(), "2012-03-14T04:17:38.276340Z", "microseconds kept");
    assert_ne!(stopped[0].id, stopped[1].id);
    // Every other column is a field; `id` is renamed, the timeline id dropped.
    let fields: Vec<(&str, String)> = ds.fields_of(stopped[0]).map(|(k, v)| (k, v.to_string())).collect();
    assert!(fields.contains(&("computer_name", "WKS-01".into())), "{fields:?}");
    assert!(fields.contains(&("id_", "a1".into())), "{fields:?}");
    assert!(
        fields.iter().any(|(k, v)| *k == "xml_string" && v.contains("<EventID>7036")),
        "a cell over several lines"
    );
    assert!(!fields.iter().any(|(k, _)| k.contains("ts_timeline")));
    // Tags: plaso's `-` is none, a JSON list and words split on commas.
    let tags = |t: &str| by_title(t).tags.iter().map(|&x| ds.tag(x).to_string()).collect::<Vec<_>>();
    assert!(tags("Offset without a colon").is_empty());
    assert_eq!(tags("No offset at all"), ["phishing", "initial-access"]);
    assert_eq!(tags("Epoch microseconds"), ["web"]);
    // A terminal escape in a cell is shown, never sent.
    assert!(by_title("Real escape").title.contains('␛'));
    assert!(!ds.events.iter().any(|e| e.title.contains('\u{1b}')));
    // Each event is backed by the file it came from, and says its line.
    assert_eq!(ds.sources.len(), 1);
    assert!(ds.events.iter().all(|e| e.sources == [0]));
    assert_eq!(
        ds.fields_of(by_title("Offset without a colon"))
            .find(|(k, _)| *k == "line")
            .map(|(_, v)| v.to_string()),
        Some("6".into())
    );
    // Bad lines are skipped with their line and why; the rest imports.
    let w = &imported.report.warnings;
    assert_eq!(imported.report.skipped, 3, "{w:?}");
    assert!(w.iter().any(|x| x.starts_with("line 11: datetime \"1234 19:01:01\"")), "{w:?}");
    assert!(w.iter().any(|x| x.starts_with("line 12:") && x.contains("1677 to 2262")), "{w:?}");
    assert!(w.iter().any(|x| x.starts_with("line 13: no message")), "{w:?}");
    assert_eq!(ds.events.len(), 9);
}

#[test]
fn strict_refuses_a_file_at_its_first_bad_line() {
    let err = import::run(None, &fixture("import/timesketch-forms.csv"), "x", &Options { strict: true }).unwrap_err();
    assert!(err.starts_with("line 11:") && err.contains("--strict"), "{err}");
}

#[test]
fn plaso_json_line_is_read_with_its_nested_attributes_flattened() {
    let imported = import(None, &fixture("import/plaso-json_line.jsonl"));
    let ds = written_and_reloaded(&imported.dataset);
    assert_eq!(ds.events.len(), 3);
    assert_eq!(imported.report.skipped, 2);
    assert!(imported.report.warnings[0].starts_with("line 4: not JSON"));
    assert_eq!(imported.report.warnings[1], "line 5: no datetime or timestamp; skipped");
    let first = &ds.events[0];
    assert_eq!(first.date.to_string(), "2012-01-22T07:52:33Z", "whole seconds stay seconds");
    assert_eq!(first.title, "[client, pid: 30840] INFO No new content in ímynd.dd.");
    let fields: BTreeMap<&str, String> = ds.fields_of(first).map(|(k, v)| (k, v.to_string())).collect();
    assert_eq!(fields["pathspec.location"], "/var/log/syslog");
    assert_eq!(fields["pid"], "30840");
    assert!(
        !fields.keys().any(|k| k.contains("__")),
        "plaso's serialisation keys are left out: {fields:?}"
    );
    let access = ds
        .events
        .iter()
        .find(|e| e.tags.iter().any(|&t| ds.tag(t) == "suspicious"))
        .unwrap();
    assert_eq!(access.date.to_string(), "2019-10-31T13:23:48.123456Z");
    // plaso's own form of tags: an object with its labels.
    let labelled = ds
        .events
        .iter()
        .find(|e| e.title == "OS:/bin/bzcat Type: file" && e.id != access.id)
        .unwrap();
    let tags: Vec<&str> = labelled.tags.iter().map(|&t| ds.tag(t)).collect();
    assert_eq!(tags, ["exit1", "repeated"]);
    assert!(
        ds.fields_of(labelled).all(|(k, _)| !k.starts_with("tag")),
        "the labels are tags, not a field"
    );
    assert!(ds.sources[0].title.starts_with("plaso timeline"));
}

#[test]
fn stix_as_platforms_publish_it() {
    let imported = import(None, &fixture("import/bundle.json"));
    let ds = written_and_reloaded(&imported.dataset);
    let event = |t: &str| {
        ds.events
            .iter()
            .find(|e| e.title == t)
            .unwrap_or_else(|| panic!("no event {t:?} in {:?}", ds.events.iter().map(|e| &e.title).collect::<Vec<_>>()))
    };
    let actors = |e: &itx::model::Event| e.actors().iter().map(|&a| ds.actor(a).name.clone()).collect::<Vec<_>>();
    // A campaign is a span, attributed (undated) to an intrusion set and
    // targeting a victim, with its references and its report as sources.
    let campaign = event("Campaign Operation Water Ghost active");
    assert_eq!(campaign.date.to_string(), "2021-08-01", "ATT&CK's 04:00 UTC is a day");
    assert_eq!(campaign.end().unwrap().to_string(), "2022-10-01");
    assert_eq!(actors(campaign), ["APT 99", "Acme Water"]);
    assert_eq!(
        campaign.confidence,
        Some(itx::model::Confidence::HighlyLikely),
        "85 on the DNI scale"
    );
    assert_eq!(campaign.sources.len(), 3);
    assert!(campaign.summary().unwrap().contains("Uses Poison Ivy."));
    // A dated relationship is a sentence, never ids.
    let rel = event("Operation Water Ghost is attributed to APT 99");
    assert_eq!(rel.phase, Some(itx::model::Phase::Attribution));
    assert_eq!(rel.end().unwrap().to_string(), "2023-06-30");
    assert!(ds.events.iter().all(|e| !e.title.contains("--")), "no raw STIX ids in titles");
    assert!(event("Observed 3 times: IPv4 address 203.0.113.5").end().is_some());
    event("Indicator: [ipv4-addr:value = '203.0.113.5']");
    assert!(ds
        .events
        .iter()
        .any(|e| e.title.starts_with("Indicator [ipv4-addr") && e.title.ends_with("sighted by Acme Water (3 times)")));
    // The latest version of an object counts; a revoked one is left out.
    assert!(ds.sources.iter().any(|s| s.title == "Water Ghost: the report"));
    assert!(!ds.events.iter().any(|e| e.title.contains("Withdrawn")));
    // Actors: ids in ASCII, kinds, victims, countries, affiliations.
    let anssi = ds.actors.iter().find(|a| a.name.starts_with("ANSSI")).unwrap();
    assert_eq!(anssi.id, "anssi-sous-direction-operations");
    assert_eq!(anssi.kind, itx::model::ActorKind::Government);
    let apt = ds.actors.iter().find(|a| a.name == "APT 99").unwrap();
    assert_eq!(apt.aliases, ["Blue Ghost"]);
    assert_eq!(ds.actor(apt.affiliations[0]).name, "Unit 99");
    assert_eq!(ds.actor(apt.affiliations[0]).country.as_deref(), Some("CN"));
    assert_eq!(
        ds.actors.iter().find(|a| a.name == "Acme Water").unwrap().kind,
        itx::model::ActorKind::Victim
    );
    assert!(imported.report.notes.iter().any(|n| n.contains("1 revoked")));
}

#[test]
fn a_bundle_with_nothing_dated_is_refused_saying_what_it_holds() {
    let err = import::run(None, &fixture("import/nothing-dated.json"), "x", &Options::default()).unwrap_err();
    assert!(err.contains("4 objects, 0 dated"), "{err}");
    assert!(err.contains("1 intrusion set, 1 relationship, 1 threat actor"), "{err}");
    assert!(err.contains("created and modified"), "{err}");
}

#[test]
fn rows_are_named_by_their_line_and_a_story_names_them_by_title() {
    let long = "x".repeat(300);
    let text = format!(
        "message,datetime\n{long} and more,2021-01-01T00:00:00Z\n{long} and more,2021-01-01T00:00:00Z\nOpérations spéciales.,2021-01-02T00:00:00Z\n"
    );
    let ds = import(Some(ImportFormat::Timesketch), &text).dataset;
    let ids: Vec<&str> = ds.events.iter().map(|e| &*e.id).collect();
    assert_eq!(ids, ["line-2", "line-3", "line-4"]);
    // Starred into a story, they take short, readable, unique ids.
    let mut marks = itx::store::marks::Marks::default();
    for id in &ids {
        marks
            .events
            .insert(id.to_string(), itx::store::marks::Mark { star: true, note: None });
    }
    let story = itx::export::story::starred(&ds, &[0, 1, 2], &marks);
    let ids: Vec<&str> = story.events.iter().map(|e| &*e.id).collect();
    assert!(ids.iter().all(|i| i.len() <= 64), "{ids:?}");
    assert_ne!(ids[0], ids[1]);
    assert_eq!(ids[2], "operations-speciales");
    let again = itx::export::story::starred(&ds, &[0, 1, 2], &marks);
    assert_eq!(again.events.iter().map(|e| &*e.id).collect::<Vec<_>>(), ids, "stable across runs");
}

#[test]
fn what_cannot_be_told_or_read_is_refused_with_a_reason() {
    let err = |text: &str| import::run(None, text, "x", &Options::default()).unwrap_err();
    assert!(err("not json, not csv").contains("--as"));
    assert!(err("{\"a\": 1}\n").contains("no message"));
    assert!(err("date,time,timezone,MACB,source\n01/22/2012,07:52:33,UTC,M...,LOG\n").contains("--map"));
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(import::run(Some(ImportFormat::Stix), &deep, "x", &Options::default())
        .unwrap_err()
        .contains("not JSON"));
    assert!(err("message,datetime\n").contains("nothing to import"));
    assert!(
        import::run(Some(ImportFormat::Timesketch), "id,when\n1,2\n", "x", &Options::default())
            .unwrap_err()
            .contains("header is: id, when")
    );
}

#[test]
fn a_large_field_imports_whole() {
    let big = "a".repeat(4 << 20);
    let text = format!("{{\"message\": \"m\", \"datetime\": \"2026-02-18T13:37:00+00:00\", \"FeatureVector\": \"{big}\"}}\n");
    let ds = import(None, &text).dataset;
    assert_eq!(ds.fields_of(&ds.events[0]).next().unwrap().1.to_string().len(), big.len());
}

#[test]
fn itx_csv_comes_back_as_far_as_it_carries() {
    for (name, ds) in originals() {
        let all: Vec<usize> = (0..ds.events.len()).collect();
        let csv = export::render(&ds, &all, ExportFormat::Csv, &Default::default());
        let back = written_and_reloaded(&import(None, &csv).dataset);
        assert_eq!(back.events.len(), ds.events.len(), "{name}");
        for e in &ds.events {
            let b = back
                .events
                .iter()
                .find(|b| b.id == e.id)
                .unwrap_or_else(|| panic!("{name}: {}", e.id));
            let ids = |d: &Dataset, ev: &itx::model::Event| {
                (
                    ev.actors().iter().map(|&a| d.actor(a).id.clone()).collect::<Vec<_>>(),
                    ev.sources.iter().map(|&s| d.source(s).id.clone()).collect::<Vec<_>>(),
                    ev.tags.iter().map(|&t| d.tag(t).to_string()).collect::<Vec<_>>(),
                )
            };
            assert_eq!(
                (&b.date, b.end(), b.circa, &b.title, b.summary(), b.phase, b.confidence),
                (&e.date, e.end(), e.circa, &e.title, e.summary(), e.phase, e.confidence),
                "{name}: {}",
                e.id
            );
            assert_eq!(b.date.to_string(), e.date.to_string(), "{name}: dates at their precision");
            assert_eq!(ids(&back, b), ids(&ds, e), "{name}: {}", e.id);
            assert_eq!(b.techniques(), e.techniques(), "{name}: {}", e.id);
            let iocs = |ev: &itx::model::Event| ev.indicators().iter().map(|i| (i.kind, i.value.clone())).collect::<Vec<_>>();
            assert_eq!(iocs(b), iocs(e), "{name}: {} (defanged in the CSV, refanged back)", e.id);
            // Quotes: the text, with the speaker's name after it.
            assert_eq!(b.quotes().len(), e.quotes().len(), "{name}: {}", e.id);
            for (q, orig) in b.quotes().iter().zip(e.quotes()) {
                assert!(q.text.starts_with(orig.text.trim()), "{name}: {:?} / {:?}", q.text, orig.text);
            }
        }
        // Actor names come back; a source is only its id.
        for a in &back.actors {
            let orig = ds.actors.iter().find(|o| o.id == a.id).unwrap();
            assert_eq!(a.name, orig.name);
        }
    }
}

#[test]
fn the_authoring_sheet_becomes_a_dataset_and_its_mistakes_name_row_and_column() {
    let sheet = "date,end,title,summary,phase,actors,source_title,source_url,source_publisher,source_date,tags,confidence\n\
        2023-05-27,,Cl0p exploits MOVEit Transfer,\"Mass exploitation, zero-day.\",compromise,Cl0p; Progress Software,Progress advisory,https://example.org/a,Progress,2023-05-31,moveit; zero-day,likely\n\
        2023-05-31,,Progress discloses the flaw,,disclosure,Progress Software,Progress advisory,https://example.org/a,Progress,2023-05-31,moveit,\n\
        2023-06-05,,Cl0p claims the attacks,,atribution,Cl0p,Blog post,https://example.org/b,,,,sure\n\
        2023-13-01,,A row with a bad date,,,,,,,,,\n";
    let imported = import(Some(ImportFormat::Csv), sheet);
    let ds = written_and_reloaded(&imported.dataset);
    assert_eq!(ds.events.len(), 3);
    assert_eq!(
        ds.actors.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        ["cl0p", "progress-software"]
    );
    assert_eq!(ds.sources.len(), 2, "one source per address");
    let advisory = ds
        .sources
        .iter()
        .find(|s| s.url.as_deref() == Some("https://example.org/a"))
        .unwrap();
    assert_eq!(
        (advisory.title.as_str(), advisory.publisher.as_deref()),
        ("Progress advisory", Some("Progress"))
    );
    assert_eq!(advisory.published.map(|d| d.to_string()).as_deref(), Some("2023-05-31"));
    let first = &ds.events[0];
    assert_eq!(first.tags.iter().map(|&t| ds.tag(t)).collect::<Vec<_>>(), ["moveit", "zero-day"]);
    assert_eq!(first.confidence, Some(itx::model::Confidence::Likely));
    let w = imported.report.warnings.join("\n");
    assert!(
        w.contains("row 4, column phase: `atribution`") && w.contains("did you mean `attribution`?"),
        "{w}"
    );
    assert!(w.contains("row 4, column confidence: `sure`"), "{w}");
    assert!(w.contains("row 5, column date:") && w.contains("row left out"), "{w}");
    // The sheet itx new writes is one of these.
    let blank = itx::template::sheet();
    assert_eq!(import(None, &blank).dataset.events.len(), 1);
}
