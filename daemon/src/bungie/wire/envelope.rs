//! The Platform response envelope (`Response`, `ErrorCode`, `ThrottleSeconds`, …) and the one
//! function that turns any HTTP body Bungie sends (envelope, `{error, error_description}`, an HTML
//! page, nothing) into a payload or a [`BungieError`].

use crate::bungie::error::{BungieError, PlatformError};
use serde::Deserialize;
use serde::de::{DeserializeOwned, IgnoredAny};
use std::collections::BTreeMap;

/// `ErrorCode` 1: Success.
pub const SUCCESS: i32 = 1;

/// Everything in a Platform body except the payload, plus the RFC 6749 error fields that replace
/// the envelope during some outages.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Head {
    #[serde(rename = "ErrorCode")]
    error_code: Option<i32>,
    #[serde(rename = "ThrottleSeconds")]
    throttle_seconds: Option<i64>,
    #[serde(rename = "ErrorStatus")]
    error_status: Option<String>,
    #[serde(rename = "Message")]
    message: Option<String>,
    #[serde(rename = "MessageData")]
    message_data: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(rename = "Response")]
    _response: Option<IgnoredAny>,
    error: Option<String>,
    error_description: Option<String>,
}

/// Only the payload of a successful envelope.
#[derive(Deserialize)]
struct Payload<T> {
    #[serde(rename = "Response")]
    response: Option<T>,
}

/// A successful envelope read in one pass by sonic-rs (SIMD; about twice serde_json's speed on a
/// 1.4 MB profile, see `benches/sync.rs`): the common case, tried first. Anything else (an error
/// envelope, whose `Response` is not a `T`; a payload that does not decode) goes the careful way
/// through serde_json, which also words the errors.
#[derive(Deserialize)]
struct Whole<T> {
    #[serde(rename = "ErrorCode")]
    error_code: i32,
    #[serde(rename = "Response")]
    response: Option<T>,
}

/// Strips a UTF-8 byte-order mark (some saved responses start with one).
pub fn strip_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}

/// The payload of a successful envelope read the quick way (sonic-rs), borrowing from `body`
/// where `T` does; `None` for anything else (an error envelope, a payload that does not decode),
/// which [`decode`] then reads the careful way.
pub fn decode_success<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Option<T> {
    match sonic_rs::from_slice::<Whole<T>>(strip_bom(body)) {
        Ok(Whole {
            error_code: SUCCESS,
            response: Some(response),
        }) => Some(response),
        _ => None,
    }
}

/// Decodes a Platform response body received with HTTP status `http_status`.
///
/// `endpoint` names the call in error messages. Never panics: every body shape Bungie is known to
/// send maps onto a [`BungieError`] with a clear message.
pub fn decode<T: DeserializeOwned>(
    endpoint: &str,
    http_status: u16,
    body: &[u8],
) -> Result<T, BungieError> {
    let body = strip_bom(body);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(BungieError::EmptyBody { http_status });
    }
    if let Some(response) = decode_success::<T>(body) {
        return Ok(response);
    }
    let head: Head = match serde_json::from_slice(body) {
        Ok(head) => head,
        Err(_) => return Err(not_json(http_status, body)),
    };
    if let Some(code) = head.error_code {
        if code == SUCCESS {
            let payload: Payload<T> =
                serde_json::from_slice(body).map_err(|e| BungieError::Decode {
                    endpoint: endpoint.to_string(),
                    message: e.to_string(),
                })?;
            return payload.response.ok_or_else(|| BungieError::Decode {
                endpoint: endpoint.to_string(),
                message: "the envelope says Success but carries no Response".into(),
            });
        }
        let message_data = head
            .message_data
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => (k, s),
                other => (k, other.to_string()),
            })
            .collect();
        return Err(BungieError::from_platform(PlatformError {
            code,
            status: head.error_status.unwrap_or_default(),
            message: head.message.unwrap_or_default(),
            throttle_seconds: head.throttle_seconds.unwrap_or(0).clamp(0, 3600) as u32,
            http_status,
            message_data,
        }));
    }
    if let Some(error) = head.error {
        return Err(BungieError::from_oauth_style(
            http_status,
            error,
            head.error_description.unwrap_or_default(),
        ));
    }
    Err(BungieError::UnexpectedBody {
        http_status,
        snippet: snippet(body),
    })
}

/// The error for a body that is not JSON: an HTML page (its `<title>`) or other text.
fn not_json(http_status: u16, body: &[u8]) -> BungieError {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim_start();
    if trimmed.starts_with('<') {
        BungieError::Html {
            http_status,
            title: html_title(trimmed).unwrap_or_default(),
        }
    } else {
        BungieError::UnexpectedBody {
            http_status,
            snippet: snippet(body),
        }
    }
}

/// The text of an HTML page's `<title>` element, if any.
fn html_title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + lower.get(start..)?.find('>')? + 1;
    let close = open_end + lower.get(open_end..)?.find("</title")?;
    let title = html
        .get(open_end..close)?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Some(title.chars().take(120).collect())
}

/// The first characters of a body, for an error message.
fn snippet(body: &[u8]) -> String {
    String::from_utf8_lossy(body)
        .chars()
        .take(80)
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_yields_the_payload() {
        let body = br#"{"Response":5,"ErrorCode":1,"ThrottleSeconds":0,"ErrorStatus":"Success","Message":"Ok","MessageData":{}}"#;
        assert_eq!(decode::<i32>("T", 200, body).unwrap(), 5);
    }

    #[test]
    fn a_bom_is_ignored() {
        let body = b"\xEF\xBB\xBF{\"Response\":1,\"ErrorCode\":1}";
        assert_eq!(decode::<i32>("T", 200, body).unwrap(), 1);
    }

    #[test]
    fn html_pages_are_named_by_their_title() {
        let body = b"<!DOCTYPE html><html><head><TITLE>Bungie.net\n is down</TITLE></head></html>";
        let err = decode::<i32>("T", 503, body).unwrap_err();
        assert!(
            matches!(&err, BungieError::Html { http_status: 503, title } if title == "Bungie.net is down")
        );
    }

    #[test]
    fn an_unknown_json_shape_is_an_error() {
        let err = decode::<i32>("T", 200, br#"{"hello":1}"#).unwrap_err();
        assert!(matches!(err, BungieError::UnexpectedBody { .. }), "{err}");
    }

    #[test]
    fn success_with_a_wrong_payload_names_the_endpoint() {
        let err =
            decode::<Vec<u8>>("GetProfile", 200, br#"{"Response":"x","ErrorCode":1}"#).unwrap_err();
        assert!(err.to_string().contains("GetProfile"), "{err}");
    }
}
