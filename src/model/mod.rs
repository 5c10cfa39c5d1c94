//! The loaded, validated, cleaned dataset: what every other part reads.
//! Nothing here knows about files or the terminal.

pub mod attack;
pub mod country;
pub mod date;
pub mod few;
pub mod ids;
pub mod indicator;
pub mod text;
pub mod values;
pub mod vocab;

pub use attack::TechniqueIx;
pub use date::{Interval, PartialDate, Precision, Zone};
pub use few::Few;
pub use ids::{slug, valid_id, UniqueIds};
pub use indicator::{Indicator, IndicatorKind};
pub use text::Text;
pub use values::{ValueIx, ValueTable};
pub use vocab::{ActorKind, Confidence, Phase, Reliability};

use std::fmt;
use std::path::PathBuf;
pub use thin_vec::{thin_vec, ThinVec};

/// Index of an actor in `Dataset::actors`.
pub type ActorIx = u32;
/// Index of a source in `Dataset::sources`.
pub type SourceIx = u32;
/// Index of a tag in `Dataset::tags`.
pub type TagIx = u32;
/// Index of a field name in `Dataset::field_names`.
pub type FieldIx = u32;

/// The value of one of an event's `fields`: what an imported or forensic
/// row carries beyond the format's own keys.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// Shared: an imported timeline repeats the same few values (a host,
    /// a parser, a description) on a million rows, and each is kept once.
    Text(std::sync::Arc<str>),
    Int(i64),
    /// Always finite (the loader refuses NaN and infinities).
    Float(f64),
    Bool(bool),
}

impl fmt::Display for FieldValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldValue::Text(s) => f.write_str(s),
            FieldValue::Int(n) => write!(f, "{n}"),
            // serde_json's shortest form, so `1.0` stays `1.0` and every
            // float reads back as itself.
            FieldValue::Float(x) => f.write_str(&serde_json::Number::from_f64(*x).map_or_else(|| x.to_string(), |n| n.to_string())),
            FieldValue::Bool(b) => write!(f, "{b}"),
        }
    }
}

impl FieldValue {
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            FieldValue::Text(s) => s.to_string().into(),
            FieldValue::Int(n) => (*n).into(),
            FieldValue::Float(x) => serde_json::Number::from_f64(*x).map_or(serde_json::Value::Null, serde_json::Value::Number),
            FieldValue::Bool(b) => (*b).into(),
        }
    }
}

/// One of an event's fields: its name and value by number, each kept once
/// in the dataset (`Dataset::field_names`, `Dataset::values`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: FieldIx,
    pub value: ValueIx,
}

/// The keys an event has in the format: a field may not take one of these
/// names, so exports that write fields beside them stay unambiguous.
pub const EVENT_KEYS: &[&str] = &[
    "id",
    "date",
    "end",
    "circa",
    "title",
    "summary",
    "phase",
    "actors",
    "sources",
    "tags",
    "confidence",
    "quotes",
    "techniques",
    "indicators",
    "fields",
];

/// Whether `name` can name a field: `[A-Za-z0-9_.-]+`.
pub fn valid_field_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub kind: ActorKind,
    pub aliases: Vec<String>,
    pub country: Option<String>,
    pub affiliations: Vec<ActorIx>,
    pub summary: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub published: Option<PartialDate>,
    pub reliability: Option<Reliability>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub text: String,
    pub by: Option<ActorIx>,
    pub source: Option<SourceIx>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Inline up to 15 bytes: a forensic row's `line-N` takes no
    /// allocation of its own.
    pub id: ecow::EcoString,
    pub date: PartialDate,
    pub circa: bool,
    pub title: Text,
    pub phase: Option<Phase>,
    pub sources: Few<SourceIx>,
    /// One word, not three, while empty, as most forensic rows have it.
    pub tags: ThinVec<TagIx>,
    pub confidence: Option<Confidence>,
    /// Other attributes, in the order written; names in `Dataset::field_names`.
    pub fields: Box<[Field]>,
    /// What a curated event has and a forensic row does not; None when
    /// it has none of it (see `More::boxed`). In place, it was a quarter
    /// of every row.
    pub more: Option<Box<More>>,
}

/// An event's end, summary, actors, quotes, techniques and indicators
/// (see `Event::more`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct More {
    pub end: Option<PartialDate>,
    pub actors: ThinVec<ActorIx>,
    pub summary: Option<Text>,
    pub quotes: ThinVec<Quote>,
    /// ATT&CK techniques (indices into `attack::table()`), in the order written.
    pub techniques: ThinVec<TechniqueIx>,
    pub indicators: ThinVec<Indicator>,
}

impl More {
    /// Boxed, or None when there is nothing in it.
    pub fn boxed(self) -> Option<Box<More>> {
        (self != More::default()).then(|| Box::new(self))
    }
}

impl Event {
    /// An event with only these, to add to.
    pub fn new(id: impl Into<ecow::EcoString>, date: PartialDate, title: Text) -> Event {
        Event {
            id: id.into(),
            date,
            circa: false,
            title,
            phase: None,
            sources: Few::default(),
            tags: ThinVec::new(),
            confidence: None,
            fields: Box::default(),
            more: None,
        }
    }

    pub fn end(&self) -> Option<PartialDate> {
        self.more.as_ref().and_then(|m| m.end)
    }

    pub fn summary(&self) -> Option<&str> {
        self.more.as_ref().and_then(|m| m.summary.as_deref())
    }

    pub fn quotes(&self) -> &[Quote] {
        self.more.as_ref().map_or(&[], |m| &m.quotes)
    }

    pub fn actors(&self) -> &[ActorIx] {
        self.more.as_ref().map_or(&[], |m| &m.actors)
    }

    pub fn techniques(&self) -> &[TechniqueIx] {
        self.more.as_ref().map_or(&[], |m| &m.techniques)
    }

    pub fn indicators(&self) -> &[Indicator] {
        self.more.as_ref().map_or(&[], |m| &m.indicators)
    }

    /// What `more` holds, boxed if it was not, to change.
    pub fn more_mut(&mut self) -> &mut More {
        self.more.get_or_insert_with(Box::default)
    }

    pub fn set_end(&mut self, end: Option<PartialDate>) {
        self.set_more(end, |m| &mut m.end);
    }

    pub fn set_actors(&mut self, actors: ThinVec<ActorIx>) {
        self.set_more(actors, |m| &mut m.actors);
    }

    pub fn set_summary(&mut self, summary: Option<Text>) {
        self.set_more(summary, |m| &mut m.summary);
    }

    pub fn set_quotes(&mut self, quotes: ThinVec<Quote>) {
        self.set_more(quotes, |m| &mut m.quotes);
    }

    pub fn set_techniques(&mut self, techniques: ThinVec<TechniqueIx>) {
        self.set_more(techniques, |m| &mut m.techniques);
    }

    pub fn set_indicators(&mut self, indicators: ThinVec<Indicator>) {
        self.set_more(indicators, |m| &mut m.indicators);
    }

    /// Sets one of `more`'s parts, boxing nothing for an empty value.
    fn set_more<T: Default + PartialEq>(&mut self, value: T, part: impl FnOnce(&mut More) -> &mut T) {
        if value != T::default() || self.more.is_some() {
            *part(self.more_mut()) = value;
            self.drop_empty_more();
        }
    }

    /// None for an empty `more`, so that events equal in what they hold
    /// compare equal.
    fn drop_empty_more(&mut self) {
        if self.more.as_deref().is_some_and(|m| *m == More::default()) {
            self.more = None;
        }
    }

    /// Its title, then its summary if it has one: what search reads.
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        std::iter::once(&self.title).chain(self.more.as_ref().and_then(|m| m.summary.as_ref()))
    }

    /// `texts`, to point elsewhere (see `text::pack`, `text::Writer`).
    pub(crate) fn texts_mut(&mut self) -> impl Iterator<Item = &mut Text> {
        std::iter::once(&mut self.title).chain(self.more.as_mut().and_then(|m| m.summary.as_mut()))
    }
}

/// How well an event is backed, for a mark on its row: by no source, by
/// one, or only by sources rated E or F.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sourcing {
    Unsourced,
    Single,
    Weak,
    Sourced,
}

impl Sourcing {
    /// One cell for the timeline, readable without colour (the legend is
    /// in the help).
    pub fn marker(self) -> char {
        match self {
            Sourcing::Unsourced => '∅',
            Sourcing::Single => '¹',
            Sourcing::Weak => '?',
            Sourcing::Sourced => ' ',
        }
    }
}

impl Dataset {
    /// How well event `e` is backed: none, one source, or sources whose
    /// best is rated E (unreliable) or F (cannot be judged).
    pub fn sourcing(&self, e: &Event) -> Sourcing {
        let best = e.sources.iter().filter_map(|&s| self.source(s).reliability).min();
        match (e.sources.len(), best) {
            (0, _) => Sourcing::Unsourced,
            (_, Some(r)) if r >= Reliability::E => Sourcing::Weak,
            (1, _) => Sourcing::Single,
            _ => Sourcing::Sourced,
        }
    }

    /// Lays the events' titles and summaries out in one block, in
    /// timeline order, each followed by `text::SEP`: the layout search
    /// reads in place instead of keeping a copy (see `model::text`).
    pub fn pack_texts(&mut self) {
        if self.packed_texts().is_some() {
            return;
        }
        let bytes = self.events.iter().map(|e| e.texts().map(|t| t.len() + 1).sum::<usize>()).sum();
        text::pack(self.events.iter_mut().flat_map(Event::texts_mut), bytes);
    }

    /// The block the events' titles and summaries are packed in, as
    /// `pack_texts` lays them out, and where each event's text ends in it
    /// (before its last `SEP`); None when they are not packed so.
    pub fn packed_texts(&self) -> Option<(std::sync::Arc<Box<str>>, Vec<u32>)> {
        let block = self.events.first()?.title.place().0;
        let mut ends = Vec::with_capacity(self.events.len());
        let mut next = 0;
        for e in &self.events {
            for t in e.texts() {
                let (b, start, end) = t.place();
                if start != next || !std::sync::Arc::ptr_eq(b, block) {
                    return None;
                }
                next = end + 1;
            }
            ends.push(u32::try_from(next - 1).ok()?);
        }
        Some((block.clone(), ends))
    }
}

impl Event {
    /// The ATT&CK ids of its techniques, in the order written.
    pub fn technique_ids(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.techniques().iter().map(|&t| attack::get(t).id)
    }

    /// The date as the timeline shows it: at its own precision, `c. ` when
    /// approximate.
    pub fn date_label(&self) -> String {
        if self.circa {
            format!("c. {}", self.date)
        } else {
            self.date.to_string()
        }
    }

    /// The span's length in human units, for events with an `end`.
    pub fn span(&self) -> Option<Interval> {
        self.end().map(|end| Interval::new(self.date, end))
    }
}

/// Events added, removed and changed between two loads of a dataset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

impl fmt::Display for Changes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Changes::default() {
            return f.write_str("no event changed");
        }
        write!(f, "{} added, {} removed, {} changed", self.added, self.removed, self.changed)
    }
}

/// Where a dataset came from, so it can be named, reloaded and watched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Bundled(&'static str),
    File(PathBuf),
    /// Several datasets on one timeline (their short names).
    Merged(Vec<String>),
    /// Nothing: what the explorer shows while the only dataset it was
    /// asked to open does not load.
    Nothing,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Bundled(name) => write!(f, "{name} (bundled)"),
            Origin::File(path) => write!(f, "{}", path.display()),
            Origin::Merged(names) => write!(f, "merged: {}", names.join(" + ")),
            Origin::Nothing => f.write_str("nothing open"),
        }
    }
}

/// An incident: its events in timeline order, and the actors, sources and
/// tags they refer to by index. Immutable once loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub origin: Origin,
    pub title: String,
    pub summary: Option<String>,
    pub actors: Vec<Actor>,
    pub sources: Vec<Source>,
    /// Sorted: first instant, coarser precision first, then file order.
    pub events: Vec<Event>,
    pub tags: Vec<String>,
    /// The names of the events' fields, numbered by first appearance.
    pub field_names: Vec<String>,
    /// The values of the events' fields, each distinct one once (see
    /// `ValueTable`).
    pub values: Vec<FieldValue>,
    /// The events the milestone figures are measured between, by id, where
    /// the dataset names them (else the earliest of each phase).
    pub milestones: Milestones,
}

/// Events a dataset names for its milestone figures, by id: each one the
/// figures start or end at instead of the earliest event of its phase.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Milestones {
    pub compromise: Option<String>,
    pub discovery: Option<String>,
    pub disclosure: Option<String>,
    pub attribution: Option<String>,
}

impl Milestones {
    /// The event named for a phase, if one is.
    pub fn named(&self, phase: Phase) -> Option<&str> {
        match phase {
            Phase::Compromise => self.compromise.as_deref(),
            Phase::Discovery => self.discovery.as_deref(),
            Phase::Disclosure => self.disclosure.as_deref(),
            Phase::Attribution => self.attribution.as_deref(),
            Phase::Response | Phase::Context => None,
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Milestones::default()
    }
}

impl Origin {
    /// A short name for the dataset: the bundled name or the file's stem.
    pub fn short_name(&self) -> String {
        match self {
            Origin::Bundled(n) => n.to_string(),
            Origin::File(p) => p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
            Origin::Merged(_) => "merged".into(),
            Origin::Nothing => String::new(),
        }
    }
}

impl Dataset {
    /// No dataset: the timeline while the only one asked for does not load.
    pub fn nothing() -> Dataset {
        Dataset {
            origin: Origin::Nothing,
            title: "Nothing open".into(),
            summary: None,
            actors: Vec::new(),
            sources: Vec::new(),
            events: Vec::new(),
            tags: Vec::new(),
            field_names: Vec::new(),
            values: Vec::new(),
            milestones: Milestones::default(),
        }
    }
}

/// The prefix a dataset's ids take in a merged view.
pub fn merged_prefix(ds: &Dataset) -> String {
    slug(&ds.origin.short_name())
}

/// What a merged view's file column shows for a part: a file's name with
/// its extension (a Hayabusa CSV and its JSONL twin differ only there), a
/// bundled dataset's name.
pub fn merged_label(ds: &Dataset) -> String {
    match &ds.origin {
        Origin::File(p) => p
            .file_name()
            .map_or_else(|| ds.origin.short_name(), |n| n.to_string_lossy().into_owned()),
        o => o.short_name(),
    }
}

/// The field a merged view names each event's file in: `file`, unless a
/// part has a field of that name already, then `itx.file`.
pub fn merged_file_field(parts: &[&Dataset]) -> &'static str {
    if parts.iter().any(|d| d.field_names.iter().any(|n| n == "file")) {
        "itx.file"
    } else {
        "file"
    }
}

/// Several datasets as one timeline. Each item's id is prefixed with its
/// dataset's short name (`apt31.norway-breach`), so ids stay apart, and
/// each event's first field names the file it comes from (see
/// `merged_file_field`), which the merged view shows as a column, stacks
/// and filters like any field.
pub fn merge(parts: &[&Dataset]) -> Dataset {
    let names: Vec<String> = parts.iter().map(|d| merged_prefix(d)).collect();
    let mut out = Dataset {
        origin: Origin::Merged(names.clone()),
        title: parts.iter().map(|d| d.title.as_str()).collect::<Vec<_>>().join(" + "),
        summary: None,
        actors: Vec::new(),
        sources: Vec::new(),
        events: Vec::new(),
        tags: Vec::new(),
        field_names: vec![merged_file_field(parts).to_string()],
        values: Vec::new(),
        // A merged view spans several incidents: it has no figures of its
        // own (see `metrics::figures`).
        milestones: Milestones::default(),
    };
    // Names shared by several parts get one number.
    fn renumber(names: &[String], into: &mut Vec<String>) -> Vec<u32> {
        names
            .iter()
            .map(|t| match into.iter().position(|x| x == t) {
                Some(i) => i as u32,
                None => {
                    into.push(t.clone());
                    (into.len() - 1) as u32
                }
            })
            .collect()
    }
    for (d, name) in parts.iter().zip(&names) {
        let (a0, s0) = (out.actors.len() as u32, out.sources.len() as u32);
        let tag_of = renumber(&d.tags, &mut out.tags);
        let field_of = renumber(&d.field_names, &mut out.field_names);
        let file = ValueIx(out.values.len() as u32);
        out.values.push(FieldValue::Text(merged_label(d).into()));
        let v0 = out.values.len() as u32;
        out.values.extend(d.values.iter().cloned());
        out.actors.extend(d.actors.iter().map(|a| Actor {
            id: format!("{name}.{}", a.id),
            affiliations: a.affiliations.iter().map(|x| x + a0).collect(),
            ..a.clone()
        }));
        out.sources.extend(d.sources.iter().map(|s| Source {
            id: format!("{name}.{}", s.id),
            ..s.clone()
        }));
        out.events.extend(d.events.iter().map(|e| {
            Event {
                id: format!("{name}.{}", e.id).into(),
                sources: e.sources.iter().map(|x| x + s0).collect(),
                tags: e.tags.iter().map(|&t| tag_of[t as usize]).collect(),
                fields: std::iter::once(Field { name: 0, value: file })
                    .chain(e.fields.iter().map(|f| Field {
                        name: field_of[f.name as usize],
                        value: ValueIx(f.value.0 + v0),
                    }))
                    .collect(),
                more: e.more.as_ref().map(|m| {
                    Box::new(More {
                        actors: m.actors.iter().map(|x| x + a0).collect(),
                        quotes: m
                            .quotes
                            .iter()
                            .map(|q| Quote {
                                text: q.text.clone(),
                                by: q.by.map(|x| x + a0),
                                source: q.source.map(|x| x + s0),
                            })
                            .collect(),
                        ..(**m).clone()
                    })
                }),
                ..e.clone()
            }
        }));
    }
    // Stable: at the same instant, the first dataset's events first.
    out.events.sort_by_key(|e| e.date.sort_key());
    out
}

impl Dataset {
    pub fn actor(&self, ix: ActorIx) -> &Actor {
        &self.actors[ix as usize]
    }

    pub fn source(&self, ix: SourceIx) -> &Source {
        &self.sources[ix as usize]
    }

    pub fn tag(&self, ix: TagIx) -> &str {
        &self.tags[ix as usize]
    }

    pub fn field_name(&self, ix: FieldIx) -> &str {
        &self.field_names[ix as usize]
    }

    pub fn value(&self, ix: ValueIx) -> &FieldValue {
        &self.values[ix.index()]
    }

    /// An event's fields as (name, value), in the order written.
    pub fn fields_of<'a>(&'a self, e: &'a Event) -> impl Iterator<Item = (&'a str, &'a FieldValue)> + 'a {
        e.fields.iter().map(|f| (self.field_name(f.name), self.value(f.value)))
    }

    pub fn event_index(&self, id: &str) -> Option<usize> {
        self.events.iter().position(|e| &*e.id == id)
    }

    /// When each event became public: the earliest publication date among
    /// its sources, or its own date where none of them is dated; never
    /// before the event itself (a source dated the day before an event it
    /// reports was updated later, not clairvoyant). It counts as public
    /// from the moment that date is over (`PartialDate::over_at`).
    pub fn known_from(&self) -> Vec<PartialDate> {
        self.events
            .iter()
            .map(|e| {
                let published = e
                    .sources
                    .iter()
                    .filter_map(|&s| self.source(s).published)
                    .min_by_key(|d| d.over_at());
                match published {
                    Some(p) if p.over_at() >= e.date.start() => p,
                    _ => e.date,
                }
            })
            .collect()
    }

    /// Whether event `known` (from `known_from`) was public as of `date`:
    /// by the moment `date` is over.
    pub fn public_as_of(known: &PartialDate, date: &PartialDate) -> bool {
        known.over_at() <= date.over_at()
    }

    /// What changed in the events since `old`, matched by id: for the
    /// notice after a reload.
    pub fn changes_from(&self, old: &Dataset) -> Changes {
        use std::collections::HashMap;
        // An event as it reads, with references by id, not by index (the
        // numbering can differ between two loads).
        let view = |ds: &Dataset, e: &Event| {
            let actors: Vec<&str> = e.actors().iter().map(|&a| ds.actor(a).id.as_str()).collect();
            let sources: Vec<&str> = e.sources.iter().map(|&s| ds.source(s).id.as_str()).collect();
            let tags: Vec<&str> = e.tags.iter().map(|&t| ds.tag(t)).collect();
            let quotes: Vec<&str> = e.quotes().iter().map(|q| q.text.as_str()).collect();
            let fields: Vec<(&str, &FieldValue)> = ds.fields_of(e).collect();
            format!(
                "{:?}",
                (
                    fields,
                    e.date,
                    e.end(),
                    e.circa,
                    &e.title,
                    &e.summary(),
                    e.phase,
                    e.confidence,
                    actors,
                    sources,
                    tags,
                    quotes
                )
            )
        };
        let before: HashMap<&str, &Event> = old.events.iter().map(|e| (&*e.id, e)).collect();
        let mut c = Changes::default();
        for e in &self.events {
            match before.get(&*e.id) {
                None => c.added += 1,
                Some(o) if view(old, o) != view(self, e) => c.changed += 1,
                Some(_) => {}
            }
        }
        let now: std::collections::HashSet<&str> = self.events.iter().map(|e| &*e.id).collect();
        c.removed = old.events.iter().filter(|e| !now.contains(&*e.id)).count();
        c
    }

    /// How many events each actor appears in, by actor index.
    pub fn actor_event_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.actors.len()];
        for e in &self.events {
            for &a in e.actors() {
                counts[a as usize] += 1;
            }
        }
        counts
    }
}

/// Whether a source's address is a web address (`http` or `https`): the
/// only kind exports make a link of and validation takes without a word.
pub fn is_web_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_few_events_have_is_set_and_read_and_an_event_emptied_of_it_equals_one_that_never_had_it() {
        let date = PartialDate::parse("2021-08-14").unwrap();
        let end = PartialDate::parse("2021-09").ok();
        let plain = Event::new("a", date, "Logon".into());
        let mut e = plain.clone();
        e.set_summary(Some("Seen by the SOC".into()));
        e.set_end(end);
        e.set_quotes(thin_vec![Quote {
            text: "We saw it.".into(),
            by: None,
            source: None,
        }]);
        assert_eq!((e.summary(), e.end(), e.quotes().len()), (Some("Seen by the SOC"), end, 1));
        assert_eq!(e.texts().map(|t| t.as_str()).collect::<Vec<_>>(), ["Logon", "Seen by the SOC"]);
        assert_ne!(e, plain);
        e.set_summary(None);
        e.set_end(None);
        e.set_quotes(ThinVec::new());
        assert_eq!(e, plain, "emptied, it holds nothing more");
        let mut quiet = plain.clone();
        quiet.set_indicators(ThinVec::new());
        quiet.set_end(None);
        assert!(quiet.more.is_none(), "nothing set, nothing boxed");
    }
}
