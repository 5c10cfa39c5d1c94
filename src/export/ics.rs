//! iCalendar (RFC 5545), written with the icalendar crate. Dates of day,
//! month or year precision become all-day events covering that period
//! (a span to the end of its `end`); instants are written in UTC. TEXT
//! values are escaped by the crate (`\\`, `;`, `,`, line breaks, with a
//! carriage return made a line break first); lines are folded at 75 octets
//! here, as RFC 5545 says; a URL property is only ever a web address.

use super::inert::{ics_fold, is_web_link};
use crate::model::{Dataset, Event, PartialDate, Precision};
use chrono::{DateTime, NaiveDate, Utc};
use icalendar::{Calendar, Component, EventLike};

fn day(secs: i64) -> NaiveDate {
    DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or_default().date_naive()
}

fn instant(secs: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or_default()
}

fn is_instant(d: &PartialDate) -> bool {
    d.precision() >= Precision::Minute
}

/// A carriage return in a TEXT value would end the content line: made a
/// line break, which the crate escapes.
fn text(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

fn entry(ds: &Dataset, e: &Event, uid_suffix: &str) -> icalendar::Event {
    let mut ev = icalendar::Event::new();
    ev.uid(&format!("{}@{uid_suffix}", e.id)).summary(&text(&e.title));
    let mut description = e.summary().unwrap_or_default().to_string();
    for &s in &e.sources {
        let s = ds.source(s);
        description.push_str(&format!(
            "\nSource: {}{}",
            s.title,
            s.url.as_deref().map(|u| format!(" <{u}>")).unwrap_or_default()
        ));
    }
    if e.circa {
        description.push_str(&format!("\nDate approximate: c. {}", e.date));
    }
    ev.description(&text(description.trim()));
    let mut categories: Vec<String> = e.phase.map(|p| p.as_str().to_string()).into_iter().collect();
    categories.extend(e.tags.iter().map(|&t| text(ds.tag(t))));
    if !categories.is_empty() {
        ev.categories(categories);
    }
    if let Some(url) = e
        .sources
        .iter()
        .filter_map(|&s| ds.source(s).url.as_deref())
        .find(|u| is_web_link(u))
    {
        // A URI value is not escaped: one with a space or a line break in
        // it is not a URI, and is left out.
        if !url.trim().contains(char::is_whitespace) {
            ev.url(url.trim());
        }
    }
    let last = e.end().unwrap_or(e.date);
    if is_instant(&e.date) {
        ev.starts(instant(e.date.start()));
        if let Some(end) = e.end() {
            ev.ends(instant(if is_instant(&end) { end.start() } else { end.end_exclusive() }));
        }
    } else {
        // DTEND of an all-day event is the day after it ends.
        ev.starts(day(e.date.start())).ends(day(last.end_exclusive()));
    }
    ev.done()
}

/// A stable UID domain for a dataset: its title, reduced to a host-like word.
fn uid_suffix(ds: &Dataset) -> String {
    let slug: String = ds
        .title
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|w| !w.is_empty())
        .take(6)
        .collect::<Vec<_>>()
        .join("-");
    format!("{slug}.itx")
}

pub fn render(ds: &Dataset, events: &[usize]) -> String {
    let suffix = uid_suffix(ds);
    let mut cal = Calendar::new();
    // X-WR-CALNAME is not a property the crate knows to escape.
    cal.name(&escape_text(&text(&ds.title)));
    if let Some(s) = &ds.summary {
        cal.description(&text(s.trim()));
    }
    for &i in events {
        cal.push(entry(ds, &ds.events[i], &suffix));
    }
    ics_fold(&cal.done().to_string())
}

/// RFC 5545's TEXT escaping, for a property the crate writes as it is.
fn escape_text(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
}
