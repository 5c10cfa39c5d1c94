//! Bytes in, `Dataset` or every problem out. The only part of itx that reads
//! dataset files.

pub mod append;
pub mod bundled;
pub mod clean;
pub mod diagnostic;
pub mod marks;
pub mod portable;
pub mod progress;
mod raw;
pub mod sidecar;
mod split;
mod structure;
pub mod suggest;
mod syntax;
pub mod target;
mod validate;

pub use diagnostic::{Diagnostic, DocPath, Severity};
pub use progress::{Progress, Stage};
pub use syntax::Syntax;
pub use target::Target;

use crate::model::{Dataset, Origin};
use diagnostic::{Report, Seg};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Files larger than this are refused before parsing. A million-event
/// dataset is about 450 MB of YAML; past a gigabyte a file is more likely a
/// mistake (a disk image, a log) than a timeline.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// A dataset that loaded, with the warnings that did not stop it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub dataset: Dataset,
    pub warnings: Vec<Diagnostic>,
}

/// A dataset that did not load: every problem found, errors first.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    pub fn single(file: &str, message: impl Into<String>) -> Self {
        let mut r = Report::new(file);
        r.error(DocPath::root(), message);
        LoadError { diagnostics: r.items }
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

pub type LoadResult = Result<Loaded, LoadError>;

/// A dataset named on the command line: a bundled name, or a path (see
/// `Target::resolve`).
pub fn load(spec: &str) -> LoadResult {
    Target::resolve(spec).load(&Progress::default())
}

/// The dataset format's JSON Schema, compiled in so that `itx schema`
/// works from any directory.
pub const SCHEMA: &str = include_str!("../../assets/dataset.schema.json");

/// What `itx validate` adds to a load's warnings: the values of a YAML
/// dataset that YAML 1.1 readers read otherwise (see `portable`).
pub fn portability(spec: &str) -> Vec<Diagnostic> {
    match Target::resolve(spec) {
        Target::Bundled(name) => bundled::find(name)
            .map(|b| portable::yaml11_surprises(b.text, &format!("{} (bundled)", b.name)))
            .unwrap_or_default(),
        Target::File(p)
            if p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml")) =>
        {
            read_file(&p)
                .map(|text| portable::yaml11_surprises(&text, &clean::clean_line(&p.display().to_string())))
                .unwrap_or_default()
        }
        Target::File(_) => Vec::new(),
    }
}

pub fn load_bundled(b: &bundled::Bundled) -> LoadResult {
    parse_text(&format!("{} (bundled)", b.name), b.text, Syntax::Yaml, Origin::Bundled(b.name))
}

pub fn syntax_for(path: &Path) -> Syntax {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("json") => Syntax::Json,
        _ => Syntax::Yaml,
    }
}

/// Reads a file, refusing what cannot be a dataset before parsing it.
pub fn read_file(path: &Path) -> Result<String, LoadError> {
    read_file_with(path, &Progress::default())
}

/// Opens a file that can be a dataset (or a timeline to import): a
/// regular file no larger than `MAX_FILE_BYTES`, with its size. What cannot
/// is refused with a message that says why, before anything is read.
pub fn open_file(path: &Path) -> Result<(std::fs::File, u64), LoadError> {
    open_file_within(path, MAX_FILE_BYTES)
}

/// `open_file` for a file read as it streams (a forensic timeline's
/// rows), never held whole: a super-timeline of ten million rows is
/// several gigabytes.
pub fn open_stream(path: &Path) -> Result<(std::fs::File, u64), LoadError> {
    open_file_within(path, u64::MAX)
}

fn open_file_within(path: &Path, limit: u64) -> Result<(std::fs::File, u64), LoadError> {
    let file = clean::clean_line(&path.display().to_string());
    let fail = |m: String| Err(LoadError::single(&file, m));
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if std::fs::symlink_metadata(path).is_ok() {
                return fail("is a symbolic link to a file that does not exist".into());
            }
            let names = bundled::ALL.iter().map(|b| b.name).collect::<Vec<_>>().join(", ");
            return fail(format!("no such file, and no bundled dataset by that name (bundled: {names})"));
        }
        Err(e) => return fail(format!("cannot be read: {e}")),
    };
    if meta.is_dir() {
        return fail("is a directory; give a dataset file (.yaml, .yml or .json)".into());
    }
    if !meta.is_file() {
        return fail("is not a regular file (a FIFO, socket or device); give a dataset file".into());
    }
    if meta.len() > limit {
        return fail(format!(
            "is {} MB, over the {} MB limit for a dataset",
            meta.len() >> 20,
            MAX_FILE_BYTES >> 20
        ));
    }
    match std::fs::File::open(path) {
        Ok(f) => Ok((f, meta.len())),
        Err(e) => fail(format!("cannot be read: {e}")),
    }
}

/// `read_file`, reporting bytes read to `progress` and stopping when it is
/// cancelled.
pub fn read_file_with(path: &Path, progress: &Progress) -> Result<String, LoadError> {
    let file = clean::clean_line(&path.display().to_string());
    let fail = |m: String| Err(LoadError::single(&file, m));
    let (handle, len) = open_file(path)?;
    progress.set_total(len);
    let bytes = match read_all(handle, len as usize, progress) {
        Ok(b) => b,
        Err(m) => return fail(m),
    };
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return fail(format!("is over the {} MB limit for a dataset", MAX_FILE_BYTES >> 20));
    }
    decode(&file, bytes)
}

/// The whole file: a large one read in two halves at once, since first
/// touching fresh memory costs as much as copying into it. In slices, so
/// progress shows and a cancel is noticed within one slice. A file that
/// grows while it is read is read to its end (up to the cap); one that
/// shrinks is reported.
fn read_all(file: std::fs::File, size: usize, progress: &Progress) -> Result<Vec<u8>, String> {
    const SLICE: usize = 8 << 20;
    let read_part = |part: &mut [u8], offset: usize| -> Result<(), String> {
        for (k, slice) in part.chunks_mut(SLICE).enumerate() {
            if progress.is_cancelled() {
                return Err(CANCELLED.into());
            }
            crate::platform::read_exact_at(&file, slice, (offset + k * SLICE) as u64).map_err(|e| match e.kind() {
                std::io::ErrorKind::UnexpectedEof => "became shorter while it was read; try again".to_string(),
                _ => format!("cannot be read: {e}"),
            })?;
            progress.add_read(slice.len() as u64);
        }
        Ok(())
    };
    let mut bytes = vec![0u8; size];
    let two = size >= 2 * SLICE && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    let half = if two { size / 2 } else { size };
    let (first, second) = bytes.split_at_mut(half);
    std::thread::scope(|s| {
        let other = s.spawn(|| read_part(second, half));
        let mine = read_part(first, 0);
        mine.and(other.join().unwrap_or_else(|_| Err("the reading thread failed".into())))
    })?;
    // Whatever was appended meanwhile, up to one byte past the cap.
    let mut reader = std::io::Read::take(&file, MAX_FILE_BYTES + 1 - size as u64);
    let mut tail = Vec::new();
    if let Err(e) = std::io::Seek::seek(&mut &file, std::io::SeekFrom::Start(size as u64)).and_then(|_| reader.read_to_end(&mut tail)) {
        return Err(format!("cannot be read: {e}"));
    }
    bytes.extend_from_slice(&tail);
    Ok(bytes)
}

/// Bytes to text: UTF-8 only, with a clear word for the usual wrong encodings.
pub fn decode(file: &str, mut bytes: Vec<u8>) -> Result<String, LoadError> {
    let fail = |m: String| Err(LoadError::single(file, m));
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return fail("is UTF-16 text; save it as UTF-8".into());
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    // Line and column (1-based) of a byte offset, for errors the parser
    // never sees.
    let place = |bytes: &[u8], at: usize| {
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        (line, at - bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1)
    };
    let fail_at = |position, message: String| {
        let mut r = Report::new(file);
        r.error_at(Some(position), DocPath::root(), message);
        Err(LoadError { diagnostics: r.items })
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            return fail_at(place(e.as_bytes(), at), format!("is not valid UTF-8 (byte {at}); save it as UTF-8"));
        }
    };
    if let Some(at) = text.find('\0') {
        return fail_at(place(text.as_bytes(), at), "contains a NUL byte; a dataset is text".into());
    }
    Ok(text)
}

pub fn load_file(path: &Path) -> LoadResult {
    load_file_with(path, &Progress::default())
}

/// What a cancelled load reports.
pub const CANCELLED: &str = "loading was cancelled";

/// `load_file`, reporting progress. A cancel stops the reading at once;
/// once parsing has begun it runs to the end (the parsers cannot be
/// interrupted) and the caller drops the answer.
pub fn load_file_with(path: &Path, progress: &Progress) -> LoadResult {
    let text = read_file_with(path, progress)?;
    progress.set_stage(Stage::Parsing);
    let file = clean::clean_line(&path.display().to_string());
    let origin = Origin::File(absolute(path));
    parse_text(&file, &text, syntax_for(path), origin)
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Parses and validates a dataset's text. `file` names it in diagnostics.
pub fn parse_text(file: &str, text: &str, syntax: Syntax, origin: Origin) -> LoadResult {
    let mut report = Report::new(file);
    if text.trim().is_empty() {
        report.error(
            DocPath::root(),
            "the file is empty; a dataset needs `format: 1`, a `title` and `events`",
        );
        return Err(LoadError { diagnostics: report.items });
    }
    let partial = match syntax::parse_typed(text, syntax) {
        Ok(raw) => raw.into(),
        Err(first) => match syntax::parse_value(text, syntax) {
            Err(f) => {
                report.error_at(f.position, DocPath::root(), f.message);
                return Err(LoadError { diagnostics: report.items });
            }
            Ok(value) => {
                let partial = structure::check(value, &mut report);
                if !report.has_errors() {
                    // The generic reading found nothing the typed one did:
                    // report the typed reading's own words.
                    report.error_at(first.position, DocPath::root(), structure::explain(&first.message));
                }
                partial
            }
        },
    };
    let dataset = validate::build(partial, origin, &mut report);
    place(text, &mut report);
    for d in report.items.iter_mut() {
        place_second_key(text, d);
    }
    // Errors first, each kind in file order.
    report.items.sort_by_key(|d| (d.severity, d.position));
    match dataset {
        Some(dataset) if !report.has_errors() => Ok(Loaded {
            dataset,
            warnings: report.items,
        }),
        _ => Err(LoadError { diagnostics: report.items }),
    }
}

/// Gives every diagnostic that has a path but no position its line and column.
fn place(text: &str, report: &mut Report) {
    let todo: Vec<usize> = (0..report.items.len())
        .filter(|&i| report.items[i].position.is_none() && !report.items[i].path.is_root())
        .collect();
    if todo.is_empty() {
        return;
    }
    let paths: Vec<&DocPath> = todo.iter().map(|&i| &report.items[i].path).collect();
    let found = syntax::locate(text, &paths);
    for (i, pos) in todo.into_iter().zip(found) {
        report.items[i].position = pos;
    }
}

/// A key written twice in a block mapping is reported where the parser
/// places it, the mapping's first key: moved to the second occurrence, the
/// item's id added to its path, and the first occurrence's line named.
fn place_second_key(text: &str, d: &mut Diagnostic) {
    // The parser's own message names the item before the key
    // ("events[0]: key `tags` appears twice"), with the path at the root.
    let Some(start) = d.message.find("key `") else { return };
    let (prefix, rest) = d.message.split_at(start);
    let prefix = prefix.to_string();
    let (Some(rest), Some((line, col))) = (rest.strip_prefix("key `"), d.position) else {
        return;
    };
    let Some(key) = rest.strip_suffix("` appears twice").map(str::to_string) else {
        return;
    };
    let indent = col.saturating_sub(1);
    let mut found: Vec<usize> = Vec::new();
    let mut id = None;
    for (n, l) in text.lines().enumerate().skip(line.saturating_sub(1)) {
        let body = l.get(indent..).unwrap_or_default();
        let own_indent = l.len() - l.trim_start_matches([' ', '-']).len();
        if n + 1 > line && !l.trim().is_empty() && !l.trim_start().starts_with('#') && own_indent < indent {
            break;
        }
        if body.starts_with(&format!("{key}:")) {
            found.push(n + 1);
        }
        if let Some(v) = body.strip_prefix("id:") {
            id = Some(v.trim().trim_matches(['"', '\'']).to_string());
        }
    }
    if let [first, second, ..] = found[..] {
        d.position = Some((second, col));
        let prefix = match (&id, prefix.strip_suffix("]: ")) {
            (Some(id), Some(item)) => format!("{item}] ({id}): "),
            _ => prefix,
        };
        d.message = format!("{prefix}key `{key}` appears twice (first on line {first}): keep one");
        if let (Some(Seg::Index(_, slot @ None)), Some(id)) = (d.path.0.last_mut(), id) {
            *slot = Some(id);
        }
    }
}
