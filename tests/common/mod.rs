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
    let Some(Effect::Load { id, target, keep, .. }) = eff else {
        panic!("no load asked")
    };
    let result = itx::runtime::load_target(&target).map(Current::new);
    m.update(Msg::Loaded {
        id,
        target,
        result: Box::new(result),
        keep,
    });
}

/// Asks the model to open `target` and hands it `result` as the answer.
pub fn open_with(m: &mut Model, target: itx::app::Target, result: Result<Current, itx::store::LoadError>) {
    let Effect::Load { id, target, keep, .. } = m.start_load(target, None, "opening") else {
        unreachable!()
    };
    m.update(Msg::Loaded {
        id,
        target,
        result: Box::new(result),
        keep,
    });
}
