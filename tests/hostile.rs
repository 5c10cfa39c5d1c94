//! Untrusted datasets: nothing from a file acts on the terminal, hides from
//! the reader or breaks the layout; bad files and bad targets get clear
//! errors. (The pseudo-terminal half is in e2e.rs.)

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use itx::app::{Current, Focus, Mode, Model, Msg, Target};
mod common;
use common::{deliver, keys};
use itx::app::geometry as layout;
use itx::model::Origin;
use itx::store::{self, Syntax};
use itx::ui::{self, Theme};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;
use std::path::Path;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn hostile(w: u16, h: u16) -> Model {
    let l = store::load_file(Path::new(&fixture("hostile/terminal.yaml"))).unwrap();
    Model::new(Current::new(l), (w, h))
}

fn from_text(text: &str, w: u16, h: u16) -> Model {
    let l = store::parse_text("mem.yaml", text, Syntax::Yaml, Origin::File("mem.yaml".into())).unwrap();
    Model::new(Current::new(l), (w, h))
}

fn render(m: &Model) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(m.size.0, m.size.1)).unwrap();
    t.draw(|f| ui::view(f, m, &Theme { color: true })).unwrap();
    t.backend().buffer().clone()
}

fn text_of(buf: &Buffer) -> String {
    let a = buf.area;
    (0..a.height)
        .map(|y| (0..a.width).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}

/// No cell holds a control character or an invisible/bidi format character.
fn assert_inert(buf: &Buffer, what: &str) {
    for cell in buf.content() {
        for c in cell.symbol().chars() {
            let bad = c.is_control()
                || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{3164}' | '\u{E0000}'..='\u{E007F}');
            assert!(!bad, "{what}: U+{:04X} reached the screen:\n{}", c as u32, text_of(buf));
        }
    }
}

/// Every screen a user can reach on the hostile dataset.
fn screens(w: u16, h: u16) -> Vec<(String, Buffer)> {
    let mut out = Vec::new();
    for (name, setup) in [
        ("start", ""),
        ("detail", "\n"),
        ("actors", "\t"),
        ("all actors", "a\t"),
        ("sources", "\t\t"),
        ("help", "?"),
        ("search", "/title"),
    ] {
        let mut m = hostile(w, h);
        keys(&mut m, setup);
        for _ in 0..6 {
            out.push((format!("{name} at row {}", m.timeline.selected), render(&m)));
            // Walk the timeline so every event's title is drawn.
            if m.mode() == Mode::Browse && m.focus == Focus::Timeline || m.mode() == Mode::Search {
                m.update(Msg::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)));
            }
        }
    }
    out
}

#[test]
fn escape_sequences_controls_and_invisibles_never_reach_the_screen() {
    for (w, h) in [(80, 24), (120, 40)] {
        for (name, buf) in screens(w, h) {
            assert_inert(&buf, &name);
        }
    }
    let all = screens(120, 40).into_iter().map(|(_, b)| text_of(&b)).collect::<String>();
    for visible in [
        "␛]0;pwned-title␇",
        "␛[2J",
        "␛[1A",
        "<U+009B>31m",
        "␡",
        "␀",
        "<U+202E>",
        "<U+200B>",
        "<U+200D>",
        "<U+FEFF>",
        "<U+3164>",
        "<U+E0041>",
    ] {
        assert!(all.contains(visible), "{visible} is not shown as a visible mark");
    }
}

#[test]
fn names_that_differ_only_by_invisible_characters_look_different_everywhere() {
    let mut m = hostile(120, 40);
    keys(&mut m, "a");
    let actors = text_of(&render(&m));
    assert!(actors.contains("APT31") && actors.contains("APT<U+200B>31"), "{actors}");
    keys(&mut m, "\n");
    let detail = text_of(&render(&m));
    assert!(detail.contains("APT<U+200B>31"), "{detail}");
    let list = String::from_utf8(
        std::process::Command::new(env!("CARGO_BIN_EXE_itx"))
            .args(["list", &fixture("hostile/terminal.yaml"), "--format", "tsv"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(list.contains("APT<U+200B>31"));
    assert!(
        !list.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
        "itx list prints no control characters"
    );
}

#[test]
fn cursor_movement_in_a_title_changes_only_its_own_row() {
    let base = "format: 1\ntitle: t\nevents:\n  - {id: a, date: 2021, title: \"first\"}\n  - {id: b, date: 2022, title: \"TITLE\"}\n  - {id: c, date: 2023, title: \"third\"}\n";
    let clean = render(&from_text(&base.replace("TITLE", "plain"), 100, 30));
    let dirty = render(&from_text(&base.replace("TITLE", "x\\e[2J\\e[1A\\r\\b\\e[Hy"), 100, 30));
    let differing: Vec<u16> = (0..30)
        .filter(|&y| (0..100).any(|x| clean[(x, y)].symbol() != dirty[(x, y)].symbol()))
        .collect();
    assert_eq!(differing.len(), 1, "rows {differing:?} changed:\n{}", text_of(&dirty));
    assert!(text_of(&dirty).contains("x␛[2J␛[1A ␈␛[Hy"));
}

#[test]
fn tabs_and_line_breaks_in_one_line_fields_become_spaces() {
    let m = hostile(120, 40);
    let breaks = m.dataset().events.iter().find(|e| &*e.id == "breaks").unwrap();
    assert_eq!(breaks.title, "tab here cr here lf here");
    let publisher = m.dataset().sources[0].publisher.as_deref().unwrap();
    assert_eq!(publisher, "Pub lisher with breaks");
}

/// The pane borders sit where the layout puts them on every row.
fn assert_borders_aligned(buf: &Buffer, shape: layout::Shape, w: u16, h: u16) {
    let a = layout::areas(ratatui::layout::Rect::new(0, 0, w, h), shape);
    for pane in [a.timeline, a.actors, a.sources] {
        for y in pane.y + 1..pane.bottom() - 1 {
            let left = buf[(pane.x, y)].symbol();
            let right = buf[(pane.right() - 1, y)].symbol();
            assert_eq!(left, "│", "left border of {pane:?} at row {y}:\n{}", text_of(buf));
            assert!(
                ["│", "║", "█"].contains(&right),
                "right border of {pane:?} at row {y} is {right:?}:\n{}",
                text_of(buf)
            );
        }
    }
}

#[test]
fn wide_combining_and_right_to_left_text_keeps_columns_aligned() {
    for (w, h) in [(80, 24), (120, 40), (97, 31)] {
        for (name, buf) in screens(w, h)
            .into_iter()
            .filter(|(n, _)| !n.starts_with("detail") && !n.starts_with("help"))
        {
            let _ = name;
            assert_borders_aligned(&buf, hostile(w, h).shape(), w, h);
        }
    }
}

#[test]
fn a_two_megabyte_line_and_a_long_word_are_cut_to_the_pane() {
    let long = "x".repeat(2 << 20);
    let word = "w".repeat(10_000);
    let text = format!("format: 1\ntitle: {word}\nevents:\n  - id: a\n    date: 2021\n    title: {long}\n    summary: {long}\n    tags: [{word}]\n  - id: b\n    date: 2022\n    title: {word}\n");
    for (w, h) in [(80, 24), (200, 60)] {
        let mut m = from_text(&text, w, h);
        let buf = render(&m);
        assert_borders_aligned(&buf, m.shape(), w, h);
        assert!(text_of(&buf).contains("x…"), "cut with an ellipsis");
        keys(&mut m, "\n");
        let detail = text_of(&render(&m));
        assert!(detail.contains("more bytes not shown"), "the detail shows a bounded part");
    }
}

#[test]
fn a_file_over_the_size_cap_is_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    // Sparse: no disk is used.
    std::fs::File::create(&path).unwrap().set_len(store::MAX_FILE_BYTES + 1).unwrap();
    let e = store::load_file(&path).unwrap_err().to_string();
    assert!(e.contains("over the 1024 MB limit"), "{e}");
}

#[test]
fn a_file_deleted_between_listing_and_opening_gives_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gone.yaml");
    std::fs::copy(fixture("good/minimal.yaml"), &path).unwrap();
    let mut m = hostile(120, 40);
    m.recent = vec![path.clone()];
    keys(&mut m, "o");
    let Some(itx::app::overlay::Overlay::Open(picker)) = m.overlays.last_mut() else {
        panic!("no picker")
    };
    assert_eq!(picker.choices.last().map(|c| c.spec.clone()), Some(path.display().to_string()));
    std::fs::remove_file(&path).unwrap();
    picker.cursor.selected = picker.choices.len() - 1;
    let eff = m.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    deliver(&mut m, eff);
    assert_eq!(m.mode(), Mode::Error);
    let Some(itx::app::overlay::Overlay::Error(err)) = m.overlay() else {
        panic!("no error")
    };
    let text = err.problems[0].to_string();
    assert!(text.contains("gone.yaml: error: no such file"), "{text}");
    assert_eq!(m.dataset().events.len(), 7, "the open dataset stays");
}

#[test]
fn yaml_oddities_get_an_error_with_a_place() {
    for (text, place, words) in [
        (
            "format: 1\ntitle: !!python/object:os.system x\nevents: []\n",
            "mem.yaml:2:8:",
            "YAML tag",
        ),
        ("format: 1\ntitle: a\n---\nformat: 1\n", "mem.yaml:3:1:", "second YAML document"),
        (
            "format: 1\ntitle: a\nevents:\n  - {id: a, date: 2021, title: x, title: y}\n",
            "mem.yaml:",
            "appears twice",
        ),
        (
            &format!(
                "format: {}\ntitle: a\nevents:\n  - {{id: a, date: 2021, title: x}}\n",
                "9".repeat(5000)
            ),
            "mem.yaml:1:",
            "format",
        ),
        (
            "format: .nan\ntitle: a\nevents:\n  - {id: a, date: 2021, title: x}\n",
            "mem.yaml:1:1:",
            "format",
        ),
        (
            "format: 1\ntitle: a\nevents:\n  - {id: a, date: 2021, title: x, circa: NO}\n",
            "mem.yaml:4:",
            "boolean",
        ),
        ("# only\n# comments\n", "mem.yaml", "only comments"),
    ] {
        let e = store::parse_text("mem.yaml", text, Syntax::Yaml, Origin::File("mem.yaml".into()))
            .unwrap_err()
            .to_string();
        assert!(e.contains(place) && e.contains(words), "{text:.60}: {e}");
    }
}

#[test]
fn bad_files_through_validate_list_and_the_explorer() {
    for name in [
        "bad/utf16.yaml",
        "bad/invalid-utf8.yaml",
        "bad/nul.yaml",
        "bad/empty.yaml",
        "bad/only-comments.yaml",
        "bad/multi-doc.yaml",
        "bad/unknown-tag.yaml",
        "bad/duplicate-keys.yaml",
    ] {
        for sub in ["validate", "list"] {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_itx"))
                .args([sub, &fixture(name)])
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(1), "{sub} {name}");
            let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
            assert!(text.contains(name) && text.contains("error"), "{sub} {name}: {text}");
        }
        let mut m = hostile(80, 24);
        let target = Target::File(fixture(name).into());
        let result = common::current(&target);
        common::open_with(&mut m, target, result);
        assert_eq!(m.mode(), Mode::Error, "{name}");
        assert_inert(&render(&m), name);
    }
}
