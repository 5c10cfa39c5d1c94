//! What both import targets check: any bytes, imported as `format` (or as
//! what they look like), give a dataset or a reason, never a panic; every
//! dataset an import makes is written as YAML that the loader reads back,
//! with nothing in it that acts on a terminal.
use itx::import::{self, ImportFormat, Options};
use itx::model::Origin;
use itx::store::{self, Syntax};

pub fn check(data: &[u8], format: ImportFormat) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for format in [Some(format), None] {
        for strict in [false, true] {
            let Ok(imported) = import::run(format, text, "fuzz", &Options { strict }) else { continue };
            let ds = imported.dataset;
            for e in &ds.events {
                assert!(!e.title.chars().any(char::is_control), "{:?}", e.title);
            }
            let all: Vec<usize> = (0..ds.events.len()).collect();
            let yaml = itx::export::yaml::render(&ds, &all);
            if let Err(e) = store::parse_text("fuzz.yaml", &yaml, Syntax::Yaml, Origin::Bundled("fuzz")) {
                panic!("an import does not load back:\n{e}\n{yaml}");
            }
        }
    }
}
