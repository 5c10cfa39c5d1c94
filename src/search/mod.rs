//! Finding events. A forensic timeline's titles are read where the
//! dataset keeps them, packed in one block (`Dataset::pack_texts`), case
//! folded as they are compared; prose is lower-cased into a copy with its
//! word starts marked (see `Block`); the names of actors, sources and tags
//! into short lists. A query term is first tried against those short
//! lists (a few hundred items), so an event's own check is one pass over
//! its own text plus a look-up of its actors, sources and tags. Knowing
//! whether an event matches needs no scoring; ranking uses a cheap score of
//! the same matches (fuzzy-matcher breaks ties among the best), and the
//! highlights of the rows on screen are the letters the same matcher
//! matched, so a row is highlighted exactly where it matched.

pub mod query;

pub use query::{Field, Query, Term, TermKind};

use crate::model::text::SEP;
use crate::model::{Dataset, Event, FieldValue, ValueIx};
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use memchr::memmem;
use std::ops::Range;
use std::sync::Arc;

/// Events checked between looks at whether a search was abandoned.
const CHECK_EVERY: usize = 4096;

/// The best ranked results whose ties fuzzy-matcher breaks.
const TIE_BREAK: usize = 200;

/// The events' texts as search reads them.
#[derive(Debug, Clone)]
enum Block {
    /// The block the dataset's own titles and summaries are packed in
    /// (`Dataset::packed_texts`), read as it is, case folded where it is
    /// compared: a forensic timeline's, whose titles were a lower-cased
    /// copy's worth of memory again (a fifth of a super-timeline's).
    Own(Arc<Box<str>>),
    /// A copy in search text (`search_text`), for prose: word starts are
    /// marked, so a fuzzy term's first letter is looked for among a third
    /// as many places. Searched in place, the synthetic datasets'
    /// summaries took four times as long.
    Marked(Vec<u8>),
}

impl Default for Block {
    fn default() -> Block {
        Block::Marked(Vec::new())
    }
}

impl Block {
    fn bytes(&self) -> &[u8] {
        match self {
            Block::Own(b) => b.as_bytes(),
            Block::Marked(b) => b,
        }
    }

    fn marked(&self) -> bool {
        matches!(self, Block::Marked(_))
    }
}

/// The search text of a dataset.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// Each event's title, `SEP`, summary if it has one, `SEP`, back to
    /// back in dataset order (see `Block`).
    text: Block,
    /// Where each event's text ends in `text`, before its last `SEP` (it
    /// starts after the previous one's).
    ends: Vec<u32>,
    /// When `text` is the dataset's own: the search text of the events
    /// whose text lower-cases differently outside ASCII (`Été`; folding as
    /// text is compared knows ASCII only), by event, searched instead.
    /// Few, or none in a forensic timeline.
    folded: Vec<(u32, Box<[u8]>)>,
    /// Which events have a `folded` text, a bit each (empty when none do).
    has_folded: Vec<u64>,
    /// Each event's actors, sources and tags as one numbering (actors,
    /// then sources, then tags), back to back: checking an event's
    /// references reads this in order instead of chasing three lists
    /// per event, which was most of a search's time.
    refs: Vec<u32>,
    /// Where each event's references end in `refs`; None when every
    /// event has exactly one (a forensic row: its file), the common case
    /// kept without a number per row.
    ref_ends: Option<Vec<u32>>,
    /// Where sources and tags start in that numbering.
    source_base: u32,
    tag_base: u32,
    /// Per actor: name and aliases (what a plain term searches).
    actor_names: Vec<Vec<u8>>,
    /// Per actor: id, name and aliases (what `actor:` searches).
    actor_all: Vec<Vec<u8>>,
    /// Per source: title (plain terms) and id, title, publisher (`source:`).
    source_titles: Vec<Vec<u8>>,
    source_all: Vec<Vec<u8>>,
    tags: Vec<Vec<u8>>,
    /// Field names, lower case (what `field:` terms name).
    field_names: Vec<String>,
    /// Each of the dataset's distinct field values (`Dataset::values`) as
    /// search text, back to back, and where each ends: a term is tried
    /// once against each value, and an event's fields are looked up in
    /// what that found, instead of every event carrying a copy of its
    /// fields' text (most of a forensic row's, repeated on every row).
    value_text: Vec<u8>,
    value_ends: Vec<u32>,
    /// The most common field values (up to 31, by number), a bit each,
    /// and each event's values as those bits, `OTHER_VALUE` standing for
    /// any other one (empty when no event has fields). A forensic row's
    /// host, parser and source come from a few dozen values: an event is
    /// found by them from this, read in order, without reading its fields
    /// (a cache miss on the event and one on its list: most of checking a
    /// row, on the keystrokes that check most rows).
    common_values: Vec<ValueIx>,
    value_masks: Vec<u32>,
    /// How often each byte comes in a sample of `text`: which letter of a
    /// fuzzy term to look for first.
    byte_counts: Vec<u32>,
}

/// How often each byte comes in `text`, from stretches spread through it.
fn byte_counts(text: &[u8]) -> Vec<u32> {
    const STRETCH: usize = 16 << 10;
    const STRETCHES: usize = 64;
    let mut counts = vec![0u32; 256];
    for start in (0..text.len()).step_by((text.len() / STRETCHES).max(STRETCH)) {
        for &b in &text[start..(start + STRETCH).min(text.len())] {
            counts[b as usize] += 1;
        }
    }
    counts
}

/// In `SearchIndex::value_masks`: the event has a value that is not one
/// of the common ones.
const OTHER_VALUE: u32 = 1 << 31;

/// What a scoped thread returned; its panic goes on.
fn joined<T>(h: std::thread::ScopedJoinHandle<'_, T>) -> T {
    h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
}

/// `SearchIndex::common_values` and `value_masks` for `ds`.
fn value_masks(ds: &Dataset) -> (Vec<ValueIx>, Vec<u32>) {
    if ds.events.iter().all(|e| e.fields.is_empty()) {
        return (Vec::new(), Vec::new());
    }
    let mut count = vec![0u32; ds.values.len()];
    for f in ds.events.iter().flat_map(|e| &e.fields) {
        count[f.value.index()] += 1;
    }
    let mut by_count: Vec<u32> = (0..count.len() as u32).filter(|&v| count[v as usize] > 1).collect();
    let common = 31.min(by_count.len());
    if common > 0 {
        by_count.select_nth_unstable_by_key(common - 1, |&v| std::cmp::Reverse(count[v as usize]));
    }
    by_count.truncate(common);
    by_count.sort_unstable();
    let bit_of = |v: ValueIx| by_count.binary_search(&v.0).map_or(OTHER_VALUE, |b| 1 << b);
    let masks = ds
        .events
        .iter()
        .map(|e| e.fields.iter().fold(0, |m, f| m | bit_of(f.value)))
        .collect();
    (by_count.into_iter().map(ValueIx).collect(), masks)
}

/// Appends `s` in the search text's form: lower case, except that an ASCII
/// letter starting a word is upper case. Word starts are where fuzzy terms
/// begin, so marking them lets one vectorised search for the upper-case
/// letter find exactly the places worth checking (a lower-case search found
/// three times as many, mostly inside words, at 100k events the bulk of a
/// search's time). Matching folds case back where it compares.
fn push_search_text(out: &mut Vec<u8>, s: &str) {
    let lower;
    let b = if s.is_ascii() {
        s.as_bytes()
    } else {
        // Letter by letter (not `str::to_lowercase`, which lowers a final
        // sigma by its context), so `search_text_with_places` gives the
        // same bytes with the letter each came from.
        lower = s.chars().flat_map(char::to_lowercase).collect::<String>();
        lower.as_bytes()
    };
    let Some(&first) = b.first() else { return };
    // Each byte against the one before it, branch-free, into a slice of
    // the same length, so the compiler does 32 or 64 at once (an iterator
    // that pushed byte by byte did not vectorise: the index took a fifth
    // of a large load).
    let mark = |c: u8, prev: u8| {
        let c = c.to_ascii_lowercase();
        c - 32 * u8::from(c.is_ascii_lowercase() & !is_word_byte(prev))
    };
    let start = out.len();
    out.resize(start + b.len(), 0);
    let dst = &mut out[start..];
    dst[0] = mark(first, SEP);
    for ((d, &c), &prev) in dst[1..].iter_mut().zip(&b[1..]).zip(b) {
        *d = mark(c, prev);
    }
}

/// Whether `s` lower-cases to other bytes than ASCII case folding gives.
fn folds_beyond_ascii(s: &str) -> bool {
    !s.is_ascii() && s.chars().any(|c| !c.is_ascii() && c.to_lowercase().ne(std::iter::once(c)))
}

/// `s` in the search text's form (see `push_search_text`).
pub fn search_text(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    push_search_text(&mut out, s);
    out
}

/// `search_text`, and for each byte the index of the character of `s` it
/// came from: to show where in the text a term matched.
fn search_text_with_places(s: &str) -> (Vec<u8>, Vec<u32>) {
    let mut places = Vec::with_capacity(s.len());
    let mut buf = [0u8; 4];
    for (k, c) in s.chars().enumerate() {
        for lower in c.to_lowercase() {
            places.extend(std::iter::repeat_n(k as u32, lower.encode_utf8(&mut buf).len()));
        }
    }
    (search_text(s), places)
}

fn joined_search_text<'a>(parts: impl IntoIterator<Item = &'a str>) -> Vec<u8> {
    let mut s = Vec::new();
    for (k, p) in parts.into_iter().enumerate() {
        if k > 0 {
            s.push(SEP);
        }
        push_search_text(&mut s, p);
    }
    s
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() | (b >= 0x80)
}

/// A search-text byte as a query has it (queries are lower case).
fn fold(b: u8) -> u8 {
    b.to_ascii_lowercase()
}

/// Where `needle` (lower case) first occurs in search text, ignoring the
/// word-start marks.
fn find_folded(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let Some((&first, rest)) = needle.split_first() else {
        return Some(0);
    };
    let candidates = memchr::memchr2_iter(first, first.to_ascii_uppercase(), hay);
    candidates
        .filter(|&i| hay.len() - i > rest.len())
        .find(|&i| hay[i + 1..i + 1 + rest.len()].iter().zip(rest).all(|(&h, &n)| fold(h) == n))
}

/// An exact term made ready to check many texts, as `find_folded` finds
/// it. One without letters (an address, a number) is the same bytes in
/// any case, and memchr's substring search finds it by its two rarest
/// bytes rather than at each occurrence of its first (`1` in
/// `'10.0.4.17`, on every row of a super-timeline).
enum Exact<'p> {
    Bytes(Box<memmem::Finder<'p>>),
    Folded(&'p [u8]),
}

impl<'p> Exact<'p> {
    fn new(needle: &'p [u8]) -> Self {
        if needle.iter().any(u8::is_ascii_alphabetic) {
            Exact::Folded(needle)
        } else {
            Exact::Bytes(Box::new(memmem::Finder::new(needle)))
        }
    }

    fn find(&self, hay: &[u8]) -> Option<usize> {
        match self {
            Exact::Bytes(f) => f.find(hay),
            Exact::Folded(needle) => find_folded(hay, needle),
        }
    }
}

/// The events' texts in search text (see `push_search_text`), laid out as
/// `Dataset::packed_texts` finds them, and where each event's ends.
fn marked_texts(events: &[Event]) -> (Vec<u8>, Vec<u32>) {
    let bytes: usize = events.iter().flat_map(|e| e.texts().map(|t| t.len() + 1)).sum();
    let mut text = Vec::with_capacity(bytes + bytes / 64);
    let ends = events
        .iter()
        .map(|e| {
            for t in e.texts() {
                push_search_text(&mut text, t);
                text.push(SEP);
            }
            (text.len() - 1) as u32
        })
        .collect();
    (text, ends)
}

/// The search text of each event whose text `folds_beyond_ascii`, by event.
fn folded_texts(events: &[Event]) -> Vec<(u32, Box<[u8]>)> {
    events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.texts().any(|t| folds_beyond_ascii(t)))
        .map(|(i, e)| {
            let mut s = search_text(&e.title);
            if let Some(summary) = e.summary() {
                s.push(SEP);
                push_search_text(&mut s, summary);
            }
            (i as u32, s.into_boxed_slice())
        })
        .collect()
}

/// The packed search text of `values`, each followed by a separator, and
/// where each one ends (before its separator): so a term can be looked
/// for in many values at once and never matches across two.
fn value_texts(values: &[FieldValue]) -> (Vec<u8>, Vec<u32>) {
    // Room for all of it at once: grown by doubling, the text of three
    // million values was copied into fresh memory several times.
    let room = values
        .iter()
        .map(|v| match v {
            FieldValue::Text(s) => s.len() + s.len() / 64 + 1,
            _ => 24,
        })
        .sum();
    let mut text = Vec::with_capacity(room);
    let ends = values
        .iter()
        .map(|v| {
            match v {
                FieldValue::Text(s) => push_search_text(&mut text, s),
                // Digits are their own search text; written in place,
                // not through a string of their own for each of a
                // million record numbers.
                FieldValue::Int(n) => {
                    let _ = std::io::Write::write_fmt(&mut text, format_args!("{n}"));
                }
                other => push_search_text(&mut text, &other.to_string()),
            }
            let end = text.len() as u32;
            text.push(SEP);
            end
        })
        .collect();
    text.shrink_to_fit();
    (text, ends)
}

/// Where text `i` of a block starts, the block laid out as `ends` says:
/// each text followed by `SEP`, `ends` where each ends before it.
fn start_of(ends: &[u32], i: usize) -> usize {
    if i == 0 {
        0
    } else {
        ends[i - 1] as usize + 1
    }
}

/// Which texts of a block (laid out as `start_of` reads it) `find` finds a
/// match in, given a stretch of the block, where its first match starts.
/// The block is searched a slice of texts at a time, not text by text: a
/// forensic timeline has millions of short values and titles, and a call
/// per text cost more than the search itself.
fn block_hits(
    text: &[u8],
    ends: &[u32],
    find: impl Fn(&[u8]) -> Option<usize> + Sync,
    abandoned: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<bool>> {
    let hits = parallel(ends.len(), abandoned, |r| {
        let mut out = vec![false; r.len()];
        let slice = &ends[r.clone()];
        let (mut at, end) = (start_of(ends, r.start), ends[r.end - 1] as usize);
        let mut k = 0;
        while let Some(found) = find(&text[at..end]) {
            // The text the match starts in; the search goes on after it.
            while (slice[k] as usize) < at + found {
                k += 1;
            }
            out[k] = true;
            at = slice[k] as usize + 1;
            k += 1;
            if at >= end {
                break;
            }
        }
        out
    })?;
    Some(hits.concat())
}

/// Whether `value` reads as `wanted` (lower case), ignoring case.
fn same_value(value: &FieldValue, wanted: &str) -> bool {
    let eq = |s: &str| s.chars().flat_map(char::to_lowercase).eq(wanted.chars());
    match value {
        FieldValue::Text(s) => eq(s.trim()),
        other => eq(&other.to_string()),
    }
}

impl SearchIndex {
    /// Whether `ds`'s titles are searched where it keeps them, packed
    /// (`Dataset::pack_texts`), rather than in a marked copy: all but
    /// prose (a summary on one event in eight or more).
    pub fn reads_in_place(ds: &Dataset) -> bool {
        ds.events.iter().filter(|e| e.summary().is_some()).count() * 8 < ds.events.len().max(1)
    }

    pub fn build(ds: &Dataset) -> Self {
        let prose = !Self::reads_in_place(ds);
        let ((text, ends), folded, (value_text, value_ends), (common_values, value_masks)) = std::thread::scope(|s| {
            let values = s.spawn(|| value_texts(&ds.values));
            let masks = s.spawn(|| value_masks(ds));
            let own = ds.packed_texts().filter(|_| !prose);
            let texts = match own {
                Some((block, ends)) => (Block::Own(block), ends),
                None => {
                    // Most of the work; both halves at once.
                    let (head, tail) = ds.events.split_at(ds.events.len() / 2);
                    let second = s.spawn(|| marked_texts(tail));
                    let (mut text, mut ends) = marked_texts(head);
                    let (more, more_ends) = joined(second);
                    let base = text.len() as u32;
                    text.extend_from_slice(&more);
                    ends.extend(more_ends.into_iter().map(|e| e + base));
                    text.shrink_to_fit();
                    (Block::Marked(text), ends)
                }
            };
            let folded = if texts.0.marked() { Vec::new() } else { folded_texts(&ds.events) };
            (texts, folded, joined(values), joined(masks))
        });
        let mut has_folded = Vec::new();
        if !folded.is_empty() {
            has_folded = vec![0u64; ds.events.len().div_ceil(64)];
            for &(i, _) in &folded {
                has_folded[i as usize / 64] |= 1 << (i % 64);
            }
        }
        let source_base = ds.actors.len() as u32;
        let tag_base = source_base + ds.sources.len() as u32;
        let mut refs = Vec::with_capacity(ds.events.len() * 6);
        let ref_ends: Vec<u32> = ds
            .events
            .iter()
            .map(|e| {
                refs.extend(e.actors());
                refs.extend(e.sources.iter().map(|s| s + source_base));
                refs.extend(e.tags.iter().map(|t| t + tag_base));
                refs.len() as u32
            })
            .collect();
        refs.shrink_to_fit();
        let one_each = ref_ends.iter().enumerate().all(|(i, &end)| end as usize == i + 1);
        let ref_ends = (!one_each).then_some(ref_ends);
        SearchIndex {
            byte_counts: byte_counts(text.bytes()),
            text,
            ends,
            folded,
            has_folded,
            refs,
            ref_ends,
            source_base,
            tag_base,
            actor_names: ds
                .actors
                .iter()
                .map(|a| joined_search_text(std::iter::once(a.name.as_str()).chain(a.aliases.iter().map(String::as_str))))
                .collect(),
            actor_all: ds
                .actors
                .iter()
                .map(|a| {
                    joined_search_text(
                        [a.id.as_str(), a.name.as_str()]
                            .into_iter()
                            .chain(a.aliases.iter().map(String::as_str)),
                    )
                })
                .collect(),
            source_titles: ds.sources.iter().map(|s| joined_search_text([s.title.as_str()])).collect(),
            source_all: ds
                .sources
                .iter()
                .map(|s| joined_search_text([s.id.as_str(), s.title.as_str(), s.publisher.as_deref().unwrap_or("")]))
                .collect(),
            tags: ds.tags.iter().map(|t| joined_search_text([t.as_str()])).collect(),
            field_names: ds.field_names.iter().map(|n| n.to_lowercase()).collect(),
            value_text,
            value_ends,
            common_values,
            value_masks,
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Bytes of event text a full search reads.
    pub fn text_bytes(&self) -> usize {
        self.text.bytes().len()
    }

    /// Event `i`'s title, `SEP`, summary, as search reads them, and
    /// whether that is a copy with its word starts marked.
    fn event_text(&self, i: usize) -> (&[u8], bool) {
        if self.has_folded.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1) {
            let k = self.folded.partition_point(|(e, _)| (*e as usize) < i);
            return (&self.folded[k].1, true);
        }
        (
            &self.text.bytes()[start_of(&self.ends, i)..self.ends[i] as usize],
            self.text.marked(),
        )
    }

    /// An event's title, as search reads it: the first field of its text.
    fn title(&self, i: usize) -> (&[u8], bool) {
        let (t, marked) = self.event_text(i);
        (&t[..memchr::memchr(SEP, t).unwrap_or(t.len())], marked)
    }

    fn value_text(&self, v: ValueIx) -> &[u8] {
        &self.value_text[start_of(&self.value_ends, v.index())..self.value_ends[v.index()] as usize]
    }

    /// Which field values `find` finds a match in (see `block_hits`);
    /// empty when none does.
    fn value_hits(&self, find: impl Fn(&[u8]) -> Option<usize> + Sync, abandoned: &(dyn Fn() -> bool + Sync)) -> Option<Vec<bool>> {
        let hits = block_hits(&self.value_text, &self.value_ends, find, abandoned)?;
        Some(if hits.contains(&true) { hits } else { Vec::new() })
    }

    /// Which events' texts `find` finds a match in (see `block_hits`): a
    /// search started in each event's text cost more than the search
    /// itself on a super-timeline. An event with a `folded` text is
    /// decided by it.
    fn text_hits(&self, find: impl Fn(&[u8], bool) -> Option<usize> + Sync, abandoned: &(dyn Fn() -> bool + Sync)) -> Option<Vec<bool>> {
        let marked = self.text.marked();
        let mut hits = block_hits(self.text.bytes(), &self.ends, |hay| find(hay, marked), abandoned)?;
        for (i, t) in &self.folded {
            hits[*i as usize] = find(t, true).is_some();
        }
        Some(hits)
    }

    /// `q`'s terms made ready to check `scope` events.
    fn prepare<'q>(&self, q: &'q Query, scope: usize, abandoned: &(dyn Fn() -> bool + Sync)) -> Option<Vec<Prepared<'q>>> {
        // Reading the whole block at once beats starting a search in each
        // event's text once a quarter of the events are to be checked,
        // for titles read in place. Not for prose in a marked copy: there
        // a word start is found directly, and many events match by an
        // actor, source or tag before their text is read (the synthetic
        // datasets' searches took a third longer).
        let whole = scope.saturating_mul(4) >= self.len() && self.len() >= CHECK_EVERY && !self.text.marked();
        q.terms.iter().map(|t| Prepared::new(self, t, whole, abandoned)).collect()
    }

    fn event_refs(&self, i: usize) -> &[u32] {
        match &self.ref_ends {
            None => &self.refs[i..i + 1],
            Some(ends) => {
                let start = if i == 0 { 0 } else { ends[i - 1] as usize };
                &self.refs[start..ends[i] as usize]
            }
        }
    }

    fn matches_prepared(&self, ds: &Dataset, i: usize, terms: &[Prepared]) -> bool {
        terms.iter().all(|t| t.matches(self, ds, i) != t.term.negate)
    }

    pub fn matches(&self, ds: &Dataset, i: usize, q: &Query) -> bool {
        self.prepare(q, 1, &|| false)
            .is_some_and(|terms| self.matches_prepared(ds, i, &terms))
    }

    /// Events matching `q`, in time order. `within` narrows the search to a
    /// previous result set when the query only grew.
    pub fn filter(&self, ds: &Dataset, q: &Query, within: Option<&[u32]>) -> Vec<u32> {
        self.filter_until(ds, q, within, &|| false).unwrap_or_default()
    }

    /// `filter`, giving up (None) as soon as `abandoned` says the answer is
    /// no longer wanted.
    pub fn filter_until(&self, ds: &Dataset, q: &Query, within: Option<&[u32]>, abandoned: &(dyn Fn() -> bool + Sync)) -> Option<Vec<u32>> {
        let terms = self.prepare(q, within.map_or(self.len(), <[u32]>::len), abandoned)?;
        let keep = |i: u32| self.matches_prepared(ds, i as usize, &terms);
        let chunks = match within {
            Some(prev) => parallel(prev.len(), abandoned, |r| prev[r].iter().copied().filter(|&i| keep(i)).collect()),
            None => parallel(self.len(), abandoned, |r| {
                (r.start as u32..r.end as u32).filter(|&i| keep(i)).collect()
            }),
        }?;
        Some(chunks.concat())
    }

    /// The match score of an event: the sum, over positive fuzzy and exact
    /// terms, of how well the term matches its best field. Title matches
    /// beat summary and field matches, which beat matches in an actor's,
    /// tag's or source's name; contiguous letters beat scattered ones.
    fn score(&self, ds: &Dataset, i: usize, terms: &[Prepared]) -> u32 {
        let (title, marked) = self.title(i);
        let rest = &self.event_text(i).0[title.len()..];
        let fields = &ds.events[i].fields;
        terms
            .iter()
            .filter(|t| !t.term.negate)
            .map(|t| match &t.term.kind {
                TermKind::Fuzzy(p) => {
                    let p = p.as_bytes();
                    let in_values = || fields.iter().filter_map(|f| fuzzy_score(self.value_text(f.value), p, true)).max();
                    fuzzy_score(title, p, marked)
                        .map(|s| s + 100)
                        .or_else(|| fuzzy_score(rest, p, marked).max(in_values()))
                        .unwrap_or(if t.ref_hit(self, i) { 20 } else { 0 })
                }
                TermKind::Exact(_) => {
                    let found = |hay: &[u8]| t.exact.as_ref().is_some_and(|x| x.find(hay).is_some());
                    if found(title) {
                        160
                    } else if found(rest) || t.value_hit(self, ds, i) {
                        60
                    } else if t.ref_hit(self, i) {
                        20
                    } else {
                        0
                    }
                }
                _ => 0,
            })
            .sum()
    }

    /// `results` ordered by score, best first; ties keep time order.
    pub fn rank(&self, ds: &Dataset, results: &[u32], q: &Query) -> Vec<u32> {
        self.rank_until(ds, results, q, &|| false).unwrap_or_default()
    }

    pub fn rank_until(&self, ds: &Dataset, results: &[u32], q: &Query, abandoned: &(dyn Fn() -> bool + Sync)) -> Option<Vec<u32>> {
        // Scoring reads each result's own text.
        let terms = self.prepare(q, 0, abandoned)?;
        let chunks = parallel(results.len(), abandoned, |r| {
            results[r]
                .iter()
                .map(|&i| (self.score(ds, i as usize, &terms), i))
                .collect::<Vec<(u32, u32)>>()
        })?;
        let mut scored = chunks.concat();
        scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        self.break_ties(&mut scored, q);
        Some(scored.into_iter().map(|(_, i)| i).collect())
    }

    /// Among the best results that share a score, fuzzy-matcher's finer
    /// score of the title orders them (tighter and earlier first); a few
    /// hundred titles, so it costs nothing at any size.
    fn break_ties(&self, scored: &mut [(u32, u32)], q: &Query) {
        let words: Vec<&str> = q.highlight_terms().collect();
        if words.is_empty() {
            return;
        }
        let matcher = SkimMatcherV2::default().ignore_case();
        let top = scored.len().min(TIE_BREAK);
        let fine = |i: u32| -> i64 {
            let title = String::from_utf8_lossy(self.title(i as usize).0).into_owned();
            words.iter().filter_map(|w| matcher.fuzzy_match(&title, w)).sum()
        };
        let mut keyed: Vec<(u32, i64, u32)> = scored[..top].iter().map(|&(s, i)| (s, fine(i), i)).collect();
        keyed.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        for (slot, (s, _, i)) in scored[..top].iter_mut().zip(keyed) {
            *slot = (s, i);
        }
    }

    /// Where to put the selection after a search: the first event (in the
    /// order given) whose title holds every positive term as typed, else
    /// the first result. Cheap, unlike scoring every match, and it lands on
    /// "the Norway event" for `norway`. Looks at the first 100,000 only.
    pub fn best_position(&self, results: &[u32], q: &Query) -> usize {
        let words: Vec<&str> = q.highlight_terms().collect();
        if words.is_empty() {
            return 0;
        }
        results
            .iter()
            .take(100_000)
            .position(|&i| {
                let t = self.title(i as usize).0;
                words.iter().all(|w| find_folded(t, w.as_bytes()).is_some())
            })
            .unwrap_or(0)
    }
}

/// A query term made ready to check many events: which actors, sources and
/// tags it matches, found once rather than once per event, in the
/// numbering of `SearchIndex::refs`. Empty when it matches none.
struct Prepared<'q> {
    term: &'q Term,
    hits: Vec<bool>,
    /// For a fuzzy or exact term: which of the dataset's field values it
    /// matches. Empty when it matches none.
    value_hits: Vec<bool>,
    /// Of those, the common ones as `SearchIndex::value_masks` has them,
    /// and whether it matches any other.
    common_hits: u32,
    other_hits: bool,
    /// For a fuzzy or exact term checked against most events: which
    /// events' texts it matches, found in one pass (`text_hits`).
    text_hits: Option<Vec<bool>>,
    /// A fuzzy term's own matcher (None when the term is empty).
    fuzzy: Option<Fuzzy<'q>>,
    /// An exact term's own matcher.
    exact: Option<Exact<'q>>,
    /// For a `field:` term: the numbers of the field names it names.
    fields: Vec<u32>,
    /// For a `technique:` or `tactic:` term: which techniques of the ATT&CK
    /// table it takes.
    techniques: Vec<bool>,
}

impl<'q> Prepared<'q> {
    fn new(index: &SearchIndex, term: &'q Term, whole: bool, abandoned: &(dyn Fn() -> bool + Sync)) -> Option<Self> {
        let (a, s, t) = (index.actor_names.len(), index.source_titles.len(), index.tags.len());
        let mut hits = vec![false; a + s + t];
        let mut mark = |base: u32, items: &[Vec<u8>], f: &dyn Fn(&[u8]) -> bool| {
            for (k, item) in items.iter().enumerate() {
                hits[base as usize + k] = f(item);
            }
        };
        let (sb, tb) = (index.source_base, index.tag_base);
        let fuzzy = match &term.kind {
            TermKind::Fuzzy(p) => Fuzzy::counted(p.as_bytes(), &index.byte_counts),
            _ => None,
        };
        let exact = match &term.kind {
            TermKind::Exact(p) => Some(Exact::new(p.as_bytes())),
            _ => None,
        };
        match &term.kind {
            TermKind::Fuzzy(_) => {
                let m = |s: &[u8]| fuzzy.as_ref().is_none_or(|f| f.matches(s, true));
                mark(0, &index.actor_names, &m);
                mark(sb, &index.source_titles, &m);
                mark(tb, &index.tags, &m);
            }
            TermKind::Exact(p) => {
                let m = |s: &[u8]| find_folded(s, p.as_bytes()).is_some();
                mark(0, &index.actor_names, &m);
                mark(sb, &index.source_titles, &m);
                mark(tb, &index.tags, &m);
            }
            TermKind::Field(field, p) => {
                let m = |s: &[u8]| find_folded(s, p.as_bytes()).is_some();
                match field {
                    Field::Actor => mark(0, &index.actor_all, &m),
                    Field::Source => mark(sb, &index.source_all, &m),
                    Field::Tag => mark(tb, &index.tags, &m),
                    Field::Phase => {}
                }
            }
            // The others look at the event itself, not its references.
            _ => {}
        }
        if !hits.contains(&true) {
            hits = Vec::new();
        }
        let value_hits = match (&fuzzy, &exact) {
            (Some(f), _) => index.value_hits(|hay| f.first_in_block(hay, true), abandoned)?,
            (_, Some(x)) => index.value_hits(|hay| x.find(hay), abandoned)?,
            // An empty fuzzy term matches every event by its text already.
            _ => Vec::new(),
        };
        let common_hits = index
            .common_values
            .iter()
            .enumerate()
            .filter(|(_, v)| value_hits.get(v.index()) == Some(&true))
            .fold(0u32, |m, (b, _)| m | 1 << b);
        let other_hits = value_hits.iter().filter(|&&h| h).count() > common_hits.count_ones() as usize;
        let text_hits = match (&fuzzy, &exact) {
            (Some(f), _) if whole => Some(index.text_hits(|hay, marked| f.first_in_block(hay, marked), abandoned)?),
            (_, Some(x)) if whole => Some(index.text_hits(|hay, _| x.find(hay), abandoned)?),
            _ => None,
        };
        let fields = match &term.kind {
            TermKind::HasField { name, .. } => (0..index.field_names.len() as u32)
                .filter(|&k| index.field_names[k as usize] == *name)
                .collect(),
            _ => Vec::new(),
        };
        let techniques = match &term.kind {
            TermKind::Technique(p) => technique_matches(p),
            TermKind::Tactic(p) => crate::model::attack::table()
                .techniques
                .iter()
                .map(|t| t.tactics.iter().any(|x| x.starts_with(p.as_str())))
                .collect(),
            _ => Vec::new(),
        };
        Some(Prepared {
            term,
            hits,
            value_hits,
            common_hits,
            other_hits,
            text_hits,
            fuzzy,
            exact,
            fields,
            techniques,
        })
    }

    /// Whether one of the event's actors, sources or tags matches.
    fn ref_hit(&self, index: &SearchIndex, i: usize) -> bool {
        !self.hits.is_empty() && index.event_refs(i).iter().any(|&r| self.hits[r as usize])
    }

    /// Whether the event's text matches: as found for every event at once,
    /// else by `check`.
    fn text_hit(&self, i: usize, check: impl FnOnce() -> bool) -> bool {
        match &self.text_hits {
            Some(hits) => hits[i],
            None => check(),
        }
    }

    /// Whether one of the event's field values matches.
    fn value_hit(&self, index: &SearchIndex, ds: &Dataset, i: usize) -> bool {
        if self.value_hits.is_empty() {
            return false;
        }
        let read = || ds.events[i].fields.iter().any(|f| self.value_hits[f.value.index()]);
        match index.value_masks.get(i) {
            Some(&m) => m & self.common_hits != 0 || (self.other_hits && m & OTHER_VALUE != 0 && read()),
            None => read(),
        }
    }

    fn matches(&self, index: &SearchIndex, ds: &Dataset, i: usize) -> bool {
        match &self.term.kind {
            TermKind::Fuzzy(_) => {
                self.ref_hit(index, i)
                    || self.text_hit(i, || {
                        let (hay, marked) = index.event_text(i);
                        self.fuzzy.as_ref().is_none_or(|f| f.matches(hay, marked))
                    })
                    || self.value_hit(index, ds, i)
            }
            TermKind::Exact(_) => {
                self.ref_hit(index, i)
                    || self.text_hit(i, || self.exact.as_ref().is_some_and(|x| x.find(index.event_text(i).0).is_some()))
                    || self.value_hit(index, ds, i)
            }
            TermKind::Field(Field::Phase, p) => ds.events[i].phase.is_some_and(|ph| ph.as_str().starts_with(p.as_str())),
            TermKind::Field(..) => self.ref_hit(index, i),
            TermKind::After(d) => ds.events[i].date.start_nanos() >= d.start_nanos(),
            TermKind::Before(d) => ds.events[i].date.start_nanos() < d.end_nanos(),
            TermKind::MinConfidence(c) => ds.events[i].confidence.is_some_and(|x| x >= *c),
            TermKind::MinReliability(r) => ds.events[i]
                .sources
                .iter()
                .any(|&s| ds.source(s).reliability.is_some_and(|x| x <= *r)),
            TermKind::HasField { value, .. } => ds.events[i]
                .fields
                .iter()
                .any(|f| self.fields.contains(&f.name) && value.as_deref().is_none_or(|v| same_value(ds.value(f.value), v))),
            TermKind::Technique(_) | TermKind::Tactic(_) => ds.events[i].techniques().iter().any(|&t| self.techniques[t as usize]),
            TermKind::Ioc(v) => ds.events[i]
                .indicators()
                .iter()
                .any(|x| x.value.to_lowercase().contains(v.as_str())),
            TermKind::IocType(k) => ds.events[i].indicators().iter().any(|x| x.kind == *k),
            TermKind::Sources { min, max } => {
                let n = ds.events[i].sources.len();
                n >= *min && max.is_none_or(|m| n <= m)
            }
        }
    }
}

/// The techniques a `technique:` term takes: by id prefix (`t1566` takes
/// T1566 and T1566.001...) when it looks like an id, else every word of
/// it in the name (`phishing`, `spearphishing link`).
fn technique_matches(p: &str) -> Vec<bool> {
    let techniques = &crate::model::attack::table().techniques;
    let looks_like_id = p.starts_with('t') && p[1..].chars().next().is_some_and(|c| c.is_ascii_digit());
    if looks_like_id {
        let up = p.to_uppercase();
        techniques.iter().map(|t| t.id.starts_with(&up)).collect()
    } else {
        let words: Vec<&str> = p.split(['-', '_']).filter(|w| !w.is_empty()).collect();
        techniques
            .iter()
            .map(|t| {
                let name = t.name.to_lowercase();
                words.iter().all(|w| name.contains(w))
            })
            .collect()
    }
}

/// How far past its first letter a fuzzy term's letters may lie, in bytes.
const FUZZY_WINDOW: usize = 24;

/// Where a fuzzy term whose first letter is `first` may begin: its word
/// starts. In search text (`marked`), an ASCII letter's are its upper
/// case, found directly; else by the byte before a letter of either case.
fn word_starts(hay: &[u8], first: u8, marked: bool) -> WordStarts<'_> {
    let upper = first.to_ascii_uppercase();
    if marked && first.is_ascii_lowercase() {
        WordStarts::Marked(memchr::memchr_iter(upper, hay))
    } else {
        WordStarts::Any(hay, memchr::memchr2_iter(first, upper, hay))
    }
}

/// What `word_starts` finds them with: a search for one byte where they
/// are marked (a third of the time of one for two and a look back, on
/// prose), else for both cases and a look at the byte before.
enum WordStarts<'a> {
    Marked(memchr::Memchr<'a>),
    Any(&'a [u8], memchr::Memchr2<'a>),
}

impl Iterator for WordStarts<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        match self {
            WordStarts::Marked(found) => found.next(),
            WordStarts::Any(hay, found) => found.find(|&i| i == 0 || !is_word_byte(hay[i - 1])),
        }
    }
}

/// Where the rest of a fuzzy term lies after a first letter at `i`: the
/// offset of its last letter, if all of it fits in the window and the field.
fn fuzzy_end(hay: &[u8], i: usize, rest: &[u8]) -> Option<usize> {
    let mut k = 0;
    for (off, &c) in hay[i + 1..].iter().take(FUZZY_WINDOW).enumerate() {
        if k == rest.len() || c == SEP {
            break;
        }
        if fold(c) == rest[k] {
            k += 1;
            if k == rest.len() {
                return Some(i + 1 + off);
            }
        }
    }
    (k == rest.len()).then_some(i)
}

/// Whether a fuzzy term matches search text (see `search_text`): within
/// one field, a word starting with the term's first letter begins a short
/// stretch that holds the rest of the term in order. A plain subsequence
/// over a 200-character summary matches nearly any six letters (`dowden`
/// matched a third of the bundled events); anchoring at a word start and
/// bounding the stretch keeps typos and abbreviations (`nrwy`, `ncsc
/// attr`) while dropping scattered letters. No scoring.
pub fn fuzzy_matches(hay: &[u8], pat: &[u8]) -> bool {
    Fuzzy::new(pat).is_none_or(|f| f.matches(hay, true))
}

/// A fuzzy term made ready to check many texts.
struct Fuzzy<'p> {
    first: u8,
    rest: &'p [u8],
    /// The rarest letter of `rest`, in both cases, repeated in every byte
    /// of a word.
    probe: [u64; 2],
    /// Whether that letter is rarer than the first, so that a block is
    /// searched for it rather than for word starts (`first_in_block`).
    by_probe: bool,
}

const ONES: u64 = 0x0101_0101_0101_0101;

/// Whether any byte of `w` is the byte repeated in `b` (exact).
fn has_byte(w: u64, b: u64) -> bool {
    let v = w ^ b;
    v.wrapping_sub(ONES) & !v & (ONES << 7) != 0
}

impl<'p> Fuzzy<'p> {
    /// With letters as rare as they are in English text.
    fn new(pat: &'p [u8]) -> Option<Self> {
        // Letters from the most to the least common; anything else (a
        // digit, a mark, a letter outside ASCII) is rarer than all of them.
        const COMMON: &[u8] = b"etaoinshrdlcumwfgypbvkjxqz";
        Self::with_rarity(pat, |c| COMMON.iter().position(|&x| x == c).unwrap_or(COMMON.len()) as u64)
    }

    /// With letters as rare as they are in the texts `counts` sampled: a
    /// super-timeline is not English (`1` is on every row, `w` rarer
    /// than `p`).
    fn counted(pat: &'p [u8], counts: &[u32]) -> Option<Self> {
        Self::with_rarity(pat, |c| {
            let both = u64::from(counts[c as usize])
                + if c.is_ascii_lowercase() {
                    u64::from(counts[c.to_ascii_uppercase() as usize])
                } else {
                    0
                };
            u64::MAX - both
        })
    }

    /// `rarity`: of a letter in either case, higher for rarer.
    fn with_rarity(pat: &'p [u8], rarity: impl Fn(u8) -> u64) -> Option<Self> {
        let (&first, rest) = pat.split_first()?;
        let probe = rest.iter().copied().max_by_key(|&c| rarity(c)).unwrap_or(first);
        Some(Fuzzy {
            first,
            rest,
            probe: [probe, probe.to_ascii_uppercase()].map(|b| u64::from(b) * ONES),
            by_probe: rarity(probe) > rarity(first),
        })
    }

    fn matches(&self, hay: &[u8], marked: bool) -> bool {
        // A fixed stretch, not one that grows with the term: then a match
        // for a longer term implies one for its prefix, which narrowing
        // relies on (a property test caught `bna` matching where `bn` did
        // not).
        self.first(hay, marked).is_some()
    }

    /// Where the first match starts.
    fn first(&self, hay: &[u8], marked: bool) -> Option<usize> {
        word_starts(hay, self.first, marked).find(|&i| self.may_follow(hay, i) && fuzzy_end(hay, i, self.rest).is_some())
    }

    /// Where a match starts in the first text of a block (texts joined
    /// by `SEP`) that holds one; not always that text's first match. The
    /// term's rarest letter is found first and a word start looked for in
    /// the stretch before it: on a super-timeline a common first letter
    /// (`s`) starts a word many times in every row, and `first` tried each.
    /// Unless that letter is rarer than the first (`fi`: every byte would
    /// be looked at), the word starts are tried, as `first` does. The first
    /// text is found because every match has an occurrence of the rarest
    /// letter after its start in its own text, taken here in order.
    fn first_in_block(&self, hay: &[u8], marked: bool) -> Option<usize> {
        if !self.by_probe {
            return self.first(hay, marked);
        }
        let upper = self.first.to_ascii_uppercase();
        let starts_here = |i: usize| {
            if marked && self.first.is_ascii_lowercase() {
                hay[i] == upper
            } else {
                (hay[i] == self.first || hay[i] == upper) && (i == 0 || !is_word_byte(hay[i - 1]))
            }
        };
        let [probe, probe_upper] = self.probe.map(|p| p as u8);
        // Starts before `from` were tried for an earlier occurrence.
        let mut from = 0;
        for p in memchr::memchr2_iter(probe, probe_upper, hay) {
            let lo = p.saturating_sub(FUZZY_WINDOW).max(from);
            if let Some(i) = (lo..p).find(|&i| starts_here(i) && fuzzy_end(hay, i, self.rest).is_some()) {
                return Some(i);
            }
            from = p;
        }
        None
    }

    /// The bytes of `hay` the first match takes (the first word start
    /// that `matches` accepts, and the rest's letters as `fuzzy_end`
    /// finds them).
    fn find(&self, hay: &[u8]) -> Option<Vec<usize>> {
        let i = self.first(hay, true)?;
        let mut at = vec![i];
        let mut k = 0;
        for (off, &c) in hay[i + 1..].iter().take(FUZZY_WINDOW).enumerate() {
            if k == self.rest.len() {
                break;
            }
            if fold(c) == self.rest[k] {
                at.push(i + 1 + off);
                k += 1;
            }
        }
        Some(at)
    }

    /// False when the stretch after a first letter at `i` lacks the
    /// term's rarest letter: three word-wide tests instead of a walk
    /// through the stretch, which most word starts fail (a fifth to a
    /// half of a search's time on the keystrokes that narrow the least).
    fn may_follow(&self, hay: &[u8], i: usize) -> bool {
        if self.rest.is_empty() {
            return true;
        }
        let Some(stretch) = hay.get(i + 1..i + 1 + FUZZY_WINDOW) else {
            return true;
        };
        stretch.chunks_exact(8).any(|w| {
            let w = u64::from_le_bytes(w.try_into().unwrap_or_default());
            self.probe.iter().any(|&p| has_byte(w, p))
        })
    }
}

/// How well a fuzzy term matches a field, if it does: tighter is better,
/// all letters together best, the start of the field a little better.
fn fuzzy_score(hay: &[u8], pat: &[u8], marked: bool) -> Option<u32> {
    let (&first, rest) = pat.split_first()?;
    word_starts(hay, first, marked)
        .filter_map(|i| {
            let end = fuzzy_end(hay, i, rest)?;
            let gaps = (end + 1 - i - pat.len()) as u32;
            Some(50u32.saturating_sub(2 * gaps) + if gaps == 0 { 10 } else { 0 } + if i == 0 { 5 } else { 0 })
        })
        .max()
}

/// Slices of work done, each with its number (for putting them in order).
type Slices<T> = Vec<(usize, Vec<T>)>;

/// Runs `work` over `0..n` on every core when there is enough of it, in
/// slices of `CHECK_EVERY` handed out one at a time, so that a core that
/// falls behind (the machine is shared) is helped by the others rather
/// than waited for, and an abandoned search stops early. Returns the
/// slices' outputs in order, or None if abandoned.
fn parallel<T: Send>(n: usize, abandoned: &(dyn Fn() -> bool + Sync), work: impl Fn(Range<usize>) -> Vec<T> + Sync) -> Option<Vec<Vec<T>>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    const PER_THREAD: usize = 20_000;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(n / PER_THREAD)
        .max(1);
    let next = AtomicUsize::new(0);
    let run = || -> Option<Slices<T>> {
        let mut out = Vec::new();
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let start = k * CHECK_EVERY;
            if start >= n {
                return Some(out);
            }
            if abandoned() {
                return None;
            }
            out.push((k, work(start..(start + CHECK_EVERY).min(n))));
        }
    };
    let mut done: Slices<T> = std::thread::scope(|s| {
        let helpers: Vec<_> = (1..threads).map(|_| s.spawn(run)).collect();
        let mine = run();
        // A helper that panicked is not an abandoned search: the panic
        // goes on to the caller (and the runtime reports it).
        let helpers: Vec<Option<Slices<T>>> = helpers
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect();
        helpers.into_iter().try_fold(mine?, |mut all, h| {
            all.extend(h?);
            Some(all)
        })
    })?;
    done.sort_unstable_by_key(|(k, _)| *k);
    Some(done.into_iter().map(|(_, v)| v).collect())
}

/// The letters of a text (a title on screen) that a query's positive
/// fuzzy and exact terms match in it, by the matcher that decides whether
/// an event matches: a title is highlighted where, and only where, it
/// matched.
pub struct Highlighter {
    terms: Vec<(Vec<u8>, bool)>,
}

impl Highlighter {
    pub fn new(q: &Query) -> Self {
        let terms = q
            .terms
            .iter()
            .filter(|t| !t.negate)
            .filter_map(|t| match &t.kind {
                TermKind::Fuzzy(p) => Some((p.as_bytes().to_vec(), true)),
                TermKind::Exact(p) => Some((p.as_bytes().to_vec(), false)),
                _ => None,
            })
            .collect();
        Highlighter { terms }
    }

    /// Character positions in `text` to highlight, sorted.
    pub fn positions(&self, text: &str) -> Vec<usize> {
        if self.terms.is_empty() {
            return Vec::new();
        }
        let (hay, places) = search_text_with_places(text);
        let mut out: Vec<usize> = Vec::new();
        for (term, fuzzy) in &self.terms {
            let bytes: Vec<usize> = if *fuzzy {
                Fuzzy::new(term).and_then(|f| f.find(&hay)).unwrap_or_default()
            } else {
                find_folded(&hay, term).map(|i| (i..i + term.len()).collect()).unwrap_or_default()
            };
            out.extend(bytes.into_iter().filter_map(|b| places.get(b).map(|&c| c as usize)));
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// `Highlighter::positions` for one text.
pub fn highlight_positions(text: &str, q: &Query) -> Vec<usize> {
    Highlighter::new(q).positions(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store;

    fn default_ds() -> Dataset {
        store::load_bundled(store::bundled::default()).unwrap().dataset
    }

    fn ids(ds: &Dataset, r: &[u32]) -> Vec<String> {
        r.iter().map(|&i| ds.events[i as usize].id.to_string()).collect()
    }

    /// The values a term finds, by number, over a table several slices
    /// of work long (`CHECK_EVERY`).
    fn found_values(values: &[&str], term: &str) -> Vec<usize> {
        let mut ds = Dataset::nothing();
        ds.values = values.iter().map(|v| FieldValue::Text((*v).into())).collect();
        let index = SearchIndex::build(&ds);
        let q = Query::parse(term);
        let t = Prepared::new(&index, &q.terms[0], false, &|| false).unwrap();
        t.value_hits.iter().enumerate().filter(|(_, &h)| h).map(|(v, _)| v).collect()
    }

    #[test]
    fn a_term_is_found_in_every_value_that_has_it_and_never_across_two() {
        let mut values: Vec<String> = (0..3 * CHECK_EVERY + 7).map(|k| format!("host{k:05}")).collect();
        values[0] = "svc_backup".into();
        values[CHECK_EVERY - 1] = "x svc_backup!".into();
        values[CHECK_EVERY] = "svc_backup twice svc_backup".into();
        values[2 * CHECK_EVERY + 3] = String::new();
        values[2 * CHECK_EVERY + 4] = "SVC_BACKUP".into();
        let last = values.len() - 1;
        values[last] = "the svc_backup".into();
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        let want = vec![0, CHECK_EVERY - 1, CHECK_EVERY, 2 * CHECK_EVERY + 4, last];
        assert_eq!(found_values(&refs, "'svc_backup"), want);
        assert_eq!(found_values(&refs, "svc_backup"), want);
        assert_eq!(found_values(&refs, "svcbkp"), want, "fuzzy, within a value");
        // `host00001` then `host00002`: `1h` would match across the two.
        assert_eq!(found_values(&refs, "'1host"), Vec::<usize>::new());
        assert_eq!(found_values(&refs, "'host00002"), [2]);
        // The last value of one slice of work, not the first of the next.
        assert_eq!(found_values(&refs, "'!"), [CHECK_EVERY - 1]);
        assert!(found_values(&refs, "nothing").is_empty());
    }

    #[test]
    fn events_are_found_by_common_values_as_by_reading_their_fields() {
        // 40 hosts, host k on k+2 events, and a record number on each: the
        // 31 busiest hosts get a bit, the rest and the numbers do not.
        let mut ds = default_ds();
        let template = ds.events[0].clone();
        ds.field_names = vec!["host".into(), "record".into()];
        ds.values = (0..40).map(|k| FieldValue::Text(format!("host-{k:02}").into())).collect();
        ds.events.clear();
        for k in 0..40 {
            for _ in 0..k + 2 {
                let mut e = template.clone();
                let n = ds.events.len() as u32;
                e.id = format!("e{n}").into();
                e.title = "logon".into();
                ds.values.push(FieldValue::Int(9000 + i64::from(n)));
                e.fields = vec![
                    crate::model::Field {
                        name: 0,
                        value: ValueIx(k),
                    },
                    crate::model::Field {
                        name: 1,
                        value: ValueIx(ds.values.len() as u32 - 1),
                    },
                ]
                .into();
                ds.events.push(e);
            }
        }
        let idx = SearchIndex::build(&ds);
        let busiest: Vec<ValueIx> = (9..40).map(ValueIx).collect();
        assert_eq!(idx.common_values, busiest, "the 31 most frequent values");
        assert_eq!(idx.value_masks[0], OTHER_VALUE, "host-00 and a record number: neither common");
        assert_eq!(*idx.value_masks.last().unwrap(), OTHER_VALUE | 1 << 30);
        let mut reading = idx.clone();
        reading.value_masks.clear();
        for term in ["'host-3", "'host-0", "'host-", "hst39", "'9005", "'90", "!'host-39", "nothing"] {
            let q = Query::parse(term);
            let found = idx.filter(&ds, &q, None);
            assert_eq!(found, reading.filter(&ds, &q, None), "{term}");
            assert_eq!(idx.rank(&ds, &found, &q), reading.rank(&ds, &found, &q), "{term}");
        }
        assert_eq!(idx.filter(&ds, &Query::parse("'host-39"), None).len(), 41);
        assert_eq!(idx.filter(&ds, &Query::parse("'host-0"), None).len(), (2..12).sum::<usize>());
    }

    #[test]
    fn an_event_is_found_by_its_field_values_and_ranked_below_a_title_match() {
        let mut ds = default_ds();
        ds.field_names = vec!["user".into()];
        ds.values = vec![FieldValue::Text("svc_backup".into()), FieldValue::Int(4625)];
        let (a, b) = (3, 7);
        ds.events[a].fields = vec![crate::model::Field {
            name: 0,
            value: ValueIx(0),
        }]
        .into();
        ds.events[b].fields = vec![crate::model::Field {
            name: 0,
            value: ValueIx(1),
        }]
        .into();
        ds.events[b].title = "svc_backup logged on".into();
        let idx = SearchIndex::build(&ds);
        for term in ["svc_backup", "'svc_backup", "svcbkp"] {
            let q = Query::parse(term);
            let found = idx.filter(&ds, &q, None);
            assert_eq!(found, [a as u32, b as u32], "{term}");
            assert_eq!(idx.rank(&ds, &found, &q), [b as u32, a as u32], "{term}: the title first");
        }
        assert_eq!(idx.filter(&ds, &Query::parse("4625"), None), [b as u32], "a number by its digits");
        assert_eq!(idx.filter(&ds, &Query::parse("!svc_backup"), None).len(), ds.events.len() - 2);
    }

    #[test]
    fn a_packed_dataset_is_searched_in_place_and_finds_what_a_copy_finds() {
        let mut ds = default_ds();
        // Titles, as a forensic timeline has them: searched where they lie.
        for e in &mut ds.events {
            e.set_summary(None);
        }
        // Case folded as ASCII, beyond it, and summaries on their own lines.
        ds.events[2].title = "ÉTÉ À PARIS: Svc_Backup logged ON".into();
        ds.events[4].title = "POWERSHELL.EXE ran".into();
        ds.events[4].set_summary(Some("Seen kqv\nzqj SOC".into()));
        let copy = SearchIndex::build(&ds);
        ds.pack_texts();
        let packed = SearchIndex::build(&ds);
        assert!(
            matches!(&packed.text, Block::Own(b) if Arc::ptr_eq(b, ds.events[0].title.place().0)),
            "the dataset's block, not a copy"
        );
        assert!(copy.text.marked(), "not packed: a marked copy");
        for term in [
            "été",
            "'\"été à\"",
            "svcbkp",
            "'\"backup logged on\"",
            "powershel",
            "'.exe",
            "kqvzqj",
            "'\"zqj soc\"",
            "norway",
            "!apt31",
        ] {
            let q = Query::parse(term);
            let found = packed.filter(&ds, &q, None);
            assert_eq!(found, copy.filter(&ds, &q, None), "{term}");
            assert_eq!(packed.rank(&ds, &found, &q), copy.rank(&ds, &found, &q), "{term}");
        }
        let found = |term: &str| packed.filter(&ds, &Query::parse(term), None);
        assert_eq!(found("'\"été à paris\""), [2], "found by its lower case");
        assert_eq!(found("svcbkp"), [2], "a word start in either case");
        assert_eq!(found("'\"exe ran\""), [4]);
        assert_eq!(found("kqvzqj"), Vec::<u32>::new(), "not across a summary's lines");
        assert_eq!(found("kqv"), [4]);
        assert_eq!(found("'\"ran seen\""), Vec::<u32>::new(), "not across title and summary");
        assert_eq!(found("'\"zqj soc\""), [4]);
    }

    #[test]
    fn reading_the_whole_block_finds_what_each_event_alone_finds() {
        // Several slices of work long, with summaries, texts that fold
        // beyond ASCII, and matches at the edges of events and slices;
        // titles with a few summaries (searched where they lie, the block
        // at once), and prose (searched in a marked copy, event by event).
        let template = default_ds().events[0].clone();
        let words = ["svc_backup", "Prefetch", "ÉTÉ", "powershell.EXE", "10.0.4.17", "logon", "x"];
        for summary_every in [10, 5] {
            let mut ds = default_ds();
            ds.events = (0..3 * CHECK_EVERY + 7)
                .map(|k| {
                    let mut e = template.clone();
                    e.id = format!("e{k}").into();
                    let w = words[k % words.len()];
                    e.title = format!("{w} {k} {}", words[(k / 7) % words.len()]).into();
                    let summary = (k % summary_every == 0).then(|| format!("seen {}\nby SOC", words[(k / 3) % words.len()]).into());
                    e.set_summary(summary);
                    e
                })
                .collect();
            ds.pack_texts();
            let idx = SearchIndex::build(&ds);
            assert_eq!(idx.text.marked(), summary_every == 5, "prose from a summary on one event in eight");
            assert_eq!(idx.folded.is_empty(), summary_every == 5);
            for term in [
                "svc",
                "svcbkp",
                "'backup 1",
                "été",
                "'\"été 1\"",
                "pwrshl",
                "'.exe",
                "'10.0.4.17",
                "seen",
                "bysoc",
                "'soc",
                "x",
                "'x",
                "!logon",
                "'\"x 69\"",
            ] {
                let q = Query::parse(term);
                let terms = idx.prepare(&q, 1, &|| false).unwrap();
                assert!(terms.iter().all(|t| t.text_hits.is_none()));
                let one_by_one: Vec<u32> = (0..ds.events.len() as u32)
                    .filter(|&i| idx.matches_prepared(&ds, i as usize, &terms))
                    .collect();
                assert_eq!(idx.filter(&ds, &q, None), one_by_one, "{term}, a summary every {summary_every}");
                assert!(!one_by_one.is_empty(), "{term} finds something");
            }
        }
    }

    #[test]
    fn a_fuzzy_term_starts_from_the_letter_rarest_in_the_dataset() {
        // English has `p` rarer than `w`; this timeline the other way round.
        let mut counts = vec![0u32; 256];
        counts[b'p' as usize] = 900;
        counts[b'P' as usize] = 100;
        counts[b'w' as usize] = 300;
        counts[b'W' as usize] = 400;
        counts[b'o' as usize] = 1_500;
        assert!(!Fuzzy::new(b"pow").unwrap().by_probe);
        let f = Fuzzy::counted(b"pow", &counts).unwrap();
        assert!(f.by_probe, "w (700 in either case) is rarer than p (1,000)");
        assert_eq!(f.probe[0] as u8, b'w');
        counts[b'W' as usize] = 800;
        assert!(!Fuzzy::counted(b"pow", &counts).unwrap().by_probe, "both cases count");
    }

    proptest::proptest! {
        /// A block searched at once by the term's rarest letter finds the
        /// first text that `first` finds a match in, text by text.
        #[test]
        fn a_block_searched_by_its_rarest_letter_finds_the_first_text_with_a_match(
            texts in proptest::collection::vec("[svcSVC_ x-]{0,40}", 1..12),
            pat in "[svcx_]{2,4}",
            marked in proptest::bool::ANY,
        ) {
            let texts: Vec<Vec<u8>> = texts
                .iter()
                .map(|t| if marked { search_text(t) } else { t.clone().into_bytes() })
                .collect();
            let block = texts.join(&SEP);
            let f = Fuzzy::new(pat.as_bytes()).unwrap();
            let wanted = texts.iter().position(|t| f.first(t, marked).is_some());
            let found = f.first_in_block(&block, marked).map(|at| block[..at].iter().filter(|&&b| b == SEP).count());
            proptest::prop_assert_eq!(found, wanted, "{:?} in {:?}", pat, texts);
        }

        /// A needle's finder finds where `find_folded` does, with letters
        /// or without.
        #[test]
        fn a_needle_is_found_where_find_folded_finds_it(hay in "[aA10. -]{0,30}", needle in "[a10. ]{1,4}") {
            let exact = Exact::new(needle.as_bytes());
            proptest::prop_assert_eq!(exact.find(hay.as_bytes()), find_folded(hay.as_bytes(), needle.as_bytes()));
        }
    }

    #[test]
    fn events_of_one_source_each_are_found_by_it() {
        let mut ds = default_ds();
        for (k, e) in ds.events.iter_mut().enumerate() {
            e.set_actors(Default::default());
            e.tags = Default::default();
            e.sources = crate::model::Few::One((k % 2) as u32);
        }
        let idx = SearchIndex::build(&ds);
        assert!(idx.ref_ends.is_none(), "one reference each, kept without ends");
        let first = ds.sources[0].id.clone();
        let found = idx.filter(&ds, &Query::parse(&format!("source:{first}")), None);
        let want: Vec<u32> = (0..ds.events.len() as u32).step_by(2).collect();
        assert_eq!(found, want);
        ds.events[1].tags = thin_vec::thin_vec![0];
        assert!(SearchIndex::build(&ds).ref_ends.is_some(), "two references: ends kept");
        let found = SearchIndex::build(&ds).filter(&ds, &Query::parse(&format!("source:{first}")), None);
        assert_eq!(found, want);
    }

    #[test]
    fn fuzzy_terms_match_near_a_word_start_within_one_field() {
        assert!(fuzzy_matches(&search_text("apt31 breaks into norway's networks"), b"nrwy"));
        assert!(fuzzy_matches(&search_text("norway"), b"norway"));
        assert!(fuzzy_matches(&search_text("x\nncsc names apt31"), b"ncsc"));
        assert!(!fuzzy_matches(&search_text("nor\nway"), b"norway"), "not across fields");
        assert!(!fuzzy_matches(&search_text("snorway"), b"norway"), "not from inside a word");
        assert!(
            !fuzzy_matches(
                &search_text("department created wuhan xiaoruizhi to give apt31's operations"),
                b"dowden"
            ),
            "not scattered letters"
        );
        assert!(fuzzy_matches(&search_text("anything"), b""));
    }

    #[test]
    fn work_on_every_core_comes_back_whole_and_in_order() {
        // Enough for every core, and a last slice shorter than the rest;
        // slow slices, so the cores take turns.
        let n = 20_000 * 4 + 123;
        let slow = |r: Range<usize>| {
            std::thread::sleep(std::time::Duration::from_millis(1));
            r.collect::<Vec<usize>>()
        };
        let out = parallel(n, &|| false, slow).unwrap();
        assert_eq!(out.concat(), (0..n).collect::<Vec<_>>());
        assert!(
            parallel(n, &|| true, |r| r.collect::<Vec<usize>>()).is_none(),
            "an abandoned search gives nothing"
        );
    }

    #[test]
    fn a_panic_in_a_helper_is_raised_not_taken_for_an_abandoned_search() {
        let work = |r: Range<usize>| {
            if r.start >= 50_000 {
                panic!("a helper failed");
            }
            r.collect::<Vec<usize>>()
        };
        let caught = std::panic::catch_unwind(|| parallel(100_000, &|| false, work));
        assert!(caught.is_err(), "the panic reached the caller");
    }

    /// The rule in plain words: a word start with the first letter, then
    /// the rest in order within the next FUZZY_WINDOW bytes of one field.
    fn fuzzy_by_the_rule(hay: &[u8], pat: &[u8]) -> bool {
        let Some((&first, rest)) = pat.split_first() else { return true };
        (0..hay.len()).any(|s| {
            let starts_word = s == 0 || !is_word_byte(hay[s - 1]);
            let stretch = hay[s + 1..].iter().take(FUZZY_WINDOW).take_while(|&&b| b != SEP);
            let mut want = rest.iter().peekable();
            for &b in stretch {
                if want.peek().is_some_and(|&&c| fold(b) == c) {
                    want.next();
                }
            }
            fold(hay[s]) == first && starts_word && want.peek().is_none()
        })
    }

    #[test]
    fn the_fuzzy_matcher_follows_the_rule_on_long_and_short_stretches() {
        // Words from a few letters, so terms often nearly match; texts long
        // enough that most stretches are full (where the rarest letter is
        // looked for first) and some end at a field or the text.
        let words = ["tall", "al", "lt", "a", "tal", "l1", "t1a", "ta", "at", "x"];
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        for _ in 0..400 {
            let len = 1 + next(40);
            let text: Vec<&str> = (0..len)
                .map(|_| if next(12) == 0 { "\n" } else { words[next(words.len())] })
                .collect();
            let hay = search_text(&text.join(" "));
            for pat in ["tall", "tal", "t1", "al1", "ttt", "aaaa", "l", "tl1a"] {
                assert_eq!(
                    fuzzy_matches(&hay, pat.as_bytes()),
                    fuzzy_by_the_rule(&hay, pat.as_bytes()),
                    "{pat:?} in {:?}",
                    String::from_utf8_lossy(&hay)
                );
            }
        }
    }

    #[test]
    fn the_rarest_letter_counts_up_to_the_last_byte_of_the_stretch() {
        // `1` is the 24th byte after the `t`, then the 25th.
        let at_24 = format!("t{}1 {}", "a".repeat(23), "b".repeat(30));
        let at_25 = format!("t{}1 {}", "a".repeat(24), "b".repeat(30));
        assert!(fuzzy_matches(&search_text(&at_24), b"ta1"));
        assert!(!fuzzy_matches(&search_text(&at_25), b"ta1"));
    }

    #[test]
    fn fuzzy_search_is_not_noise_on_the_bundled_data() {
        let ds = default_ds();
        let idx = SearchIndex::build(&ds);
        assert_eq!(ids(&ds, &idx.filter(&ds, &Query::parse("dowden"), None)), ["dowden-statement"]);
        assert_eq!(
            ids(&ds, &idx.filter(&ds, &Query::parse("norway"), None)),
            ["norway-breach", "norway-pst-attribution"]
        );
    }

    #[test]
    fn all_terms_must_match_and_time_order_is_kept() {
        let ds = default_ds();
        let idx = SearchIndex::build(&ds);
        let r = idx.filter(&ds, &Query::parse("'norway"), None);
        assert_eq!(ids(&ds, &r), ["norway-breach", "norway-pst-attribution"]);
        let r = idx.filter(&ds, &Query::parse("'norway 'closes"), None);
        assert_eq!(ids(&ds, &r), ["norway-pst-attribution"]);
        let r = idx.filter(&ds, &Query::parse("'norway !'closes"), None);
        assert_eq!(ids(&ds, &r), ["norway-breach"]);
    }

    #[test]
    fn field_terms() {
        let ds = default_ds();
        let idx = SearchIndex::build(&ds);
        let phase = idx.filter(&ds, &Query::parse("phase:attr"), None);
        assert_eq!(ids(&ds, &phase), ["dowden-statement", "ncsc-attributes-breach", "ncsc-names-apt31"]);
        let by_alias = idx.filter(&ds, &Query::parse("actor:violet phase:attribution"), None);
        assert_eq!(ids(&ds, &by_alias), ["dowden-statement", "ncsc-names-apt31"]);
        let dated = idx.filter(&ds, &Query::parse("after:2024-05 before:2024"), None);
        assert_eq!(ids(&ds, &dated), ["ambassador-summoned-again", "ico-reprimand"]);
        let src = idx.filter(&ds, &Query::parse("source:hansard"), None);
        assert_eq!(ids(&ds, &src), ["dowden-statement"]);
        let tag = idx.filter(&ds, &Query::parse("tag:sanctions"), None);
        assert_eq!(ids(&ds, &tag), ["uk-sanctions", "us-sanctions"]);
    }

    #[test]
    fn narrowed_search_equals_full_search() {
        let ds = default_ds();
        let idx = SearchIndex::build(&ds);
        let mut prev: Option<(Query, Vec<u32>)> = None;
        for end in 1..="electoral register".len() {
            let q = Query::parse(&"electoral register"[..end]);
            let within = prev.as_ref().filter(|(pq, _)| q.narrows(pq)).map(|(_, r)| r.as_slice());
            let r = idx.filter(&ds, &q, within);
            assert_eq!(r, idx.filter(&ds, &q, None), "at {:?}", q.raw);
            prev = Some((q, r));
        }
    }

    #[test]
    fn ranking_puts_title_matches_first_and_keeps_the_same_set() {
        let ds = default_ds();
        let idx = SearchIndex::build(&ds);
        let q = Query::parse("norway");
        let filtered = idx.filter(&ds, &q, None);
        let ranked = idx.rank(&ds, &filtered, &q);
        let mut a = filtered.clone();
        let mut b = ranked.clone();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        assert!(ds.events[ranked[0] as usize].title.contains("Norway"));
        let best = idx.best_position(&filtered, &q);
        assert_eq!(&*ds.events[filtered[best] as usize].id, "norway-breach");
    }

    #[test]
    fn field_terms_and_field_values_in_plain_search() {
        let text = "format: 1\ntitle: t\nevents:\n  - id: a\n    date: 2021\n    title: Logon\n    fields: {event_id: 4624, computer_name: WKS-01}\n  - id: b\n    date: 2021\n    title: Logoff\n    fields: {event_id: 4634}\n  - id: c\n    date: 2021\n    title: Other\n";
        let ds = store::parse_text("t.yaml", text, store::Syntax::Yaml, crate::model::Origin::Bundled("t"))
            .unwrap()
            .dataset;
        let idx = SearchIndex::build(&ds);
        let q = |s: &str| ids(&ds, &idx.filter(&ds, &Query::parse(s), None));
        assert_eq!(q("field:event_id=4624"), ["a"]);
        assert_eq!(q("field:Event_ID"), ["a", "b"], "names ignore case");
        assert_eq!(q("field:computer_name=wks-01"), ["a"], "values ignore case");
        assert_eq!(q("!field:event_id"), ["c"]);
        assert_eq!(q("field:event_id=462"), Vec::<String>::new(), "values compare whole");
        assert_eq!(q("wks"), ["a"], "plain terms find field values");
    }

    #[test]
    fn highlights_point_at_the_matched_characters() {
        let q = Query::parse("nrw");
        assert_eq!(highlight_positions("Norway", &q), vec![0, 2, 3]);
        // From a word start, as the match is: not the `n` inside `Finland`.
        assert_eq!(highlight_positions("Finland and Norway", &Query::parse("nor")), vec![12, 13, 14]);
        assert_eq!(highlight_positions("ÉLYSÉE Norway", &Query::parse("'ély")), vec![0, 1, 2]);
        assert!(highlight_positions("Finland", &Query::parse("nor")).is_empty());
    }

    #[test]
    fn highlights_agree_with_matching_on_generated_texts() {
        let words = [
            "tall",
            "Al",
            "lt",
            "a",
            "TAL",
            "l1",
            "t1a",
            "ta",
            "at",
            "x",
            "Ünïcode",
            "σΣ",
            "İstanbul",
        ];
        let mut seed = 11u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        for _ in 0..500 {
            let text: Vec<&str> = (0..1 + next(12)).map(|_| words[next(words.len())]).collect();
            let text = text.join(" ");
            for pat in ["tall", "tal", "t1", "al1", "ta", "ün", "σσ", "is", "'al", "'nïc", "x"] {
                let q = Query::parse(pat);
                let positions = highlight_positions(&text, &q);
                let matched = match &q.terms[0].kind {
                    TermKind::Fuzzy(p) => fuzzy_matches(&search_text(&text), p.as_bytes()),
                    TermKind::Exact(p) => find_folded(&search_text(&text), p.as_bytes()).is_some(),
                    _ => unreachable!(),
                };
                assert_eq!(!positions.is_empty(), matched, "{pat:?} in {text:?}: {positions:?}");
                let chars: Vec<char> = text.chars().collect();
                let letters: String = positions.iter().flat_map(|&p| chars[p].to_lowercase()).collect();
                // The highlighted letters spell the term (where no letter
                // lowers to several).
                if matched && !text.contains('İ') {
                    assert_eq!(letters, pat.trim_start_matches('\''), "in {text:?}");
                }
            }
        }
    }
}
