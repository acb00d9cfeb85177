//! A credential fixed in the config file takes effect while `vault-raider run` keeps running:
//! the daemon, started without credentials (`not_configured`), notices the file change and
//! starts again with it (`signed_out`, ready for a sign-in), in the same process, the admin
//! token and data directory unchanged. A broken edit is ignored.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::demo::Client;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use vault_raider_sim::{SimConfig, start};

/// The session state a fresh connection reads, or `None` while the daemon is not answering
/// (starting, or starting again). A connection that dies mid-call counts as not answering.
async fn state(port: u16, admin_token: String) -> Option<String> {
    let asked = tokio::spawn(async move {
        let mut client = Client::connect_with(port, &[]).await.ok()?;
        let identified = client.identify(&admin_token).await;
        identified.get("result")?;
        let status = client.call("session.status", json!({})).await;
        status["result"]["state"].as_str().map(str::to_string)
    });
    // A daemon that accepts no connection while it restarts must not hold the test forever.
    tokio::time::timeout(Duration::from_secs(5), asked)
        .await
        .ok()
        .and_then(Result::ok)
        .flatten()
}

/// The daemon process, killed when the test ends however it ends (a failed wait included).
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits up to 30 s until the daemon reports `wanted`.
async fn wait_state(port: u16, data: &std::path::Path, wanted: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut last = None;
    while Instant::now() < deadline {
        if let Ok(token) = std::fs::read_to_string(data.join("admin.token")) {
            last = state(port, token.trim().to_string()).await;
            if last.as_deref() == Some(wanted) {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("the daemon never reported {wanted} (last: {last:?})");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_written_to_the_config_file_take_effect_without_a_restart() {
    let sim = start(SimConfig {
        port: 0,
        pacing: false,
        clock: false,
        ..SimConfig::default()
    })
    .await
    .expect("the simulator starts");
    let home = tempfile::tempdir().expect("a home");
    let config = home.path().join("config.toml");
    let data = home.path().join("data");
    let port = crate::support::free_port();
    let base = format!("bungie_url = \"{}\"\nport = {port}\n", sim.base_url());
    std::fs::write(&config, &base).expect("the config file");
    let mut daemon = Killed(
        std::process::Command::new(env!("CARGO_BIN_EXE_vault-raider"))
            .arg("run")
            .arg("--config")
            .arg(&config)
            .arg("--data-dir")
            .arg(&data)
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("xdg-config"))
            .env("XDG_DATA_HOME", home.path().join("xdg-data"))
            .env_remove("BUNGIE_API_KEY")
            .env_remove("BUNGIE_CLIENT_ID")
            .env_remove("BUNGIE_CLIENT_SECRET")
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("vault-raider run starts"),
    );
    wait_state(port, &data, "not_configured").await;

    // A broken edit changes nothing.
    std::fs::write(&config, format!("{base}api_key = [\n")).expect("a broken edit");
    // Real time: the daemon is another process; it looks at the file every 2 s
    // (`config_watch::LOOK_EVERY`), so this covers one look and a second to act on it.
    tokio::time::sleep(Duration::from_secs(3)).await;
    wait_state(port, &data, "not_configured").await;

    // The player fills in the application's credentials.
    let app = SimConfig::default();
    std::fs::write(
        &config,
        format!(
            "{base}api_key = \"{}\"\nclient_id = \"{}\"\nclient_secret = \"{}\"\n",
            app.api_key, app.client_id, app.client_secret
        ),
    )
    .expect("the fixed config");
    wait_state(port, &data, "signed_out").await;
    assert!(
        daemon.0.try_wait().expect("the process").is_none(),
        "the same process runs on"
    );
    let token = std::fs::read_to_string(data.join("admin.token")).expect("admin.token");
    let mut client = Client::connect_identified(port, token.trim()).await;
    let login: Value = client.call("auth.login", json!({})).await;
    assert!(
        login["result"]["authorizeUrl"]
            .as_str()
            .is_some_and(|u| u.starts_with(&sim.base_url())),
        "a sign-in can start now: {login}"
    );
    drop(client);
    drop(daemon);
    sim.shutdown().await;
}
