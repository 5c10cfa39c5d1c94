//! The state machine driven by messages, without a terminal.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use itx::app::keymap::Action;
use itx::app::overlay::Overlay;
use itx::app::LinkFilter;
use itx::app::{Current, Effect, Focus, Mode, Model, Msg, Opening, Target};
mod common;
use common::deliver;
use itx::store;

fn model_for(name: &str) -> Model {
    let l = store::load(name).unwrap();
    Model::new(Current::new(l), (120, 40))
}

fn model() -> Model {
    model_for("uk-electoral-commission")
}

fn key(m: &mut Model, code: KeyCode) -> Vec<Effect> {
    m.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn typed(m: &mut Model, s: &str) {
    for c in s.chars() {
        key(m, KeyCode::Char(c));
    }
}

/// Draws the model once, as the runtime does after every message.
fn draw(m: &Model, w: u16, h: u16) {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    t.draw(|f| itx::ui::view(f, m, &itx::ui::Theme { color: false })).unwrap();
}

/// Whether the effects end the program.
fn quits(effects: &[Effect]) -> bool {
    effects.iter().any(|e| matches!(e, Effect::Quit))
}

/// What a load the effects ask for opens.
fn opening(effects: &[Effect]) -> Option<&Opening> {
    effects.iter().find_map(|e| match e {
        Effect::Load { what, keep: None, .. } => Some(what),
        _ => None,
    })
}

fn export_path(m: &Model) -> String {
    match m.overlay() {
        Some(Overlay::Export(e)) => e.path.value().to_string(),
        _ => panic!("no export overlay"),
    }
}

fn selected_id(m: &Model) -> String {
    m.dataset().events[m.selected_event().unwrap()].id.to_string()
}

#[test]
fn navigation_stays_in_bounds() {
    let mut m = model();
    key(&mut m, KeyCode::Up);
    assert_eq!(m.timeline.selected, 0);
    key(&mut m, KeyCode::Char('G'));
    assert_eq!(m.timeline.selected, 32);
    key(&mut m, KeyCode::Down);
    assert_eq!(m.timeline.selected, 32);
    key(&mut m, KeyCode::Char('g'));
    assert_eq!(m.timeline.selected, 0);
    key(&mut m, KeyCode::PageDown);
    assert!(m.timeline.selected > 10);
    m.update(Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
    assert_eq!(m.timeline.selected, 0);
}

#[test]
fn the_selection_stays_on_screen_when_scrolling_and_resizing() {
    let mut m = model();
    let height = m.timeline_height();
    for _ in 0..32 {
        key(&mut m, KeyCode::Char('j'));
        assert!(m.timeline.selected >= m.timeline.offset);
        assert!(
            m.lines().lines_between(m.timeline.offset, m.timeline.selected + 1) <= height,
            "selection below the pane at {}",
            m.timeline.selected
        );
    }
    m.update(Msg::Resize(80, 12));
    let height = m.timeline_height();
    assert!(m.lines().lines_between(m.timeline.offset, m.timeline.selected + 1) <= height);
    m.update(Msg::Resize(1, 1));
    m.update(Msg::Resize(0, 0));
    key(&mut m, KeyCode::Char('k'));
}

#[test]
fn focus_cycles_through_the_panes() {
    let mut m = model();
    assert_eq!(m.focus, Focus::Timeline);
    key(&mut m, KeyCode::Tab);
    assert_eq!(m.focus, Focus::Actors);
    key(&mut m, KeyCode::Tab);
    assert_eq!(m.focus, Focus::Sources);
    key(&mut m, KeyCode::Tab);
    assert_eq!(m.focus, Focus::Timeline);
    key(&mut m, KeyCode::BackTab);
    assert_eq!(m.focus, Focus::Sources);
}

#[test]
fn search_narrows_as_you_type_and_esc_clears_it() {
    let mut m = model();
    key(&mut m, KeyCode::Char('/'));
    assert_eq!(m.mode(), Mode::Search);
    let mut counts = Vec::new();
    for c in "'norway".chars() {
        key(&mut m, KeyCode::Char(c));
        counts.push(m.rows.len());
    }
    assert!(counts.windows(2).all(|w| w[1] <= w[0]), "{counts:?}");
    assert_eq!(m.rows.len(), 2);
    assert_eq!(selected_id(&m), "norway-breach");
    key(&mut m, KeyCode::Backspace);
    assert!(m.rows.len() >= 2);
    key(&mut m, KeyCode::Esc);
    assert_eq!(m.mode(), Mode::Browse);
    assert_eq!(m.rows.len(), 33);
    assert!(!m.searching());
}

#[test]
fn typing_norway_selects_the_norway_event() {
    let mut m = model();
    key(&mut m, KeyCode::Char('/'));
    typed(&mut m, "norway");
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.mode(), Mode::Browse);
    assert_eq!(selected_id(&m), "norway-breach");
    // Enter kept the filter; n and N walk the matches.
    let before = m.timeline.selected;
    key(&mut m, KeyCode::Char('n'));
    assert_eq!(m.timeline.selected, before + 1);
    key(&mut m, KeyCode::Char('N'));
    assert_eq!(m.timeline.selected, before);
}

#[test]
fn n_past_the_last_match_goes_round_and_says_so_and_s_needs_a_search() {
    let mut m = model();
    key(&mut m, KeyCode::Char('s'));
    assert!(!m.ranked, "no search: nothing changes");
    assert!(m.notice.as_deref().unwrap().contains("nothing to rank"), "{:?}", m.notice);
    typed(&mut m, "/norway");
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.rows.len(), 2);
    key(&mut m, KeyCode::Char('n'));
    assert_eq!(m.timeline.selected, 1);
    key(&mut m, KeyCode::Char('n'));
    assert_eq!(m.timeline.selected, 0, "round to the first");
    assert!(m.notice.as_deref().unwrap().contains("back to the first"), "{:?}", m.notice);
    key(&mut m, KeyCode::Char('N'));
    assert_eq!(m.timeline.selected, 1, "and back round to the last");
    assert!(m.notice.as_deref().unwrap().contains("on to the last"), "{:?}", m.notice);
    key(&mut m, KeyCode::Char('s'));
    assert!(m.ranked, "with a search, s ranks");
}

#[test]
fn ranking_keeps_the_same_events_in_another_order() {
    let mut m = model();
    key(&mut m, KeyCode::Char('/'));
    typed(&mut m, "apt31");
    let mut filtered = m.rows.clone();
    m.update(Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)));
    assert!(m.ranked);
    let mut ranked = m.rows.clone();
    assert_ne!(filtered, ranked);
    filtered.sort();
    ranked.sort();
    assert_eq!(filtered, ranked);
}

#[test]
fn enter_on_an_actor_filters_the_timeline_and_esc_clears_it() {
    let mut m = model();
    // The front-company event lists Hubei SSD, Wuhan XRZ and APT31.
    key(&mut m, KeyCode::Tab);
    key(&mut m, KeyCode::Down);
    key(&mut m, KeyCode::Down);
    let apt31 = m.actor_list()[m.actor_cursor.selected];
    assert_eq!(m.dataset().actor(apt31).id, "apt31");
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.link, Some(LinkFilter::Actor(apt31)));
    assert_eq!(m.focus, Focus::Timeline);
    assert!(m.rows.iter().all(|&i| m.dataset().events[i as usize].actors().contains(&apt31)));
    assert!(m.rows.len() < 33 && m.rows.len() > 5);
    key(&mut m, KeyCode::Esc);
    assert_eq!(m.link, None);
    assert_eq!(m.rows.len(), 33);
}

#[test]
fn enter_on_a_source_filters_the_timeline() {
    let mut m = model();
    key(&mut m, KeyCode::BackTab);
    assert_eq!(m.focus, Focus::Sources);
    let s = m.source_list()[0];
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.link, Some(LinkFilter::Source(s)));
    assert!(m.rows.iter().all(|&i| m.dataset().events[i as usize].sources.contains(&s)));
}

#[test]
fn all_actors_toggle() {
    let mut m = model();
    let n = m.actor_list().len();
    key(&mut m, KeyCode::Char('a'));
    assert!(m.all_actors);
    assert_eq!(m.actor_list().len(), m.dataset().actors.len());
    assert!(m.actor_list().len() > n);
}

#[test]
fn detail_and_help_open_and_close() {
    let mut m = model();
    m.update(Msg::Resize(80, 12));
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.mode(), Mode::Detail);
    // Drawn once, so the detail knows how long it is.
    draw(&m, 80, 12);
    key(&mut m, KeyCode::Char('j'));
    assert!(matches!(m.overlay(), Some(Overlay::Detail(d)) if d.scroll.offset == 1));
    key(&mut m, KeyCode::Char('?'));
    assert_eq!(m.mode(), Mode::Help);
    assert!(matches!(m.overlay(), Some(Overlay::Help(h)) if h.mode == Mode::Detail));
    key(&mut m, KeyCode::Char('x'));
    assert_eq!(m.mode(), Mode::Detail);
    key(&mut m, KeyCode::Esc);
    assert_eq!(m.mode(), Mode::Browse);
    assert!(quits(&key(&mut m, KeyCode::Char('q'))));
}

/// A model in each mode, reached by keys as a reader would.
fn in_every_mode() -> Vec<(Mode, Model)> {
    let keys_for = |mode: Mode| -> &'static str {
        match mode {
            Mode::Browse => "",
            Mode::Search => "/",
            Mode::Detail => "\n",
            Mode::Open => "o",
            Mode::Export => "e",
            Mode::AsOf => "@",
            Mode::Note => "c",
            Mode::Filter => "f",
            Mode::Help => "?",
            Mode::Matrix => "T",
            Mode::Source => "v",
            Mode::Stack => "F",
            Mode::Narrow => "F/",
            Mode::Context => "i",
            Mode::Error | Mode::Add | Mode::Columns => "",
        }
    };
    Mode::ALL
        .iter()
        .map(|&mode| {
            let mut m = model();
            common::keys(&mut m, keys_for(mode));
            if mode == Mode::Error {
                common::open_with(
                    &mut m,
                    Target::File("x.yaml".into()),
                    Err(store::LoadError::single("x.yaml", "broken")),
                );
            }
            if mode == Mode::Add {
                // Only a file can be added to; the form itself is the same.
                let form = itx::app::overlay::add::AddForm::new(itx::app::overlay::add::Kind::Event, m.dataset());
                m.overlays.push(Overlay::Add(form));
            }
            if mode == Mode::Columns {
                // The bundled datasets have no fields; a timeline's are listed.
                let picker = itx::app::overlay::columns::ColumnPicker::new(&["Level".into()], &[]);
                m.overlays.push(Overlay::Columns(picker));
            }
            assert_eq!(m.mode(), mode);
            (mode, m)
        })
        .collect()
}

#[test]
fn ctrl_c_quits_from_every_mode() {
    for (mode, mut m) in in_every_mode() {
        let fx = m.update(Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)));
        assert!(quits(&fx), "in {mode:?}");
    }
}

#[test]
fn every_mode_has_help_and_can_be_left_with_esc() {
    for (mode, mut m) in in_every_mode() {
        key(&mut m, KeyCode::F(1));
        assert_eq!(m.mode(), Mode::Help, "F1 in {mode:?}");
        key(&mut m, KeyCode::Esc);
        assert_eq!(m.mode(), mode, "help closes back to {mode:?}");
        key(&mut m, KeyCode::Esc);
        if mode == Mode::Narrow {
            assert_eq!(m.mode(), Mode::Stack, "Esc stops narrowing, back to the list");
            key(&mut m, KeyCode::Esc);
        }
        assert_eq!(m.mode(), Mode::Browse, "Esc from {mode:?}");
    }
}

#[test]
fn the_picker_asks_to_load_what_is_chosen_or_typed() {
    let mut m = model();
    key(&mut m, KeyCode::Char('o'));
    assert_eq!(m.mode(), Mode::Open);
    key(&mut m, KeyCode::Down);
    let eff = key(&mut m, KeyCode::Enter);
    assert_eq!(opening(&eff), Some(&Opening::Typed("apt31".into())), "{eff:?}");
    key(&mut m, KeyCode::Char('o'));
    typed(&mut m, "/tmp/q.yaml");
    assert_eq!(m.mode(), Mode::Open, "q is typed into the path, not a close key");
    let eff = key(&mut m, KeyCode::Enter);
    assert_eq!(opening(&eff), Some(&Opening::Typed("/tmp/q.yaml".into())), "{eff:?}");
}

#[test]
fn opening_another_dataset_replaces_the_timeline() {
    let mut m = model();
    key(&mut m, KeyCode::Char('o'));
    key(&mut m, KeyCode::Down);
    let eff = key(&mut m, KeyCode::Enter);
    deliver(&mut m, eff);
    assert_eq!(m.dataset().events.len(), 15);
    assert!(m.dataset().title.starts_with("APT31"));
    assert_eq!(m.mode(), Mode::Browse);
}

#[test]
fn a_failed_load_keeps_the_old_dataset_and_shows_every_problem() {
    let mut m = model();
    key(&mut m, KeyCode::Char('j'));
    key(&mut m, KeyCode::Char('o'));
    typed(&mut m, &format!("{}/tests/fixtures/bad/dates.yaml", env!("CARGO_MANIFEST_DIR")));
    let eff = key(&mut m, KeyCode::Enter);
    deliver(&mut m, eff);
    assert_eq!(m.mode(), Mode::Error);
    let Some(Overlay::Error(err)) = m.overlay() else {
        panic!("no error shown")
    };
    assert_eq!(err.problems.iter().filter(|d| d.is_error()).count(), 5);
    assert_eq!(m.dataset().events.len(), 33);
    key(&mut m, KeyCode::Esc);
    assert_eq!(m.mode(), Mode::Browse);
    assert_eq!(m.timeline.selected, 1, "the selection survived");
}

#[test]
fn reload_keeps_the_selection_on_the_same_event_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ds.yaml");
    let text = std::fs::read_to_string("data/apt31.yaml").unwrap();
    std::fs::write(&path, &text).unwrap();
    let l = store::load_file(&path).unwrap();
    let mut m = Model::new(Current::new(l), (120, 40));
    for _ in 0..5 {
        key(&mut m, KeyCode::Char('j'));
    }
    let id = selected_id(&m);
    // An earlier event is added: the selected event moves down a row.
    let edited = text.replace(
        "events:\n",
        "events:\n  - id: inserted\n    date: 2001\n    title: Added while itx was open\n    sources: [doj-2024-03-25]\n",
    );
    std::fs::write(&path, edited).unwrap();
    let eff = key(&mut m, KeyCode::Char('r'));
    deliver(&mut m, eff);
    assert_eq!(m.dataset().events.len(), 16);
    assert_eq!(selected_id(&m), id);
    assert_eq!(m.timeline.selected, 6);
}

#[test]
fn a_reload_that_removes_the_selected_event_selects_the_next_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ds.yaml");
    let events = |ids: &[&str]| {
        let mut y = String::from("format: 1\ntitle: T\nsources:\n  - {id: s, title: S}\nevents:\n");
        for (k, id) in ids.iter().enumerate() {
            y += &format!("  - {{id: {id}, date: 202{k}, title: Event {id}, sources: [s]}}\n");
        }
        y
    };
    std::fs::write(&path, events(&["a", "b", "c", "d", "e"])).unwrap();
    let mut m = Model::new(Current::new(store::load_file(&path).unwrap()), (120, 40));
    key(&mut m, KeyCode::Char('j'));
    key(&mut m, KeyCode::Char('j'));
    assert_eq!(selected_id(&m), "c");
    std::fs::write(&path, events(&["a", "b", "d", "e"])).unwrap();
    let eff = key(&mut m, KeyCode::Char('r'));
    deliver(&mut m, eff);
    assert_eq!(m.dataset().events.len(), 4);
    assert_eq!(selected_id(&m), "d", "the event after the removed one, not the top");
}

#[test]
fn mouse_wheel_scrolls_and_click_selects() {
    let mut m = model();
    let ev = |kind, column, row| MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    m.update(Msg::Mouse(ev(MouseEventKind::ScrollDown, 10, 10)));
    assert_eq!(m.timeline.selected, 3);
    // Below the timeline's top border: the 2010 separator, the first
    // event, the 2018 separator, Norway's breach.
    let top = itx::app::geometry::areas(ratatui::layout::Rect::new(0, 0, 120, 40), m.shape())
        .timeline
        .y;
    m.update(Msg::Mouse(ev(MouseEventKind::Down(MouseButton::Left), 10, top + 2)));
    assert_eq!(m.timeline.selected, 0);
    m.update(Msg::Mouse(ev(MouseEventKind::Down(MouseButton::Left), 10, top + 4)));
    assert_eq!(selected_id(&m), "norway-breach");
    m.update(Msg::Mouse(ev(MouseEventKind::Down(MouseButton::Left), 110, 6)));
    assert_eq!(m.focus, Focus::Actors);
}

#[test]
fn help_is_generated_from_the_key_table() {
    use itx::app::keys::{bindings, lookup};
    for mode in [Mode::Browse, Mode::Search, Mode::Detail, Mode::Open, Mode::Error] {
        for b in bindings(mode) {
            for k in b.keys {
                let ev = KeyEvent::new(k.code, k.mods);
                assert_eq!(lookup(mode, &ev), Some(b.action), "{mode:?} {}", b.label);
            }
        }
    }
    assert!(bindings(Mode::Browse).any(|b| b.action == Action::Reload));
}

#[test]
fn tab_completes_paths_like_a_shell() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("incidents")).unwrap();
    std::fs::write(dir.path().join("incidents/electoral.yaml"), "").unwrap();
    std::fs::write(dir.path().join("incidents/elections-2019.yaml"), "").unwrap();
    let base = dir.path().display().to_string();
    let mut m = model();
    key(&mut m, KeyCode::Char('o'));
    typed(&mut m, &format!("{base}/inc"));
    let fx = key(&mut m, KeyCode::Tab);
    common::serve(&mut m, fx);
    let path = |m: &Model| match m.overlay() {
        Some(Overlay::Open(o)) => o.path.value().to_string(),
        _ => panic!("the picker closed"),
    };
    assert_eq!(path(&m), format!("{base}/incidents/"));
    typed(&mut m, "e");
    let fx = key(&mut m, KeyCode::Tab);
    common::serve(&mut m, fx);
    assert_eq!(path(&m), format!("{base}/incidents/elect"));
    assert!(
        matches!(m.overlay(), Some(Overlay::Open(o)) if o.matches == ["elections-2019.yaml", "electoral.yaml"]),
        "several matches are listed"
    );
    typed(&mut m, "o");
    let fx = key(&mut m, KeyCode::Tab);
    common::serve(&mut m, fx);
    assert_eq!(path(&m), format!("{base}/incidents/electoral.yaml"));
}

#[test]
fn the_picker_marks_the_file_open_now_and_lists_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.yaml");
    let every_key = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/good/every-key.yaml");
    std::fs::copy(every_key, &a).unwrap();
    std::fs::write(dir.path().join("b.json"), "{}").unwrap();
    let mut m = model();
    let target = Target::File(a.clone());
    let loaded = common::current(&target).unwrap();
    common::open_with(&mut m, target, Ok(loaded));
    m.recent = vec![std::path::PathBuf::from("/tmp/older.yaml")];
    let fx = key(&mut m, KeyCode::Char('o'));
    assert!(fx.iter().any(|e| matches!(e, Effect::ListFolder)), "the folder is listed");
    let Some(Overlay::Open(o)) = m.overlay() else { panic!("no picker") };
    let chosen = &o.choices[o.cursor.selected];
    assert!(chosen.open_now && chosen.spec == a.display().to_string(), "{:?}", o.choices);
    // The folder holds the open file again and another: the other is added,
    // the open one not listed twice.
    // (The runtime lists `./a.yaml`; spelt another way, it is the same file.)
    m.update(Msg::Folder(vec![dir.path().join(".").join("a.yaml"), dir.path().join("b.json")]));
    let Some(Overlay::Open(o)) = m.overlay() else { panic!("no picker") };
    let labels: Vec<&str> = o.choices.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels.iter().filter(|l| l.ends_with("a.yaml")).count(), 1, "{labels:?}");
    assert!(labels.iter().any(|l| l.ends_with("b.json")), "{labels:?}");
    assert!(o.choices[o.cursor.selected].open_now, "the cursor stays on the open file");
}

#[test]
fn page_keys_move_through_the_open_picker() {
    let mut m = model();
    m.recent = (0..40).map(|i| std::path::PathBuf::from(format!("/tmp/d{i}.yaml"))).collect();
    key(&mut m, KeyCode::Char('o'));
    key(&mut m, KeyCode::PageDown);
    let Some(Overlay::Open(o)) = m.overlay() else { panic!() };
    assert!(o.cursor.selected > 10, "PgDn moved a page: {}", o.cursor.selected);
    key(&mut m, KeyCode::PageUp);
    assert!(matches!(m.overlay(), Some(Overlay::Open(o)) if o.cursor.selected == 0));
}

#[test]
fn readme_documents_every_key() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let mut missing = Vec::new();
    for (mode, label, help) in itx::app::keys::table() {
        let row = format!("| {mode} | `{label}` | {help} |");
        if !readme.contains(&row) {
            missing.push(row);
        }
    }
    assert!(missing.is_empty(), "README lacks these key rows:\n{}", missing.join("\n"));
}

/// Runs the rows job a model asked for, as the search worker would.
fn run_search(eff: Vec<Effect>) -> Option<Msg> {
    let Some(job) = eff.into_iter().find_map(|e| match e {
        Effect::Search(job) => Some(job),
        _ => None,
    }) else {
        panic!("no search asked")
    };
    job.run().map(|rows| Msg::Searched(Box::new(rows)))
}

#[test]
fn large_datasets_are_searched_on_a_worker_and_the_newest_query_wins() {
    let mut m = model();
    // As if the dataset were large: every search goes to the worker.
    m.inline_search_limit = 0;
    key(&mut m, KeyCode::Char('/'));
    let first = key(&mut m, KeyCode::Char('n'));
    assert_eq!(m.rows.len(), 33, "the rows stay as they were until the answer comes");
    assert!(m.pending.is_some(), "the status line says a search runs");
    let second = key(&mut m, KeyCode::Char('o'));
    // The older job sees it is no longer wanted and stops.
    assert!(run_search(first).is_none());
    let answer = run_search(second).unwrap();
    m.update(answer);
    assert!(m.pending.is_none());
    assert_eq!(m.query.raw, "no");
    assert!(m.rows.len() < 33 && !m.rows.is_empty());
    let ids: Vec<&str> = m.rows.iter().map(|&i| m.dataset().events[i as usize].id.as_ref()).collect();
    assert!(ids.contains(&"norway-breach"), "{ids:?}");
}

#[test]
fn an_answer_to_an_older_query_is_not_shown() {
    let mut m = model();
    m.inline_search_limit = 0;
    key(&mut m, KeyCode::Char('/'));
    let old = run_search(key(&mut m, KeyCode::Char('x')));
    // The job had already finished when the user typed on.
    let Some(old) = old else { panic!("finished before the next key") };
    let newer = key(&mut m, KeyCode::Backspace);
    m.update(old);
    assert_eq!(m.rows.len(), 33, "the stale answer for `x` is dropped");
    m.update(run_search(newer).unwrap());
    assert_eq!(m.rows.len(), 33);
    assert!(m.pending.is_none());
}

#[test]
fn r_after_a_stopped_reload_reloads_again_keeping_the_selection() {
    let mut m = model();
    for _ in 0..3 {
        key(&mut m, KeyCode::Char('j'));
    }
    let chosen = selected_id(&m);
    key(&mut m, KeyCode::Char('r'));
    assert!(m.loading.as_ref().is_some_and(|l| l.what.starts_with("reloading")));
    key(&mut m, KeyCode::Esc);
    assert!(m.loading.is_none());
    let fx = key(&mut m, KeyCode::Char('r'));
    let Some(Effect::Load { keep, previous, .. }) = fx.into_iter().find(|e| matches!(e, Effect::Load { .. })) else {
        panic!("r did not reload")
    };
    assert_eq!(keep.as_deref(), Some(chosen.as_str()), "the selection is kept");
    assert!(previous.is_some(), "what changed is said");
    assert!(m.loading.as_ref().is_some_and(|l| l.what.starts_with("reloading")));
}

#[test]
fn esc_stops_a_load_and_keeps_the_dataset_shown() {
    let mut m = model();
    let mut fx = Vec::new();
    m.start_load(Opening::Target(Target::Bundled("apt31")), None, "opening", None, &mut fx);
    let Some(Effect::Load { id, progress, .. }) = fx.pop() else {
        unreachable!()
    };
    let target = Target::Bundled("apt31");
    assert!(m.loading.is_some());
    key(&mut m, KeyCode::Esc);
    assert!(progress.is_cancelled(), "the loading thread is told to stop");
    assert!(m.loading.is_none());
    let notice = m.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("stopped opening apt31") && notice.contains("still showing"),
        "{notice}"
    );
    // Its answer, if it still comes, changes nothing.
    let result = common::current(&target);
    m.update(Msg::Loaded {
        id,
        target,
        result: Box::new(result),
        keep: None,
    });
    assert_eq!(m.dataset().events.len(), 33);
    assert!(m.dataset().title.contains("Electoral Commission"));
    // r takes up the stopped opening again, once.
    assert!(notice.contains("r tries again"), "{notice}");
    let fx = key(&mut m, KeyCode::Char('r'));
    let Some(Effect::Load { what, id: again, .. }) = fx.into_iter().find(|e| matches!(e, Effect::Load { .. })) else {
        panic!("r did not open it again")
    };
    assert_eq!(what, Opening::Target(Target::Bundled("apt31")));
    assert!(again > id && m.loading.is_some());
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Char('r'));
    let fx = key(&mut m, KeyCode::Char('r'));
    let Some(Effect::Load { what, .. }) = fx.into_iter().find(|e| matches!(e, Effect::Load { .. })) else {
        panic!("r did not reload")
    };
    assert_eq!(
        what,
        Opening::Target(Target::Bundled("uk-electoral-commission")),
        "after the retry, r reloads what is shown"
    );
}

#[test]
fn a_newer_load_supersedes_an_older_one() {
    let mut m = model();
    let (mut older, mut newer) = (Vec::new(), Vec::new());
    m.start_load(Opening::Target(Target::Bundled("apt31")), None, "opening", None, &mut older);
    m.start_load(
        Opening::Target(Target::Bundled("uk-electoral-commission")),
        None,
        "opening",
        None,
        &mut newer,
    );
    let Some(Effect::Load { progress, .. }) = older.first() else {
        unreachable!()
    };
    assert!(progress.is_cancelled());
    deliver(&mut m, older);
    assert_eq!(m.dataset().events.len(), 33, "the superseded answer is dropped");
    assert!(m.loading.is_some());
    deliver(&mut m, newer);
    assert!(m.loading.is_none());
}

#[test]
fn e_exports_the_events_shown_in_the_chosen_format() {
    let mut m = model();
    typed(&mut m, "/norway");
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.rows.len(), 2);
    key(&mut m, KeyCode::Char('e'));
    assert_eq!(m.mode(), Mode::Export);
    assert_eq!(
        export_path(&m),
        "uk-electoral-commission.md",
        "markdown first, named after the dataset"
    );
    key(&mut m, KeyCode::Down);
    assert_eq!(export_path(&m), "uk-electoral-commission.csv", "the extension follows the format");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("norway.csv");
    // Typing replaces the suggested name.
    typed(&mut m, &path.to_string_lossy());
    let eff = key(&mut m, KeyCode::Enter);
    assert_eq!(m.mode(), Mode::Export, "open until the write is done");
    let Some(Effect::Export {
        dataset,
        events,
        format,
        path: to,
        ..
    }) = eff.into_iter().next()
    else {
        panic!("no export asked")
    };
    assert_eq!(format, itx::export::ExportFormat::Csv);
    assert_eq!(to, path);
    let ids: Vec<&str> = events.iter().map(|&i| &*dataset.events[i].id).collect();
    assert_eq!(ids, ["norway-breach", "norway-pst-attribution"], "the view, not the whole dataset");
    m.update(Msg::Exported(itx::app::Exported::Written(
        "wrote 2 events as csv to norway.csv".into(),
    )));
    assert_eq!(m.notice.as_deref(), Some("wrote 2 events as csv to norway.csv"));
    assert_eq!(m.mode(), Mode::Browse);
}

#[test]
fn export_with_no_path_asks_for_one_and_esc_cancels() {
    let mut m = model();
    key(&mut m, KeyCode::Char('e'));
    key(&mut m, KeyCode::Backspace);
    m.update(Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
    assert_eq!(export_path(&m), "", "C-u empties the path");
    assert!(key(&mut m, KeyCode::Enter).is_empty());
    assert_eq!(m.mode(), Mode::Export);
    assert!(
        matches!(m.overlay(), Some(Overlay::Export(e)) if e.path.error.as_deref().unwrap_or_default().contains("type a file")),
        "the overlay says what is missing"
    );
    key(&mut m, KeyCode::Esc);
    assert_eq!(m.mode(), Mode::Browse);
}

#[test]
fn m_walks_the_milestones_and_says_what_each_marks() {
    let mut m = model();
    let mut seen = Vec::new();
    for _ in 0..4 {
        key(&mut m, KeyCode::Char('m'));
        seen.push((selected_id(&m), m.notice.clone().unwrap_or_default()));
    }
    let ids: Vec<&str> = seen.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["breach-begins", "discovery", "public-disclosure", "dowden-statement"]);
    assert_eq!(
        seen[0].1,
        "compromise: starts dwell time (14 months), starts time to attribute (31 months)"
    );
    assert_eq!(
        seen[1].1,
        "discovery: ends dwell time (14 months), starts time to disclose (10 months)"
    );
    assert_eq!(seen[3].1, "attribution: ends time to attribute (31 months)");
    key(&mut m, KeyCode::Char('m'));
    assert_eq!(m.notice.as_deref(), Some("no later milestone"));
    assert_eq!(selected_id(&m), "dowden-statement", "the selection stays");
    key(&mut m, KeyCode::Char('M'));
    assert_eq!(selected_id(&m), "public-disclosure");
}

#[test]
fn a_milestone_hidden_by_the_search_is_named_not_jumped_to() {
    let mut m = model();
    typed(&mut m, "/norway");
    key(&mut m, KeyCode::Enter);
    let before = selected_id(&m);
    key(&mut m, KeyCode::Char('m'));
    assert_eq!(selected_id(&m), before);
    let notice = m.notice.clone().unwrap_or_default();
    assert!(
        notice.starts_with("compromise: starts dwell time") && notice.contains("hidden by the search"),
        "{notice}"
    );
}

#[test]
fn a_dataset_without_phases_has_no_milestones_to_jump_to() {
    let text = "format: 1\ntitle: t\nevents:\n  - {id: a, date: 2021, title: x}\n";
    let l = store::parse_text("t.yaml", text, store::Syntax::Yaml, itx::model::Origin::Bundled("t")).unwrap();
    let mut m = Model::new(Current::new(l), (120, 40));
    key(&mut m, KeyCode::Char('m'));
    assert!(m.notice.as_deref().unwrap_or_default().starts_with("no milestones"));
}

#[test]
fn the_knowledge_cursor_shows_what_was_public_when() {
    let mut m = model();
    let at = |m: &mut Model, date: &str| {
        key(m, KeyCode::Char('@'));
        assert_eq!(m.mode(), Mode::AsOf);
        for _ in 0..20 {
            key(m, KeyCode::Backspace);
        }
        typed(m, date);
        key(m, KeyCode::Enter);
        let ids: Vec<String> = m.rows.iter().map(|&i| m.dataset().events[i as usize].id.to_string()).collect();
        (m.public.unwrap(), ids)
    };
    // Before the commission told anyone, the breach was not public at all.
    let (public, ids) = at(&mut m, "2023-08-07");
    assert_eq!(public, 7, "as README says");
    assert!(
        !ids.contains(&"breach-begins".to_string()) && !ids.contains(&"discovery".to_string()),
        "{ids:?}"
    );
    // On the day of the announcement the breach, its discovery and the
    // announcement arrive together.
    let (on_the_day, ids) = at(&mut m, "2023-08-08");
    for id in ["breach-begins", "discovery", "public-disclosure"] {
        assert!(ids.contains(&id.to_string()), "{id} public on 2023-08-08: {ids:?}");
    }
    assert!(!ids.contains(&"dowden-statement".to_string()));
    assert!(on_the_day > public);
    // The attribution only on 25 March 2024.
    let (_, ids) = at(&mut m, "2024-03-25");
    assert!(ids.contains(&"dowden-statement".to_string()));
    assert_eq!(m.public, Some(m.rows.len()));
    key(&mut m, KeyCode::Esc);
    assert_eq!(m.as_of, None, "Esc clears the cursor with the other filters");
    assert_eq!(m.rows.len(), 33);
}

#[test]
fn the_date_prompt_replaces_its_suggestion_says_what_is_wrong_and_edits_like_the_others() {
    let mut m = model();
    typed(&mut m, "@2023-08-07");
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.as_of.map(|d| d.to_string()).as_deref(), Some("2023-08-07"));
    // Reopened, it offers the date set; typing replaces it.
    typed(&mut m, "@2020-10");
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.as_of.map(|d| d.to_string()).as_deref(), Some("2020-10"), "not 2020-102023-08-07");
    // A date that is not one: the prompt stays, with the reason in it.
    typed(&mut m, "@2023-13");
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.mode(), Mode::AsOf);
    let Some(Overlay::AsOf(p)) = m.overlay() else {
        panic!("the prompt closed")
    };
    assert!(p.prompt.error.as_deref().is_some_and(|e| e.contains("13")), "{:?}", p.prompt.error);
    // C-u clears it, as in every prompt.
    m.update(Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
    let Some(Overlay::AsOf(p)) = m.overlay() else {
        panic!("the prompt closed")
    };
    assert_eq!(p.prompt.value(), "");
    assert_eq!(p.prompt.error, None, "an edit clears the refusal");
    typed(&mut m, "2024");
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.as_of.map(|d| d.to_string()).as_deref(), Some("2024"));
}

#[test]
fn a_source_is_public_when_its_date_is_over_and_each_step_changes_the_count() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/good/public-when.yaml");
    let mut m = Model::new(Current::new(store::load_file(std::path::Path::new(path)).unwrap()), (120, 40));
    let public = |m: &mut Model, date: &str| {
        key(m, KeyCode::Char('@'));
        key(m, KeyCode::Char('u'));
        m.update(Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
        typed(m, date);
        key(m, KeyCode::Enter);
        let mut ids: Vec<String> = m.rows.iter().map(|&i| m.dataset().events[i as usize].id.to_string()).collect();
        ids.sort();
        ids
    };
    assert!(public(&mut m, "2023-06-16T09:59Z").is_empty());
    assert_eq!(public(&mut m, "2023-06-16T10:00Z"), ["by-instant"], "an instant from that instant");
    assert_eq!(public(&mut m, "2023-06-16"), ["by-day", "by-instant"], "a day once it is over");
    assert_eq!(
        public(&mut m, "2023-06-29"),
        ["by-day", "by-instant"],
        "a month not before its last day"
    );
    assert_eq!(
        public(&mut m, "2023-06-30"),
        ["by-day", "by-instant", "by-month"],
        "its last day over"
    );
    assert_eq!(public(&mut m, "2023-06"), ["by-day", "by-instant", "by-month"]);
    assert_eq!(public(&mut m, "2023-12-30").len(), 3);
    assert_eq!(public(&mut m, "2023-12-31").len(), 5, "a year once its last day is over");
    assert_eq!(public(&mut m, "2023").len(), 5, "the year's report at the year's end");
    // The cursor steps land exactly where the count changes.
    key(&mut m, KeyCode::Esc);
    let mut counts = Vec::new();
    let mut stops = Vec::new();
    key(&mut m, KeyCode::Char(']'));
    while let Some(d) = m.as_of {
        stops.push(d.to_string());
        counts.push(m.public.unwrap());
        key(&mut m, KeyCode::Char(']'));
    }
    assert_eq!(stops, ["2023-06-16T10:00Z", "2023-06-16", "2023-06", "2023"]);
    assert_eq!(counts, [1, 2, 3, 5]);
}

#[test]
fn brackets_step_the_cursor_through_the_dates_things_became_public() {
    let mut m = model();
    key(&mut m, KeyCode::Char(']'));
    let first = m.as_of.unwrap();
    assert_eq!(first, m.current.knowledge().publications[0]);
    let mut last_public = m.public.unwrap();
    let mut steps = 1;
    while m.as_of.is_some() {
        key(&mut m, KeyCode::Char(']'));
        if let Some(p) = m.public {
            assert!(p >= last_public, "knowledge only grows");
            last_public = p;
        }
        steps += 1;
        assert!(steps < 100);
    }
    assert_eq!(steps, m.current.knowledge().publications.len() + 1, "every date, then off");
    assert_eq!(m.rows.len(), 33);
    key(&mut m, KeyCode::Char('['));
    assert_eq!(m.as_of, m.current.knowledge().publications.last().copied());
    key(&mut m, KeyCode::Char('@'));
    for _ in 0..20 {
        key(&mut m, KeyCode::Backspace);
    }
    typed(&mut m, "2023-13");
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.mode(), Mode::AsOf, "a bad date keeps the prompt open");
    assert!(
        matches!(m.overlay(), Some(Overlay::AsOf(p)) if p.prompt.error.as_deref().unwrap_or_default().contains("not a date")),
        "the prompt itself says why"
    );
}

#[test]
fn a_change_on_disk_reloads_a_file_and_says_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.yaml");
    let text = "format: 1\ntitle: T\nevents:\n  - {id: a, date: 2021, title: one}\n  - {id: b, date: 2022, title: two}\n";
    std::fs::write(&path, text).unwrap();
    let mut m = Model::new(Current::new(store::load_file(&path).unwrap()), (120, 40));
    key(&mut m, KeyCode::Char('j'));
    std::fs::write(
        &path,
        text.replace("title: two", "title: 2")
            .replace("  - {id: a, date: 2021, title: one}\n", "")
            + "  - {id: c, date: 2023, title: three}\n",
    )
    .unwrap();
    let eff = m.update(Msg::FileChanged);
    let Some(Effect::Load {
        id,
        what: Opening::Target(target),
        keep,
        previous,
        ..
    }) = eff.into_iter().next()
    else {
        panic!("no reload asked")
    };
    assert_eq!(keep.as_deref(), Some("b"), "the selected event stays selected");
    let old = previous.expect("a reload compares with what is shown");
    let mut current = common::current(&target).unwrap();
    current.changes = Some(current.dataset.changes_from(&old));
    m.update(Msg::Loaded {
        id,
        target,
        result: Box::new(Ok(current)),
        keep,
    });
    let notice = m.notice.clone().unwrap_or_default();
    assert!(notice.starts_with("reloaded T: 1 added, 1 removed, 1 changed"), "{notice}");
    assert_eq!(selected_id(&m), "b");
    // A bundled dataset is not a file: nothing to reload.
    let mut bundled = model();
    assert!(bundled.update(Msg::FileChanged).is_empty());
}

#[test]
fn the_density_strip_zooms_and_jumps_between_periods_with_events() {
    use itx::app::density::Period;
    let mut m = model();
    assert_eq!(m.density_period(), Period::Quarter, "the finest period that fits 120 columns");
    key(&mut m, KeyCode::Char('-'));
    assert_eq!(m.density_period(), Period::Year);
    key(&mut m, KeyCode::Char('-'));
    assert_eq!(m.notice.as_deref(), Some("density is already by year"));
    // From the 2010 event, the next year with events is 2018.
    key(&mut m, KeyCode::Char('}'));
    assert_eq!(m.dataset().events[m.selected_event().unwrap()].date.year_number(), 2018);
    assert_eq!(m.notice.as_deref(), Some("year 2018: 1 event"));
    key(&mut m, KeyCode::Char('}'));
    assert_eq!(m.dataset().events[m.selected_event().unwrap()].date.year_number(), 2020);
    key(&mut m, KeyCode::Char('{'));
    assert_eq!(m.dataset().events[m.selected_event().unwrap()].date.year_number(), 2018);
    // The strip counts what the search shows.
    typed(&mut m, "/norway");
    key(&mut m, KeyCode::Enter);
    let counts: f32 = m.histogram.periods(Period::Year).iter().map(|p| p.1).sum();
    assert_eq!(counts.round(), 2.0);
    key(&mut m, KeyCode::Char('+'));
    key(&mut m, KeyCode::Char('+'));
    assert_eq!(m.density_period(), Period::Month);
}

#[test]
fn stars_and_notes_are_asked_for_saved_and_shown() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.yaml");
    std::fs::write(
        &path,
        "format: 1\ntitle: T\nevents:\n  - {id: a, date: 2021, title: one}\n  - {id: b, date: 2022, title: two}\n",
    )
    .unwrap();
    let current = itx::session::open(&Target::File(path.clone()), &Default::default(), None).unwrap();
    assert!(current.marks_problem.is_none());
    let mut m = Model::new(current, (120, 40));
    // As the runtime would: carry out each mark effect and answer.
    let run = |m: &mut Model, eff: Vec<Effect>| {
        let Some(Effect::Mark { dataset, path, id, change }) = eff.into_iter().next() else {
            panic!("no mark asked")
        };
        m.update(Msg::Marked {
            dataset,
            result: itx::store::marks::update(&path, &id, &change),
        });
    };
    let eff = key(&mut m, KeyCode::Char('*'));
    run(&mut m, eff);
    assert!(m.current.marks.starred("a"));
    key(&mut m, KeyCode::Char('j'));
    key(&mut m, KeyCode::Char('c'));
    assert_eq!(m.mode(), Mode::Note);
    typed(&mut m, "check the date");
    let eff = key(&mut m, KeyCode::Enter);
    run(&mut m, eff);
    assert_eq!(m.current.marks.note("b"), Some("check the date"));
    // The sidecar sits beside the dataset, which is untouched.
    let sidecar = dir.path().join("d.yaml.itx-marks.json");
    assert!(std::fs::read_to_string(&sidecar).unwrap().contains("check the date"));
    // Starred only.
    key(&mut m, KeyCode::Char('S'));
    let ids: Vec<&str> = m.rows.iter().map(|&i| m.dataset().events[i as usize].id.as_ref()).collect();
    assert_eq!(ids, ["a"]);
    key(&mut m, KeyCode::Esc);
    assert_eq!(m.rows.len(), 2, "Esc clears it with the other filters");
    // A failed save says so and keeps what was shown.
    let origin = m.dataset().origin.clone();
    m.update(Msg::Marked {
        dataset: origin,
        result: Err("disk full".into()),
    });
    assert!(m.notice.as_deref().unwrap_or_default().contains("disk full"));
    assert!(m.current.marks.starred("a"));
}

#[test]
fn opening_another_dataset_drops_the_cursor_and_starred_only() {
    let mut m = model();
    key(&mut m, KeyCode::Char(']'));
    key(&mut m, KeyCode::Char('S'));
    assert!(m.as_of.is_some() && m.starred_only);
    let mut fx = Vec::new();
    m.start_load(Opening::Target(Target::Bundled("apt31")), None, "opening", None, &mut fx);
    deliver(&mut m, fx);
    assert!(m.as_of.is_none() && !m.starred_only);
    assert_eq!(m.rows.len(), 15);
}

#[test]
fn the_filter_menu_sets_filters_that_join_the_search() {
    let mut m = model();
    typed(&mut m, "/apt31");
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('f'));
    assert_eq!(m.mode(), Mode::Filter);
    // phase: any -> compromise -> discovery -> disclosure -> attribution
    for _ in 0..4 {
        key(&mut m, KeyCode::Right);
    }
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.mode(), Mode::Browse);
    assert_eq!(m.query.raw, "apt31 phase:attribution");
    assert!(m
        .rows
        .iter()
        .all(|&i| m.dataset().events[i as usize].phase == Some(itx::model::Phase::Attribution)));
    assert!(!m.rows.is_empty());
    // Reopened, the menu shows what is set; "any" takes it away again.
    key(&mut m, KeyCode::Char('f'));
    let Some(Overlay::Filters(menu)) = m.overlay() else {
        panic!("no filter menu")
    };
    assert_eq!(menu.rows[0].choices[menu.rows[0].chosen].0, "attribution");
    key(&mut m, KeyCode::Char('h'));
    key(&mut m, KeyCode::Char('h'));
    key(&mut m, KeyCode::Char('h'));
    key(&mut m, KeyCode::Char('h'));
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.query.raw, "apt31");
    // Esc leaves things as they were.
    key(&mut m, KeyCode::Char('f'));
    key(&mut m, KeyCode::Right);
    key(&mut m, KeyCode::Esc);
    assert_eq!(m.query.raw, "apt31");
}

fn menu_count(m: &Model) -> Option<usize> {
    match m.overlay() {
        Some(Overlay::Filters(menu)) if !menu.is_counting() => menu.count,
        _ => None,
    }
}

#[test]
fn the_filter_menu_counts_what_its_choices_would_show_before_enter() {
    let mut m = model();
    key(&mut m, KeyCode::Char('f'));
    assert_eq!(menu_count(&m), Some(33), "opened with no filters: everything");
    // j moves to the confidence row; l chooses its first value.
    key(&mut m, KeyCode::Char('j'));
    key(&mut m, KeyCode::Char('l'));
    let counted = menu_count(&m).expect("counted inline for a small dataset");
    assert!(counted < 33, "confidence at least remote-chance leaves out the unrated: {counted}");
    key(&mut m, KeyCode::Char('k'));
    for _ in 0..4 {
        key(&mut m, KeyCode::Char('l'));
    }
    let before_enter = menu_count(&m).unwrap();
    key(&mut m, KeyCode::Enter);
    assert!(m.query.raw.contains("phase:attribution") && m.query.raw.contains("confidence:"));
    assert_eq!(m.rows.len(), before_enter, "the count said what Enter shows");
    assert!(before_enter > 0);

    // On a worker (a large dataset), the answer comes back to the menu.
    let mut m = model();
    m.inline_search_limit = 0;
    key(&mut m, KeyCode::Char('f'));
    let eff = key(&mut m, KeyCode::Char('l'));
    assert_eq!(menu_count(&m), None, "counting, not a stale number");
    let answer = run_search(eff).expect("a count asked of the worker");
    m.update(answer);
    let phase_compromise = m
        .dataset()
        .events
        .iter()
        .filter(|e| e.phase == Some(itx::model::Phase::Compromise))
        .count();
    assert_eq!(menu_count(&m), Some(phase_compromise));
    assert_eq!(m.rows.len(), 33, "a count shows nothing until Enter");
}

/// The two bundled datasets open at once, their merged view last, with
/// the one at `shown` (0, 1, 2) on screen.
fn both_bundled(shown: usize) -> Model {
    let a = Current::new(store::load("uk-electoral-commission").unwrap());
    let b = Current::new(store::load("apt31").unwrap());
    let merged = itx::session::merged(&[a.clone(), b.clone()]);
    let open = vec![a, b, merged];
    let mut m = Model::new(open[shown].clone(), (120, 40));
    m.open = open;
    m
}

#[test]
fn d_goes_through_the_open_datasets_and_their_merged_view() {
    let mut m = both_bundled(0);
    key(&mut m, KeyCode::Char('D'));
    assert_eq!(m.dataset().events.len(), 15);
    key(&mut m, KeyCode::Char('D'));
    assert_eq!(m.dataset().events.len(), 48);
    // Each event names its file in the first field, shown as a column.
    let ds = m.dataset();
    assert_eq!(ds.field_names[0], "file");
    assert_eq!(m.current.marks.columns, ["file"]);
    let files: std::collections::BTreeSet<String> = ds.events.iter().map(|e| ds.value(e.fields[0].value).to_string()).collect();
    assert_eq!(files.into_iter().collect::<Vec<_>>(), ["apt31", "uk-electoral-commission"]);
    assert!(ds.events.iter().all(|e| !e.title.starts_with('[') && e.id.contains('.')));
    assert!(m.dataset().events.iter().any(|e| &*e.id == "apt31.norway-breach"));
    assert!(m.dataset().events.iter().any(|e| &*e.id == "uk-electoral-commission.breach-begins"));
    // The merged view searches like any dataset.
    typed(&mut m, "/norway");
    assert!(m.rows.len() >= 4, "both datasets' Norway events");
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Char('D'));
    assert_eq!(m.dataset().events.len(), 33, "round to the first");
    let mut alone = model();
    key(&mut alone, KeyCode::Char('D'));
    assert!(alone.notice.as_deref().unwrap_or_default().starts_with("one dataset is open"));
}

#[test]
fn in_the_merged_view_a_file_is_switched_off_by_stacking_its_column_and_back_on_with_esc() {
    let mut m = both_bundled(2);
    // F, then Enter on the first dimension offered among the fields: file.
    common::keys(&mut m, "F");
    let Some(Overlay::Stack(s)) = m.overlay() else {
        panic!("no stacking")
    };
    let file_at = s.dims.iter().position(|&d| d == itx::app::overlay::stack::Dim::Field(0)).unwrap();
    common::keys(&mut m, &"j".repeat(file_at));
    key(&mut m, KeyCode::Enter);
    let Some(Overlay::Stack(s)) = m.overlay() else { panic!() };
    let names: Vec<(&str, usize)> = s.values.iter().map(|v| (v.text.as_str(), v.count)).collect();
    assert_eq!(names, [("uk-electoral-commission", 33), ("apt31", 15)]);
    // `!` on the first leaves that file out.
    key(&mut m, KeyCode::Char('!'));
    assert_eq!(m.query.raw, "!field:file=uk-electoral-commission");
    assert_eq!(m.rows.len(), 15);
    let ds = m.dataset();
    assert!(m.rows.iter().all(|&i| ds.events[i as usize].id.starts_with("apt31.")));
    // Esc clears the search: both files again.
    key(&mut m, KeyCode::Esc);
    assert_eq!(m.rows.len(), 48);
}

#[test]
fn a_part_with_its_own_file_field_keeps_it_and_the_merged_view_names_files_in_itx_file() {
    let text = "format: 1\ntitle: T\nevents:\n  - {id: x, date: 2021, title: t, fields: {file: C:/evil.exe}}\n";
    let path = std::path::PathBuf::from("/cases/t.yaml");
    let t = store::parse_text("t.yaml", text, store::Syntax::Yaml, itx::model::Origin::File(path))
        .unwrap()
        .dataset;
    let b = store::load("apt31").unwrap().dataset;
    let merged = itx::model::merge(&[&t, &b]);
    assert_eq!(&merged.field_names[..2], ["itx.file", "file"]);
    let x = merged.events.iter().find(|e| &*e.id == "t.x").unwrap();
    let fields: Vec<(&str, String)> = merged.fields_of(x).map(|(k, v)| (k, v.to_string())).collect();
    assert_eq!(fields, [("itx.file", "t.yaml".to_string()), ("file", "C:/evil.exe".into())]);
}

#[test]
fn a_merged_dataset_is_a_valid_dataset() {
    let a = store::load("uk-electoral-commission").unwrap().dataset;
    let b = store::load("apt31").unwrap().dataset;
    let merged = itx::model::merge(&[&a, &b]);
    // Written out and read back, it loads without errors: ids are valid
    // and unique, every reference resolves.
    let all: Vec<usize> = (0..merged.events.len()).collect();
    let json = itx::export::render(&merged, &all, itx::export::ExportFormat::Json, &Default::default());
    let back = store::parse_text("merged.json", &json, store::Syntax::Json, itx::model::Origin::Bundled("m")).unwrap();
    assert_eq!(back.dataset.events.len(), 48);
    assert!(back.dataset.events.windows(2).all(|w| w[0].date.sort_key() <= w[1].date.sort_key()));
}

#[test]
fn angle_brackets_step_the_cursor_by_the_strips_period() {
    let mut m = model();
    key(&mut m, KeyCode::Char('-')); // by year
    key(&mut m, KeyCode::Char('>'));
    assert_eq!(
        m.as_of.map(|d| d.to_string()).as_deref(),
        Some("2011"),
        "a year after the first event's"
    );
    for _ in 0..12 {
        key(&mut m, KeyCode::Char('>'));
    }
    assert_eq!(m.as_of.map(|d| d.to_string()).as_deref(), Some("2023"));
    let in_2023 = m.public.unwrap();
    key(&mut m, KeyCode::Char('<'));
    assert_eq!(m.as_of.map(|d| d.to_string()).as_deref(), Some("2022"));
    assert!(m.public.unwrap() < in_2023, "the breach became public in 2023");
    key(&mut m, KeyCode::Char('+')); // by quarter
    key(&mut m, KeyCode::Char('>'));
    assert_eq!(
        m.as_of.map(|d| d.to_string()).as_deref(),
        Some("2023-03"),
        "the end of 2023's first quarter"
    );
}

#[test]
fn the_cursor_stops_at_the_last_year_a_date_can_have() {
    let mut m = model();
    key(&mut m, KeyCode::Char('@'));
    for _ in 0..20 {
        key(&mut m, KeyCode::Backspace);
    }
    typed(&mut m, "9999");
    key(&mut m, KeyCode::Enter);
    key(&mut m, KeyCode::Char('-'));
    key(&mut m, KeyCode::Char('-'));
    key(&mut m, KeyCode::Char('>'));
    assert_eq!(m.as_of.map(|d| d.to_string()).as_deref(), Some("9999"));
    assert!(m.notice.as_deref().unwrap_or_default().contains("no date"));
}

/// Not a check: prints README's key table from the key tables
/// (`cargo test --test app print_key_table -- --ignored --nocapture`).
#[test]
#[ignore]
fn print_key_table() {
    for (mode, label, help) in itx::app::keys::table() {
        println!("| {mode} | `{label}` | {help} |");
    }
}

#[test]
fn a_search_that_failed_says_so_and_stops_waiting() {
    let mut m = model();
    m.inline_search_limit = 0;
    key(&mut m, KeyCode::Char('/'));
    key(&mut m, KeyCode::Char('n'));
    let generation = m.pending.expect("a search runs");
    m.update(Msg::SearchFailed {
        generation,
        why: "index out of bounds".into(),
    });
    assert!(m.pending.is_none(), "no longer searching…");
    let mut m = model();
    m.inline_search_limit = 0;
    typed(&mut m, "/x");
    let generation = m.pending.unwrap();
    key(&mut m, KeyCode::Enter);
    m.update(Msg::SearchFailed {
        generation,
        why: "index out of bounds".into(),
    });
    let notice = m.notice.clone().unwrap_or_default();
    assert!(notice.contains("search failed (index out of bounds)"), "{notice}");
}

#[test]
fn a_mark_saved_after_switching_datasets_stays_with_its_own() {
    let a = Current::new(store::load("uk-electoral-commission").unwrap());
    let b = Current::new(store::load("apt31").unwrap());
    let mut m = Model::new(a.clone(), (120, 40));
    m.open = vec![a.clone(), b];
    let mut marks = itx::store::marks::Marks::default();
    marks
        .events
        .insert("breach-begins".into(), itx::store::marks::Mark { star: true, note: None });
    // Starred in the first dataset; D pressed before the sidecar answered.
    key(&mut m, KeyCode::Char('D'));
    assert!(m.dataset().title.starts_with("APT31"));
    m.update(Msg::Marked {
        dataset: a.dataset.origin.clone(),
        result: Ok(marks),
    });
    assert!(!m.current.marks.starred("breach-begins"), "not put on the dataset shown");
    assert!(m.open[0].marks.starred("breach-begins"), "kept with its own dataset");
    key(&mut m, KeyCode::Char('D'));
    assert!(
        m.current.marks.starred("breach-begins"),
        "back on the first dataset, the star is there"
    );
}

#[test]
fn stars_made_in_the_merged_view_go_to_each_events_own_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let (pa, pb) = (dir.path().join("a.yaml"), dir.path().join("b.yaml"));
    std::fs::write(&pa, "format: 1\ntitle: A\nevents:\n  - {id: x, date: 2021, title: a one}\n").unwrap();
    std::fs::write(&pb, "format: 1\ntitle: B\nevents:\n  - {id: x, date: 2022, title: b one}\n").unwrap();
    let open = |p: &std::path::Path| itx::session::open(&Target::File(p.to_path_buf()), &Default::default(), None).unwrap();
    let (a, b) = (open(&pa), open(&pb));
    // A star made earlier in A's own view shows in the merged view.
    itx::store::marks::update(a.marks_path.as_ref().unwrap(), "x", &itx::store::marks::Change::ToggleStar).unwrap();
    let a = open(&pa);
    let merged = itx::session::merged(&[a.clone(), b.clone()]);
    let mut m = Model::new(merged.clone(), (120, 40));
    m.open = vec![a, b, merged];
    key(&mut m, KeyCode::Char('S'));
    assert_eq!(m.rows.len(), 1, "A's star shows in the merged view");
    key(&mut m, KeyCode::Char('S'));
    // The reader hides the file column here (C, Enter on `file`, Esc).
    common::keys(&mut m, "C\n");
    key(&mut m, KeyCode::Esc);
    assert!(m.current.marks.columns.is_empty());
    // Starring B's event there writes B's sidecar, under B's own id.
    key(&mut m, KeyCode::Char('G'));
    let fx = key(&mut m, KeyCode::Char('*'));
    let Some(Effect::Mark { dataset, path, id, change }) = fx.into_iter().next() else {
        panic!("no mark asked")
    };
    assert_eq!(id, "x");
    assert_eq!(path, dir.path().join("b.yaml.itx-marks.json"));
    let result = itx::store::marks::update(&path, &id, &change);
    m.update(Msg::Marked { dataset, result });
    assert!(m.current.marks.columns.is_empty(), "the columns chosen here stay as they were");
    key(&mut m, KeyCode::Char('S'));
    assert_eq!(m.rows.len(), 2, "both starred events in the merged view");
}

#[test]
fn the_strip_takes_the_finest_period_that_fits_and_a_zoom_stays_with_its_dataset() {
    // Twenty months of events (SolarWinds' span): by month fits 80 columns.
    let text = "format: 1\ntitle: t\nevents:\n  - {id: a, date: 2019-09-04, title: a}\n  - {id: b, date: 2021-04-15, title: b}\n";
    let l = store::parse_text("t.yaml", text, store::Syntax::Yaml, itx::model::Origin::Bundled("t")).unwrap();
    let mut m = Model::new(Current::new(l), (80, 24));
    assert_eq!(m.density_period(), itx::app::density::Period::Month);
    key(&mut m, KeyCode::Char('-'));
    assert_eq!(m.density_period(), itx::app::density::Period::Quarter);
    let mut fx = Vec::new();
    m.start_load(Opening::Target(Target::Bundled("apt31")), None, "opening", None, &mut fx);
    deliver(&mut m, fx);
    assert_eq!(m.density, None, "the next dataset gets the period that fits it");
}

#[test]
fn a_file_that_failed_to_open_is_tried_again_when_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.yaml");
    std::fs::write(&path, "format: 1\ntitle: T\nevents:\n  - {id: a, date: 2021-13, title: one}\n").unwrap();
    let mut m = model();
    key(&mut m, KeyCode::Char('o'));
    typed(&mut m, &path.to_string_lossy());
    let fx = key(&mut m, KeyCode::Enter);
    deliver(&mut m, fx);
    assert_eq!(m.mode(), Mode::Error);
    assert_eq!(m.watched_file(), Some(path.as_path()), "the failed file is watched");
    std::fs::write(&path, "format: 1\ntitle: T\nevents:\n  - {id: a, date: 2021-12, title: one}\n").unwrap();
    let fx = m.update(Msg::FileChanged);
    deliver(&mut m, fx);
    assert_eq!(m.mode(), Mode::Browse, "mended: opened, the errors gone");
    assert_eq!(m.dataset().title, "T");
    // A watched file removed: said, and what was loaded stays.
    m.update(Msg::FileRemoved);
    assert!(m.notice.as_deref().unwrap_or_default().contains("was removed; still showing"));
    assert_eq!(m.dataset().events.len(), 1);
}

/// A YAML dataset file of our own in a temporary folder, opened.
fn opened_copy(dir: &std::path::Path) -> (Model, std::path::PathBuf) {
    let path = dir.join("incident.yaml");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/good/every-key.yaml"), &path).unwrap();
    let l = store::load_file(&path).unwrap();
    (Model::new(Current::new(l), (120, 40)), path)
}

/// The lines of `after` that are not in `before`, checking that every
/// line of `before` is still there, in order.
fn added_lines(before: &str, after: &str) -> Vec<String> {
    let (old, new): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    let mut k = 0;
    let mut added = Vec::new();
    for line in &new {
        if k < old.len() && *line == old[k] {
            k += 1;
        } else {
            added.push(line.to_string());
        }
    }
    assert_eq!(k, old.len(), "every line of the file is kept, in order");
    added
}

fn field_keys(m: &mut Model, field_text: &[&str]) {
    for (n, t) in field_text.iter().enumerate() {
        if n > 0 {
            key(m, KeyCode::Down);
        }
        typed(m, t);
    }
}

#[test]
fn an_event_added_from_the_explorer_is_appended_to_its_file_and_selected() {
    let dir = tempfile::tempdir().unwrap();
    let (mut m, path) = opened_copy(dir.path());
    let before = std::fs::read_to_string(&path).unwrap();
    let actor = m.dataset().actors[0].id.to_string();
    let source = m.dataset().sources[0].id.to_string();
    key(&mut m, KeyCode::Char('A'));
    assert_eq!(m.mode(), Mode::Add);
    // date, title, phase, actors (Tab completes), sources, summary
    field_keys(&mut m, &["2024-03-26", "Analysts add an event: from the explorer", "respons"]);
    key(&mut m, KeyCode::Enter);
    let Some(Overlay::Add(form)) = m.overlay() else {
        panic!("the form closed")
    };
    assert!(
        form.error.as_deref().unwrap().contains("did you mean `response`?"),
        "{:?}",
        form.error
    );
    key(&mut m, KeyCode::Backspace);
    typed(&mut m, "se");
    key(&mut m, KeyCode::Down);
    typed(&mut m, &actor[..2]);
    key(&mut m, KeyCode::Tab);
    key(&mut m, KeyCode::Down);
    typed(&mut m, &source);
    key(&mut m, KeyCode::Down);
    typed(&mut m, "Typed in the form.");
    let fx = key(&mut m, KeyCode::Enter);
    assert!(fx.iter().any(|e| matches!(e, Effect::Append { .. })), "{fx:?}");
    common::serve(&mut m, fx);
    assert_eq!(m.mode(), Mode::Browse, "{:?}", m.overlay().map(|o| o.mode()));
    let after = std::fs::read_to_string(&path).unwrap();
    let added = added_lines(&before, &after);
    assert_eq!(added[0].trim(), "- id: analysts-add-an-event-from-the-explorer", "{added:#?}");
    assert!(
        added
            .iter()
            .any(|l| l.trim() == "title: \"Analysts add an event: from the explorer\""),
        "{added:#?}"
    );
    assert!(added.iter().any(|l| l.trim() == format!("actors: [{actor}]")), "{added:#?}");
    assert!(added.iter().any(|l| l.trim() == "phase: response"), "{added:#?}");
    assert_eq!(selected_id(&m), "analysts-add-an-event-from-the-explorer", "the reload selects it");
    assert!(store::load_file(&path).is_ok());
    let said = m.notice.clone();
    assert!(said.as_deref().unwrap_or_default().contains("1 added"), "{said:?}");
    // The watcher then sees the same write: a reload that changes nothing
    // says nothing over it, and the selection stays.
    let fx = m.update(Msg::FileChanged);
    deliver(&mut m, fx);
    assert_eq!(m.notice, said);
    assert_eq!(selected_id(&m), "analysts-add-an-event-from-the-explorer");
}

#[test]
fn sources_and_actors_are_added_from_their_panes_and_a_bad_one_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut m, path) = opened_copy(dir.path());
    let before = std::fs::read_to_string(&path).unwrap();
    m.focus = Focus::Sources;
    key(&mut m, KeyCode::Char('A'));
    field_keys(&mut m, &["NCSC advisory", "https://www.ncsc.gov.uk/x", "NCSC", "2024-03-25", "a"]);
    let fx = key(&mut m, KeyCode::Enter);
    common::serve(&mut m, fx);
    assert!(m
        .dataset()
        .sources
        .iter()
        .any(|s| s.id == "ncsc-advisory" && s.reliability.is_some()));
    m.focus = Focus::Actors;
    key(&mut m, KeyCode::Char('A'));
    field_keys(&mut m, &["Norwegian Parliament", "victim", "NO", "Storting"]);
    let fx = key(&mut m, KeyCode::Enter);
    common::serve(&mut m, fx);
    let a = m.dataset().actors.iter().find(|a| a.id == "norwegian-parliament").expect("added");
    assert_eq!(a.country.as_deref(), Some("NO"));
    let after = std::fs::read_to_string(&path).unwrap();
    let added = added_lines(&before, &after);
    assert!(
        added.iter().any(|l| l.trim() == "country: \"NO\""),
        "quoted for YAML 1.1 readers: {added:#?}"
    );
    // A country that is not one: refused in the form, nothing written.
    key(&mut m, KeyCode::Char('A'));
    field_keys(&mut m, &["Someone", "person", "UK"]);
    let fx = key(&mut m, KeyCode::Enter);
    assert!(fx.is_empty());
    let Some(Overlay::Add(form)) = m.overlay() else {
        panic!("the form closed")
    };
    assert!(form.error.as_deref().unwrap().contains("did you mean GB?"), "{:?}", form.error);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after);
}

#[test]
fn adding_to_a_bundled_dataset_offers_an_editable_copy() {
    let mut m = model();
    key(&mut m, KeyCode::Char('A'));
    assert_eq!(m.mode(), Mode::Export);
    assert_eq!(export_path(&m), "uk-electoral-commission.yaml");
    assert!(m.notice.as_deref().unwrap().contains("editable copy"), "{:?}", m.notice);
}

#[test]
fn the_attack_matrix_counts_the_events_shown_and_enter_keeps_a_techniques_events() {
    let mut m = model();
    key(&mut m, KeyCode::Char('T'));
    let Some(Overlay::Matrix(x)) = m.overlay() else {
        panic!("no matrix")
    };
    let tactics: Vec<&str> = x.columns.iter().map(|c| c.tactic).collect();
    assert_eq!(
        tactics,
        [
            "reconnaissance",
            "resource-development",
            "initial-access",
            "defense-evasion",
            "command-and-control"
        ],
        "in kill-chain order, only the tactics reached"
    );
    let first = &x.columns[0].techniques[0];
    assert_eq!((itx::model::attack::get(first.0).id, first.1), ("T1598.003", 2), "most used first");
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.query.raw, "technique:t1598.003");
    let ids: Vec<String> = m.rows.iter().map(|&i| m.dataset().events[i as usize].id.to_string()).collect();
    assert_eq!(ids, ["microsoft-zirconium", "ipac-email-targeting"]);
    // It follows the search: with it, only those events' techniques.
    key(&mut m, KeyCode::Char('T'));
    let Some(Overlay::Matrix(x)) = m.overlay() else {
        panic!("no matrix")
    };
    assert_eq!(x.shown, 2);
    assert!(x.columns.iter().all(|c| c.tactic != "initial-access"), "{:?}", x.columns);
    // technique:T1598 takes its sub-techniques; tactic: and the name work too.
    key(&mut m, KeyCode::Esc);
    key(&mut m, KeyCode::Esc);
    for (q, n) in [
        ("technique:T1598", 3),
        ("technique:phishing", 4),
        ("tactic:reconnaissance", 3),
        ("!technique:t1", 27),
    ] {
        typed(&mut m, &format!("/{q}"));
        key(&mut m, KeyCode::Enter);
        assert_eq!(m.rows.len(), n, "{q}");
        key(&mut m, KeyCode::Esc);
    }
}

#[test]
fn events_are_found_by_how_many_sources_back_them() {
    let mut m = model();
    let count = |m: &mut Model, q: &str| {
        typed(m, &format!("/{q}"));
        key(m, KeyCode::Enter);
        let n = m.rows.len();
        key(m, KeyCode::Esc);
        n
    };
    let by_len = |m: &Model, f: &dyn Fn(usize) -> bool| m.dataset().events.iter().filter(|e| f(e.sources.len())).count();
    let (zero, one, more) = (by_len(&m, &|n| n == 0), by_len(&m, &|n| n == 1), by_len(&m, &|n| n >= 2));
    assert!(one > 0 && more > 0);
    assert_eq!(count(&mut m, "sources:0"), zero);
    assert_eq!(count(&mut m, "sources:1"), one);
    assert_eq!(count(&mut m, "sources:2+"), more);
    assert_eq!(count(&mut m, "!sources:1"), zero + more);
    typed(&mut m, "/sources:x");
    assert!(m.query.problems[0].contains("sources:2+"), "{:?}", m.query.problems);
}

#[test]
fn the_detail_reads_on_to_the_next_and_previous_event() {
    let mut m = model();
    key(&mut m, KeyCode::Enter);
    let first = selected_id(&m);
    key(&mut m, KeyCode::Right);
    assert_eq!(m.mode(), Mode::Detail, "still open");
    assert_ne!(selected_id(&m), first);
    assert_eq!(m.timeline.selected, 1);
    key(&mut m, KeyCode::Char('h'));
    assert_eq!(selected_id(&m), first);
    key(&mut m, KeyCode::Left);
    assert_eq!(m.timeline.selected, 0, "no event before the first");
}

#[test]
fn highlight_mode_keeps_every_event_and_n_walks_the_matches() {
    let mut m = model();
    key(&mut m, KeyCode::Char('H'));
    typed(&mut m, "/norway");
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.rows.len(), 33, "nothing hidden");
    let h = m.highlighted.clone().expect("the matches");
    assert_eq!(h.len(), 2);
    assert_eq!(selected_id(&m), "norway-breach", "the first match is selected");
    key(&mut m, KeyCode::Char('n'));
    assert_eq!(selected_id(&m), "norway-pst-attribution");
    assert_eq!(m.notice.as_deref(), Some("match 2 of 2"));
    key(&mut m, KeyCode::Char('n'));
    assert_eq!(selected_id(&m), "norway-breach");
    assert_eq!(m.notice.as_deref(), Some("match 1 of 2 (went round)"));
    key(&mut m, KeyCode::Char('N'));
    assert_eq!(selected_id(&m), "norway-pst-attribution");
    // Back to filtering: the same query now hides the rest.
    key(&mut m, KeyCode::Char('H'));
    assert_eq!(m.rows.len(), 2);
    assert!(m.highlighted.is_none());
}

#[test]
fn z_writes_instants_in_utc_local_time_or_relative_to_the_compromise() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/good/every-key.yaml");
    let mut m = Model::new(Current::new(store::load_file(std::path::Path::new(path)).unwrap()), (120, 40));
    let phish = m.dataset().events[0].clone();
    assert_eq!(m.date_label(&phish), "2021-11-03T08:15:30.123456+01:00", "as written");
    key(&mut m, KeyCode::Char('z'));
    assert_eq!(m.date_label(&phish), "2021-11-03T07:15:30.123456Z", "UTC");
    key(&mut m, KeyCode::Char('z'));
    assert!(m.notice.as_deref().unwrap().contains("local"));
    key(&mut m, KeyCode::Char('z'));
    assert_eq!(m.date_label(&phish), "T, same second", "the compromise itself");
    let found = m.dataset().events.iter().find(|e| &*e.id == "found").unwrap().clone();
    assert_eq!(m.date_label(&found), "c. T+1 month");
    key(&mut m, KeyCode::Char('z'));
    assert_eq!(m.date_label(&phish), "2021-11-03T08:15:30.123456+01:00", "round to as written");
}

#[test]
fn the_header_figures_follow_the_knowledge_cursor_and_p_dims_instead_of_hiding() {
    let mut m = model();
    assert!(m.header_figures().contains("dwell 14 months"));
    typed(&mut m, "@2023-08-07");
    key(&mut m, KeyCode::Enter);
    let then = m.header_figures();
    assert!(
        then.contains("dwell unknown as of 2023-08-07"),
        "the breach was not yet public: {then}"
    );
    assert_eq!(m.rows.len(), 7);
    typed(&mut m, "@2023-08-08");
    key(&mut m, KeyCode::Enter);
    let then = m.header_figures();
    assert!(
        then.contains("dwell 14 months") && then.contains("to attribute unknown as of 2023-08-08"),
        "{then}"
    );
    // P: every event stays, the not yet public ones dimmed.
    key(&mut m, KeyCode::Char('P'));
    assert_eq!(m.rows.len(), 33);
    let dowden = m.dataset().event_index("dowden-statement").unwrap();
    assert!(m.not_yet_public(dowden));
    assert!(!m.not_yet_public(m.dataset().event_index("public-disclosure").unwrap()));
    assert_eq!(m.public, Some(10), "the count is still of what was public");
}

#[test]
fn the_source_view_lists_what_a_source_backs_and_goes_to_one() {
    let mut m = model();
    m.focus = Focus::Sources;
    key(&mut m, KeyCode::Char('v'));
    let Some(Overlay::Source(v)) = m.overlay() else {
        panic!("no source view")
    };
    let source = v.source;
    let backs = v.events.clone();
    assert!(!backs.is_empty());
    assert!(backs.iter().all(|&i| m.dataset().events[i].sources.contains(&source)));
    let last = *backs.last().unwrap();
    for _ in 0..backs.len() {
        key(&mut m, KeyCode::Char('j'));
    }
    key(&mut m, KeyCode::Enter);
    assert_eq!(m.mode(), Mode::Browse);
    assert_eq!(m.selected_event(), Some(last), "Enter went to the event");
    // y copies, x opens the address of the event's first source that has
    // a web one; a source without one says so and asks for nothing.
    let ds = m.dataset().clone();
    let web = |s: &u32| ds.source(*s).url.clone().filter(|u| itx::model::is_web_link(u));
    let with = (0..ds.events.len())
        .find(|&i| ds.events[i].sources.iter().any(|s| web(s).is_some()))
        .unwrap();
    let url = ds.events[with].sources.iter().find_map(web).unwrap();
    let p = m.rows.iter().position(|&r| r as usize == with).unwrap();
    m.timeline.selected = p;
    m.focus = Focus::Timeline;
    let fx = key(&mut m, KeyCode::Char('y'));
    assert!(matches!(fx.as_slice(), [Effect::Copy(u)] if *u == url), "{fx:?}");
    let fx = key(&mut m, KeyCode::Char('x'));
    assert!(matches!(fx.as_slice(), [Effect::OpenUrl(u)] if *u == url), "{fx:?}");
    let without = (0..ds.events.len())
        .find(|&i| !ds.events[i].sources.is_empty() && ds.events[i].sources.iter().all(|s| web(s).is_none()))
        .expect("an event whose sources have no web address");
    m.timeline.selected = m.rows.iter().position(|&r| r as usize == without).unwrap();
    let fx = key(&mut m, KeyCode::Char('y'));
    assert!(fx.is_empty(), "{fx:?}");
    assert!(m.notice.as_deref().unwrap().contains("has no web address"), "{:?}", m.notice);
}

#[test]
fn stacking_counts_on_a_worker_for_a_large_timeline_and_its_value_joins_the_search() {
    let mut m = model();
    m.inline_search_limit = 0;
    common::keys(&mut m, "F");
    assert_eq!(m.mode(), Mode::Stack);
    // Down to `phase`, then Enter: the count is asked of a worker.
    let Some(Overlay::Stack(s)) = m.overlay() else { panic!() };
    let phase_at = s.dims.iter().position(|&d| d == itx::app::overlay::stack::Dim::Phase).unwrap();
    common::keys(&mut m, &"j".repeat(phase_at));
    let fx = m.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    let Some(Effect::Stack { dataset, rows, dim }) = fx.into_iter().find(|e| matches!(e, Effect::Stack { .. })) else {
        panic!("no count asked")
    };
    assert!(matches!(m.overlay(), Some(Overlay::Stack(s)) if s.counting == Some(dim)));
    // Keys meanwhile are taken (and change nothing); the answer fills it.
    common::keys(&mut m, "jj");
    m.update(Msg::Stacked(itx::app::overlay::stack::Counted::of(&dataset, &rows, dim)));
    let Some(Overlay::Stack(s)) = m.overlay() else { panic!() };
    assert_eq!(s.counting, None);
    let top = s.values[0].clone();
    assert!(top.count > 0 && s.values.windows(2).all(|w| w[0].count >= w[1].count));
    let fx = key(&mut m, KeyCode::Enter);
    assert_eq!(m.query.raw, format!("phase:{}", top.text));
    let searched = run_search(fx).unwrap();
    m.update(searched);
    assert_eq!(m.rows.len(), top.count, "the timeline keeps the events counted");
}

#[test]
fn a_forensic_timeline_gives_its_panes_a_line_each_and_w_says_why_it_changes_nothing() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/forensic/plaso-dynamic.csv");
    let loaded = itx::import::open::load(&store::Target::File(path.into()), &Default::default(), &Default::default()).unwrap();
    let mut m = Model::new(Current::new(loaded), (80, 24));
    assert!(m.shape().slim_side);
    let tall = m.timeline_height();
    let mut bundled = model();
    bundled.update(Msg::Resize(80, 24));
    assert!(!bundled.shape().slim_side, "the bundled dataset has actors");
    assert!(tall > bundled.timeline_height(), "{tall}");
    key(&mut m, KeyCode::Char('w'));
    assert!(m.notice.as_deref().unwrap_or_default().contains("a line each"), "{:?}", m.notice);
    assert_eq!(m.timeline_height(), tall);
}
