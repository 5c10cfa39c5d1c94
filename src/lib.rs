//! itx, the incident timeline explorer.
//!
//! The folders hold the layers, and data flows down them one way:
//!
//! - `model`: the dataset as every other part reads it (events, actors,
//!   sources, dates at their precision, ids), and nothing that knows files
//!   or terminals.
//! - `store`: bytes in, a `Dataset` or every problem (with its place) out;
//!   the only part that parses dataset files. It also keeps the reader's
//!   marks (the sidecar) and says what a name means (`Target`).
//! - `search`: the query language and the one matcher that decides both
//!   whether an event matches and which letters to highlight.
//! - `import` and `export`: other tools' formats in and out, item by item.
//! - `session`: opening a dataset for the explorer, from any place (the
//!   command line, the open prompt, a reload, the merged view): loaded,
//!   indexed, with its marks. The only way the explorer gets a dataset.
//! - `app`: the explorer's state machine. `update` takes a message (a key,
//!   a finished load or search) and returns every effect it wants carried
//!   out; it never touches the disk or the terminal. Each overlay (search
//!   line, detail, pickers, prompts, help, errors) is a file of its own
//!   with its state and keys.
//! - `ui`: draws the model, reading only what is on screen.
//! - `runtime`: the one impure loop: the terminal, input, and the effects
//!   run on threads, their answers fed back to `update` as messages;
//!   `platform` holds what differs between Unix and Windows (signals,
//!   suspend, file identity, positioned reads).
//! - `commands` and `cli`: the subcommands, on top of the same layers;
//!   `manual` makes `itx man` from the same sources as the help screen.
//! - Shared small parts: `metrics` (the milestone figures), `text` (widths,
//!   counts), `atomic` (files written whole or not at all).

pub mod app;
pub mod atomic;
pub mod cli;
pub mod commands;
pub mod export;
pub mod import;
pub mod manual;
pub mod metrics;
pub mod model;
pub mod platform;
pub mod runtime;
pub mod search;
pub mod session;
pub mod store;
pub mod synth;
pub mod template;
pub mod text;
pub mod ui;

/// mimalloc, not the system allocator: a large load makes and frees
/// millions of small strings and lists, and glibc's frees (with the
/// consolidation of its free lists) were a fifth of a million-event load.
/// Set in the library so that the tests and the benchmarks run with the
/// allocator the binary runs with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
