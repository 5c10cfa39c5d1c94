//! A MISP event as MISP exports it (`{"Event": {...}}`, or a search's
//! `{"response": [{"Event": ...}]}`): each attribute with a time (its
//! `first_seen`, else its `timestamp`) an event, its value an indicator
//! where itx knows the type; the MISP event itself the source behind them.

use super::builder::{Builder, Scalar};
use super::plan::text_of;
use super::{timestamps, Imported, Options, Report};
use crate::model::*;
use serde_json::Value;

/// Whether a JSON document's start is a MISP event.
pub fn looks_like(head: &str) -> bool {
    let h = head.trim_start_matches('\u{feff}').trim_start();
    h.starts_with('{') && (h.contains("\"Event\"") && (h.contains("\"Attribute\"") || h.contains("\"info\"")))
}

/// itx's indicator type for a MISP attribute type (one half of a
/// composite such as `filename|sha256`).
fn kind_of(misp_type: &str, value: &str) -> Option<IndicatorKind> {
    Some(match misp_type {
        "ip-src" | "ip-dst" | "ip" => {
            if value.contains(':') {
                IndicatorKind::Ipv6
            } else {
                IndicatorKind::Ipv4
            }
        }
        "domain" | "hostname" => IndicatorKind::Domain,
        "url" | "uri" | "link" => IndicatorKind::Url,
        "email" | "email-src" | "email-dst" => IndicatorKind::Email,
        "md5" => IndicatorKind::Md5,
        "sha1" => IndicatorKind::Sha1,
        "sha256" => IndicatorKind::Sha256,
        "filename" => IndicatorKind::Filename,
        "vulnerability" => IndicatorKind::Cve,
        _ => return None,
    })
}

/// The indicators an attribute's value holds: each half of a composite
/// type that itx knows and that checks as its type.
fn indicators(misp_type: &str, value: &str) -> Vec<Indicator> {
    let types: Vec<&str> = misp_type.split('|').collect();
    let values: Vec<&str> = if types.len() > 1 { value.split('|').collect() } else { vec![value] };
    types
        .iter()
        .zip(values)
        .filter_map(|(t, v)| {
            let kind = kind_of(t, v)?;
            let value = indicator::check(kind, v).ok()?;
            Some(Indicator { kind, value, note: None })
        })
        .collect()
}

fn date_of(a: &serde_json::Map<String, Value>) -> Result<PartialDate, String> {
    if let Some(first) = a.get("first_seen").and_then(text_of) {
        return timestamps::datetime(&first).map_err(|e| format!("first_seen {e}"));
    }
    match a.get("timestamp").and_then(text_of) {
        Some(t) => timestamps::epoch(&t).map_err(|e| format!("timestamp {e}")),
        None => Err("no first_seen or timestamp".into()),
    }
}

fn tag_names(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|tags| tags.iter().filter_map(|t| t.get("name").and_then(text_of)).collect())
        .unwrap_or_default()
}

pub fn read(text: &str, from: &str, opts: &Options) -> Result<Imported, String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| format!("is not JSON: {e}"))?;
    let events: Vec<&serde_json::Map<String, Value>> = match &doc {
        Value::Object(m) if m.contains_key("Event") => m.get("Event").and_then(Value::as_object).into_iter().collect(),
        Value::Object(m) => m
            .get("response")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(|x| x.get("Event").and_then(Value::as_object)).collect())
            .unwrap_or_default(),
        Value::Array(a) => a.iter().filter_map(|x| x.get("Event").and_then(Value::as_object)).collect(),
        _ => Vec::new(),
    };
    if events.is_empty() {
        return Err("holds no MISP event (no \"Event\" object)".into());
    }
    let mut b = Builder::default();
    let mut out = Report::default();
    for (n, ev) in events.iter().enumerate() {
        let info = ev.get("info").and_then(text_of).unwrap_or_else(|| format!("MISP event {}", n + 1));
        if b.title.is_empty() {
            b.title = info.clone();
        }
        let wanted = ev.get("uuid").and_then(text_of).unwrap_or_else(|| info.clone());
        let source = b.source(&format!("misp-{wanted}"), &format!("MISP event: {info}"));
        let publisher = ev.get("Orgc").and_then(|o| o.get("name")).and_then(text_of);
        let published = ev.get("date").and_then(text_of).and_then(|d| PartialDate::parse(&d).ok());
        let s = b.source_mut(source);
        s.publisher = publisher;
        s.published = published;
        let event_tags = tag_names(ev.get("Tag"));
        let objects = ev.get("Object").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        let attributes = ev
            .get("Attribute")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|a| (None, a))
            .chain(objects.iter().flat_map(|o| {
                let name = o.get("name").and_then(text_of);
                o.get("Attribute")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(move |a| (name.clone(), a))
            }));
        for (k, (object, a)) in attributes.enumerate() {
            let Some(a) = a.as_object() else { continue };
            let place = format!("Event {} Attribute {}", n + 1, k + 1);
            let date = match date_of(a) {
                Ok(d) => d,
                Err(why) => {
                    out.skip(&place, &why, opts, "attribute")?;
                    continue;
                }
            };
            let kind = a.get("type").and_then(text_of).unwrap_or_else(|| "attribute".into());
            let value = a.get("value").and_then(text_of).unwrap_or_default();
            let found = indicators(&kind, &value);
            // A value itx knows as an indicator is shown defanged, in the
            // title too.
            let shown = if found.len() == 1 && !kind.contains('|') {
                found[0].shown()
            } else {
                value.clone()
            };
            let title = format!("{kind} {shown}");
            let mut fields = Vec::new();
            for key in ["category", "type", "to_ids", "comment", "uuid"] {
                match a.get(key) {
                    Some(Value::Bool(x)) => fields.push(b.field(key, Scalar::Bool(*x))),
                    Some(v) => {
                        if let Some(t) = text_of(v) {
                            fields.push(b.field(key, Scalar::Text(&t)));
                        }
                    }
                    None => {}
                }
            }
            if found.is_empty() && !value.is_empty() {
                fields.push(b.field("value", Scalar::Text(&value)));
            }
            if let Some(o) = &object {
                fields.push(b.field("object", Scalar::Text(o)));
            }
            let mut tags: Vec<TagIx> = event_tags.iter().chain(&tag_names(a.get("Tag"))).filter_map(|t| b.tag(t)).collect();
            tags.dedup();
            let summary = a.get("comment").and_then(text_of);
            let e = b.event(&title, date, &title);
            e.sources.push(source);
            e.tags = tags.into();
            e.set_indicators(found.into());
            e.set_summary(summary.map(Text::from));
            e.fields = fields.into();
        }
    }
    if b.event_count() == 0 {
        return Err(format!(
            "no attribute could be imported; {}",
            out.warnings
                .first()
                .cloned()
                .unwrap_or_else(|| "the event holds no attributes".into())
        ));
    }
    Ok(Imported {
        dataset: b.finish(Origin::File(from.into())),
        report: out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composite_values_give_each_indicator_itx_knows() {
        let found = indicators(
            "filename|sha256",
            "evil.exe|9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].value, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        assert_eq!(indicators("ip-dst", "2001:db8::1")[0].kind, IndicatorKind::Ipv6);
        assert!(indicators("ip-dst", "not an address").is_empty());
        assert!(indicators("text", "anything").is_empty());
    }
}
