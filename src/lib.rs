//! itx, the incident timeline explorer.
//!
//! Data flows one way: `store` turns a file into a `model::Dataset`; `app`
//! holds the state machine; `ui` draws it; `runtime` is the only impure loop.

pub mod app;
pub mod cli;
pub mod commands;
pub mod export;
pub mod import;
pub mod metrics;
pub mod model;
pub mod runtime;
pub mod search;
pub mod store;
pub mod synth;
pub mod text;
pub mod ui;

/// mimalloc, not the system allocator: a large load makes and frees
/// millions of small strings and lists, and glibc's frees (with the
/// consolidation of its free lists) were a fifth of a million-event load.
/// Set in the library so that the tests and the benchmarks run with the
/// allocator the binary runs with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
