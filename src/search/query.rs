//! The query language: space-separated terms, all of which must match.
//!
//! `word` fuzzy, `'word` exact substring, `!term` excludes, and field terms
//! `actor:`, `tag:`, `phase:`, `source:`, `after:DATE`, `before:DATE`,
//! `confidence:WORD` (at least), `reliability:LETTER` (a source at least),
//! `field:NAME` / `field:NAME=VALUE` (an event's own fields), and the
//! vocabulary of threat intelligence: `technique:T1566` (with its
//! sub-techniques) or `technique:phishing` (by name), `tactic:NAME`,
//! `ioc:VALUE` (defanged or not) and `ioc:type=TYPE`.

use crate::model::{Confidence, IndicatorKind, PartialDate, Phase, Reliability};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Actor,
    Tag,
    Phase,
    Source,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermKind {
    /// Lower-case; matches as a subsequence within one field.
    Fuzzy(String),
    /// Lower-case; matches as a substring.
    Exact(String),
    Field(Field, String),
    After(PartialDate),
    Before(PartialDate),
    /// The event's confidence is at least this.
    MinConfidence(Confidence),
    /// One of the event's sources is at least this reliable (A is best).
    MinReliability(Reliability),
    /// The event has the field `name` (lower case), with this value when
    /// given (compared ignoring case).
    HasField {
        name: String,
        value: Option<String>,
    },
    /// An ATT&CK technique: an id prefix (`T1566` takes its
    /// sub-techniques) or words of its name, lower case.
    Technique(String),
    /// A technique of this tactic (its shortname starts with this).
    Tactic(String),
    /// An indicator whose value contains this (refanged, lower case).
    Ioc(String),
    /// An indicator of this type.
    IocType(IndicatorKind),
    /// Backed by at least `min` sources, and at most `max` when given.
    Sources {
        min: usize,
        max: Option<usize>,
    },
}

impl TermKind {
    /// A term over the event's words (fuzzy, exact, a field of names):
    /// typing more only narrows what it matches. Every other kind compares
    /// whole values and can widen as it is typed (`2021` then `2021-0`).
    pub fn is_text(&self) -> bool {
        matches!(self, TermKind::Fuzzy(_) | TermKind::Exact(_) | TermKind::Field(..))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub negate: bool,
    pub kind: TermKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub raw: String,
    pub terms: Vec<Term>,
    /// Terms that could not be read (a bad date), shown to the user and
    /// otherwise ignored, so a half-typed term never empties the timeline.
    pub problems: Vec<String>,
}

/// The query's words: split at spaces, except inside double quotes
/// (`field:Level="low level"`), the quotes themselves dropped.
fn words(raw: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in raw.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

impl Query {
    pub fn parse(raw: &str) -> Query {
        let mut q = Query {
            raw: raw.to_string(),
            ..Query::default()
        };
        for word in words(raw) {
            let word = word.as_str();
            let (negate, body) = match word.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, word),
            };
            if body.is_empty() {
                continue;
            }
            let lower = body.to_lowercase();
            let kind = if let Some(rest) = lower.strip_prefix('\'') {
                if rest.is_empty() {
                    continue;
                }
                TermKind::Exact(rest.to_string())
            } else if let Some((name, value)) = lower.split_once(':') {
                if name == "field" {
                    match value.split_once('=') {
                        _ if value.is_empty() => continue,
                        Some(("", _)) => {
                            q.problems.push("field: needs a name, as field:NAME or field:NAME=VALUE".into());
                            continue;
                        }
                        Some((n, v)) => q.terms.push(Term {
                            negate,
                            kind: TermKind::HasField {
                                name: n.to_string(),
                                value: Some(v.to_string()),
                            },
                        }),
                        None => q.terms.push(Term {
                            negate,
                            kind: TermKind::HasField {
                                name: value.to_string(),
                                value: None,
                            },
                        }),
                    }
                    continue;
                }
                match name {
                    "technique" | "tactic" | "ioc" if value.is_empty() => continue,
                    "technique" => {
                        q.terms.push(Term {
                            negate,
                            kind: TermKind::Technique(value.to_string()),
                        });
                        continue;
                    }
                    "tactic" => {
                        let tactics = &crate::model::attack::table().tactics;
                        if !tactics.iter().any(|t| t.starts_with(value)) {
                            q.problems.push(format!(
                                "tactic: no ATT&CK tactic starts with `{value}`; tactics: {}",
                                tactics.join(", ")
                            ));
                            continue;
                        }
                        q.terms.push(Term {
                            negate,
                            kind: TermKind::Tactic(value.to_string()),
                        });
                        continue;
                    }
                    "sources" => {
                        let (n, more) = value.strip_suffix('+').map_or((value, false), |n| (n, true));
                        match n.parse::<usize>() {
                            Ok(n) => q.terms.push(Term {
                                negate,
                                kind: TermKind::Sources {
                                    min: n,
                                    max: (!more).then_some(n),
                                },
                            }),
                            Err(_) => q.problems.push("sources: needs a number: sources:0, sources:1, sources:2+".into()),
                        }
                        continue;
                    }
                    "ioc" => {
                        let kind = match value.strip_prefix("type=") {
                            Some(t) => match IndicatorKind::parse(t) {
                                Some(k) => TermKind::IocType(k),
                                None => {
                                    q.problems
                                        .push(format!("ioc:type= needs one of {}", IndicatorKind::WORDS.join(", ")));
                                    continue;
                                }
                            },
                            None => TermKind::Ioc(crate::model::indicator::refang(value).to_lowercase()),
                        };
                        q.terms.push(Term { negate, kind });
                        continue;
                    }
                    _ => {}
                }
                let field = match name {
                    "actor" => Some(Field::Actor),
                    "tag" => Some(Field::Tag),
                    "phase" => Some(Field::Phase),
                    "source" => Some(Field::Source),
                    _ => None,
                };
                match (name, field) {
                    (_, _) if value.is_empty() => continue,
                    (_, Some(Field::Phase)) if !Phase::WORDS.iter().any(|w| w.starts_with(value)) => {
                        q.problems.push(format!(
                            "phase: no phase starts with `{value}`; phases: {}",
                            Phase::WORDS.join(", ")
                        ));
                        continue;
                    }
                    (_, Some(f)) => TermKind::Field(f, value.to_string()),
                    ("confidence", None) => match Confidence::parse(value) {
                        Some(c) => TermKind::MinConfidence(c),
                        None => {
                            q.problems
                                .push(format!("confidence: needs one of {}", Confidence::WORDS.join(", ")));
                            continue;
                        }
                    },
                    ("reliability", None) => match Reliability::parse(&value.to_uppercase()) {
                        Some(r) => TermKind::MinReliability(r),
                        None => {
                            q.problems
                                .push("reliability: needs a letter from A (completely reliable) to F".into());
                            continue;
                        }
                    },
                    ("after" | "before", None) => match PartialDate::parse(value) {
                        Ok(d) if name == "after" => TermKind::After(d),
                        Ok(d) => TermKind::Before(d),
                        Err(_) => {
                            q.problems.push(format!("{name}: needs a date like 2021, 2021-08 or 2021-08-14"));
                            continue;
                        }
                    },
                    _ => TermKind::Fuzzy(lower.clone()),
                }
            } else {
                TermKind::Fuzzy(lower)
            };
            q.terms.push(Term { negate, kind });
        }
        q
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether every event matching `self` also matched `prev`, so only the
    /// previous results need searching: true when the query only grew and
    /// nothing in it can widen as it grows (exclusions, dates and fields,
    /// which compare whole words, can).
    pub fn narrows(&self, prev: &Query) -> bool {
        !prev.raw.is_empty()
            && self.raw.starts_with(&prev.raw)
            && prev.problems.is_empty()
            && !self.raw.contains('!')
            && self.terms.iter().all(|t| t.kind.is_text())
    }

    /// The words to highlight: the positive fuzzy and exact terms.
    pub fn highlight_terms(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().filter(|t| !t.negate).filter_map(|t| match &t.kind {
            TermKind::Fuzzy(s) | TermKind::Exact(s) => Some(s.as_str()),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_kind_of_term() {
        let q = Query::parse(
            "norway 'exact !noise actor:APT31 tag:x phase:attr source:ncsc after:2021 before:2024-03 field:Event_ID=4624 !field:parser",
        );
        let kinds: Vec<_> = q.terms.iter().map(|t| (t.negate, t.kind.clone())).collect();
        assert_eq!(kinds[0], (false, TermKind::Fuzzy("norway".into())));
        assert_eq!(kinds[1], (false, TermKind::Exact("exact".into())));
        assert_eq!(kinds[2], (true, TermKind::Fuzzy("noise".into())));
        assert_eq!(kinds[3], (false, TermKind::Field(Field::Actor, "apt31".into())));
        assert_eq!(kinds[6], (false, TermKind::Field(Field::Source, "ncsc".into())));
        assert!(matches!(kinds[7].1, TermKind::After(_)));
        assert!(matches!(kinds[8].1, TermKind::Before(_)));
        assert_eq!(
            kinds[9],
            (
                false,
                TermKind::HasField {
                    name: "event_id".into(),
                    value: Some("4624".into())
                }
            )
        );
        assert_eq!(
            kinds[10],
            (
                true,
                TermKind::HasField {
                    name: "parser".into(),
                    value: None
                }
            )
        );
        assert!(q.problems.is_empty());
    }

    #[test]
    fn half_typed_terms_are_ignored_not_fatal() {
        let q = Query::parse("after:20 ! ' actor:");
        assert!(q.terms.is_empty());
        assert_eq!(q.problems.len(), 1);
    }

    #[test]
    fn narrowing_only_when_the_query_can_only_shrink_results() {
        let p = |s| Query::parse(s);
        assert!(p("norw").narrows(&p("nor")));
        assert!(p("nor x").narrows(&p("nor")));
        assert!(!p("nor").narrows(&p("norw")));
        assert!(!p("!norw").narrows(&p("!nor")));
        assert!(!p("nor").narrows(&p("")));
        assert!(
            !p("field:event_id=4624").narrows(&p("field:event_id=46")),
            "field values compare whole"
        );
    }
}
