//! What each subcommand does: load, compute, print. Exit codes: 0 success,
//! 1 a dataset failed to load or validate (or output failed), 2 usage.

use crate::cli::{Command, ListArgs, MetricsFormat, Reading, Select};
use crate::export::{self, table};
use crate::metrics;
use crate::model::Dataset;
use crate::search::{Field, Query, SearchIndex, Term, TermKind};
use crate::store::{self, bundled, LoadResult};
use clap::CommandFactory;
use std::io::Write;
use std::process::ExitCode;

/// A dataset or timeline named on the command line, read as `reading`
/// says (which is remembered beside the file when given).
pub fn load_spec(spec: &str, reading: &Reading) -> LoadResult {
    let target = store::Target::resolve(spec);
    let choice = reading.choice();
    let loaded = crate::import::open::load(&target, &store::Progress::default(), &choice)?;
    if let store::Target::File(path) = &target {
        if let Err(why) = crate::import::open::remember(path, &choice) {
            eprintln!("itx: {why}");
        }
    }
    Ok(loaded)
}

pub fn load_or_default(spec: Option<&str>, reading: &Reading) -> LoadResult {
    match spec {
        Some(s) => load_spec(s, reading),
        None => store::load_bundled(bundled::default()),
    }
}

/// Loads one dataset for a command, printing every problem on failure.
fn dataset(spec: Option<&str>, reading: &Reading) -> Result<Dataset, ExitCode> {
    match load_or_default(spec, reading) {
        Ok(l) => {
            if let (Some(spec), n @ 1..) = (spec, l.warnings.len()) {
                eprintln!(
                    "itx: {}: {}; `itx validate {spec}` lists them",
                    store::clean::clean_line(spec),
                    crate::text::count(n, "warning", "warnings")
                );
            }
            Ok(l.dataset)
        }
        Err(e) => {
            eprint!("{e}");
            eprintln!(
                "itx: could not load the dataset ({}); `itx validate` lists the same problems",
                crate::text::count(e.errors().count(), "error", "errors")
            );
            Err(ExitCode::from(1))
        }
    }
}

fn out(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|_| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`itx list | head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("itx: cannot write the output: {e}");
            ExitCode::from(1)
        }
    }
}

pub fn run(cmd: Command) -> ExitCode {
    let result = match cmd {
        Command::Validate { datasets, reading } => return validate(&datasets, &reading),
        Command::List(args) => list(args),
        Command::Metrics {
            dataset: spec,
            format,
            reading,
        } => dataset(spec.as_deref(), &reading).map(|ds| metrics_text(&ds, format)),
        Command::Export {
            dataset: spec,
            format,
            output,
            raw_cells,
            starred,
            select,
            reading,
        } => selection(&select).and_then(|sel| {
            if raw_cells && format != export::ExportFormat::Csv {
                eprintln!("itx: --raw-cells is for --format csv only");
                return Err(ExitCode::from(2));
            }
            let ds = dataset(spec.as_deref(), &reading)?;
            let events = sel.events(&ds);
            // The reader's stars and notes go with it, where the format has room.
            let marks = store::marks::path_for(&ds.origin)
                .and_then(|p| store::marks::read(&p).ok())
                .unwrap_or_default();
            let format = story_format(format, starred, &ds, &events, &marks, spec.as_deref())?;
            let text = if raw_cells {
                export::csv::render(&ds, &events, &marks, export::csv::Cells::Raw)
            } else {
                export::render(&ds, &events, format, &marks)
            };
            write_out(text, output)
        }),
        Command::Import {
            from,
            map,
            file,
            output,
            strict,
        } => return import(from, map.as_deref(), &file, output, strict),
        Command::Datasets => Ok(datasets()),
        Command::Iocs {
            dataset: spec,
            format,
            select,
            reading,
        } => selection(&select).and_then(|sel| {
            let ds = dataset(spec.as_deref(), &reading)?;
            let events = sel.events(&ds);
            Ok(iocs(&ds, &events, format))
        }),
        Command::Schema { output } => write_out(store::SCHEMA.to_string(), output),
        Command::New { output, title, format } => new_dataset(output, &title, format),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut crate::cli::Cli::command(), "itx", &mut out);
            Ok(String::from_utf8_lossy(&out).into_owned())
        }
        Command::Man => crate::manual::render().map_err(|e| {
            eprintln!("itx: cannot render the manual page: {e}");
            ExitCode::from(1)
        }),
    };
    match result {
        Ok(text) => out(&text),
        Err(code) => code,
    }
}

/// Text for standard output, or written atomically to `output`.
/// `itx new`: the skeleton or the spreadsheet, to standard output or to a
/// file that does not exist yet (a draft is never overwritten).
fn new_dataset(output: Option<std::path::PathBuf>, title: &str, format: crate::cli::NewFormat) -> Result<String, ExitCode> {
    let text = match format {
        crate::cli::NewFormat::Yaml => crate::template::skeleton(title),
        crate::cli::NewFormat::Csv => crate::template::sheet(),
    };
    let Some(path) = output else { return Ok(text) };
    if path.exists() {
        eprintln!("itx: {} exists; itx new never replaces a file: give another name", path.display());
        return Err(ExitCode::from(1));
    }
    write_out(text, Some(path.clone()))?;
    match format {
        crate::cli::NewFormat::Yaml => {
            let schema = path.with_file_name("dataset.schema.json");
            eprintln!(
                "itx: next: edit it, `itx validate {0}`, `itx {0}` to open it (it reloads as you save){1}",
                path.display(),
                if schema.exists() {
                    String::new()
                } else {
                    format!("; for your editor's completion: `itx schema -o {}`", schema.display())
                }
            );
        }
        crate::cli::NewFormat::Csv => eprintln!(
            "itx: next: fill in a row per event (actors separated by `; `), then `itx import {} -o incident.yaml`",
            path.display()
        ),
    }
    Ok(String::new())
}

fn write_out(text: String, output: Option<std::path::PathBuf>) -> Result<String, ExitCode> {
    match output {
        None => Ok(text),
        Some(path) => match crate::atomic::write_atomic(&path, text.as_bytes()) {
            Ok(()) => {
                eprintln!("itx: wrote {}", path.display());
                Ok(String::new())
            }
            Err(e) => {
                eprintln!("itx: cannot write {}: {e}; nothing was changed", path.display());
                Err(ExitCode::from(1))
            }
        },
    }
}

/// What `--starred` makes of `--format`: the story (YAML) or a usage
/// error; and a story with no starred event to tell is refused.
fn story_format(
    format: export::ExportFormat,
    starred: bool,
    ds: &Dataset,
    events: &[usize],
    marks: &store::marks::Marks,
    spec: Option<&str>,
) -> Result<export::ExportFormat, ExitCode> {
    let format = match (starred, format) {
        (true, export::ExportFormat::Yaml | export::ExportFormat::Story) => export::ExportFormat::Story,
        (true, _) => {
            eprintln!("itx: --starred writes the story as YAML: give --format yaml (or --format story)");
            return Err(ExitCode::from(2));
        }
        (false, f) => f,
    };
    if format == export::ExportFormat::Story && !export::story::any_starred(ds, events.iter().copied(), marks) {
        let among = if events.len() < ds.events.len() {
            " among those selected"
        } else {
            ""
        };
        eprintln!(
            "itx: no event of {} is starred{among}; star events in the explorer with *",
            spec.unwrap_or(bundled::DEFAULT)
        );
        return Err(ExitCode::from(1));
    }
    Ok(format)
}

/// `itx import`: another tool's timeline as a dataset, YAML (or JSON for
/// an output named `.json`), with what was skipped and left out said on
/// standard error.
fn import(
    from: Option<crate::import::ImportFormat>,
    map: Option<&str>,
    file: &std::path::Path,
    output: Option<std::path::PathBuf>,
    strict: bool,
) -> ExitCode {
    let name = store::clean::clean_line(&file.display().to_string());
    let opts = crate::import::Options { strict };
    let plan = match map.map(crate::import::plan::Plan::mapped).transpose() {
        Ok(p) => p,
        Err(why) => {
            eprintln!("itx: {why}");
            return ExitCode::from(2);
        }
    };
    let imported = match crate::import::run_file(from, plan, file, &name, &opts) {
        Ok(i) => i,
        Err(why) => {
            eprintln!("itx: cannot import {name}: {}", store::clean::clean_text(&why));
            return ExitCode::from(1);
        }
    };
    let report = &imported.report;
    for w in &report.warnings {
        eprintln!("itx: {name}: {}", store::clean::clean_line(w));
    }
    if report.warning_count > report.warnings.len() {
        eprintln!(
            "itx: {name}: ... and {} more warnings",
            crate::text::thousands(report.warning_count - report.warnings.len())
        );
    }
    let ds = &imported.dataset;
    let count = crate::text::count;
    let mut summary = format!(
        "itx: imported {}, {}, {} from {name}",
        count(ds.events.len(), "event", "events"),
        count(ds.actors.len(), "actor", "actors"),
        count(ds.sources.len(), "source", "sources"),
    );
    if report.skipped > 0 {
        summary.push_str(&format!(
            "; {} skipped (see above; --strict refuses such a file)",
            count(report.skipped, "line", "lines")
        ));
    }
    eprintln!("{summary}");
    for n in &report.notes {
        eprintln!("itx: {n}");
    }
    let all: Vec<usize> = (0..ds.events.len()).collect();
    let json = output
        .as_ref()
        .is_some_and(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")));
    let comment = format!("Imported by itx from {name}.");
    let fill = |w: &mut dyn Write| -> std::io::Result<()> {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, w);
        if json {
            serde_json::to_writer_pretty(&mut w, &export::json::dataset(ds, &all))?;
            writeln!(w)?;
        } else {
            export::yaml::write(&mut w, ds, &all, Some(&comment))?;
        }
        w.flush()
    };
    let code = match output {
        Some(path) => match crate::atomic::write_atomic_with(&path, fill) {
            Ok(()) => {
                eprintln!("itx: wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("itx: cannot write {}: {e}; nothing was changed", path.display());
                ExitCode::from(1)
            }
        },
        None => {
            let mut stdout = std::io::stdout().lock();
            match fill(&mut stdout) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("itx: cannot write the output: {e}");
                    ExitCode::from(1)
                }
            }
        }
    };
    // Freeing a million events takes a moment nobody waits for: the
    // process is ending.
    std::mem::forget(imported);
    code
}

fn validate(specs: &[String], reading: &Reading) -> ExitCode {
    let mut failed = 0;
    let mut text = String::new();
    for spec in specs {
        let portability = store::portability(spec);
        match load_spec(spec, reading) {
            Ok(l) => {
                for w in l.warnings.iter().chain(&portability) {
                    text += &format!("{w}\n");
                }
                let n = l.warnings.len() + portability.len();
                text += &format!(
                    "{spec}: valid, {}{}\n",
                    crate::text::count(l.dataset.events.len(), "event", "events"),
                    if n > 0 {
                        format!(", {}", crate::text::count(n, "warning", "warnings"))
                    } else {
                        String::new()
                    }
                );
            }
            Err(e) => {
                failed += 1;
                text += &e.to_string();
                for w in &portability {
                    text += &format!("{w}\n");
                }
                let n = e.errors().count();
                text += &format!("{spec}: invalid, {}\n", crate::text::count(n, "error", "errors"));
            }
        }
    }
    let code = out(&text);
    if failed > 0 {
        ExitCode::from(1)
    } else {
        code
    }
}

/// How wide the table may be: as asked with `--width`; the terminal's
/// width on a terminal; unlimited on a pipe or in a file, where a cut
/// title would be lost to `grep` and scripts.
fn table_width(asked: Option<usize>) -> usize {
    use std::io::IsTerminal;
    if let Some(w) = asked {
        return w;
    }
    if std::io::stdout().is_terminal() {
        if let Ok((w, _)) = crossterm::terminal::size() {
            return w as usize;
        }
    }
    usize::MAX
}

/// The events a command's flags select: search terms and filters, and
/// the date the public knew them by.
struct Selection {
    terms: Vec<Term>,
    as_of: Option<crate::model::PartialDate>,
}

impl Selection {
    fn events(&self, ds: &Dataset) -> Vec<usize> {
        let mut events: Vec<usize> = if self.terms.is_empty() {
            (0..ds.events.len()).collect()
        } else {
            let query = Query {
                terms: self.terms.clone(),
                ..Query::default()
            };
            SearchIndex::build(ds)
                .filter(ds, &query, None)
                .into_iter()
                .map(|i| i as usize)
                .collect()
        };
        if let Some(date) = self.as_of {
            let known = ds.known_from();
            events.retain(|&i| Dataset::public_as_of(&known[i], &date));
        }
        events
    }
}

/// The flags as query terms (the explorer's search language), so both
/// filter the same way. A bad value, or a search term that cannot be
/// read, is a usage error (exit 2) that says why.
fn selection(args: &Select) -> Result<Selection, ExitCode> {
    use crate::model::{Confidence, PartialDate, Phase, Reliability};
    let usage = |m: String| {
        eprintln!("itx: {m}");
        ExitCode::from(2)
    };
    let term = |kind| Term { negate: false, kind };
    let date = |flag: &str, v: &str| PartialDate::parse(v).map_err(|e| usage(format!("--{flag}: {}", e.0)));
    let mut terms = Vec::new();
    terms.extend(args.actor.iter().map(|a| term(TermKind::Field(Field::Actor, a.to_lowercase()))));
    terms.extend(args.tag.iter().map(|t| term(TermKind::Field(Field::Tag, t.to_lowercase()))));
    if let Some(p) = &args.phase {
        Phase::parse(p).ok_or_else(|| usage(format!("--phase: unknown phase `{p}`; allowed: {}", Phase::WORDS.join(", "))))?;
        terms.push(term(TermKind::Field(Field::Phase, p.clone())));
    }
    if let Some(d) = &args.from {
        terms.push(term(TermKind::After(date("from", d)?)));
    }
    if let Some(d) = &args.to {
        terms.push(term(TermKind::Before(date("to", d)?)));
    }
    if let Some(c) = &args.min_confidence {
        let c = Confidence::parse(c).ok_or_else(|| {
            usage(format!(
                "--min-confidence: unknown word `{c}`; allowed: {}",
                Confidence::WORDS.join(", ")
            ))
        })?;
        terms.push(term(TermKind::MinConfidence(c)));
    }
    if let Some(r) = &args.min_reliability {
        let r =
            Reliability::parse(&r.to_uppercase()).ok_or_else(|| usage(format!("--min-reliability: `{r}` is not a letter from A to F")))?;
        terms.push(term(TermKind::MinReliability(r)));
    }
    // Threat-intelligence flags are the query's own terms, read by it.
    let intel: Vec<String> = (args.technique.iter().map(|t| format!("technique:{t}")))
        .chain(args.tactic.iter().map(|t| format!("tactic:{t}")))
        .chain(args.ioc.iter().map(|i| format!("ioc:{i}")))
        .collect();
    for word in &intel {
        let query = Query::parse(word);
        if let Some(p) = query.problems.first() {
            return Err(usage(format!("--{}", p)));
        }
        terms.extend(query.terms);
    }
    if let Some(q) = &args.search {
        let query = Query::parse(q);
        if let Some(p) = query.problems.first() {
            return Err(usage(format!("--search: {p}")));
        }
        terms.extend(query.terms);
    }
    let as_of = match &args.as_of {
        Some(d) => Some(date("as-of", d)?),
        None => None,
    };
    Ok(Selection { terms, as_of })
}

fn list(args: ListArgs) -> Result<String, ExitCode> {
    let sel = selection(&args.select)?;
    let ds = dataset(args.dataset.as_deref(), &args.reading)?;
    let events = sel.events(&ds);
    if args.count {
        return Ok(format!("{}\n", events.len()));
    }
    Ok(table::render(&ds, &events, args.format, table_width(args.width), args.tz))
}

fn metrics_text(ds: &Dataset, format: MetricsFormat) -> String {
    let figures = metrics::figures(ds);
    match format {
        MetricsFormat::Text => {
            let mut s = format!("{}\n", ds.title);
            for f in &figures {
                s += &format!("{:<18} {}", f.milestone.label(), f.human(ds));
                if let Ok((a, b)) = f.ends {
                    let (ea, eb) = (&ds.events[a], &ds.events[b]);
                    let (pa, pb) = f.milestone.phases();
                    s += &format!("  ({pa} {} {} -> {pb} {} {})", ea.date_label(), ea.id, eb.date_label(), eb.id);
                }
                s.push('\n');
            }
            s
        }
        MetricsFormat::Json => {
            let mut m = serde_json::Map::new();
            for f in &figures {
                let v = match (&f.ends, f.interval(ds)) {
                    (Ok((a, b)), Some(i)) => serde_json::json!({
                        "known": true,
                        "human": f.human(ds),
                        "approximate": f.approximate(ds),
                        "months": i.months(),
                        "days": i.days(),
                        "from": {"event": ds.events[*a].id.as_str(), "date": ds.events[*a].date.to_string()},
                        "to": {"event": ds.events[*b].id.as_str(), "date": ds.events[*b].date.to_string()},
                    }),
                    (Err(metrics::Unknown::Missing(missing)), _) => serde_json::json!({
                        "known": false,
                        "missing_phases": missing.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
                    }),
                    (Err(metrics::Unknown::Merged), _) => serde_json::json!({"known": false}),
                    _ => serde_json::Value::Null,
                };
                m.insert(f.milestone.key().to_string(), v);
            }
            let v = serde_json::json!({"title": ds.title, "figures": m});
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
    }
}

fn datasets() -> String {
    let mut s = String::new();
    for b in bundled::ALL {
        match store::load_bundled(b) {
            Ok(l) => s += &format!("{:<26} {:>4} events  {}\n", b.name, l.dataset.events.len(), l.dataset.title),
            Err(_) => s += &format!("{:<26} (does not load)\n", b.name),
        }
    }
    s += &format!(
        "\nATT&CK techniques known: {} ({}).\nATT&CK is (c) The MITRE Corporation, used under its terms of use: \
         https://attack.mitre.org/resources/legal-and-branding/terms-of-use/\n",
        crate::model::attack::table().techniques.len(),
        crate::model::attack::table().version
    );
    s
}

/// `itx iocs`: every indicator of the events selected, with its event.
fn iocs(ds: &crate::model::Dataset, events: &[usize], format: crate::cli::IocFormat) -> String {
    use crate::cli::IocFormat;
    let rows = events
        .iter()
        .flat_map(|&i| ds.events[i].indicators().iter().map(move |x| (&ds.events[i], x)));
    match format {
        IocFormat::Csv => {
            let mut w = ::csv::Writer::from_writer(Vec::new());
            let _ = w.write_record(["type", "value", "defanged", "note", "event", "date", "title"]);
            for (e, x) in rows {
                let date = e.date.to_string();
                let cells = [
                    x.kind.as_str(),
                    &x.value,
                    &x.shown(),
                    x.note.as_deref().unwrap_or(""),
                    &e.id,
                    &date,
                    &e.title,
                ];
                let _ = w.write_record(cells.map(|c| crate::export::inert::csv_cell(c).into_owned()));
            }
            String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
        }
        IocFormat::Json => {
            let list: Vec<serde_json::Value> = rows
                .map(|(e, x)| {
                    let mut v = crate::export::json::indicator(x);
                    v["defanged"] = x.shown().into();
                    v["event"] = e.id.to_string().into();
                    v["date"] = e.date.to_string().into();
                    v
                })
                .collect();
            serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
        }
        IocFormat::Stix => {
            let with: Vec<usize> = events.iter().copied().filter(|&i| !ds.events[i].indicators().is_empty()).collect();
            crate::export::stix::render(ds, &with)
        }
    }
}
