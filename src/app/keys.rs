//! Every mode's keys, gathered from the modules that handle them: what
//! a key does in a mode (for input), and the list of them (for help, the
//! status line's hints, the manual page and README), so the keys that work
//! and the keys that are documented cannot drift apart.

use super::keymap::{same, Action, Binding, Mode, GLOBAL};
use super::{browse, overlay};
use crossterm::event::KeyEvent;

/// The bindings of a mode, in table order, for input, help and hints:
/// the mode's own (kept by the module that handles it), then the global.
pub fn bindings(mode: Mode) -> impl Iterator<Item = &'static Binding> {
    let own: &'static [Binding] = match mode {
        Mode::Browse => browse::KEYS,
        Mode::Search => overlay::search::KEYS,
        Mode::Detail => overlay::detail::KEYS,
        Mode::Open => overlay::open::KEYS,
        Mode::Export => overlay::export::KEYS,
        Mode::AsOf => overlay::as_of::KEYS,
        Mode::Note => overlay::note::KEYS,
        Mode::Filter => overlay::filters::KEYS,
        Mode::Help => overlay::help::KEYS,
        Mode::Error => overlay::error::KEYS,
        Mode::Add => overlay::add::KEYS,
        Mode::Matrix => overlay::matrix::KEYS,
        Mode::Source => overlay::source::KEYS,
        Mode::Stack => overlay::stack::KEYS,
        Mode::Columns => overlay::columns::KEYS,
        Mode::Context => overlay::context::KEYS,
        Mode::Narrow => overlay::narrow::KEYS,
    };
    own.iter().chain(GLOBAL)
}

/// The action a key has in a mode, if any.
pub fn lookup(mode: Mode, ev: &KeyEvent) -> Option<Action> {
    bindings(mode).find(|b| b.keys.iter().any(|key| same(key, ev))).map(|b| b.action)
}

/// Every key of every mode, as (mode, keys, what they do): for the help
/// screen's sources, the manual page and README. A binding shared by
/// every mode is listed once, as "everywhere".
pub fn table() -> Vec<(&'static str, &'static str, &'static str)> {
    let mut rows: Vec<(&str, &str, &str)> = Vec::new();
    for &mode in Mode::ALL {
        // By what they are: a const has no one address to compare.
        let own = bindings(mode).filter(|b| !GLOBAL.iter().any(|g| g.label == b.label && g.action == b.action));
        rows.extend(own.map(|b| (mode.name(), b.label, b.help)));
    }
    rows.extend(GLOBAL.iter().map(|b| ("everywhere", b.label, b.help)));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::Action;
    use crossterm::event::{KeyCode, KeyModifiers};

    #[test]
    fn every_mode_has_keys_help_a_way_out_and_ctrl_c() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for &mode in Mode::ALL {
            assert!(bindings(mode).all(|b| !b.help.is_empty() && !b.label.is_empty()), "{mode:?}");
            assert!(
                bindings(mode).any(|b| matches!(b.action, Action::Back | Action::Quit | Action::Enter)),
                "{mode:?} can be left"
            );
            assert_eq!(lookup(mode, &ctrl_c), Some(Action::Quit), "{mode:?}");
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        for &mode in Mode::ALL {
            let keys: Vec<(KeyCode, KeyModifiers)> = bindings(mode)
                .flat_map(|b| b.keys.iter().map(|k| (k.code, k.mods - KeyModifiers::SHIFT)))
                .collect();
            for (i, a) in keys.iter().enumerate() {
                assert!(!keys[i + 1..].contains(a), "{mode:?}: {a:?} bound twice");
            }
        }
    }

    #[test]
    fn shifted_letters_match_with_or_without_the_shift_flag() {
        assert_eq!(
            lookup(Mode::Browse, &KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            lookup(Mode::Browse, &KeyEvent::new(KeyCode::Char('G'), KeyModifiers::NONE)),
            Some(Action::Bottom)
        );
    }
}
