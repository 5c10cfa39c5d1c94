//! `itx list`: events as a terminal table, TSV, CSV, Markdown or JSON.

use crate::model::{Dataset, Event, Zone};
use crate::text::{fit, pad, width};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Table,
    Tsv,
    Json,
    Csv,
    Markdown,
}

const HEADER: [&str; 8] = ["date", "phase", "title", "span", "actors", "tags", "id", "start_utc"];

/// The first instant a date covers, in UTC, to sort by whatever the
/// precision and offset (`2021-08` is `2021-08-01T00:00:00Z`).
pub fn start_utc(d: &crate::model::PartialDate) -> String {
    d.start_utc().to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

fn cells(ds: &Dataset, e: &Event, tz: Zone) -> [String; 8] {
    let circa = if e.circa { "c. " } else { "" };
    [
        format!("{circa}{}", e.date.in_zone(tz)),
        e.phase.map(|p| p.as_str().to_string()).unwrap_or_default(),
        e.title.to_string(),
        e.span().map(|s| s.human()).unwrap_or_default(),
        e.actors().iter().map(|&a| ds.actor(a).name.as_str()).collect::<Vec<_>>().join("; "),
        e.tags.iter().map(|&t| ds.tag(t)).collect::<Vec<_>>().join("; "),
        e.id.to_string(),
        start_utc(&e.date),
    ]
}

pub fn render(ds: &Dataset, events: &[usize], format: ListFormat, term_width: usize, tz: Zone) -> String {
    let rows = events.iter().map(|&i| &ds.events[i]);
    match format {
        ListFormat::Json => {
            let v: Vec<_> = rows
                .map(|e| {
                    let mut v = super::json::event(ds, e);
                    v["start_utc"] = start_utc(&e.date).into();
                    v
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s
        }
        ListFormat::Tsv => {
            let mut out = HEADER.join("\t") + "\n";
            for e in rows {
                out += &cells(ds, e, tz).map(|c| c.replace(['\t', '\n'], " ")).join("\t");
                out.push('\n');
            }
            out
        }
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record(HEADER);
            for e in rows {
                let _ = w.write_record(cells(ds, e, tz));
            }
            String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
        }
        ListFormat::Markdown => {
            let esc = |s: &str| s.replace('|', "\\|");
            let mut out = String::from("| Date | Phase | Event | Span | Actors |\n| --- | --- | --- | --- | --- |\n");
            for e in rows {
                let c = cells(ds, e, tz);
                out += &format!(
                    "| {} | {} | {} | {} | {} |\n",
                    esc(&c[0]),
                    esc(&c[1]),
                    esc(&c[2]),
                    esc(&c[3]),
                    esc(&c[4])
                );
            }
            out
        }
        ListFormat::Table => table(ds, rows.collect(), term_width, tz),
    }
}

/// Date, phase, title and span, the title taking what the width leaves
/// (`usize::MAX`: no limit, nothing cut).
fn table(ds: &Dataset, rows: Vec<&Event>, term_width: usize, tz: Zone) -> String {
    let all: Vec<[String; 8]> = rows.iter().map(|e| cells(ds, e, tz)).collect();
    let date_w = all.iter().map(|c| width(&c[0])).max().unwrap_or(4).max(4);
    let phase_w = all.iter().map(|c| width(&c[1])).max().unwrap_or(5).max(5);
    let span_w = all.iter().map(|c| width(&c[3])).max().unwrap_or(0);
    let fixed = date_w + 2 + phase_w + 2 + if span_w > 0 { span_w + 2 } else { 0 };
    // As wide as the longest title, when the width allows (on a pipe it
    // always does: nothing is cut there).
    let longest = all.iter().map(|c| width(&c[2])).max().unwrap_or(0).max(5);
    let title_w = term_width.saturating_sub(fixed).max(10).min(longest);
    let mut out = String::new();
    let line = |d: &str, p: &str, t: &str, s: &str| {
        let mut l = format!(
            "{}  {}  {}",
            pad(d, date_w),
            pad(p, phase_w),
            if span_w > 0 { pad(t, title_w) } else { fit(t, title_w) }
        );
        if span_w > 0 {
            l += "  ";
            l += &fit(s, span_w);
        }
        l.trim_end().to_string() + "\n"
    };
    out += &line("DATE", "PHASE", "EVENT", if span_w > 0 { "SPAN" } else { "" });
    for c in &all {
        out += &line(&c[0], &c[1], &c[2], &c[3]);
    }
    out
}
