//! The manifest over real HTTP: GetDestinyManifest names a world-content path whose download is a
//! zip holding one SQLite database with Bungie's tables; icons the definitions name are PNGs.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::sim::*;
use reqwest::StatusCode;

#[tokio::test]
async fn the_manifest_download_opens_as_sqlite_with_the_expected_tables() {
    let sim = Sim::start(config()).await;
    let (status, manifest) = sim.get("/Destiny2/Manifest/", None).await;
    assert_eq!(status, StatusCode::OK);
    let manifest = &manifest["Response"];
    assert!(manifest["version"].as_str().is_some_and(|v| !v.is_empty()));
    let path = manifest["mobileWorldContentPaths"]["en"]
        .as_str()
        .expect("an en path")
        .to_string();
    assert!(
        path.starts_with("/common/destiny2_content/sqlite/en/world_sql_content_")
            && path.ends_with(".content"),
        "{path}"
    );

    let response = sim.http.get(sim.url(&path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.bytes().await.unwrap();
    let (_dir, conn) = open_world_content(&bytes);
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for table in [
        "DestinyInventoryItemDefinition",
        "DestinyInventoryBucketDefinition",
        "DestinyClassDefinition",
        "DestinyDamageTypeDefinition",
        "DestinyStatDefinition",
        "DestinyItemTierTypeDefinition",
        "DestinyActivityDefinition",
        "DestinyActivityModeDefinition",
    ] {
        assert!(
            tables.iter().any(|t| t == table),
            "{table} missing from {tables:?}"
        );
    }
    let vault: Vec<u8> = conn
        .query_row(
            "SELECT json FROM DestinyInventoryBucketDefinition WHERE id = ?1",
            [138_197_802i64],
            |r| r.get(0),
        )
        .expect("the vault bucket is keyed by its signed hash");
    let vault: serde_json::Value = serde_json::from_slice(&vault).unwrap();
    assert_eq!(
        vault["itemCount"],
        sim.handle.world().lock().unwrap().state_json()["vaultCapacity"]
    );
    assert_eq!(sim.handle.calls().get("ManifestDownload"), Some(&1));
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn icons_named_by_definitions_are_served_as_png() {
    let sim = Sim::start(config()).await;
    let icon = sim
        .handle
        .world()
        .lock()
        .unwrap()
        .icon_paths()
        .into_iter()
        .next()
        .expect("an icon path");
    let response = sim.http.get(sim.url(&icon)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/png");
    let bytes = response.bytes().await.unwrap();
    assert_eq!(bytes.get(..8), Some(&b"\x89PNG\r\n\x1a\n"[..]));
    let missing = sim
        .http
        .get(sim.url("/common/destiny2_content/icons/nope.png"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    sim.handle.shutdown().await;
}
