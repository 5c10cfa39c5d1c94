//! The two parsers behind the store: YAML (serde_yaml) and JSON (serde_json),
//! plus finding the line and column of a path in the text. This is the only
//! module that names a parser crate, so a parser change touches one file.

use super::diagnostic::{DocPath, Seg};
use super::raw::{Parsed, RawDataset, RawEvent};
use super::split;
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Yaml,
    Json,
}

/// A problem the parser itself found, placed where it could.
#[derive(Debug, Clone)]
pub struct ParseFailure {
    pub position: Option<(usize, usize)>,
    pub message: String,
}

/// serde's messages end in " at line L column C"; the place is reported
/// separately, so it is cut from the text.
fn strip_place(msg: &str) -> String {
    let mut msg = msg.to_string();
    while let Some(i) = msg.find(" at line ") {
        let rest = &msg[i + " at line ".len()..];
        let Some(col) = rest.find(" column ") else { break };
        let after = &rest[col + " column ".len()..];
        let end = after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len());
        msg = format!("{}{}", &msg[..i], &after[end..]);
    }
    msg
}

/// `  title: SEC: charges` as `title: "SEC: charges"`, for the message
/// that says to quote it; None when the line is not `key: value`.
fn quote_the_value(line: &str) -> Option<String> {
    let body = line.trim_start().trim_start_matches("- ").trim_end();
    let (key, value) = body.split_once(": ")?;
    if key.is_empty() || key.contains([' ', '"', '\'']) || value.starts_with(['"', '\'']) {
        return None;
    }
    Some(format!("{key}: \"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"")))
}

fn yaml_failure(e: serde_yaml::Error, text: &str) -> ParseFailure {
    let position = e.location().map(|l| (l.line(), l.column()));
    let mut message = strip_place(&e.to_string());
    if let Some(i) = message.find("duplicate field `") {
        let key = message[i + 17..].split('`').next().unwrap_or_default().to_string();
        message = format!("{}key `{key}` appears twice", &message[..i]);
    }
    if let Some((line, _)) = position {
        if text
            .lines()
            .nth(line.saturating_sub(1))
            .is_some_and(|l| l.starts_with('\t') || l.trim_start_matches(' ').starts_with('\t'))
        {
            message.push_str(" (this line is indented with a tab; YAML indents with spaces only)");
        }
    }
    if message.contains("mapping values are not allowed") {
        if let Some(fix) = position.and_then(|(line, _)| quote_the_value(text.lines().nth(line.saturating_sub(1))?)) {
            message = format!("a `: ` inside a value reads as a new key; quote the value: {fix}");
        }
    }
    if message.contains("more than one document") {
        message.push_str(" (a dataset is one YAML document: remove the `---` separators or split the file)");
    }
    if message.contains("recursion limit") {
        message.push_str(" (the file nests too deeply to be a dataset)");
    }
    if message.contains("repetition limit") {
        message.push_str(" (aliases expand too far: the file looks like an alias bomb)");
    }
    ParseFailure { position, message }
}

fn json_failure(e: serde_json::Error) -> ParseFailure {
    let position = (e.line() > 0).then(|| (e.line(), e.column()));
    ParseFailure {
        position,
        message: strip_place(&e.to_string()),
    }
}

/// Deeper flow nesting than any dataset needs. libyaml's scanner slows
/// quadratically with flow depth (16,000 levels take seconds), so deep
/// nesting is refused by a linear scan before the parser sees it.
const MAX_FLOW_DEPTH: usize = 256;

/// One linear pass over YAML text, before the parser, for what the parser
/// handles badly or silently: deep flow nesting (slow), tags (serde_yaml
/// ignores `!!python/object` and the like on strings, so a file that asks
/// for one would load as if it had not), and a second document (refused by
/// serde_yaml without a place). A plain scalar cannot begin with `!`, so a
/// `!` where a value starts is always a tag.
fn prescan(text: &str) -> Result<(), ParseFailure> {
    let (mut depth, mut line, mut col) = (0usize, 1usize, 0usize);
    let (mut single, mut double, mut comment, mut escaped) = (false, false, false, false);
    let mut content_seen = false;
    // Whether a node may start here: at a line's start, after `key: `,
    // `- `, `[`, `{` or `,`. Inside a plain scalar a `!` is only text.
    let mut node_start = true;
    let mut prev = b'\n';
    let fail = |line, col, message: String| {
        Err(ParseFailure {
            position: Some((line, col)),
            message,
        })
    };
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        col += 1;
        if b == b'\n' {
            line += 1;
            col = 0;
            comment = false;
        } else if comment {
        } else if double {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                double = false;
            }
        } else if single {
            single = b != b'\'';
        } else {
            let next = bytes.get(i + 1).copied().unwrap_or(b'\n');
            if prev == b'\n' && bytes[i..].starts_with(b"---") && matches!(bytes.get(i + 3), None | Some(b'\n' | b'\r' | b' ')) {
                if content_seen {
                    return fail(line, 1, "a second YAML document starts here; a dataset is one document (remove the `---` and what follows, or split the file)".into());
                }
            } else if !matches!(b, b' ' | b'\t' | b'\r' | b'#') {
                content_seen = true;
            }
            match b {
                b'#' if matches!(prev, b' ' | b'\t' | b'\n') => comment = true,
                b'"' => double = true,
                b'\'' if matches!(prev, b' ' | b'[' | b'{' | b',' | b':' | b'\n') => single = true,
                b'!' if node_start => {
                    let tag: String = text[i..].chars().take_while(|c| !c.is_whitespace()).take(40).collect();
                    return fail(
                        line,
                        col,
                        format!("YAML tag `{tag}` is not part of the dataset format; quote the value if the `!` belongs to the text"),
                    );
                }
                b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return fail(
                            line,
                            col,
                            format!("nesting deeper than {MAX_FLOW_DEPTH} levels (the file nests too deeply to be a dataset)"),
                        );
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            node_start = match b {
                b' ' | b'\t' | b'\r' => node_start,
                b'[' | b'{' => node_start || depth > 1,
                b',' => depth > 0,
                b':' | b'-' | b'?' => matches!(next, b' ' | b'\t' | b'\n' | b'\r'),
                _ => false,
            };
        }
        if b == b'\n' {
            node_start = true;
        }
        prev = b;
    }
    Ok(())
}

/// The fast path: the whole file straight into the typed form.
pub fn parse_typed(text: &str, syntax: Syntax) -> Result<Parsed<'_>, ParseFailure> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let in_pieces = text.len() >= split::MIN_BYTES && cores > 1;
    match syntax {
        Syntax::Yaml => {
            prescan(text)?;
            if let Some(raw) = in_pieces.then(|| yaml_in_pieces(text, cores)).flatten() {
                return Ok(raw);
            }
            serde_yaml::from_str(text).map(Parsed::whole).map_err(|e| yaml_failure(e, text))
        }
        Syntax::Json => {
            if let Some(raw) = in_pieces.then(|| json_in_pieces(text, cores)).flatten() {
                return Ok(raw);
            }
            serde_json::from_str(text).map(Parsed::whole).map_err(json_failure)
        }
    }
}

/// The events in pieces on all cores, the rest of the file meanwhile.
/// None (so the one-piece parse runs) if any piece does not parse.
fn yaml_in_pieces(text: &str, cores: usize) -> Option<Parsed<'_>> {
    let cut = split::yaml(text, cores)?;
    let (header, pieces) = std::thread::scope(|s| {
        let handles: Vec<_> = cut
            .pieces
            .iter()
            .map(|piece| s.spawn(move || serde_yaml::from_str::<Vec<RawEvent>>(piece).ok()))
            .collect();
        // The header is small and owns its text: read through a tree.
        let header = serde_yaml::from_str::<serde_yaml::Value>(&cut.header)
            .ok()
            .and_then(|v| RawDataset::deserialize(v).ok());
        (
            header,
            handles.into_iter().map(|h| h.join().ok().flatten()).collect::<Option<Vec<_>>>(),
        )
    });
    Some(Parsed {
        header: header?,
        pieces: pieces?,
    })
}

fn json_in_pieces(text: &str, cores: usize) -> Option<Parsed<'_>> {
    let cut = split::json(text, cores)?;
    let ends: Vec<Option<usize>> = cut.starts[1..].iter().map(|&s| Some(s)).chain([None]).collect();
    let (header, pieces) = std::thread::scope(|s| {
        let handles: Vec<_> = cut
            .starts
            .iter()
            .zip(&ends)
            .map(|(&start, &end)| s.spawn(move || json_items(text, start, end)))
            .collect();
        let pieces = handles.into_iter().map(|h| h.join().ok().flatten()).collect::<Option<Vec<_>>>();
        // The last piece found where the array closes.
        let close = pieces.as_ref()?.last()?.1;
        let header = format!("{}[]{}", &text[..cut.open], &text[close + 1..]);
        let header = serde_json::from_str::<Value>(&header)
            .ok()
            .and_then(|v| RawDataset::deserialize(v).ok());
        Some((header, pieces))
    })?;
    Some(Parsed {
        header: header?,
        pieces: pieces?.into_iter().map(|(items, _)| items).collect(),
    })
}

/// The items of a JSON array from `pos` (an item's start) to `end` (the
/// next piece's first item), or to the array's `]` when `end` is None;
/// with where the parse stopped. None unless it lands exactly there.
fn json_items(text: &str, mut pos: usize, end: Option<usize>) -> Option<(Vec<RawEvent<'_>>, usize)> {
    let b = text.as_bytes();
    let ws = |mut i: usize| {
        while i < b.len() && matches!(b[i], b' ' | b'\n' | b'\r' | b'\t') {
            i += 1;
        }
        i
    };
    let mut items = Vec::new();
    loop {
        let mut stream = serde_json::Deserializer::from_str(&text[pos..]).into_iter::<RawEvent>();
        items.push(stream.next()?.ok()?);
        pos = ws(pos + stream.byte_offset());
        match (b.get(pos), end) {
            (Some(b','), Some(end)) => {
                pos = ws(pos + 1);
                if pos == end {
                    return Some((items, pos));
                }
                if pos > end {
                    return None;
                }
            }
            (Some(b','), None) => pos = ws(pos + 1),
            (Some(b']'), None) => return Some((items, pos)),
            _ => return None,
        }
    }
}

/// The slow path, taken only when the fast one failed: a generic tree, so
/// that every item can be checked on its own and every problem reported.
pub fn parse_value(text: &str, syntax: Syntax) -> Result<Value, ParseFailure> {
    match syntax {
        Syntax::Yaml => {
            prescan(text)?;
            serde_yaml::from_str(text).map_err(|e| yaml_failure(e, text))
        }
        Syntax::Json => serde_json::from_str(text).map_err(json_failure),
    }
}

fn normal_key(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                s.push('/');
                s.push_str(k);
            }
            Seg::Index(i, _) => {
                s.push('#');
                s.push_str(&i.to_string());
            }
        }
    }
    s
}

enum Frame {
    Map { at_key: bool, key: Option<String> },
    Seq { next: usize },
}

/// Finds the 1-based line and column of each path in the text: the key's
/// place for a map entry, the item's place for a list entry. JSON is read
/// as YAML here, which it is. Paths not found (or a text the event parser
/// cannot read) get `None`; the problem is still reported by its path.
pub fn locate(text: &str, paths: &[&DocPath]) -> Vec<Option<(usize, usize)>> {
    use yaml_rust2::parser::{Event, Parser};
    let wanted: HashMap<String, usize> = paths.iter().enumerate().map(|(i, p)| (normal_key(&p.0), i)).collect();
    let max_depth = paths.iter().map(|p| p.0.len()).max().unwrap_or(0);
    let mut found = vec![None; paths.len()];
    let mut remaining = wanted.len();
    let mut stack: Vec<Frame> = Vec::new();
    let mut path: Vec<Seg> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    let record = |path: &[Seg], line: usize, col: usize, found: &mut Vec<Option<(usize, usize)>>| -> Option<usize> {
        if path.len() > max_depth {
            return None;
        }
        let &i = wanted.get(&normal_key(path))?;
        if found[i].is_some() {
            return None;
        }
        found[i] = Some((line, col + 1));
        Some(i)
    };
    // A block mapping's start mark sits after its first key; the first
    // key's own place is where a reader looks for the item.
    let mut first_key_of: Option<usize> = None;
    while remaining > 0 || first_key_of.is_some() {
        let Ok((event, mark)) = parser.next_token() else { break };
        let is_node = matches!(
            event,
            Event::Scalar(..) | Event::SequenceStart(..) | Event::MappingStart(..) | Event::Alias(_)
        );
        let is_end = matches!(event, Event::SequenceEnd | Event::MappingEnd);
        if matches!(event, Event::StreamEnd) {
            break;
        }
        if let (Some(i), Event::Scalar(..)) = (first_key_of.take(), &event) {
            found[i] = Some((mark.line(), mark.col() + 1));
        }
        if is_node {
            // Where does this node sit: a key, a map value or a list item?
            let mut pushed = false;
            match stack.last_mut() {
                Some(Frame::Map { at_key: true, key }) => {
                    let name = if let Event::Scalar(s, ..) = &event {
                        s.clone()
                    } else {
                        String::new()
                    };
                    path.push(Seg::Key(name.clone()));
                    if record(&path, mark.line(), mark.col(), &mut found).is_some() {
                        remaining -= 1;
                    }
                    path.pop();
                    *key = Some(name);
                    if let Some(Frame::Map { at_key, .. }) = stack.last_mut() {
                        *at_key = false;
                    }
                    // A complex key (a map or list used as a key) is skipped.
                    if matches!(event, Event::SequenceStart(..) | Event::MappingStart(..)) {
                        path.push(Seg::Key(String::new()));
                        pushed = true;
                    }
                }
                Some(Frame::Map { at_key: false, key }) => {
                    path.push(Seg::Key(key.clone().unwrap_or_default()));
                    if record(&path, mark.line(), mark.col(), &mut found).is_some() {
                        remaining -= 1;
                    }
                    pushed = true;
                    if let Some(Frame::Map { at_key, .. }) = stack.last_mut() {
                        *at_key = true;
                    }
                }
                Some(Frame::Seq { next }) => {
                    path.push(Seg::Index(*next, None));
                    *next += 1;
                    if let Some(i) = record(&path, mark.line(), mark.col(), &mut found) {
                        remaining -= 1;
                        if matches!(event, Event::MappingStart(..)) {
                            first_key_of = Some(i);
                        }
                    }
                    pushed = true;
                }
                None => {}
            }
            match event {
                Event::SequenceStart(..) => stack.push(Frame::Seq { next: 0 }),
                Event::MappingStart(..) => stack.push(Frame::Map { at_key: true, key: None }),
                _ => {
                    if pushed {
                        path.pop();
                    }
                }
            }
        } else if is_end {
            stack.pop();
            if !stack.is_empty() {
                path.pop();
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::synth;

    fn ids_and_titles(raw: &RawDataset) -> Vec<(String, String)> {
        titles(&raw.events)
    }

    fn titles(events: &[RawEvent]) -> Vec<(String, String)> {
        events
            .iter()
            .map(|e| (e.id.as_str().to_string(), e.title.as_str().to_string()))
            .collect()
    }

    fn piece_titles(p: &Parsed) -> Vec<(String, String)> {
        p.pieces.iter().flat_map(|events| titles(events)).collect()
    }

    #[test]
    fn a_large_file_parsed_in_pieces_reads_as_it_does_whole() {
        let (yaml, json) = (synth::generate(12_000, false), synth::generate(12_000, true));
        assert!(yaml.len() > split::MIN_BYTES && json.len() > split::MIN_BYTES);
        let pieces = yaml_in_pieces(&yaml, 3).expect("cut into pieces");
        let whole: RawDataset = serde_yaml::from_str(&yaml).unwrap();
        assert_eq!(piece_titles(&pieces), ids_and_titles(&whole));
        assert_eq!(pieces.header.sources.len(), whole.sources.len());
        assert_eq!(pieces.pieces.len(), 3);
        let pieces = json_in_pieces(&json, 3).expect("cut into pieces");
        let whole: RawDataset = serde_json::from_str(&json).unwrap();
        assert_eq!(piece_titles(&pieces), ids_and_titles(&whole));
        assert_eq!(pieces.header.actors.len(), whole.actors.len());
    }

    #[test]
    fn a_cut_that_falls_inside_a_string_sends_the_file_down_the_whole_path() {
        // A title that looks like the boundary between two items.
        let item = |i: usize| format!(r#"{{"id":"e{i}","date":"2021","title":"x }}, {{ y"}}"#);
        let items: Vec<String> = (0..50).map(item).collect();
        let text = format!(r#"{{"format":1,"title":"t","events":[{}]}}"#, items.join(","));
        let whole: RawDataset = serde_json::from_str(&text).unwrap();
        if let Some(p) = json_in_pieces(&text, 7) {
            assert_eq!(piece_titles(&p), ids_and_titles(&whole));
        }
        let yaml = format!(
            "format: 1\ntitle: t\nevents:\n{}",
            (0..50)
                .map(|i| format!("  - id: e{i}\n    date: '2021'\n    title: \"a\n  - id: fake\"\n"))
                .collect::<String>()
        );
        let whole: RawDataset = serde_yaml::from_str(&yaml).unwrap();
        assert_eq!(whole.events.len(), 50);
        if let Some(p) = yaml_in_pieces(&yaml, 7) {
            assert_eq!(piece_titles(&p), ids_and_titles(&whole));
        }
    }

    use super::*;

    #[test]
    fn locates_keys_and_items_in_yaml() {
        let text = "format: 1\ntitle: x\nevents:\n  - id: a\n    date: 2021\n  - id: b\n    tilte: y\n";
        let p1 = DocPath::root().key("events").index(1).key("tilte");
        let p2 = DocPath::root().key("events").index(0);
        let p3 = DocPath::root().key("title");
        assert_eq!(locate(text, &[&p1, &p2, &p3]), vec![Some((7, 5)), Some((4, 5)), Some((2, 1))]);
    }

    #[test]
    fn locates_in_json_and_flow_lists() {
        let text = "{\"format\": 1,\n \"events\": [{\"id\": \"a\", \"actors\": [\"x\", \"y\"]}]}";
        let p = DocPath::root().key("events").index(0).key("actors").index(1);
        assert_eq!(locate(text, &[&p]), vec![Some((2, 41))]);
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_parsing() {
        let text = format!("a: {}", "[".repeat(300));
        let f = parse_typed(&text, Syntax::Yaml).unwrap_err();
        assert_eq!(f.position, Some((1, 260)));
        let quoted = format!("a: \"{}\"\nb: '{}' # {}", "[".repeat(300), "{".repeat(300), "[".repeat(300));
        assert!(prescan(&quoted).is_ok());
    }

    #[test]
    fn tags_and_second_documents_are_refused_with_their_place() {
        let f = prescan("title: !!python/object:os.system x\n").unwrap_err();
        assert_eq!(f.position, Some((1, 8)));
        assert!(f.message.contains("`!!python/object:os.system`"), "{}", f.message);
        assert!(prescan("title: \"Hello!\"\nsummary: wow ! such text\nx: '!'\ny: a, !b\n").is_ok());
        assert!(prescan("tags: [a, !b]\n").is_err());
        assert!(prescan("- !x 1\n").is_err());
        let f = prescan("---\na: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!(f.position, Some((3, 1)));
        assert!(prescan("# c\n---\na: 1\n").is_ok());
        assert!(prescan("a: |\n  ---- not a marker\n").is_ok());
    }

    #[test]
    fn yaml_errors_carry_line_and_column() {
        let f = parse_value("a: [1, 2\nb: 3\n", Syntax::Yaml).unwrap_err();
        assert!(f.position.is_some(), "{f:?}");
        assert!(!f.message.contains(" at line "), "{}", f.message);
    }
}
