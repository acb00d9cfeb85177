//! The `login`, `logout` and `run` commands: the real binary against a simulator that approves by
//! itself, started in-process. Every directory the binary could touch (data, config, the pointer
//! file's home) is a temporary one.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::demo::Client;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;
use vault_raider_sim::{SimConfig, SimHandle, start};

/// A temporary home for one test: data directory, XDG directories.
struct Home {
    root: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            root: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    fn data_dir(&self) -> PathBuf {
        self.root.path().join("data")
    }

    /// Where the daemon's pointer file goes (the platform data directory under this home).
    fn pointer_file(&self) -> PathBuf {
        self.root.path().join("xdg-data/vault-raider/daemon.json")
    }

    /// The binary with this home's environment and the simulator's credentials.
    fn command(&self, args: &[&str]) -> Command {
        let defaults = SimConfig::default();
        let mut command = Command::new(binary());
        command
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.root.path())
            .env("XDG_DATA_HOME", self.root.path().join("xdg-data"))
            .env("XDG_CONFIG_HOME", self.root.path().join("xdg-config"))
            .env("BUNGIE_API_KEY", &defaults.api_key)
            .env("BUNGIE_CLIENT_ID", &defaults.client_id)
            .env("BUNGIE_CLIENT_SECRET", &defaults.client_secret)
            .stdin(Stdio::null());
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("the binary runs")
    }
}

/// The binary under test. `VAULT_RAIDER_TEST_BIN` overrides cargo's path, for a target directory
/// shared by several checkouts (where the uplifted binary may be another checkout's).
fn binary() -> PathBuf {
    std::env::var_os("VAULT_RAIDER_TEST_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_vault-raider")))
}

async fn auto_approving_sim() -> SimHandle {
    start(SimConfig {
        port: 0,
        auto_approve: true,
        pacing: false,
        ..SimConfig::default()
    })
    .await
    .expect("the simulator starts")
}

fn text(output: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn login(home: &Home, sim: &SimHandle) -> Output {
    let data = home.data_dir();
    home.run(&[
        "login",
        "--bungie-url",
        &sim.base_url(),
        "--data-dir",
        data.to_str().expect("a UTF-8 path"),
    ])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_completes_unattended_against_an_auto_approving_simulator_and_logout_deletes_the_tokens()
 {
    let sim = auto_approving_sim().await;
    let home = Home::new();
    sim.reset_calls();
    let output = tokio::task::block_in_place(|| login(&home, &sim));
    assert!(output.status.success(), "{}", text(&output));
    let tokens = home.data_dir().join("tokens.json");
    assert!(tokens.is_file(), "{}", text(&output));
    assert_eq!(sim.calls().get("Token"), Some(&1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Signed in"), "{stdout}");
    let stored = std::fs::read_to_string(&tokens).expect("tokens");
    let access = serde_json::from_str::<serde_json::Value>(&stored).expect("JSON")["access_token"]
        .as_str()
        .expect("an access token")
        .to_string();
    assert!(!stdout.contains(&access), "a token was printed");
    assert!(!String::from_utf8_lossy(&output.stderr).contains(&access));

    let data = home.data_dir();
    let output = tokio::task::block_in_place(|| {
        home.run(&["logout", "--data-dir", data.to_str().expect("UTF-8")])
    });
    assert!(output.status.success(), "{}", text(&output));
    assert!(!tokens.exists(), "the tokens are deleted");
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_against_a_server_that_is_not_there_fails_with_a_message() {
    let home = Home::new();
    let data = home.data_dir();
    let output = tokio::task::block_in_place(|| {
        home.run(&[
            "login",
            "--bungie-url",
            "http://127.0.0.1:9",
            "--data-dir",
            data.to_str().expect("UTF-8"),
        ])
    });
    assert!(!output.status.success(), "{}", text(&output));
    assert!(!data.join("tokens.json").exists());
}

/// Sends the child `signal` (`-INT` as Ctrl-C would, `-TERM` as `kill` or systemd would) and
/// waits a bounded time for it.
fn signal(child: &mut Child, signal: &str) -> std::process::ExitStatus {
    let _ = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status();
    for _ in 0..200 {
        if let Ok(Some(status)) = child.try_wait() {
            return status;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    panic!("the daemon did not stop on {signal}");
}

async fn wait_for_file(path: &Path) -> bool {
    for _ in 0..400 {
        if path.is_file() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    false
}

/// Starts `vault-raider run` against `sim` on `port` and waits for its pointer file.
async fn start_run(home: &Home, sim: &SimHandle, port: u16) -> Child {
    let data = home.data_dir();
    let mut child = home
        .command(&[
            "run",
            "--bungie-url",
            &sim.base_url(),
            "--port",
            &port.to_string(),
            "--data-dir",
            data.to_str().expect("UTF-8"),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the daemon starts");
    let pointer = home.pointer_file();
    if !wait_for_file(&pointer).await {
        let _ = child.kill();
        panic!("no pointer file at {}", pointer.display());
    }
    child
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_serves_the_protocol_writes_the_pointer_and_stops_on_ctrl_c_and_sigterm() {
    let sim = auto_approving_sim().await;
    let home = Home::new();
    let output = tokio::task::block_in_place(|| login(&home, &sim));
    assert!(output.status.success(), "{}", text(&output));
    let port = crate::support::free_port();
    let data = home.data_dir();
    let mut child = start_run(&home, &sim, port).await;
    let pointer = home.pointer_file();
    let named: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&pointer).expect("pointer")).expect("JSON");
    assert_eq!(named["port"], json!(port));
    let token = std::fs::read_to_string(data.join("admin.token")).expect("admin.token");
    let mut client = Client::connect_identified(port, token.trim()).await;
    // The pointer file comes as the daemon starts listening, a few milliseconds before the
    // session loop has chosen the player's Destiny account: a sync asked at once waits for it.
    let synced = client.call("profile.sync", json!({})).await;
    assert!(
        synced["result"]["rev"].as_u64().unwrap_or(0) > 0,
        "{synced}"
    );
    let status = client.call("session.status", json!({})).await;
    assert_eq!(status["result"]["state"], "signed_in", "{status}");
    let stopped = tokio::task::block_in_place(|| signal(&mut child, "-INT"));
    assert!(stopped.success(), "{stopped:?}");
    assert!(!pointer.exists(), "the pointer file is removed on exit");

    // SIGTERM stops it as cleanly, even straight after the start.
    let mut child = start_run(&home, &sim, port).await;
    let stopped = tokio::task::block_in_place(|| signal(&mut child, "-TERM"));
    assert!(stopped.success(), "{stopped:?}");
    assert!(
        !pointer.exists(),
        "the pointer file is removed on SIGTERM too"
    );
    sim.shutdown().await;
}
