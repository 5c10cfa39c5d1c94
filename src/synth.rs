//! Deterministic synthetic datasets in the v1 format, for the scale
//! benchmark and for tests of code that must cope with size. The same
//! `events` always gives the same bytes: the generator carries its own
//! random number generator rather than a crate's, whose stream may change
//! between versions and would silently invalidate cached files.

use crate::model::{ActorKind, Confidence, Phase, Reliability};
use std::fmt::Write as _;

/// The scale benchmark's default queries, from selective to unselective
/// on a synthetic dataset.
pub const QUERIES: &[&str] = &["apt117 oslo", "credential store", "tallinn", "typhoon", "data"];

/// How many actors, sources and tags a synthetic dataset draws from.
pub const ACTORS: usize = 300;
pub const SOURCES: usize = 2_000;
pub const TAGS: usize = 60;

/// splitmix64: tiny, fast and fully determined by its seed (the benches'
/// generated inputs use it too, so they are the same on every machine).
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

const NOUNS: &[&str] = &[
    "network",
    "mail server",
    "domain controller",
    "VPN gateway",
    "ministry",
    "parliament",
    "council",
    "registry",
    "backup",
    "firewall",
    "exchange server",
    "web shell",
    "credential store",
    "payroll system",
    "research lab",
    "election office",
    "telecom operator",
    "water utility",
    "port authority",
    "hospital",
    "university",
    "defence contractor",
    "law firm",
    "newsroom",
    "satellite link",
    "cloud tenant",
    "source code",
    "customer database",
    "supply chain",
    "update server",
];
const VERBS: &[&str] = &[
    "breaches",
    "phishes",
    "exfiltrates data from",
    "deploys malware on",
    "scans",
    "names",
    "sanctions",
    "indicts",
    "patches",
    "discloses a breach of",
    "attributes an intrusion into",
    "warns about",
    "isolates",
    "restores",
    "investigates",
    "reports on",
];
const PLACES: &[&str] = &[
    "London",
    "Oslo",
    "Helsinki",
    "Berlin",
    "Warsaw",
    "Tallinn",
    "Washington",
    "Ottawa",
    "Canberra",
    "Tokyo",
    "Seoul",
    "Taipei",
    "Brussels",
    "The Hague",
    "Vienna",
    "Prague",
    "Dublin",
    "Lisbon",
    "Madrid",
    "Rome",
];
const WORDS: &[&str] = &[
    "the",
    "attackers",
    "used",
    "a",
    "known",
    "vulnerability",
    "in",
    "to",
    "reach",
    "internal",
    "systems",
    "and",
    "stayed",
    "for",
    "months",
    "before",
    "investigators",
    "found",
    "unusual",
    "traffic",
    "officials",
    "said",
    "that",
    "personal",
    "data",
    "of",
    "voters",
    "staff",
    "was",
    "copied",
    "no",
    "evidence",
    "suggests",
    "tampering",
    "with",
    "results",
    "government",
    "blamed",
    "state-backed",
    "group",
    "later",
    "public",
    "statement",
    "confirmed",
    "scope",
    "incident",
    "response",
    "team",
    "reset",
    "passwords",
    "rebuilt",
    "servers",
    "after",
    "discovery",
    "agency",
    "published",
    "technical",
    "report",
    "indicators",
];
const TAG_WORDS: &[&str] = &[
    "espionage",
    "phishing",
    "ransomware",
    "supply-chain",
    "election",
    "parliament",
    "sanctions",
    "indictment",
    "zero-day",
    "exchange",
    "vpn",
    "cloud",
    "credential-theft",
    "data-leak",
    "ddos",
    "wiper",
];

fn actor_name(i: usize) -> String {
    match i % 4 {
        0 => format!("APT{}", 100 + i),
        1 => format!("{} Typhoon {i}", ["Violet", "Salt", "Volt", "Silk", "Flax"][i % 5]),
        2 => format!("Ministry of Digital Affairs {i}"),
        _ => format!("{} Security Service {i}", PLACES[i % PLACES.len()]),
    }
}

fn date(rng: &mut Rng) -> String {
    let year = 2000 + rng.below(26);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    match rng.below(20) {
        0 => format!("{year}"),
        1..=3 => format!("{year}-{month:02}"),
        4..=5 => format!("{year}-{month:02}-{day:02}T{:02}:{:02}:00Z", rng.below(24), rng.below(60)),
        _ => format!("{year}-{month:02}-{day:02}"),
    }
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for w in 0..words {
        if w > 0 {
            s.push(' ');
        }
        s.push_str(rng.pick(WORDS));
    }
    s.push('.');
    s
}

/// One event's fields, in the order the writers emit them.
struct GenEvent {
    id: String,
    date: String,
    title: String,
    summary: String,
    phase: Option<&'static str>,
    actors: Vec<usize>,
    sources: Vec<usize>,
    tags: Vec<usize>,
    confidence: Option<&'static str>,
}

fn event(rng: &mut Rng, i: usize) -> GenEvent {
    let actor_count = 1 + rng.below(3);
    let mut actors: Vec<usize> = (0..actor_count).map(|_| rng.below(ACTORS)).collect();
    actors.sort_unstable();
    actors.dedup();
    let mut sources: Vec<usize> = (0..1 + rng.below(2)).map(|_| rng.below(SOURCES)).collect();
    sources.sort_unstable();
    sources.dedup();
    let mut tags: Vec<usize> = (0..3).map(|_| rng.below(TAGS)).collect();
    tags.sort_unstable();
    tags.dedup();
    let title = format!(
        "{} {} {} in {}",
        actor_name(actors[0]),
        rng.pick(VERBS),
        rng.pick(NOUNS),
        rng.pick(PLACES)
    );
    let summary = format!("{} {} {}", sentence(rng, 12), sentence(rng, 11), sentence(rng, 10));
    GenEvent {
        id: format!("e{i:07}"),
        date: date(rng),
        title,
        summary,
        phase: (rng.below(3) > 0).then(|| Phase::WORDS[rng.below(Phase::WORDS.len())]),
        actors,
        sources,
        tags,
        confidence: (rng.below(2) == 0).then(|| Confidence::WORDS[rng.below(Confidence::WORDS.len())]),
    }
}

fn tag_name(i: usize) -> String {
    format!("{}-{}", TAG_WORDS[i % TAG_WORDS.len()], i / TAG_WORDS.len())
}

/// Emits the same items as YAML (block style, strings double-quoted) or
/// JSON; only the punctuation differs.
struct Writer {
    out: String,
    json: bool,
    /// Whether the next field is the first of its item.
    first: bool,
}

impl Writer {
    fn string(&mut self, s: &str) {
        // A JSON string is also a valid YAML double-quoted scalar.
        self.out.push_str(&serde_json::to_string(s).unwrap_or_default());
    }

    fn key(&mut self, key: &str) {
        match (self.json, self.first) {
            (true, true) => {}
            (true, false) => self.out.push(','),
            (false, true) => {}
            (false, false) => self.out.push_str("\n    "),
        }
        self.first = false;
        if self.json {
            let _ = write!(self.out, "\"{key}\":");
        } else {
            let _ = write!(self.out, "{key}: ");
        }
    }

    fn field(&mut self, key: &str, value: &str) {
        self.key(key);
        self.string(value);
    }

    fn list_field(&mut self, key: &str, items: impl IntoIterator<Item = String>) {
        self.key(key);
        self.out.push('[');
        for (k, s) in items.into_iter().enumerate() {
            if k > 0 {
                self.out.push_str(", ");
            }
            self.string(&s);
        }
        self.out.push(']');
    }

    fn list(&mut self, key: &str, n: usize, mut item: impl FnMut(&mut Writer, usize)) {
        if self.json {
            let _ = write!(self.out, ",\"{key}\":[");
        } else {
            let _ = writeln!(self.out, "{key}:");
        }
        for i in 0..n {
            self.out.push_str(match (self.json, i) {
                (true, 0) => "{",
                (true, _) => ",{",
                (false, _) => "  - ",
            });
            self.first = true;
            item(self, i);
            if self.json {
                self.out.push('}');
            }
            self.out.push('\n');
        }
        if self.json {
            self.out.push(']');
        }
    }
}

/// Writes a dataset of `events` events as YAML (`json == false`) or JSON.
/// About 450 bytes per event.
pub fn generate(events: usize, json: bool) -> String {
    let mut rng = Rng(0x1717_2024);
    let mut w = Writer {
        out: String::with_capacity(events * 480 + ACTORS * 100 + SOURCES * 150),
        json,
        first: true,
    };
    w.out.push_str(if json { "{" } else { "" });
    w.out.push_str(if json { "\"format\":1" } else { "format: 1" });
    w.out.push_str(if json { ",\"title\":" } else { "\ntitle: " });
    w.string(&format!("Synthetic campaign timeline, {events} events"));
    w.out.push_str(if json { ",\"summary\":" } else { "\nsummary: " });
    w.string("Generated by itx's scale benchmark: realistic lengths, not real events.");
    if !json {
        w.out.push('\n');
    }
    w.list("actors", ACTORS, |w, i| {
        w.field("id", &format!("a{i:03}"));
        w.field("name", &actor_name(i));
        w.field("kind", ActorKind::WORDS[i % ActorKind::WORDS.len()]);
        if i % 3 == 0 {
            w.list_field("aliases", [format!("Group {i}"), format!("UNC{}", 1000 + i)]);
        }
    });
    w.list("sources", SOURCES, |w, i| {
        w.field("id", &format!("s{i:04}"));
        w.field(
            "title",
            &format!("{} advisory on {} activity, part {i}", rng.pick(PLACES), rng.pick(NOUNS)),
        );
        w.field("publisher", &format!("{} Cyber Centre", rng.pick(PLACES)));
        w.field("url", &format!("https://example.org/advisories/{i}"));
        w.field("published", &date(&mut rng));
        w.field("reliability", Reliability::WORDS[rng.below(Reliability::WORDS.len())]);
    });
    w.list("events", events, |w, i| {
        let e = event(&mut rng, i);
        w.field("id", &e.id);
        w.field("date", &e.date);
        w.field("title", &e.title);
        w.field("summary", &e.summary);
        if let Some(p) = e.phase {
            w.field("phase", p);
        }
        w.list_field("actors", e.actors.iter().map(|a| format!("a{a:03}")));
        w.list_field("sources", e.sources.iter().map(|s| format!("s{s:04}")));
        w.list_field("tags", e.tags.iter().map(|&t| tag_name(t)));
        if let Some(c) = e.confidence {
            w.field("confidence", c);
        }
    });
    if json {
        w.out.push('}');
    }
    w.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_size_gives_the_same_bytes() {
        assert_eq!(generate(50, false), generate(50, false));
        assert_eq!(generate(50, true), generate(50, true));
        assert_ne!(generate(50, false), generate(51, false));
    }
}
