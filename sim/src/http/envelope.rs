//! The Platform envelope every Bungie endpoint answers in (API.md §1.3): `Response`, `ErrorCode`,
//! `ThrottleSeconds`, `ErrorStatus`, `Message`, `MessageData`, with the HTTP status of §1.4.

use axum::body::Body;
use axum::response::Response;
use http::{StatusCode, header};
use serde_json::{Value, json};

use super::codes::PlatformError;

/// The body of a successful envelope around `response`.
pub fn success_body(response: Value) -> Vec<u8> {
    let envelope = json!({
        "Response": response,
        "ErrorCode": 1,
        "ThrottleSeconds": 0,
        "ErrorStatus": "Success",
        "Message": "Ok",
        "MessageData": {},
    });
    serde_json::to_vec(&envelope).unwrap_or_default()
}

/// The body of an error envelope. `action` endpoints carry `"Response": 0` as Bungie's do; the
/// others leave `Response` out.
pub fn error_body(error: &PlatformError, action: bool) -> Vec<u8> {
    let mut envelope = json!({
        "ErrorCode": error.code,
        "ThrottleSeconds": error.throttle_seconds,
        "ErrorStatus": error.status,
        "Message": error.message,
        "MessageData": error.message_data,
    });
    if action && let Some(map) = envelope.as_object_mut() {
        map.insert("Response".into(), json!(0));
    }
    serde_json::to_vec(&envelope).unwrap_or_default()
}

/// A response with `status`, a `Content-Type` and `body`; `cache` sets `Cache-Control` when given.
pub fn typed(
    status: StatusCode,
    content_type: &'static str,
    cache: Option<&'static str>,
    body: impl Into<Body>,
) -> Response {
    let mut response = Response::new(body.into());
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        http::HeaderValue::from_static(content_type),
    );
    if let Some(cache) = cache {
        headers.insert(header::CACHE_CONTROL, http::HeaderValue::from_static(cache));
    }
    response
}

/// A JSON response with `status` and `body`.
pub fn json_response(status: StatusCode, body: impl Into<Body>) -> Response {
    typed(status, "application/json; charset=utf-8", None, body)
}

/// A successful envelope around `response`.
pub fn success(response: Value) -> Response {
    json_response(StatusCode::OK, success_body(response))
}

/// An error envelope with the error's HTTP status.
pub fn error(error: &PlatformError, action: bool) -> Response {
    json_response(error.http_status(), error_body(error, action))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_envelope_names_code_status_and_throttle() {
        let body = error_body(&PlatformError::new(36).throttled(3), true);
        let value: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(value["ErrorCode"], 36);
        assert_eq!(value["ErrorStatus"], "ThrottleLimitExceededMomentarily");
        assert_eq!(value["ThrottleSeconds"], 3);
        assert_eq!(value["Response"], 0);
        assert_eq!(value["MessageData"], json!({}));
    }

    #[test]
    fn a_success_envelope_says_ok() {
        let value: Value = serde_json::from_slice(&success_body(json!({"a": 1}))).unwrap();
        assert_eq!(value["ErrorCode"], 1);
        assert_eq!(value["Message"], "Ok");
        assert_eq!(value["Response"]["a"], 1);
    }
}
