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
