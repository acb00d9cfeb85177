//! A manifest of a real size over a slow link installs: the download streams with a stall timeout
//! and no total deadline, reporting progress as it goes.
//!
//! CI downloads 3 MB at 4,000 kbit/s (about 6 s). The run, 60 MB (about 2 minutes, four
//! times the 30 s request timeout):
//! `VR_MANIFEST_MB=60 cargo test -p vault-raider --test bungie manifest_slow_link:: -- --nocapture`.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use std::time::{Duration, Instant};
use vault_raider::bungie::manifest::ManifestStore;
use vault_raider_sim::SimConfig;
use vault_raider_sim::realism::Realism;

const LINK_KBPS: u32 = 4_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_manifest_over_a_slow_link_installs_with_progress() {
    let megabytes: u32 = std::env::var("VR_MANIFEST_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let sim = vault_raider_sim::start(SimConfig {
        port: 0,
        pacing: false,
        manifest_size_mb: megabytes,
        realism: Realism {
            link_kbps: LINK_KBPS,
            ..Realism::default()
        },
        ..SimConfig::default()
    })
    .await
    .expect("the simulator starts");
    let config = vault_raider::config::Config {
        bungie_url: sim.base_url(),
        api_key: Some(SimConfig::default().api_key),
        client_id: Some(SimConfig::default().client_id),
        ..vault_raider::config::Config::default()
    };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let parts =
        vault_raider::runtime::bungie_setup::connect(&config, dir.path(), false).expect("a client");
    let store = ManifestStore::open(dir.path().join("manifest")).expect("a manifest store");
    let started = Instant::now();
    let reports = std::sync::atomic::AtomicU32::new(0);
    vault_raider::runtime::bungie_setup::update_manifest(&parts.client, &store, &|_| {
        reports.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    })
    .await
    .expect("the large manifest installs");
    let took = started.elapsed();
    let expected = sim.world().lock().expect("the world").manifest_version();
    assert_eq!(store.version(), Some(expected));
    let traffic = sim.traffic();
    let sent = traffic.get("ManifestDownload").map_or(0, |t| t.sent_bytes);
    assert!(
        sent >= u64::from(megabytes) * 1_000_000,
        "the database was padded to {megabytes} MB: {sent} bytes sent"
    );
    // Paced to the link: it cannot have arrived faster than the link carries it.
    let floor = Duration::from_secs_f64(sent as f64 * 8.0 / (f64::from(LINK_KBPS) * 1000.0));
    assert!(
        took >= floor.mul_f64(0.9),
        "took {took:?}, the link needs {floor:?}"
    );
    let reports = reports.load(std::sync::atomic::Ordering::Relaxed);
    assert!(reports > 1, "progress was reported ({reports} reports)");
    eprintln!(
        "manifest: {sent} bytes at {LINK_KBPS} kbit/s installed in {:.1} s ({reports} progress reports)",
        took.as_secs_f64()
    );
    sim.shutdown().await;
}
