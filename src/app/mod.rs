//! The explorer's state machine: the model, the messages that change it,
//! and the key table. Pure: tested without a terminal.

pub mod density;
pub mod filters;
pub mod keymap;
pub mod model;
pub mod rows;
pub mod update;

pub use keymap::Action;
pub use model::{Current, Focus, Mode, Model, Target};
pub use rows::{Rows, RowsJob};
pub use update::{Effect, Msg};
