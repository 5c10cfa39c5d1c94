//! Forensic timelines opened directly, through the real binary: each
//! format told from its content, every column kept, the time read in its
//! own zone, and the starred rows written out as a story that validates.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

/// The binary, keeping what it remembers about files (stars, `--map`)
/// under the build's scratch folder, never in the user's data folder.
fn itx() -> Command {
    let mut c = Command::cargo_bin("itx").unwrap();
    c.env("XDG_DATA_HOME", concat!(env!("CARGO_TARGET_TMPDIR"), "/data-home"));
    c
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/forensic/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// `itx list FILE --format json` (with `extra` arguments), as JSON.
fn events(file: &str, extra: &[&str]) -> Vec<Value> {
    let out = itx().args(["list", file, "--format", "json"]).args(extra).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice::<Value>(&out.stdout).unwrap().as_array().unwrap().clone()
}

fn titled<'a>(events: &'a [Value], title: &str) -> &'a Value {
    events
        .iter()
        .find(|e| e["title"] == title)
        .unwrap_or_else(|| panic!("no event titled {title:?} in {events:#?}"))
}

#[test]
fn hayabusa_csv_and_jsonl_give_the_same_events_with_level_tags_and_techniques() {
    for file in ["hayabusa.csv", "hayabusa.jsonl"] {
        let evs = events(&fixture(file), &[]);
        assert_eq!(evs.len(), 3, "{file}: the row without a time is skipped");
        let ps = titled(&evs, "Suspicious PowerShell Download");
        assert_eq!(ps["date"], "2021-12-12T16:16:04.123+09:00", "{file}");
        assert_eq!(ps["fields"]["Level"], "high", "{file}");
        assert_eq!(ps["fields"]["Computer"], "WKS-042.corp.example");
        assert_eq!(ps["techniques"], serde_json::json!(["T1059.001", "T1105"]), "{file}");
        assert!(
            ps["tags"].as_array().unwrap().contains(&Value::from("Exec")),
            "{file}: {}",
            ps["tags"]
        );
    }
    // The CSV's skipped row is named with its line.
    itx()
        .args(["validate", &fixture("hayabusa.csv")])
        .assert()
        .success()
        .stdout(predicate::str::contains("line 5: Timestamp \"not a time\""));
}

#[test]
fn plaso_outputs_open_in_their_own_zones_with_their_columns() {
    let dynamic = events(&fixture("plaso-dynamic.csv"), &[]);
    assert_eq!(dynamic.len(), 6);
    let run = titled(
        &dynamic,
        "[HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run] Updater: C:\\Users\\Public\\u.exe",
    );
    assert_eq!(run["fields"]["parser"], "winreg/windows_run");
    assert_eq!(run["tags"], serde_json::json!(["suspicious"]));
    assert_eq!(run["fields"]["line"], 5);

    // plaso's `json` output: one object of "event_N" members, a line each.
    let json = events(&fixture("plaso-json.json"), &[]);
    assert_eq!(json.len(), 2, "the cut line is skipped");
    let prefetch = titled(
        &json,
        "Prefetch [U.EXE] was executed - run count 1 path hints: \\USERS\\PUBLIC\\U.EXE",
    );
    assert_eq!(prefetch["date"], "2021-08-14T01:02:09.250000Z");
    assert_eq!(prefetch["fields"]["pathspec.location"], "/Windows/Prefetch/U.EXE-1A2B3C4D.pf");
    assert_eq!(prefetch["fields"]["run_count"], 1);
    assert_eq!(json[1]["tags"], serde_json::json!(["suspicious"]));
    itx()
        .args(["validate", &fixture("plaso-json.json")])
        .assert()
        .stdout(predicate::str::contains("line 3: not an event of plaso's json output"));

    let l2t = events(&fixture("plaso-l2tcsv.csv"), &[]);
    assert_eq!(l2t.len(), 2, "the row whose date is not MM/DD/YYYY is skipped");
    assert_eq!(l2t[0]["date"], "2021-08-14T03:02:03+02:00", "CEST is two hours ahead");
    assert_eq!(l2t[0]["fields"]["MACB"], "...B");
    assert_eq!(l2t[0]["fields"]["host"], "WKS-042");

    for tln in ["plaso-tln.txt", "plaso-l2ttln.txt"] {
        let evs = events(&fixture(tln), &[]);
        assert_eq!(evs[0]["date"], "2021-08-14T01:02:03Z", "{tln}");
        assert_eq!(
            evs[0]["title"], "Creation Time; C:\\Users\\Public\\u.exe",
            "{tln}: the time is not repeated"
        );
        assert_eq!(evs[0]["fields"]["Host"], "WKS-042");
    }
}

#[test]
fn misp_attributes_become_dated_indicators_backed_by_the_event() {
    let evs = events(&fixture("misp-event.json"), &[]);
    assert_eq!(evs.len(), 4, "the attribute with no time is skipped");
    let ip = titled(&evs, "ip-dst 203.0.113[.]9");
    assert_eq!(ip["date"], "2023-03-02T16:02:41.000000Z", "first_seen wins over timestamp");
    assert_eq!(ip["indicators"][0]["type"], "ipv4");
    assert_eq!(ip["summary"], "Second-stage download host");
    let file = &evs.iter().find(|e| e["fields"]["object"] == "file").unwrap();
    assert_eq!(file["indicators"].as_array().unwrap().len(), 2, "filename and sha256");
    itx()
        .args(["validate", &fixture("misp-event.json")])
        .assert()
        .success()
        .stdout(predicate::str::contains("Attribute 4: no first_seen or timestamp"));
    itx()
        .args(["import", "--strict", &fixture("misp-event.json")])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "Attribute 4: no first_seen or timestamp; skipped (--strict refuses the file at its first bad attribute)",
        ));
}

#[test]
fn iris_times_keep_their_offsets_and_content_is_the_summary() {
    let evs = events(&fixture("iris-timeline.csv"), &[]);
    assert_eq!(evs.len(), 3);
    let macro_run = titled(&evs, "Macro runs on FIN-PC-03");
    assert_eq!(macro_run["date"], "2023-03-02T16:02:40.000+01:00");
    assert_eq!(macro_run["summary"], "WINWORD.EXE started powershell.exe with an encoded command.");
    assert_eq!(macro_run["techniques"], serde_json::json!(["T1059.001"]));
    assert_eq!(macro_run["fields"]["event_assets"], "FIN-PC-03");
}

#[test]
fn any_csv_opens_with_a_map_which_is_remembered_in_the_data_folder_not_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let evidence = dir.path().join("evidence");
    let home = dir.path().join("home");
    std::fs::create_dir(&evidence).unwrap();
    let file = evidence.join("proxy.csv");
    std::fs::copy(fixture("proxy-log.csv"), &file).unwrap();
    let file = file.display().to_string();
    let events = |file: &str, extra: &[&str]| -> Vec<Value> {
        let out = itx()
            .env("XDG_DATA_HOME", &home)
            .args(["list", file, "--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    itx()
        .args(["list", &file])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--map time=COLUMN,title=COLUMN").and(predicate::str::contains("When,User")));
    itx()
        .args(["list", &file, "--map", "time=When,title=Url,colour=x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("`colour` is not a key"));
    itx()
        .args(["list", &file, "--map", "time=Whenever,title=Url"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("needs the column `Whenever`"));
    let evs = events(
        &file,
        &["--map", "time=When,title=Url,actors=User,tags=Category,tz=America/New_York"],
    );
    assert_eq!(evs[1]["date"], "2024-01-05T09:03:12-05:00");
    assert_eq!(evs[1]["actors"], serde_json::json!(["bob"]));
    assert_eq!(evs[1]["tags"], serde_json::json!(["malware"]));
    assert_eq!(evs[1]["fields"]["Action"], "blocked");
    // Next time, no --map is needed; the evidence folder is untouched.
    assert_eq!(events(&file, &[]), evs);
    let beside: Vec<_> = std::fs::read_dir(&evidence).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(beside, ["proxy.csv"]);
    let kept: Vec<_> = std::fs::read_dir(home.join("itx/timelines"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(kept.len(), 1);
    assert!(std::fs::read_to_string(&kept[0]).unwrap().contains("map time=When,title=Url"));
}

#[test]
fn as_forces_a_format_and_says_what_the_file_lacks() {
    itx()
        .args(["list", &fixture("proxy-log.csv"), "--as", "hayabusa"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "a Hayabusa file needs the columns `Timestamp`, `RuleTitle`",
        ));
}

#[test]
fn starred_rows_become_a_story_that_validates_with_their_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("timeline.csv");
    std::fs::copy(fixture("plaso-dynamic.csv"), &file).unwrap();
    let file = file.display().to_string();
    // Nothing starred yet: said, and nothing written.
    itx()
        .args(["export", &file, "--starred", "--format", "yaml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no event of"));
    // Only YAML can carry a story.
    itx()
        .args(["export", &file, "--starred", "--format", "csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--starred writes the story as YAML"));
    let evs = events(&file, &[]);
    let id = |i: usize| evs[i]["id"].as_str().unwrap().to_string();
    let marks = serde_json::json!({
        "format": 1,
        "events": {
            id(1): {"star": true, "note": "u.exe ran one minute after it was written"},
            id(3): {"star": true},
            id(4): {"note": "a note without a star stays out"}
        }
    });
    std::fs::write(format!("{file}.itx-marks.json"), marks.to_string()).unwrap();
    let story = dir.path().join("story.yaml");
    itx()
        .args(["export", &file, "--starred", "--format", "yaml", "-o"])
        .arg(&story)
        .assert()
        .success();
    itx()
        .arg("validate")
        .arg(&story)
        .assert()
        .success()
        .stdout(predicate::str::contains("valid, 2 events"));
    let back = events(&story.display().to_string(), &[]);
    assert_eq!(back[0]["title"], evs[1]["title"]);
    assert_eq!(back[0]["summary"], "u.exe ran one minute after it was written");
    assert_eq!(back[0]["fields"]["parser"], "prefetch", "fields kept");
    let sources = itx()
        .args(["export", &story.display().to_string(), "--format", "json"])
        .output()
        .unwrap();
    let ds: Value = serde_json::from_slice(&sources.stdout).unwrap();
    let titles: Vec<&str> = ds["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["plaso timeline timeline.csv, line 3", "plaso timeline timeline.csv, line 5"]
    );
}
