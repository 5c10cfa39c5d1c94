//! The scale benchmark's inputs are what they claim to be: generated
//! datasets are valid v1 datasets, the same in both syntaxes, and the two
//! ways of searching them (time order and best first) find the same events.

use itx::app::{Current, Model, Msg};
use itx::model::Origin;
use itx::search::Query;
use itx::store::{self, Syntax};
use itx::synth;

fn load(events: usize, json: bool) -> store::Loaded {
    let text = synth::generate(events, json);
    let syntax = if json { Syntax::Json } else { Syntax::Yaml };
    store::parse_text("synthetic", &text, syntax, Origin::Bundled("synthetic")).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn generated_datasets_are_valid_and_the_same_in_yaml_and_json() {
    let yaml = load(2_000, false);
    let json = load(2_000, true);
    // Valid; at this size some of the 2,000 sources go unused, which is
    // the only thing worth a warning.
    assert!(
        yaml.warnings.iter().all(|w| w.message.contains("is never referred to")),
        "{:?}",
        yaml.warnings.first()
    );
    assert_eq!(yaml.dataset.events.len(), 2_000);
    assert_eq!(yaml.dataset.actors.len(), synth::ACTORS);
    assert_eq!(yaml.dataset.events, json.dataset.events);
    let ds = &yaml.dataset;
    // Realistic shape: the lengths and counts the issue asks for.
    let avg = |f: &dyn Fn(&itx::model::Event) -> usize| ds.events.iter().map(f).sum::<usize>() as f64 / 2_000.0;
    let title = avg(&|e| e.title.len());
    let summary = avg(&|e| e.summary().map_or(0, str::len));
    assert!((40.0..80.0).contains(&title), "titles average {title}");
    assert!((150.0..260.0).contains(&summary), "summaries average {summary}");
    assert!(ds
        .events
        .iter()
        .all(|e| (1..=3).contains(&e.actors().len()) && (1..=2).contains(&e.sources.len())));
    let precisions: std::collections::HashSet<_> = ds.events.iter().map(|e| e.date.precision()).collect();
    assert_eq!(precisions.len(), 4, "years, months, days and instants");
}

#[test]
fn in_time_order_and_best_first_the_same_events_match() {
    let current = Current::new(load(3_000, true));
    for q in synth::QUERIES {
        let query = Query::parse(q);
        let filtered = current.index.filter(&current.dataset, &query, None);
        assert!(!filtered.is_empty(), "{q} finds something");
        let mut ranked = current.index.rank(&current.dataset, &filtered, &query);
        ranked.sort_unstable();
        assert_eq!(ranked, filtered, "{q}");
        // And the explorer, typing it, ends with the same rows.
        for ranked_view in [false, true] {
            let mut m = Model::new(current.clone(), (120, 40));
            if ranked_view {
                m.update(Msg::Action(itx::app::Action::ToggleRanked));
            }
            m.update(Msg::Action(itx::app::Action::Search));
            for c in q.chars() {
                let key = crossterm::event::KeyEvent::new(crossterm::event::KeyCode::Char(c), crossterm::event::KeyModifiers::NONE);
                assert!(m.update(Msg::Key(key)).is_empty(), "small datasets are searched inline");
            }
            let mut rows = m.rows.clone();
            rows.sort_unstable();
            assert_eq!(rows, filtered, "{q}, ranked view {ranked_view}");
        }
    }
}

#[test]
fn counts_from_ten_thousand_have_separators_on_screen() {
    use ratatui::{backend::TestBackend, Terminal};
    let mut m = Model::new(Current::new(load(12_345, true)), (120, 40));
    m.inline_search_limit = usize::MAX;
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    t.draw(|f| itx::ui::view(f, &m, &itx::ui::Theme { color: false })).unwrap();
    let shown = t.backend().to_string();
    assert!(shown.contains("Timeline · 12,345 events"), "{shown}");
    assert!(shown.lines().last().unwrap().contains("12,345 of 12,345 events"), "{shown}");
    m.update(Msg::Action(itx::app::Action::Search));
    for c in "zz".chars() {
        let key = crossterm::event::KeyEvent::new(crossterm::event::KeyCode::Char(c), crossterm::event::KeyModifiers::NONE);
        m.update(Msg::Key(key));
    }
    t.draw(|f| itx::ui::view(f, &m, &itx::ui::Theme { color: false })).unwrap();
    let status = t.backend().to_string().lines().last().unwrap().to_string();
    assert!(status.contains("0 matches"), "{status}");
}
