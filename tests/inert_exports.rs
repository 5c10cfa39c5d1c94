//! Every export of a hostile dataset (tests/fixtures/hostile/exports.yaml)
//! read back by a real parser of the program it is opened in: an HTML
//! parser over the Markdown rendered by a Markdown library and over
//! TimelineJS's texts, a CSV reader, an iCalendar parser, JSON readers.
//! The hostile text must arrive as text: no element, attribute or link
//! that runs or loads anything, no formula, no broken line.

use itx::export::{self, ExportFormat};
use itx::model::Dataset;
use itx::store;
use scraper::{Html, Node};

fn hostile() -> Dataset {
    store::load_file(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/hostile/exports.yaml"
    )))
    .unwrap_or_else(|e| panic!("{e}"))
    .dataset
}

fn export(ds: &Dataset, format: ExportFormat) -> String {
    let all: Vec<usize> = (0..ds.events.len()).collect();
    export::render(ds, &all, format, &Default::default())
}

/// What in a parsed HTML document could run or load anything: elements
/// that do, event-handler and style attributes, links and sources that
/// are not http(s).
fn live_parts(html: &Html) -> Vec<String> {
    const ELEMENTS: &[&str] = &[
        "script", "iframe", "object", "embed", "svg", "img", "style", "link", "meta", "base", "form", "frame", "frameset", "math",
    ];
    let mut found = Vec::new();
    for node in html.tree.nodes() {
        let Node::Element(el) = node.value() else { continue };
        let name = el.name();
        if ELEMENTS.contains(&name) {
            found.push(format!("<{name}>"));
        }
        for (attr, value) in el.attrs() {
            let lower = value.trim().to_ascii_lowercase();
            if attr.starts_with("on") || attr == "style" || attr == "srcdoc" || attr == "formaction" {
                found.push(format!("<{name} {attr}=...>"));
            }
            if matches!(attr, "href" | "src" | "data" | "action" | "poster" | "background")
                && !(lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:"))
            {
                found.push(format!("<{name} {attr}={value:?}>"));
            }
            if !matches!(attr, "href" | "title" | "align") {
                found.push(format!("<{name}> has an attribute itx does not write: {attr}"));
            }
        }
    }
    found
}

/// The text a reader sees on the rendered page.
fn page_text(html: &Html) -> String {
    html.root_element().text().collect::<Vec<_>>().join("")
}

#[test]
fn the_markdown_briefing_renders_to_html_that_runs_and_loads_nothing() {
    let ds = hostile();
    let md = export(&ds, ExportFormat::Markdown);
    let mut opts = pulldown_cmark::Options::empty();
    opts.insert(pulldown_cmark::Options::ENABLE_TABLES);
    opts.insert(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    let mut rendered = String::new();
    pulldown_cmark::html::push_html(&mut rendered, pulldown_cmark::Parser::new_ext(&md, opts));
    let page = Html::parse_document(&rendered);
    assert_eq!(live_parts(&page), Vec::<String>::new(), "{rendered}");
    // The hostile text is on the page, as text.
    let text = page_text(&page);
    for shown in [
        "<img src=x onerror=alert(1)>",
        "<script>alert('title')</script>",
        "[click me](javascript:alert(2))",
        "# Not a heading",
        "- not a list",
        "=HYPERLINK(\"http://evil.example\",\"click\")",
        "| cell | breaker |",
        "**bold** `tick`",
        "javascript:alert(7)",
    ] {
        assert!(text.contains(shown), "`{shown}` is shown as text:\n{text}");
    }
    // One heading (the title) and the briefing's own sections; one table.
    let headings = page.select(&scraper::Selector::parse("h1").unwrap()).count();
    assert_eq!(headings, 1, "{rendered}");
    assert_eq!(page.select(&scraper::Selector::parse("table").unwrap()).count(), 1);
    let rows = page.select(&scraper::Selector::parse("tbody tr").unwrap()).count();
    assert_eq!(rows, ds.events.len(), "no cell broke out of its row");
    // Links: only the web addresses the dataset gives, whole.
    let links: Vec<String> = page
        .select(&scraper::Selector::parse("a").unwrap())
        .filter_map(|a| a.value().attr("href").map(String::from))
        .collect();
    assert_eq!(links.len(), 2, "{links:?}");
    assert!(
        links.iter().any(|l| l.starts_with("https://example.org/a%22%20style=")),
        "{links:?}"
    );
    assert!(links.iter().any(|l| l.starts_with("https://example.org/report")), "{links:?}");
}

#[test]
fn timelinejs_text_is_html_that_runs_and_loads_nothing() {
    let ds = hostile();
    let json: serde_json::Value = serde_json::from_str(&export(&ds, ExportFormat::Timelinejs)).unwrap();
    let mut texts: Vec<String> = vec![
        json["title"]["text"]["headline"].as_str().unwrap().to_string(),
        json["title"]["text"]["text"].as_str().unwrap().to_string(),
    ];
    for slide in json["events"].as_array().unwrap().iter().chain(json["eras"].as_array().unwrap()) {
        for key in ["headline", "text"] {
            if let Some(t) = slide["text"][key].as_str() {
                texts.push(t.to_string());
            }
        }
    }
    let mut links = 0;
    for t in &texts {
        let html = Html::parse_fragment(t);
        assert_eq!(live_parts(&html), Vec::<String>::new(), "{t}");
        links += html.select(&scraper::Selector::parse("a").unwrap()).count();
    }
    assert_eq!(
        links, 3,
        "quote-break once, fine for each of its two events; never js, data or file"
    );
    let all = texts.join("\n");
    let shown = texts
        .iter()
        .map(|t| page_text(&Html::parse_fragment(t)))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(shown.contains("<img src=x onerror=alert(1)>"), "{all}");
    assert!(shown.contains("<script>alert('source')</script>"), "{all}");
}

#[test]
fn csv_cells_never_start_a_formula_and_import_gives_the_text_back() {
    let ds = hostile();
    let text = export(&ds, ExportFormat::Csv);
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let mut cells = 0;
    for row in rd.records() {
        for cell in row.unwrap().iter() {
            cells += 1;
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a spreadsheet would run {cell:?}"
            );
        }
    }
    assert!(cells > 40);
    // Read back by itx, each text is the dataset's again.
    let back = itx::import::run(None, &text, "hostile.csv", &Default::default()).unwrap().dataset;
    for e in &ds.events {
        let b = back
            .events
            .iter()
            .find(|b| b.id == e.id)
            .unwrap_or_else(|| panic!("{} came back", e.id));
        assert_eq!(b.title, e.title);
        assert_eq!(b.summary(), e.summary());
        let tags = |d: &Dataset, ev: &itx::model::Event| ev.tags.iter().map(|&t| d.tag(t).to_string()).collect::<Vec<_>>();
        assert_eq!(tags(&back, b), tags(&ds, e));
        for f in &e.fields {
            let name = ds.field_name(f.name);
            let got = b
                .fields
                .iter()
                .find(|g| back.field_name(g.name) == name)
                .map(|g| back.value(g.value).to_string());
            assert_eq!(got, Some(ds.value(f.value).to_string()), "field {name}");
        }
    }
    let mallory = back.actors.iter().find(|a| a.id == "mallory").unwrap();
    assert_eq!(mallory.name, "@SUM(1+1)*cmd|' /C calc'!A0");
    // And the raw cells, for a program that wants the bytes.
    let raw = export::csv::render(
        &ds,
        &(0..ds.events.len()).collect::<Vec<_>>(),
        &Default::default(),
        export::csv::Cells::Raw,
    );
    assert!(raw.contains("\"=HYPERLINK("), "{raw}");
}

#[test]
fn icalendar_lines_are_at_most_75_octets_and_texts_come_back_whole() {
    let ds = hostile();
    let text = export(&ds, ExportFormat::Ics);
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    assert!(!text.replace("\r\n", "").contains('\r'), "no bare carriage return");
    let cal = ical::IcalParser::new(text.as_bytes()).next().unwrap().unwrap();
    let unescape = |s: &str| s.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\");
    let summaries: Vec<String> = cal
        .events
        .iter()
        .map(|e| unescape(e.properties.iter().find(|p| p.name == "SUMMARY").unwrap().value.as_deref().unwrap()))
        .collect();
    let calendar = ds.events.iter().find(|e| &*e.id == "calendar").unwrap();
    assert!(summaries.contains(&calendar.title.replace('\r', "\n")), "{summaries:#?}");
    // Only web addresses as URL properties.
    for e in &cal.events {
        for p in e.properties.iter().filter(|p| p.name == "URL") {
            assert!(p.value.as_deref().unwrap().starts_with("https://"), "{:?}", p.value);
        }
    }
}

/// Every string anywhere in a JSON value.
fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(m) => m.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

#[test]
fn stix_and_timesketch_carry_hostile_text_as_the_same_strings() {
    let ds = hostile();
    let wanted: Vec<&str> = ds
        .events
        .iter()
        .map(|e| e.title.as_str())
        .chain([ds.title.as_str(), ds.actors[0].name.as_str()])
        .collect();
    for format in [ExportFormat::Stix, ExportFormat::Timesketch, ExportFormat::Json] {
        let text = export(&ds, format);
        let mut found = Vec::new();
        for doc in serde_json::Deserializer::from_str(&text).into_iter::<serde_json::Value>() {
            strings(&doc.unwrap(), &mut found);
        }
        for w in &wanted {
            assert!(found.iter().any(|s| s == w), "{format:?}: {w:?} is one of its strings");
        }
    }
    // And YAML and JSON load back as the dataset itself.
    for format in [ExportFormat::Yaml, ExportFormat::Json] {
        let syntax = if format == ExportFormat::Yaml {
            store::Syntax::Yaml
        } else {
            store::Syntax::Json
        };
        let back = store::parse_text("back", &export(&ds, format), syntax, ds.origin.clone())
            .unwrap()
            .dataset;
        assert_eq!(back.events, ds.events, "{format:?}");
        assert_eq!(back.title, ds.title);
    }
}

#[test]
fn validate_warns_about_addresses_that_are_not_web_ones_and_yaml_1_1_readings() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_itx"))
        .args([
            "validate",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile/exports.yaml"),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for scheme in ["javascript", "data", "file"] {
        assert!(text.contains(&format!("(scheme: {scheme})")), "{text}");
    }
    assert!(
        text.contains("exports.yaml:24:14: warning: actors[0].country: `NO` is the boolean false"),
        "{text}"
    );
    assert!(text.contains("valid, 4 events, 4 warnings"), "{text}");
    // The bundled datasets quote what YAML 1.1 would misread.
    let bundled = std::process::Command::new(env!("CARGO_BIN_EXE_itx"))
        .args(["validate", "uk-electoral-commission", "apt31"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&bundled.stdout);
    assert!(!text.contains("warning"), "{text}");
}
