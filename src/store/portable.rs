//! Values that YAML 1.1 readers take for something else. itx reads YAML
//! 1.2, where `NO` is text; PyYAML, Ruby's Psych and Go's yaml.v2 read
//! YAML 1.1, where it is the boolean false, and an analyst's script over a
//! dataset sees Norway's country as `False`. `itx validate` warns about
//! each such plain (unquoted) value, with its place and the quoting that
//! makes every reader agree. Only there: it reads the file a second time.

use super::diagnostic::{DocPath, Seg};
use super::{Diagnostic, Severity};
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

/// Keys whose values are dates: an unquoted date there is meant as one.
const DATE_KEYS: &[&str] = &["date", "end", "published"];

/// What a YAML 1.1 reader makes of a plain scalar that a YAML 1.2 reader
/// (itx) reads otherwise, if anything.
fn yaml11_reading(v: &str, key: Option<&str>) -> Option<String> {
    let bare = v.strip_prefix(['-', '+']).unwrap_or(v);
    let digits_or = |s: &str, extra: &[char]| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || extra.contains(&c));
    match v {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => return Some("the boolean true".into()),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => return Some("the boolean false".into()),
        _ => {}
    }
    if bare.len() > 1 && bare.starts_with('0') && digits_or(bare, &['_']) && bare.chars().all(|c| c != '8' && c != '9') {
        return Some("an octal number".into());
    }
    if let Some(bits) = bare.strip_prefix("0b") {
        if digits_or(bits, &['_']) && bits.chars().all(|c| matches!(c, '0' | '1' | '_')) {
            return Some("a binary number".into());
        }
    }
    // 1:30 and 190:20:30 are numbers in base 60.
    let mut parts = bare.split(':');
    if bare.contains(':') && parts.next().is_some_and(|h| digits_or(h, &['_'])) {
        let rest: Vec<&str> = bare.split(':').skip(1).collect();
        let last = rest.len() - 1;
        let ok = rest.iter().enumerate().all(|(k, p)| {
            let p = if k == last { p.split('.').next().unwrap_or("") } else { p };
            (1..=2).contains(&p.len()) && digits_or(p, &[]) && p.parse::<u32>().is_ok_and(|n| n < 60)
        });
        if ok {
            return Some("a number in base 60".into());
        }
    }
    if bare.contains('_') && bare.chars().next().is_some_and(|c| c.is_ascii_digit()) && digits_or(bare, &['_', '.']) {
        return Some("a number (YAML 1.1 ignores the underscores)".into());
    }
    let is_date = v.len() >= 8 && {
        let mut it = v.splitn(3, '-');
        let (y, m, rest) = (it.next().unwrap_or(""), it.next().unwrap_or(""), it.next().unwrap_or(""));
        let d: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        y.len() == 4 && digits_or(y, &[]) && (1..=2).contains(&m.len()) && digits_or(m, &[]) && (1..=2).contains(&d.len())
    };
    if is_date && !key.is_some_and(|k| DATE_KEYS.contains(&k)) {
        return Some("a date, not text".into());
    }
    None
}

enum Frame {
    Map { at_key: bool, key: Option<String> },
    Seq { next: usize },
}

/// Every plain value of `text` (YAML) that a YAML 1.1 reader reads
/// otherwise, as warnings of `file`. A text the event parser cannot read
/// gives none: the loader reports it.
pub fn yaml11_surprises(text: &str, file: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut path: Vec<Seg> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    while let Ok((event, mark)) = parser.next_token() {
        let is_node = matches!(
            event,
            Event::Scalar(..) | Event::SequenceStart(..) | Event::MappingStart(..) | Event::Alias(_)
        );
        match event {
            Event::StreamEnd => break,
            Event::SequenceEnd | Event::MappingEnd => {
                stack.pop();
                if !stack.is_empty() {
                    path.pop();
                }
                continue;
            }
            _ if !is_node => continue,
            _ => {}
        }
        // Where the node sits: a key, a map's value or a list's item.
        let (seg, is_key) = match stack.last_mut() {
            Some(Frame::Map { at_key: true, key }) => {
                let name = match &event {
                    Event::Scalar(s, ..) => s.clone(),
                    _ => String::new(),
                };
                *key = Some(name.clone());
                (Some(Seg::Key(name)), true)
            }
            Some(Frame::Map { at_key: false, key }) => (Some(Seg::Key(key.clone().unwrap_or_default())), false),
            Some(Frame::Seq { next }) => {
                *next += 1;
                (Some(Seg::Index(*next - 1, None)), false)
            }
            None => (None, false),
        };
        if let Some(Frame::Map { at_key, .. }) = stack.last_mut() {
            *at_key = !*at_key;
        }
        if let Event::Scalar(v, TScalarStyle::Plain, _, None) = &event {
            let owner = path.iter().rev().find_map(|s| match s {
                Seg::Key(k) => Some(k.as_str()),
                Seg::Index(..) => None,
            });
            let key = match &seg {
                Some(Seg::Key(k)) if !is_key => Some(k.as_str()),
                _ => owner,
            };
            if let Some(reading) = yaml11_reading(v, key) {
                let mut at = path.clone();
                at.extend(seg.clone());
                out.push(Diagnostic {
                    severity: Severity::Warning,
                    file: file.to_string(),
                    position: Some((mark.line(), mark.col() + 1)),
                    path: DocPath(at),
                    message: format!(
                        "`{v}` is {reading} to YAML 1.1 readers (PyYAML, Ruby's Psych, Go's yaml.v2), \
                         text to itx: quote it (\"{v}\") so that every reader sees the same"
                    ),
                });
            }
        }
        match event {
            Event::SequenceStart(..) => {
                path.extend(seg);
                stack.push(Frame::Seq { next: 0 });
            }
            Event::MappingStart(..) => {
                path.extend(seg);
                stack.push(Frame::Map { at_key: true, key: None });
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_values_yaml_1_1_reads_otherwise() {
        for v in ["NO", "yes", "off", "y", "0777", "1:30", "190:20:30", "0b101", "1_000"] {
            assert!(yaml11_reading(v, Some("title")).is_some(), "{v}");
        }
        for v in ["NOR", "none", "2021", "0", "12:99", "0x1F", "1.5", "apt31", "10:30 am"] {
            assert_eq!(yaml11_reading(v, Some("title")), None, "{v}");
        }
        assert!(yaml11_reading("2021-08-14", Some("title")).is_some());
        assert_eq!(yaml11_reading("2021-08-14", Some("date")), None, "a date where one is meant");
    }

    #[test]
    fn each_is_placed_and_quoted_ones_pass() {
        let text = "format: 1\ntitle: t\nactors:\n  - id: a\n    country: NO\n    aliases: [yes, \"no\"]\nevents:\n  - id: e\n    date: 2021-08-14\n    fields: {port: 0777}\n";
        let found = yaml11_surprises(text, "f.yaml");
        let places: Vec<String> = found.iter().map(|d| d.to_string()).collect();
        assert_eq!(found.len(), 3, "{places:#?}");
        assert!(
            places[0].starts_with("f.yaml:5:14: warning: actors[0].country: `NO` is the boolean false"),
            "{}",
            places[0]
        );
        assert!(places[1].contains("actors[0].aliases[0]: `yes`"), "{}", places[1]);
        assert!(
            places[2].contains("events[0].fields.port: `0777` is an octal number"),
            "{}",
            places[2]
        );
    }
}
