//! The manual page (`itx man`): one page, made from what the program
//! itself is made from, so it cannot drift: the command line from clap,
//! the keys from the key table the help screen shows, the query language
//! from the same list, and the dataset format from the JSON Schema that
//! `itx schema` prints.

use crate::app::{keymap, keys};
use clap::CommandFactory;
use serde_json::Value;
use std::fmt::Write;

/// The page in roff, for `man -l -`.
pub fn render() -> Result<String, String> {
    let cmd = crate::cli::Cli::command();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut head = Vec::new();
    (|| -> std::io::Result<()> {
        man.render_title(&mut head)?;
        man.render_name_section(&mut head)?;
        man.render_synopsis_section(&mut head)?;
        man.render_description_section(&mut head)?;
        man.render_options_section(&mut head)
    })()
    .map_err(|e| e.to_string())?;
    let mut out = String::from_utf8_lossy(&head).into_owned();
    commands(&mut out, &cmd);
    keys_section(&mut out);
    query_section(&mut out);
    format_section(&mut out, crate::store::SCHEMA)?;
    section(&mut out, "FILES");
    paragraph(
        &mut out,
        "Stars, notes and columns on a YAML dataset FILE are kept beside it in FILE.itx-marks.json; \
         on any other file (a forensic timeline, a STIX bundle), and how it is read (--as, --map), \
         in the data folder ($XDG_DATA_HOME/itx/timelines, else ~/.local/share/itx/timelines), \
         so that nothing is written into an evidence folder. The dataset itself is never written by the explorer.",
    );
    section(&mut out, "EXIT STATUS");
    paragraph(
        &mut out,
        "0 success; 1 a dataset failed to load or validate, or a file could not be written; 2 a usage error \
         (an unknown flag, a search term that cannot be read).",
    );
    if let Some(v) = cmd.get_version() {
        section(&mut out, "VERSION");
        paragraph(&mut out, &format!("itx {v}"));
    }
    Ok(out)
}

/// Text made safe for roff: backslashes, and a line that would start
/// with a control character.
fn escape(s: &str) -> String {
    let s = s.replace('\\', "\\e").replace('-', "\\-");
    if s.starts_with('.') || s.starts_with('\'') {
        format!("\\&{s}")
    } else {
        s
    }
}

fn section(out: &mut String, name: &str) {
    let _ = writeln!(out, ".SH {name}");
}

fn paragraph(out: &mut String, text: &str) {
    let _ = writeln!(out, ".PP\n{}", escape(text));
}

/// A tagged paragraph: `term` in bold, then what it is.
fn item(out: &mut String, term: &str, what: &str) {
    let _ = writeln!(out, ".TP\n\\fB{}\\fR\n{}", escape(term), escape(what));
}

/// Every subcommand with its arguments, in this page rather than pages of
/// their own.
fn commands(out: &mut String, cmd: &clap::Command) {
    section(out, "COMMANDS");
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let usage = sub.clone().bin_name(format!("itx {}", sub.get_name())).render_usage().to_string();
        let usage = usage.trim_start_matches("Usage: ");
        let _ = writeln!(out, ".SS {}", escape(usage));
        if let Some(about) = sub.get_about() {
            paragraph(out, &about.to_string());
        }
        for arg in sub.get_arguments().filter(|a| !a.is_hide_set() && a.get_id() != "help") {
            let mut names: Vec<String> = Vec::new();
            if let Some(s) = arg.get_short() {
                names.push(format!("-{s}"));
            }
            if let Some(l) = arg.get_long() {
                names.push(format!("--{l}"));
            }
            let value = arg
                .get_value_names()
                .map(|v| v.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(" "))
                .unwrap_or_default();
            // A flag takes no value, whatever name clap gives it.
            let value = if arg.get_action().takes_values() { value } else { String::new() };
            let term = match (names.is_empty(), value.is_empty()) {
                (true, _) => value,
                (false, true) => names.join(", "),
                (false, false) => format!("{} {value}", names.join(", ")),
            };
            let mut what = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            let choices: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if !choices.is_empty() && arg.get_action().takes_values() {
                if !what.is_empty() {
                    what.push_str(". ");
                }
                what.push_str(&format!("One of: {}", choices.join(", ")));
            }
            item(out, &term, &what);
        }
    }
}

/// The explorer's keys, mode by mode, as the help screen lists them.
fn keys_section(out: &mut String) {
    section(out, "KEYS");
    paragraph(
        out,
        "In the explorer, ? (or F1 from anywhere) shows the keys of the screen in front; these are all of them.",
    );
    let mut mode = "";
    for (m, label, help) in keys::table() {
        if m != mode {
            let _ = writeln!(out, ".SS {}", escape(m));
            mode = m;
        }
        item(out, label, help);
    }
}

fn query_section(out: &mut String) {
    section(out, "SEARCH");
    paragraph(
        out,
        "The search line (/ in the explorer, --search in itx list and itx export) takes terms separated by \
         spaces; an event must match every term. A term that cannot be read is an error that says why.",
    );
    for (term, what) in keymap::QUERY_HELP {
        item(out, term, what);
    }
}

/// The dataset format, from the schema: each key, whether it is needed,
/// what it holds and the words it takes.
fn format_section(out: &mut String, schema: &str) -> Result<(), String> {
    let schema: Value = serde_json::from_str(schema).map_err(|e| format!("the compiled-in schema: {e}"))?;
    section(out, "DATASET FORMAT");
    if let Some(d) = schema["description"].as_str() {
        paragraph(out, d);
    }
    paragraph(
        out,
        "`itx schema` prints the whole JSON Schema; `itx validate` checks a file against it and more.",
    );
    let defs = &schema["$defs"];
    let parts: [(&str, &Value); 6] = [
        ("the top level", &schema),
        ("an actor", &defs["actor"]),
        ("a source", &defs["source"]),
        ("an event", &defs["event"]),
        ("a quote", &defs["quote"]),
        ("an indicator", &defs["indicator"]),
    ];
    for (name, part) in parts {
        let _ = writeln!(out, ".SS Keys of {name}");
        let required: Vec<&str> = part["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let Some(props) = part["properties"].as_object() else { continue };
        for (key, p) in props {
            let p = resolve(p, defs);
            let mut what: Vec<String> = Vec::new();
            if let Some(d) = p["description"].as_str() {
                what.push(d.to_string());
            } else if p["type"] == "array" {
                what.push(match p["items"]["$ref"].as_str().and_then(|r| r.strip_prefix("#/$defs/")) {
                    Some(kind @ ("actor" | "source" | "event" | "quote")) => {
                        format!("A list of {kind}s, each with the keys below.")
                    }
                    _ => "A list of texts.".to_string(),
                });
            }
            if let Some(words) = p["enum"].as_array() {
                let words: Vec<String> = words.iter().map(|w| w.as_str().map_or(w.to_string(), String::from)).collect();
                what.push(format!("One of: {}.", words.join(", ")));
            }
            let need = if required.contains(&key.as_str()) { " (required)" } else { "" };
            item(out, &format!("{key}{need}"), &what.join(" "));
        }
    }
    Ok(())
}

/// A property, or the definition it refers to (`{"$ref": "#/$defs/date"}`),
/// keeping the property's own description over the definition's.
fn resolve<'a>(p: &'a Value, defs: &'a Value) -> std::borrow::Cow<'a, Value> {
    let Some(name) = p["$ref"].as_str().and_then(|r| r.strip_prefix("#/$defs/")) else {
        return std::borrow::Cow::Borrowed(p);
    };
    let mut merged = defs[name].clone();
    if let (Some(own), Some(m)) = (p["description"].as_str(), merged.as_object_mut()) {
        m.insert("description".into(), Value::String(own.to_string()));
    }
    std::borrow::Cow::Owned(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roff_control_characters_are_escaped() {
        assert_eq!(escape(".hidden"), "\\&.hidden");
        assert_eq!(escape("a\\b"), "a\\eb");
        assert_eq!(escape("--search"), "\\-\\-search");
    }
}
