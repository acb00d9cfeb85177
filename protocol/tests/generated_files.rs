//! The checked-in JSON Schema and TypeScript declarations must match what the types generate.
//! Run with `UPDATE_PROTOCOL_FILES=1` to rewrite them after changing a type.

use std::path::PathBuf;
use vault_raider_protocol::generate::{SCHEMA_PATH, TS_PATH, json_schema_text, typescript};

fn check_file(relative: &str, generated: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative);
    if std::env::var("UPDATE_PROTOCOL_FILES").is_ok_and(|v| v == "1") {
        std::fs::write(&path, generated).expect("write the generated file");
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "{relative} is out of date; run `UPDATE_PROTOCOL_FILES=1 cargo test -p vault-raider-protocol`"
    );
}

#[test]
fn the_json_schema_is_up_to_date() {
    check_file(SCHEMA_PATH, &json_schema_text());
}

#[test]
fn the_typescript_declarations_are_up_to_date() {
    let ts = typescript();
    assert!(
        !ts.contains("bigint"),
        "ids and numbers must never be bigint"
    );
    check_file(TS_PATH, &ts);
}
