//! Import figures: `cargo bench --bench imports -- [--lines N]...
//! [--objects N]... [--runs R]`. Times the real `itx import FILE -o OUT`
//! as a whole process, with its peak memory, and prints one line per
//! figure, `<figure> <size> <value> <unit>`, then the ratio of each
//! doubling (linear input should take at most 2.2 times as long).
//!
//! Inputs are generated once, deterministically, under `target/imports/`:
//! Timesketch JSONL and CSV lines shaped like plaso's Windows event log
//! rows (Timesketch's own `evtx_direct.csv`), and STIX bundles of
//! campaigns, intrusion sets, indicators, observed data, sightings and
//! relationships, as platforms publish them.

use clap::Parser;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Parser)]
struct Args {
    /// Timesketch lines to import (each also at half the size, for the
    /// doubling ratio).
    #[arg(long = "lines")]
    lines: Vec<usize>,
    /// STIX objects to import (each also at half the size).
    #[arg(long = "objects")]
    objects: Vec<usize>,
    /// Imports measured per figure; the median is printed.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Passed by `cargo bench`.
    #[arg(long, hide = true)]
    bench: bool,
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

use itx::synth::Rng;

const SERVICES: &[&str] = &[
    "Windows Modules Installer",
    "Windows Update",
    "Background Intelligent Transfer Service",
    "Remote Registry",
    "Print Spooler",
    "Windows Defender",
];
const HOSTS: &[&str] = &[
    "WKS-WIN764BITB.shieldbase.local",
    "SRV-DC01.shieldbase.local",
    "WKS-0042.shieldbase.local",
];
const DESCS: &[&str] = &[
    "Content Modification Time",
    "Creation Time",
    "Last Access Time",
    "Metadata Modification Time",
];
const STATES: &[&str] = &["stopped", "running", "paused"];

/// One Timesketch line's columns, as plaso writes a Windows event log row.
fn row(r: &mut Rng, i: usize) -> Vec<(&'static str, String)> {
    let service = r.pick(SERVICES);
    let state = r.pick(STATES);
    let host = r.pick(HOSTS);
    let record = 10_000 + i;
    let micros = 1_331_698_658_276_340u64 + (i as u64) * 1_731_337 + r.next_u64() % 1_000_000;
    let secs = (micros / 1_000_000) as i64;
    let dt = chrono::DateTime::from_timestamp(secs, (micros % 1_000_000) as u32 * 1000).unwrap();
    vec![
        (
            "message",
            format!("[7036 / 0x1b7c] Source Name: Service Control Manager Message string: The {service} service entered the {state} state. Computer Name: {host} Record Number: {record}"),
        ),
        ("datetime", dt.to_rfc3339_opts(chrono::SecondsFormat::Micros, false)),
        ("timestamp", micros.to_string()),
        ("timestamp_desc", r.pick(DESCS).to_string()),
        ("computer_name", host.to_string()),
        ("data_type", "windows:evtx:record".into()),
        ("event_identifier", "7036".into()),
        ("record_number", record.to_string()),
        ("source_name", "Service Control Manager".into()),
        ("parser", "winevtx".into()),
        ("tag", if i.is_multiple_of(50) { "suspicious".into() } else { "-".into() }),
    ]
}

fn timesketch(n: usize, csv: bool) -> PathBuf {
    let dir = target_dir().join("imports");
    let path = dir.join(format!("timesketch-{n}.{}", if csv { "csv" } else { "jsonl" }));
    if path.exists() {
        return path;
    }
    std::fs::create_dir_all(&dir).unwrap();
    let tmp = path.with_extension("partial");
    let file = std::io::BufWriter::new(std::fs::File::create(&tmp).unwrap());
    let mut r = Rng(7);
    if csv {
        let mut w = csv::Writer::from_writer(file);
        for i in 0..n {
            let cols = row(&mut r, i);
            if i == 0 {
                w.write_record(cols.iter().map(|(k, _)| *k)).unwrap();
            }
            w.write_record(cols.iter().map(|(_, v)| v.as_str())).unwrap();
        }
        w.flush().unwrap();
    } else {
        let mut w = file;
        for i in 0..n {
            let m: serde_json::Map<String, serde_json::Value> =
                row(&mut r, i).into_iter().map(|(k, v)| (k.to_string(), v.into())).collect();
            serde_json::to_writer(&mut w, &m).unwrap();
            w.write_all(b"\n").unwrap();
        }
        w.flush().unwrap();
    }
    std::fs::rename(&tmp, &path).unwrap();
    path
}

/// A bundle of `n` objects: per group of 20, a campaign, an intrusion set
/// it is attributed to, a victim it targets, indicators, observed data,
/// a sighting, a report, and the relationships between them.
fn stix(n: usize) -> PathBuf {
    let dir = target_dir().join("imports");
    let path = dir.join(format!("stix-{n}.json"));
    if path.exists() {
        return path;
    }
    std::fs::create_dir_all(&dir).unwrap();
    let mut r = Rng(11);
    let mut objects: Vec<serde_json::Value> = Vec::with_capacity(n);
    let id = |t: &str, k: usize| format!("{t}--00000000-0000-4000-8000-{k:012}");
    let stamp = "2020-01-01T00:00:00.000Z";
    let mut k = 0usize;
    while objects.len() < n {
        let g = k;
        let day = |d: u64| {
            let t = chrono::DateTime::from_timestamp(1_500_000_000 + (d as i64) * 3_600, 0).unwrap();
            t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
        };
        let base = r.next_u64() % 50_000;
        let (campaign, set, victim, report) = (
            id("campaign", g),
            id("intrusion-set", g + 1),
            id("identity", g + 2),
            id("report", g + 3),
        );
        objects.push(serde_json::json!({"type": "campaign", "spec_version": "2.1", "id": campaign, "created": stamp, "modified": stamp, "name": format!("Operation {}", g / 20), "first_seen": day(base), "last_seen": day(base + 700), "confidence": r.next_u64() % 101}));
        objects.push(serde_json::json!({"type": "intrusion-set", "spec_version": "2.1", "id": set, "created": stamp, "modified": stamp, "name": format!("APT {}", g / 20), "aliases": [format!("Group {}", g / 20)]}));
        objects.push(serde_json::json!({"type": "identity", "spec_version": "2.1", "id": victim, "created": stamp, "modified": stamp, "name": format!("Victim {}", g / 20), "identity_class": "organization"}));
        let mut refs = vec![campaign.clone()];
        for j in 0..5 {
            let ind = id("indicator", g + 4 + j);
            let addr = format!("198.51.{}.{}", (g / 20) % 256, j);
            objects.push(serde_json::json!({"type": "indicator", "spec_version": "2.1", "id": ind, "created": stamp, "modified": stamp, "pattern": format!("[ipv4-addr:value = '{addr}']"), "pattern_type": "stix", "valid_from": day(base + j as u64), "indicator_types": ["malicious-activity"]}));
            objects.push(serde_json::json!({"type": "relationship", "spec_version": "2.1", "id": id("relationship", g + 9 + j), "created": stamp, "modified": stamp, "relationship_type": "indicates", "source_ref": ind, "target_ref": set}));
            refs.push(ind);
        }
        objects.push(serde_json::json!({"type": "observed-data", "spec_version": "2.1", "id": id("observed-data", g + 14), "created": stamp, "modified": stamp, "first_observed": day(base + 3), "last_observed": day(base + 4), "number_observed": 2, "object_refs": []}));
        objects.push(serde_json::json!({"type": "sighting", "spec_version": "2.1", "id": id("sighting", g + 15), "created": stamp, "modified": stamp, "first_seen": day(base + 5), "sighting_of_ref": refs[1], "where_sighted_refs": [victim]}));
        objects.push(serde_json::json!({"type": "relationship", "spec_version": "2.1", "id": id("relationship", g + 16), "created": stamp, "modified": stamp, "relationship_type": "attributed-to", "source_ref": campaign, "target_ref": set}));
        objects.push(serde_json::json!({"type": "relationship", "spec_version": "2.1", "id": id("relationship", g + 17), "created": stamp, "modified": stamp, "relationship_type": "targets", "source_ref": campaign, "target_ref": victim, "start_time": day(base + 1)}));
        objects.push(serde_json::json!({"type": "report", "spec_version": "2.1", "id": report, "created": stamp, "modified": stamp, "name": format!("Report on operation {}", g / 20), "published": day(base + 800), "object_refs": refs, "external_references": [{"source_name": "Vendor", "url": format!("https://example.org/reports/{}", g / 20)}]}));
        objects.push(serde_json::json!({"type": "relationship", "spec_version": "2.1", "id": id("relationship", g + 18), "created": stamp, "modified": stamp, "relationship_type": "uses", "source_ref": set, "target_ref": id("malware", g + 19)}));
        objects.push(serde_json::json!({"type": "malware", "spec_version": "2.1", "id": id("malware", g + 19), "created": stamp, "modified": stamp, "name": format!("Implant {}", g / 20), "is_family": true}));
        k += 20;
    }
    objects.truncate(n);
    let bundle = serde_json::json!({"type": "bundle", "id": "bundle--00000000-0000-4000-8000-000000000000", "objects": objects});
    let tmp = path.with_extension("partial");
    std::fs::write(&tmp, serde_json::to_vec(&bundle).unwrap()).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    path
}

/// Wall seconds and peak resident memory (MB) of `itx import FILE -o OUT`.
#[cfg(unix)]
fn import_once(file: &Path) -> (f64, f64) {
    let out = target_dir().join("imports").join("out.yaml");
    let start = std::time::Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_itx"))
        .arg("import")
        .arg(file)
        .arg("-o")
        .arg(&out)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run itx");
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for the child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our own child's, the pointers live across the call.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(pid, child.id() as libc::pid_t, "wait4");
    let _ = child.try_wait();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "itx import {} failed",
        file.display()
    );
    (secs, usage.ru_maxrss as f64 / 1024.0)
}

/// Without `wait4`, the time only; the memory figure reads 0.
#[cfg(not(unix))]
fn import_once(file: &Path) -> (f64, f64) {
    let out = target_dir().join("imports").join("out.yaml");
    let start = std::time::Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_itx"))
        .arg("import")
        .arg(file)
        .arg("-o")
        .arg(&out)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("run itx");
    assert!(status.success(), "itx import {} failed", file.display());
    (start.elapsed().as_secs_f64(), 0.0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn measure(name: &str, size: usize, file: &Path, runs: usize) -> f64 {
    let samples: Vec<(f64, f64)> = (0..runs.max(1)).map(|_| import_once(file)).collect();
    let secs = median(samples.iter().map(|s| s.0).collect());
    let peak = median(samples.iter().map(|s| s.1).collect());
    println!("{name}_seconds {size} {secs:.2} s");
    println!("{name}_peak_rss {size} {peak:.0} MB");
    secs
}

fn main() {
    let args = Args::parse();
    let lines = if args.lines.is_empty() && args.objects.is_empty() {
        vec![100_000, 1_000_000]
    } else {
        args.lines.clone()
    };
    let objects = if args.lines.is_empty() && args.objects.is_empty() {
        vec![100_000]
    } else {
        args.objects.clone()
    };
    for &n in &lines {
        for csv in [false, true] {
            let name = if csv { "import_timesketch_csv" } else { "import_timesketch_jsonl" };
            let half = measure(name, n / 2, &timesketch(n / 2, csv), args.runs);
            let full = measure(name, n, &timesketch(n, csv), args.runs);
            println!("{name}_doubling {n} {:.2} x", full / half);
        }
    }
    for &n in &objects {
        let half = measure("import_stix", n / 2, &stix(n / 2), args.runs);
        let full = measure("import_stix", n, &stix(n), args.runs);
        println!("import_stix_doubling {n} {:.2} x", full / half);
    }
}
