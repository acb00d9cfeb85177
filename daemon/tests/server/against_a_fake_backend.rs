//! The protocol server over real sockets (tokio-tungstenite against `127.0.0.1:0`): guards,
//! identification, pairing, admin-only methods, batches, malformed frames, limits, event
//! fan-out, shutdown, and a fuzz run. The backend is a fake that counts what reaches it.

use crate::support::demo::{Client, Received};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite;
use tokio_util::sync::CancellationToken;
use vault_raider::clock::ManualClock;
use vault_raider::events::{DaemonEvent, EventBus};
use vault_raider::server::{
    Backend, BackendError, BackendFuture, Limits, MemoryClientRegistry, ProtocolServer,
    ServerConfig, ServerError, Services, SessionSummary, read_admin_token,
};
use vault_raider::store::model::{Change, ItemId, Location, RevisedChange};
use vault_raider_protocol::Reason;
use vault_raider_protocol::inventory::{
    ChangesParams, ChangesResult, DimLoadout, EquipLoadoutParams, EquipParams, ItemRef,
    ListLoadoutsParams, LoadoutList, LoadoutRef, LoadoutResult, LockParams, OperationResult,
    PullParams, SaveLoadoutParams, SearchParams, SearchResult, Snapshot, SyncResult,
    TransferParams, VaultUsage,
};
use vault_raider_protocol::model::{Account, ItemDetail};
use vault_raider_protocol::session::{
    BungieStatus, CompleteAuthParams, Empty, LoginParams, LoginResult, SelectAccountParams,
    SessionInfo, SessionState, SessionStatus,
};

const OUR_EXTENSION: &str = "jjpnlcmepfnceiandkkngchlmbfdngca";

// ---------------------------------------------------------------------------------------------
// The fake backend
// ---------------------------------------------------------------------------------------------

/// A backend that answers canned results, counts reads and writes, and holds `items.search`
/// calls whose query is `"block"` until the test opens the gate.
struct FakeBackend {
    reads: AtomicUsize,
    writes: AtomicUsize,
    gate: Semaphore,
    seen: Mutex<Vec<String>>,
}

impl Default for FakeBackend {
    fn default() -> Self {
        FakeBackend {
            reads: AtomicUsize::new(0),
            writes: AtomicUsize::new(0),
            gate: Semaphore::new(0),
            seen: Mutex::new(Vec::new()),
        }
    }
}

impl FakeBackend {
    fn read(&self, what: &str) {
        self.reads.fetch_add(1, Ordering::SeqCst);
        self.seen.lock().expect("lock").push(what.to_string());
    }

    fn write<T>(&self, what: &str) -> BackendFuture<'_, T> {
        self.writes.fetch_add(1, Ordering::SeqCst);
        self.seen.lock().expect("lock").push(what.to_string());
        Box::pin(async {
            Err(BackendError::new(
                Reason::SignedOut,
                "the fake is signed out",
            ))
        })
    }

    fn writes(&self) -> usize {
        self.writes.load(Ordering::SeqCst)
    }

    fn reads(&self) -> usize {
        self.reads.load(Ordering::SeqCst)
    }
}

fn operation() -> OperationResult {
    OperationResult {
        operation_id: "op".into(),
        ok: true,
        steps: vec![],
        rev: 5,
        bungie_calls: 0,
    }
}

impl Backend for FakeBackend {
    fn session_summary(&self) -> BackendFuture<'_, SessionSummary> {
        self.read("session_summary");
        Box::pin(async {
            Ok(SessionSummary {
                session: SessionInfo {
                    state: SessionState::SignedIn,
                    reason: None,
                    message: None,
                    account: Some(Account {
                        membership_type: 3,
                        membership_id: "4611686018400000001".into(),
                        display_name: "Guardian#1234".into(),
                        unavailable: None,
                    }),
                },
                rev: 1834,
            })
        })
    }
    fn session_status(&self) -> BackendFuture<'_, SessionStatus> {
        self.read("session_status");
        Box::pin(async {
            Ok(SessionStatus {
                state: SessionState::SignedIn,
                reason: None,
                message: None,
                account: None,
                last_sync: None,
                next_sync: None,
                bungie: BungieStatus::default(),
                manifest: None,
            })
        })
    }
    fn auth_login(&self, _: String, _: LoginParams) -> BackendFuture<'_, LoginResult> {
        self.write("auth_login")
    }
    fn auth_complete(&self, _: String, _: CompleteAuthParams) -> BackendFuture<'_, SessionInfo> {
        self.write("auth_complete")
    }
    fn auth_logout(&self) -> BackendFuture<'_, Empty> {
        self.write("auth_logout")
    }
    fn accounts_list(&self) -> BackendFuture<'_, Vec<Account>> {
        self.read("accounts_list");
        Box::pin(async { Ok(vec![]) })
    }
    fn accounts_select(&self, _: SelectAccountParams) -> BackendFuture<'_, SessionInfo> {
        self.write("accounts_select")
    }
    fn profile_snapshot(&self) -> BackendFuture<'_, Snapshot> {
        self.read("profile_snapshot");
        Box::pin(async {
            Ok(Snapshot {
                rev: 1834,
                account: None,
                characters: vec![],
                items: vec![],
                vault: VaultUsage {
                    used: 0,
                    capacity: 700,
                },
                postmaster: Default::default(),
                currencies: Vec::new(),
            })
        })
    }
    fn profile_changes(&self, params: ChangesParams) -> BackendFuture<'_, ChangesResult> {
        self.read("profile_changes");
        Box::pin(async move {
            Ok(ChangesResult {
                rev: params.since,
                changes: Some(vec![]),
                reset: None,
            })
        })
    }
    fn profile_sync(&self) -> BackendFuture<'_, SyncResult> {
        self.write("profile_sync")
    }
    fn items_search(&self, params: SearchParams) -> BackendFuture<'_, SearchResult> {
        self.read("items_search");
        Box::pin(async move {
            if params.query == "block"
                && let Ok(permit) = self.gate.acquire().await
            {
                permit.forget();
            }
            if params.query == "is:" {
                return Err(BackendError::invalid_params(
                    "query",
                    "column 3: `is:` needs a word after it; try is:exotic",
                ));
            }
            Ok(SearchResult { items: vec![] })
        })
    }
    fn items_get(&self, params: ItemRef) -> BackendFuture<'_, ItemDetail> {
        self.read("items_get");
        Box::pin(async move {
            Err(BackendError::new(
                Reason::ItemNotFound,
                format!("no item {} in the store", params.id),
            ))
        })
    }
    fn items_transfer(&self, _: TransferParams) -> BackendFuture<'_, OperationResult> {
        self.write("items_transfer")
    }
    fn items_equip(&self, _: EquipParams) -> BackendFuture<'_, OperationResult> {
        self.write("items_equip")
    }
    fn items_lock(&self, params: LockParams) -> BackendFuture<'_, OperationResult> {
        if params.dry_run == Some(true) {
            self.read("items_lock_dry_run");
            return Box::pin(async { Ok(operation()) });
        }
        self.write("items_lock")
    }
    fn postmaster_pull(&self, _: PullParams) -> BackendFuture<'_, OperationResult> {
        self.write("postmaster_pull")
    }
    fn loadouts_list(&self, _: ListLoadoutsParams) -> BackendFuture<'_, LoadoutList> {
        self.read("loadouts_list");
        Box::pin(async { Ok(LoadoutList { loadouts: vec![] }) })
    }
    fn loadouts_save(&self, _: SaveLoadoutParams) -> BackendFuture<'_, LoadoutResult> {
        self.write("loadouts_save")
    }
    fn loadouts_equip(&self, _: EquipLoadoutParams) -> BackendFuture<'_, OperationResult> {
        self.write("loadouts_equip")
    }
    fn loadouts_delete(&self, _: LoadoutRef) -> BackendFuture<'_, Empty> {
        self.write("loadouts_delete")
    }
    fn loadouts_import(&self, _: DimLoadout) -> BackendFuture<'_, LoadoutResult> {
        self.write("loadouts_import")
    }
    fn loadouts_export(&self, _: LoadoutRef) -> BackendFuture<'_, DimLoadout> {
        self.read("loadouts_export");
        Box::pin(async {
            Ok(DimLoadout {
                dim: json!({"name": "x"}),
                game_slot: None,
            })
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The harness
// ---------------------------------------------------------------------------------------------

struct Daemon {
    port: u16,
    data_dir: tempfile::TempDir,
    backend: Arc<FakeBackend>,
    bus: EventBus,
    overlay_url: String,
    /// The server's clock (pairing's `pairedAt`, `lastSeen`), standing at [`PAIRED_AT`].
    clock: Arc<ManualClock>,
    stop: CancellationToken,
    served: JoinHandle<Result<(), ServerError>>,
}

/// When the harness's clock stands at start.
const PAIRED_AT: &str = "2026-01-02T03:04:05Z";

async fn start() -> Daemon {
    let data_dir = tempfile::tempdir().expect("tempdir");
    let backend = Arc::new(FakeBackend::default());
    let bus = EventBus::new();
    let config = ServerConfig {
        port: 0,
        data_dir: data_dir.path().to_path_buf(),
        allowed_extension_ids: vec![OUR_EXTENSION.to_string()],
        daemon_version: "0.1.0".into(),
        limits: Limits::default(),
    };
    let clock = ManualClock::at(PAIRED_AT.parse().expect("a time"));
    let services = Services {
        backend: backend.clone(),
        clients: Arc::new(MemoryClientRegistry::new()),
        bus: bus.clone(),
        clock: clock.shared(),
    };
    let server = ProtocolServer::bind(config, services).await.expect("bind");
    let port = server.port();
    let overlay_url = server.overlay_url();
    let stop = CancellationToken::new();
    let served = tokio::spawn(server.serve(axum::Router::new(), stop.clone()));
    Daemon {
        port,
        data_dir,
        backend,
        bus,
        overlay_url,
        clock,
        stop,
        served,
    }
}

impl Daemon {
    /// A connection with these headers on its upgrade, not identified; the upgrade's error when
    /// the server refuses it.
    async fn connect_with(&self, headers: &[(&str, &str)]) -> Result<Client, tungstenite::Error> {
        Client::connect_with(self.port, headers).await
    }

    async fn connect(&self) -> Client {
        Client::connect(self.port).await
    }

    fn admin_token(&self) -> String {
        read_admin_token(self.data_dir.path()).expect("admin.token")
    }

    async fn admin(&self) -> Client {
        let mut client = self.connect().await;
        let token = self.admin_token();
        let answer = client.identify(&token).await;
        assert!(answer.get("result").is_some(), "{answer}");
        client
    }

    async fn shutdown(self) -> Result<(), ServerError> {
        self.stop.cancel();
        self.served.await.expect("the server task")
    }
}

fn popup() -> Value {
    json!({"name": "Vault Raider popup", "kind": "extension", "version": "0.1.0"})
}

/// The code of the next pairing request published on the bus.
async fn next_code(events: &mut tokio::sync::broadcast::Receiver<DaemonEvent>) -> (String, String) {
    loop {
        if let DaemonEvent::PairingRequested {
            pairing_id,
            code,
            client,
            ..
        } = events.recv().await.expect("bus")
        {
            assert_eq!(client, "Vault Raider popup");
            return (pairing_id, code);
        }
    }
}

/// The next JSON message, answer or notification alike, within 20 s.
async fn recv(client: &mut Client) -> Value {
    match client.next_received(Duration::from_secs(20)).await {
        Received::Json(value) => value,
        other => panic!("expected a message within 20 s, got {other:?}"),
    }
}

/// The close frame's code, skipping anything before it.
async fn close_code(client: &mut Client) -> Option<u16> {
    loop {
        match client.next_received(Duration::from_secs(20)).await {
            Received::Closed(code) => return code,
            Received::Json(_) => continue,
            Received::Nothing => panic!("no close frame within 20 s"),
        }
    }
}

fn reason(answer: &Value) -> &str {
    answer["error"]["data"]["reason"].as_str().unwrap_or("")
}

fn code(answer: &Value) -> i64 {
    answer["error"]["code"].as_i64().unwrap_or(0)
}

fn http_status(error: tungstenite::Error) -> u16 {
    match error {
        tungstenite::Error::Http(response) => response.status().as_u16(),
        other => panic!("expected an HTTP refusal, got {other}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Guards and identification
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_foreign_origin_and_a_rebinding_host_are_refused_before_the_upgrade() {
    let daemon = start().await;
    let evil = daemon
        .connect_with(&[("Origin", "https://evil.example")])
        .await;
    assert_eq!(http_status(evil.err().expect("refused")), 403);
    let stranger = format!("chrome-extension://{}", "a".repeat(32));
    let other_extension = daemon.connect_with(&[("Origin", &stranger)]).await;
    assert_eq!(http_status(other_extension.err().expect("refused")), 403);
    let rebound = format!("evil.example:{}", daemon.port);
    let rebinding = daemon.connect_with(&[("Host", &rebound)]).await;
    assert_eq!(http_status(rebinding.err().expect("refused")), 403);

    let ours = format!("chrome-extension://{OUR_EXTENSION}");
    assert!(daemon.connect_with(&[("Origin", &ours)]).await.is_ok());
    let own = format!("http://localhost:{}", daemon.port);
    let localhost = format!("localhost:{}", daemon.port);
    assert!(
        daemon
            .connect_with(&[("Origin", &own), ("Host", &localhost)])
            .await
            .is_ok()
    );
    assert!(daemon.connect_with(&[]).await.is_ok());
    assert_eq!(daemon.backend.reads(), 0);
}

#[tokio::test]
async fn before_identify_only_identify_and_pairing_are_answered() {
    let daemon = start().await;
    let mut client = daemon.connect().await;
    for method in [
        "profile.snapshot",
        "items.transfer",
        "events.subscribe",
        "clients.list",
    ] {
        let answer = client.call(method, json!({})).await;
        assert_eq!(reason(&answer), "unauthorized", "{method}: {answer}");
        assert_eq!(code(&answer), 1001);
    }
    let bad = client.identify("not-a-token").await;
    assert_eq!(reason(&bad), "unauthorized");
    let missing = client
        .call(
            "session.identify",
            json!({"protocol": 1, "client": popup()}),
        )
        .await;
    assert_eq!(code(&missing), -32602);
    assert_eq!(missing["error"]["data"]["field"], "token");
    let future = client
        .call(
            "session.identify",
            json!({"protocol": 2, "token": daemon.admin_token(), "client": popup()}),
        )
        .await;
    assert_eq!(reason(&future), "unsupported_protocol");
    assert_eq!(code(&future), 1003);
    assert_eq!(future["error"]["data"]["versions"], json!([1]));
    assert_eq!(daemon.backend.reads(), 0);
    assert_eq!(daemon.backend.writes(), 0);

    let answer = client.identify(&daemon.admin_token()).await;
    assert_eq!(answer["result"]["rev"], 1834);
    assert_eq!(answer["result"]["protocol"], 1);
    assert_eq!(answer["result"]["session"]["state"], "signed_in");
    let snapshot = client.call("profile.snapshot", json!({})).await;
    assert_eq!(snapshot["result"]["vault"]["capacity"], 700);
}

#[tokio::test]
async fn the_admin_token_file_is_private_and_the_overlay_token_is_not_admin() {
    let daemon = start().await;
    let path = daemon.data_dir.path().join("admin.token");
    assert!(path.is_file(), "{}", path.display());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path)
            .expect("admin.token")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert!(daemon.admin_token().len() >= 32);

    let prefix = format!("http://127.0.0.1:{}/overlay?token=", daemon.port);
    let token = daemon
        .overlay_url
        .strip_prefix(&prefix)
        .expect("the overlay URL carries a token")
        .to_string();
    let mut overlay = daemon.connect().await;
    assert!(overlay.identify(&token).await.get("result").is_some());
    assert_eq!(
        reason(&overlay.call("clients.list", json!({})).await),
        "forbidden"
    );
    assert!(
        overlay
            .call("loadouts.list", json!({}))
            .await
            .get("result")
            .is_some()
    );
}

#[tokio::test]
async fn every_backend_method_is_reached_by_its_protocol_method_and_errors_keep_their_reason() {
    let daemon = start().await;
    let mut client = daemon.admin().await;
    let cases = [
        ("session.status", json!({}), "session_status"),
        (
            "auth.login",
            json!({"redirect": "https://x.chromiumapp.org/"}),
            "auth_login",
        ),
        (
            "auth.complete",
            json!({"code": "c", "state": "s"}),
            "auth_complete",
        ),
        ("auth.logout", json!({}), "auth_logout"),
        ("accounts.list", json!({}), "accounts_list"),
        (
            "accounts.select",
            json!({"membershipType": 3, "membershipId": "1"}),
            "accounts_select",
        ),
        ("profile.snapshot", json!({}), "profile_snapshot"),
        ("profile.changes", json!({"since": 7}), "profile_changes"),
        ("profile.sync", json!({}), "profile_sync"),
        (
            "items.search",
            json!({"query": "is:exotic", "limit": 3}),
            "items_search",
        ),
        ("items.get", json!({"id": "1"}), "items_get"),
        (
            "items.transfer",
            json!({"id": "1", "to": "vault"}),
            "items_transfer",
        ),
        (
            "items.equip",
            json!({"id": "1", "characterId": "2"}),
            "items_equip",
        ),
        (
            "items.lock",
            json!({"id": "1", "locked": false}),
            "items_lock",
        ),
        (
            "postmaster.pull",
            json!({"characterId": "2"}),
            "postmaster_pull",
        ),
        (
            "loadouts.list",
            json!({"characterId": "2"}),
            "loadouts_list",
        ),
        (
            "loadouts.save",
            json!({"name": "Raid", "characterId": "2"}),
            "loadouts_save",
        ),
        (
            "loadouts.equip",
            json!({"loadoutId": "l", "characterId": "2"}),
            "loadouts_equip",
        ),
        (
            "loadouts.delete",
            json!({"loadoutId": "l"}),
            "loadouts_delete",
        ),
        (
            "loadouts.import",
            json!({"dim": {"name": "x"}}),
            "loadouts_import",
        ),
        (
            "loadouts.export",
            json!({"loadoutId": "l"}),
            "loadouts_export",
        ),
    ];
    for (method, params, expected) in cases {
        let answer = client.call(method, params).await;
        let last = daemon.backend.seen.lock().expect("lock").last().cloned();
        assert_eq!(last.as_deref(), Some(expected), "{method}");
        if let Some(error) = answer.get("error") {
            let reason = error["data"]["reason"].as_str().unwrap_or("");
            assert!(
                ["signed_out", "item_not_found"].contains(&reason),
                "{method}: {answer}"
            );
            assert_eq!(
                error["code"],
                if reason == "signed_out" { 3003 } else { 2001 }
            );
        }
    }
    let changes = client.call("profile.changes", json!({"since": 7})).await;
    assert_eq!(changes["result"], json!({"rev": 7, "changes": []}));
}

// ---------------------------------------------------------------------------------------------
// Pairing
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn pairing_happy_path_then_admin_methods_and_revocation() {
    let daemon = start().await;
    let mut admin = daemon.admin().await;
    let mut asker = daemon.connect().await;
    let asked = asker
        .call("pairing.request", json!({"client": popup()}))
        .await;
    assert_eq!(asked["result"]["expiresIn"], 120);
    let pairing_id = asked["result"]["pairingId"]
        .as_str()
        .expect("id")
        .to_string();
    let pending = admin.call("pairing.pending", json!({})).await;
    let pending = pending["result"].as_array().expect("a list").clone();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0]["pairingId"], pairing_id.as_str());
    assert_eq!(pending[0]["client"]["name"], "Vault Raider popup");
    let code = pending[0]["code"].as_str().expect("code").to_string();
    assert_eq!(code.len(), 6);

    let done = asker
        .call(
            "pairing.complete",
            json!({"pairingId": pairing_id, "code": code}),
        )
        .await;
    let token = done["result"]["token"].as_str().expect("token").to_string();
    assert!(token.len() >= 32, "at least 128 bits");
    let again = asker
        .call(
            "pairing.complete",
            json!({"pairingId": pairing_id, "code": code}),
        )
        .await;
    assert_eq!(reason(&again), "pairing_failed");

    // Seen a minute and a half after pairing, by the server's clock.
    daemon.clock.advance(chrono::TimeDelta::seconds(90));
    let mut paired = daemon.connect().await;
    assert!(paired.identify(&token).await.get("result").is_some());
    assert!(
        paired
            .call("profile.snapshot", json!({}))
            .await
            .get("result")
            .is_some()
    );
    for method in ["clients.list", "clients.revoke", "pairing.pending"] {
        let answer = paired.call(method, json!({"clientId": "x"})).await;
        assert_eq!(reason(&answer), "unauthorized", "{method}");
    }

    let clients = admin.call("clients.list", json!({})).await;
    let clients = clients["result"].as_array().expect("a list").clone();
    assert_eq!(clients.len(), 1);
    assert_eq!(clients[0]["client"]["kind"], "extension");
    assert_eq!(clients[0]["pairedAt"], PAIRED_AT, "stamped by the clock");
    assert_eq!(clients[0]["lastSeen"], "2026-01-02T03:05:35Z");
    assert!(
        !clients.iter().any(|c| c.to_string().contains(&token)),
        "no token in the list"
    );
    let client_id = clients[0]["clientId"]
        .as_str()
        .expect("clientId")
        .to_string();
    let revoked = admin
        .call("clients.revoke", json!({"clientId": client_id}))
        .await;
    assert_eq!(revoked["result"], json!({}));
    assert_eq!(close_code(&mut paired).await, Some(1008));
    let mut later = daemon.connect().await;
    assert_eq!(reason(&later.identify(&token).await), "unauthorized");
    let unknown = admin
        .call("clients.revoke", json!({"clientId": client_id}))
        .await;
    assert_eq!(self::code(&unknown), -32602);
}

#[tokio::test]
async fn pairing_codes_reach_the_bus_and_five_wrong_codes_exhaust_a_pairing() {
    let daemon = start().await;
    let mut events = daemon.bus.subscribe();
    let mut client = daemon.connect().await;
    let asked = client
        .call("pairing.request", json!({"client": popup()}))
        .await;
    let (pairing_id, code) = next_code(&mut events).await;
    assert_eq!(asked["result"]["pairingId"], pairing_id.as_str());
    let wrong = if code == "000000" { "000001" } else { "000000" };
    for _ in 0..5 {
        let answer = client
            .call(
                "pairing.complete",
                json!({"pairingId": pairing_id, "code": wrong}),
            )
            .await;
        assert_eq!(reason(&answer), "pairing_failed");
        assert_eq!(self::code(&answer), 1002);
    }
    let late = client
        .call(
            "pairing.complete",
            json!({"pairingId": pairing_id, "code": code}),
        )
        .await;
    assert_eq!(reason(&late), "pairing_failed", "the pairing is gone");
    let mut admin = daemon.admin().await;
    assert_eq!(
        admin.call("pairing.pending", json!({})).await["result"],
        json!([])
    );
}

#[tokio::test(start_paused = true)]
async fn a_pairing_expires_after_120_seconds() {
    let daemon = start().await;
    let mut events = daemon.bus.subscribe();
    let mut client = daemon.connect().await;
    client
        .call("pairing.request", json!({"client": popup()}))
        .await;
    let (pairing_id, code) = next_code(&mut events).await;
    drop(client);
    tokio::time::advance(Duration::from_secs(121)).await;
    let mut late = daemon.connect().await;
    let answer = late
        .call(
            "pairing.complete",
            json!({"pairingId": pairing_id, "code": code}),
        )
        .await;
    assert_eq!(reason(&answer), "pairing_failed");
}

// ---------------------------------------------------------------------------------------------
// Frames
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn batches_are_answered_in_one_array_without_the_notifications() {
    let daemon = start().await;
    let mut client = daemon.admin().await;
    client
        .send_text(
            r#"[{"jsonrpc":"2.0","id":"a","method":"session.status"},
                {"jsonrpc":"2.0","id":"b","method":"no.such"},
                {"jsonrpc":"2.0","method":"session.status"},
                7,
                {"jsonrpc":"2.0","id":"c","method":"items.get","params":{"id":"404"}}]"#,
        )
        .await;
    let answer = recv(&mut client).await;
    let answers = answer.as_array().expect("a batch answer");
    assert_eq!(answers.len(), 4);
    assert_eq!(answers[0]["id"], "a");
    assert!(answers[0]["result"]["bungie"].is_object());
    assert_eq!(answers[1]["id"], "b");
    assert_eq!(answers[1]["error"]["code"], -32601);
    assert_eq!(answers[2]["id"], Value::Null);
    assert_eq!(answers[2]["error"]["code"], -32600);
    assert_eq!(answers[3]["id"], "c");
    assert_eq!(answers[3]["error"]["data"]["reason"], "item_not_found");
    assert_eq!(answers[3]["error"]["code"], 2001);

    client
        .send_text(
            r#"[{"jsonrpc":"2.0","method":"session.status"},{"jsonrpc":"2.0","method":"no.such"}]"#,
        )
        .await;
    let next = client.call("loadouts.list", json!({})).await;
    assert!(
        next["result"]["loadouts"].is_array(),
        "nothing came for the notifications"
    );

    // A batch may identify and then call, in order.
    let mut fresh = daemon.connect().await;
    let batch = json!([
        {"jsonrpc":"2.0","id":1,"method":"session.identify","params":{"protocol":1,"token":daemon.admin_token(),"client":popup()}},
        {"jsonrpc":"2.0","id":2,"method":"profile.snapshot"}
    ]);
    fresh.send_text(&batch.to_string()).await;
    let answers = recv(&mut fresh).await;
    assert_eq!(answers[1]["result"]["rev"], 1834, "{answers}");
}

#[tokio::test]
async fn every_malformed_frame_gets_its_error_and_changes_nothing() {
    let daemon = start().await;
    let mut client = daemon.admin().await;
    let deep = format!(
        r#"{{"jsonrpc":"2.0","id":9,"method":"items.search","params":{{"query":{}"x"{}}}}}"#,
        "[".repeat(100),
        "]".repeat(100)
    );
    let long_id = format!(
        r#"{{"jsonrpc":"2.0","id":"{}","method":"session.status"}}"#,
        "i".repeat(500)
    );
    let cases: Vec<(String, i64, Value, Option<&str>)> = vec![
        ("{oops".into(), -32700, Value::Null, None),
        ("[]".into(), -32600, Value::Null, None),
        ("\"hello\"".into(), -32600, Value::Null, None),
        (
            r#"{"jsonrpc":"1.0","id":1,"method":"session.status"}"#.into(),
            -32600,
            json!(1),
            None,
        ),
        (r#"{"jsonrpc":"2.0","id":2}"#.into(), -32600, json!(2), None),
        (
            r#"{"jsonrpc":"2.0","id":3,"method":"items.explode"}"#.into(),
            -32601,
            json!(3),
            None,
        ),
        (
            r#"{"jsonrpc":"2.0","id":4,"method":"items.search","params":{"query":5}}"#.into(),
            -32602,
            json!(4),
            Some("query"),
        ),
        (
            r#"{"jsonrpc":"2.0","id":5,"method":"items.transfer","params":{"id":"1"}}"#.into(),
            -32602,
            json!(5),
            Some("to"),
        ),
        (
            r#"{"jsonrpc":"2.0","id":6,"method":"items.lock","params":[1,true]}"#.into(),
            -32602,
            json!(6),
            Some("params"),
        ),
        (
            r#"{"jsonrpc":"2.0","id":7,"method":"postmaster.pull","params":{}}"#.into(),
            -32602,
            json!(7),
            Some("id"),
        ),
        (
            r#"{"jsonrpc":"2.0","id":8,"method":"items.search","params":{"query":"is:"}}"#.into(),
            -32602,
            json!(8),
            Some("query"),
        ),
        (
            r#"{"jsonrpc":"2.0","id":{"a":1},"method":"session.status"}"#.into(),
            -32600,
            Value::Null,
            None,
        ),
        (long_id, -32600, Value::Null, None),
        (deep, -32600, json!(9), None),
    ];
    for (frame, expected_code, expected_id, field) in cases {
        client.send_text(&frame).await;
        let answer = recv(&mut client).await;
        assert_eq!(code(&answer), expected_code, "{frame} → {answer}");
        assert_eq!(answer["id"], expected_id, "{frame} → {answer}");
        if let Some(field) = field {
            assert_eq!(
                answer["error"]["data"]["field"], field,
                "{frame} → {answer}"
            );
        }
    }
    client.send_binary(vec![1u8, 2, 3]).await;
    assert_eq!(code(&recv(&mut client).await), -32700);
    let answer = client
        .call(
            "items.lock",
            json!({"id": "1", "locked": true, "dryRun": true}),
        )
        .await;
    assert_eq!(
        answer["result"]["operationId"], "op",
        "still open and answering"
    );
    let seen = daemon.backend.seen.lock().expect("lock").clone();
    assert_eq!(daemon.backend.writes(), 0, "{seen:?}");
}

#[tokio::test]
async fn a_frame_over_64_kib_closes_with_1009_and_one_at_the_limit_is_answered() {
    let daemon = start().await;
    let mut client = daemon.admin().await;
    let head = r#"{"jsonrpc":"2.0","id":1,"method":"items.search","params":{"query":""#;
    let tail = r#""}}"#;
    let at_limit = format!(
        "{head}{}{tail}",
        "a".repeat(64 * 1024 - head.len() - tail.len())
    );
    assert_eq!(at_limit.len(), 64 * 1024);
    client.send_text(&at_limit).await;
    assert!(recv(&mut client).await.get("result").is_some());
    let over = format!(
        "{head}{}{tail}",
        "a".repeat(64 * 1024 + 1 - head.len() - tail.len())
    );
    client.send_text(&over).await;
    assert_eq!(close_code(&mut client).await, Some(1009));
}

// ---------------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_33rd_request_in_flight_is_busy() {
    let daemon = start().await;
    let mut client = daemon.admin().await;
    for id in 0..32 {
        let frame =
            json!({"jsonrpc":"2.0","id":id,"method":"items.search","params":{"query":"block"}});
        client.send_text(&frame.to_string()).await;
    }
    let frame = json!({"jsonrpc":"2.0","id":"33rd","method":"items.search","params":{"query":"x"}});
    client.send_text(&frame.to_string()).await;
    let answer = recv(&mut client).await;
    assert_eq!(answer["id"], "33rd");
    assert_eq!(reason(&answer), "busy");
    assert_eq!(code(&answer), 1004);
    daemon.backend.gate.add_permits(32);
    let mut ids = Vec::new();
    for _ in 0..32 {
        let answer = recv(&mut client).await;
        assert!(answer.get("result").is_some(), "{answer}");
        ids.push(answer["id"].as_i64().expect("id"));
    }
    ids.sort_unstable();
    assert_eq!(ids, (0..32).collect::<Vec<_>>());
    let after = client.call("items.search", json!({"query": "x"})).await;
    assert!(after.get("result").is_some());
}

#[tokio::test]
async fn the_65th_identified_connection_is_busy_and_the_17th_unidentified_evicts_the_oldest() {
    let daemon = start().await;
    let mut open = Vec::new();
    for _ in 0..64 {
        open.push(daemon.admin().await);
    }
    let mut extra = daemon.connect().await;
    assert_eq!(reason(&extra.identify(&daemon.admin_token()).await), "busy");
    let mut waiting = Vec::new();
    for _ in 1..16 {
        waiting.push(daemon.connect().await);
    }
    let newcomer = daemon.connect_with(&[]).await;
    assert!(newcomer.is_ok(), "a newcomer always finds a place");
    assert_eq!(close_code(&mut extra).await, Some(1008));
    drop(waiting);
    let first = open.remove(0);
    first.close().await;
    // The slot is released once the server has finished with the closed socket.
    let mut admitted = false;
    for _ in 0..400 {
        if let Ok(mut client) = daemon.connect_with(&[]).await
            && client
                .identify(&daemon.admin_token())
                .await
                .get("result")
                .is_some()
        {
            admitted = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(admitted, "a slot frees when a connection closes");
}

#[tokio::test(start_paused = true)]
async fn a_silent_connection_is_dropped_after_60_seconds() {
    let daemon = start().await;
    let mut client = daemon.admin().await;
    for _ in 0..5 {
        tokio::time::advance(Duration::from_secs(20)).await;
    }
    assert_eq!(close_code(&mut client).await, Some(1001));
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

fn moved(rev: u64) -> DaemonEvent {
    DaemonEvent::Inventory {
        rev,
        changes: vec![RevisedChange {
            rev,
            change: Change::Moved {
                id: ItemId::instance(6_917_529_035_440_581_369),
                from: Location::Vault,
                to: Location::Character {
                    character_id: 2_305_843_009_260_000_001,
                },
            },
        }],
    }
}

#[tokio::test]
async fn events_fan_out_to_50_clients_each_once_and_in_order() {
    let daemon = start().await;
    let mut clients = Vec::new();
    for _ in 0..50 {
        clients.push(daemon.admin().await);
    }
    let mut session_only = daemon.admin().await;
    let answer = session_only
        .call("events.subscribe", json!({"topics": ["session"]}))
        .await;
    assert_eq!(answer["result"]["topics"], json!(["session"]));
    let mut unidentified = daemon.connect().await;

    for rev in 1..=20 {
        daemon.bus.publish(moved(rev));
    }
    daemon.bus.publish(DaemonEvent::PairingRequested {
        pairing_id: "p".into(),
        client: "x".into(),
        code: "123456".into(),
        expires_in: 120,
    });
    daemon.bus.publish(DaemonEvent::SessionChanged(
        vault_raider::events::SessionState::Maintenance,
    ));

    for client in &mut clients {
        for rev in 1..=20u64 {
            let event = recv(client).await;
            assert_eq!(event["method"], "inventory.changed");
            assert_eq!(event["params"]["rev"], rev);
            assert_eq!(event["params"]["changes"][0]["id"], "6917529035440581369");
            assert!(event.get("id").is_none());
        }
        let event = recv(client).await;
        assert_eq!(
            event["method"], "session.changed",
            "no pairing code on the socket"
        );
        assert_eq!(event["params"]["state"], "maintenance");
    }
    let event = recv(&mut session_only).await;
    assert_eq!(event["method"], "session.changed");
    let answer = unidentified
        .call("pairing.request", json!({"client": popup()}))
        .await;
    assert!(
        answer.get("result").is_some(),
        "no event reached the unidentified client first"
    );
}

// ---------------------------------------------------------------------------------------------
// Shutdown
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn shutdown_finishes_in_flight_requests_then_closes() {
    let daemon = start().await;
    let mut client = daemon.admin().await;
    let frame =
        json!({"jsonrpc":"2.0","id":"slow","method":"items.search","params":{"query":"block"}});
    client.send_text(&frame.to_string()).await;
    while daemon.backend.reads() < 2 {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let backend = daemon.backend.clone();
    let stopping = tokio::spawn(daemon.shutdown());
    tokio::time::sleep(Duration::from_millis(20)).await;
    backend.gate.add_permits(1);
    let answer = recv(&mut client).await;
    assert_eq!(answer["id"], "slow");
    assert!(answer.get("result").is_some());
    assert_eq!(close_code(&mut client).await, Some(1001));
    stopping.await.expect("join").expect("a clean stop");
}

// ---------------------------------------------------------------------------------------------
// Fuzz
// ---------------------------------------------------------------------------------------------

/// A small deterministic generator (xorshift64*), so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn printable(&mut self) -> char {
        char::from(32 + self.below(95) as u8)
    }
}

const CORPUS: &[&str] = &[
    r#"{"jsonrpc":"2.0","id":1,"method":"profile.snapshot"}"#,
    r#"{"jsonrpc":"2.0","id":"x","method":"items.search","params":{"query":"is:exotic","limit":5}}"#,
    r#"{"jsonrpc":"2.0","id":2,"method":"items.get","params":{"id":"6917529035440581369"}}"#,
    r#"{"jsonrpc":"2.0","id":3,"method":"profile.changes","params":{"since":10}}"#,
    r#"{"jsonrpc":"2.0","id":4,"method":"loadouts.list","params":{"characterId":"1"}}"#,
    r#"{"jsonrpc":"2.0","id":5,"method":"events.subscribe","params":{"topics":["inventory"]}}"#,
    r#"[{"jsonrpc":"2.0","id":6,"method":"session.status"},{"jsonrpc":"2.0","method":"accounts.list"}]"#,
    r#"{"jsonrpc":"2.0","id":7,"method":"pairing.complete","params":{"pairingId":"p","code":"123456"}}"#,
    r#"{"jsonrpc":"2.0","id":8,"method":"session.identify","params":{"protocol":1,"token":"x","client":{"name":"a","kind":"cli","version":"0"}}}"#,
    r#"{"jsonrpc":"2.0","id":9,"method":"loadouts.export","params":{"loadoutId":"l"}}"#,
    r#"{"jsonrpc":"2.0","id":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],"method":"x"}"#,
];

const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"",
    "\\",
    "null",
    "true",
    "-1",
    "1e999",
    "\"id\"",
    "\"method\"",
    "\"params\"",
    "\"2.0\"",
    "\u{0}",
    "\u{fffd}",
    "🦀",
    "9223372036854775808",
];

fn fuzz_frame(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => {
            let len = rng.below(200);
            (0..len).map(|_| rng.printable()).collect()
        }
        1 => {
            let len = rng.below(30);
            (0..len).map(|_| TOKENS[rng.below(TOKENS.len())]).collect()
        }
        _ => {
            let mut chars: Vec<char> = CORPUS[rng.below(CORPUS.len())].chars().collect();
            for _ in 0..=rng.below(4) {
                let at = rng.below(chars.len() + 1);
                match rng.below(3) {
                    0 if at < chars.len() => {
                        chars.remove(at);
                    }
                    1 if at < chars.len() => chars[at] = rng.printable(),
                    _ => {
                        let token = TOKENS[rng.below(TOKENS.len())];
                        for (i, c) in token.chars().enumerate() {
                            chars.insert((at + i).min(chars.len()), c);
                        }
                    }
                }
            }
            chars.into_iter().collect()
        }
    }
}

#[tokio::test]
async fn ten_thousand_random_and_mutated_frames_leave_the_daemon_answering_and_untouched() {
    let daemon = start().await;
    let mut client = daemon.admin().await;
    let mut rng = Rng(0x005e_ed0f_fa11);
    for round in 0..100 {
        for _ in 0..100 {
            let frame = fuzz_frame(&mut rng);
            client.send_text(&frame).await;
        }
        // A sentinel: read until its answer, so the pipe never fills.
        let sentinel = format!("sentinel-{round}");
        let frame = json!({"jsonrpc":"2.0","id":sentinel,"method":"session.status"});
        client.send_text(&frame.to_string()).await;
        loop {
            let answer = recv(&mut client).await;
            if answer["id"] == sentinel.as_str() {
                let ok = answer.get("result").is_some() || reason(&answer) == "busy";
                assert!(ok, "{answer}");
                break;
            }
        }
    }
    let last = json!({"jsonrpc":"2.0","id":"last","method":"profile.snapshot"});
    client.send_text(&last.to_string()).await;
    loop {
        let answer = recv(&mut client).await;
        if answer["id"] == "last" {
            assert_eq!(answer["result"]["rev"], 1834);
            break;
        }
    }
    let seen = daemon.backend.seen.lock().expect("lock").clone();
    assert_eq!(daemon.backend.writes(), 0, "{seen:?}");
}
