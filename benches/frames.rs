//! Frame cost on hostile text: `cargo bench --bench frames`. Prints
//! `<figure> <value> ms` (median of 50 frames, TestBackend).

use itx::app::{Current, Model};
use itx::model::Origin;
use itx::store::{self, Syntax};
use itx::ui::{self, Theme};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::time::Instant;

fn median_frame_ms(m: &Model) -> f64 {
    let mut t = Terminal::new(TestBackend::new(m.size.0, m.size.1)).unwrap();
    let mut times: Vec<f64> = (0..50)
        .map(|_| {
            let start = Instant::now();
            t.draw(|f| ui::view(f, m, &Theme { color: true })).unwrap();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let long = "x".repeat(2 << 20);
    let word = "w".repeat(10_000);
    let text = format!("format: 1\ntitle: {word}\nevents:\n  - id: a\n    date: 2021\n    title: {long}\n    summary: {long}\n  - id: b\n    date: 2022\n    title: {word}\n");
    let l = store::parse_text("bench.yaml", &text, Syntax::Yaml, Origin::Bundled("bench")).unwrap();
    let current = Current::new(l);
    let clean = Current::new(store::load("uk-electoral-commission").unwrap());
    for (w, h) in [(120u16, 40u16), (200, 60)] {
        let m = Model::new(clean.clone(), (w, h));
        println!("frame_{w}x{h}_default {:.3} ms", median_frame_ms(&m));
        let mut m = Model::new(current.clone(), (w, h));
        println!("frame_{w}x{h}_2mb_line {:.3} ms", median_frame_ms(&m));
        m.overlays.push(itx::app::overlay::Overlay::Detail(Default::default()));
        println!("frame_{w}x{h}_2mb_line_detail {:.3} ms", median_frame_ms(&m));
    }
}
