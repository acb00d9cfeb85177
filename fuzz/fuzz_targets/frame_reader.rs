//! Fuzzes the protocol frame reader: any text frame gets calls or an error answer, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vault_raider::server::frame::{Frame, FrameLimits, parse};
use vault_raider_protocol::Outcome;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let limits = FrameLimits {
        max_depth: 32,
        max_id_chars: 128,
    };
    match parse(text, limits) {
        Frame::Broken(answer) => assert!(
            matches!(answer.outcome, Outcome::Error(_)),
            "a broken frame is answered with an error"
        ),
        Frame::Batch(entries) => assert!(!entries.is_empty(), "an empty batch is a broken frame"),
        Frame::Single(_) => {}
    }
});
