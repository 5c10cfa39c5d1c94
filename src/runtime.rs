//! The one impure loop: terminal setup and restore, input, effects on
//! worker threads, redraws.

use crate::app::{Current, Effect, Exported, Model, Msg, Opening, RowsJob, Target};
use crate::platform::Request;
use crate::session;
use crate::store::{self, bundled, Progress};
use crate::ui::{self, Theme};
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

/// Whether the terminal is in itx's state (raw, alternate screen), so that
/// every way out restores it exactly once.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static MOUSE: AtomicBool = AtomicBool::new(false);

fn enter() -> io::Result<()> {
    terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, cursor::Hide)?;
    if MOUSE.load(Ordering::SeqCst) {
        execute!(out, EnableMouseCapture)?;
    }
    Ok(())
}

/// Puts the terminal back as it was found. Safe to call more than once and
/// from the panic hook.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut out = io::stdout();
        if MOUSE.load(Ordering::SeqCst) {
            let _ = execute!(out, DisableMouseCapture);
        }
        let _ = execute!(out, LeaveAlternateScreen, cursor::Show);
        let _ = terminal::disable_raw_mode();
        let _ = out.flush();
    }
}

/// Restores the terminal before the panic message is printed, so the
/// message is readable and the shell usable. The exit code stays 101.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// What a panic said, for a message (its payload is a `&str` or a
/// `String` when it came from `panic!`).
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into())
}

/// Opens a dataset as the explorer shows it; a panic while loading is a
/// load error that says so, never a load that never ends.
pub fn load_current(target: &Target, progress: &Progress, previous: Option<&crate::model::Dataset>) -> Result<Current, store::LoadError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| session::open(target, progress, previous))).unwrap_or_else(|p| {
        Err(store::LoadError::single(
            &target.label(),
            format!("loading failed unexpectedly ({}); please report it", panic_text(p.as_ref())),
        ))
    })
}

enum Input {
    /// The watched file changed (debounced): its path.
    FileChanged(PathBuf),
    /// The watched file is gone.
    FileRemoved(PathBuf),
    Terminal(Event),
    /// Reading the terminal failed (it went away).
    TerminalGone(io::Error),
    Msg(Msg),
    /// Stop or continue, from the system.
    System(Request),
}

/// Loads on a thread of its own; a cancelled load's answer is dropped
/// there, so the input thread never frees it either.
fn spawn_load(
    id: u64,
    what: Opening,
    keep: Option<String>,
    progress: Arc<Progress>,
    previous: Option<Arc<crate::model::Dataset>>,
    tx: &mpsc::Sender<Input>,
) {
    let tx = tx.clone();
    std::thread::spawn(move || {
        let target = match what {
            Opening::Target(t) => t,
            Opening::Typed(spec) => Target::resolve(&spec),
        };
        let result = load_current(&target, &progress, previous.as_deref());
        if progress.is_cancelled() {
            return;
        }
        let _ = tx.send(Input::Msg(Msg::Loaded {
            id,
            target,
            result: Box::new(result),
            keep,
        }));
    });
}

/// Writes an export on a thread of its own (a million events take a
/// moment to render), atomically, unless the file exists and the reader
/// has not said to replace it; says how it went.
fn spawn_export(
    dataset: Arc<crate::model::Dataset>,
    marks: Arc<crate::store::marks::Marks>,
    events: Vec<usize>,
    format: crate::export::ExportFormat,
    (path, overwrite): (PathBuf, bool),
    tx: &mpsc::Sender<Input>,
) {
    let tx = tx.clone();
    std::thread::spawn(move || {
        let shown = path.display().to_string();
        let outcome = if !overwrite && path.exists() {
            Exported::Exists(path)
        } else {
            let text = crate::export::render(&dataset, &events, format, &marks);
            match crate::atomic::write_atomic(&path, text.as_bytes()) {
                Ok(()) => Exported::Written(format!(
                    "wrote {} as {} to {shown}",
                    crate::text::count(events.len(), "event", "events"),
                    format.name()
                )),
                Err(e) => Exported::Failed(format!("could not write {shown}: {e}; nothing was changed")),
            }
        };
        let _ = tx.send(Input::Msg(Msg::Exported(outcome)));
    });
}

/// Watches the open dataset's file for saves. The folder is watched, not
/// the file, so an editor that saves by writing a new file and renaming it
/// over the old one is seen too; events are debounced, so one save is one
/// reload.
struct FileWatch {
    _debouncer: notify_debouncer_mini::Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>,
}

/// What tells one version of a file from the next: a save by rename gives
/// it a new inode, a save in place a new modification time or size.
#[derive(Debug, PartialEq)]
struct Stamp {
    modified: Option<std::time::SystemTime>,
    len: u64,
    inode: u64,
}

fn stamp(path: &std::path::Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some(Stamp {
        modified: m.modified().ok(),
        len: m.len(),
        inode: crate::platform::file_identity(&m),
    })
}

fn watch_file(path: &std::path::Path, tx: &mpsc::Sender<Input>) -> Option<FileWatch> {
    use notify_debouncer_mini::notify::RecursiveMode;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path.file_name()?.to_os_string();
    let (tx, target) = (tx.clone(), path.to_path_buf());
    // The watcher also reports the file being opened and read, which every
    // reload does: without this check each reload set off the next, five
    // times a second, for as long as the file was open.
    let mut last = stamp(path);
    let mut debouncer = notify_debouncer_mini::new_debouncer(
        Duration::from_millis(200),
        move |events: notify_debouncer_mini::DebounceEventResult| {
            let Ok(events) = events else { return };
            if !events.iter().any(|e| e.path.file_name() == Some(name.as_os_str())) {
                return;
            }
            let now = stamp(&target);
            if now != last {
                let gone = now.is_none();
                last = now;
                let _ = tx.send(if gone {
                    Input::FileRemoved(target.clone())
                } else {
                    Input::FileChanged(target.clone())
                });
            }
        },
    )
    .ok()?;
    debouncer.watcher().watch(dir, RecursiveMode::NonRecursive).ok()?;
    Some(FileWatch { _debouncer: debouncer })
}

/// The file to watch: one whose errors are on screen (it loads as soon as
/// it is mended), else the dataset shown, if it is a file.
fn shown_file(model: &Model) -> Option<&std::path::Path> {
    model.watched_file()
}

/// The search worker: runs the newest rows job, skipping any that queued
/// up behind it (each also gives up by itself once a newer one exists).
fn spawn_search_worker(tx: mpsc::Sender<Input>) -> mpsc::Sender<RowsJob> {
    let (jobs, rx) = mpsc::channel::<RowsJob>();
    std::thread::spawn(move || {
        while let Ok(mut job) = rx.recv() {
            while let Ok(newer) = rx.try_recv() {
                job = newer;
            }
            let generation = job.generation;
            let msg = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job.run())) {
                Ok(Some(rows)) => Msg::Searched(Box::new(rows)),
                Ok(None) => continue,
                Err(p) => Msg::SearchFailed {
                    generation,
                    why: panic_text(p.as_ref()),
                },
            };
            if tx.send(Input::Msg(msg)).is_err() {
                return;
            }
        }
    });
    jobs
}

/// Terminal input on its own thread, so the loop wakes for keys and for
/// finished work alike, without polling.
/// The terminal belongs to another program (the editor): the reader
/// leaves its input alone.
static READER_PAUSED: AtomicBool = AtomicBool::new(false);

fn spawn_terminal_reader(tx: mpsc::Sender<Input>) {
    std::thread::spawn(move || loop {
        if READER_PAUSED.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(20));
            continue;
        }
        // Polled, not read blocking, so that a pause is noticed.
        match event::poll(Duration::from_millis(50)) {
            Ok(false) => continue,
            Ok(true) => {}
            Err(e) => {
                let _ = tx.send(Input::TerminalGone(e));
                return;
            }
        }
        match event::read() {
            Ok(ev) => {
                if tx.send(Input::Terminal(ev)).is_err() {
                    return;
                }
            }
            Err(e) => {
                let _ = tx.send(Input::TerminalGone(e));
                return;
            }
        }
    });
}

/// An address as the frame drew it: where, the whole address, and each
/// cell's text and style, for `write_links` to print again as a link.
struct LinkCells {
    x: u16,
    y: u16,
    url: String,
    cells: Vec<(String, ratatui::style::Style)>,
}

/// The addresses the frame drew that can be links: printable ASCII only
/// (an address with a space, a control character or one made visible by
/// the loader is shown, never sent to the terminal inside a sequence).
fn link_cells(buf: &ratatui::buffer::Buffer, links: &[crate::app::model::DrawnLink]) -> Vec<LinkCells> {
    links
        .iter()
        .filter(|l| buf.area.contains(ratatui::layout::Position::new(l.x, l.y)))
        .filter(|l| l.url.bytes().all(|b| (0x21..0x7f).contains(&b)))
        .map(|l| LinkCells {
            x: l.x,
            y: l.y,
            url: l.url.clone(),
            cells: (l.x..buf.area.right())
                .take(crate::text::width(&l.text))
                .map(|x| {
                    let c = &buf[(x, l.y)];
                    (c.symbol().to_string(), c.style())
                })
                .collect(),
        })
        .collect()
}

/// Makes the addresses on screen links a terminal can open (OSC 8): each
/// printed again, as it was drawn, between the link's start and end. A
/// terminal without OSC 8 ignores them.
fn write_links(links: &[LinkCells]) -> io::Result<()> {
    use crossterm::style::{Print, PrintStyledContent, ResetColor, StyledContent};
    use ratatui::backend::IntoCrossterm;
    if links.is_empty() {
        return Ok(());
    }
    let mut out = io::stdout().lock();
    for l in links {
        crossterm::queue!(out, cursor::MoveTo(l.x, l.y), Print(format!("\x1b]8;;{}\x1b\\", l.url)))?;
        for (symbol, style) in &l.cells {
            crossterm::queue!(
                out,
                PrintStyledContent(StyledContent::new((*style).into_crossterm(), symbol.as_str()))
            )?;
        }
        crossterm::queue!(out, Print("\x1b]8;;\x1b\\"), ResetColor)?;
    }
    out.flush()
}

/// Opens a web address with the reader's browser ($BROWSER) or the
/// system's opener, as one argument: never through a shell, so nothing in
/// the address is run. The opener's own output is kept off the screen.
fn open_url(url: &str) -> io::Result<()> {
    if !crate::model::is_web_link(url) || url.chars().any(char::is_control) {
        return Err(io::Error::other("only http and https addresses are opened"));
    }
    let opener = std::env::var("BROWSER").ok().filter(|b| !b.trim().is_empty()).unwrap_or_else(|| {
        if cfg!(target_os = "macos") {
            "open".into()
        } else if cfg!(windows) {
            "explorer".into()
        } else {
            "xdg-open".into()
        }
    });
    let mut words = opener.split_whitespace();
    let program = words.next().unwrap_or("xdg-open");
    std::process::Command::new(program)
        .args(words)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}

/// Puts `text` on the clipboard through the terminal: OSC 52, which most
/// terminals (and tmux with set-clipboard) honour, over SSH too.
fn copy_osc52(text: &str) -> io::Result<()> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = io::stdout().lock();
    write!(out, "\x1b]52;c;{encoded}\x1b\\")?;
    out.flush()
}

/// The line of event `id` in a dataset file: where `id: ID` (or
/// `"id": "ID"`) is written after the `events` key; the first line when
/// it cannot be found.
fn line_of_event(text: &str, id: &str) -> usize {
    let events = text
        .lines()
        .position(|l| l.starts_with("events:") || l.trim_start().starts_with("\"events\""))
        .unwrap_or(0);
    text.lines()
        .enumerate()
        .skip(events)
        .find(|(_, l)| {
            let t = l.trim_start().trim_start_matches("- ").trim_start_matches('{').trim();
            let quoted = [
                format!("id: {id}"),
                format!("id: \"{id}\""),
                format!("id: '{id}'"),
                format!("\"id\": \"{id}\""),
            ];
            quoted.iter().any(|q| {
                t.starts_with(q.as_str())
                    && t[q.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric() && c != '-' && c != '_' && c != '.')
            })
        })
        .map_or(1, |(n, _)| n + 1)
}

/// The arguments that open `path` at `line` in `editor` (a program name):
/// `+LINE FILE` for the editors that take it, `-g FILE:LINE` for VS Code,
/// the file alone for others.
pub fn editor_args(editor: &str, path: &std::path::Path, line: usize) -> Vec<String> {
    let name = std::path::Path::new(editor)
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let file = path.display().to_string();
    match name.as_str() {
        "vi" | "vim" | "nvim" | "gvim" | "nano" | "emacs" | "emacsclient" | "micro" | "hx" | "helix" | "kak" | "kakoune" | "joe" | "mg" => {
            vec![format!("+{line}"), file]
        }
        "code" | "code-insiders" | "codium" => vec!["-g".into(), format!("{file}:{line}")],
        _ => vec![file],
    }
}

/// Runs the reader's editor ($VISUAL, else $EDITOR, else vi) on the
/// dataset at event `id`, with the terminal restored meanwhile, as Ctrl-z
/// does; the watcher reloads what it saves. Says how it went.
fn edit(term: &mut Terminal<CrosstermBackend<io::Stdout>>, path: &std::path::Path, id: &str) -> io::Result<String> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .or_else(|| std::env::var("EDITOR").ok().filter(|e| !e.trim().is_empty()))
        .unwrap_or_else(|| "vi".into());
    let line = std::fs::read_to_string(path).map(|t| line_of_event(&t, id)).unwrap_or(1);
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi").to_string();
    let mut args: Vec<String> = words.map(String::from).collect();
    args.extend(editor_args(&program, path, line));
    READER_PAUSED.store(true, Ordering::SeqCst);
    // Long enough for the reader's poll to end and see the pause.
    std::thread::sleep(Duration::from_millis(80));
    restore();
    let status = std::process::Command::new(&program).args(&args).status();
    enter()?;
    READER_PAUSED.store(false, Ordering::SeqCst);
    full_redraw(term)?;
    Ok(match status {
        Ok(s) if s.success() => format!("back from {program}; a saved change reloads"),
        Ok(s) => format!("{program} ended with {s}"),
        Err(e) => format!("could not run {program} ({e}): set VISUAL or EDITOR to your editor"),
    })
}

/// Clears the screen and forgets what was drawn, so the next frame is
/// drawn whole. (`Terminal::clear` would ask the terminal for the cursor
/// position, which some terminals and pseudo-terminals never answer.)
fn full_redraw(term: &mut Terminal<CrosstermBackend<io::Stdout>>) -> io::Result<()> {
    let size = term.size()?;
    term.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

/// Stops the process the way a shell's Ctrl-z would, with the terminal
/// restored while stopped and set up again on `fg`.
fn suspend(term: &mut Terminal<CrosstermBackend<io::Stdout>>) -> io::Result<()> {
    restore();
    crate::platform::stop_self();
    enter()?;
    full_redraw(term)
}

pub fn run(specs: &[String], mouse: bool, choice: &crate::import::open::Choice) -> ExitCode {
    if !io::stdout().is_terminal() {
        eprintln!("itx: standard output is not a terminal, so the explorer cannot start.\nUse `itx list` to print the timeline (see `itx --help`).");
        return ExitCode::from(1);
    }
    // How to read the files named is remembered beside each, so that every
    // later open (a reload, the merged view) reads them the same way.
    for spec in specs {
        if let Target::File(path) = Target::resolve(spec) {
            if let Err(why) = crate::import::open::remember(&path, choice) {
                eprintln!("itx: {why}; open it with `itx import` and the same options instead");
                return ExitCode::from(1);
            }
        }
    }
    let first = specs
        .first()
        .map(|s| Target::resolve(s))
        .unwrap_or(Target::Bundled(bundled::DEFAULT));
    // Every dataset named is opened; with several, their merged view too.
    let mut targets = vec![first];
    targets.extend(specs.iter().skip(1).map(|s| Target::resolve(s)));
    let mut opened: Vec<Current> = Vec::new();
    let mut failed: Option<(Target, store::LoadError)> = None;
    // One large file opens inside the explorer, which shows its progress
    // and stops it on Esc; before the screen is up there is no Esc.
    // The test suite lowers the size (ITX_TEST_OPEN_IN_EXPLORER=0) to see
    // it done with a small file; nothing else reads it.
    let large = std::env::var("ITX_TEST_OPEN_IN_EXPLORER")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(OPEN_IN_EXPLORER);
    let in_explorer = match &targets[..] {
        [Target::File(p)] if std::fs::metadata(p).is_ok_and(|m| m.len() > large) => targets.pop(),
        _ => None,
    };
    for target in &targets {
        match load_at_startup(target) {
            Ok(c) => opened.push(c),
            // Shown in the explorer, which watches the file and opens it
            // as soon as it is mended.
            Err(e) => {
                failed.get_or_insert((target.clone(), e));
            }
        }
    }
    if opened.len() > 1 {
        let merged = session::merged(&opened);
        opened.push(merged);
    }
    let size = terminal::size().unwrap_or((80, 24));
    let first = opened.first().cloned().unwrap_or_else(|| {
        Current::new(store::Loaded {
            dataset: crate::model::Dataset::nothing(),
            warnings: Vec::new(),
        })
    });
    let mut model = Model::new(first, size);
    model.open = opened;
    if let Some((target, e)) = failed {
        model.show_load_error(target, e);
    }
    model.folder = std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_default();
    model.recent = specs
        .iter()
        .filter_map(|s| match Target::resolve(s) {
            Target::File(p) => Some(std::path::absolute(&p).unwrap_or(p)),
            Target::Bundled(_) => None,
        })
        .collect();
    let mut first_loads = Vec::new();
    if let Some(target) = in_explorer {
        model.start_load(crate::app::Opening::Target(target), None, "opening", None, &mut first_loads);
    }
    MOUSE.store(mouse, Ordering::SeqCst);
    install_panic_hook();
    match event_loop(model, first_loads) {
        Ok(code) => {
            restore();
            code
        }
        Err(e) => {
            restore();
            eprintln!("itx: terminal error: {e}");
            ExitCode::from(1)
        }
    }
}

/// The first dataset, loaded before the screen is taken over. A load that
/// takes more than a moment shows its progress on standard error (Ctrl-c
/// stops it, there is nothing to go back to yet).
fn load_at_startup(target: &Target) -> Result<Current, store::LoadError> {
    let progress = Arc::new(Progress::default());
    let (tx, rx) = mpsc::channel();
    let (t, p) = (target.clone(), progress.clone());
    std::thread::spawn(move || {
        let _ = tx.send(load_current(&t, &p, None));
    });
    let mut shown = false;
    let result = loop {
        match rx.recv_timeout(Duration::from_millis(if shown { 100 } else { 200 })) {
            Ok(r) => break r,
            Err(mpsc::RecvTimeoutError::Timeout) if io::stderr().is_terminal() => {
                eprint!("\r\x1b[Kitx: opening {}: {}", target.label(), progress.describe());
                shown = true;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                break Err(store::LoadError::single(&target.label(), "the loading thread stopped unexpectedly"))
            }
        }
    };
    if shown {
        eprint!("\r\x1b[K");
    }
    result
}

/// Handles the system's requests on their own thread: the ending ones
/// restore the terminal and exit straight away, even if the main loop is
/// blocked (a terminal that went away can leave crossterm's input poll
/// spinning); stop and continue are passed to the loop, which owns the
/// screen.
fn watch_signals(tx: mpsc::Sender<Input>) -> io::Result<()> {
    crate::platform::on_signals(restore, move |r| {
        let _ = tx.send(Input::System(r));
    })
}

/// Files larger than this open inside the explorer rather than before it.
const OPEN_IN_EXPLORER: u64 = 64 << 20;

fn event_loop(mut model: Model, first_loads: Vec<Effect>) -> io::Result<ExitCode> {
    enter()?;
    let theme = Theme::from_env();
    // For the test suite: proves that a panic while drawing restores the
    // terminal and still reports the panic. Nothing else reads it.
    let panic_on_draw = std::env::var_os("ITX_TEST_PANIC_ON_DRAW").is_some();
    let mut term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    full_redraw(&mut term)?;
    let (tx, rx) = mpsc::channel::<Input>();
    watch_signals(tx.clone())?;
    spawn_terminal_reader(tx.clone());
    let jobs = spawn_search_worker(tx.clone());
    for effect in first_loads {
        if let Effect::Load {
            id,
            what,
            keep,
            progress,
            previous,
        } = effect
        {
            spawn_load(id, what, keep, progress, previous, &tx);
        }
    }
    // Held, not read: dropping it stops the watching.
    let mut _watch: Option<FileWatch> = None;
    // The file last set up for watching, kept even when that failed, so a
    // folder that cannot be watched is not tried again at every key.
    let mut watched: Option<PathBuf> = None;
    let mut dirty = true;
    loop {
        // Follow the dataset on screen: a newly opened file is watched.
        if watched.as_deref() != shown_file(&model) {
            watched = shown_file(&model).map(PathBuf::from);
            _watch = watched.as_deref().and_then(|p| watch_file(p, &tx));
        }
        if dirty {
            let frame = term.draw(|f| {
                ui::view(f, &model, &theme);
                if panic_on_draw && model.mode() == crate::app::Mode::Help {
                    panic!("deliberate panic while drawing (ITX_TEST_PANIC_ON_DRAW)");
                }
            })?;
            let links = link_cells(frame.buffer, &model.links.borrow());
            write_links(&links)?;
            dirty = false;
        }
        // Wait for input or finished work; while a load runs, wake to
        // redraw its progress.
        let first = if model.loading.is_some() {
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(i) => i,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    dirty = true;
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(ExitCode::SUCCESS),
            }
        } else {
            match rx.recv() {
                Ok(i) => i,
                Err(_) => return Ok(ExitCode::SUCCESS),
            }
        };
        // Everything already waiting is applied before the next frame, so
        // a burst of keys costs one frame, not one each.
        for input in std::iter::once(first).chain(std::iter::from_fn(|| rx.try_recv().ok())) {
            let msg = match input {
                Input::Msg(msg) => msg,
                Input::FileChanged(path) if Some(path.as_path()) == shown_file(&model) => Msg::FileChanged,
                Input::FileRemoved(path) if Some(path.as_path()) == shown_file(&model) => Msg::FileRemoved,
                Input::FileChanged(_) | Input::FileRemoved(_) => continue,
                // Continued after an outside SIGSTOP: the screen may have
                // been drawn over meanwhile.
                Input::System(Request::Continued) => {
                    full_redraw(&mut term)?;
                    dirty = true;
                    continue;
                }
                Input::System(Request::Suspend) => {
                    suspend(&mut term)?;
                    dirty = true;
                    continue;
                }
                Input::TerminalGone(e) => return Err(e),
                Input::Terminal(ev) => match ev {
                    Event::Key(k) if k.kind == KeyEventKind::Release => continue,
                    Event::Key(k)
                        if crate::platform::CAN_SUSPEND && k.code == KeyCode::Char('z') && k.modifiers.contains(KeyModifiers::CONTROL) =>
                    {
                        suspend(&mut term)?;
                        dirty = true;
                        continue;
                    }
                    Event::Key(k) => Msg::Key(k),
                    Event::Mouse(m) => Msg::Mouse(m),
                    Event::Resize(w, h) => {
                        term.autoresize()?;
                        Msg::Resize(w, h)
                    }
                    _ => continue,
                },
            };
            let mut effects: std::collections::VecDeque<Effect> = model.update(msg).into();
            while let Some(effect) = effects.pop_front() {
                // Effects answered at once (a completion, a folder's
                // files) feed their message straight back.
                let answer = match effect {
                    Effect::Quit => {
                        // Freeing a large dataset takes a moment nobody
                        // needs to wait for: the process is ending.
                        std::mem::forget(model);
                        return Ok(ExitCode::SUCCESS);
                    }
                    Effect::Load {
                        id,
                        what,
                        keep,
                        progress,
                        previous,
                    } => {
                        spawn_load(id, what, keep, progress, previous, &tx);
                        None
                    }
                    Effect::Search(job) => {
                        let _ = jobs.send(*job);
                        None
                    }
                    Effect::Stack { dataset, rows, dim } => {
                        let tx = tx.clone();
                        std::thread::spawn(move || {
                            let counted = crate::app::overlay::stack::Counted::of(&dataset, &rows, dim);
                            let _ = tx.send(Input::Msg(Msg::Stacked(counted)));
                        });
                        None
                    }
                    Effect::Export {
                        marks,
                        dataset,
                        events,
                        format,
                        path,
                        overwrite,
                    } => {
                        spawn_export(dataset, marks, events, format, (path, overwrite), &tx);
                        None
                    }
                    Effect::Mark { dataset, path, id, change } => {
                        let tx = tx.clone();
                        std::thread::spawn(move || {
                            let result = crate::store::marks::update(&path, &id, &change);
                            let _ = tx.send(Input::Msg(Msg::Marked { dataset, result }));
                        });
                        None
                    }
                    Effect::Complete(typed) => Some(Msg::Completed(session::complete_path(&typed))),
                    Effect::ListFolder => Some(Msg::Folder(session::datasets_in(std::path::Path::new(".")))),
                    Effect::OpenUrl(url) => {
                        if let Err(why) = open_url(&url) {
                            model.notice = Some(format!("could not open {url}: {why}"));
                        }
                        None
                    }
                    Effect::Copy(text) => {
                        copy_osc52(&text)?;
                        None
                    }
                    Effect::Edit { path, id } => {
                        model.notice = Some(edit(&mut term, &path, &id)?);
                        None
                    }
                    Effect::Append { path, kind, id, yaml } => {
                        let tx = tx.clone();
                        std::thread::spawn(move || {
                            let result = store::append::append_to_file(&path, kind.list(), &yaml).map(|()| id);
                            let _ = tx.send(Input::Msg(Msg::Appended { kind, result }));
                        });
                        None
                    }
                    Effect::Retire(old) => {
                        std::thread::spawn(move || drop(old));
                        None
                    }
                };
                if let Some(msg) = answer {
                    effects.extend(model.update(msg));
                }
            }
            dirty = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_editor_is_told_the_line_its_way() {
        let p = std::path::Path::new("/d/x.yaml");
        assert_eq!(editor_args("nvim", p, 12), ["+12", "/d/x.yaml"]);
        assert_eq!(editor_args("/usr/bin/nano", p, 3), ["+3", "/d/x.yaml"]);
        assert_eq!(editor_args("code", p, 7), ["-g", "/d/x.yaml:7"]);
        assert_eq!(editor_args("gedit", p, 7), ["/d/x.yaml"]);
    }

    #[test]
    fn an_events_line_is_found_by_its_id_in_either_syntax() {
        let yaml = "title: id: a\nevents:\n  - id: ab\n    date: 2021\n  - id: a\n    date: 2022\n";
        assert_eq!(line_of_event(yaml, "a"), 5, "not the title's, not ab's");
        let json = "{\"title\": \"t\", \"events\": [\n {\"id\": \"x\", \"date\": \"2021\"},\n {\"id\": \"y\"}]}";
        assert_eq!(line_of_event(json, "y"), 3);
        assert_eq!(line_of_event(yaml, "missing"), 1);
    }
}
