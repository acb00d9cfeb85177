//! Fuzzes the protocol frame reader: any text frame gets calls or an error answer, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vault_raider::server::frame::{FrameLimits, parse};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse(
            text,
            FrameLimits {
                max_depth: 32,
                max_id_chars: 128,
            },
        );
    }
});
