//! The Bungie client and sign-in against the real simulator over HTTP: unattended login, the
//! membership, a full profile, paced transfers without throttles, history, the manifest download,
//! refresh after expired tokens, maintenance, and signed-out after revocation.

use std::sync::Arc;
use std::time::Duration;
use vault_raider::bungie::auth::{
    AuthClient, AuthConfig, MemoryTokenStore, Secret, Session, SessionStatus, login_unattended,
    system_clock,
};
use vault_raider::bungie::wire::profile::components;
use vault_raider::bungie::wire::{ActivityHistoryResults, GroupUserInfoCard, ItemTransferRequest};
use vault_raider::bungie::{BungieError, Client, ClientConfig, HistoryQuery, http_client};
use vault_raider_sim::http::{SimConfig, SimHandle, start};

async fn fault(base: &str, body: serde_json::Value) {
    let url = format!("{base}/sim/faults");
    reqwest::Client::new()
        .post(url)
        .json(&body)
        .send()
        .await
        .unwrap();
}

/// A session signed in to the simulator at `base` through its unattended login.
async fn signed_in(base: &str) -> Arc<Session> {
    let config = AuthConfig {
        base_url: base.to_string(),
        client_id: "40404".into(),
        client_secret: Some(Secret::new("demo-client-secret")),
        api_key: Secret::new("demo-api-key"),
    };
    let auth = AuthClient::new(
        &config,
        http_client("test", Duration::from_secs(10)).unwrap(),
    )
    .unwrap();
    let tokens = login_unattended(&auth, &system_clock()).await.unwrap();
    let session = Arc::new(Session::new(
        auth,
        Arc::new(MemoryTokenStore::default()),
        system_clock(),
    ));
    session.sign_in(tokens).await.unwrap();
    session
}

/// The simulator started on `config` on any free port, approving sign-ins; its base URL, and a
/// client of it on a session signed in through its unattended login.
async fn started(config: SimConfig) -> (SimHandle, String, Arc<Session>, Client) {
    let sim = start(SimConfig {
        port: 0,
        auto_approve: true,
        ..config
    })
    .await
    .unwrap();
    let base = sim.base_url();
    let session = signed_in(&base).await;
    let client = Client::new(
        ClientConfig::new(base.clone(), Secret::new("demo-api-key")),
        Some(session.clone()),
    )
    .unwrap();
    (sim, base, session, client)
}

/// The newest activities of `character` of membership `m`, as `client` reads them.
async fn history(client: &Client, m: &GroupUserInfoCard, character: i64) -> ActivityHistoryResults {
    client
        .get_activity_history(
            m.membership_type,
            m.membership_id,
            character,
            HistoryQuery::default(),
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn the_client_works_against_the_simulator() {
    let (sim, base, session, client) = started(SimConfig::default()).await;

    let m = client.default_membership().await.unwrap().unwrap();
    let p = client
        .get_profile(m.membership_type, m.membership_id, &components::SYNC)
        .await
        .unwrap();
    assert!(p.response_minted_timestamp.is_some());
    let chars = p.characters.unwrap().data.unwrap();
    let character = *chars.keys().next().unwrap();
    let vault: Vec<_> = p
        .profile_inventory
        .unwrap()
        .data
        .unwrap()
        .items
        .into_iter()
        .filter(|i| i.bucket_hash == 138197802 && i.item_instance_id.is_some())
        .collect();
    assert!(vault.len() >= 4);
    for item in vault.iter().take(4) {
        // Paced by the client: the simulator's pacing (on) never throttles these.
        client
            .transfer_item(&ItemTransferRequest {
                item_reference_hash: item.item_hash,
                stack_size: 1,
                transfer_to_vault: false,
                item_id: item.item_instance_id.unwrap(),
                character_id: character,
                membership_type: m.membership_type,
            })
            .await
            .unwrap();
    }
    history(&client, &m, character).await;
    let manifest = client.get_destiny_manifest().await.unwrap();
    let zip = client
        .download(manifest.world_content_path("en").unwrap(), &mut |_, _| {})
        .await
        .unwrap();
    assert!(zip.starts_with(b"PK"));

    fault(&base, serde_json::json!({"expireTokens": true})).await;
    client.get_memberships_for_current_user().await.unwrap();
    fault(&base, serde_json::json!({})).await;
    fault(&base, serde_json::json!({"maintenance": true})).await;
    assert!(matches!(
        client.get_destiny_manifest().await,
        Err(BungieError::Maintenance(_))
    ));
    fault(&base, serde_json::json!({})).await;
    reqwest::Client::new()
        .post(format!("{base}/sim/revoke"))
        .send()
        .await
        .unwrap();
    fault(&base, serde_json::json!({"expireTokens": true})).await;
    assert!(matches!(
        client.get_memberships_for_current_user().await,
        Err(BungieError::SignedOut(_))
    ));
    assert!(matches!(
        *session.status().borrow(),
        SessionStatus::SignedOut { .. }
    ));

    let ours = client.calls();
    let theirs = sim.calls();
    for name in [
        "TransferItem",
        "GetProfile",
        "GetDestinyManifest",
        "ManifestDownload",
        "GetActivityHistory",
    ] {
        assert_eq!(ours.get(name), theirs.get(name), "{name}");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn carnage_reports_go_to_the_stats_host_and_everything_else_to_the_site() {
    let (_sim, base, session, site) = started(SimConfig {
        pgcr_delay: Duration::ZERO,
        ..Default::default()
    })
    .await;
    let m = site.default_membership().await.unwrap().unwrap();
    let profile = site
        .get_profile(m.membership_type, m.membership_id, &[components::PROFILES])
        .await
        .unwrap();
    let character = profile
        .profile
        .and_then(|p| p.data)
        .and_then(|p| p.character_ids.first().copied())
        .expect("a character");
    let played = history(&site, &m, character).await;
    let id = played.activities[0].activity_details.instance_id;
    // The site is somewhere nothing answers; the stats host is the simulator.
    let mut config = ClientConfig::new("http://127.0.0.1:9", Secret::new("demo-api-key"));
    config.stats_url = Some(base.clone());
    config.read_attempts = 1;
    config.request_timeout = Duration::from_secs(2);
    let stats = Client::new(config, Some(session.clone())).unwrap();
    let history = stats
        .get_activity_history(
            m.membership_type,
            m.membership_id,
            character,
            HistoryQuery::default(),
        )
        .await;
    assert!(
        matches!(history, Err(BungieError::Transport { .. })),
        "{history:?}"
    );
    let report = stats.get_post_game_carnage_report(id).await.unwrap();
    assert_eq!(report.activity_details.instance_id, id);
    assert!(report.entries.len() >= 2, "the player and the others met");
    assert_eq!(stats.calls().get("GetPostGameCarnageReport"), Some(&1));
}
