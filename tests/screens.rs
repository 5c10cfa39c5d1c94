//! Screen snapshots (TestBackend + insta) and tiny-size checks.

use itx::app::{Current, Model};
mod common;
use common::keys;
use itx::store;
use itx::ui::{self, Theme};
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use ratatui::Terminal;

const COLOR: Theme = Theme { color: true };

fn model(w: u16, h: u16) -> Model {
    Model::new(Current::new(store::load("uk-electoral-commission").unwrap()), (w, h))
}

fn draw(m: &Model, theme: Theme) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(m.size.0, m.size.1)).unwrap();
    t.draw(|f| ui::view(f, m, &theme)).unwrap();
    t
}

fn screen(m: &Model) -> String {
    draw(m, COLOR).backend().to_string()
}

/// Each screen at both sizes.
fn both(name: &str, setup: impl Fn(&mut Model)) {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut m = model(w, h);
        setup(&mut m);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(&m));
    }
}

/// Each screen at the three sizes a reader's terminal is likely to have.
fn three(name: &str, setup: impl Fn(&mut Model)) {
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let mut m = model(w, h);
        setup(&mut m);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(&m));
    }
}

#[test]
fn start_screen() {
    both("start", |_| {});
    three("wide", |_| {});
}

#[test]
fn highlight_mode() {
    three("highlight", |m| keys(m, "H/norway\nn"));
}

#[test]
fn search_with_highlights() {
    both("search", |m| keys(m, "/norway"));
}

#[test]
fn detail() {
    both("detail", |m| keys(m, "/dowden\n\n"));
}

#[test]
fn help() {
    both("help", |m| keys(m, "?"));
}

#[test]
fn open_picker() {
    both("open", |m| keys(m, "o"));
}

#[test]
fn all_actors() {
    both("all_actors", |m| keys(m, "a\t"));
}

#[test]
fn error_overlay() {
    both("error", |m| {
        let path = format!("{}/tests/fixtures/bad/references.yaml", env!("CARGO_MANIFEST_DIR"));
        let result = store::load_file(std::path::Path::new(&path)).map(Current::new);
        // Shown with a path that does not depend on where the repo is.
        let result = result.map_err(|mut e| {
            for d in &mut e.diagnostics {
                d.file = "references.yaml".into();
            }
            e
        });
        common::open_with(m, itx::app::Target::File("references.yaml".into()), result);
    });
}

#[test]
fn matched_characters_are_highlighted_and_the_selection_reversed() {
    let mut m = model(120, 40);
    keys(&mut m, "/norway");
    let t = draw(&m, COLOR);
    let buf = t.backend().buffer();
    let row = (0..40)
        .find(|&y| (0..120).map(|x| buf[(x, y)].symbol()).collect::<String>().contains("▶ 2018"))
        .unwrap();
    let line: String = (0..120).map(|x| buf[(x, row)].symbol()).collect();
    let n = line.find("Norway").unwrap();
    let x = line[..n].chars().count() as u16;
    assert!(
        buf[(x, row)].modifier.contains(Modifier::UNDERLINED),
        "the N of Norway is highlighted"
    );
    assert!(buf[(x, row)].modifier.contains(Modifier::REVERSED), "the selected row is reversed");
}

#[test]
fn without_colour_the_selection_and_matches_still_show() {
    let mut m = model(80, 24);
    keys(&mut m, "/norway");
    let t = draw(&m, Theme { color: false });
    let buf = t.backend().buffer();
    let mut reversed = 0;
    let mut underlined = 0;
    for y in 0..24 {
        for x in 0..80 {
            let c = &buf[(x, y)];
            assert_eq!(c.fg, ratatui::style::Color::Reset, "no colour at {x},{y}");
            reversed += c.modifier.contains(Modifier::REVERSED) as usize;
            underlined += c.modifier.contains(Modifier::UNDERLINED) as usize;
        }
    }
    assert!(reversed > 20 && underlined >= 6, "reversed {reversed}, underlined {underlined}");
    assert!(t.backend().to_string().contains("▶ 2018"));
}

#[test]
fn every_screen_survives_tiny_sizes() {
    for setup in ["", "/norway", "\n", "?", "o", "a\t"] {
        for (w, h) in [(0, 0), (1, 1), (10, 3), (3, 10), (20, 5), (40, 10), (41, 11)] {
            let mut m = model(w, h);
            keys(&mut m, setup);
            let t = draw(&m, COLOR);
            if w >= 20 && h >= 3 && itx::app::geometry::too_small(w, h) {
                let s = t.backend().to_string();
                assert!(s.contains("too small"), "{w}x{h}: {s}");
            }
        }
    }
}

/// `m` opening `path`, `read` of `total` MB read so far.
fn opening(m: &mut Model, path: &str, read: u64, total: u64) {
    let target = itx::app::Target::File(path.into());
    let mut fx = Vec::new();
    m.start_load(itx::app::Opening::Target(target), None, "opening", None, &mut fx);
    let Some(itx::app::Effect::Load { progress, .. }) = fx.pop() else {
        unreachable!()
    };
    progress.set_total(total * 1_000_000);
    progress.add_read(read * 1_000_000);
}

#[test]
fn a_load_shows_how_far_it_has_read_and_how_to_stop_it() {
    let mut m = model(120, 40);
    opening(&mut m, "big-campaign.yaml", 120, 452);
    let status = screen(&m).lines().nth(39).unwrap().to_string();
    assert!(
        status.contains("opening big-campaign.yaml: reading 120 MB of 452 MB · Esc stops"),
        "{status}"
    );
}

#[test]
fn the_first_file_opening_is_what_the_screen_speaks_of() {
    for (w, h) in [(80, 24), (200, 60)] {
        let nothing = itx::store::Loaded {
            dataset: itx::model::Dataset::nothing(),
            warnings: Vec::new(),
        };
        let mut m = Model::new(Current::new(nothing), (w, h));
        opening(&mut m, "cases/plaso-1000000.csv", 71, 261);
        let s = screen(&m);
        // Not an empty timeline with its advice (Esc would stop the load,
        // not clear a filter), nor figures, nor a count of no events.
        for wrong in ["Esc clears the filters", "no figures", "0 of 0", "Nothing open"] {
            assert!(!s.contains(wrong), "{wrong:?} at {w}x{h}:\n{s}");
        }
        insta::assert_snapshot!(format!("first_load_{w}x{h}"), s);
    }
}

#[test]
fn while_a_search_runs_the_prompt_says_so_instead_of_a_stale_count() {
    let mut m = model(120, 40);
    m.inline_search_limit = 0;
    keys(&mut m, "/nor");
    let prompt = screen(&m).lines().nth(39).unwrap().to_string();
    assert!(prompt.contains("/nor  searching…") && !prompt.contains("33 matches"), "{prompt}");
}

#[test]
fn export_overlay() {
    both("export", |m| {
        keys(m, "/norway\ne");
        m.update(itx::app::Msg::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Down,
            crossterm::event::KeyModifiers::NONE,
        )));
    });
}

#[test]
fn jumping_to_a_milestone() {
    both("milestone", |m| keys(m, "mm"));
}

#[test]
fn as_of_the_day_the_breach_was_announced() {
    both("as_of", |m| keys(m, "@2023-08-08\n"));
}

#[test]
fn stars_and_notes_in_the_timeline_and_the_detail() {
    // A star and a note on the breach, a note alone on the discovery.
    let mark = |m: &mut Model| {
        let mut marks = itx::store::marks::Marks::default();
        for (id, star, note) in [("breach-begins", true, "ask the ICO"), ("discovery", false, "when exactly?")] {
            let note = Some(note.to_string());
            marks.events.insert(id.into(), itx::store::marks::Mark { star, note });
        }
        m.current.marks = std::sync::Arc::new(marks);
    };
    both("marks", |m| {
        mark(m);
        keys(m, "m");
    });
    let mut m = model(120, 40);
    mark(&mut m);
    keys(&mut m, "m\n");
    let screen = screen(&m);
    assert!(screen.contains("★ starred  your note: ask the ICO"), "{screen}");
}

#[test]
fn filter_menu() {
    both("filters", |m| keys(m, "f"));
    let mut m = model(120, 40);
    keys(&mut m, "fl");
    insta::assert_snapshot!("filters_chosen_120x40", screen(&m));
}

#[test]
fn merged_view() {
    let a = Current::new(store::load("uk-electoral-commission").unwrap());
    let b = Current::new(store::load("apt31").unwrap());
    let m = Model::new(itx::session::merged(&[a, b]), (120, 40));
    insta::assert_snapshot!("merged_120x40", screen(&m));
}

#[test]
fn after_a_live_reload_the_status_line_says_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.yaml");
    let text = "format: 1\ntitle: T\nevents:\n  - {id: a, date: 2021, title: one}\n  - {id: b, date: 2022, title: two}\n";
    std::fs::write(&path, text).unwrap();
    let mut m = Model::new(Current::new(store::load_file(&path).unwrap()), (80, 24));
    std::fs::write(&path, text.replace("title: two", "title: two revised")).unwrap();
    let Some(itx::app::Effect::Load {
        id,
        what: itx::app::Opening::Target(target),
        keep,
        previous,
        ..
    }) = m.update(itx::app::Msg::FileChanged).into_iter().next()
    else {
        panic!("a reload")
    };
    let mut current = common::current(&target).unwrap();
    current.changes = previous.map(|old| current.dataset.changes_from(&old));
    m.update(itx::app::Msg::Loaded {
        id,
        target,
        result: Box::new(Ok(current)),
        keep,
    });
    let shown = screen(&m);
    assert!(
        shown.contains("reloaded T: 0 added, 0 removed, 1 changed") && shown.contains("two revised"),
        "{shown}"
    );
    insta::assert_snapshot!("live_reload_80x24", shown);
}

#[test]
fn an_address_in_the_detail_is_never_broken_across_lines() {
    let mut m = model(80, 24);
    keys(&mut m, "/dowden\n\n");
    // Scrolled to the sources, at the end.
    for _ in 0..40 {
        keys(&mut m, "j");
    }
    let shown = screen(&m);
    let line = shown
        .lines()
        .find(|l| l.contains("https://hansard.parliament.uk/Lords/2024-03-26"))
        .unwrap_or_else(|| panic!("the address is shown:\n{shown}"));
    // The address runs to the edge on its own line; no line starts with
    // the rest of it.
    assert!(line.contains("│    https://hansard"), "on its own line, indented: {line}");
    assert!(
        !shown.lines().any(|l| l.contains("97-48E9")),
        "no line holds the rest of it:\n{shown}"
    );
}

#[test]
fn a_search_term_that_cannot_be_read_is_said_in_the_search_line() {
    let mut m = model(80, 24);
    keys(&mut m, "/after:2023-13");
    let status = screen(&m).lines().nth(23).unwrap().to_string();
    assert!(status.contains("after: needs a date"), "{status}");
}

#[test]
fn a_message_too_long_for_the_status_line_is_shown_whole_above_it() {
    let why = "could not write /srv/cases/2024/electoral-commission/exports/timeline-for-the-board.csv: \
               No such file or directory (os error 2); nothing was changed";
    for (w, h) in [(80, 24), (200, 60)] {
        let mut m = model(w, h);
        m.update(itx::app::Msg::Exported(itx::app::Exported::Failed(why.into())));
        let shown = screen(&m);
        let text: String = shown
            .lines()
            .map(|l| l.trim_matches('"').trim_matches(|c| c == '│' || c == ' '))
            .collect::<Vec<_>>()
            .join(" ");
        let words: Vec<&str> = why.split_whitespace().collect();
        for word in &words {
            assert!(text.contains(word), "{w}x{h}: `{word}` of the message is shown:\n{shown}");
        }
        if w == 80 {
            insta::assert_snapshot!("long_message_80x24", shown);
        }
        // The next key closes it, and the counts come back.
        keys(&mut m, "j");
        let after = screen(&m);
        assert!(!after.contains("os error 2"), "{after}");
        assert!(after.lines().last().unwrap().contains("33 of 33 events"), "{after}");
    }
}

#[test]
fn with_no_event_shown_the_side_panes_say_none_is_selected() {
    let mut m = model(80, 24);
    keys(&mut m, "/zzzzqqq\n");
    let shown = screen(&m);
    assert!(m.rows.is_empty());
    assert!(!shown.contains("No sources back this event"), "{shown}");
    assert_eq!(shown.matches("No event selected.").count(), 2, "{shown}");
}

#[test]
fn help_scrolls_to_its_last_line_and_no_further() {
    let mut m = model(80, 24);
    keys(&mut m, "?");
    // Drawn once, it knows its length; then far more than a page down.
    let first = screen(&m);
    for _ in 0..200 {
        keys(&mut m, "j");
        screen(&m);
    }
    let end = screen(&m);
    assert!(end.contains("Phases: C compromise"), "the last lines are in view:\n{end}");
    assert!(!end.lines().nth(3).unwrap().contains("move down"), "scrolled: {end}");
    // One k up moves at once: no hidden overscroll to climb back through.
    keys(&mut m, "k");
    assert_ne!(screen(&m), end, "k moved up at once");
    assert_ne!(first, end);
    let Some(itx::app::overlay::Overlay::Help(h)) = m.overlay() else {
        panic!("help closed")
    };
    assert!(h.scroll.offset < 200, "{}", h.scroll.offset);
}

#[test]
fn a_date_that_is_not_one_is_said_in_the_prompt() {
    let mut m = model(80, 24);
    keys(&mut m, "@2023-13\n");
    let shown = screen(&m);
    let status = shown.lines().nth(23).unwrap().to_string();
    assert!(status.contains("As of") && status.contains("2023-13"), "{status}");
    // Too long for the line at 80 columns: whole, in a box above it.
    assert!(status.contains("see above"), "{status}");
    assert!(shown.contains("there is no month 13"), "{shown}");
    let wide = {
        m.update(itx::app::Msg::Resize(200, 60));
        let mut t = Terminal::new(TestBackend::new(200, 60)).unwrap();
        t.draw(|f| ui::view(f, &m, &COLOR)).unwrap();
        t.backend().to_string()
    };
    let text: String = wide
        .lines()
        .map(|l| l.trim_matches('"').trim_matches(|c| c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("months run 01 to 12"), "whole at 200 columns too:\n{wide}");
}

#[test]
fn help_says_whether_ctrl_z_can_suspend() {
    let mut m = model(120, 60);
    keys(&mut m, "?");
    let shown = screen(&m);
    let expected = if cfg!(unix) { "C-z suspends itx" } else { "C-z does nothing here" };
    assert!(shown.contains(expected), "{shown}");
}

#[test]
fn the_form_for_a_new_event() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/good/every-key.yaml");
    let mut m = Model::new(Current::new(store::load_file(std::path::Path::new(path)).unwrap()), (80, 24));
    keys(&mut m, "A2024-03-26");
    m.update(itx::app::Msg::Key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Down,
        crossterm::event::KeyModifiers::NONE,
    )));
    keys(&mut m, "A title");
    m.update(itx::app::Msg::Key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Down,
        crossterm::event::KeyModifiers::NONE,
    )));
    keys(&mut m, "respons\n");
    insta::assert_snapshot!("add_event_80x24", screen(&m));
}

#[test]
fn the_attack_matrix() {
    let mut m = model(120, 40);
    keys(&mut m, "Tl");
    insta::assert_snapshot!("matrix_120x40", screen(&m));
}

#[test]
fn a_wide_timeline_shows_techniques_in_a_column() {
    let mut m = model(200, 60);
    // The timeline the whole width (w): room for every column.
    keys(&mut m, "w/google\n");
    let shown = screen(&m);
    let row = shown.lines().find(|l| l.contains("Google describes APT31 malware")).unwrap();
    assert!(row.contains("T1583.006 T1102.002 T1036"), "{row}");
    let narrow = screen(&{
        let mut m = model(80, 24);
        keys(&mut m, "/google\n");
        m
    });
    assert!(!narrow.contains("T1583.006"), "no room at 80 columns:\n{narrow}");
}

#[test]
fn single_sourced_and_unsourced_events_are_marked_and_the_detail_says_so() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/good/minimal.yaml");
    let mut m = Model::new(Current::new(store::load_file(std::path::Path::new(path)).unwrap()), (80, 24));
    let shown = screen(&m);
    let first = m.dataset().events[0].clone();
    let mark = m.dataset().sourcing(&first).marker();
    assert_ne!(mark, ' ', "minimal.yaml's event is not well sourced");
    assert!(
        shown.lines().any(|l| l.contains(&format!("{mark} {}", &first.title[..10]))),
        "{shown}"
    );
    keys(&mut m, "\n");
    let detail = screen(&m);
    assert!(detail.contains("No source backs this event"), "{detail}");
    assert_eq!(mark, '∅');
}

#[test]
fn times_in_utc_and_relative_to_the_compromise() {
    three("times_relative", |m| keys(m, "zzz"));
}

#[test]
fn the_timeline_the_whole_width_with_its_columns() {
    three("panes_below", |m| keys(m, "w"));
}

#[test]
fn as_of_a_date_the_figures_are_those_known_then_and_the_rest_is_dimmed() {
    three("as_of_dimmed", |m| keys(m, "@2023-08-07\nP"));
}

#[test]
fn chosen_columns_leave_the_title_room_and_the_pane_says_which_wait_for_width() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/forensic/hayabusa.csv");
    let target = store::Target::File(path.into());
    let loaded = itx::import::open::load(&target, &Default::default(), &Default::default()).unwrap();
    let mut current = Current::new(loaded);
    std::sync::Arc::make_mut(&mut current.marks).columns = ["Level", "Channel", "Computer", "EventID"].map(String::from).to_vec();
    for (w, h) in [(80, 24), (200, 60)] {
        let m = Model::new(current.clone(), (w, h));
        let shown = screen(&m);
        insta::assert_snapshot!(format!("forensic_columns_{w}x{h}"), shown);
        // The title keeps its room: 24 cells, whatever the columns want.
        assert!(shown.contains("Suspicious PowerShell Do"), "{shown}");
        if w == 80 {
            assert!(shown.contains("more column"), "the pane says some columns wait for width:\n{shown}");
        } else {
            assert!(
                shown.contains("Level · Channel · Computer · EventID"),
                "all four at 200 columns:\n{shown}"
            );
        }
    }
}

#[test]
fn the_stacking_list_narrowed_by_typing() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/forensic/hayabusa.jsonl");
    let target = store::Target::File(path.into());
    let loaded = itx::import::open::load(&target, &Default::default(), &Default::default()).unwrap();
    let mut m = Model::new(Current::new(loaded), (80, 24));
    keys(&mut m, "F/rule");
    let shown = screen(&m);
    insta::assert_snapshot!("stack_narrowed_80x24", shown);
    assert!(
        shown.contains("/ rule") && shown.contains("RuleID") && shown.contains("RuleFile"),
        "{shown}"
    );
    assert!(!shown.contains("Computer"), "only names with \"rule\":\n{shown}");
}
