//! STIX 2.0 and 2.1 as platforms publish it (OASIS's examples, MITRE
//! ATT&CK, MISP, OpenCTI): every object dated by what happened becomes an
//! event, undated relationships become links between actors and events,
//! external references with an address become sources.
//!
//! - Events: campaigns, intrusion sets, threat actors, malware, tools,
//!   infrastructure and incidents with `first_seen` (to `last_seen`);
//!   reports by `published` (the report is also a source); indicators by
//!   `valid_from` (to `valid_until`); observed data by `first_observed`
//!   (to `last_observed`); sightings by `first_seen`; relationships by
//!   `start_time` (to `stop_time`). `created` and `modified` record the
//!   bundle's own history and are never an event's date.
//! - Actors: intrusion sets, threat actors and identities that an event or
//!   another actor refers to; `located-at` a country gives their country,
//!   `targets` makes an identity a victim.
//! - `confidence` (0-100) becomes the PHIA word of the same band of the
//!   DNI scale (STIX 2.1, appendix A), and back on export.
//! - Objects itx wrote carry `x_itx` with the item as the format writes
//!   it, so itx's own export comes back whole.

use super::builder::{Builder, Scalar};
use super::{Imported, Options, Report};
use crate::model::*;
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use serde_json::Value;
use std::collections::BTreeMap;

/// Markdown links (`[Operation Wocao](https://attack.mitre.org/...)`, as
/// ATT&CK writes its descriptions) as their text: the terminal shows text,
/// and the address is in the event's sources.
fn unlinked_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let link = after.find("](").and_then(|close| {
            let target = &after[close + 2..];
            let end = target.find(')')?;
            (!after[..close].contains(['[', ']']) && !target[..end].contains(char::is_whitespace)).then_some((close, close + 2 + end + 1))
        });
        match link {
            Some((close, skip)) => {
                out.push_str(&rest[..open]);
                out.push_str(&after[..close]);
                rest = &after[skip..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn kind_of(o: &Value) -> &str {
    o["type"].as_str().unwrap_or("")
}

fn is_actor_type(t: &str) -> bool {
    matches!(t, "intrusion-set" | "threat-actor" | "identity")
}

/// How a type is named in a sentence.
fn type_words(t: &str) -> String {
    match t {
        "intrusion-set" => "intrusion set".into(),
        "threat-actor" => "threat actor".into(),
        "attack-pattern" => "attack pattern".into(),
        "course-of-action" => "course of action".into(),
        "observed-data" => "observed data".into(),
        "ipv4-addr" => "IPv4 address".into(),
        "ipv6-addr" => "IPv6 address".into(),
        "domain-name" => "domain".into(),
        "url" => "URL".into(),
        "email-addr" => "email address".into(),
        "windows-registry-key" => "registry key".into(),
        "x509-certificate" => "certificate".into(),
        other => other.replace('-', " "),
    }
}

fn article(words: &str) -> &'static str {
    if words.starts_with(['a', 'e', 'i', 'o', 'u', 'I', 'U']) {
        "an"
    } else {
        "a"
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// What a cyber observable is, in a few words: `file resume.pdf`.
fn describe_observable(o: &Value) -> String {
    let t = kind_of(o);
    let words = type_words(t);
    let what = [
        "name",
        "value",
        "key",
        "path",
        "command_line",
        "account_login",
        "user_id",
        "subject",
    ]
    .iter()
    .find_map(|k| o[*k].as_str())
    .map(String::from)
    .or_else(|| {
        o["hashes"]
            .as_object()
            .and_then(|h| h.values().next())
            .and_then(|v| v.as_str())
            .map(String::from)
    });
    match what {
        Some(w) => format!("{words} {}", crate::text::fit(w.trim(), 80)),
        None => words,
    }
}

/// A STIX timestamp as a date at the precision it shows: a day where it
/// falls on midnight, the second or its written fraction otherwise. With
/// `coarse` (when a campaign or a group was first seen, when a report came
/// out: dates people enter as days), a whole hour up to 12:00 UTC is
/// midnight west of Greenwich, and a day too (ATT&CK writes its dates at
/// 04:00 or 05:00 UTC, US Eastern midnight).
fn date_of(ts: &str, coarse: bool) -> Option<PartialDate> {
    let dt = chrono::DateTime::parse_from_rfc3339(ts.trim()).ok()?.with_timezone(&chrono::Utc);
    let (secs, nanos) = (dt.timestamp(), dt.timestamp_subsec_nanos());
    let in_day = secs.rem_euclid(86_400);
    if nanos == 0 && (in_day == 0 || coarse && in_day % 3600 == 0 && in_day <= 12 * 3600) {
        let d = dt.date_naive();
        use chrono::Datelike;
        return PartialDate::day(d.year(), d.month(), d.day());
    }
    let written = ts
        .split_once('.')
        .map_or(0, |(_, f)| f.bytes().take_while(u8::is_ascii_digit).count());
    let precision = if nanos == 0 {
        Precision::Second
    } else {
        Precision::Fraction(written.clamp(1, 9) as u8)
    };
    PartialDate::instant(secs, nanos, precision)
}

/// The date keys that say when something happened, by type: the start
/// and the end.
fn date_keys(t: &str) -> Option<(&'static str, &'static str)> {
    Some(match t {
        "campaign" | "intrusion-set" | "threat-actor" | "malware" | "tool" | "infrastructure" | "incident" | "sighting" => {
            ("first_seen", "last_seen")
        }
        "report" => ("published", ""),
        "indicator" => ("valid_from", "valid_until"),
        "observed-data" => ("first_observed", "last_observed"),
        "relationship" => ("start_time", "stop_time"),
        _ => return None,
    })
}

/// The verb of a relationship, as a sentence says it.
fn verb(rel: &str) -> String {
    match rel {
        "attributed-to" => "is attributed to".into(),
        "located-at" => "is located at".into(),
        "authored-by" => "is authored by".into(),
        "related-to" => "is related to".into(),
        "variant-of" => "is a variant of".into(),
        "derived-from" => "is derived from".into(),
        "duplicate-of" => "is a duplicate of".into(),
        "based-on" => "is based on".into(),
        "owns"
        | "uses"
        | "targets"
        | "indicates"
        | "mitigates"
        | "delivers"
        | "drops"
        | "exploits"
        | "hosts"
        | "controls"
        | "impersonates"
        | "communicates-with"
        | "consists-of"
        | "compromises"
        | "downloads"
        | "investigates"
        | "remediates"
        | "originates-from"
        | "characterizes"
        | "analysis-of"
        | "static-analysis-of"
        | "dynamic-analysis-of"
        | "beacons-to"
        | "exfiltrates-to" => rel.replace('-', " "),
        other => format!("is linked ({}) to", other.replace('-', " ")),
    }
}

struct Stix<'a> {
    b: Builder,
    report: Report,
    by_id: HashMap<&'a str, &'a Value>,
    /// Actors made so far, by STIX id.
    actors: HashMap<&'a str, ActorIx>,
    /// Sources made from external references, by address; from reports,
    /// by STIX id.
    by_url: HashMap<String, SourceIx>,
    reports: HashMap<&'a str, SourceIx>,
    /// The events made from each object, by STIX id.
    events_of: HashMap<&'a str, Vec<usize>>,
    country: HashMap<&'a str, String>,
    victims: HashSet<&'a str>,
    /// For each object, the reports that name it in `object_refs`.
    reported_in: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Stix<'a> {
    /// How an object is named in a title: its name, what it observes, or
    /// its type with an article; never its id.
    fn name(&self, id: &str) -> String {
        let t = id.split("--").next().unwrap_or("object");
        match self.by_id.get(id) {
            Some(o) => match o["name"].as_str().filter(|n| !n.trim().is_empty()) {
                Some(n) => n.trim().to_string(),
                None if o.get("pattern").is_some() => {
                    format!("indicator {}", crate::text::fit(o["pattern"].as_str().unwrap_or("").trim(), 60))
                }
                None if o.get("value").is_some() || o.get("hashes").is_some() || o.get("key").is_some() => describe_observable(o),
                None => {
                    let w = type_words(t);
                    format!("{} unnamed {w}", "an")
                }
            },
            None => {
                let w = type_words(t);
                format!("{} {w} not in the bundle", article(&w))
            }
        }
    }

    /// The actor an intrusion set, threat actor or identity becomes, made
    /// the first time something refers to it.
    fn actor(&mut self, id: &'a str) -> Option<ActorIx> {
        if let Some(&a) = self.actors.get(id) {
            return Some(a);
        }
        let o = *self.by_id.get(id)?;
        let t = kind_of(o);
        if !is_actor_type(t) {
            return None;
        }
        let name = o["name"].as_str().unwrap_or("unnamed").to_string();
        let sectors: Vec<&str> = o["sectors"].as_array().into_iter().flatten().filter_map(|s| s.as_str()).collect();
        let kind = match t {
            "identity" if self.victims.contains(id) => ActorKind::Victim,
            "identity" if sectors.iter().any(|s| s.starts_with("government")) => ActorKind::Government,
            "identity" => match o["identity_class"].as_str() {
                Some("individual") => ActorKind::Person,
                Some("organization" | "group") => ActorKind::Organisation,
                _ => ActorKind::Other,
            },
            _ => ActorKind::ThreatActor,
        };
        let a = self.b.actor(&name, &name, kind);
        let actor = self.b.actor_mut(a);
        actor.aliases = o["aliases"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x.as_str())
            .filter(|x| *x != name)
            .map(String::from)
            .collect();
        actor.summary = o["description"].as_str().map(unlinked_markdown);
        actor.country = self.country.get(id).cloned();
        self.actors.insert(id, a);
        Some(a)
    }

    /// A source for an external reference with an address.
    fn reference(&mut self, r: &Value) -> Option<SourceIx> {
        let url = r["url"].as_str()?.trim();
        if url.is_empty() || r["source_name"] == "itx" {
            return None;
        }
        if let Some(&s) = self.by_url.get(url) {
            return Some(s);
        }
        let publisher = r["source_name"].as_str().map(str::trim).filter(|p| !p.is_empty());
        let external = r["external_id"].as_str();
        let title = match (
            r["description"].as_str().map(str::trim).filter(|d| !d.is_empty()),
            publisher,
            external,
        ) {
            (Some(d), _, _) => d.to_string(),
            (None, Some(p), Some(x)) => format!("{p} {x}"),
            (None, Some(p), None) => p.to_string(),
            (None, None, _) => url.to_string(),
        };
        let wanted = match (publisher, external) {
            (Some(p), Some(x)) => format!("{p} {x}"),
            _ => title.clone(),
        };
        let s = self.b.source(&wanted, &title);
        let src = self.b.source_mut(s);
        src.url = Some(url.to_string());
        src.publisher = publisher.map(String::from);
        self.by_url.insert(url.to_string(), s);
        Some(s)
    }

    /// The source a report is, made once.
    fn report_source(&mut self, id: &'a str) -> Option<SourceIx> {
        if let Some(&s) = self.reports.get(id) {
            return Some(s);
        }
        let o = *self.by_id.get(id)?;
        let title = o["name"].as_str().unwrap_or("Untitled report");
        let refs: Vec<&Value> = o["external_references"].as_array().into_iter().flatten().collect();
        let with_url = refs.iter().find(|r| r["url"].is_string() && r["source_name"] != "itx");
        let author = o["created_by_ref"]
            .as_str()
            .and_then(|a| self.by_id.get(a))
            .and_then(|a| a["name"].as_str());
        let s = self.b.source(title, title);
        let src = self.b.source_mut(s);
        src.url = with_url.and_then(|r| r["url"].as_str()).map(String::from);
        src.publisher = author
            .or_else(|| with_url.and_then(|r| r["source_name"].as_str()))
            .map(String::from);
        src.published = o["published"].as_str().and_then(|d| date_of(d, true));
        if let Some(u) = &src.url {
            self.by_url.entry(u.clone()).or_insert(s);
        }
        self.reports.insert(id, s);
        Some(s)
    }

    /// The event (or events) an object dated by what happened becomes.
    fn event(&mut self, o: &'a Value) {
        let t = kind_of(o);
        let Some((start_key, end_key)) = date_keys(t) else { return };
        let id = o["id"].as_str().unwrap_or_default();
        let coarse = !matches!(t, "indicator" | "observed-data" | "sighting" | "relationship");
        let start = o[start_key].as_str().and_then(|d| date_of(d, coarse));
        let end = o[end_key].as_str().and_then(|d| date_of(d, coarse));
        let (date, end, which) = match (start, end) {
            (Some(s), e) => (
                s,
                e.filter(|e| e.start_nanos() > s.start_nanos()),
                if e.is_some() { "active" } else { "first seen" },
            ),
            (None, Some(e)) if !end_key.is_empty() => (e, None, "last seen"),
            _ => return,
        };
        let name = self.name(id);
        let mut actors: Vec<ActorIx> = Vec::new();
        let title = match t {
            "campaign" => format!("Campaign {name} {which}"),
            "malware" | "tool" | "infrastructure" | "incident" => format!("{} {name} {which}", capitalised(&type_words(t))),
            "intrusion-set" | "threat-actor" => {
                actors.extend(self.actor(id));
                format!("{name} {which}")
            }
            "report" => {
                actors.extend(o["created_by_ref"].as_str().and_then(|a| self.actor(a)));
                format!("Report published: {name}")
            }
            "indicator" => match o["name"].as_str() {
                Some(n) if !n.trim().is_empty() => format!("Indicator: {}", n.trim()),
                _ => format!("Indicator: {}", crate::text::fit(o["pattern"].as_str().unwrap_or("a pattern"), 80)),
            },
            "observed-data" => {
                let mut what: Vec<String> = o["object_refs"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|r| r.as_str())
                    .filter_map(|r| self.by_id.get(r))
                    .map(|x| describe_observable(x))
                    .collect();
                // STIX 2.0 keeps the observables inside the object.
                what.extend(
                    o["objects"]
                        .as_object()
                        .into_iter()
                        .flat_map(|m| m.values())
                        .map(describe_observable),
                );
                let n = what.len();
                what.truncate(3);
                let mut list = what.join(", ");
                if n > 3 {
                    list.push_str(&format!(" and {} more", n - 3));
                }
                if list.is_empty() {
                    list = "activity".into();
                }
                match o["number_observed"].as_u64() {
                    Some(k) if k > 1 => format!("Observed {k} times: {list}"),
                    _ => format!("Observed {list}"),
                }
            }
            "sighting" => {
                let of = o["sighting_of_ref"]
                    .as_str()
                    .map(|r| self.name(r))
                    .unwrap_or_else(|| "activity".into());
                let wheres: Vec<&str> = o["where_sighted_refs"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|r| r.as_str())
                    .collect();
                let mut title = format!("{} sighted", capitalised(&of));
                if !wheres.is_empty() {
                    let names: Vec<String> = wheres.iter().map(|w| self.name(w)).collect();
                    title.push_str(&format!(" by {}", names.join(", ")));
                }
                for w in wheres {
                    actors.extend(self.actor(w));
                }
                if let Some(k) = o["count"].as_u64().filter(|k| *k > 1) {
                    title.push_str(&format!(" ({k} times)"));
                }
                title
            }
            "relationship" => {
                let (s, tg) = (o["source_ref"].as_str().unwrap_or(""), o["target_ref"].as_str().unwrap_or(""));
                actors.extend(self.actor(s));
                actors.extend(self.actor(tg));
                format!(
                    "{} {} {}",
                    capitalised(&self.name(s)),
                    verb(o["relationship_type"].as_str().unwrap_or("related-to")),
                    self.name(tg)
                )
            }
            _ => format!("{} {name}", capitalised(&type_words(t))),
        };
        let mut sources: Vec<SourceIx> = Vec::new();
        if t == "report" {
            sources.extend(self.report_source(id));
        }
        for r in o["external_references"].as_array().into_iter().flatten() {
            if let Some(s) = self.reference(r) {
                if !sources.contains(&s) {
                    sources.push(s);
                }
            }
        }
        for rep in self.reported_in.get(id).cloned().unwrap_or_default() {
            if let Some(s) = self.report_source(rep) {
                if !sources.contains(&s) {
                    sources.push(s);
                }
            }
        }
        let mut tags: Vec<TagIx> = self.b.tag(t).into_iter().collect();
        for k in [
            "labels",
            "indicator_types",
            "malware_types",
            "tool_types",
            "threat_actor_types",
            "infrastructure_types",
            "report_types",
        ] {
            for l in o[k].as_array().into_iter().flatten().filter_map(|l| l.as_str()) {
                tags.extend(self.b.tag(l));
            }
        }
        let mut fields = vec![self.b.field("stix_id", Scalar::Text(id))];
        let attack = o["external_references"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| {
                r["source_name"]
                    .as_str()
                    .is_some_and(|s| s.starts_with("mitre-") && s.ends_with("attack"))
            })
            .and_then(|r| r["external_id"].as_str());
        if let Some(x) = attack {
            fields.push(self.b.field("attack_id", Scalar::Text(x)));
        }
        for k in ["pattern", "pattern_type", "number_observed", "count"] {
            let value = match o.get(k) {
                Some(Value::Number(n)) => n.as_i64().map(Scalar::Int).or(n.as_f64().map(Scalar::Float)),
                Some(Value::String(s)) => Some(Scalar::Text(s)),
                _ => None,
            };
            if let Some(v) = value {
                fields.push(self.b.field(k, v));
            }
        }
        let mut summary = o["description"]
            .as_str()
            .map(|d| unlinked_markdown(d.trim()))
            .filter(|d| !d.is_empty());
        if let Some(p) = o["pattern"].as_str() {
            summary = Some(format!("{}Pattern: {p}", summary.map(|s| format!("{s}\n\n")).unwrap_or_default()));
        }
        let confidence = o["confidence"].as_u64().filter(|c| *c <= 100).map(Confidence::from_stix);
        let phase = (t == "relationship" && o["relationship_type"] == "attributed-to").then_some(Phase::Attribution);
        let e = self.b.event(&title, date, &title);
        e.set_end(end);
        let mut actors: ThinVec<ActorIx> = actors.into();
        actors.dedup();
        e.set_actors(actors);
        e.sources = sources.into();
        e.tags = tags.into();
        e.fields = fields.into();
        e.set_summary(summary.map(Text::from));
        e.confidence = confidence;
        e.phase = phase;
        e.set_indicators(o["pattern"].as_str().map(indicators_in_pattern).unwrap_or_default().into());
        let ix = self.b.event_count() - 1;
        self.events_of.entry(id).or_default().push(ix);
    }

    /// Adds a sentence to the summary of the events made from object `id`.
    fn note(&mut self, id: &str, sentence: &str) {
        for e in self.events_of.get(id).cloned().unwrap_or_default() {
            let ev = &mut self.b.events_mut()[e];
            let summary = match ev.summary() {
                Some(s) if !s.is_empty() => format!("{s}\n\n{sentence}"),
                _ => sentence.to_string(),
            };
            ev.set_summary(Some(summary.into()));
        }
    }

    /// Adds actor `a` to the events made from object `id`.
    fn link(&mut self, id: &str, a: ActorIx) {
        if let Some(evs) = self.events_of.get(id).cloned() {
            for e in evs {
                let ev = &mut self.b.events_mut()[e];
                if !ev.actors().contains(&a) {
                    ev.more_mut().actors.push(a);
                }
            }
        }
    }
}

/// The ATT&CK technique an `attack-pattern` is, by its ATT&CK reference.
fn technique_of(o: Option<&Value>) -> Option<crate::model::TechniqueIx> {
    let o = o.filter(|o| kind_of(o) == "attack-pattern")?;
    o["external_references"]
        .as_array()?
        .iter()
        .filter(|r| r["source_name"].as_str().is_some_and(|s| s.starts_with("mitre-")))
        .find_map(|r| r["external_id"].as_str().and_then(crate::model::attack::find))
}

/// The indicators a STIX pattern names in its comparisons of the form
/// `object:path = 'value'` (`[ipv4-addr:value = '203.0.113.5' OR ...]`),
/// each checked for its type; what is not one of itx's types is left out.
fn indicators_in_pattern(pattern: &str) -> Vec<crate::model::Indicator> {
    use crate::model::IndicatorKind as K;
    let mut out: Vec<crate::model::Indicator> = Vec::new();
    let mut rest = pattern;
    while let Some(eq) = rest.find(" = '") {
        let lhs = rest[..eq].rsplit(['[', '(', ' ']).next().unwrap_or_default();
        let after = &rest[eq + 4..];
        // The value: up to the closing quote not escaped.
        let mut value = String::new();
        let mut chars = after.char_indices();
        let mut end = after.len();
        while let Some((k, c)) = chars.next() {
            match c {
                '\\' => value.extend(chars.next().map(|(_, c)| c)),
                '\'' => {
                    end = k + 1;
                    break;
                }
                c => value.push(c),
            }
        }
        rest = &after[end.min(after.len())..];
        let kind = match lhs {
            "ipv4-addr:value" => K::Ipv4,
            "ipv6-addr:value" => K::Ipv6,
            "domain-name:value" => K::Domain,
            "url:value" => K::Url,
            "email-addr:value" | "email-message:from_ref.value" => K::Email,
            "file:hashes.MD5" | "file:hashes.'MD5'" => K::Md5,
            "file:hashes.'SHA-1'" | "file:hashes.SHA1" => K::Sha1,
            "file:hashes.'SHA-256'" | "file:hashes.SHA256" => K::Sha256,
            "file:name" => K::Filename,
            _ => continue,
        };
        // An address given with a prefix length (`/32`) is the address.
        let value = if matches!(kind, K::Ipv4 | K::Ipv6) {
            value.split('/').next().unwrap_or_default().to_string()
        } else {
            value
        };
        if let Ok(v) = crate::model::indicator::check(kind, &value) {
            if !out.iter().any(|i| i.kind == kind && i.value == v) {
                out.push(crate::model::Indicator {
                    kind,
                    value: v,
                    note: None,
                });
            }
        }
    }
    out
}

/// The objects of a STIX document: a bundle's, a list's, or one object.
fn objects(doc: Value) -> Result<Vec<Value>, String> {
    match doc {
        Value::Object(mut m) if m.get("type").and_then(Value::as_str) == Some("bundle") => match m.remove("objects") {
            Some(Value::Array(a)) => Ok(a),
            None => Ok(Vec::new()),
            Some(_) => Err("the bundle's `objects` is not a list".into()),
        },
        Value::Object(m) if m.get("type").is_some_and(Value::is_string) => Ok(vec![Value::Object(m)]),
        Value::Array(a) => Ok(a),
        _ => Err("not STIX: no \"type\": \"bundle\" and no STIX objects".into()),
    }
}

pub fn read(text: &str, from: &str, _opts: &Options) -> Result<Imported, String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let all = objects(doc)?;
    // An object can appear in several versions: the latest counts.
    let mut by_id: HashMap<&str, &Value> = HashMap::with_capacity(all.len());
    let mut order: Vec<&Value> = Vec::with_capacity(all.len());
    for o in &all {
        let Some(id) = o["id"].as_str() else { continue };
        match by_id.get(id) {
            Some(prev) if prev["modified"].as_str() >= o["modified"].as_str() => {}
            Some(_) => {
                by_id.insert(id, o);
            }
            None => {
                by_id.insert(id, o);
                order.push(o);
            }
        }
    }
    let order: Vec<&Value> = order
        .into_iter()
        .filter_map(|o| o["id"].as_str().and_then(|id| by_id.get(id).copied()))
        .collect();
    let withdrawn = |o: &Value| o["revoked"] == true || o["x_mitre_deprecated"] == true;
    let live: Vec<&Value> = order.iter().copied().filter(|o| !withdrawn(o)).collect();
    // itx's own items first, so they keep their ids.
    let mut own = super::own::Own::default();
    for o in &live {
        let Some(item) = o.get("x_itx") else { continue };
        match kind_of(o) {
            "incident" => {
                if let Value::Object(m) = item {
                    own.header = m.clone();
                }
            }
            "note" => own.events.push(item.clone()),
            "report" => own.sources.push(item.clone()),
            t if is_actor_type(t) => own.actors.push(item.clone()),
            // Relationships and locations itx derived from the items.
            _ => {}
        }
    }
    let own = own.load(from)?;
    let is_own = own.is_some();
    let mut st = Stix {
        b: own.map(Builder::from_dataset).unwrap_or_default(),
        report: Report::default(),
        by_id,
        actors: HashMap::new(),
        by_url: HashMap::new(),
        reports: HashMap::new(),
        events_of: HashMap::new(),
        country: HashMap::new(),
        victims: HashSet::new(),
        reported_in: HashMap::new(),
    };
    let withdrawn_count = order.len() - live.len();
    if withdrawn_count > 0 {
        st.report.notes.push(format!(
            "{} revoked or deprecated objects left out",
            crate::text::thousands(withdrawn_count)
        ));
    }
    // What relationships say about actors before any is made.
    for o in &live {
        if kind_of(o) == "relationship" {
            let (s, t) = (o["source_ref"].as_str().unwrap_or(""), o["target_ref"].as_str().unwrap_or(""));
            match o["relationship_type"].as_str() {
                Some("located-at") => {
                    if let Some(c) = st.by_id.get(t).and_then(|l| l["country"].as_str()) {
                        st.country.insert(s, c.to_uppercase());
                    }
                }
                Some("targets") if st.by_id.get(t).is_some_and(|x| kind_of(x) == "identity") => {
                    st.victims.insert(t);
                }
                _ => {}
            }
        }
        if kind_of(o) == "report" {
            let id = o["id"].as_str().unwrap_or("");
            for r in o["object_refs"].as_array().into_iter().flatten().filter_map(|r| r.as_str()) {
                st.reported_in.entry(r).or_default().push(id);
            }
        }
    }
    for o in &live {
        if o.get("x_itx").is_none() {
            st.event(o);
        }
    }
    // Undated links: an actor joins the events of what it is linked to;
    // two actors are affiliated; an event linked to something that is
    // neither says so in its summary, and so does a kept actor; what links
    // nothing kept is left out (and counted).
    let mut unlinked: BTreeMap<String, usize> = BTreeMap::new();
    let mut affiliations: Vec<(&str, &str)> = Vec::new();
    let mut actor_notes: Vec<(&str, String)> = Vec::new();
    for o in &live {
        if kind_of(o) != "relationship" || o.get("x_itx").is_some() {
            continue;
        }
        let rel = o["relationship_type"].as_str().unwrap_or("related-to");
        let (s, t) = (o["source_ref"].as_str().unwrap_or(""), o["target_ref"].as_str().unwrap_or(""));
        let actor_end = |x: &str| st.by_id.get(x).is_some_and(|o| is_actor_type(kind_of(o)));
        let (sa, ta) = (actor_end(s), actor_end(t));
        let (se, te) = (st.events_of.contains_key(s), st.events_of.contains_key(t));
        // A country is the actor's own (read above); said nowhere else.
        if rel == "located-at" {
            continue;
        }
        let kept = match (sa, ta) {
            (true, true) => {
                if rel != "targets" {
                    affiliations.push((s, t));
                }
                true
            }
            (true, false) if te => st.actor(s).map(|a| st.link(t, a)).is_some(),
            (false, true) if se => st.actor(t).map(|a| st.link(s, a)).is_some(),
            // An actor linked to something that is not an event: its
            // summary says so, if it is kept.
            (true, false) => {
                actor_notes.push((s, format!("{} {}.", capitalised(&verb(rel)), st.name(t))));
                true
            }
            (false, true) => false,
            // An event's object uses an ATT&CK technique: the technique's.
            (false, false) if rel == "uses" && se && technique_of(st.by_id.get(t).copied()).is_some() => {
                let tech = technique_of(st.by_id.get(t).copied()).unwrap_or_default();
                for e in st.events_of.get(s).cloned().unwrap_or_default() {
                    let ev = &mut st.b.events_mut()[e];
                    if !ev.techniques().contains(&tech) {
                        ev.more_mut().techniques.push(tech);
                    }
                }
                true
            }
            // Neither an actor: the events of either end say so.
            (false, false) => {
                if se {
                    let sentence = format!("{} {}.", capitalised(&verb(rel)), st.name(t));
                    st.note(s, &sentence);
                }
                if te {
                    let sentence = format!("{} {} this.", capitalised(&st.name(s)), verb(rel));
                    st.note(t, &sentence);
                }
                se || te
            }
        };
        if !kept && !o["start_time"].is_string() {
            *unlinked.entry(rel.to_string()).or_default() += 1;
        }
    }
    // Affiliations among the actors kept, and the actors they lead to.
    let mut changed = true;
    while changed {
        changed = false;
        for &(s, t) in &affiliations {
            let Some(&a) = st.actors.get(s) else { continue };
            let Some(b) = st.actor(t) else { continue };
            let affs = &mut st.b.actor_mut(a).affiliations;
            if !affs.contains(&b) && a != b {
                affs.push(b);
                changed = true;
            }
        }
    }
    for (a, sentence) in actor_notes {
        if let Some(&ix) = st.actors.get(a) {
            let actor = st.b.actor_mut(ix);
            let summary = actor.summary.get_or_insert_with(String::new);
            if !summary.contains(&sentence) {
                summary.push_str(if summary.is_empty() { "" } else { "\n\n" });
                summary.push_str(&sentence);
            }
        }
    }
    if st.b.event_count() == 0 {
        return Err(nothing_dated(&order));
    }
    if !unlinked.is_empty() {
        let total: usize = unlinked.values().sum();
        let kinds: Vec<String> = unlinked
            .iter()
            .map(|(k, n)| format!("{} {k}", crate::text::thousands(*n)))
            .collect();
        st.report.notes.push(format!(
            "{} undated relationships between objects that are neither actors nor events left out ({})",
            crate::text::thousands(total),
            kinds.join(", ")
        ));
    }
    let actor_objects = live
        .iter()
        .filter(|o| is_actor_type(kind_of(o)) && o.get("x_itx").is_none())
        .count();
    let unused = actor_objects.saturating_sub(st.actors.len());
    if unused > 0 {
        st.report.notes.push(if unused == 1 {
            "1 intrusion set, threat actor or identity that no event refers to left out".to_string()
        } else {
            format!("{unused} intrusion sets, threat actors or identities that no event refers to left out")
        });
    }
    let reports: Vec<&&Value> = live.iter().filter(|o| kind_of(o) == "report").collect();
    if !is_own {
        let incident = live.iter().find(|o| kind_of(o) == "incident");
        let named = incident.or(if reports.len() == 1 { reports.first().copied() } else { None });
        st.b.title = named.and_then(|o| o["name"].as_str()).map(String::from).unwrap_or_else(|| {
            let name = std::path::Path::new(from)
                .file_name()
                .map_or(from.to_string(), |f| f.to_string_lossy().into_owned());
            format!("STIX bundle {name}")
        });
        st.b.summary = named.and_then(|o| o["description"].as_str()).map(String::from);
    }
    Ok(Imported {
        dataset: st.b.finish(Origin::File(from.into())),
        report: st.report,
    })
}

/// Why a bundle with nothing dated makes no dataset, counting what it
/// holds: "24,771 objects: 0 dated; 187 intrusion sets, 52 campaigns
/// without dates, ...".
fn nothing_dated(objects: &[&Value]) -> String {
    let mut undated: BTreeMap<&str, usize> = BTreeMap::new();
    let mut others: BTreeMap<&str, usize> = BTreeMap::new();
    for o in objects {
        let t = kind_of(o);
        if date_keys(t).is_some() {
            *undated.entry(t).or_default() += 1;
        } else {
            *others.entry(t).or_default() += 1;
        }
    }
    let list = |m: &BTreeMap<&str, usize>| {
        m.iter()
            .map(|(t, n)| format!("{n} {}", type_words(t)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut why = format!(
        "the bundle holds nothing dated to make events of: {} objects, 0 dated",
        crate::text::thousands(objects.len())
    );
    if !undated.is_empty() {
        why.push_str(&format!("; without a date: {}", list(&undated)));
    }
    if !others.is_empty() {
        why.push_str(&format!("; never dated: {}", list(&others)));
    }
    why.push_str(
        ". itx dates events by first_seen, published, valid_from, first_observed and start_time; created and modified record the bundle's own history, not what happened",
    );
    why
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicators_are_read_from_patterns() {
        let found = indicators_in_pattern(
            "[ipv4-addr:value = '198.51.100.1/32' OR domain-name:value = 'evil.example'] AND [file:hashes.'SHA-256' = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855'] AND [process:name = 'x']",
        );
        let shown: Vec<String> = found.iter().map(|i| format!("{} {}", i.kind, i.value)).collect();
        assert_eq!(
            shown,
            [
                "ipv4 198.51.100.1",
                "domain evil.example",
                "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
            ]
        );
        assert_eq!(
            indicators_in_pattern("[url:value = 'http://x.example/a\\'b']")[0].value,
            "http://x.example/a'b"
        );
    }

    #[test]
    fn markdown_links_become_their_text() {
        assert_eq!(
            unlinked_markdown("[Operation Wocao](https://attack.mitre.org/campaigns/C0014) was [a] (b) [c](d e)"),
            "Operation Wocao was [a] (b) [c](d e)"
        );
    }

    #[test]
    fn dates_at_their_precision() {
        assert_eq!(date_of("2016-04-06T00:00:00.000Z", false).unwrap().to_string(), "2016-04-06");
        assert_eq!(date_of("2017-12-01T05:00:00.000Z", true).unwrap().to_string(), "2017-12-01");
        assert_eq!(
            date_of("2017-12-01T05:00:00.000Z", false).unwrap().to_string(),
            "2017-12-01T05:00:00Z"
        );
        assert_eq!(
            date_of("2015-05-15T09:12:16.432678Z", true).unwrap().to_string(),
            "2015-05-15T09:12:16.432678Z"
        );
    }

    #[test]
    fn confidence_through_the_dni_scale_and_back() {
        assert_eq!(Confidence::from_stix(0), Confidence::RemoteChance);
        assert_eq!(Confidence::from_stix(45), Confidence::RealisticPossibility);
        assert_eq!(Confidence::from_stix(85), Confidence::HighlyLikely);
        assert_eq!(Confidence::from_stix(100), Confidence::AlmostCertain);
        for &c in Confidence::ALL {
            assert_eq!(Confidence::from_stix(u64::from(c.to_stix())), c);
        }
    }
}
