//! Adding an item (an event, a source, an actor) to a dataset file as a
//! person would: the item's lines inserted at the end of its list, every
//! other byte of the file kept (comments, order, quoting). The file is
//! written only if the result loads, and then whole or not at all.

use super::Syntax;
use crate::model::Origin;
use std::path::Path;

/// `text` with `item` (YAML lines of one list item, unindented, the first
/// starting `- `) added at the end of the top-level list `list`, indented
/// as that list's items are. A missing list is added at the end of the
/// file; a list written in flow style (`events: [...]`) is refused, since
/// adding to it would mean rewriting it.
pub fn insert_item(text: &str, list: &str, item: &str) -> Result<String, String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let key = format!("{list}:");
    let Some(start) = lines.iter().position(|l| l.starts_with(&key)) else {
        let mut out = text.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&key);
        out.push('\n');
        out.push_str(&indented(item, "  "));
        return Ok(out);
    };
    let after_key = lines[start][key.len()..].trim();
    if !(after_key.is_empty() || after_key.starts_with('#')) {
        return Err(format!(
            "`{list}` is written on one line ({}); add to it in an editor, or write it as a block list (`- ` items)",
            crate::text::fit(after_key, 40)
        ));
    }
    // The block runs to the next top-level key; blank and comment lines
    // just before that key belong to what follows. At the end of the
    // file, trailing comments belong to the last item (a skeleton's
    // commented-out keys), so the new item goes after them.
    let next_key = lines[start + 1..]
        .iter()
        .position(|l| !l.starts_with([' ', '\t', '#', '-', '\n', '\r']) && !l.trim().is_empty())
        .map(|k| start + 1 + k);
    let mut end = next_key.unwrap_or(lines.len());
    while next_key.is_some() && end > start + 1 && {
        let t = lines[end - 1].trim();
        t.is_empty() || t.starts_with('#')
    } {
        end -= 1;
    }
    let indent: String = lines[start + 1..end]
        .iter()
        .find_map(|l| {
            let t = l.trim_start_matches(' ');
            t.starts_with("- ").then(|| " ".repeat(l.len() - t.len()))
        })
        .unwrap_or_else(|| "  ".into());
    let mut out = String::with_capacity(text.len() + item.len() + 64);
    for l in &lines[..end] {
        out.push_str(l);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&indented(item, &indent));
    for l in &lines[end..] {
        out.push_str(l);
    }
    Ok(out)
}

fn indented(item: &str, indent: &str) -> String {
    item.lines().map(|l| format!("{indent}{l}\n")).collect()
}

/// Adds `item` to `list` in the YAML dataset file at `path`: read, the
/// item inserted, the result loaded as the explorer would load it, and
/// only then written (atomically). Says why not otherwise; the file is
/// then untouched.
pub fn append_to_file(path: &Path, list: &str, item: &str) -> Result<(), String> {
    if super::syntax_for(path) != Syntax::Yaml {
        return Err(format!(
            "{} is JSON; adding from the explorer writes YAML datasets (`itx export FILE --format yaml -o x.yaml` makes one)",
            path.display()
        ));
    }
    let file = super::clean::clean_line(&path.display().to_string());
    let text = super::read_file(path).map_err(|e| e.to_string())?;
    let new = insert_item(&text, list, item)?;
    if let Err(e) = super::parse_text(&file, &new, Syntax::Yaml, Origin::File(path.to_path_buf())) {
        let first: Vec<String> = e.errors().take(3).map(|d| d.message.clone()).collect();
        return Err(format!(
            "nothing was written: with it, the file would not load: {}",
            first.join("; ")
        ));
    }
    crate::atomic::write_atomic(path, new.as_bytes()).map_err(|e| format!("cannot write {}: {e}; nothing was changed", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITEM: &str = "- id: new\n  date: 2024\n  title: New\n  sources: [s]\n";

    #[test]
    fn the_item_goes_at_the_end_of_its_list_and_nothing_else_moves() {
        let text = "# top comment\nformat: 1\ntitle: 'T'   # quoted\nevents:\n    - id: a\n      date: 2021\n      title: A\n      sources: [s]\n\n# sources follow\nsources:\n  - {id: s, title: S}\n";
        let new = insert_item(text, "events", ITEM).unwrap();
        let (before, rest) = text.split_at(text.find("\n\n# sources").unwrap() + 1);
        assert_eq!(
            new,
            format!("{before}    - id: new\n      date: 2024\n      title: New\n      sources: [s]\n{rest}"),
            "indented as the list's items, before the blank line and comment that lead to the next key"
        );
    }

    #[test]
    fn a_list_at_the_end_of_the_file_and_a_missing_one() {
        let text = "format: 1\ntitle: T\nevents:\n  - {id: a, date: 2021, title: A}";
        let new = insert_item(text, "events", ITEM).unwrap();
        assert_eq!(
            new,
            format!("{text}\n  - id: new\n    date: 2024\n    title: New\n    sources: [s]\n")
        );
        let new = insert_item("format: 1\n", "actors", "- id: x\n").unwrap();
        assert_eq!(new, "format: 1\nactors:\n  - id: x\n");
    }

    #[test]
    fn at_the_end_of_the_file_the_last_items_comments_stay_with_it() {
        let text = "events:\n  - id: a\n    # phase: discovery\n";
        assert_eq!(insert_item(text, "events", "- id: b\n").unwrap(), format!("{text}  - id: b\n"));
    }

    #[test]
    fn a_flow_list_is_refused() {
        let err = insert_item("events: [{id: a}]\n", "events", ITEM).unwrap_err();
        assert!(err.contains("one line"), "{err}");
    }
}
