//! Cutting a large file's `events` list into pieces that parse on all
//! cores at once. The cuts are guesses made from the text's layout; each
//! is proven by the parse itself, and any doubt sends the whole file down
//! the ordinary one-piece path (which also gives every error its place).
//!
//! Why a guessed cut cannot go wrong silently: a piece is parsed as whole
//! items, so a cut inside a quoted string, a flow collection or an item
//! leaves the piece before it unterminated, and that parse fails (YAML);
//! or the items parsed before it do not end exactly at the cut (JSON).

use memchr::memmem;

/// Below this size one parser is quick enough, and a cut is not worth it.
pub const MIN_BYTES: usize = 4 << 20;

/// A YAML file's events, cut up: the file without its events (with
/// `events: []` in their place) and the events in pieces, each a block
/// sequence of whole items.
#[derive(Debug)]
pub struct YamlPieces<'a> {
    pub header: String,
    pub pieces: Vec<&'a str>,
}

fn is_blank_or_comment(line: &[u8]) -> bool {
    let t = line.iter().position(|&c| c != b' ' && c != b'\r').map(|p| &line[p..]);
    t.is_none_or(|t| t.is_empty() || t[0] == b'#')
}

/// Cuts the block-style list under a top-level `events:` key into `n`
/// pieces near equal size, at lines that start an item (`- ` at the
/// items' indentation).
pub fn yaml(text: &str, n: usize) -> Option<YamlPieces<'_>> {
    let b = text.as_bytes();
    let key = if b.starts_with(b"events:") {
        0
    } else {
        memmem::find(b, b"\nevents:")? + 1
    };
    // Nothing but a comment may follow the key on its line.
    let key_end = key + memchr::memchr(b'\n', &b[key..])?;
    if !is_blank_or_comment(&b[key + "events:".len()..key_end]) {
        return None;
    }
    // The first item gives the indentation.
    let mut at = key_end + 1;
    let (items, indent) = loop {
        let end = at + memchr::memchr(b'\n', &b[at..]).unwrap_or(b.len() - at);
        let line = &b[at..end];
        if !is_blank_or_comment(line) {
            let spaces = line.iter().take_while(|&&c| c == b' ').count();
            if !line[spaces..].starts_with(b"- ") {
                return None;
            }
            break (at, spaces);
        }
        at = end + 1;
        if at >= b.len() {
            return None;
        }
    };
    // The list ends at the next line that starts at column 0 with
    // something other than a comment or (at indentation 0) an item.
    let mut end = b.len();
    let mut line = items;
    while let Some(nl) = memchr::memchr(b'\n', &b[line..]) {
        line += nl + 1;
        let Some(&c) = b.get(line) else { break };
        let item = indent == 0 && b[line..].starts_with(b"- ");
        if !matches!(c, b' ' | b'\n' | b'\r' | b'#') && !item {
            end = line;
            break;
        }
    }
    let mut marker = vec![b'\n'];
    marker.extend(std::iter::repeat_n(b' ', indent));
    marker.extend_from_slice(b"- ");
    let finder = memmem::Finder::new(&marker);
    let mut cuts = vec![items];
    for k in 1..n {
        let guess = items + (end - items) * k / n;
        let Some(found) = finder.find(&b[guess..end]) else { break };
        let cut = guess + found + 1;
        if cut > *cuts.last()? {
            cuts.push(cut);
        }
    }
    cuts.push(end);
    let pieces = cuts.windows(2).map(|w| &text[w[0]..w[1]]).collect();
    let header = format!("{}events: []\n{}", &text[..key], &text[end..]);
    Some(YamlPieces { header, pieces })
}

/// A JSON file's events array, cut up: where its `[` is, and where
/// `n` pieces start (each at an item's `{`).
#[derive(Debug)]
pub struct JsonCuts {
    pub open: usize,
    pub starts: Vec<usize>,
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\n' | b'\r' | b'\t') {
        i += 1;
    }
    i
}

/// Finds the array under the `"events"` key and guesses cuts near equal
/// size at `}, {` between items. (`"events"` followed by `:` is always a
/// key: inside a string its quotes would be escaped.)
pub fn json(text: &str, n: usize) -> Option<JsonCuts> {
    let b = text.as_bytes();
    let mut search = 0;
    let open = loop {
        let k = search + memmem::find(&b[search..], b"\"events\"")?;
        let colon = skip_ws(b, k + 8);
        if b.get(colon) == Some(&b':') {
            let open = skip_ws(b, colon + 1);
            if b.get(open) != Some(&b'[') {
                return None;
            }
            break open;
        }
        search = k + 8;
    };
    let first = skip_ws(b, open + 1);
    if b.get(first) != Some(&b'{') {
        return None;
    }
    let mut starts = vec![first];
    let span = b.len() - first;
    // The first `,` from `at` with `}` before it and `{` after it.
    let next_cut = |mut at: usize| loop {
        let c = at + memchr::memchr(b',', b.get(at..)?)?;
        let before = b[..c].iter().rposition(|&x| !matches!(x, b' ' | b'\n' | b'\r' | b'\t'))?;
        let next = skip_ws(b, c + 1);
        if b[before] == b'}' && b.get(next) == Some(&b'{') {
            return Some(next);
        }
        at = c + 1;
    };
    for k in 1..n {
        let Some(cut) = next_cut(first + span * k / n) else { break };
        if cut > *starts.last()? {
            starts.push(cut);
        }
    }
    Some(JsonCuts { open, starts })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_cuts_fall_on_items_and_keep_what_follows_the_list() {
        let text = "format: 1\ntitle: t\nevents:\n  - id: a\n    date: 2021\n  - id: b\n    date: 2022\n  # note\n  - id: c\n    date: 2023\nactors: []\n";
        let p = yaml(text, 2).unwrap();
        assert_eq!(p.header, "format: 1\ntitle: t\nevents: []\nactors: []\n");
        assert_eq!(
            p.pieces.concat(),
            "  - id: a\n    date: 2021\n  - id: b\n    date: 2022\n  # note\n  - id: c\n    date: 2023\n"
        );
        assert!(
            p.pieces.len() == 2 && p.pieces.iter().all(|s| s.starts_with("  - id:")),
            "{:?}",
            p.pieces
        );
    }

    #[test]
    fn yaml_lists_that_are_not_block_style_are_left_whole() {
        assert!(yaml("format: 1\nevents: [{id: a}]\n", 2).is_none());
        assert!(yaml("format: 1\n", 2).is_none());
    }

    #[test]
    fn json_cuts_start_at_items() {
        let text = r#"{"format":1,"events":[{"id":"a","t":"x},{y"},{"id":"b"}, {"id":"c"}],"title":"t"}"#;
        let c = json(text, 3).unwrap();
        assert_eq!(&text[c.open..c.open + 1], "[");
        for &s in &c.starts {
            assert_eq!(&text[s..s + 1], "{");
        }
        assert_eq!(c.starts[0], c.open + 1);
    }
}
