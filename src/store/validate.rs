//! From what the file says to a `Dataset`: dates, ids, vocabularies and
//! cross-references checked, text cleaned, events sorted, tags interned.

use super::clean::{owned_line, owned_paragraphs, owned_text};
use super::diagnostic::{DocPath, Report};
use super::raw::{EventPiece, RawDate, RawFields, RawScalar, Text};
use super::structure::Partial;
use super::suggest::{closest, closest_label, Label};
use crate::model::*;
use foldhash::{HashMap, HashMapExt};
use std::borrow::Cow;
use std::collections::HashSet;

fn check_id(id: &str, at: &DocPath, report: &mut Report) {
    if !valid_id(id) {
        let fix = crate::model::ids::slug(id);
        let hint = if valid_id(&fix) && fix != id {
            format!("; `{fix}` would do")
        } else {
            String::new()
        };
        report.error(
            at.key("id"),
            format!("id {id:?} is not valid: ids are lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit{hint}"),
        );
    }
}

// Paths are passed as closures and built only when there is something to
// report: building one per field of a million events was a quarter of the
// load time.

fn vocab<T: Copy>(
    word: &Text,
    words: &[&str],
    parse: fn(&str) -> Option<T>,
    what: &str,
    at: impl FnOnce() -> DocPath,
    report: &mut Report,
) -> Option<T> {
    let found = parse(word.0.trim());
    if found.is_none() {
        let at = at();
        let hint = closest(&word.0, words.iter().copied())
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        report.error(at, format!("unknown {what} `{}`; {hint}allowed: {}", word.0, words.join(", ")));
    }
    found
}

fn date(raw: &RawDate, at: impl FnOnce() -> DocPath, report: &mut Report) -> Option<PartialDate> {
    match PartialDate::parse(&raw.0) {
        Ok(d) => Some(d),
        Err(e) => {
            report.error(at(), e.0);
            None
        }
    }
}

/// Resolves ids to indices, reporting duplicates and invalid ids.
fn index_ids<'a>(kind: &str, list: &str, ids: impl Iterator<Item = (usize, &'a str)>, report: &mut Report) -> HashMap<String, u32> {
    let mut map: HashMap<String, u32> = HashMap::new();
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (pos, (file_ix, id)) in ids.enumerate() {
        let at = DocPath::root().key(list).item(file_ix, Some(id));
        check_id(id, &at, report);
        if let Some(prev) = first.get(id) {
            report.error(
                at.key("id"),
                format!("duplicate {kind} id `{id}`; it is first used at {list}[{prev}]"),
            );
        } else {
            first.insert(id, file_ix);
            map.insert(id.to_string(), pos as u32);
        }
    }
    map
}

/// Actor or source references: the ids they may name, and which of them
/// were named. One per piece of events, so pieces are checked on separate
/// cores; their `used` are added up afterwards.
struct Refs<'a> {
    ids: &'a HashMap<String, u32>,
    /// What each item is called, for "did you mean".
    labels: &'a [Label],
    broken: &'a HashSet<String>,
    kind: &'static str,
    used: Vec<bool>,
}

impl<'a> Refs<'a> {
    /// `items`: how many actors or sources the file lists (duplicates too).
    fn new(ids: &'a HashMap<String, u32>, labels: &'a [Label], items: usize, broken: &'a HashSet<String>, kind: &'static str) -> Self {
        Refs {
            ids,
            labels,
            broken,
            kind,
            used: vec![false; items],
        }
    }

    fn resolve(&mut self, id: &str, at: impl FnOnce() -> DocPath, report: &mut Report) -> Option<u32> {
        if let Some(&ix) = self.ids.get(id) {
            self.used[ix as usize] = true;
            return Some(ix);
        }
        if !self.broken.contains(id) {
            let hint = closest_label(id, self.labels)
                .map(|l| format!("; did you mean {}?", l.shown()))
                .unwrap_or_default();
            report.error(at(), format!("unknown {} `{id}`{hint}", self.kind));
        }
        None
    }

    fn add(&mut self, other: &Refs) {
        for (u, o) in self.used.iter_mut().zip(&other.used) {
            *u |= o;
        }
    }
}

/// Names (tags, field names) numbered by first appearance.
#[derive(Default)]
struct Names {
    list: Vec<String>,
    ix: HashMap<String, u32>,
}

impl Names {
    /// The number of a name, cleaned for the screen first. A name seen
    /// before costs a look-up and no allocation.
    fn intern(&mut self, name: Cow<str>) -> u32 {
        if let Some(&ix) = self.ix.get(name.as_ref()) {
            return ix;
        }
        let name = owned_line(name);
        if let Some(&ix) = self.ix.get(&name) {
            return ix;
        }
        let ix = self.list.len() as u32;
        self.ix.insert(name.clone(), ix);
        self.list.push(name);
        ix
    }

    /// A piece's own numbering in this (the whole file's) one: each of the
    /// piece's numbers, in order, as this numbering has it.
    fn absorb(&mut self, piece: Vec<String>) -> Option<Vec<u32>> {
        let global: Vec<u32> = piece.into_iter().map(|t| self.intern(Cow::Owned(t))).collect();
        let same = global.iter().enumerate().all(|(local, &g)| local as u32 == g);
        (!same).then_some(global)
    }
}

/// What a piece of events comes to: its events in timeline order, with
/// tags and field names numbered in the piece's own lists, and what it
/// found wrong.
struct Checked<'a> {
    events: Vec<Event>,
    tags: Vec<String>,
    field_names: Vec<String>,
    values: Vec<FieldValue>,
    report: Report,
    actor_refs: Refs<'a>,
    source_refs: Refs<'a>,
}

/// Checks and converts one piece of events. Runs on a core of its own for
/// a large file, so it reads only what is shared and writes only its own.
fn check_events<'a>(mut piece: EventPiece, file: &str, actor_refs: Refs<'a>, source_refs: Refs<'a>) -> Checked<'a> {
    let root = DocPath::root();
    let mut out = Checked {
        events: Vec::with_capacity(piece.events.len()),
        tags: Vec::new(),
        field_names: Vec::new(),
        values: Vec::new(),
        report: Report::new(file),
        actor_refs,
        source_refs,
    };
    let (report, actor_refs, source_refs) = (&mut out.report, &mut out.actor_refs, &mut out.source_refs);
    let (mut tags, mut field_names) = (Names::default(), Names::default());
    let mut values = ValueTable::default();
    // Titles and summaries written into one block, not allocated each on
    // its own (a million of them, freed again when packed, were a third
    // of loading the synthetic million).
    let mut texts = crate::model::text::Writer::default();
    let events = std::mem::take(&mut piece.events);
    for (k, mut e) in events.into_iter().enumerate() {
        let i = piece.place(k);
        let id = std::mem::take(&mut e.id).into_string();
        let at = || root.key("events").item(i, Some(&id));
        if !valid_id(&id) {
            check_id(&id, &at(), report);
        }
        let start = date(&e.date, || at().key("date"), report);
        let end = e.end.as_ref().and_then(|d| date(d, || at().key("end"), report));
        if let (Some(s), Some(en)) = (start, end) {
            if en.start() < s.start() {
                report.error(at().key("end"), format!("end {en} is before date {s}"));
            }
        }
        if e.title.0.trim().is_empty() {
            report.error(at().key("title"), "the title is empty");
        }
        let phase = e
            .phase
            .as_ref()
            .and_then(|p| vocab(p, Phase::WORDS, Phase::parse, "phase", || at().key("phase"), report));
        let confidence = e.confidence.as_ref().and_then(|c| {
            vocab(
                c,
                Confidence::WORDS,
                Confidence::parse,
                "confidence",
                || at().key("confidence"),
                report,
            )
        });
        let ev_actors = e
            .actors
            .iter()
            .enumerate()
            .filter_map(|(j, a)| actor_refs.resolve(&a.0, || at().key("actors").index(j), report))
            .collect();
        let ev_sources: Vec<SourceIx> = e
            .sources
            .iter()
            .enumerate()
            .filter_map(|(j, s)| source_refs.resolve(&s.0, || at().key("sources").index(j), report))
            .collect();
        if e.sources.is_empty() {
            report.warning(at(), "no sources: nothing backs this event");
        }
        let quotes = e
            .quotes
            .into_iter()
            .enumerate()
            .map(|(j, q)| {
                let qat = || at().key("quotes").index(j);
                Quote {
                    by: q.by.as_ref().and_then(|b| actor_refs.resolve(&b.0, || qat().key("by"), report)),
                    source: q
                        .source
                        .as_ref()
                        .and_then(|s| source_refs.resolve(&s.0, || qat().key("source"), report)),
                    text: owned_paragraphs(q.text.0),
                }
            })
            .collect();
        let event_tags: ThinVec<TagIx> = e.tags.into_iter().map(|t| tags.intern(t.0)).collect();
        let techniques = techniques(&e.techniques, || at().key("techniques"), report);
        let indicators = indicators(e.indicators, || at().key("indicators"), report);
        let fields = fields(e.fields, &mut field_names, &mut values, || at().key("fields"), report);
        let Some(date) = start else { continue };
        out.events.push(Event {
            id: id.into(),
            date,
            circa: e.circa,
            title: texts.write(&owned_line(e.title.0)),
            phase,
            sources: ev_sources.into(),
            tags: event_tags,
            confidence,
            fields: fields.into(),
            more: More {
                end,
                actors: ev_actors,
                summary: e.summary.map(|t| texts.write(&owned_paragraphs(t.0))),
                quotes,
                techniques: techniques.into(),
                indicators: indicators.into(),
            }
            .boxed(),
        });
    }
    texts.share(out.events.iter_mut().flat_map(Event::texts_mut));
    out.tags = tags.list;
    out.field_names = field_names.list;
    out.values = values.into_list();
    if !out.report.has_errors() {
        sort(&mut out.events);
    }
    out
}

/// An event's fields, checked: names of the form `[A-Za-z0-9_.-]+` that
/// are not keys of the format, each once, values finite.
fn fields(raw: RawFields, names: &mut Names, values: &mut ValueTable, at: impl Fn() -> DocPath, report: &mut Report) -> Vec<Field> {
    let mut out: Vec<Field> = Vec::with_capacity(raw.0.len());
    for (name, value) in raw.0 {
        let name = name.0;
        if !valid_field_name(&name) {
            report.error(
                at().key(&name),
                format!("field name {name:?} is not valid: use letters, digits, `_`, `.` and `-`"),
            );
            continue;
        }
        if EVENT_KEYS.contains(&name.as_ref()) {
            report.error(
                at().key(&name),
                format!("a field cannot be named `{name}`, a key of the format; rename it (such as `{name}_`)"),
            );
            continue;
        }
        let value = match value {
            RawScalar::Text(t) => FieldValue::Text(owned_text(t).into()),
            RawScalar::Int(n) => FieldValue::Int(n),
            RawScalar::Float(x) if x.is_finite() => FieldValue::Float(x),
            RawScalar::Float(_) => {
                report.error(
                    at().key(&name),
                    "a field's number must be finite (not NaN or infinity); quote it to keep it as text",
                );
                continue;
            }
            RawScalar::Bool(b) => FieldValue::Bool(b),
        };
        let ix = names.intern(name);
        if out.iter().any(|f| f.name == ix) {
            report.error(at().key(&names.list[ix as usize]), "this field is written twice");
            continue;
        }
        out.push(Field {
            name: ix,
            value: values.intern(value),
        });
    }
    out
}

/// An event's ATT&CK techniques: each must be in the table (the closest
/// one suggested); a revoked or deprecated one is kept with a warning
/// naming what replaces it.
fn techniques(raw: &[Text], at: impl Fn() -> DocPath, report: &mut Report) -> Vec<TechniqueIx> {
    use crate::model::attack::{self, Status};
    let mut out = Vec::with_capacity(raw.len());
    for (j, t) in raw.iter().enumerate() {
        let Some(ix) = attack::find(&t.0) else {
            let hint = attack::closest(&t.0).map_or(String::new(), |c| format!("; did you mean {} ({})?", c.id, c.name));
            report.error(
                at().index(j),
                format!("unknown ATT&CK technique `{}`{hint} (ids look like T1566 or T1566.001)", t.0.trim()),
            );
            continue;
        };
        let tech = attack::get(ix);
        match &tech.status {
            Status::Active => {}
            Status::Revoked(by) => report.warning(
                at().index(j),
                match by.and_then(attack::find).map(attack::get) {
                    Some(new) => format!("{} ({}) is revoked in ATT&CK: use {} ({})", tech.id, tech.name, new.id, new.name),
                    None => format!("{} ({}) is revoked in ATT&CK", tech.id, tech.name),
                },
            ),
            Status::Deprecated => report.warning(
                at().index(j),
                format!("{} ({}) is deprecated in ATT&CK: it is no longer maintained", tech.id, tech.name),
            ),
        }
        if out.contains(&ix) {
            report.warning(at().index(j), format!("{} is listed twice", tech.id));
        } else {
            out.push(ix);
        }
    }
    out
}

/// An event's indicators, each value checked for its type and kept in its
/// canonical form (refanged).
fn indicators(raw: Vec<super::raw::RawIndicator>, at: impl Fn() -> DocPath, report: &mut Report) -> Vec<Indicator> {
    let mut out = Vec::with_capacity(raw.len());
    for (j, i) in raw.into_iter().enumerate() {
        let Some(kind) = vocab(
            &i.kind,
            IndicatorKind::WORDS,
            IndicatorKind::parse,
            "indicator type",
            || at().index(j).key("type"),
            report,
        ) else {
            continue;
        };
        match crate::model::indicator::check(kind, &i.value.0) {
            Ok(value) => out.push(Indicator {
                kind,
                value,
                note: i.note.map(|n| owned_line(n.0)),
            }),
            Err(why) => report.error(at().index(j).key("value"), why),
        }
    }
    out
}

/// The milestone events a dataset names, checked to be its events.
fn milestones(raw: super::raw::RawMilestones, events: &[Event], report: &mut Report) -> Milestones {
    let at = DocPath::root().key("milestones");
    let mut check = |id: Option<Text>, key: &str| {
        let id = id?.into_string();
        if events.iter().any(|e| *e.id == *id) {
            return Some(id);
        }
        let hint = closest(&id, events.iter().map(|e| &*e.id))
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        report.error(at.key(key), format!("unknown event `{id}`{hint}"));
        None
    };
    Milestones {
        compromise: check(raw.compromise, "compromise"),
        discovery: check(raw.discovery, "discovery"),
        disclosure: check(raw.disclosure, "disclosure"),
        attribution: check(raw.attribution, "attribution"),
    }
}

/// Sorts events into timeline order. Stable: equal keys keep file order,
/// as the format requires. Through a permutation: sorting the events
/// themselves moved 200-byte items a dozen times each, a tenth of the load
/// time at 100k events.
fn sort(events: &mut [Event]) {
    let keys: Vec<_> = events.iter().map(|e| e.date.sort_key()).collect();
    if !keys.is_sorted() {
        let mut order: Vec<u32> = (0..events.len() as u32).collect();
        order.sort_unstable_by_key(|&i| (keys[i as usize], i));
        permute(events, order);
    }
}

/// Pieces each in timeline order, merged into one timeline; on equal keys
/// the earlier piece (earlier in the file) goes first. Each event is moved
/// once, in order, so the merge streams through memory.
fn merge(pieces: Vec<Vec<Event>>) -> Vec<Event> {
    if pieces.len() == 1 {
        return pieces.into_iter().next().unwrap_or_default();
    }
    let mut out = Vec::with_capacity(pieces.iter().map(Vec::len).sum());
    let mut heads: Vec<_> = pieces.into_iter().map(|p| p.into_iter().peekable()).collect();
    loop {
        let first = heads
            .iter_mut()
            .enumerate()
            .filter_map(|(k, h)| h.peek().map(|e| (e.date.sort_key(), k)))
            .min();
        let Some(e) = first.and_then(|(_, k)| heads[k].next()) else { break };
        out.push(e);
    }
    out
}

/// Below this many events one core checks them all: a thread costs more.
const PARALLEL_EVENTS: usize = 20_000;

pub fn build(partial: Partial, origin: Origin, report: &mut Report) -> Option<Dataset> {
    let root = DocPath::root();
    if let Some(f) = partial.format {
        if f != 1 {
            report.error(
                root.key("format"),
                format!("{f} is not a format this version of itx reads (it reads format 1); a newer itx may"),
            );
        }
    }
    let has_title = partial.title.is_some();
    let title = partial.title.map(|t| owned_line(t.0)).unwrap_or_default();
    if has_title && title.trim().is_empty() {
        report.error(root.key("title"), "the title is empty");
    }
    let event_count: usize = partial.events.iter().map(|p| p.events.len()).sum();
    if partial.events_key_present && event_count == 0 && !report.has_errors() {
        report.error(root.key("events"), "a dataset needs at least one event");
    }

    let actor_ids = index_ids("actor", "actors", partial.actors.iter().map(|(i, a)| (*i, a.id.as_str())), report);
    let source_ids = index_ids(
        "source",
        "sources",
        partial.sources.iter().map(|(i, s)| (*i, s.id.as_str())),
        report,
    );
    let (actor_count, source_count) = (partial.actors.len(), partial.sources.len());
    let actor_labels: Vec<Label> = partial
        .actors
        .iter()
        .map(|(_, a)| {
            Label::new(
                a.id.as_str(),
                a.name.as_str(),
                &a.aliases.iter().map(Text::as_str).collect::<Vec<_>>(),
            )
        })
        .collect();
    let source_labels: Vec<Label> = partial
        .sources
        .iter()
        .map(|(_, s)| Label::new(s.id.as_str(), s.title.as_str(), &[]))
        .collect();
    let mut actor_refs = Refs::new(&actor_ids, &actor_labels, actor_count, &partial.broken_actor_ids, "actor");
    let mut source_refs = Refs::new(&source_ids, &source_labels, source_count, &partial.broken_source_ids, "source");

    let mut actors = Vec::with_capacity(partial.actors.len());
    for (i, a) in partial.actors {
        let at = root.key("actors").item(i, Some(&a.id.0));
        let kind = vocab(&a.kind, ActorKind::WORDS, ActorKind::parse, "actor kind", || at.key("kind"), report);
        if let Some(c) = &a.country {
            if let Err(why) = crate::model::country::check(&c.0) {
                report.error(at.key("country"), why);
            }
        }
        let affiliations = a
            .affiliations
            .iter()
            .enumerate()
            .filter_map(|(j, id)| actor_refs.resolve(&id.0, || at.key("affiliations").index(j), report))
            .collect();
        if a.name.0.trim().is_empty() {
            report.error(at.key("name"), "the name is empty");
        }
        actors.push(Actor {
            id: a.id.into_string(),
            name: owned_line(a.name.0),
            kind: kind.unwrap_or(ActorKind::Other),
            aliases: a.aliases.into_iter().map(|t| owned_line(t.0)).collect(),
            country: a.country.map(|t| owned_line(t.0)),
            affiliations,
            summary: a.summary.map(|t| owned_paragraphs(t.0)),
        });
    }
    // Affiliations are references too, but an actor used only as another's
    // affiliation is still "referred to" for the unused-actor warning.

    let mut sources = Vec::with_capacity(partial.sources.len());
    for (i, s) in partial.sources {
        let at = root.key("sources").item(i, Some(&s.id.0));
        let published = s.published.as_ref().and_then(|d| date(d, || at.key("published"), report));
        let reliability = s.reliability.as_ref().and_then(|r| {
            vocab(
                r,
                Reliability::WORDS,
                Reliability::parse,
                "reliability",
                || at.key("reliability"),
                report,
            )
        });
        if s.title.0.trim().is_empty() {
            report.error(at.key("title"), "the title is empty");
        }
        if let Some(url) = s.url.as_ref().map(|u| u.0.trim()).filter(|u| !u.is_empty()) {
            if !crate::model::is_web_link(url) {
                let scheme = url.split_once(':').map_or("none", |(s, _)| s);
                report.warning(
                    at.key("url"),
                    format!(
                        "`{}` is not a web address (scheme: {}): exports show it as text, never as a link; \
                         give an http or https address",
                        crate::text::fit(url, 60),
                        crate::text::fit(scheme, 20)
                    ),
                );
            }
        }
        sources.push(Source {
            id: s.id.into_string(),
            title: owned_line(s.title.0),
            publisher: s.publisher.map(|t| owned_line(t.0)),
            url: s.url.map(|t| owned_line(t.0)),
            published,
            reliability,
        });
    }

    // Duplicate ids first, over borrowed ids, before the items are taken apart.
    let mut event_ids: HashMap<&str, usize> = HashMap::with_capacity(event_count);
    for piece in &partial.events {
        for (k, e) in piece.events.iter().enumerate() {
            if let Some(&prev) = event_ids.get(e.id.as_str()) {
                report.error(
                    root.key("events").item(piece.place(k), Some(&e.id.0)).key("id"),
                    format!("duplicate event id `{}`; it is first used at events[{prev}]", e.id.0),
                );
            } else {
                event_ids.insert(&e.id.0, piece.place(k));
            }
        }
    }
    drop(event_ids);

    let file = report.file.clone();
    let check = |piece| {
        let actor_refs = Refs::new(&actor_ids, &actor_labels, actor_count, &partial.broken_actor_ids, "actor");
        let source_refs = Refs::new(&source_ids, &source_labels, source_count, &partial.broken_source_ids, "source");
        check_events(piece, &file, actor_refs, source_refs)
    };
    let checked: Vec<Checked> = if partial.events.len() > 1 && event_count >= PARALLEL_EVENTS {
        std::thread::scope(|s| {
            let handles: Vec<_> = partial.events.into_iter().map(|piece| s.spawn(|| check(piece))).collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    } else {
        partial.events.into_iter().map(check).collect()
    };

    // Tags and field names numbered by first appearance in the file, as
    // one core would.
    let (mut tags, mut field_names) = (Names::default(), Names::default());
    // Each piece's values follow the pieces before it's; a value two
    // pieces share is kept twice, which costs little and needs no look-up.
    let mut values: Vec<FieldValue> = Vec::new();
    let mut pieces = Vec::with_capacity(checked.len());
    for mut c in checked {
        if let Some(global) = tags.absorb(std::mem::take(&mut c.tags)) {
            for t in c.events.iter_mut().flat_map(|e| e.tags.iter_mut()) {
                *t = global[*t as usize];
            }
        }
        if let Some(global) = field_names.absorb(std::mem::take(&mut c.field_names)) {
            for f in c.events.iter_mut().flat_map(|e| e.fields.iter_mut()) {
                f.name = global[f.name as usize];
            }
        }
        let v0 = values.len() as u32;
        if v0 > 0 {
            for f in c.events.iter_mut().flat_map(|e| e.fields.iter_mut()) {
                f.value.0 += v0;
            }
        }
        values.append(&mut c.values);
        report.items.append(&mut c.report.items);
        actor_refs.add(&c.actor_refs);
        source_refs.add(&c.source_refs);
        pieces.push(c.events);
    }

    for (used, (list, items)) in [
        (
            &actor_refs.used,
            ("actors", actors.iter().map(|a| a.id.as_str()).collect::<Vec<_>>()),
        ),
        (
            &source_refs.used,
            ("sources", sources.iter().map(|s| s.id.as_str()).collect::<Vec<_>>()),
        ),
    ] {
        for (ix, id) in items.iter().enumerate() {
            if !used[ix] {
                report.warning(root.key(list).item(ix, Some(id)), format!("`{id}` is never referred to"));
            }
        }
    }
    let events = merge(pieces);
    let milestones = partial.milestones.map(|m| milestones(m, &events, report)).unwrap_or_default();
    if report.has_errors() {
        return None;
    }
    Some(Dataset {
        origin,
        title,
        summary: partial.summary.map(|t| owned_paragraphs(t.0)),
        actors,
        sources,
        events,
        tags: tags.list,
        field_names: field_names.list,
        values,
        milestones,
    })
}

/// Puts `items[order[k]]` at `k` for every k, in place, one cycle of the
/// permutation at a time (a copy of a million events cost a quarter of a
/// gigabyte of fresh memory).
fn permute<T>(items: &mut [T], mut order: Vec<u32>) {
    for start in 0..items.len() {
        let mut at = start;
        loop {
            let from = order[at] as usize;
            order[at] = at as u32;
            if from == start || from == at {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::raw::{Parsed, RawDataset};
    use super::*;

    /// `text` read as one piece, or cut into `n` pieces as the parse on
    /// several cores cuts it.
    fn build_in(text: &str, n: usize) -> (Option<Dataset>, Vec<String>) {
        let mut parsed = Parsed::whole(serde_json::from_str::<RawDataset>(text).unwrap());
        let events = parsed.pieces.pop().unwrap();
        let size = events.len().div_ceil(n);
        let mut rest = events.into_iter();
        parsed.pieces = (0..n).map(|_| rest.by_ref().take(size).collect()).collect();
        let mut report = Report::new("t.json");
        let ds = build(parsed.into(), Origin::Bundled("t"), &mut report);
        let messages = report.items.iter().map(|d| format!("{}: {}", d.path, d.message)).collect();
        (ds, messages)
    }

    #[test]
    fn pieces_checked_on_several_cores_make_the_dataset_one_core_makes() {
        let text = crate::synth::generate(PARALLEL_EVENTS + 5_000, true);
        let (one, one_said) = build_in(&text, 1);
        let (three, three_said) = build_in(&text, 3);
        let (one, three) = (one.unwrap(), three.unwrap());
        // Timeline order (ties in file order), tags numbered by first
        // appearance, the same unused actors and sources.
        assert!(one.events.is_sorted_by_key(|e| e.date.sort_key()));
        assert_eq!(one.events, three.events);
        assert_eq!(one.tags, three.tags);
        assert_eq!(one_said, three_said);
    }

    #[test]
    fn problems_in_a_later_piece_name_their_place_in_the_file() {
        let item = |i: usize, date: &str, id: &str| format!(r#"{{"id":"{id}","date":"{date}","title":"t{i}","sources":["s"]}}"#);
        let mut items: Vec<String> = (0..PARALLEL_EVENTS + 10).map(|i| item(i, "2021", &format!("e{i}"))).collect();
        let last = items.len() - 1;
        items[last - 1] = item(last - 1, "2021-13", "bad-date");
        items[last] = item(last, "2022", "e3");
        let text = format!(
            r#"{{"format":1,"title":"t","sources":[{{"id":"s","title":"s"}}],"events":[{}]}}"#,
            items.join(",")
        );
        let (ds, said) = build_in(&text, 2);
        assert!(ds.is_none());
        let at = |i: usize| format!("events[{i}]");
        assert!(
            said.iter().any(|m| m.starts_with(&format!(
                "{} (e3).id: duplicate event id `e3`; it is first used at events[3]",
                at(last)
            ))),
            "{said:?}"
        );
        assert!(
            said.iter().any(|m| m.starts_with(&format!("{} (bad-date).date", at(last - 1)))),
            "{said:?}"
        );
    }

    #[test]
    fn permute_puts_each_item_where_the_order_says() {
        let mut items = vec!['a', 'b', 'c', 'd', 'e', 'f'];
        super::permute(&mut items, vec![3, 0, 4, 1, 5, 2]);
        assert_eq!(items, ['d', 'a', 'e', 'b', 'f', 'c']);
        let mut items = vec![1, 2, 3];
        super::permute(&mut items, vec![0, 1, 2]);
        assert_eq!(items, [1, 2, 3]);
    }
}
