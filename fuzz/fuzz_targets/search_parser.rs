//! Fuzzes the search parser: any query parses or gets an error whose column points inside the
//! query (or just past its end), never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vault_raider::search::Query;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(error) = Query::parse(text) {
        let columns = text.chars().count() + 1;
        assert!(
            (1..=columns).contains(&error.column),
            "column {} outside 1..={columns}",
            error.column
        );
    }
});
