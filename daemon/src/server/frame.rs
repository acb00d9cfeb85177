//! Reading one client text frame into JSON-RPC calls, or into the error each malformed part
//! earns. Pure: no I/O, no state; the connection decides what to run.

use serde_json::Value;
use vault_raider_protocol::{Id, MAX_BATCH_ENTRIES, Method, Response, RpcError};

/// A well-formed request for a known method.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Its id; `None` for a notification (run, never answered).
    pub id: Option<Id>,
    /// The method.
    pub method: Method,
    /// Its params as sent (`None` when left out or null).
    pub params: Option<Value>,
}

/// One request of a frame: a call, or the response its fault earns (`None` when the faulty
/// request was a notification, which gets no answer).
pub type Entry = Result<Call, Option<Response>>;

/// What a frame holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Frame {
    /// One request.
    Single(Entry),
    /// A batch of requests, answered together.
    Batch(Vec<Entry>),
    /// A frame too broken to hold requests: answer this.
    Broken(Response),
}

/// The limits a frame is read under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameLimits {
    /// The deepest nesting of arrays and objects accepted.
    pub max_depth: usize,
    /// The longest string id accepted, in characters.
    pub max_id_chars: usize,
}

/// Reads a text frame.
pub fn parse(text: &str, limits: FrameLimits) -> Frame {
    if nesting_depth(text) > limits.max_depth {
        let id = top_level_id(text, limits);
        let error = RpcError::invalid_request(format!(
            "the frame nests arrays and objects deeper than {} levels",
            limits.max_depth
        ));
        return Frame::Broken(Response::error(id, error));
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            return Frame::Broken(Response::error(
                None,
                RpcError::parse_error(format!("the frame is not JSON: {e}")),
            ));
        }
    };
    match value {
        Value::Array(items) if items.is_empty() => Frame::Broken(Response::error(
            None,
            RpcError::invalid_request("an empty batch holds no request"),
        )),
        Value::Array(items) if items.len() > MAX_BATCH_ENTRIES => Frame::Broken(Response::error(
            None,
            RpcError::invalid_request(format!(
                "a batch holds at most {MAX_BATCH_ENTRIES} requests; this one holds {}",
                items.len()
            )),
        )),
        Value::Array(items) => Frame::Batch(items.into_iter().map(|v| entry(v, limits)).collect()),
        other => Frame::Single(entry(other, limits)),
    }
}

/// Reads one request object.
fn entry(value: Value, limits: FrameLimits) -> Entry {
    let Value::Object(mut object) = value else {
        return Err(Some(Response::error(
            None,
            RpcError::invalid_request("a request must be a JSON object"),
        )));
    };
    let id = match object.remove("id") {
        None | Some(Value::Null) => None,
        Some(raw) => match read_id(raw, limits) {
            Some(id) => Some(id),
            None => {
                return Err(Some(Response::error(
                    None,
                    RpcError::invalid_request(format!(
                        "id must be a string of at most {} characters or an integer",
                        limits.max_id_chars
                    )),
                )));
            }
        },
    };
    let fail = |error: RpcError| Err(id.clone().map(|id| Response::error(Some(id), error)));
    if object.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return fail(RpcError::invalid_request(r#"jsonrpc must be "2.0""#));
    }
    let Some(Value::String(method)) = object.remove("method") else {
        return fail(RpcError::invalid_request("method must be a string"));
    };
    let params = match object.remove("params") {
        None | Some(Value::Null) => None,
        Some(params @ Value::Object(_)) => Some(params),
        Some(_) => {
            return fail(RpcError::invalid_params(
                "params",
                "params must be an object",
            ));
        }
    };
    let Some(method) = Method::from_name(&method) else {
        return fail(RpcError::method_not_found(&method));
    };
    Ok(Call { id, method, params })
}

/// A request id, if it is an integer or a short enough string.
fn read_id(raw: Value, limits: FrameLimits) -> Option<Id> {
    match raw {
        Value::Number(n) => n.as_i64().map(Id::Number),
        Value::String(s) if s.chars().count() <= limits.max_id_chars => Some(Id::String(s)),
        _ => None,
    }
}

/// The id of a frame too deep to parse whole, when serde can still find it.
fn top_level_id(text: &str, limits: FrameLimits) -> Option<Id> {
    #[derive(serde::Deserialize)]
    struct IdOnly {
        id: Option<Value>,
    }
    let found: IdOnly = serde_json::from_str(text).ok()?;
    read_id(found.id?, limits)
}

/// How deeply arrays and objects nest in `text` (strings are skipped), without parsing it.
pub fn nesting_depth(text: &str) -> usize {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for byte in text.bytes() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;
    use vault_raider_protocol::Outcome;
    use vault_raider_protocol::error::{
        INVALID_PARAMS, INVALID_REQUEST, METHOD_NOT_FOUND, PARSE_ERROR,
    };

    const LIMITS: FrameLimits = FrameLimits {
        max_depth: 32,
        max_id_chars: 128,
    };

    fn code_and_id(response: &Response) -> (i64, Option<Id>) {
        match &response.outcome {
            Outcome::Error(e) => (e.code, response.id.clone()),
            Outcome::Result(_) => panic!("expected an error"),
        }
    }

    fn single_error(text: &str) -> (i64, Option<Id>) {
        match parse(text, LIMITS) {
            Frame::Single(Err(Some(response))) | Frame::Broken(response) => code_and_id(&response),
            other => panic!("expected an error for {text}: {other:?}"),
        }
    }

    #[test]
    fn a_good_request_is_a_call() {
        let frame = parse(
            r#"{"jsonrpc":"2.0","id":"a","method":"profile.snapshot"}"#,
            LIMITS,
        );
        assert_eq!(
            frame,
            Frame::Single(Ok(Call {
                id: Some(Id::String("a".into())),
                method: Method::ProfileSnapshot,
                params: None
            }))
        );
    }

    #[test]
    fn each_malformed_class_gets_its_code() {
        assert_eq!(single_error("{not json"), (PARSE_ERROR, None));
        assert_eq!(single_error(""), (PARSE_ERROR, None));
        assert_eq!(single_error("42"), (INVALID_REQUEST, None));
        assert_eq!(single_error("[]"), (INVALID_REQUEST, None));
        assert_eq!(
            single_error(r#"{"jsonrpc":"1.0","id":3,"method":"profile.snapshot"}"#),
            (INVALID_REQUEST, Some(Id::Number(3)))
        );
        assert_eq!(
            single_error(r#"{"jsonrpc":"2.0","id":3,"method":7}"#),
            (INVALID_REQUEST, Some(Id::Number(3)))
        );
        assert_eq!(
            single_error(r#"{"jsonrpc":"2.0","id":3,"method":"nope"}"#),
            (METHOD_NOT_FOUND, Some(Id::Number(3)))
        );
        assert_eq!(
            single_error(r#"{"jsonrpc":"2.0","id":3,"method":"items.get","params":[1]}"#),
            (INVALID_PARAMS, Some(Id::Number(3)))
        );
        let long = "x".repeat(129);
        assert_eq!(
            single_error(&format!(
                r#"{{"jsonrpc":"2.0","id":"{long}","method":"items.get"}}"#
            )),
            (INVALID_REQUEST, None)
        );
        assert_eq!(
            single_error(r#"{"jsonrpc":"2.0","id":1.5,"method":"items.get"}"#),
            (INVALID_REQUEST, None)
        );
        assert_eq!(
            single_error(r#"{"jsonrpc":"2.0","id":18446744073709551615,"method":"items.get"}"#),
            (INVALID_REQUEST, None)
        );
    }

    #[test]
    fn deep_nesting_is_refused_with_the_id_when_it_can_be_read() {
        let deep = format!(
            r#"{{"jsonrpc":"2.0","id":9,"method":"items.search","params":{{"query":{}1{}}}}}"#,
            "[".repeat(40),
            "]".repeat(40)
        );
        assert_eq!(single_error(&deep), (INVALID_REQUEST, Some(Id::Number(9))));
        let very_deep = format!(r#"{{"id":9,"x":{}{}}}"#, "[".repeat(5000), "]".repeat(5000));
        assert_eq!(single_error(&very_deep).0, INVALID_REQUEST);
        assert_eq!(nesting_depth(r#"{"a":"[[[[[[[[\"[["}"#), 1);
    }

    #[test]
    fn a_batch_over_32_entries_is_one_invalid_request() {
        let entry = r#"{"jsonrpc":"2.0","id":1,"method":"session.status"}"#;
        let at_limit = format!("[{}]", vec![entry; 32].join(","));
        assert!(matches!(parse(&at_limit, LIMITS), Frame::Batch(e) if e.len() == 32));
        let over = format!("[{}]", vec!["1"; 30_000].join(","));
        assert_eq!(single_error(&over), (INVALID_REQUEST, None));
    }

    #[test]
    fn a_notification_with_a_fault_gets_no_answer() {
        assert_eq!(
            parse(r#"{"jsonrpc":"2.0","method":"nope"}"#, LIMITS),
            Frame::Single(Err(None))
        );
    }

    #[test]
    fn a_batch_reads_each_entry() {
        let Frame::Batch(entries) = parse(
            r#"[{"jsonrpc":"2.0","id":1,"method":"session.status"},5,{"jsonrpc":"2.0","method":"session.status"}]"#,
            LIMITS,
        ) else {
            panic!("a batch")
        };
        assert_eq!(entries.len(), 3);
        assert!(entries[0].is_ok());
        assert!(matches!(entries[1], Err(Some(_))));
        assert!(matches!(&entries[2], Ok(call) if call.id.is_none()));
    }
}
