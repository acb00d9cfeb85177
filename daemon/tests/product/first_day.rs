//! A real player's first day, end to end over real sockets and real HTTPS: a daemon on a fresh
//! data directory serves `signed_out` at once; a sign-in through its own HTTPS callback (the test
//! plays the browser: the simulator's authorize page, Approve, the redirect) or through
//! `auth.complete` makes it sync with no restart; a forged callback changes nothing; a sign-out
//! stops every Bungie call; signing in again continues at the same revision; a wrong API key is
//! named, not looped.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::demo::{Client, sim_get};
use serde_json::{Value, json};
use std::time::Duration;
use vault_raider::config::Config;
use vault_raider::runtime::{DaemonOptions, RunningDaemon, start_daemon};
use vault_raider_sim::{SimConfig, SimHandle, start};

/// The simulator (asking the player to approve) and a daemon on a fresh data directory, both
/// with the same redirect URL on a port of its own.
struct FirstDay {
    sim: SimHandle,
    daemon: RunningDaemon,
    dir: tempfile::TempDir,
}

impl FirstDay {
    async fn start(sim: SimConfig, api_key: Option<String>) -> FirstDay {
        let redirect_url = format!("https://127.0.0.1:{}/callback", crate::support::free_port());
        let sim = start(SimConfig {
            port: 0,
            pacing: false,
            clock: false,
            redirect_url: redirect_url.clone(),
            ..sim
        })
        .await
        .expect("the simulator starts");
        let dir = tempfile::tempdir().expect("a temporary directory");
        let defaults = SimConfig::default();
        let config = Config {
            bungie_url: sim.base_url(),
            api_key: Some(api_key.unwrap_or(defaults.api_key.clone())),
            client_id: Some(defaults.client_id.clone()),
            client_secret: Some(defaults.client_secret.clone()),
            redirect_url,
            port: 0,
            ..Config::default()
        };
        let daemon = start_daemon(DaemonOptions {
            config,
            data_dir: dir.path().to_path_buf(),
            unattended_login: false,
            use_os_secret_store: false,
            write_pointer: false,
            desktop: false,
        })
        .await
        .expect("the daemon starts with no tokens");
        FirstDay { sim, daemon, dir }
    }

    async fn client(&self) -> Client {
        let token = std::fs::read_to_string(self.dir.path().join("admin.token"))
            .expect("admin.token")
            .trim()
            .to_string();
        Client::connect_identified(self.daemon.port, &token).await
    }

    /// Every Platform and OAuth call the simulator has answered.
    async fn bungie_calls(&self) -> u64 {
        let calls = sim_get(&self.sim, "/sim/calls").await;
        calls
            .as_object()
            .map(|m| m.values().filter_map(Value::as_u64).sum())
            .unwrap_or(0)
    }

    /// A browser that trusts the daemon's generated callback certificate and follows nothing.
    fn browser(&self) -> reqwest::Client {
        let pem = std::fs::read(self.dir.path().join("callback-cert.pem"))
            .expect("the daemon made its callback certificate");
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .tls_certs_only([reqwest::Certificate::from_pem(&pem).expect("a PEM certificate")])
            .build()
            .expect("a browser")
    }

    /// Plays the player at the authorize page: opens it, clicks `decision`, and returns the
    /// address Bungie redirects to.
    async fn authorize(&self, authorize_url: &str, decision: &str) -> String {
        let browser = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a browser");
        let page = browser
            .get(authorize_url)
            .send()
            .await
            .expect("the authorize page");
        assert_eq!(page.status(), 200, "the simulator asks the player");
        let html = page.text().await.expect("html");
        assert!(html.contains("Approve"), "{html}");
        let url = url::Url::parse(authorize_url).expect("a URL");
        let param = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.to_string())
                .expect("the parameter")
        };
        let answer = browser
            .post(format!("{}/en/OAuth/Authorize", self.sim.base_url()))
            .form(&[
                ("client_id", param("client_id")),
                ("state", param("state")),
                ("decision", decision.to_string()),
            ])
            .send()
            .await
            .expect("the decision");
        assert_eq!(answer.status(), 302);
        answer
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .expect("a redirect")
            .to_string()
    }

    async fn wait_state(&self, client: &mut Client, state: &str) -> Value {
        for _ in 0..400 {
            let status = client.call("session.status", json!({})).await;
            if status["result"]["state"] == state {
                return status["result"].clone();
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("the session never became {state}");
    }

    async fn wait_synced(&self) {
        for _ in 0..400 {
            if self.daemon.daemon.store.rev().unwrap_or(0) > 0
                && self.daemon.daemon.sync.status().last_sync.is_some()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("the daemon never synced");
    }

    async fn stop(self) {
        self.daemon.shutdown().await;
        self.sim.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fresh_daemon_serves_signed_out_and_signs_in_through_its_own_https_callback() {
    let day = FirstDay::start(SimConfig::default(), None).await;
    let mut client = day.client().await;
    let status = client.call("session.status", json!({})).await;
    assert_eq!(status["result"]["state"], "signed_out", "{status}");
    assert!(status["result"].get("reason").is_none(), "{status}");
    assert!(
        status["result"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("sign in")),
        "{status}"
    );
    assert_eq!(
        day.bungie_calls().await,
        0,
        "no Bungie call while signed out"
    );
    assert!(
        day.daemon.daemon.sign_ins.listening().await.is_none(),
        "no callback listener before a sign-in"
    );

    let login = client.call("auth.login", json!({})).await;
    let authorize_url = login["result"]["authorizeUrl"]
        .as_str()
        .expect("an authorize URL")
        .to_string();
    let listening = day.daemon.daemon.sign_ins.listening().await;
    assert!(
        listening.is_some(),
        "the callback listens during the sign-in"
    );

    // A stranger's callbacks without the pending state: 400, and the sign-in goes on.
    let callback = format!(
        "https://127.0.0.1:{}/callback",
        listening.expect("port").port()
    );
    let browser = day.browser();
    for forged in [
        format!("{callback}?error=access_denied"),
        format!("{callback}?error=access_denied&state=not-the-state"),
        format!("{callback}?code=attacker-code&state=not-the-state"),
    ] {
        let answer = browser.get(&forged).send().await.expect("an answer");
        assert_eq!(answer.status(), 400, "{forged}");
    }
    assert_eq!(
        client.call("session.status", json!({})).await["result"]["state"],
        "signed_out"
    );

    let redirect = day.authorize(&authorize_url, "approve").await;
    assert!(redirect.starts_with(&callback), "{redirect}");
    let done = browser.get(&redirect).send().await.expect("the callback");
    assert_eq!(done.status(), 200);
    day.wait_synced().await;
    let status = day.wait_state(&mut client, "signed_in").await;
    assert!(status["account"]["membershipId"].is_string(), "{status}");
    let snapshot = client.call("profile.snapshot", json!({})).await;
    assert!(
        !snapshot["result"]["items"]
            .as_array()
            .expect("items")
            .is_empty()
    );
    // The listener is gone once the sign-in is over.
    for _ in 0..100 {
        if day.daemon.daemon.sign_ins.listening().await.is_none() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(day.daemon.daemon.sign_ins.listening().await.is_none());
    day.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declined_authorization_ends_that_sign_in_and_another_can_start() {
    let day = FirstDay::start(SimConfig::default(), None).await;
    let mut client = day.client().await;
    let login = client.call("auth.login", json!({})).await;
    let url = login["result"]["authorizeUrl"]
        .as_str()
        .expect("a URL")
        .to_string();
    let redirect = day.authorize(&url, "deny").await;
    assert!(redirect.contains("error=access_denied"), "{redirect}");
    let answer = day
        .browser()
        .get(&redirect)
        .send()
        .await
        .expect("the callback");
    assert_eq!(answer.status(), 200);
    assert!(answer.text().await.expect("html").contains("declined"));
    assert_eq!(
        client.call("session.status", json!({})).await["result"]["state"],
        "signed_out"
    );
    let again = client.call("auth.login", json!({})).await;
    let url = again["result"]["authorizeUrl"]
        .as_str()
        .expect("a URL")
        .to_string();
    let redirect = day.authorize(&url, "approve").await;
    let done = day
        .browser()
        .get(&redirect)
        .send()
        .await
        .expect("the callback");
    assert_eq!(done.status(), 200);
    day.wait_state(&mut client, "signed_in").await;
    day.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_complete_signs_in_only_the_client_that_started_the_login() {
    let day = FirstDay::start(SimConfig::default(), None).await;
    let mut admin = day.client().await;
    // The extension's route: it runs the browser step itself and hands the code over.
    let (url, state) = start_client_login(&mut admin).await;
    assert!(
        day.daemon.daemon.sign_ins.listening().await.is_none(),
        "the client completes this one: no callback listener"
    );
    let code = code_of(&day.authorize(&url, "approve").await);

    // Another client (paired) cannot complete the admin's login; nothing changes.
    let token = {
        let mut fresh = Client::connect(day.daemon.port).await;
        let requested = fresh
            .call(
                "pairing.request",
                json!({"client": {"name": "other", "kind": "extension", "version": "1"}}),
            )
            .await;
        let pairing_id = requested["result"]["pairingId"].clone();
        let pending = admin.call("pairing.pending", json!({})).await;
        let code = pending["result"][0]["code"].clone();
        let done = fresh
            .call(
                "pairing.complete",
                json!({"pairingId": pairing_id, "code": code}),
            )
            .await;
        done["result"]["token"]
            .as_str()
            .expect("a token")
            .to_string()
    };
    let mut other = Client::connect_identified(day.daemon.port, &token).await;
    let refused = other
        .call("auth.complete", json!({"code": code, "state": state}))
        .await;
    assert_eq!(refused["error"]["code"], -32602, "{refused}");
    assert_eq!(
        admin.call("session.status", json!({})).await["result"]["state"],
        "signed_out"
    );

    let done = admin
        .call("auth.complete", json!({"code": code, "state": state}))
        .await;
    assert!(done.get("result").is_some(), "{done}");
    day.wait_synced().await;
    day.wait_state(&mut admin, "signed_in").await;
    // The same state cannot be used twice.
    let again = admin
        .call("auth.complete", json!({"code": code, "state": state}))
        .await;
    assert_eq!(again["error"]["code"], -32602, "{again}");
    day.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_out_stops_every_bungie_call_and_signing_in_again_keeps_the_revision() {
    let day = FirstDay::start(SimConfig::default(), None).await;
    let mut client = day.client().await;
    sign_in_through_complete(&day, &mut client).await;
    day.wait_synced().await;
    let rev_before = day.daemon.daemon.store.rev().expect("rev");

    // Bungie revokes the authorization: the next call signs the daemon out with its reason.
    reqwest::Client::new()
        .post(format!("{}/sim/revoke", day.sim.base_url()))
        .send()
        .await
        .expect("revoke");
    let synced = client.call("profile.sync", json!({})).await;
    assert!(synced.get("error").is_some(), "{synced}");
    let changed = client
        .wait_event("session.changed", Duration::from_secs(10))
        .await
        .expect("a session.changed");
    let changed = if changed["params"]["state"] == "signed_out" {
        changed
    } else {
        client
            .wait_event("session.changed", Duration::from_secs(10))
            .await
            .expect("signed_out")
    };
    assert_eq!(changed["params"]["state"], "signed_out", "{changed}");
    assert_eq!(changed["params"]["reason"], "revoked", "{changed}");
    assert!(changed["params"]["message"].is_string());

    // No Bungie call while signed out, however often the poll would have run (the wake-ups a
    // client's `profile.sync` or the poll loop would make are all refused locally).
    tokio::time::sleep(Duration::from_millis(300)).await;
    let calls = day.bungie_calls().await;
    day.daemon.daemon.sync.wake();
    let refused = client.call("profile.sync", json!({})).await;
    assert_eq!(
        refused["error"]["data"]["reason"], "signed_out",
        "{refused}"
    );
    // Real time (the daemon talks to the simulator over real HTTPS, where a paused clock would
    // fire the HTTP client's timeouts at once): long enough for a wake-up to reach the poll loop.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(day.bungie_calls().await, calls, "no call while signed out");
    // Reads keep working from the store.
    let snapshot = client.call("profile.snapshot", json!({})).await;
    assert_eq!(snapshot["result"]["rev"], rev_before, "{snapshot}");
    assert!(
        !snapshot["result"]["items"]
            .as_array()
            .expect("items")
            .is_empty()
    );

    // Signing in again to the same account continues at the same revision: no reset.
    sign_in_through_complete(&day, &mut client).await;
    day.wait_state(&mut client, "signed_in").await;
    let changes = client
        .call("profile.changes", json!({"since": rev_before}))
        .await;
    assert!(changes["result"].get("reset").is_none(), "{changes}");
    assert!(changes["result"]["rev"].as_u64().expect("rev") >= rev_before);
    assert!(
        client
            .received("inventory.changed")
            .iter()
            .all(|e| e["params"].get("reset").is_none())
    );
    day.stop().await;
}

/// The `code` a redirect carries.
fn code_of(redirect: &str) -> String {
    url::Url::parse(redirect)
        .expect("a URL")
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.to_string())
        .expect("a code")
}

/// Starts a login the client completes itself (the extension's `launchWebAuthFlow` redirect):
/// the authorize URL and the state.
async fn start_client_login(client: &mut Client) -> (String, String) {
    let login = client
        .call(
            "auth.login",
            json!({"redirect": "https://kihckelfkjonpclbnijcicclgdclolim.chromiumapp.org/"}),
        )
        .await;
    let text = |key: &str| {
        login["result"][key]
            .as_str()
            .unwrap_or_else(|| panic!("{key} in {login}"))
            .to_string()
    };
    (text("authorizeUrl"), text("state"))
}

/// An application problem is named, not looped: no Bungie call for a while, and never a
/// `signed_out` that would send the player round a sign-in.
async fn assert_named_not_looped(day: &FirstDay, client: &Client) {
    let calls = day.bungie_calls().await;
    // Real time, as above: a retry loop would call again within this.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(day.bungie_calls().await, calls, "no retry loop");
    assert!(
        client
            .received("session.changed")
            .iter()
            .all(|e| e["params"]["state"] != "signed_out"),
        "never sent round a sign-in loop"
    );
}

/// Signs in through `auth.login` + `auth.complete`, as the extension does.
async fn sign_in_through_complete(day: &FirstDay, client: &mut Client) {
    let (url, state) = start_client_login(client).await;
    let code = code_of(&day.authorize(&url, "approve").await);
    let done = client
        .call("auth.complete", json!({"code": code, "state": state}))
        .await;
    assert!(done.get("result").is_some(), "{done}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_api_key_is_app_rejected_and_not_a_sign_in_loop() {
    let day = FirstDay::start(SimConfig::default(), Some("not-the-key".into())).await;
    let mut client = day.client().await;
    sign_in_through_complete(&day, &mut client).await;
    let status = day.wait_state(&mut client, "app_rejected").await;
    assert_eq!(status["reason"], "api_key_invalid", "{status}");
    assert!(
        status["message"]
            .as_str()
            .is_some_and(|m| m.contains("api_key")),
        "{status}"
    );
    assert_named_not_looped(&day, &client).await;
    day.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_credentials_the_daemon_serves_not_configured_naming_the_keys() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let daemon = start_daemon(DaemonOptions {
        config: Config {
            bungie_url: "http://127.0.0.1:9".into(),
            port: 0,
            ..Config::default()
        },
        data_dir: dir.path().to_path_buf(),
        unattended_login: false,
        use_os_secret_store: false,
        write_pointer: false,
        desktop: false,
    })
    .await
    .expect("the daemon starts without credentials");
    let token = std::fs::read_to_string(dir.path().join("admin.token"))
        .expect("admin.token")
        .trim()
        .to_string();
    let mut client = Client::connect_identified(daemon.port, &token).await;
    let status = client.call("session.status", json!({})).await;
    assert_eq!(status["result"]["state"], "not_configured", "{status}");
    let message = status["result"]["message"].as_str().expect("a message");
    for key in ["api_key", "client_id", "BUNGIE_API_KEY", "BUNGIE_CLIENT_ID"] {
        assert!(message.contains(key), "{message} names {key}");
    }
    let login = client.call("auth.login", json!({})).await;
    assert!(login.get("error").is_some(), "{login}");
    daemon.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vault_raider_login_signs_the_running_daemon_in_over_the_protocol() {
    let day = FirstDay::start(
        SimConfig {
            auto_approve: true,
            ..SimConfig::default()
        },
        None,
    )
    .await;
    let mut client = day.client().await;
    assert_eq!(
        client.call("session.status", json!({})).await["result"]["state"],
        "signed_out"
    );
    let home = tempfile::tempdir().expect("a home");
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_vault-raider"));
    command
        .arg("login")
        .arg("--bungie-url")
        .arg(day.sim.base_url())
        .arg("--data-dir")
        .arg(day.dir.path())
        .arg("--port")
        .arg(day.daemon.port.to_string())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env_remove("BUNGIE_API_KEY")
        .env_remove("RUST_LOG");
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("the command's task")
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("running daemon is signed in"), "{stdout}");
    day.wait_synced().await;
    day.wait_state(&mut client, "signed_in").await;
    day.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_application_without_the_move_scope_is_scope_missing_on_the_first_move() {
    let day = FirstDay::start(
        SimConfig {
            move_scope: false,
            ..SimConfig::default()
        },
        None,
    )
    .await;
    let mut client = day.client().await;
    sign_in_through_complete(&day, &mut client).await;
    day.wait_synced().await;
    day.wait_state(&mut client, "signed_in").await;
    let found = client
        .call(
            "items.search",
            json!({"query": "is:weapon is:invault", "limit": 1}),
        )
        .await;
    let item = found["result"]["items"][0]["id"].clone();
    let snapshot = client.call("profile.snapshot", json!({})).await;
    let character = snapshot["result"]["characters"][0]["characterId"].clone();
    let moved = client
        .call("items.transfer", json!({"id": item, "to": character}))
        .await;
    assert_eq!(moved["error"]["data"]["bungieErrorCode"], 2108, "{moved}");
    let status = day.wait_state(&mut client, "app_rejected").await;
    assert_eq!(status["reason"], "scope_missing", "{status}");
    assert!(
        status["message"]
            .as_str()
            .is_some_and(|m| m.contains("Move or equip")),
        "{status}"
    );
    // Reads keep working.
    let again = client.call("profile.snapshot", json!({})).await;
    assert!(again.get("result").is_some(), "{again}");
    day.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_platform_request_of_the_daemon_carries_a_user_agent() {
    let day = FirstDay::start(SimConfig::default(), None).await;
    let mut client = day.client().await;
    sign_in_through_complete(&day, &mut client).await;
    day.wait_synced().await;
    let calls = |v: Value| v["MissingUserAgent"].as_u64().unwrap_or(0);
    let counted = || sim_get(&day.sim, "/sim/calls");
    let after_sync = counted().await;
    assert!(
        after_sync["GetProfile"].as_u64().unwrap_or(0) >= 1,
        "{after_sync}"
    );
    assert_eq!(calls(after_sync.clone()), 0, "{after_sync}");
    // The check can fail: a request without one is counted.
    let bare = reqwest::Client::builder()
        .build()
        .expect("a client")
        .get(format!(
            "{}/Platform/Destiny2/Manifest/",
            day.sim.base_url()
        ))
        .header("X-API-Key", SimConfig::default().api_key)
        .send()
        .await
        .expect("an answer");
    assert!(bare.status().is_success());
    assert_eq!(calls(counted().await), 1);
    day.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_sign_in_is_signed_out_expired_with_no_bungie_calls_then_resumes_at_the_same_rev()
 {
    let day = FirstDay::start(
        SimConfig {
            access_token_lifetime: Duration::from_secs(1),
            refresh_token_lifetime: Duration::from_secs(2),
            ..SimConfig::default()
        },
        None,
    )
    .await;
    let mut client = day.client().await;
    sign_in_through_complete(&day, &mut client).await;
    day.wait_synced().await;
    let rev = day.daemon.daemon.store.rev().expect("rev");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let synced = client.call("profile.sync", json!({})).await;
    assert!(synced.get("error").is_some(), "{synced}");
    let status = day.wait_state(&mut client, "signed_out").await;
    assert_eq!(status["reason"], "expired", "{status}");
    let calls = day.bungie_calls().await;
    day.daemon.daemon.sync.wake();
    // Real time, as above: long enough for the wake-up to reach the poll loop.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(day.bungie_calls().await, calls, "no call while signed out");
    sign_in_through_complete(&day, &mut client).await;
    day.wait_state(&mut client, "signed_in").await;
    let changes = client.call("profile.changes", json!({"since": rev})).await;
    assert!(changes["result"].get("reset").is_none(), "{changes}");
    day.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_with_another_applications_key_is_key_mismatch_and_not_a_sign_in_loop() {
    // The config names another application's key (valid at Bungie) beside this application's
    // client id: the tokens the sign-in gets are bound to this application, so every call with
    // them is refused with 99, also right after a refresh.
    let config = SimConfig {
        other_api_keys: vec!["second-app-key".into()],
        ..SimConfig::default()
    };
    let day = FirstDay::start(config, Some("second-app-key".into())).await;
    let mut client = day.client().await;
    sign_in_through_complete(&day, &mut client).await;
    let status = day.wait_state(&mut client, "app_rejected").await;
    assert_eq!(status["reason"], "key_mismatch", "{status}");
    assert!(
        status["message"]
            .as_str()
            .is_some_and(|m| m.contains("api_key")),
        "the message names what to change: {status}"
    );
    assert_named_not_looped(&day, &client).await;
    day.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_to_another_bungie_account_starts_a_fresh_store_announced_with_reset() {
    let day = FirstDay::start(SimConfig::default(), None).await;
    let mut client = day.client().await;
    sign_in_through_complete(&day, &mut client).await;
    day.wait_synced().await;
    let rev_before = day.daemon.daemon.store.rev().expect("rev");
    let logout = client.call("auth.logout", json!({})).await;
    assert!(logout.get("result").is_some(), "{logout}");
    day.wait_state(&mut client, "signed_out").await;

    // Another player signs in on the same PC.
    let replaced: Value = reqwest::Client::new()
        .post(format!("{}/sim/account/replace", day.sim.base_url()))
        .body(json!({"seed": 77}).to_string())
        .send()
        .await
        .expect("replace")
        .json()
        .await
        .expect("json");
    let new_id = replaced["Response"]["membershipId"].clone();
    assert!(new_id.is_string(), "{replaced}");
    let new_characters: Vec<String> = day
        .sim
        .world()
        .lock()
        .expect("the world")
        .character_ids()
        .iter()
        .map(ToString::to_string)
        .collect();
    sign_in_through_complete(&day, &mut client).await;
    let status = day.wait_state(&mut client, "signed_in").await;
    assert_eq!(status["account"]["membershipId"], new_id, "{status}");

    // The fresh store is announced with `reset`, and an old revision asks for a snapshot.
    let mut reset = None;
    while let Some(event) = client
        .wait_event("inventory.changed", Duration::from_secs(10))
        .await
    {
        if event["params"]["reset"] == true {
            reset = Some(event);
            break;
        }
    }
    assert!(reset.is_some(), "an inventory.changed with reset");
    let changes = client
        .call("profile.changes", json!({"since": rev_before}))
        .await;
    assert_eq!(changes["result"]["reset"], true, "{changes}");
    // Then the new player's game, and nothing of the old one.
    let mut held = Vec::new();
    for _ in 0..80 {
        let snapshot = client.call("profile.snapshot", json!({})).await;
        held = snapshot["result"]["characters"]
            .as_array()
            .map(|all| {
                all.iter()
                    .filter_map(|c| c["characterId"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        held.sort();
        if !held.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut expected = new_characters;
    expected.sort();
    assert_eq!(held, expected);
    day.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_origin_the_application_refuses_is_origin_rejected_and_a_request_retries_once_fixed() {
    let day = FirstDay::start(SimConfig::default(), None).await;
    let mut client = day.client().await;
    sign_in_through_complete(&day, &mut client).await;
    day.wait_synced().await;
    let faults = |body: Value| {
        let url = format!("{}/sim/faults", day.sim.base_url());
        async move {
            let answer: Value = reqwest::Client::new()
                .post(url)
                .body(body.to_string())
                .send()
                .await
                .expect("faults")
                .json()
                .await
                .expect("json");
            assert!(
                answer["errorRate"].is_number(),
                "the faults in force: {answer}"
            );
        }
    };
    // Bungie answers 2107 OriginHeaderDoesNotMatchKey to everything.
    faults(json!({"errorRate": 1.0, "errorCodes": [2107]})).await;
    let refused = client.call("profile.sync", json!({})).await;
    assert!(refused.get("error").is_some(), "{refused}");
    let status = day.wait_state(&mut client, "app_rejected").await;
    assert_eq!(status["reason"], "origin_rejected", "{status}");
    assert!(
        status["message"]
            .as_str()
            .is_some_and(|m| m.contains("Origin Header")),
        "{status}"
    );
    assert_named_not_looped(&day, &client).await;
    // Once the application is fixed, a request retries and the session is back.
    faults(json!({"errorRate": 0.0})).await;
    let synced = client.call("profile.sync", json!({})).await;
    assert!(synced.get("result").is_some(), "{synced}");
    day.wait_state(&mut client, "signed_in").await;
    day.stop().await;
}
