//! A dataset assembled item by item by an importer: readable unique ids,
//! text cleaned as the loader cleans it, tags and field names numbered
//! once, every look-up by hash (an import of a million lines never scans).
//! What `finish` returns keeps every rule the loader checks, so the YAML
//! written from it loads back (the tests reload every import).

use crate::model::*;
use crate::store::clean::{clean_line, clean_text};

use foldhash::HashMap;

#[derive(Default)]
struct Names {
    list: Vec<String>,
    ix: HashMap<String, u32>,
}

impl Names {
    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&ix) = self.ix.get(name) {
            return ix;
        }
        let ix = self.list.len() as u32;
        self.ix.insert(name.to_string(), ix);
        self.list.push(name.to_string());
        ix
    }
}

/// A field name in the format's alphabet (`[A-Za-z0-9_.-]+`, other
/// characters as `_`), never one of the format's own keys (`id` becomes
/// `id_`).
pub fn field_name(name: &str) -> String {
    let mut n: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if n.is_empty() {
        n.push('_');
    }
    if EVENT_KEYS.contains(&n.as_str()) {
        n.push('_');
    }
    n
}

/// A field's value as an importer reads it, text borrowed: the builder
/// cleans it and keeps each short text once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar<'a> {
    Text(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Scalar<'_> {
    /// The value as a dataset keeps it: text cleaned, a float that is not
    /// finite as its text.
    fn owned(self) -> FieldValue {
        match self {
            Scalar::Text(t) => FieldValue::Text(crate::store::clean::owned_text(t).into()),
            Scalar::Int(n) => FieldValue::Int(n),
            Scalar::Float(x) if x.is_finite() => FieldValue::Float(x),
            Scalar::Float(x) => FieldValue::Text(x.to_string().into()),
            Scalar::Bool(b) => FieldValue::Bool(b),
        }
    }
}

#[derive(Default)]
pub struct Builder {
    pub title: String,
    pub summary: Option<String>,
    pub milestones: Milestones,
    actors: Vec<Actor>,
    sources: Vec<Source>,
    events: Vec<Event>,
    actor_ids: UniqueIds,
    source_ids: UniqueIds,
    event_ids: UniqueIds,
    tags: Names,
    field_names: Names,
    /// Field names as importers give them, to their number (so a name
    /// is made valid once, not once per row).
    raw_names: HashMap<String, u32>,
    values: ValueTable,
    /// Per field number: whether its values are looked up, to be kept once.
    sharing: Vec<Sharing>,
    /// The events' titles, written as they come (see `text::Writer`).
    titles: crate::model::text::Writer,
}

/// Whether a field's values are worth looking up. A column whose values
/// rarely repeat (a record number, a logon id) gains nothing from it, and
/// its look-ups grew the tables past the cache (a tenth of opening a
/// Hayabusa timeline); so each field's first `SAMPLE` values are looked
/// up, and after that only a field's that were found often enough.
#[derive(Debug, Clone, Copy)]
enum Sharing {
    Counted { looked: u32, found: u32 },
    Shared,
    Unshared,
}

impl Default for Sharing {
    fn default() -> Self {
        Sharing::Counted { looked: 0, found: 0 }
    }
}

const SAMPLE: u32 = 4096;

impl Sharing {
    /// After a look-up: whether it found the value.
    fn looked(&mut self, found: bool) {
        let Sharing::Counted { looked, found: hits } = *self else {
            return;
        };
        let (looked, hits) = (looked + 1, hits + u32::from(found));
        *self = if looked < SAMPLE {
            Sharing::Counted { looked, found: hits }
        } else if hits * 4 >= looked {
            Sharing::Shared
        } else {
            Sharing::Unshared
        };
    }
}

impl Builder {
    /// A builder that starts from a dataset (itx's own items, read back by
    /// the loader): its ids stay as they are, and what is added after
    /// takes other ids.
    pub fn from_dataset(ds: Dataset) -> Builder {
        let mut b = Builder {
            title: ds.title,
            summary: ds.summary,
            milestones: ds.milestones,
            values: ValueTable::from_list(ds.values),
            ..Builder::default()
        };
        for a in &ds.actors {
            b.actor_ids.take_slug(a.id.clone());
        }
        for s in &ds.sources {
            b.source_ids.take_slug(s.id.clone());
        }
        for e in &ds.events {
            b.event_ids.take_slug(e.id.to_string());
        }
        for t in &ds.tags {
            b.tags.intern(t);
        }
        for f in &ds.field_names {
            let ix = b.field_names.intern(f);
            b.raw_names.insert(f.clone(), ix);
        }
        b.actors = ds.actors;
        b.sources = ds.sources;
        b.events = ds.events;
        b
    }

    /// A new actor with an id made from `wanted` (an id, or a name).
    pub fn actor(&mut self, wanted: &str, name: &str, kind: ActorKind) -> ActorIx {
        let id = self.actor_ids.take(wanted);
        self.actors.push(Actor {
            id,
            name: clean_line(name.trim()),
            kind,
            aliases: Vec::new(),
            country: None,
            affiliations: Vec::new(),
            summary: None,
        });
        (self.actors.len() - 1) as ActorIx
    }

    pub fn actor_mut(&mut self, a: ActorIx) -> &mut Actor {
        &mut self.actors[a as usize]
    }

    pub fn actor_count(&self) -> usize {
        self.actors.len()
    }

    pub fn source(&mut self, wanted: &str, title: &str) -> SourceIx {
        let id = self.source_ids.take(wanted);
        self.sources.push(Source {
            id,
            title: clean_line(title.trim()),
            publisher: None,
            url: None,
            published: None,
            reliability: None,
        });
        (self.sources.len() - 1) as SourceIx
    }

    pub fn source_mut(&mut self, s: SourceIx) -> &mut Source {
        &mut self.sources[s as usize]
    }

    /// A new event, its id made from `wanted`; the rest is set through the
    /// returned reference.
    pub fn event(&mut self, wanted: &str, date: PartialDate, title: &str) -> &mut Event {
        let id = self.event_ids.take(wanted).into();
        self.event_with_id(id, date, title)
    }

    /// A new event whose id is `line-N`, for rows of a file read by
    /// line: short (a million ids of a title's slug took a tenth of the
    /// memory of a super-timeline) and unique without keeping every id
    /// taken. Only for a builder that holds nothing but such rows.
    pub fn event_at_line(&mut self, line: usize, date: PartialDate, title: &str) -> &mut Event {
        self.event_with_id(ecow::eco_format!("line-{line}"), date, title)
    }

    /// Room for `n` more events, when an importer can tell how many are
    /// coming: growing a vector of a million events by doubling copied
    /// each one several times.
    pub fn reserve_events(&mut self, n: usize) {
        self.events.reserve(n);
    }

    /// The events so far, to add to; their titles cannot be read until
    /// `finish` (they are written in a block not yet shared).
    pub fn events_mut(&mut self) -> &mut [Event] {
        &mut self.events
    }

    /// `event` with an id made from `wanted` by the rule of `UniqueIds::take`.
    fn event_with_id(&mut self, id: ecow::EcoString, date: PartialDate, title: &str) -> &mut Event {
        let title = clean_line(title.trim());
        let title = self.titles.write(if title.is_empty() { "(untitled)" } else { &title });
        self.events.push(Event::new(id, date, title));
        self.events.last_mut().expect("just pushed")
    }

    pub fn event_count(&self) -> usize {
        self.events.len()
    }

    pub fn tag(&mut self, tag: &str) -> Option<TagIx> {
        let t = clean_line(tag.trim());
        (!t.is_empty()).then(|| self.tags.intern(&t))
    }

    /// A field, its name made valid (see `field_name`), text cleaned, its
    /// value kept once for all the events that have it.
    pub fn field(&mut self, name: &str, value: Scalar) -> Field {
        let name = self.field_ix(name);
        self.field_at(name, value)
    }

    /// The number of the field named `name` (made valid), numbered on its
    /// first use: a reader that knows its columns asks once per column.
    pub fn field_ix(&mut self, name: &str) -> FieldIx {
        match self.raw_names.get(name) {
            Some(&ix) => ix,
            None => {
                let ix = self.field_names.intern(&field_name(name));
                self.raw_names.insert(name.to_string(), ix);
                ix
            }
        }
    }

    /// `value` as the field numbered `name` (see `field_ix`).
    pub fn field_at(&mut self, name: FieldIx, value: Scalar) -> Field {
        let n = name as usize;
        if self.sharing.len() <= n {
            self.sharing.resize(n + 1, Sharing::default());
        }
        let share = !matches!(self.sharing[n], Sharing::Unshared);
        let before = self.values.len();
        let value = match value {
            // Looked up as given: a text met again is neither cleaned nor copied.
            Scalar::Text(t) if share => self.values.text(t, |t| crate::store::clean::owned_text(t)),
            v if share => self.values.intern(v.owned()),
            v => self.values.add(v.owned()),
        };
        if share {
            self.sharing[n].looked(self.values.len() == before);
        }
        Field { name, value }
    }

    /// The dataset: events in timeline order (ties in the order added),
    /// each event's fields named once (a later duplicate dropped), `end`
    /// never before `date`.
    pub fn finish(mut self, origin: Origin) -> Dataset {
        let line = |s: &mut String| *s = clean_line(s.trim());
        for a in &mut self.actors {
            a.aliases.iter_mut().for_each(line);
            a.aliases.retain(|x| !x.is_empty());
            a.country = a
                .country
                .take()
                .map(|c| c.trim().to_uppercase())
                .filter(|c| crate::model::country::check(c).is_ok());
            a.summary = a.summary.take().map(|s| clean_text(s.trim())).filter(|s| !s.is_empty());
            a.affiliations.dedup();
        }
        for s in &mut self.sources {
            s.publisher = s.publisher.take().map(|p| clean_line(p.trim())).filter(|p| !p.is_empty());
            s.url = s.url.take().map(|u| clean_line(u.trim())).filter(|u| !u.is_empty());
        }
        // Which event last had each field: a field met twice in one event
        // is found without a list of the event's names to search, which
        // was a twentieth of opening a million JSON lines.
        let mut last_in = vec![usize::MAX; self.field_names.list.len()];
        for (i, e) in self.events.iter_mut().enumerate() {
            // Both ways free when nothing is dropped.
            let mut fields = std::mem::take(&mut e.fields).into_vec();
            fields.retain(|f| std::mem::replace(&mut last_in[f.name as usize], i) != i);
            e.fields = fields.into_boxed_slice();
            let start = e.date.start_nanos();
            if let Some(more) = e.more.take() {
                let mut more = *more;
                for q in &mut more.quotes {
                    q.text = clean_text(q.text.trim());
                }
                more.end = more.end.filter(|end| end.start_nanos() >= start);
                more.summary = more.summary.map(|s| clean_text(s.trim())).filter(|s| !s.is_empty()).map(Text::from);
                e.more = more.boxed();
            }
            e.tags.dedup();
        }
        // Sorted by key and position, then moved once each: a stable sort
        // of the events themselves moved each 280-byte event many times,
        // a twentieth of opening a large timeline logged out of order.
        self.events.sort_by_cached_key(|e| e.date.sort_key());
        self.titles.share(self.events.iter_mut().flat_map(Event::texts_mut));
        let title = clean_line(self.title.trim());
        Dataset {
            origin,
            title: if title.is_empty() { "Imported timeline".into() } else { title },
            summary: self.summary.map(|s| clean_text(s.trim())).filter(|s| !s.is_empty()),
            actors: self.actors,
            sources: self.sources,
            events: self.events,
            tags: self.tags.list,
            field_names: self.field_names.list,
            values: self.values.into_list(),
            milestones: self.milestones,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_of_values_that_rarely_repeat_is_no_longer_looked_up() {
        let mut b = Builder::default();
        let (record, host) = (b.field_ix("RecordID"), b.field_ix("Computer"));
        // Exactly the sample: the next value is the first not looked up.
        let rows = SAMPLE as i64;
        let mut fields = Vec::new();
        for n in 0..rows {
            fields.push(b.field_at(record, Scalar::Int(n)));
            fields.push(b.field_at(host, Scalar::Text(["SRV-DC01", "WKS-042"][n as usize % 2])));
        }
        // Record 7 again, after the sample: a number of its own.
        let again = b.field_at(record, Scalar::Int(7));
        assert_ne!(again.value, fields[14].value);
        assert_eq!(b.values.get(again.value), &FieldValue::Int(7));
        // A record seen again within the sample is still found.
        let mut early = Builder::default();
        let r = early.field_ix("RecordID");
        assert_eq!(early.field_at(r, Scalar::Int(7)), early.field_at(r, Scalar::Int(7)));
        // Hosts stay shared: two values for all the rows, after the
        // sample too.
        let hosts: std::collections::HashSet<_> = fields.iter().filter(|f| f.name == host).map(|f| f.value).collect();
        assert_eq!(hosts.len(), 2);
        assert_eq!(b.values.len(), rows as usize + 1 + 2);
        assert!(hosts.contains(&b.field_at(host, Scalar::Text("WKS-042")).value));
        // A column whose values come back half the time is shared too.
        let user = b.field_ix("TargetUserName");
        let users: Vec<String> = (0..SAMPLE / 2).map(|k| format!("user{k}")).collect();
        for k in 0..SAMPLE as usize {
            b.field_at(user, Scalar::Text(&users[k % users.len()]));
        }
        let first = b.field_at(user, Scalar::Text("user0"));
        assert_eq!(first, b.field_at(user, Scalar::Text("user0")));
    }

    #[test]
    fn a_number_that_is_not_finite_is_kept_as_its_text() {
        let mut b = Builder::default();
        let f = b.field_ix("ratio");
        for (given, kept) in [
            (f64::NAN, FieldValue::Text("NaN".into())),
            (f64::INFINITY, FieldValue::Text("inf".into())),
            (0.5, FieldValue::Float(0.5)),
        ] {
            let field = b.field_at(f, Scalar::Float(given));
            assert_eq!(b.values.get(field.value), &kept);
        }
    }

    #[test]
    fn a_field_named_twice_in_an_event_keeps_its_first_value_and_other_events_are_untouched() {
        let mut b = Builder::default();
        let day = PartialDate::parse("2021-08-14").unwrap();
        let rows: [&[(&str, i64)]; 3] = [&[("a", 1), ("b", 2), ("a", 3)], &[("a", 4), ("a", 5), ("b", 6)], &[("b", 7)]];
        for (k, row) in rows.iter().enumerate() {
            let fields = row.iter().map(|&(name, n)| b.field(name, Scalar::Int(n))).collect();
            b.event(&format!("e{k}"), day, "t").fields = fields;
        }
        let ds = b.finish(Origin::File("t".into()));
        let kept: Vec<Vec<String>> = ds
            .events
            .iter()
            .map(|e| ds.fields_of(e).map(|(k, v)| format!("{k}={v}")).collect())
            .collect();
        assert_eq!(kept, [vec!["a=1", "b=2"], vec!["a=4", "b=6"], vec!["b=7"]]);
    }

    #[test]
    fn field_names_are_made_valid_and_never_a_key_of_the_format() {
        assert_eq!(field_name("timestamp_desc"), "timestamp_desc");
        assert_eq!(field_name("Source Port"), "Source_Port");
        assert_eq!(field_name("id"), "id_");
        assert_eq!(field_name(""), "_");
        assert!(valid_field_name(&field_name("ä/b")));
    }
}
