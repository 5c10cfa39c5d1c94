//! Helpers shared by the test files that drive the state machine.
#![allow(dead_code)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use itx::app::{Current, Effect, Model, Msg};

/// Types `s` into the model: `\n` is Enter, `\t` Tab, `\x1b` Esc.
pub fn keys(m: &mut Model, s: &str) {
    for c in s.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\t' => KeyCode::Tab,
            '\x1b' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        m.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
}

/// Carries out a load the model asked for, as the runtime would.
pub fn deliver(m: &mut Model, eff: Option<Effect>) {
    let Some(Effect::Load { target, keep }) = eff else {
        panic!("no load asked")
    };
    let result = itx::runtime::load_target(&target).map(Current::new);
    m.update(Msg::Loaded {
        target,
        result: Box::new(result),
        keep,
    });
}
