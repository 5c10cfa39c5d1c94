//! The command line through the real binary.

use assert_cmd::Command;
use predicates::prelude::*;

/// The binary, keeping what it remembers about files (stars, `--map`)
/// under the build's scratch folder, never in the user's data folder.
fn itx() -> Command {
    let mut c = Command::cargo_bin("itx").unwrap();
    c.env("XDG_DATA_HOME", concat!(env!("CARGO_TARGET_TMPDIR"), "/data-home"));
    c
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn validate_exit_codes() {
    itx()
        .args(["validate", "data/uk-electoral-commission.yaml", "data/apt31.yaml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("valid, 33 events"));
    itx()
        .args(["validate", &fixture("good/minimal.yaml")])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1 warning"));
    itx()
        .args(["validate", &fixture("good/minimal.yaml"), &fixture("bad/dates.yaml")])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("dates.yaml:8:5: error: events[1] (feb30).date").and(predicate::str::contains("invalid, 5 errors")),
        );
    itx().args(["validate"]).assert().code(2);
    itx().args(["validate", "--bogus", "x"]).assert().code(2);
}

#[test]
fn list_formats() {
    itx().args(["list", "--count"]).assert().success().stdout("33\n");
    itx().args(["list", "apt31", "--count"]).assert().success().stdout("15\n");
    let table = itx().args(["list", "--width", "80"]).output().unwrap();
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(text.lines().all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80), "{text}");
    assert!(text.contains("2021-08     compromise"), "{text}");
    let json = itx().args(["list", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v[11]["id"], "breach-begins");
    assert_eq!(v[11]["date"], "2021-08");
    assert_eq!(v[11]["end"], "2022-10");
    let csv = itx().args(["list", "--format", "csv"]).output().unwrap();
    let mut r = csv::Reader::from_reader(csv.stdout.as_slice());
    assert_eq!(r.records().count(), 33);
    itx()
        .args(["list", "--format", "tsv"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("date\tphase\ttitle"));
    itx()
        .args(["list", "--format", "markdown"])
        .assert()
        .success()
        .stdout(predicate::str::contains("| 2024-03-25 | attribution |"));
}

#[test]
fn list_search_uses_the_query_language() {
    itx()
        .args(["list", "--search", "phase:attribution", "--count"])
        .assert()
        .success()
        .stdout("3\n");
    itx()
        .args(["list", "--search", "'norway !'closes", "--format", "tsv"])
        .assert()
        .success()
        .stdout(predicate::str::contains("norway-breach").and(predicate::str::contains("norway-pst").not()));
}

#[test]
fn metrics_for_the_default_dataset() {
    itx().arg("metrics").assert().success().stdout(
        predicate::str::contains("dwell time         14 months")
            .and(predicate::str::contains("time to disclose   10 months"))
            .and(predicate::str::contains("time to attribute  31 months")),
    );
    let out = itx().args(["metrics", "apt31", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["figures"]["dwell_time"]["known"], false);
    assert_eq!(v["figures"]["time_to_attribute"]["known"], true);
    let out = itx().args(["metrics", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["figures"]["dwell_time"]["months"], 14);
}

#[test]
fn export_json_round_trips_and_writes_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ec.json");
    itx().args(["export", "--format", "json", "-o"]).arg(&out).assert().success();
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, [std::ffi::OsString::from("ec.json")], "no temporary file left behind");
    let reloaded = itx::store::load_file(&out).unwrap().dataset;
    let original = itx::store::load("uk-electoral-commission").unwrap().dataset;
    let all: Vec<usize> = (0..original.events.len()).collect();
    let (a, b) = (
        itx::export::json::dataset(&original, &all),
        itx::export::json::dataset(&reloaded, &all),
    );
    assert!(a == b, "the exported JSON does not load back to the same dataset");
    assert_eq!(reloaded.events.len(), 33);
    // A directory that does not exist: an error, nothing written.
    itx()
        .args(["export", "--format", "json", "-o", "/nonexistent/dir/x.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot write"));
}

#[test]
fn datasets_and_other_peoples_files() {
    itx()
        .arg("datasets")
        .assert()
        .success()
        .stdout(predicate::str::contains("uk-electoral-commission").and(predicate::str::contains("apt31")));
    itx()
        .args(["list", &fixture("good/full.json"), "--count"])
        .assert()
        .success()
        .stdout("3\n");
    itx()
        .args(["metrics", &fixture("good/full.json")])
        .assert()
        .success()
        .stdout(predicate::str::contains("dwell time         41 days"));
    itx()
        .args(["list", "/no/such/file.yaml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("/no/such/file.yaml: error: no such file"));
}

#[test]
fn help_and_version() {
    for sub in ["validate", "list", "metrics", "export", "datasets"] {
        itx()
            .args([sub, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage"));
    }
    itx()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains(concat!("itx ", env!("CARGO_PKG_VERSION"))));
}

#[test]
fn the_explorer_without_a_terminal_points_at_itx_list() {
    let out = itx().output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no escape bytes on a pipe");
    assert!(String::from_utf8_lossy(&out.stderr).contains("itx list"));
}

#[test]
fn the_explorer_with_stdout_redirected_to_a_file_writes_nothing_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.txt");
    let file = std::fs::File::create(&path).unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_itx"))
        .stdout(file)
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
    assert_eq!(std::fs::read(&path).unwrap(), b"", "no escape bytes in the file");
}

#[test]
fn the_binary_works_from_any_directory_with_what_it_bundles() {
    // As after `cargo install`: nothing from the source tree is at hand.
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        itx()
            .current_dir(dir.path())
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    assert!(String::from_utf8(run(&["datasets"])).unwrap().contains("apt31"));
    assert_eq!(String::from_utf8(run(&["list", "apt31", "--count"])).unwrap().trim(), "15");
    assert!(String::from_utf8(run(&["schema"])).unwrap().contains("\"$schema\""));
    assert!(String::from_utf8(run(&["metrics"])).unwrap().contains("14 months"));
}

#[test]
fn list_filters_by_flag_and_refuses_bad_values() {
    let count = |args: &[&str]| {
        let mut all = vec!["list", "--count"];
        all.extend_from_slice(args);
        String::from_utf8(itx().args(&all).assert().success().get_output().stdout.clone())
            .unwrap()
            .trim()
            .parse::<usize>()
            .unwrap()
    };
    assert_eq!(count(&["--phase", "attribution"]), 3);
    assert_eq!(count(&["--tag", "sanctions"]), 2);
    assert_eq!(count(&["--min-confidence", "highly-likely"]), 3);
    // Flags compose with each other and with --search.
    let apt31 = count(&["--actor", "apt31"]);
    let apt31_2024 = count(&["--actor", "apt31", "--from", "2024"]);
    assert!(apt31_2024 > 0 && apt31_2024 < apt31);
    assert_eq!(count(&["--actor", "Violet Typhoon"]), apt31, "by alias too");
    assert_eq!(
        count(&["--from", "2024-03-25", "--to", "2024-03-25"]),
        count(&["--search", "after:2024-03-25 before:2024-03-25"])
    );
    assert_eq!(count(&["--phase", "attribution", "--search", "dowden"]), 1);
    // What was public before the breach was announced.
    assert_eq!(count(&["--as-of", "2023-08-07"]), 7);
    assert_eq!(count(&["--as-of", "2024-03-24", "--search", "dowden"]), 0);
    assert_eq!(count(&["--as-of", "2024-03-25", "--search", "dowden"]), 1);
    for (flag, value) in [
        ("--phase", "nope"),
        ("--from", "2021-13"),
        ("--min-confidence", "sure"),
        ("--min-reliability", "Z"),
        ("--as-of", "soon"),
    ] {
        itx()
            .args(["list", flag, value])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(flag));
    }
}

#[test]
fn confidence_and_reliability_are_search_terms_too() {
    itx()
        .args(["list", "--count", "--search", "confidence:highly-likely"])
        .assert()
        .success()
        .stdout("3\n");
    itx()
        .args(["list", "--search", "confidence:sure"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("confidence: needs one of"));
}

#[test]
fn import_says_what_it_skipped_and_writes_a_dataset_that_loads() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("timeline.yaml");
    itx()
        .args(["import", &fixture("import/timesketch-forms.csv"), "-o"])
        .arg(&out)
        .assert()
        .success()
        .stderr(
            predicate::str::contains("timesketch-forms.csv: line 11: datetime \"1234 19:01:01\"")
                .and(predicate::str::contains("imported 9 events, 0 actors, 1 source from"))
                .and(predicate::str::contains("3 lines skipped")),
        );
    itx().arg("validate").arg(&out).assert().success();
    // JSON for an output named .json, and it loads too.
    let json = dir.path().join("bundle.json");
    itx()
        .args(["import", &fixture("import/bundle.json"), "-o"])
        .arg(&json)
        .assert()
        .success();
    itx().arg("validate").arg(&json).assert().success();
    // --strict refuses the file and writes nothing.
    let strict = dir.path().join("strict.yaml");
    itx()
        .args(["import", "--strict", &fixture("import/timesketch-forms.csv"), "-o"])
        .arg(&strict)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("line 11:"));
    assert!(!strict.exists());
    // Nothing dated: refused, saying what the bundle holds.
    itx()
        .args(["import", &fixture("import/nothing-dated.json")])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("4 objects, 0 dated"));
    itx()
        .args(["import", "/no/such/file.csv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no such file"));
    itx().args(["import", "--from", "nonsense", "x"]).assert().code(2);
}

#[test]
fn list_to_a_pipe_never_cuts_a_title_and_width_narrows_it() {
    let out = itx().arg("list").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('…'), "nothing is cut on a pipe");
    assert!(text.contains("Microsoft ships the Exchange patches the commission would not install"));
    let narrow = itx().args(["list", "--width", "80"]).output().unwrap();
    let narrow = String::from_utf8(narrow.stdout).unwrap();
    assert!(narrow.lines().all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80));
    assert!(narrow.contains('…'));
}

#[test]
fn a_search_term_that_cannot_be_read_is_a_usage_error() {
    for q in ["after:2023-13", "confidence:sure", "phase:foo", "reliability:z"] {
        itx()
            .args(["list", "--count", "--search", q])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("--search:"));
    }
    itx()
        .args(["list", "--count", "--search", "phase:attr"])
        .assert()
        .success()
        .stdout("3\n");
}

#[test]
fn export_takes_the_search_and_filters_of_list() {
    let out = itx()
        .args(["export", "--format", "csv", "--search", "norway", "--from", "2021"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let ids: Vec<String> = rows.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert_eq!(ids, ["norway-pst-attribution"]);
    itx().args(["export", "--format", "csv", "--phase", "nope"]).assert().code(2);
}

#[test]
fn the_manual_page_carries_the_keys_the_search_and_the_format_and_no_missing_pages() {
    let out = itx().arg("man").assert().success().get_output().stdout.clone();
    let page = String::from_utf8(out).unwrap();
    // roff writes a hyphen as `\-`; read the page as text.
    let text = page.replace("\\-", "-").replace("\\e", "\\");
    for section in [".SH COMMANDS", ".SH KEYS", ".SH SEARCH", ".SH DATASET FORMAT", ".SH EXIT STATUS"] {
        assert!(page.contains(section), "{section}");
    }
    for (mode, label, help) in itx::app::keys::table() {
        assert!(text.contains(&format!(".SS {mode}")), "mode {mode}");
        assert!(text.contains(label) && text.contains(help), "{mode}: {label} {help}");
    }
    for (term, what) in itx::app::keymap::QUERY_HELP {
        assert!(text.contains(term) && text.contains(what), "{term}");
    }
    for key in ["milestones", "fields", "reliability", "confidence", "circa", "affiliations"] {
        assert!(text.contains(&format!("\\fB{key}")), "format key {key}");
    }
    for sub in ["validate", "list", "metrics", "export", "import", "schema", "man"] {
        assert!(text.contains(&format!(".SS itx {sub}")), "command {sub}");
    }
    assert!(text.contains("--search QUERY") && text.contains("--min-reliability LETTER"));
    assert!(
        !text.contains("itx-validate(1)") && !text.contains("(1)\n"),
        "no pages that do not exist"
    );
    // Where groff is installed, it reads the page (UTF-8, as man -l passes it) without a complaint.
    let groff = std::process::Command::new("groff")
        .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    if let Ok(mut child) = groff {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(page.as_bytes()).unwrap();
        let done = child.wait_with_output().unwrap();
        assert!(
            done.status.success() && done.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
    }
}

#[test]
fn itx_new_starts_a_dataset_that_validates_and_never_replaces_one() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("incident.yaml");
    let f = file.to_str().unwrap();
    itx()
        .args(["new", "-o", f, "--title", "MOVEit: mass exploitation"])
        .assert()
        .success()
        .stderr(predicate::str::contains("itx schema -o"));
    itx()
        .args(["validate", f])
        .assert()
        .success()
        .stdout(predicate::str::contains("valid, 1 event\n"));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=dataset.schema.json"));
    itx()
        .args(["new", "-o", f])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("exists"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text, "the draft is untouched");
    // The schema where the line points.
    let schema = dir.path().join("dataset.schema.json");
    itx().args(["schema", "-o", schema.to_str().unwrap()]).assert().success();
    assert_eq!(std::fs::read_to_string(&schema).unwrap(), itx::store::SCHEMA);
    // The spreadsheet, imported as it is.
    let sheet = dir.path().join("sheet.csv");
    itx()
        .args(["new", "--format", "csv", "-o", sheet.to_str().unwrap()])
        .assert()
        .success();
    let out = dir.path().join("from-sheet.yaml");
    itx()
        .args(["import", sheet.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .assert()
        .success();
    itx().args(["validate", out.to_str().unwrap()]).assert().success();
}

#[test]
fn list_as_of_counts_what_the_cursor_counts() {
    let file = fixture("good/public-when.yaml");
    for (date, n) in [
        ("2023-06-16T09:59Z", "0"),
        ("2023-06-16", "2"),
        ("2023-06-29", "2"),
        ("2023-06", "3"),
        ("2023", "5"),
    ] {
        itx()
            .args(["list", &file, "--as-of", date, "--count"])
            .assert()
            .success()
            .stdout(format!("{n}\n"));
    }
}

#[test]
fn iocs_are_listed_with_their_events_and_threat_intel_flags_select() {
    let file = fixture("good/every-key.yaml");
    let out = itx().args(["iocs", &file]).assert().success().get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("type,value,defanged,note,event,date,title\n"), "{text}");
    assert!(text.contains("ipv4,203.0.113.5,203.0.113[.]5,,phish,"), "{text}");
    let json = itx()
        .args(["iocs", &file, "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 5);
    assert_eq!(v[1]["defanged"], "hxxps://login-update[.]example/o365.php");
    for (flags, n) in [
        (vec!["--technique", "T1566"], "1\n"),
        (vec!["--tactic", "execution"], "1\n"),
        (vec!["--ioc", "203.0.113[.]5"], "1\n"),
        (vec!["--ioc", "type=cve"], "0\n"),
    ] {
        itx().args(["list", &file, "--count"]).args(&flags).assert().success().stdout(n);
    }
    itx().args(["list", &file, "--tactic", "bogus"]).assert().code(2);
    itx()
        .args(["datasets"])
        .assert()
        .success()
        .stdout(predicate::str::contains("The MITRE Corporation").and(predicate::str::contains("enterprise as of")));
}

#[test]
fn list_writes_instants_in_the_zone_asked_and_a_sortable_utc_start() {
    let file = fixture("good/every-key.yaml");
    itx()
        .args(["list", &file, "--tz", "utc", "--format", "tsv"])
        .assert()
        .success()
        .stdout(predicate::str::contains("2021-11-03T07:15:30.123456Z\tcompromise").and(predicate::str::contains("c. 2021-12\t")));
    itx()
        .args(["list", &file, "--tz", "local", "--format", "csv"])
        .env("TZ", "Asia/Tokyo")
        .assert()
        .success()
        .stdout(
            predicate::str::contains("2021-11-03T16:15:30.123456+09:00,").and(predicate::str::contains(",2021-11-03T07:15:30.123456Z\n")),
        );
    let json = itx()
        .args(["list", &file, "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v[1]["start_utc"], "2021-12-01T00:00:00Z", "a month starts on its first day");
}
