//! Helpers shared by the integration tests: where the shared Bungie data lives, the 2017 manifest
//! rows, and the OpenAPI conformance validator.
//!
//! Each test binary uses a different part, hence the `dead_code` allowances.

#[allow(dead_code)]
pub mod demo;
#[allow(dead_code)]
pub mod manifest_rows;
#[allow(dead_code)]
pub mod openapi;
#[allow(dead_code)]
pub mod places;

use std::path::PathBuf;

/// The shared Bungie data folder (`../shared/bungie/data`), or `None` (with a note on stderr
/// saying the caller skips) when it is absent.
#[allow(dead_code)]
pub fn bungie_data(test: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/bungie/data"
    ));
    if dir.is_dir() {
        Some(dir)
    } else {
        assert!(
            std::env::var_os("CI").is_none() || cfg!(windows),
            "CI must not skip this test: its data or D-Bus session is missing"
        );
        eprintln!("{test}: skipped, {} is absent", dir.display());
        None
    }
}
