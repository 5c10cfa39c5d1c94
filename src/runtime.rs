//! The one impure loop: terminal setup and restore, input, effects on
//! worker threads, redraws.

use crate::app::{Current, Effect, Model, Msg, Target};
use crate::store::{self, bundled};
use crate::ui::{self, Theme};
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use signal_hook::consts::signal::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
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

fn target_of(spec: &str) -> Target {
    match bundled::find(spec) {
        Some(b) if !std::path::Path::new(spec).exists() => Target::Bundled(b.name),
        _ => Target::File(PathBuf::from(spec)),
    }
}

pub fn load_target(target: &Target) -> store::LoadResult {
    match target {
        Target::Bundled(name) => store::load_bundled(bundled::find(name).unwrap_or(bundled::default())),
        Target::File(p) => store::load_file(p),
    }
}

enum Input {
    Loaded(Msg),
    Signal(i32),
}

fn spawn_load(effect: Effect, tx: &mpsc::Sender<Input>) {
    let Effect::Load { target, keep } = effect;
    let tx = tx.clone();
    std::thread::spawn(move || {
        let result = load_target(&target).map(Current::new);
        let _ = tx.send(Input::Loaded(Msg::Loaded {
            target,
            result: Box::new(result),
            keep,
        }));
    });
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
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
    enter()?;
    full_redraw(term)
}

pub fn run(specs: &[String], mouse: bool) -> ExitCode {
    if !io::stdout().is_terminal() {
        eprintln!("itx: standard output is not a terminal, so the explorer cannot start.\nUse `itx list` to print the timeline (see `itx --help`).");
        return ExitCode::from(1);
    }
    let first = specs.first().map(|s| target_of(s)).unwrap_or(Target::Bundled(bundled::DEFAULT));
    let loaded = match load_target(&first) {
        Ok(l) => l,
        Err(e) => {
            eprint!("{e}");
            eprintln!("itx: could not open {}", first.label());
            return ExitCode::from(1);
        }
    };
    let size = terminal::size().unwrap_or((80, 24));
    let mut model = Model::new(Current::new(loaded), size);
    model.recent = specs
        .iter()
        .filter_map(|s| match target_of(s) {
            Target::File(p) => Some(std::path::absolute(&p).unwrap_or(p)),
            Target::Bundled(_) => None,
        })
        .collect();
    MOUSE.store(mouse, Ordering::SeqCst);
    install_panic_hook();
    match event_loop(model) {
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

/// Handles the signals on their own thread: the ending ones restore the
/// terminal and exit straight away, even if the main loop is blocked (a
/// terminal that went away can leave crossterm's input poll spinning);
/// stop and continue are passed to the loop, which owns the screen.
fn watch_signals(tx: mpsc::Sender<Input>) -> io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGCONT, SIGTSTP])?;
    std::thread::spawn(move || {
        for sig in signals.forever() {
            match sig {
                SIGCONT | SIGTSTP => {
                    let _ = tx.send(Input::Signal(sig));
                }
                n => {
                    restore();
                    std::process::exit(128 + n);
                }
            }
        }
    });
    Ok(())
}

fn event_loop(mut model: Model) -> io::Result<ExitCode> {
    enter()?;
    let theme = Theme::from_env();
    // For the test suite: proves that a panic while drawing restores the
    // terminal and still reports the panic. Nothing else reads it.
    let panic_on_draw = std::env::var_os("ITX_TEST_PANIC_ON_DRAW").is_some();
    let mut term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    full_redraw(&mut term)?;
    let (tx, rx) = mpsc::channel::<Input>();
    watch_signals(tx.clone())?;
    let mut dirty = true;
    loop {
        if dirty {
            term.draw(|f| {
                ui::view(f, &model, &theme);
                if panic_on_draw && model.mode == crate::app::Mode::Help {
                    panic!("deliberate panic while drawing (ITX_TEST_PANIC_ON_DRAW)");
                }
            })?;
            dirty = false;
        }
        while let Ok(input) = rx.try_recv() {
            match input {
                Input::Loaded(msg) => {
                    model.update(msg);
                }
                // Continued after an outside SIGSTOP: the screen may have
                // been drawn over meanwhile.
                Input::Signal(SIGCONT) => full_redraw(&mut term)?,
                Input::Signal(_) => suspend(&mut term)?,
            }
            dirty = true;
        }
        if !event::poll(Duration::from_millis(50))? {
            continue;
        }
        let msg = match event::read()? {
            Event::Key(k) if k.kind == KeyEventKind::Release => continue,
            Event::Key(k) if k.code == KeyCode::Char('z') && k.modifiers.contains(KeyModifiers::CONTROL) => {
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
        };
        if let Some(effect) = model.update(msg) {
            spawn_load(effect, &tx);
        }
        dirty = true;
        if model.quit {
            return Ok(ExitCode::SUCCESS);
        }
    }
}
