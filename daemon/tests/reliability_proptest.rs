//! Robustness of the three decoders that read outside input — the protocol frame reader, the
//! search parser and Bungie response decoding: arbitrary and mangled input gets an error, never a
//! panic. (The cargo-fuzz targets in `fuzz/` drive the same functions for longer.)

mod support;

use proptest::prelude::*;
use vault_raider::bungie::wire::DestinyProfileResponse;
use vault_raider::bungie::wire::envelope::decode;
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

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
    let Some(dir) = support::bungie_data("a_real_get_profile_body_mangled_never_panics") else {
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
