//! Loading: every bad-input class gets an error that names the file and the
//! place, and nothing panics.

use itx::model::Origin;
use itx::store::{self, Diagnostic, LoadError, Syntax};
use std::path::Path;
use std::time::{Duration, Instant};

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn errors_of(name: &str) -> Vec<Diagnostic> {
    match store::load_file(Path::new(&fixture(name))) {
        Ok(_) => panic!("{name} loaded but should not"),
        Err(LoadError { diagnostics }) => diagnostics.into_iter().filter(|d| d.is_error()).collect(),
    }
}

fn rendered(name: &str) -> Vec<String> {
    errors_of(name).iter().map(|d| d.to_string()).collect()
}

fn parse(text: &str) -> Result<store::Loaded, LoadError> {
    store::parse_text("mem.yaml", text, Syntax::Yaml, Origin::File("mem.yaml".into()))
}

/// Asserts one rendered error starts with `prefix` (file and place) and
/// contains every word of `words`.
fn has(errors: &[String], prefix: &str, words: &[&str]) {
    assert!(
        errors.iter().any(|e| e.contains(prefix) && words.iter().all(|w| e.contains(w))),
        "no error at {prefix:?} with {words:?} in:\n{}",
        errors.join("\n")
    );
}

#[test]
fn good_fixtures_load() {
    for name in ["good/minimal.yaml", "good/full.json", "good/bom-crlf.yaml"] {
        let l = store::load_file(Path::new(&fixture(name))).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!l.dataset.events.is_empty());
    }
    let bom = store::load_file(Path::new(&fixture("good/bom-crlf.yaml"))).unwrap();
    assert_eq!(bom.dataset.title, "BOM and CRLF");
    assert_eq!(bom.dataset.events[0].title, "Windows editors write this");
}

#[test]
fn warnings_do_not_stop_a_load() {
    let l = store::load_file(Path::new(&fixture("good/minimal.yaml"))).unwrap();
    assert_eq!(l.warnings.len(), 1);
    assert!(l.warnings[0]
        .to_string()
        .contains("minimal.yaml:4:5: warning: events[0] (only): no sources"));
}

#[test]
fn every_date_problem_is_reported_at_once_with_its_place() {
    let e = rendered("bad/dates.yaml");
    assert_eq!(e.len(), 5, "{e:#?}");
    has(
        &e,
        "dates.yaml:5:5: error: events[0] (naive).date",
        &["\"2021-08-14T09:30\"", "offset", "YYYY-MM-DD"],
    );
    has(
        &e,
        "dates.yaml:8:5: error: events[1] (feb30).date",
        &["\"2021-02-30\"", "does not exist"],
    );
    has(&e, "dates.yaml:11:5: error: events[2] (month13).date", &["\"2021-13\"", "01 to 12"]);
    has(&e, "dates.yaml:15:5: error: events[3] (backwards).end", &["before date 2022-10"]);
    has(&e, "dates.yaml:18:5: error: events[4] (words).date", &["\"Aug 2021\""]);
}

#[test]
fn references_vocabularies_and_duplicates() {
    let e = rendered("bad/references.yaml");
    has(
        &e,
        "references.yaml:18:14: error: events[0] (a).actors[0]",
        &["unknown actor `apt-31`", "did you mean `apt31`"],
    );
    has(
        &e,
        "references.yaml:19:15: error: events[0] (a).sources[0]",
        &["unknown source `ncsc-2024`"],
    );
    has(
        &e,
        "events[0] (a).phase",
        &[
            "unknown phase `compromized`",
            "did you mean `compromise`",
            "allowed: compromise, discovery",
        ],
    );
    has(&e, "events[1] (a).id", &["duplicate event id `a`"]);
    has(&e, "actors[1] (apt31).id", &["duplicate actor id `apt31`"]);
    has(&e, "actors[1] (apt31).kind", &["threat-group", "threat-actor, state-agency"]);
    has(&e, "sources[0] (ncsc).reliability", &["`Z`", "A, B, C, D, E, F"]);
    has(&e, "events[1] (a).confidence", &["very-likely", "almost-certain"]);
}

#[test]
fn unknown_keys_name_the_closest_key_and_all_are_reported() {
    let e = rendered("bad/unknown-keys.yaml");
    assert_eq!(e.len(), 4, "{e:#?}");
    has(
        &e,
        "unknown-keys.yaml:7:5: error: events[0] (a).tilte",
        &["did you mean `title`", "allowed here: id, date"],
    );
    has(&e, "unknown-keys.yaml:13:5: error: events[1] (b).phsae", &["did you mean `phase`"]);
    has(&e, "unknown-keys.yaml:14:5: error: events[1] (b).tgas", &["did you mean `tags`"]);
    has(&e, "unknown-keys.yaml:3:1: error: sumary", &["did you mean `summary`"]);
}

#[test]
fn wrong_types_are_placed() {
    let e = rendered("bad/wrong-type.yaml");
    has(&e, "wrong-type.yaml:7:5: error: events[0] (a).actors", &["wrong type", "sequence"]);
    has(&e, "wrong-type.yaml:11:5: error: events[1] (b).circa", &["\"NO\"", "boolean"]);
}

#[test]
fn parser_errors_carry_line_and_column() {
    has(&rendered("bad/syntax.yaml"), "syntax.yaml:7:7: error:", &["flow sequence"]);
    has(&rendered("bad/tabs.yaml"), "tabs.yaml:4:1: error:", &["tab", "spaces"]);
    has(&rendered("bad/self-alias.yaml"), "self-alias.yaml:2:", &["error"]);
    has(
        &rendered("bad/multi-doc.yaml"),
        "multi-doc.yaml:5:1: error:",
        &["second YAML document", "---"],
    );
    has(
        &rendered("bad/duplicate-keys.yaml"),
        "duplicate-keys.yaml:3:1: error:",
        &["`title` appears twice (first on line 2)"],
    );
    has(
        &rendered("bad/nan-and-digits.yaml"),
        "nan-and-digits.yaml:5:5: error: events[0] (a).date",
        &["wrong type"],
    );
    has(
        &rendered("bad/nan-and-digits.yaml"),
        "nan-and-digits.yaml:1:1: error: format",
        &["wrong type"],
    );
}

#[test]
fn format_title_and_events_rules() {
    has(
        &rendered("bad/format-2.yaml"),
        "format-2.yaml:1:1: error: format: 2 is not a format",
        &["it reads format 1"],
    );
    assert!(
        !rendered("bad/format-2.yaml").concat().contains("format: format"),
        "the word said once"
    );
    let e = rendered("bad/empty-title.yaml");
    has(&e, "empty-title.yaml:2:1: error: title", &["empty"]);
    has(&e, "events[0] (Bad_ID).id", &["\"Bad_ID\"", "lower-case"]);
    has(&e, "events[0] (Bad_ID).title", &["empty"]);
    has(
        &rendered("bad/no-events.yaml"),
        "no-events.yaml:3:1: error: events",
        &["at least one event"],
    );
    has(
        &rendered("bad/not-a-map.yaml"),
        "not-a-map.yaml: error:",
        &["mapping", "found a list"],
    );
}

#[test]
fn files_that_are_not_utf8_text() {
    has(&rendered("bad/empty.yaml"), "empty.yaml: error:", &["empty"]);
    has(
        &rendered("bad/only-comments.yaml"),
        "only-comments.yaml: error:",
        &["only comments"],
    );
    has(
        &rendered("bad/invalid-utf8.yaml"),
        "invalid-utf8.yaml:6:15: error:",
        &["not valid UTF-8"],
    );
    has(&rendered("bad/utf16.yaml"), "utf16.yaml: error:", &["UTF-16", "UTF-8"]);
    has(&rendered("bad/nul.yaml"), "nul.yaml:2:11: error:", &["NUL"]);
}

#[test]
fn paths_that_are_not_dataset_files() {
    let missing = store::load_file(Path::new("/nonexistent/x.yaml")).unwrap_err().to_string();
    assert!(missing.contains("/nonexistent/x.yaml: error: no such file"), "{missing}");
    let dir = store::load_file(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap_err().to_string();
    assert!(dir.contains("is a directory"), "{dir}");
    // Reading /proc/self/mem from offset 0 fails with EIO even for root,
    // which chmod 000 cannot arrange.
    #[cfg(target_os = "linux")]
    {
        let unreadable = store::load_file(Path::new("/proc/self/mem")).unwrap_err().to_string();
        assert!(unreadable.contains("/proc/self/mem: error: cannot be read"), "{unreadable}");
    }
    #[cfg(unix)]
    {
        let tmp = tempfile::tempdir().unwrap();
        let link = tmp.path().join("dangling.yaml");
        std::os::unix::fs::symlink(tmp.path().join("gone.yaml"), &link).unwrap();
        let dangling = store::load_file(&link).unwrap_err().to_string();
        assert!(dangling.contains("symbolic link to a file that does not exist"), "{dangling}");
    }
}

#[test]
fn a_fifo_is_refused_without_blocking() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("pipe.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let e = store::load_file(&fifo).unwrap_err().to_string();
    assert!(e.contains("not a regular file"), "{e}");
}

#[test]
fn alias_bomb_is_refused_fast() {
    let mut text = String::from("format: 1\ntitle: bomb\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = format!("*a{}", i - 1);
        text += &format!("a{i}: &a{i} [{}]\n", [prev.as_str(); 10].join(", "));
    }
    text += "events: []\n";
    let start = Instant::now();
    let e = parse(&text).unwrap_err().to_string();
    assert!(start.elapsed() < Duration::from_secs(5), "took {:?}", start.elapsed());
    assert!(e.contains("alias bomb") || e.contains("repetition limit"), "{e}");
    assert!(e.contains("mem.yaml:"), "{e}");
}

#[test]
fn nesting_100000_deep_is_refused_without_overflowing_the_stack() {
    let text = format!("format: 1\ntitle: deep\nevents: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let e = parse(&text).unwrap_err().to_string();
    assert!(e.contains("nests too deeply") || e.contains("recursion limit"), "{e}");
    let text = format!(
        "format: 1\ntitle: deep\nevents: {}1{}\n",
        "{a: ".repeat(100_000),
        "}".repeat(100_000)
    );
    assert!(parse(&text).is_err());
}

#[test]
fn a_two_megabyte_title_loads() {
    let title = "x".repeat(2 << 20);
    let text = format!("format: 1\ntitle: {title}\nevents:\n  - id: a\n    date: 2021\n    title: {title}\n");
    let l = parse(&text).unwrap();
    assert_eq!(l.dataset.events[0].title.len(), 2 << 20);
}

#[test]
fn json_uses_the_same_schema_and_reports_places() {
    let e = store::parse_text(
        "x.json",
        r#"{"format": 1, "title": "t", "events": [{"id": "a", "date": "2021-13", "title": "x", "colour": 1}]}"#,
        Syntax::Json,
        Origin::File("x.json".into()),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("x.json:1:") && e.contains("events[0] (a).colour: unknown key"), "{e}");
    assert!(e.contains("events[0] (a).date") && e.contains("2021-13"), "{e}");
}

#[test]
fn file_text_in_errors_is_cleaned() {
    let e = parse("format: 1\ntitle: t\nevents:\n  - id: a\n    date: \"\\e]0;owned\\a2021\"\n    title: x\n")
        .unwrap_err()
        .to_string();
    assert!(!e.contains('\x1b') && !e.contains('\x07'), "{e:?}");
    assert!(e.contains("␛]0;owned␇"), "{e}");
}

#[test]
fn dataset_text_is_cleaned_at_load() {
    let l = parse("format: 1\ntitle: \"a\\e[2Jb\"\nevents:\n  - id: a\n    date: 2021\n    title: \"x\\ty\\u202Ez\"\n    summary: \"one\\r\\ntwo\\u009b\"\n").unwrap();
    assert_eq!(l.dataset.title, "a␛[2Jb");
    assert_eq!(l.dataset.events[0].title, "x y<U+202E>z");
    assert_eq!(l.dataset.events[0].summary(), Some("one\ntwo<U+009B>"));
}

#[test]
fn events_sort_by_first_instant_then_precision_then_file_order() {
    let l = parse(
        "format: 1\ntitle: t\nevents:\n  - {id: d, date: 2021-01-01, title: d}\n  - {id: y, date: 2021, title: y}\n  - {id: m, date: 2021-01, title: m}\n  - {id: late, date: 2020-12-31T23:30-01:00, title: l}\n  - {id: y2, date: 2021, title: y2}\n",
    )
    .unwrap();
    let ids: Vec<&str> = l.dataset.events.iter().map(|e| &*e.id).collect();
    assert_eq!(ids, ["y", "y2", "m", "d", "late"]);
}

#[test]
fn fields_keep_their_order_and_types_and_bad_ones_are_placed() {
    let ok = parse(
        "format: 1\ntitle: t\nevents:\n  - id: a\n    date: 2021-05-07T05:00:12.276340Z\n    title: x\n    fields:\n      zeta: text\n      event_id: 4624\n      score: 0.5\n      elevated: false\n",
    )
    .unwrap()
    .dataset;
    let e = &ok.events[0];
    let fields: Vec<(&str, String)> = ok.fields_of(e).map(|(k, v)| (k, v.to_string())).collect();
    assert_eq!(
        fields,
        [
            ("zeta", "text".into()),
            ("event_id", "4624".into()),
            ("score", "0.5".into()),
            ("elevated", "false".into())
        ]
    );
    assert!(matches!(ok.value(e.fields[1].value), itx::model::FieldValue::Int(4624)));
    assert_eq!(e.date.to_string(), "2021-05-07T05:00:12.276340Z", "fractions kept as written");
    let bad = parse(
        "format: 1\ntitle: t\nevents:\n  - id: a\n    date: 2021\n    title: x\n    fields:\n      title: clash\n      bad name: x\n  - id: b\n    date: 2021\n    title: y\n    fields:\n      nested: {a: 1}\n",
    )
    .unwrap_err();
    let e: Vec<String> = bad.errors().map(|d| d.to_string()).collect();
    has(&e, "mem.yaml:8:7", &["events[0] (a).fields.title", "key of the format", "title_"]);
    has(&e, "mem.yaml:9:7", &["field name \"bad name\" is not valid"]);
    has(&e, "events[1] (b).fields", &["text, a number or true/false"]);
    let one = |fields: &str| {
        parse(&format!(
            "format: 1\ntitle: t\nevents:\n  - id: a\n    date: 2021\n    title: x\n    fields:\n{fields}"
        ))
        .unwrap_err()
        .errors()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
    };
    has(&one("      nan: .nan\n"), "mem.yaml:8:7", &["finite", "quote it"]);
    has(&one("      ok: 1\n      ok: 2\n"), "events[0] (a).fields.ok", &["twice"]);
}

#[test]
fn summaries_and_quotes_lose_the_newline_a_folded_block_ends_with() {
    let ds = parse("format: 1\ntitle: t\nsummary: >\n  One.\n\nevents:\n  - id: a\n    date: 2021\n    title: x\n    summary: >\n      Folded\n      text.\n    quotes:\n      - text: |\n          Said.\n")
        .unwrap()
        .dataset;
    assert_eq!(ds.summary.as_deref(), Some("One."));
    assert_eq!(ds.events[0].summary(), Some("Folded text."));
    assert_eq!(ds.events[0].quotes()[0].text, "Said.");
}

#[test]
fn messages_point_at_the_fix() {
    let text = "format: 1\ntitle: t\nactors:\n  - {id: british-airways, name: British Airways, kind: victim, country: UK}\n  \
                - {id: fbi, name: FBI, kind: government, country: XX}\nsources:\n  - {id: s, title: S}\nevents:\n  - id: Kroll\n    \
                date: 2023\n    title: x\n    tags: [a]\n    sources: [s]\n    actors: [ba, fbi]\n    tags: [b]\n";
    let e: Vec<String> = parse(text).unwrap_err().diagnostics.iter().map(|d| d.to_string()).collect();
    has(
        &e,
        "mem.yaml:15:5: error: events[0] (Kroll): key `tags` appears twice (first on line 12)",
        &[],
    );
    let text = text.replace("    tags: [b]\n", "");
    let e: Vec<String> = parse(&text).unwrap_err().diagnostics.iter().map(|d| d.to_string()).collect();
    has(
        &e,
        "mem.yaml:4:64: error: actors[0] (british-airways).country",
        &["\"UK\"", "did you mean GB?"],
    );
    has(
        &e,
        "mem.yaml:5:44: error: actors[1] (fbi).country",
        &["\"XX\" is not an ISO 3166-1 alpha-2 code"],
    );
    has(&e, "mem.yaml:9:5: error: events[0] (Kroll).id", &["`kroll` would do"]);
    assert!(!e.iter().any(|m| m.contains("did you mean `Kroll`")), "{e:?}");
    has(
        &e,
        "mem.yaml:14:14: error: events[0] (Kroll).actors[0]",
        &["unknown actor `ba`; did you mean `british-airways` (British Airways)?"],
    );
    let colon = "format: 1\ntitle: t\nsources:\n  - {id: s, title: S}\nevents:\n  - id: a\n    date: 2023\n    \
                 title: SEC: charges against SolarWinds\n    sources: [s]\n";
    let e: Vec<String> = parse(colon).unwrap_err().diagnostics.iter().map(|d| d.to_string()).collect();
    has(
        &e,
        "mem.yaml:8:15: error:",
        &["quote the value: title: \"SEC: charges against SolarWinds\""],
    );
}

#[test]
fn attack_techniques_and_indicators_are_checked() {
    let text = "format: 1\ntitle: t\nsources:\n  - {id: s, title: S}\nevents:\n  - id: a\n    date: 2023\n    title: x\n    sources: [s]\n    \
                techniques: [T1566.001, t1190, T1109, T1190x, T1566.999]\n    indicators:\n      - {type: ipv4, value: \"203.0.113[.]5\"}\n      \
                - {type: sha256, value: abc}\n      - {type: hash, value: x}\n";
    let e: Vec<String> = parse(text).unwrap_err().diagnostics.iter().map(|d| d.to_string()).collect();
    has(
        &e,
        "mem.yaml:10:43: error: events[0] (a).techniques[3]",
        &[
            "unknown ATT&CK technique `T1190x`",
            "did you mean T1190 (Exploit Public-Facing Application)?",
        ],
    );
    has(
        &e,
        "events[0] (a).techniques[4]",
        &["unknown ATT&CK technique `T1566.999`; did you mean T1566 (Phishing)?"],
    );
    has(
        &e,
        "events[0] (a).techniques[2]",
        &["warning", "T1109 (Component Firmware) is revoked in ATT&CK: use T1542.002"],
    );
    has(&e, "events[0] (a).indicators[1].value", &["not a SHA-256 hash"]);
    has(&e, "events[0] (a).indicators[2].type", &["unknown indicator type `hash`", "sha256"]);
    // Fixed, it loads: ids in any case, a sub-technique, defanged values refanged.
    let fixed = text
        .replace(", T1190x, T1566.999", "")
        .replace("      - {type: sha256, value: abc}\n      - {type: hash, value: x}\n", "");
    let l = parse(&fixed).unwrap_or_else(|e| panic!("{e}"));
    let ev = &l.dataset.events[0];
    assert_eq!(ev.technique_ids().collect::<Vec<_>>(), ["T1566.001", "T1190", "T1109"]);
    assert_eq!(ev.indicators()[0].value, "203.0.113.5");
    assert_eq!(ev.indicators()[0].shown(), "203.0.113[.]5");
    assert_eq!(l.warnings.len(), 1, "the revoked one: {:?}", l.warnings);
}
