//! Any bytes, as YAML and as JSON: the loader returns a dataset or
//! diagnostics, never panics, and whatever it keeps is clean text.
#![no_main]
use itx::model::Origin;
use itx::store::{self, Syntax};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = store::decode("fuzz.yaml", data.to_vec()) else { return };
    for syntax in [Syntax::Yaml, Syntax::Json] {
        match store::parse_text("fuzz", &text, syntax, Origin::Bundled("fuzz")) {
            Ok(l) => {
                for e in &l.dataset.events {
                    assert!(!e.title.chars().any(char::is_control));
                }
            }
            Err(e) => {
                for d in &e.diagnostics {
                    assert!(!d.message.chars().any(char::is_control));
                }
            }
        }
    }
});
