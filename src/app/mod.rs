//! The explorer's state machine: the model, the messages that change it
//! and the effects it asks for, the key tables, and the overlays, each in
//! a file of its own. Pure: it never touches the terminal or the disk, so
//! it is tested without either.

mod browse;
pub mod cursor;
mod datasets;
pub mod density;
pub mod geometry;
pub mod keymap;
pub mod keys;
pub mod model;
pub mod msg;
pub mod overlay;
pub mod prompt;
pub mod rows;
mod update;

pub use crate::session::{Current, Target};
pub use keymap::Action;
pub use keymap::Mode;
pub use model::{Focus, Model, Times};
pub use msg::{Effect, Exported, Msg, Opening};
pub use rows::{LinkFilter, Rows, RowsJob};
