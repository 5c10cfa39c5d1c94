//! Property tests: the fuzz targets' checks (fuzz/) in the normal suite, on
//! generated input, plus the cleaner's promises.

use itx::model::Origin;
use itx::search::{highlight_positions, Query, SearchIndex};
use itx::store::{self, clean, Syntax};
use proptest::prelude::*;
use std::sync::OnceLock;

fn bundled() -> &'static (itx::model::Dataset, SearchIndex) {
    static DATA: OnceLock<(itx::model::Dataset, SearchIndex)> = OnceLock::new();
    DATA.get_or_init(|| {
        let ds = store::load_bundled(store::bundled::default()).unwrap().dataset;
        let idx = SearchIndex::build(&ds);
        (ds, idx)
    })
}

const SEED: &str = include_str!("../data/apt31.yaml");

/// Text close to a dataset: the bundled one with a slice replaced by noise,
/// which reaches far more of the loader than random bytes do.
fn mutated() -> impl Strategy<Value = String> {
    (0..SEED.len(), 0usize..64, prop::collection::vec(any::<char>(), 0..16)).prop_map(|(at, len, noise)| {
        let mut start = at;
        while !SEED.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + len).min(SEED.len());
        while !SEED.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}{}{}", &SEED[..start], noise.into_iter().collect::<String>(), &SEED[end..])
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_loader_never_panics_and_keeps_only_clean_text(text in prop_oneof![mutated(), any::<String>()]) {
        for syntax in [Syntax::Yaml, Syntax::Json] {
            match store::parse_text("p", &text, syntax, Origin::Bundled("p")) {
                Ok(l) => {
                    for e in &l.dataset.events {
                        prop_assert!(!e.title.chars().any(char::is_control));
                    }
                }
                Err(e) => {
                    prop_assert!(!e.diagnostics.is_empty());
                    for d in &e.diagnostics {
                        prop_assert!(!d.message.chars().any(char::is_control));
                    }
                }
            }
        }
    }

    #[test]
    fn queries_never_panic_and_ranking_keeps_the_filtered_set(raw in "[ a-z0-9:'!._-]{0,24}|\\PC{0,16}") {
        let (ds, idx) = bundled();
        let q = Query::parse(&raw);
        let r = idx.filter(ds, &q, None);
        let mut ranked = idx.rank(ds, &r, &q);
        ranked.sort_unstable();
        prop_assert_eq!(&ranked, &r);
        for &i in r.iter().take(5) {
            let title = &ds.events[i as usize].title;
            for p in highlight_positions(title, &q) {
                prop_assert!(p < title.chars().count());
            }
        }
    }

    #[test]
    fn narrowing_gives_the_same_results_as_searching_everything(raw in "[ a-z']{1,12}", extra in "[a-z ]{1,4}") {
        let (ds, idx) = bundled();
        let q1 = Query::parse(&raw);
        let q2 = Query::parse(&format!("{raw}{extra}"));
        let r1 = idx.filter(ds, &q1, None);
        if q2.narrows(&q1) {
            prop_assert_eq!(idx.filter(ds, &q2, Some(&r1)), idx.filter(ds, &q2, None));
        }
    }

    #[test]
    fn no_control_or_invisible_character_survives_cleaning(s in any::<String>()) {
        let line = clean::clean_line(&s);
        let hidden = line.chars().any(|c| c.is_control() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'));
        prop_assert!(!hidden, "a control or invisible character survived");
        let text = clean::clean_text(&s);
        prop_assert!(!text.chars().any(|c| c != '\n' && c.is_control()));
        // Cleaning is idempotent: cleaned text is left as it is.
        prop_assert_eq!(clean::clean_line(&line), line.clone());
    }
}

/// A row of text cells by name, as a plan reads a CSV record.
struct Cells<'a>(Vec<(&'a str, String)>);

impl itx::import::plan::Row for Cells<'_> {
    fn text(&self, column: &str) -> Option<std::borrow::Cow<'_, str>> {
        let cell = &self.0.iter().find(|(k, _)| *k == column)?.1;
        (!cell.trim().is_empty()).then_some(std::borrow::Cow::Borrowed(cell.as_str()))
    }
    fn words(&self, column: &str) -> Vec<String> {
        self.text(column).map(|t| itx::import::plan::words_in(&t)).unwrap_or_default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any cells, in any zone, under every format's plan: a date or a
    /// reason, never a panic (a cut inside a character, a zone name that
    /// is not one, a time the clocks skipped).
    #[test]
    fn every_plan_reads_any_row_without_panicking(
        cells in prop::collection::vec("[0-9T:+ ./Z-]{0,12}|\\PC{0,14}", 6),
        zone in "UTC|CEST|Europe/London|America/New_York|\\+05:30|\\PC{0,6}",
    ) {
        use itx::import::plan::Plan;
        let keys = ["datetime", "date", "time", "timezone", "Timestamp", "event_tz"];
        let mut cells_by_name: Vec<(&str, String)> = keys.iter().copied().zip(cells.iter().cloned()).collect();
        cells_by_name.push(("event_date", cells[0].clone()));
        cells_by_name.push(("Time", cells[1].clone()));
        let row = Cells(cells_by_name);
        let mapped = Plan::mapped(&format!("time=date,title=time,tz={zone}"));
        for plan in [Plan::timesketch(true), Plan::l2tcsv(), Plan::tln(), Plan::hayabusa(), Plan::iris()]
            .into_iter()
            .chain(mapped.ok())
        {
            let _ = plan.date(&row);
            let _ = plan.title_text(&cells[2]);
        }
        let _ = itx::import::plan::Zone::parse(&zone);
    }

    /// A MISP document of any shape: events or a reason, never a panic.
    #[test]
    fn misp_events_of_any_shape_import_or_are_refused(noise in prop::collection::vec(any::<char>(), 0..24), at in 0usize..400) {
        let seed = include_str!("fixtures/forensic/misp-event.json");
        let mut start = at.min(seed.len());
        while !seed.is_char_boundary(start) {
            start -= 1;
        }
        let text = format!("{}{}{}", &seed[..start], noise.into_iter().collect::<String>(), &seed[start..]);
        if let Ok(imported) = itx::import::run(Some(itx::import::ImportFormat::Misp), &text, "x.json", &Default::default()) {
            let all: Vec<usize> = (0..imported.dataset.events.len()).collect();
            let yaml = itx::export::yaml::render(&imported.dataset, &all);
            prop_assert!(store::parse_text("x.yaml", &yaml, Syntax::Yaml, Origin::Bundled("x")).is_ok(), "{yaml}");
        }
    }
}
