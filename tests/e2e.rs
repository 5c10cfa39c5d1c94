//! The real binary in a pseudo-terminal this test creates (no tmux, no CI
//! terminal): keys in, the screen read back through a vt100 parser.
//! Unix only: it sends signals and reads the terminal's settings with stty.
#![cfg(unix)]

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize, SlavePty};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _slave: Box<dyn SlavePty + Send>,
    master: Box<dyn MasterPty + Send>,
}

/// A failed test must not leave itx running.
impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

impl Session {
    fn start(args: &[&str]) -> Session {
        Self::start_with(args, &[])
    }

    fn start_with(args: &[&str], env: &[(&str, &str)]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_itx"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        // Stars on timelines are kept in the data folder: the build's
        // scratch one, never the user's.
        cmd.env("XDG_DATA_HOME", concat!(env!("CARGO_TARGET_TMPDIR"), "/data-home"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(40, 120, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let (p, r) = (parser.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Session {
            parser,
            raw,
            writer,
            child,
            _slave: pair.slave,
            master: pair.master,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen satisfies `ok`: output arrives in pieces, so
    /// a frame may be half drawn when first looked at.
    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if ok(&self.screen()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        panic!("{what} never happened; the screen was:\n{}", self.screen());
    }

    fn wait_for(&self, text: &str) {
        self.wait_until(&format!("{text:?} appearing"), |s| s.contains(text));
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // One key at a time would be slower; a short pause lets the loop draw.
        std::thread::sleep(Duration::from_millis(150));
    }

    fn line_with(&self, text: &str) -> String {
        self.screen().lines().find(|l| l.contains(text)).unwrap_or_default().to_string()
    }

    fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        panic!("itx did not exit; screen:\n{}", self.screen());
    }

    /// The pty's settings now, from `stty` run on its device.
    fn stty_after(&self) -> String {
        let tty = self.master.tty_name().expect("the pty has a device name");
        let out = std::process::Command::new("stty").arg("-a").arg("-F").arg(tty).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn assert_terminal_restored(&self) {
        // The last bytes may still be on their way from the pty.
        let start = Instant::now();
        let left_alternate = || {
            let text = String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned();
            matches!((text.rfind("\x1b[?1049l"), text.rfind("\x1b[?1049h")), (Some(l), Some(h)) if l > h)
        };
        while !left_alternate() && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(30));
        }
        assert!(left_alternate(), "left the alternate screen");
        let stty = self.stty_after();
        assert!(stty.contains(" icanon") && stty.contains(" echo"), "raw mode left on: {stty}");
    }
}

#[test]
fn the_milestone_events_are_on_the_first_screen() {
    let mut s = Session::start(&[]);
    s.wait_for("Timeline · 33 events");
    for text in [
        "dwell 14 months",
        "to disclose 10 months",
        "to attribute 31 months",
        "2021-08    C   Attackers get into Electoral Commission",
        "2022-10    D   The commission spots",
        "2023-08-08 P   The commission tells the public",
        "2024-03-25 A   Deputy PM Oliver Dowden",
    ] {
        s.wait_for(text);
    }
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_terminal_restored();
}

#[test]
fn typing_norway_selects_the_norway_event() {
    let mut s = Session::start(&[]);
    s.wait_for("Timeline · 33 events");
    s.send("/norway");
    s.wait_for("2 matches");
    s.wait_until("the Norway event selected", |screen| {
        screen.lines().any(|l| l.contains("▶") && l.contains("APT31 breaks into Norway"))
    });
    s.send("\r");
    s.wait_for("search: norway");
    assert!(s.line_with("▶").contains("APT31 breaks into Norway"), "{}", s.screen());
    s.send("q");
    s.wait_exit();
}

#[test]
fn opening_another_dataset_by_path_shows_its_title() {
    let mut s = Session::start(&[]);
    s.wait_for("Timeline · 33 events");
    s.send("o");
    s.wait_for("Open a dataset");
    s.send(&fixture("good/full.json"));
    s.send("\r");
    s.wait_for("Example intrusion (JSON)");
    s.wait_for("Timeline · 3 events");
    s.send("q");
    s.wait_exit();
}

#[test]
fn a_broken_file_shows_its_errors_and_the_old_dataset_stays() {
    let mut s = Session::start(&[]);
    s.wait_for("Timeline · 33 events");
    s.send("o");
    s.wait_for("Open a dataset");
    s.send(&fixture("bad/dates.yaml"));
    s.send("\r");
    s.wait_for("5 problems found");
    s.wait_for("events[1] (feb30).date");
    s.send("\x1b");
    std::thread::sleep(Duration::from_millis(300));
    let screen = s.screen();
    assert!(!screen.contains("problems found"), "{screen}");
    assert!(
        screen.contains("Timeline · 33 events") && screen.contains("UK Electoral Commission breach"),
        "{screen}"
    );
    s.send("q");
    s.wait_exit();
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    let mut s = Session::start(&[]);
    s.wait_for("Timeline · 33 events");
    let pid = s.child.process_id().unwrap();
    std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert_eq!(s.wait_exit(), 143);
    s.assert_terminal_restored();
}

#[test]
fn a_file_given_on_the_command_line_opens() {
    let mut s = Session::start(&[&fixture("good/minimal.yaml")]);
    s.wait_for("A minimal dataset written by someone else");
    s.wait_for("no figures: no event has a phase");
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0);
}

fn process_state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rsplit(") ").next().and_then(|r| r.chars().next()).unwrap_or('?')
}

#[test]
fn ctrl_z_suspends_with_the_terminal_restored_and_continues_redrawn() {
    let mut s = Session::start(&[]);
    s.wait_for("Timeline · 33 events");
    let pid = s.child.process_id().unwrap();
    s.send("\x1a");
    let start = Instant::now();
    while process_state(pid) != 'T' && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(30));
    }
    assert_eq!(process_state(pid), 'T', "stopped");
    let stty = s.stty_after();
    assert!(stty.contains(" icanon") && stty.contains(" echo"), "restored while stopped: {stty}");
    s.parser.lock().unwrap().process(b"\x1b[2J");
    std::process::Command::new("kill")
        .args(["-CONT", &pid.to_string()])
        .status()
        .unwrap();
    s.wait_for("Timeline · 33 events");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

/// The bytes itx wrote, as text.
fn raw_text(s: &Session) -> String {
    String::from_utf8_lossy(&s.raw.lock().unwrap()).into_owned()
}

#[test]
fn a_hostile_dataset_writes_no_terminal_control_sequences() {
    let mut s = Session::start(&[&fixture("hostile/terminal.yaml")]);
    s.wait_for("Timeline · 7 events");
    // Every event, its detail, all actors, the sources pane.
    for _ in 0..7 {
        s.send("\r");
        s.send("\x1b");
        s.send("j");
    }
    s.send("a\t\t");
    s.send("\t");
    s.send("q");
    s.wait_exit();
    s.assert_terminal_restored();
    let raw = raw_text(&s);
    for (seq, name) in [
        ("\x1b]", "OSC"),
        ("\x1bP", "DCS"),
        ("\x1b_", "APC"),
        ("\x1b^", "PM"),
        ("\x1bX", "SOS"),
        ("\u{9b}", "C1 CSI"),
        ("\u{9d}", "C1 OSC"),
        ("\x07", "BEL"),
        ("\x08", "BS"),
    ] {
        assert!(!raw.contains(seq), "{name} written to the terminal");
    }
    for payload in ["[2J", "[1A", "[21t", "[31mred", "[H"] {
        assert!(
            !raw.contains(&format!("\x1b{payload}y")) && !raw.contains(&format!("\x1b{payload} ")),
            "{payload} from the file reached the terminal"
        );
    }
    for payload in ["]0;pwned", "]52;c;", "]8;;http://evil", "P$q"] {
        assert!(!raw.contains(&format!("\x1b{payload}")), "{payload} preceded by ESC");
        assert!(raw.contains(&format!("␛{payload}")), "{payload} shown as text with a visible mark");
    }
}

#[test]
fn a_panic_while_drawing_restores_the_terminal_and_exits_101() {
    let mut s = Session::start_with(&[], &[("ITX_TEST_PANIC_ON_DRAW", "1")]);
    s.wait_for("Timeline · 33 events");
    s.send("?");
    assert_eq!(s.wait_exit(), 101);
    s.assert_terminal_restored();
    // The message is printed after the screen is restored, so it stays.
    s.wait_for("deliberate panic while drawing");
}

#[test]
fn sighup_and_sigint_restore_and_exit_128_plus_n() {
    for (sig, code) in [("-HUP", 129), ("-INT", 130), ("-TERM", 143)] {
        let mut s = Session::start(&[]);
        s.wait_for("Timeline · 33 events");
        let pid = s.child.process_id().unwrap();
        std::process::Command::new("kill").args([sig, &pid.to_string()]).status().unwrap();
        assert_eq!(s.wait_exit(), code, "{sig}");
        s.assert_terminal_restored();
    }
}

#[test]
fn stop_and_cont_from_outside_are_survived() {
    let mut s = Session::start(&[]);
    s.wait_for("Timeline · 33 events");
    let pid = s.child.process_id().unwrap().to_string();
    std::process::Command::new("kill").args(["-STOP", &pid]).status().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    std::process::Command::new("kill").args(["-CONT", &pid]).status().unwrap();
    s.send("j");
    s.wait_until("the selection moving after CONT", |screen| {
        screen.lines().any(|l| l.contains("▶ 2018"))
    });
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn a_burst_of_resizes_down_to_nothing_is_survived() {
    let mut s = Session::start(&[]);
    s.wait_for("Timeline · 33 events");
    for (rows, cols) in [(1, 1), (3, 10), (10, 3), (0, 0), (24, 80), (5, 20), (60, 200), (2, 2), (40, 120)]
        .iter()
        .cycle()
        .take(40)
    {
        s.master
            .resize(PtySize {
                rows: *rows,
                cols: *cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        std::thread::sleep(Duration::from_millis(5));
    }
    // The screen model first: a frame drawn for the new size between the
    // two steps would otherwise be read at the old size and never redrawn.
    s.parser.lock().unwrap().screen_mut().set_size(8, 30);
    s.master
        .resize(PtySize {
            rows: 8,
            cols: 30,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    s.wait_for("too small");
    // The screen model first: a frame drawn for the new size between the
    // two steps would otherwise be read at the old size and never redrawn.
    s.parser.lock().unwrap().screen_mut().set_size(40, 120);
    s.master
        .resize(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    s.wait_for("Timeline · 33 events");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn without_colour_the_selection_and_matches_use_reverse_and_underline() {
    for env in [("NO_COLOR", "1"), ("TERM", "dumb")] {
        let mut s = Session::start_with(&[], &[env]);
        s.wait_for("Timeline · 33 events");
        let start = raw_text(&s).len();
        s.send("/norway");
        s.wait_for("2 matches");
        let raw = raw_text(&s)[start..].to_string();
        let colour = ["\x1b[38;5;", "\x1b[38;2;", "\x1b[48;5;", "\x1b[48;2;"]
            .iter()
            .any(|c| raw.contains(c));
        let at = ["\x1b[38;5;", "\x1b[38;2;", "\x1b[48;5;", "\x1b[48;2;"]
            .iter()
            .filter_map(|c| raw.find(c))
            .min()
            .unwrap_or(0);
        assert!(
            !colour,
            "{env:?}: colour was written: {:?}",
            &raw[at.saturating_sub(20)..(at + 20).min(raw.len())]
        );
        assert!(raw.contains("\x1b[7m"), "{env:?}: no reverse video for the selection");
        assert!(raw.contains("\x1b[4m"), "{env:?}: no underline for matches");
        s.send("\x1b");
        s.send("q");
        s.wait_exit();
    }
}

#[test]
fn a_slow_load_shows_progress_keeps_keys_working_and_esc_stops_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("campaign.json");
    // Large enough that loading takes a few seconds in a test build
    // (60,000 events took one second once loads used both cores).
    std::fs::write(&path, itx::synth::generate(120_000, true)).unwrap();
    let mut s = Session::start(&[]);
    s.wait_for("Timeline · 33 events");
    s.send("o");
    s.wait_for("Open a dataset");
    s.send(path.to_str().unwrap());
    s.send("\r");
    s.wait_for("Esc stops");
    let status = s.line_with("Esc stops");
    assert!(status.contains("opening") && status.contains("campaign.json"), "{status}");
    // The explorer still answers keys while the load runs.
    let first = s.line_with("▶");
    s.send("j");
    s.wait_until("the selection moving during the load", |screen| {
        screen.lines().find(|l| l.contains('▶')).is_some_and(|l| l != first)
    });
    assert!(s.screen().contains("Esc stops"), "the load was still running:\n{}", s.screen());
    s.send("\x1b");
    s.wait_for("stopped opening");
    // Long after the load would have finished, the old dataset is still shown.
    std::thread::sleep(Duration::from_secs(4));
    let screen = s.screen();
    assert!(screen.contains("Timeline · 33 events") && !screen.contains("Synthetic"), "{screen}");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn e_writes_the_view_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("briefing.md");
    let mut s = Session::start(&[]);
    s.wait_for("Timeline · 33 events");
    s.send("/norway\r");
    s.wait_for("Timeline · 2 of 33 events");
    s.send("e");
    s.wait_for("Export 2 of 33 events");
    // Clear the suggested name (C-a, C-k) and type our own.
    s.send("\x01\x0b");
    s.send(path.to_str().unwrap());
    s.send("\r");
    s.wait_for("wrote 2 events as markdown");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("## Timeline (2 of 33 events)"), "{text}");
    assert!(text.contains("Norway"));
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn an_export_asks_before_replacing_a_file_and_a_failed_one_keeps_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("briefing.md");
    std::fs::write(&path, "my notes").unwrap();
    let mut s = Session::start(&[]);
    s.wait_for("Timeline · 33 events");
    s.send("e");
    s.wait_for("is written in");
    s.send("\x01\x0b");
    s.send(path.to_str().unwrap());
    s.send("\r");
    s.wait_for("exists: Enter replaces it");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my notes", "not replaced unasked");
    s.send("\r");
    s.wait_for("wrote 33 events as markdown");
    assert!(std::fs::read_to_string(&path).unwrap().contains("## Timeline"));
    // A folder that is not there: the error is said and the path kept.
    let missing = dir.path().join("no-such-folder/briefing.md");
    s.send("e");
    s.wait_for("is written in");
    s.send("\x01\x0b");
    s.send(missing.to_str().unwrap());
    s.send("\r");
    s.wait_for("No such file or directory");
    assert!(s.screen().contains("no-such-folder/briefing.md"), "{}", s.screen());
    assert!(s.screen().contains("Export 33"), "the overlay stays open:\n{}", s.screen());
    s.send("\x1b");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn a_saved_edit_reloads_and_a_broken_one_keeps_the_last_good_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("apt31.yaml");
    let original = std::fs::read_to_string(format!("{}/data/apt31.yaml", env!("CARGO_MANIFEST_DIR"))).unwrap();
    std::fs::write(&path, &original).unwrap();
    let mut s = Session::start(&[path.to_str().unwrap()]);
    s.wait_for("Break-in to the network of Norway's county governors");
    // Saved the way many editors save: a new file renamed over the old.
    let save = |text: &str| {
        let tmp = dir.path().join(".apt31.yaml.swp");
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    };
    save(&original.replace(
        "title: Break-in to the network of Norway's county governors",
        "title: Norwegian county governors breached",
    ));
    s.wait_for("Norwegian county governors breached");
    s.wait_for("0 added, 0 removed, 1 changed");
    // Reading the file to reload it is not a change: no second reload
    // replaces what the first one said.
    std::thread::sleep(Duration::from_millis(1200));
    let screen = s.screen();
    assert!(screen.contains("1 changed") && !screen.contains("no event changed"), "{screen}");
    // A broken save: the errors show, the last good data stays.
    save(&original.replace("date: 2018\n", "date: 2018-13\n"));
    s.wait_for("2018-13");
    s.send("\x1b");
    s.wait_for("Norwegian county governors breached");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn a_star_survives_quitting_and_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("apt31.yaml");
    std::fs::copy(format!("{}/data/apt31.yaml", env!("CARGO_MANIFEST_DIR")), &path).unwrap();
    let mut s = Session::start(&[path.to_str().unwrap()]);
    s.wait_for("Timeline · 15 events");
    s.send("*");
    s.wait_for("★");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    let mut s = Session::start(&[path.to_str().unwrap()]);
    s.wait_for("Timeline · 15 events");
    s.wait_for("★");
    s.send("S");
    s.wait_for("Timeline · 1 of 15 events");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    let original = std::fs::read_to_string(format!("{}/data/apt31.yaml", env!("CARGO_MANIFEST_DIR"))).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original, "the dataset is never written");
}

#[test]
fn several_datasets_open_at_once_and_merge() {
    let mut s = Session::start(&["uk-electoral-commission", "apt31"]);
    s.wait_for("Timeline · 33 events");
    s.send("D");
    s.wait_for("Timeline · 15 events");
    s.send("D");
    s.wait_for("Timeline · 48 events · file");
    s.wait_for("apt31  ");
    s.wait_for("uk-electoral-commission  ");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn a_broken_file_is_shown_watched_and_opened_once_mended() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.yaml");
    let good = "format: 1\ntitle: Draft incident\nevents:\n  - {id: a, date: 2021, title: First event of the draft}\n";
    std::fs::write(&path, good.replace("date: 2021", "date: 2021-13")).unwrap();
    let mut s = Session::start(&[path.to_str().unwrap()]);
    // Not an exit: the errors, and the promise to open it once mended.
    s.wait_for("Could not open");
    s.wait_for("months run 01 to 12");
    s.wait_for("save it without these errors and it opens");
    std::fs::write(&path, good).unwrap();
    s.wait_for("First event of the draft");
    s.wait_for("opened Draft incident");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

/// Waits until the bytes the program wrote hold `needle`.
fn wait_raw(s: &Session, needle: &str) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if raw_text(s).contains(needle) {
            return;
        }
        std::thread::sleep(Duration::from_millis(30));
    }
    panic!("{needle:?} never written; screen:\n{}", s.screen());
}

#[test]
fn source_addresses_are_terminal_links_and_y_copies_one() {
    let ds = itx::store::load("uk-electoral-commission").unwrap().dataset;
    let first = &ds.events[0];
    let url = first
        .sources
        .iter()
        .find_map(|&s| ds.source(s).url.clone().filter(|u| itx::model::is_web_link(u)))
        .expect("the first event cites a web address");
    let mut s = Session::start(&[]);
    s.wait_for("Timeline · 33 events");
    // The sources pane draws the address; it is sent as an OSC 8 link.
    wait_raw(&s, &format!("\x1b]8;;{url}\x1b\\"));
    s.send("y");
    use base64::Engine;
    wait_raw(
        &s,
        &format!("\x1b]52;c;{}\x1b\\", base64::engine::general_purpose::STANDARD.encode(&url)),
    );
    s.wait_for("copied");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn the_editor_opens_at_the_event_and_its_change_shows_after() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("incident.yaml");
    std::fs::copy(fixture("good/every-key.yaml"), &file).unwrap();
    // An "editor" named vi (so it is given +LINE FILE) that notes its
    // arguments and edits the event's title.
    let editor = dir.path().join("vi");
    std::fs::write(
        &editor,
        "#!/bin/sh\necho \"$@\" > \"$(dirname \"$0\")/args\"\nsed -i 's/Phishing email opened/Phishing email opened, edited/' \"$2\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let line = text.lines().position(|l| l.contains("- id: phish")).unwrap() + 1;
    let mut s = Session::start_with(&[file.to_str().unwrap()], &[("EDITOR", editor.to_str().unwrap()), ("VISUAL", "")]);
    s.wait_for("Phishing email opened");
    s.send("E");
    s.wait_for("Phishing email opened, edited");
    let args = std::fs::read_to_string(dir.path().join("args")).unwrap();
    assert_eq!(args.trim(), format!("+{line} {}", file.display()));
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_terminal_restored();
}

#[test]
fn a_plaso_timeline_is_searched_stacked_starred_and_its_story_written_and_valid() {
    let dir = tempfile::tempdir().unwrap();
    let timeline = dir.path().join("super-timeline.csv");
    std::fs::copy(fixture("forensic/plaso-dynamic.csv"), &timeline).unwrap();
    let story = dir.path().join("story.yaml");
    let mut s = Session::start(&[timeline.to_str().unwrap()]);
    s.wait_for("Timeline · 6 events");
    // Stack the parser over every row, and keep the syslog lines.
    s.send("F");
    s.wait_for("Stack · 6 events shown");
    // One step at a time, each seen on screen, so a slow machine cannot
    // run past it.
    let selected = |screen: &str| {
        // The overlay's selection, not the timeline's (at the line's start).
        screen
            .lines()
            .find_map(|l| l.rfind("│▶ ").filter(|&i| i > 0).map(|i| l[i + "│▶ ".len()..].trim().to_string()))
    };
    for _ in 0..10 {
        let now = selected(&s.screen());
        if now.as_deref().is_some_and(|n| n.starts_with("parser")) {
            break;
        }
        s.send("j");
        s.wait_until("the next dimension selected", |screen| selected(screen) != now);
    }
    s.wait_for("▶ parser");
    s.send("\r");
    s.wait_for("Stack · parser over 6 events");
    let top = s
        .screen()
        .lines()
        .find(|l| l.contains("▶ text/syslog_traditional"))
        .unwrap_or_default()
        .to_string();
    assert!(
        top.contains(" 3  50.0% █"),
        "the most frequent value first, with its count and share: {top}"
    );
    s.send("\r");
    s.wait_for("3 of 6 events");
    // Then search within them: the sshd logons.
    s.send("/ publickey\r");
    s.wait_for("2 of 6 events");
    // Star both, and write the story from the export overlay.
    s.send("*j*");
    s.wait_until("two stars", |screen| screen.matches('★').count() == 2);
    s.send("e");
    s.wait_for("is written in");
    for _ in 0..8 {
        s.send("\x1b[B");
    }
    s.wait_for("▶ story");
    s.send("\x01\x0b");
    s.send(story.to_str().unwrap());
    s.send("\r");
    s.wait_for("wrote");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_itx"))
        .arg("validate")
        .arg(&story)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && said.contains("valid, 2 events"), "{said}");
    let text = std::fs::read_to_string(&story).unwrap();
    assert!(text.contains("title: \"plaso timeline super-timeline.csv, line 4\""), "{text}");
    assert!(text.contains("Accepted publickey for svc_backup"), "{text}");
    assert!(
        text.contains("parser: text/syslog_traditional"),
        "the row's fields go with it:\n{text}"
    );
    // The stars went to the data folder: the timeline's folder holds only
    // what was put there.
    let mut here: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    here.sort();
    assert_eq!(here, ["story.yaml", "super-timeline.csv"]);
}

#[test]
fn a_large_file_opens_inside_the_explorer_where_its_progress_shows_and_esc_can_stop_it() {
    // As if the file were large: it opens once the screen is up.
    let mut s = Session::start_with(&[&fixture("forensic/hayabusa.jsonl")], &[("ITX_TEST_OPEN_IN_EXPLORER", "0")]);
    s.wait_for("opened Hayabusa timeline hayabusa.jsonl");
    s.wait_for("Timeline · 3 events");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}
