//! Helpers shared by every test crate (each `main.rs` includes this tree as `mod support;`): the
//! whole product in one test (`demo`, and `demo_moves` for the move scenarios over the protocol),
//! the simulator over HTTP (`sim`), seeded stores (`store`), the in-memory game for the planner and
//! executor (`moves`), a scripted Bungie.net (`fake_bungie`), the desktop pieces over a session bus
//! (`desktop`), where the shared Bungie data lives, the 2017 manifest rows, places of items, and the
//! OpenAPI conformance validator.
//!
//! Each test crate uses a different part, hence the `dead_code` allowance.
#![allow(dead_code)]

pub mod demo;
// Not built for Windows: the tests that use them do not run under Wine (scripts/test-windows.sh).
#[cfg(not(windows))]
pub mod demo_moves;
#[cfg(not(windows))]
pub mod desktop;
#[cfg(not(windows))]
pub mod fake_bungie;
pub mod manifest_rows;
pub mod moves;
pub mod openapi;
pub mod places;
pub mod sim;
pub mod store;

use std::path::PathBuf;

/// The shared Bungie data folder (`../shared/bungie/data`), or `None` (with a note on stderr
/// saying the caller skips) when it is absent.
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

/// A port free on 127.0.0.1 at the time of asking, for a process or a redirect URL the test starts
/// on it.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Where proptest keeps the seeds of past failures: beside the test's file, with the extension
/// `proptest-regressions` (`store/inventory_diff.rs` → `store/inventory_diff.proptest-regressions`).
/// Proptest's default would put them in `tests/proptest-regressions/<file>.txt`, shared by every
/// test crate, because each crate's folder has a `main.rs`.
pub fn regressions_beside_the_test() -> Option<Box<dyn proptest::test_runner::FailurePersistence>> {
    Some(Box::new(
        proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
    ))
}
