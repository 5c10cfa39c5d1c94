//! Finding events: a per-event search text built once at load, a cheap
//! subsequence test to know whether an event matches, and fuzzy-matcher
//! scores only for ranking and for the highlights of visible rows.

pub mod query;

pub use query::{Field, Query, Term, TermKind};

use crate::model::{Dataset, Event};
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

/// Separates fields in the search text; a fuzzy term must match within one
/// field, so letters scattered across a title and a summary do not count.
const SEP: u8 = b'\n';

/// Lower-cased text per event, in dataset order.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    text: Vec<Box<str>>,
    actor_text: Vec<String>,
    source_text: Vec<String>,
}

impl SearchIndex {
    pub fn build(ds: &Dataset) -> Self {
        let actor_text: Vec<String> = ds
            .actors
            .iter()
            .map(|a| {
                let mut s = format!("{}\n{}", a.id, a.name);
                for al in &a.aliases {
                    s.push('\n');
                    s.push_str(al);
                }
                s.to_lowercase()
            })
            .collect();
        let source_text: Vec<String> = ds
            .sources
            .iter()
            .map(|s| format!("{}\n{}\n{}", s.id, s.title, s.publisher.as_deref().unwrap_or("")).to_lowercase())
            .collect();
        let text = ds
            .events
            .iter()
            .map(|e| {
                let mut s = String::with_capacity(e.title.len() + e.summary.as_ref().map_or(0, |x| x.len()) + 64);
                s.push_str(&e.title);
                if let Some(sum) = &e.summary {
                    s.push('\n');
                    s.push_str(sum);
                }
                for &a in &e.actors {
                    let a = ds.actor(a);
                    s.push('\n');
                    s.push_str(&a.name);
                    for al in &a.aliases {
                        s.push('\n');
                        s.push_str(al);
                    }
                }
                for &t in &e.tags {
                    s.push('\n');
                    s.push_str(ds.tag(t));
                }
                for &src in &e.sources {
                    s.push('\n');
                    s.push_str(&ds.source(src).title);
                }
                // Summaries may hold line breaks; inside the search text
                // they would split a field, which only makes matching stricter.
                s.to_lowercase().into_boxed_str()
            })
            .collect();
        SearchIndex {
            text,
            actor_text,
            source_text,
        }
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn term_matches(&self, ds: &Dataset, i: usize, e: &Event, kind: &TermKind) -> bool {
        let hay = &self.text[i];
        match kind {
            TermKind::Fuzzy(p) => fuzzy_matches(hay.as_bytes(), p.as_bytes()),
            TermKind::Exact(p) => hay.contains(p.as_str()),
            TermKind::Field(Field::Actor, p) => e.actors.iter().any(|&a| self.actor_text[a as usize].contains(p.as_str())),
            TermKind::Field(Field::Source, p) => e.sources.iter().any(|&s| self.source_text[s as usize].contains(p.as_str())),
            TermKind::Field(Field::Tag, p) => e.tags.iter().any(|&t| ds.tag(t).to_lowercase().contains(p.as_str())),
            TermKind::Field(Field::Phase, p) => e.phase.is_some_and(|ph| ph.as_str().starts_with(p.as_str())),
            TermKind::After(d) => e.date.start() >= d.start(),
            TermKind::Before(d) => e.date.start() < d.end_exclusive(),
        }
    }

    pub fn matches(&self, ds: &Dataset, i: usize, q: &Query) -> bool {
        let e = &ds.events[i];
        q.terms.iter().all(|t| self.term_matches(ds, i, e, &t.kind) != t.negate)
    }

    /// Events matching `q`, in time order. `within` narrows the search to a
    /// previous result set when the query only grew.
    pub fn filter(&self, ds: &Dataset, q: &Query, within: Option<&[u32]>) -> Vec<u32> {
        let check = |i: u32| self.matches(ds, i as usize, q);
        match within {
            Some(prev) => parallel_filter(prev.len(), |k| prev[k], check),
            None => parallel_filter(self.len(), |k| k as u32, check),
        }
    }

    /// The match score of an event: the sum, over positive fuzzy and exact
    /// terms, of the best score within any one field.
    pub fn score(&self, matcher: &SkimMatcherV2, i: usize, q: &Query) -> i64 {
        let hay = &self.text[i];
        q.highlight_terms()
            .map(|p| hay.split(SEP as char).filter_map(|f| matcher.fuzzy_match(f, p)).max().unwrap_or(0))
            .sum()
    }

    /// `results` ordered by score, best first; ties keep time order.
    pub fn rank(&self, results: &[u32], q: &Query) -> Vec<u32> {
        let matcher = SkimMatcherV2::default().ignore_case();
        let mut scored: Vec<(i64, u32)> = results.iter().map(|&i| (self.score(&matcher, i as usize, q), i)).collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, i)| i).collect()
    }

    /// Where to put the selection after a search: the first event (in the
    /// order given) whose title holds every positive term as typed, else the
    /// first whose text does, else the first result. Cheap, unlike scoring
    /// every match, and it lands on "the Norway event" for `norway`.
    pub fn best_position(&self, results: &[u32], q: &Query) -> usize {
        let words: Vec<&str> = q.highlight_terms().collect();
        if words.is_empty() {
            return 0;
        }
        // The title is the first field of the lower-cased search text, so
        // no allocation per result.
        let title_has = |i: u32| {
            let t = self.text[i as usize].split(SEP as char).next().unwrap_or_default();
            words.iter().all(|w| t.contains(w))
        };
        if let Some(p) = results.iter().take(100_000).position(|&i| title_has(i)) {
            return p;
        }
        results
            .iter()
            .position(|&i| words.iter().all(|w| self.text[i as usize].contains(w)))
            .unwrap_or(0)
    }
}

/// How far past its first letter a fuzzy term's letters may lie, in bytes.
const FUZZY_WINDOW: usize = 24;

/// Whether a fuzzy term matches: within one field, a word starting with
/// the term's first letter begins a short stretch that holds the rest of
/// the term in order. A plain subsequence over a 200-character summary
/// matches nearly any six letters (`dowden` matched a third of the bundled
/// events); anchoring at a word start and bounding the stretch keeps typos
/// and abbreviations (`nrwy`, `ncsc attr`) while dropping scattered letters.
/// Still one cheap pass over the bytes of the text; no scoring.
pub fn fuzzy_matches(hay: &[u8], pat: &[u8]) -> bool {
    let Some((&first, rest)) = pat.split_first() else { return true };
    // A fixed stretch, not one that grows with the term: then a match for
    // a longer term implies one for its prefix, which narrowing relies on
    // (a property test caught `bna` matching where `bn` did not).
    let window = FUZZY_WINDOW;
    let mut prev = SEP;
    for (i, &b) in hay.iter().enumerate() {
        let at_word_start = !(prev.is_ascii_alphanumeric() || prev >= 0x80);
        prev = b;
        if b != first || !at_word_start {
            continue;
        }
        let mut k = 0;
        for &c in hay[i + 1..].iter().take(window) {
            if k == rest.len() || c == SEP {
                break;
            }
            if c == rest[k] {
                k += 1;
            }
        }
        if k == rest.len() {
            return true;
        }
    }
    false
}

/// Splits a filter across the machine's cores when there is enough work.
fn parallel_filter(n: usize, item: impl Fn(usize) -> u32 + Sync, keep: impl Fn(u32) -> bool + Sync) -> Vec<u32> {
    const PER_THREAD: usize = 20_000;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(n / PER_THREAD)
        .max(1);
    let run = |range: std::ops::Range<usize>| range.map(&item).filter(|&i| keep(i)).collect::<Vec<u32>>();
    if threads == 1 {
        return run(0..n);
    }
    let chunk = n.div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let run = &run;
                s.spawn(move || run(t * chunk..((t + 1) * chunk).min(n)))
            })
            .collect();
        let mut out = Vec::new();
        for h in handles {
            out.extend(h.join().unwrap_or_default());
        }
        out
    })
}

/// Character positions in `text` to highlight for `q`: for each positive
/// term, where fuzzy-matcher places it.
pub fn highlight_positions(text: &str, q: &Query) -> Vec<usize> {
    let matcher = SkimMatcherV2::default().ignore_case();
    let mut out: Vec<usize> = Vec::new();
    for term in q.highlight_terms() {
        if let Some((_, idx)) = matcher.fuzzy_indices(text, term) {
            out.extend(idx);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store;

    fn default_ds() -> Dataset {
        store::load_bundled(store::bundled::default()).unwrap().dataset
    }

    fn ids(ds: &Dataset, r: &[u32]) -> Vec<String> {
        r.iter().map(|&i| ds.events[i as usize].id.clone()).collect()
    }

    #[test]
    fn fuzzy_terms_match_near_a_word_start_within_one_field() {
        assert!(fuzzy_matches(b"apt31 breaks into norway's networks", b"nrwy"));
        assert!(fuzzy_matches(b"norway", b"norway"));
        assert!(fuzzy_matches(b"x\nncsc names apt31", b"ncsc"));
        assert!(!fuzzy_matches(b"nor\nway", b"norway"), "not across fields");
        assert!(!fuzzy_matches(b"snorway", b"norway"), "not from inside a word");
        assert!(
            !fuzzy_matches(b"department created wuhan xiaoruizhi to give apt31's operations", b"dowden"),
            "not scattered letters"
        );
        assert!(fuzzy_matches(b"anything", b""));
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
        let ranked = idx.rank(&filtered, &q);
        let mut a = filtered.clone();
        let mut b = ranked.clone();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        assert!(ds.events[ranked[0] as usize].title.contains("Norway"));
        let best = idx.best_position(&filtered, &q);
        assert_eq!(ds.events[filtered[best] as usize].id, "norway-breach");
    }

    #[test]
    fn highlights_point_at_the_matched_characters() {
        let q = Query::parse("nrw");
        assert_eq!(highlight_positions("Norway", &q), vec![0, 2, 3]);
    }
}
