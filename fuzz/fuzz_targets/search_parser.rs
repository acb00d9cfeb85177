//! Fuzzes the search parser: any query parses or gets an error with a column, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vault_raider::search::Query;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Query::parse(text);
    }
});
