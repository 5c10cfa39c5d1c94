//! TimelineJS3's JSON: a slide per event with its date split at its own
//! precision, `display_date` for approximate dates, `group` by phase, and
//! the milestone intervals as eras. TimelineJS puts every text into the
//! page as HTML, so each is escaped (quotes too: a source's address sits
//! in an attribute), and only web addresses become links.

use super::inert::{html, is_web_link};
use crate::metrics;
use crate::model::{Dataset, PartialDate, Precision};
use serde_json::{json, Map, Value};

fn date(d: PartialDate) -> Value {
    let (y, m, day) = d.ymd();
    let (h, min, sec) = d.hms();
    let mut o = Map::new();
    o.insert("year".into(), y.into());
    let p = d.precision();
    if p >= Precision::Month {
        o.insert("month".into(), m.into());
    }
    if p >= Precision::Day {
        o.insert("day".into(), day.into());
    }
    if p >= Precision::Minute {
        o.insert("hour".into(), h.into());
        o.insert("minute".into(), min.into());
    }
    if p >= Precision::Second {
        o.insert("second".into(), sec.into());
    }
    Value::Object(o)
}

pub fn render(ds: &Dataset, events: &[usize]) -> String {
    let slides: Vec<Value> = events
        .iter()
        .map(|&i| {
            let e = &ds.events[i];
            let mut text = e.summary().map(html).unwrap_or_default();
            let sources: Vec<String> = e
                .sources
                .iter()
                .map(|&s| {
                    let s = ds.source(s);
                    match &s.url {
                        Some(u) if is_web_link(u) => format!("<a href=\"{}\">{}</a>", html(u.trim()), html(&s.title)),
                        _ => html(&s.title),
                    }
                })
                .collect();
            if !sources.is_empty() {
                text.push_str(&format!("<p>Sources: {}</p>", sources.join("; ")));
            }
            let mut slide = json!({
                "unique_id": e.id.as_str(),
                "start_date": date(e.date),
                "text": {"headline": html(&e.title), "text": text},
            });
            if let Some(end) = e.end() {
                slide["end_date"] = date(end);
            }
            if e.circa {
                slide["display_date"] = format!("c. {}", e.date).into();
            }
            if let Some(p) = e.phase {
                slide["group"] = p.as_str().into();
            }
            slide
        })
        .collect();
    let eras: Vec<Value> = metrics::figures(ds)
        .iter()
        .filter_map(|f| {
            let (a, b) = f.ends.as_ref().ok()?;
            Some(json!({
                "start_date": date(ds.events[*a].date),
                "end_date": date(ds.events[*b].date),
                "text": {"headline": html(&format!("{}: {}", f.milestone.label(), f.human(ds)))},
            }))
        })
        .collect();
    let doc = json!({
        "title": {"text": {"headline": html(&ds.title), "text": ds.summary.as_deref().map(html).unwrap_or_default()}},
        "events": slides,
        "eras": eras,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
