//! Scale figures: `cargo bench --bench scale -- [--events N]... [--data FILE]
//! [--forensic ROWS]... [--query Q]... [--runs R]`. Prints one line per
//! figure, `<figure> <events> <value> <unit>`.
//!
//! `--forensic ROWS` generates a plaso `dynamic` CSV and a Hayabusa JSONL
//! file of that many rows (the columns and value shapes of plaso's and
//! Hayabusa's real outputs) and measures opening them as the explorer
//! does, resident memory against the file's size, search and frames, and,
//! where lnav is installed, lnav loading the same CSV and filtering it
//! beside itx opening it and answering the same search.
//!
//! Synthetic datasets (1k, 10k, 100k and 1M events by default) are
//! generated once, deterministically, and cached under `target/scale/`.
//! Each load is measured in a child process of this harness, so that its
//! peak memory is its own; searches and frames run in this process on a
//! dataset loaded the way the explorer loads it.

use clap::Parser;
use itx::app::{Current, Model, Msg};
use itx::search::Query;
use itx::ui::{self, Theme};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

#[derive(Parser)]
struct Args {
    /// Dataset sizes to generate and measure.
    #[arg(long = "events")]
    events: Vec<usize>,
    /// Measure this dataset instead of the synthetic ones.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Forensic timelines of this many rows to generate and measure.
    #[arg(long = "forensic")]
    forensic: Vec<usize>,
    /// Queries to type, one character at a time (default: five, from
    /// selective to unselective).
    #[arg(long = "query")]
    queries: Vec<String>,
    /// Loads measured per figure; the median is printed.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Internal: load FILE in this process and report time and memory.
    #[arg(long, hide = true)]
    child_load: Option<PathBuf>,
    /// Passed by `cargo bench`.
    #[arg(long, hide = true)]
    bench: bool,
}

fn figure(name: &str, events: usize, value: f64, unit: &str) {
    // A ratio to a hundredth: 1.46x and 1.54x are either side of a target.
    let places = if unit == "x" { 2 } else { 1 };
    println!("{name} {events} {value:.places$} {unit}");
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// A `/proc/self/status` field in kB (Linux).
fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// The cached synthetic dataset of `n` events, written on first use.
fn synthetic(n: usize, json: bool) -> PathBuf {
    let dir = target_dir().join("scale");
    let path = dir.join(format!("synthetic-{n}.{}", if json { "json" } else { "yaml" }));
    if !path.exists() {
        std::fs::create_dir_all(&dir).expect("create target/scale");
        let tmp = path.with_extension("partial");
        std::fs::write(&tmp, itx::synth::generate(n, json)).expect("write synthetic dataset");
        std::fs::rename(&tmp, &path).expect("rename synthetic dataset");
    }
    path
}

/// Loads as the explorer does: dataset, search text, figures, and the
/// parser's freed memory given back.
fn load(path: &Path) -> Current {
    let target = itx::app::Target::File(path.to_path_buf());
    itx::runtime::load_current(&target, &itx::store::Progress::default(), None).unwrap_or_else(|e| panic!("{e}"))
}

/// In the child: load as the explorer does (dataset, search index,
/// figures) and print `ms peak_kb steady_bytes events`.
fn child_load(path: &Path) {
    let before = status_kb("VmRSS:");
    let start = Instant::now();
    let current = load(path);
    let ms = start.elapsed().as_secs_f64() * 1e3;
    let peak = status_kb("VmHWM:");
    let steady = (status_kb("VmRSS:").saturating_sub(before)) * 1024;
    println!("{ms} {peak} {steady} {}", current.dataset.events.len());
}

struct LoadFigures {
    ms: f64,
    peak_mb: f64,
    bytes_per_event: f64,
    events: usize,
}

fn measure_load(path: &Path, runs: usize) -> LoadFigures {
    let mut samples = Vec::new();
    for _ in 0..runs.max(1) {
        let out = Command::new(std::env::current_exe().unwrap())
            .arg("--child-load")
            .arg(path)
            .output()
            .expect("run the load child");
        assert!(
            out.status.success(),
            "loading {} failed:\n{}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        let v: Vec<f64> = text.split_whitespace().map(|x| x.parse().unwrap()).collect();
        samples.push(v);
    }
    let col = |k: usize| median(samples.iter().map(|v| v[k]).collect());
    let events = samples[0][3] as usize;
    LoadFigures {
        ms: col(0),
        peak_mb: col(1) / 1024.0,
        bytes_per_event: col(2) / events.max(1) as f64,
        events,
    }
}

/// Types each query one character at a time into a fresh explorer,
/// timing each keystroke until its results are in the model.
fn keystroke_ms(current: &Current, queries: &[String], ranked: bool) -> Vec<f64> {
    let mut times = Vec::new();
    for q in queries {
        let mut m = Model::new(current.clone(), (120, 40));
        m.inline_search_limit = usize::MAX;
        if ranked {
            m.update(Msg::Action(itx::app::Action::ToggleRanked));
        }
        m.update(Msg::Action(itx::app::Action::Search));
        for c in q.chars() {
            let key = crossterm::event::KeyEvent::new(crossterm::event::KeyCode::Char(c), crossterm::event::KeyModifiers::NONE);
            let start = Instant::now();
            let effect = m.update(Msg::Key(key));
            assert!(effect.is_empty(), "searches run inline here");
            times.push(start.elapsed().as_secs_f64() * 1e3);
            if std::env::var_os("SCALE_TRACE").is_some() {
                eprintln!("{ranked} {:?} {:.1} ms, {} rows", m.query.raw, times.last().unwrap(), m.rows.len());
            }
        }
        let expected = Query::parse(q);
        assert_eq!(m.query.raw, expected.raw);
    }
    times.sort_by(f64::total_cmp);
    times
}

fn search_figures(current: &Current, queries: &[String]) {
    let n = current.dataset.events.len();
    for (name, ranked) in [("search_filter", false), ("search_ranked", true)] {
        let t = keystroke_ms(current, queries, ranked);
        figure(&format!("{name}_p50"), n, percentile(&t, 50.0), "ms");
        figure(&format!("{name}_p95"), n, percentile(&t, 95.0), "ms");
        figure(&format!("{name}_max"), n, *t.last().unwrap(), "ms");
    }
}

fn frame_figures(current: &Current, query: &str) {
    let n = current.dataset.events.len();
    for (w, h) in [(120u16, 40u16), (200, 60)] {
        let mut m = Model::new(current.clone(), (w, h));
        m.inline_search_limit = usize::MAX;
        m.update(Msg::Action(itx::app::Action::Search));
        for c in query.chars() {
            let key = crossterm::event::KeyEvent::new(crossterm::event::KeyCode::Char(c), crossterm::event::KeyModifiers::NONE);
            m.update(Msg::Key(key));
        }
        // Somewhere in the middle, where the rows above and below are real.
        m.update(Msg::Action(itx::app::Action::Enter));
        for _ in 0..(m.rows.len() / 2).min(5_000) {
            m.update(Msg::Action(itx::app::Action::Down));
        }
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        let theme = Theme { color: true };
        let times = (0..60)
            .map(|_| {
                let start = Instant::now();
                term.draw(|f| ui::view(f, &m, &theme)).unwrap();
                start.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        figure(&format!("frame_{w}x{h}"), n, median(times), "ms");
    }
}

/// The input thread's side while a worker searches: each key applied and
/// its frame drawn (120x40) while the worker types every query over and
/// over, with both cores busy searching. The explorer's search runs the
/// same way; this shows the frame a key gets while it does.
fn frames_while_searching(current: &Current, queries: &[String]) {
    let n = current.dataset.events.len();
    let stop = std::sync::atomic::AtomicBool::new(false);
    let mut times = Vec::new();
    std::thread::scope(|s| {
        s.spawn(|| {
            let mut m = Model::new(current.clone(), (120, 40));
            m.inline_search_limit = usize::MAX;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                for q in queries {
                    m.update(Msg::Action(itx::app::Action::Search));
                    for c in q.chars() {
                        let key = crossterm::event::KeyEvent::new(crossterm::event::KeyCode::Char(c), crossterm::event::KeyModifiers::NONE);
                        m.update(Msg::Key(key));
                    }
                    m.update(Msg::Action(itx::app::Action::Back));
                }
            }
        });
        let mut m = Model::new(current.clone(), (120, 40));
        let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let theme = Theme { color: true };
        let until = Instant::now() + Duration::from_secs(3);
        while Instant::now() < until {
            let start = Instant::now();
            m.update(Msg::Action(itx::app::Action::Down));
            term.draw(|f| ui::view(f, &m, &theme)).unwrap();
            times.push(start.elapsed().as_secs_f64() * 1e3);
            std::thread::sleep(Duration::from_millis(5));
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    times.sort_by(f64::total_cmp);
    figure("frame_while_searching_p99", n, percentile(&times, 99.0), "ms");
    figure("frame_while_searching_max", n, *times.last().unwrap(), "ms");
}

/// From spawning the release binary in a pseudo-terminal to the first
/// frame (the default dataset's title on screen), median of 11.
fn startup_ms() -> Option<f64> {
    use portable_pty::{native_pty_system, CommandBuilder, PtySize};
    use std::io::Read;
    let exe = Path::new(env!("CARGO_BIN_EXE_itx"));
    let mut times = Vec::new();
    for _ in 0..11 {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .ok()?;
        let mut cmd = CommandBuilder::new(exe);
        cmd.env("TERM", "xterm-256color");
        let mut reader = pair.master.try_clone_reader().ok()?;
        let start = Instant::now();
        let mut child = pair.slave.spawn_command(cmd).ok()?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut seen = Vec::new();
            let mut buf = [0u8; 8192];
            while let Ok(k) = reader.read(&mut buf) {
                if k == 0 {
                    break;
                }
                seen.extend_from_slice(&buf[..k]);
                if seen.windows(7).any(|w| w == b"dwell 1") {
                    let _ = tx.send(start.elapsed());
                    break;
                }
            }
        });
        let got = rx.recv_timeout(Duration::from_secs(10));
        let _ = child.kill();
        let _ = child.wait();
        times.push(got.ok()?.as_secs_f64() * 1e3);
    }
    Some(median(times))
}

fn measure(yaml: Option<&Path>, json: Option<&Path>, queries: &[String], runs: usize) {
    let mut loaded_from = None;
    let mut steady: Option<(usize, f64)> = None;
    for (path, name) in [(yaml, "yaml"), (json, "json")] {
        let Some(path) = path else { continue };
        let f = measure_load(path, runs);
        figure(&format!("load_{name}"), f.events, f.ms, "ms");
        figure(&format!("peak_rss_load_{name}"), f.events, f.peak_mb, "MB");
        // The same dataset whichever the syntax; the larger is reported.
        steady = Some((f.events, steady.map_or(f.bytes_per_event, |(_, b)| b.max(f.bytes_per_event))));
        loaded_from = Some(path);
    }
    if let Some((events, bytes)) = steady {
        figure("bytes_per_event", events, bytes, "bytes");
    }
    let Some(path) = loaded_from else { return };
    let current = load(path);
    search_figures(&current, queries);
    frame_figures(&current, &queries[queries.len() / 2]);
    frames_while_searching(&current, queries);
}

fn main() {
    let args = Args::parse();
    if let Some(path) = &args.child_load {
        child_load(path);
        return;
    }
    // First, while this process is small: spawning a child copies the
    // parent's page tables, which with a million events loaded added
    // 60 ms to what the figure is about.
    let startup = startup_ms();
    let queries: Vec<String> = if args.queries.is_empty() {
        itx::synth::QUERIES.iter().map(|q| q.to_string()).collect()
    } else {
        args.queries.clone()
    };
    if !args.forensic.is_empty() {
        for &n in &args.forensic {
            forensic(n, args.runs);
        }
    } else if let Some(data) = &args.data {
        let json = itx::store::syntax_for(data) == itx::store::Syntax::Json;
        measure(
            (!json).then_some(data.as_path()),
            json.then_some(data.as_path()),
            &queries,
            args.runs,
        );
    } else {
        let sizes = if args.events.is_empty() {
            vec![1_000, 10_000, 100_000, 1_000_000]
        } else {
            args.events.clone()
        };
        for n in sizes {
            let (yaml, json) = (synthetic(n, false), synthetic(n, true));
            measure(Some(&yaml), Some(&json), &queries, args.runs);
        }
    }
    match startup {
        Some(ms) => figure("startup", 33, ms, "ms"),
        None => eprintln!("startup: could not run itx in a pseudo-terminal"),
    }
}

const HOSTS: &[&str] = &["WKS-042", "SRV-DC01", "WKS-0117", "SRV-FS02"];
const USERS: &[&str] = &["svc_backup", "alice", "bob", "administrator", "carol"];
const DESCS: &[&str] = &[
    "Content Modification Time",
    "Creation Time",
    "Last Access Time",
    "Metadata Modification Time",
    "Last Time Executed",
];
const EXES: &[&str] = &["CMD.EXE", "POWERSHELL.EXE", "RUNDLL32.EXE", "SVCHOST.EXE"];

use itx::synth::Rng;

/// A week of rows from four parsers, as plaso's `dynamic` output writes
/// them (Windows event log, file system, prefetch, syslog), sorted by time.
fn plaso_csv(n: usize) -> PathBuf {
    let path = target_dir().join("scale").join(format!("plaso-{n}.csv"));
    if path.exists() {
        return path;
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let tmp = path.with_extension("partial");
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(std::fs::File::create(&tmp).unwrap()));
    w.write_record([
        "datetime",
        "timestamp_desc",
        "source",
        "source_long",
        "message",
        "parser",
        "display_name",
        "tag",
    ])
    .unwrap();
    let mut r = Rng(7);
    let week = 7 * 86_400_000_000u64;
    for i in 0..n {
        let (host, user) = (r.pick(HOSTS), r.pick(USERS));
        let micros = 1_628_899_200_000_000u64 + i as u64 * (week / n as u64) + r.next_u64() % 1_000_000;
        let t = chrono::DateTime::from_timestamp((micros / 1_000_000) as i64, (micros % 1_000_000) as u32 * 1000).unwrap();
        let (source, long, parser, message) = match r.next_u64() % 4 {
            0 => ("EVT", "WinEVTX", "winevtx", format!(
                "[4624 / 0x1210] Source Name: Microsoft-Windows-Security-Auditing Strings: ['S-1-5-18', '{host}$', 'CORP', '0x3e7', 'S-1-5-21-3623811015-3361044348-30300820-1013', '{user}', 'CORP', '0x{i:x}', '3', 'NtLmSsp', 'NTLM', '{host}', '-', '-', '0', '0x0', '-', '10.0.4.{}', '{}'] Computer Name: {host} Record Number: {} Event Level: 0",
                i % 250, 49_152 + i % 16_000, 100_000 + i
            )),
            1 => ("FILE", "NTFS Last Access Time", "filestat", format!("TSK:/Users/{user}/AppData/Local/Temp/{:04x}.tmp Type: file", i % 9973)),
            2 => ("PE", "WinPrefetch", "prefetch", format!(
                "Prefetch [{}] was executed - run count {} path hints: \\WINDOWS\\SYSTEM32\\ hash: 0x{:08X} volume: 1",
                r.pick(EXES), i % 40 + 1, (i as u64).wrapping_mul(2_654_435_761) % (1 << 32)
            )),
            _ => ("LOG", "Log File", "text/syslog_traditional", format!(
                "[sshd pid: {}] Accepted publickey for {user} from 10.0.4.{} port {} ssh2",
                800 + i % 5000, i % 250, 49_152 + i % 16_000
            )),
        };
        let tag = if i % 997 == 0 { "suspicious" } else { "-" };
        let when = t.to_rfc3339_opts(chrono::SecondsFormat::Micros, false);
        let display = format!("OS:/cases/{host}/image.E01");
        w.write_record([when.as_str(), r.pick(DESCS), source, long, &message, parser, &display, tag])
            .unwrap();
    }
    w.flush().unwrap();
    drop(w);
    std::fs::rename(&tmp, &path).unwrap();
    path
}

/// Hayabusa's JSONL detections over the same week (its verbose profile).
fn hayabusa_jsonl(n: usize) -> PathBuf {
    use std::io::Write;
    let path = target_dir().join("scale").join(format!("hayabusa-{n}.jsonl"));
    if path.exists() {
        return path;
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let tmp = path.with_extension("partial");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp).unwrap());
    let rules: &[(&str, &str, &str, &[&str], &str)] = &[
        ("Logon (Network)", "info", "Sec", &[], "4624"),
        ("Suspicious PowerShell Download", "high", "PwSh", &["T1059.001", "T1105"], "4104"),
        ("Scheduled Task Created", "medium", "Sec", &["T1053.005"], "4698"),
        ("Proc Exec", "info", "Sysmon", &[], "1"),
        ("Failed Logon - Incorrect Password", "low", "Sec", &["T1110"], "4625"),
    ];
    let mut r = Rng(11);
    let week = 7 * 86_400_000u64;
    for i in 0..n {
        let (host, user) = (r.pick(HOSTS), r.pick(USERS));
        let (title, level, channel, tags, event_id) = rules[(r.next_u64() % rules.len() as u64) as usize];
        let millis = 1_628_899_200_000u64 + i as u64 * (week / n as u64) + r.next_u64() % 1000;
        let t = chrono::DateTime::from_timestamp((millis / 1000) as i64, (millis % 1000) as u32 * 1_000_000).unwrap();
        let line = serde_json::json!({
            "Timestamp": t.format("%Y-%m-%d %H:%M:%S%.3f +00:00").to_string(),
            "RuleTitle": title,
            "Level": level,
            "Computer": format!("{host}.corp.example"),
            "Channel": channel,
            "EventID": event_id.parse::<u32>().unwrap(),
            "RecordID": 1_000_000 + i,
            "Details": {"TgtUser": user, "SrcIP": format!("10.0.4.{}", i % 250), "LogonType": 3},
            "ExtraFieldInfo": {"LogonID": format!("0x{i:x}")},
            "RuleID": format!("00000000-0000-4000-8000-{:012}", (title.len() * 7919) % 1_000_000),
            "MitreTactics": [],
            "MitreTags": tags,
            "OtherTags": [],
            "RuleFile": format!("{}.yml", title.to_lowercase().replace(' ', "_")),
            "EvtxFile": format!("{channel}.evtx"),
        });
        serde_json::to_writer(&mut w, &line).unwrap();
        w.write_all(b"\n").unwrap();
    }
    w.flush().unwrap();
    drop(w);
    std::fs::rename(&tmp, &path).unwrap();
    path
}

/// Median wall seconds of `cmd`, its output thrown away.
fn whole_process(mut cmd: impl FnMut() -> Command, runs: usize) -> f64 {
    median(
        (0..runs.max(1))
            .map(|_| {
                let start = Instant::now();
                let out = cmd().output().expect("run the command");
                assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
                start.elapsed().as_secs_f64()
            })
            .collect(),
    )
}

/// itx opening the CSV and answering a search, as whole processes, beside
/// lnav loading it and filtering it in to the same lines.
fn beside_lnav(csv: &Path, n: usize, runs: usize) {
    let has_lnav = Command::new("lnav").arg("-V").output().is_ok_and(|o| o.status.success());
    if !has_lnav {
        eprintln!("lnav is not installed: no comparison (apt-get install lnav)");
        return;
    }
    let itx = whole_process(
        || {
            let mut c = Command::new(env!("CARGO_BIN_EXE_itx"));
            c.arg("list").arg(csv).args(["--search", "'svc_backup", "--count"]);
            c
        },
        runs,
    );
    let lnav = whole_process(
        || {
            let mut c = Command::new("lnav");
            c.args(["-n", "-c", ":filter-in svc_backup"]).arg(csv);
            c
        },
        runs,
    );
    figure("itx_open_and_search", n, itx, "s");
    figure("lnav_load_and_filter", n, lnav, "s");
    figure("itx_over_lnav", n, itx / lnav, "x");
}

/// What typing a forensic search looks like: a user, an address, a
/// parser's field, a fuzzy word.
const FORENSIC_QUERIES: &[&str] = &["svc_backup", "'10.0.4.17 ", "field:parser=prefetch", "powershel"];

fn forensic(n: usize, runs: usize) {
    let queries: Vec<String> = FORENSIC_QUERIES.iter().map(|q| q.to_string()).collect();
    for (name, path) in [("plaso_csv", plaso_csv(n)), ("hayabusa_jsonl", hayabusa_jsonl(n))] {
        let size = std::fs::metadata(&path).unwrap().len() as f64;
        let f = measure_load(&path, runs);
        figure(&format!("open_{name}"), f.events, f.ms / 1e3, "s");
        figure(&format!("file_{name}"), f.events, size / 1e6, "MB");
        figure(&format!("peak_rss_open_{name}"), f.events, f.peak_mb, "MB");
        figure(
            &format!("resident_over_file_{name}"),
            f.events,
            f.bytes_per_event * f.events as f64 / size,
            "x",
        );
        let current = load(&path);
        search_figures(&current, &queries);
        frame_figures(&current, &queries[0]);
        frames_while_searching(&current, &queries);
        let stack_start = Instant::now();
        let all: Vec<u32> = (0..current.dataset.events.len() as u32).collect();
        let parser = current
            .dataset
            .field_names
            .iter()
            .position(|f| f == "parser" || f == "Level")
            .unwrap_or(0);
        let (values, ..) = itx::app::overlay::stack::count(&current.dataset, &all, itx::app::overlay::stack::Dim::Field(parser as u32));
        figure("stack_field", f.events, stack_start.elapsed().as_secs_f64() * 1e3, "ms");
        assert!(!values.is_empty());
        drop(current);
        itx::session::release_free_memory();
        if name == "plaso_csv" {
            beside_lnav(&path, n, runs);
        }
    }
}
