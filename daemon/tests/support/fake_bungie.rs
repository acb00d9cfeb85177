//! A tiny scripted Bungie.net for the client's transport tests: an axum server on 127.0.0.1:0
//! that answers each path from a queue of replies, records every request with its (tokio) arrival
//! time, and can auto-approve the OAuth authorize page.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

/// One scripted answer.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub content_type: &'static str,
    pub delay: Duration,
    pub location: Option<String>,
}

impl Reply {
    pub fn json(status: u16, body: impl Into<String>) -> Reply {
        Reply {
            status,
            body: body.into(),
            content_type: "application/json",
            delay: Duration::ZERO,
            location: None,
        }
    }
    pub fn ok(response: serde_json::Value) -> Reply {
        Reply::json(200, envelope(response))
    }
    pub fn error(status: u16, code: i32, name: &str, throttle: u32) -> Reply {
        Reply::json(status, error_envelope(code, name, throttle))
    }
    pub fn html(status: u16, body: &str) -> Reply {
        Reply {
            content_type: "text/html",
            ..Reply::json(status, body)
        }
    }
    pub fn after(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

/// A success envelope.
pub fn envelope(response: serde_json::Value) -> String {
    serde_json::json!({"Response": response, "ErrorCode": 1, "ThrottleSeconds": 0,
        "ErrorStatus": "Success", "Message": "Ok", "MessageData": {}})
    .to_string()
}

/// An error envelope.
pub fn error_envelope(code: i32, name: &str, throttle: u32) -> String {
    serde_json::json!({"Response": 0, "ErrorCode": code, "ThrottleSeconds": throttle,
        "ErrorStatus": name, "Message": format!("{name} happened"), "MessageData": {}})
    .to_string()
}

/// One request the fake saw.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub query: String,
    pub authorization: Option<String>,
    pub api_key: Option<String>,
    pub body: String,
    pub at: Instant,
}

#[derive(Default)]
pub struct FakeState {
    queued: Mutex<HashMap<String, VecDeque<Reply>>>,
    always: Mutex<HashMap<String, Reply>>,
    seen: Mutex<Vec<Seen>>,
    /// A shared timeline the tests can also write to (e.g. a token store's saves).
    pub events: Mutex<Vec<String>>,
    in_flight: Mutex<(u32, u32)>,
    /// Answer the authorize page with a redirect carrying this code.
    pub approve_with_code: Mutex<Option<String>>,
}

pub struct Fake {
    pub base: String,
    pub state: Arc<FakeState>,
}

impl Fake {
    pub async fn start() -> Fake {
        let state = Arc::new(FakeState::default());
        let app = axum::Router::new()
            .fallback(answer)
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Fake { base, state }
    }

    /// Queues one reply for `path` (used before any `always` reply).
    pub fn push(&self, path: &str, reply: Reply) {
        self.state
            .queued
            .lock()
            .unwrap()
            .entry(path.to_string())
            .or_default()
            .push_back(reply);
    }

    /// The reply for `path` once its queue is empty.
    pub fn always(&self, path: &str, reply: Reply) {
        self.state
            .always
            .lock()
            .unwrap()
            .insert(path.to_string(), reply);
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.seen.lock().unwrap().clone()
    }

    pub fn seen_at(&self, path: &str) -> Vec<Seen> {
        self.seen().into_iter().filter(|s| s.path == path).collect()
    }

    pub fn events(&self) -> Vec<String> {
        self.state.events.lock().unwrap().clone()
    }

    /// The most requests that were ever in flight at once.
    pub fn max_in_flight(&self) -> u32 {
        self.state.in_flight.lock().unwrap().1
    }
}

async fn answer(
    State(state): State<Arc<FakeState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let seen = Seen {
        method: method.to_string(),
        path: uri.path().to_string(),
        query: uri.query().unwrap_or_default().to_string(),
        authorization: header("authorization"),
        api_key: header("x-api-key"),
        body: String::from_utf8_lossy(&body).to_string(),
        at: Instant::now(),
    };
    state.events.lock().unwrap().push(format!(
        "request {} {}",
        seen.path,
        seen.authorization.clone().unwrap_or_default()
    ));
    state.seen.lock().unwrap().push(seen.clone());
    if seen.path.eq_ignore_ascii_case("/en/OAuth/Authorize") {
        if let Some(code) = state.approve_with_code.lock().unwrap().clone() {
            let params: HashMap<String, String> =
                url::form_urlencoded::parse(seen.query.as_bytes())
                    .into_owned()
                    .collect();
            let location = format!(
                "https://127.0.0.1:7420/callback?code={code}&state={}",
                params.get("state").cloned().unwrap_or_default()
            );
            return (StatusCode::FOUND, [("location", location)]).into_response();
        }
        return (
            StatusCode::OK,
            [("content-type", "text/html")],
            "<html>Approve?</html>",
        )
            .into_response();
    }
    let reply = {
        let queued = state
            .queued
            .lock()
            .unwrap()
            .get_mut(&seen.path)
            .and_then(VecDeque::pop_front);
        queued.or_else(|| state.always.lock().unwrap().get(&seen.path).cloned())
    };
    let Some(reply) = reply else {
        return (StatusCode::NOT_FOUND, error_envelope(21, "NotFound", 0)).into_response();
    };
    {
        let mut flight = state.in_flight.lock().unwrap();
        flight.0 += 1;
        flight.1 = flight.1.max(flight.0);
    }
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    state.in_flight.lock().unwrap().0 -= 1;
    let mut response = (
        StatusCode::from_u16(reply.status).unwrap(),
        [("content-type", reply.content_type)],
        reply.body,
    )
        .into_response();
    if let Some(location) = reply.location {
        response
            .headers_mut()
            .insert("location", location.parse().unwrap());
    }
    response
}
