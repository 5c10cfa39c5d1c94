//! The JSON Schema, completions and manual page, checked by tools other
//! than itx: a JSON Schema validator, bash's parser, groff.

use assert_cmd::Command;

fn itx() -> Command {
    Command::cargo_bin("itx").unwrap()
}

fn root(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root("assets/dataset.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).expect("the schema itself is valid")
}

/// A dataset file as the JSON value an editor's YAML language server sees,
/// or None if it is not one YAML document.
fn document(path: &std::path::Path) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(path).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if path.extension().is_some_and(|e| e == "json") {
        return serde_json::from_str(text).ok();
    }
    // Tags are YAML's, with no JSON form for a schema to see: the language
    // server flags unknown ones itself, as itx refuses them.
    if text.contains(": !") {
        return None;
    }
    // Through YAML's own tree first: it refuses duplicate keys, as the
    // language server does.
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    serde_json::to_value(yaml).ok()
}

fn files(dir: &str) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(root(dir)).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    v
}

#[test]
fn itx_schema_prints_the_schema_in_assets() {
    let out = itx().arg("schema").assert().success().get_output().stdout.clone();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        std::fs::read_to_string(root("assets/dataset.schema.json")).unwrap()
    );
}

#[test]
fn every_bundled_and_good_dataset_meets_the_schema() {
    let v = schema();
    let mut checked = 0;
    for path in files("data").into_iter().chain(files("tests/fixtures/good")) {
        let doc = document(&path).unwrap_or_else(|| panic!("{} parses", path.display()));
        let errors: Vec<String> = v.iter_errors(&doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        checked += 1;
    }
    assert!(checked >= 5);
}

#[test]
fn the_bundled_datasets_name_the_schema_on_their_first_line() {
    for path in files("data") {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.lines().next(),
            Some("# yaml-language-server: $schema=../assets/dataset.schema.json"),
            "{}",
            path.display()
        );
    }
}

#[test]
fn every_bad_fixture_is_refused_by_the_schema_or_is_not_a_document() {
    let v = schema();
    for path in files("tests/fixtures/bad") {
        // Files that are not one YAML document (syntax errors, tabs, two
        // documents, bad bytes) fail before any schema is consulted.
        let Some(doc) = document(&path) else { continue };
        assert!(!v.is_valid(&doc), "{} passes the schema", path.display());
    }
}

#[test]
fn the_schema_refuses_what_the_format_forbids() {
    let v = schema();
    let ok = serde_json::json!({"format": 1, "title": "t", "events": [{"id": "a", "date": "2021-08-14T09:30Z", "title": "x"}]});
    assert!(v.is_valid(&ok));
    let broken = |path: &str, value: serde_json::Value| {
        let mut doc = ok.clone();
        *doc.pointer_mut(path).unwrap() = value;
        doc
    };
    for (path, value) in [
        ("/events/0/date", serde_json::json!("Aug 2021")),
        ("/events/0/date", serde_json::json!("2021-13")),
        ("/events/0/date", serde_json::json!("2021-08-14T09:30")),
        ("/events/0/id", serde_json::json!("Bad Id")),
        ("/events/0/title", serde_json::json!(" ")),
        ("/format", serde_json::json!(2)),
        ("/events", serde_json::json!([])),
    ] {
        assert!(!v.is_valid(&broken(path, value.clone())), "{path} = {value}");
    }
    let mut unknown = ok.clone();
    unknown["events"][0]["sumary"] = serde_json::json!("typo");
    assert!(!v.is_valid(&unknown), "unknown keys are refused");
}

#[test]
fn completion_scripts_are_real_scripts() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = itx().args(["completions", shell]).assert().success().get_output().stdout.clone();
        let script = String::from_utf8(out).unwrap();
        for word in ["validate", "list", "export", "schema"] {
            assert!(script.contains(word), "{shell} script offers {word}");
        }
    }
    // bash itself parses the bash script.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("itx.bash");
    let out = itx().args(["completions", "bash"]).assert().success().get_output().stdout.clone();
    std::fs::write(&path, out).unwrap();
    let status = std::process::Command::new("bash").arg("-n").arg(&path).status().unwrap();
    assert!(status.success(), "bash -n accepts the script");
}

#[test]
fn the_manual_page_renders() {
    let out = itx().arg("man").assert().success().get_output().stdout.clone();
    let roff = String::from_utf8(out).unwrap();
    assert!(
        roff.starts_with(".ie") || roff.contains(".TH itx"),
        "{}",
        &roff[..roff.len().min(200)]
    );
    for word in ["validate", "schema", "completions"] {
        assert!(roff.contains(word), "the page names {word}");
    }
    // groff, where installed, formats it without complaint.
    if let Ok(mut child) = std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-ww"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(roff.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.to_lowercase().contains("incident timeline explorer"), "{text}");
    }
}
