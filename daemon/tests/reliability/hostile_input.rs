//! Robustness of the decoders that read outside input — the protocol frame reader, the search
//! parser, Bungie response decoding and the DIM loadout import: arbitrary and mangled input gets an
//! error, never a panic. (The cargo-fuzz targets in `fuzz/`, run by `scripts/fuzz.sh`, drive the
//! same functions for longer.)

use proptest::prelude::*;
use vault_raider::bungie::wire::DestinyProfileResponse;
use vault_raider::bungie::wire::envelope::decode;
use vault_raider::moves::Reason;
use vault_raider::moves::loadouts::dim;
use vault_raider::search::Query;
use vault_raider::server::frame::{Frame, FrameLimits, parse};
use vault_raider_protocol::Outcome;

const LIMITS: FrameLimits = FrameLimits {
    max_depth: 32,
    max_id_chars: 128,
};

/// Text built from the pieces JSON-RPC frames are made of, so mangled frames get past the JSON
/// parser often.
fn frame_like() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"jsonrpc\"",
        "\"2.0\"",
        "\"id\"",
        "\"method\"",
        "\"params\"",
        "\"items.get\"",
        "\"session.identify\"",
        "null",
        "1",
        "-1",
        "1e400",
        "\"x\"",
        "true",
        "{}",
        "[]",
        "\"\\u0000\"",
        "\"\\ud800\"",
        "18446744073709551616",
    ]);
    prop::collection::vec(piece, 0..40).prop_map(|parts| parts.concat())
}

/// Text built from the search language's pieces.
fn query_like() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "is:",
        "weapon",
        "exotic",
        "power:",
        ">=",
        "<",
        "=",
        "1800",
        "-",
        "or",
        "and",
        "(",
        ")",
        "\"",
        "name:",
        "bucket:",
        "helmet",
        " ",
        "  ",
        ":",
        "é",
        "🙂",
        "is:locked",
        "99999999999999999999",
    ]);
    prop::collection::vec(piece, 0..30).prop_map(|parts| parts.concat())
}

/// DIM loadouts with any names (blank and over-long ones too), classes, ids, hashes and socket
/// overrides.
fn dim_loadout() -> impl Strategy<Value = dim::DimLoadout> {
    let item = (
        prop::option::of("0|[1-9][0-9]{0,19}"),
        any::<u32>(),
        prop::option::of(any::<u32>()),
        prop::option::of(prop::collection::btree_map(
            "[0-9]{1,2}",
            any::<u32>(),
            0..3,
        )),
        prop::option::of(any::<u64>()),
    )
        .prop_map(
            |(id, hash, amount, socket_overrides, crafted_date)| dim::DimLoadoutItem {
                id,
                hash,
                amount,
                socket_overrides,
                crafted_date,
            },
        );
    (
        prop::option::of("\\PC{0,12}"),
        "\\PC{0,130}",
        prop::option::of("\\PC{0,20}"),
        -1i64..=4,
        prop::collection::vec(item.clone(), 0..6),
        prop::collection::vec(item, 0..4),
    )
        .prop_map(
            |(id, name, notes, class_type, equipped, unequipped)| dim::DimLoadout {
                id,
                name,
                notes,
                class_type,
                equipped,
                unequipped,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: crate::support::regressions_beside_the_test(), ..ProptestConfig::default() })]

    #[test]
    fn dim_import_never_panics_and_refuses_as_invalid_request(text in any::<String>()) {
        if let Err(error) = dim::parse(&text) {
            prop_assert_eq!(error.reason, Reason::InvalidRequest);
        }
    }

    #[test]
    fn a_dim_loadout_reads_back_from_its_json_and_its_links_or_is_refused(
        loadout in dim_loadout(),
        cut in any::<prop::sample::Index>(),
    ) {
        let json = serde_json::to_string(&loadout).expect("a DIM loadout serializes");
        let link = dim::share_link(&loadout);
        let bare = link.trim_start_matches("https://").to_string();
        let valid = dim::validate(&loadout).is_ok();
        for text in [&json, &link, &bare] {
            match dim::parse(text) {
                Ok(back) => prop_assert!(valid && back == loadout, "{}", text),
                Err(error) => {
                    prop_assert!(!valid, "{}: {}", text, error.message);
                    prop_assert_eq!(error.reason, Reason::InvalidRequest);
                }
            }
        }
        let end = json.floor_char_boundary(cut.index(json.len()));
        if let Err(error) = dim::parse(&json[..end]) {
            prop_assert_eq!(error.reason, Reason::InvalidRequest);
        }
    }

    #[test]
    fn the_frame_reader_never_panics_on_any_text(text in any::<String>()) {
        let _ = parse(&text, LIMITS);
    }

    #[test]
    fn the_frame_reader_answers_every_frame_shaped_text(text in frame_like()) {
        match parse(&text, LIMITS) {
            Frame::Broken(answer) => prop_assert!(matches!(answer.outcome, Outcome::Error(_)), "{text}"),
            Frame::Batch(entries) => prop_assert!(!text.trim().is_empty() || entries.is_empty()),
            Frame::Single(_) => {}
        }
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion(depth in 33usize..5000) {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        prop_assert!(matches!(parse(&text, LIMITS), Frame::Broken(_)));
    }

    #[test]
    fn the_search_parser_never_panics_and_points_inside_the_query(text in query_like()) {
        if let Err(error) = Query::parse(&text) {
            let columns = text.chars().count() + 1;
            prop_assert!(error.column >= 1 && error.column <= columns, "{text:?}: {error:?}");
        }
    }

    #[test]
    fn the_search_parser_never_panics_on_any_text(text in any::<String>()) {
        let _ = Query::parse(&text);
    }

    #[test]
    fn bungie_decoding_never_panics_on_any_bytes(
        body in prop::collection::vec(any::<u8>(), 0..512),
        status in prop::sample::select(vec![200u16, 401, 429, 500, 503]),
    ) {
        let _ = decode::<DestinyProfileResponse>("GetProfile", status, &body);
    }

    #[test]
    fn bungie_decoding_never_panics_on_mangled_envelopes(
        code in any::<i32>(),
        throttle in any::<i64>(),
        response in frame_like(),
        cut in any::<prop::sample::Index>(),
    ) {
        let body = format!(
            r#"{{"Response":{response},"ErrorCode":{code},"ThrottleSeconds":{throttle},"ErrorStatus":"x","Message":"m","MessageData":{{}}}}"#
        );
        let _ = decode::<DestinyProfileResponse>("GetProfile", 200, body.as_bytes());
        let end = cut.index(body.len() + 1);
        let _ = decode::<DestinyProfileResponse>("GetProfile", 200, body.as_bytes().get(..end).unwrap_or_default());
    }
}

/// A real GetProfile body (2.3 MB), cut short and with bytes flipped at seeded places, decodes
/// to an error or a value, never a panic.
#[test]
fn a_real_get_profile_body_mangled_never_panics() {
    let Some(dir) = crate::support::bungie_data("a_real_get_profile_body_mangled_never_panics")
    else {
        return;
    };
    let body = std::fs::read(dir.join("responses/GetProfile-full-2021-05-28.json"))
        .expect("the shared GetProfile capture");
    assert!(decode::<DestinyProfileResponse>("GetProfile", 200, &body).is_ok());
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % bound.max(1) as u64).unwrap_or(0)
    };
    for _ in 0..16 {
        let cut = next(body.len());
        let _ = decode::<DestinyProfileResponse>("GetProfile", 200, &body[..cut]);
        let mut flipped = body.clone();
        for _ in 0..8 {
            let at = next(flipped.len());
            flipped[at] = b"{}[]\",:0-e"[next(10)];
        }
        let _ = decode::<DestinyProfileResponse>("GetProfile", 200, &flipped);
    }
}
