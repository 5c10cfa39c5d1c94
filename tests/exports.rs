//! Every export format, read back by something other than itx's own
//! writer: a CSV reader, an iCalendar parser, serde_json against what
//! TimelineJS, Timesketch and STIX require. (`.ci/run` also runs the OASIS
//! STIX validator on both bundled datasets.)

use assert_cmd::Command;
use itx::export::{self, ExportFormat};
use itx::model::Dataset;
use itx::store;

fn ds(name: &str) -> Dataset {
    store::load(name).unwrap().dataset
}

fn all(ds: &Dataset) -> Vec<usize> {
    (0..ds.events.len()).collect()
}

fn render(name: &str, format: ExportFormat) -> (Dataset, String) {
    let d = ds(name);
    let text = export::render(&d, &all(&d), format, &Default::default());
    (d, text)
}

#[test]
fn csv_has_a_row_per_event_with_every_field() {
    let (d, text) = render("uk-electoral-commission", ExportFormat::Csv);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    for field in [
        "id",
        "date",
        "end",
        "circa",
        "title",
        "summary",
        "phase",
        "actors",
        "sources",
        "tags",
        "confidence",
        "quotes",
    ] {
        assert!(header.iter().any(|h| h == field), "{field}");
    }
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), d.events.len());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let breach = rows.iter().find(|r| &r[col("id")] == "breach-begins").unwrap();
    assert_eq!(&breach[col("date")], "2021-08");
    assert_eq!(&breach[col("phase")], "compromise");
    assert!(breach[col("actors")].contains("; "), "lists are joined: {}", &breach[col("actors")]);
}

#[test]
fn markdown_is_a_briefing() {
    let (d, text) = render("uk-electoral-commission", ExportFormat::Markdown);
    assert!(text.starts_with(&format!("# {}\n", d.title)));
    for heading in ["## Milestones", "## Timeline (33 events)", "## Actors", "## Sources"] {
        assert!(text.contains(heading), "{heading}");
    }
    assert!(text.contains("- **dwell time**: 14 months"));
    let rows = text
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Date") && !l.starts_with("| ---"))
        .count();
    assert_eq!(rows, d.events.len());
    // Every table row has the same number of cells: pipes in text are escaped.
    for l in text.lines().filter(|l| l.starts_with("| ")) {
        assert_eq!(l.replace("\\|", "").matches('|').count(), 6, "{l}");
    }
    assert!(text.contains("](https://"), "sources link to their pages");
}

#[test]
fn ics_parses_with_an_independent_parser() {
    let (d, text) = render("uk-electoral-commission", ExportFormat::Ics);
    let cal = ical::IcalParser::new(text.as_bytes()).next().unwrap().unwrap();
    assert_eq!(cal.events.len(), d.events.len());
    let prop = |ev: &ical::parser::ical::component::IcalEvent, name: &str| {
        ev.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    let find = |id: &str| cal.events.iter().find(|e| prop(e, "UID").starts_with(&format!("{id}@"))).unwrap();
    // Month precision, a span to October 2022: all-day from the first day
    // of its month to the end of its end's month.
    let breach = find("breach-begins");
    assert_eq!(prop(breach, "DTSTART"), "20210801");
    assert_eq!(prop(breach, "DTEND"), "20221101");
    // Month precision alone: the whole month.
    let discovery = find("discovery");
    assert_eq!(
        (prop(discovery, "DTSTART"), prop(discovery, "DTEND")),
        ("20221001".into(), "20221101".into())
    );
    // Day precision: one all-day event.
    let dowden = find("dowden-statement");
    assert_eq!(
        (prop(dowden, "DTSTART"), prop(dowden, "DTEND")),
        ("20240325".into(), "20240326".into())
    );
    // Instants in UTC, spans with their end.
    let d = store::load(&format!("{}/tests/fixtures/good/full.json", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .dataset;
    let text = export::render(&d, &all(&d), ExportFormat::Ics, &Default::default());
    let cal = ical::IcalParser::new(text.as_bytes()).next().unwrap().unwrap();
    let starts: Vec<String> = cal.events.iter().map(|e| prop(e, "DTSTART")).collect();
    assert!(starts.iter().any(|s| s.ends_with('Z') && s.contains('T')), "{starts:?}");
}

#[test]
fn timesketch_lines_carry_what_timesketch_requires() {
    let (d, text) = render("apt31", ExportFormat::Timesketch);
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let spans = d.events.iter().filter(|e| e.end().is_some()).count();
    assert_eq!(lines.len(), d.events.len() + spans, "one line per date");
    for l in &lines {
        assert!(l["message"].is_string() && l["timestamp_desc"].is_string());
        let dt = l["datetime"].as_str().unwrap();
        assert!(chrono::DateTime::parse_from_rfc3339(dt).is_ok(), "{dt}");
        assert!(l["tag"].is_array() && l["actors"].is_array());
    }
}

#[test]
fn timelinejs_has_every_field_timelinejs_requires() {
    let (d, text) = render("uk-electoral-commission", ExportFormat::Timelinejs);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let events = doc["events"].as_array().unwrap();
    assert_eq!(events.len(), d.events.len());
    for (slide, e) in events.iter().zip(&d.events) {
        // TimelineJS3: a start_date with a year, and text or media.
        assert!(slide["start_date"]["year"].is_number());
        assert!(slide["text"]["headline"].is_string());
        // The date split at the event's own precision, never padded.
        let written = e.date.to_string();
        assert_eq!(slide["start_date"].get("month").is_some(), written.len() >= 7, "{written}");
        assert_eq!(slide["start_date"].get("day").is_some(), written.len() >= 10, "{written}");
        assert_eq!(slide["display_date"].is_string(), e.circa);
        assert_eq!(slide["group"].as_str(), e.phase.map(|p| p.as_str()));
    }
    let eras = doc["eras"].as_array().unwrap();
    assert_eq!(eras.len(), 3, "dwell, disclose, attribute");
    assert!(eras
        .iter()
        .all(|e| e["start_date"]["year"].is_number() && e["end_date"]["year"].is_number()));
}

#[test]
fn stix_bundles_are_deterministic_and_self_consistent() {
    for name in ["uk-electoral-commission", "apt31"] {
        let (d, text) = render(name, ExportFormat::Stix);
        assert_eq!(text, render(name, ExportFormat::Stix).1, "a re-export is identical");
        let bundle: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(bundle["type"], "bundle");
        let objects = bundle["objects"].as_array().unwrap();
        let ids: std::collections::HashSet<&str> = objects.iter().map(|o| o["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), objects.len(), "ids are unique");
        for o in objects {
            let id = o["id"].as_str().unwrap();
            let (kind, uuid) = id.split_once("--").unwrap();
            assert_eq!(kind, o["type"].as_str().unwrap());
            assert_eq!(uuid::Uuid::parse_str(uuid).unwrap().get_version_num(), 5, "{id}");
            assert_eq!(o["spec_version"], "2.1");
            for key in ["source_ref", "target_ref"] {
                if let Some(r) = o[key].as_str() {
                    assert!(ids.contains(r), "{id}.{key} points into the bundle");
                }
            }
            for r in o["object_refs"].as_array().into_iter().flatten() {
                assert!(ids.contains(r.as_str().unwrap()), "{id} refers into the bundle");
            }
        }
        let count = |t: &str| objects.iter().filter(|o| o["type"] == t).count();
        assert_eq!(count("report"), d.sources.len());
        assert_eq!(count("incident"), 1);
        assert!(count("intrusion-set") >= 1, "APT31");
        let attributions: Vec<&serde_json::Value> = objects
            .iter()
            .filter(|o| o["relationship_type"] == "attributed-to" && o["start_time"].is_string())
            .collect();
        assert!(!attributions.is_empty(), "attribution events are dated attributed-to relationships");
    }
}

#[test]
fn every_format_is_offered_on_the_command_line() {
    for format in ["json", "markdown", "csv", "ics", "stix", "timesketch", "timelinejs"] {
        let out = Command::cargo_bin("itx")
            .unwrap()
            .args(["export", "apt31", "--format", format])
            .assert()
            .success();
        assert!(!out.get_output().stdout.is_empty(), "{format}");
    }
}

#[test]
fn stars_and_notes_go_with_markdown_and_csv() {
    let d = ds("uk-electoral-commission");
    let mut marks = itx::store::marks::Marks::default();
    marks.events.insert(
        "discovery".into(),
        itx::store::marks::Mark {
            star: true,
            note: Some("confirm the month | day".into()),
        },
    );
    let csv_text = export::render(&d, &all(&d), ExportFormat::Csv, &marks);
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = rows.iter().find(|r| &r[col("id")] == "discovery").unwrap();
    assert_eq!((&row[col("starred")], &row[col("note")]), ("true", "confirm the month | day"));
    let md = export::render(&d, &all(&d), ExportFormat::Markdown, &marks);
    let line = md.lines().find(|l| l.contains("The commission spots")).unwrap();
    assert!(
        line.contains("★ **") && line.contains("*Note: confirm the month \\| day*"),
        "{line}"
    );
}
