//! Any bytes as a STIX bundle (see `import_common`).
#![no_main]
#[path = "import_common.rs"]
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| common::check(data, itx::import::ImportFormat::Stix));
