//! Any query against the bundled dataset: parsing, filtering, ranking and
//! highlighting never panic, and ranking keeps the filtered set.
#![no_main]
use itx::search::{highlight_positions, Query, SearchIndex};
use itx::store;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static DATA: OnceLock<(itx::model::Dataset, SearchIndex)> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else { return };
    let (ds, idx) = DATA.get_or_init(|| {
        let ds = store::load_bundled(store::bundled::default()).unwrap().dataset;
        let idx = SearchIndex::build(&ds);
        (ds, idx)
    });
    let q = Query::parse(raw);
    let r = idx.filter(ds, &q, None);
    let mut ranked = idx.rank(&r, &q);
    ranked.sort_unstable();
    assert_eq!(ranked, r);
    for &i in r.iter().take(5) {
        let title = &ds.events[i as usize].title;
        for p in highlight_positions(title, &q) {
            assert!(p < title.chars().count());
        }
    }
});
