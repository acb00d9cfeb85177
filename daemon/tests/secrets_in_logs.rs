//! Secrets: every log line written (at trace level, every crate) through sign-in, a token refresh,
//! pairing and ordinary requests against a real daemon holds no token or secret, and tokens at rest
//! are private files (0600) or hashes.
//!
//! A test binary of its own: it installs a process-wide log subscriber at trace level (the daemon
//! runs on a multi-thread runtime, so a thread-local one would miss its workers), which would
//! capture every other test's logs in a shared process.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use support::demo::Demo;
use vault_raider_sim::SimConfig;

/// A tracing writer that appends every line to a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }
}

/// The access and refresh tokens in `tokens.json` (whatever their nesting).
fn tokens_in(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match inner {
                    Value::String(text) if key.contains("token") => found.push(text.clone()),
                    other => tokens_in(other, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| tokens_in(i, found)),
        _ => {}
    }
}

#[cfg(unix)]
fn mode_of(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_token_or_secret_reaches_a_log_line_and_tokens_at_rest_are_private_or_hashed() {
    let captured = Captured::default();
    let writer = captured.clone();
    // The daemon's own filter at `RUST_LOG=trace` (it caps the crates that log whole frames).
    tracing_subscriber::fmt()
        .with_env_filter(vault_raider::cli::logging::filter(Some("trace")))
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

    // Sign-in happens inside `start`: the daemon runs the OAuth flow against the simulator.
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let mut tokens_seen = Vec::new();
    let read_tokens = |seen: &mut Vec<String>| {
        let text = std::fs::read_to_string(demo.dir.path().join("tokens.json"))
            .expect("tokens.json exists (no OS secret store in tests)");
        tokens_in(
            &serde_json::from_str(&text).expect("tokens.json is JSON"),
            seen,
        );
    };
    read_tokens(&mut tokens_seen);
    assert!(!tokens_seen.is_empty(), "tokens.json holds tokens");

    // Refresh: expire every access token, then make the daemon call Bungie.
    let http = reqwest::Client::new();
    let expired = http
        .post(format!("{}/sim/faults", demo.sim.base_url()))
        .json(&json!({"expireTokens": true}))
        .send()
        .await
        .expect("faults");
    assert!(expired.status().is_success());
    let synced = client.call("profile.sync", json!({})).await;
    assert!(
        synced.get("result").is_some(),
        "sync after a refresh: {synced}"
    );
    let before_refresh = tokens_seen.clone();
    read_tokens(&mut tokens_seen);
    assert!(
        tokens_seen.len() > before_refresh.len()
            && tokens_seen[before_refresh.len()..]
                .iter()
                .any(|t| !before_refresh.contains(t)),
        "the daemon refreshed its access token"
    );

    // Pairing: a client asks, the admin reads the code, the client completes.
    let mut stranger = crate::support::demo::Client::connect(demo.daemon.port).await;
    let requested = stranger
        .call(
            "pairing.request",
            json!({"client": {"name": "secret test", "kind": "extension", "version": "0"}}),
        )
        .await;
    let pairing_id = requested["result"]["pairingId"]
        .as_str()
        .unwrap_or_else(|| panic!("a pairing id: {requested}"))
        .to_string();
    let pending = client.call("pairing.pending", json!({})).await;
    let code = pending["result"]
        .as_array()
        .and_then(|list| list.iter().find(|p| p["pairingId"] == json!(pairing_id)))
        .and_then(|p| p["code"].as_str())
        .unwrap_or_else(|| panic!("the pending pairing's code: {pending}"))
        .to_string();
    let completed = stranger
        .call(
            "pairing.complete",
            json!({"pairingId": pairing_id, "code": code}),
        )
        .await;
    let client_token = completed["result"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("a client token: {completed}"))
        .to_string();
    let mut paired = crate::support::demo::Client::connect(demo.daemon.port).await;
    let identified = paired
        .call(
            "session.identify",
            json!({"protocol": 1, "token": client_token, "client": {"name": "secret test", "kind": "extension", "version": "0"}}),
        )
        .await;
    assert!(identified.get("result").is_some(), "{identified}");
    let wrong = paired
        .call(
            "session.identify",
            json!({"protocol": 1, "token": "not-a-token-0123456789", "client": {"name": "x", "kind": "extension", "version": "0"}}),
        )
        .await;
    assert!(wrong.get("error").is_some(), "{wrong}");

    // Some ordinary requests, including failing ones.
    for (method, params) in [
        ("session.status", json!({})),
        ("items.search", json!({"query": "is:exotic", "limit": 3})),
        ("items.get", json!({"id": "1"})),
        ("profile.snapshot", json!({})),
        ("clients.list", json!({})),
    ] {
        let answer = paired.call(method, params.clone()).await;
        assert!(
            answer.get("result").is_some() || answer.get("error").is_some(),
            "{method}: {answer}"
        );
        let _ = client.call(method, params).await;
    }

    // The overlay token: the one at start, and the one a rotation makes.
    let token_of = |url: &str| url.split("token=").nth(1).unwrap_or_default().to_string();
    let overlay_token = token_of(&demo.daemon.overlay_url);
    let rotated = client.call("overlay.url", json!({"rotate": true})).await;
    let rotated_token = token_of(rotated["result"]["url"].as_str().unwrap_or_default());
    assert!(
        overlay_token.len() >= 32 && rotated_token.len() >= 32,
        "{rotated}"
    );
    assert_ne!(overlay_token, rotated_token);

    let admin = demo.admin_token();
    let data_dir = demo.dir.path().to_path_buf();
    let redb = std::fs::read(data_dir.join("store.redb")).expect("store.redb");
    #[cfg(unix)]
    for file in ["tokens.json", "admin.token", "overlay.token", "store.redb"] {
        assert_eq!(
            mode_of(&data_dir.join(file)),
            0o600,
            "{file} is readable by others"
        );
    }
    demo.stop().await;
    let log = captured.text();
    assert!(
        log.lines().count() > 20,
        "the capture saw the daemon's logs ({} lines)",
        log.lines().count()
    );

    let defaults = SimConfig::default();
    let mut secrets: Vec<(&str, String)> = vec![
        ("client secret", defaults.client_secret.clone()),
        ("API key", defaults.api_key.clone()),
        ("admin token", admin.clone()),
        ("paired client token", client_token.clone()),
        ("overlay token", overlay_token.clone()),
        ("rotated overlay token", rotated_token.clone()),
    ];
    secrets.extend(tokens_seen.iter().map(|t| ("Bungie token", t.clone())));
    for (what, secret) in &secrets {
        if let Some(line) = log.lines().find(|line| line.contains(secret.as_str())) {
            panic!("a log line holds the {what}: {line}");
        }
    }

    let contains = |haystack: &[u8], needle: &str| {
        haystack
            .windows(needle.len())
            .any(|window| window == needle.as_bytes())
    };
    assert!(
        !contains(&redb, &client_token),
        "the paired client token is stored raw in store.redb"
    );
    assert!(
        !contains(&redb, &admin),
        "the admin token is stored raw in store.redb"
    );
}
