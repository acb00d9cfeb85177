//! The daemon's web routes over real sockets: `/icons/…` (fetched once from the simulator, cached
//! on disk, a placeholder for anything else) and `/overlay` (the embedded page with its headers).

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::demo::Demo;
use serde_json::json;

/// `GET` on the daemon with its own Host header; returns status, content type, cache header, body.
async fn get(demo: &Demo, path: &str) -> (u16, String, String, Vec<u8>) {
    let response = reqwest::get(format!("http://127.0.0.1:{}{path}", demo.daemon.port))
        .await
        .expect("the daemon answers");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let (content_type, cache) = (header("content-type"), header("cache-control"));
    let status = response.status().as_u16();
    let body = response.bytes().await.expect("a body").to_vec();
    (status, content_type, cache, body)
}

/// How many files Bungie (the simulator) has been asked for.
fn downloads(demo: &Demo) -> u64 {
    demo.daemon
        .daemon
        .client
        .calls()
        .get("ManifestDownload")
        .copied()
        .unwrap_or(0)
}

/// The icons of the first `n` items of the vault.
async fn item_icons(demo: &Demo, n: usize) -> Vec<String> {
    let mut client = demo.client().await;
    let found = client
        .call("items.search", json!({"query": "is:invault", "limit": 50}))
        .await;
    let mut icons: Vec<String> = found["result"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|item| item["icon"].as_str().map(str::to_string))
        .filter(|icon| !icon.is_empty())
        .collect();
    icons.dedup();
    assert!(icons.len() >= n, "not enough icons: {icons:?}");
    icons.truncate(n);
    icons
}

fn is_placeholder(answer: &(u16, String, String, Vec<u8>)) -> bool {
    answer.0 == 404 && answer.1 == "image/svg+xml" && answer.3.starts_with(b"<svg")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_icon_is_fetched_once_cached_on_disk_and_served_with_a_long_cache_header() {
    let demo = Demo::start().await;
    let icons = item_icons(&demo, 2).await;
    let icon = &icons[0];
    let truth = reqwest::get(format!("{}{icon}", demo.sim.base_url()))
        .await
        .expect("the simulator serves the icon")
        .bytes()
        .await
        .expect("bytes");
    let before = downloads(&demo);
    let first = get(&demo, &format!("/icons{icon}")).await;
    assert_eq!(first.0, 200);
    assert_eq!(first.1, "image/png");
    assert!(first.2.contains("max-age=31536000"), "{}", first.2);
    assert_eq!(first.3, truth.to_vec());
    let on_disk = demo
        .dir
        .path()
        .join("icons")
        .join(icon.trim_start_matches('/'));
    assert_eq!(std::fs::read(&on_disk).expect("cached"), truth.to_vec());
    let second = get(&demo, &format!("/icons{icon}")).await;
    assert_eq!(second.3, truth.to_vec());
    assert_eq!(
        downloads(&demo),
        before + 1,
        "the second request came from disk"
    );

    // Many requests at once for an icon not yet cached: one download.
    let other = format!("/icons{}", icons[1]);
    let answers = futures_util::future::join_all((0..6).map(|_| get(&demo, &other))).await;
    assert!(answers.iter().all(|a| a.0 == 200 && a.3 == answers[0].3));
    assert_eq!(downloads(&demo), before + 2);
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_and_refused_icons_answer_a_placeholder_without_touching_anything_else() {
    let demo = Demo::start().await;
    let before = downloads(&demo);
    let missing = get(
        &demo,
        "/icons/common/destiny2_content/icons/0000nothing.jpg",
    )
    .await;
    assert!(is_placeholder(&missing), "{missing:?}");
    assert_eq!(
        downloads(&demo),
        before + 1,
        "a missing icon is asked for once"
    );
    let again = get(
        &demo,
        "/icons/common/destiny2_content/icons/0000nothing.jpg",
    )
    .await;
    assert!(is_placeholder(&again));
    assert_eq!(downloads(&demo), before + 1, "and not again at once");
    assert!(
        !demo
            .dir
            .path()
            .join("icons/common/destiny2_content/icons/0000nothing.jpg")
            .exists()
    );
    for refused in [
        "/icons/..%2f..%2fadmin.token",
        "/icons/common/destiny2_content/icons/..%2f..%2f..%2fstore.redb",
        "/icons/Platform/Destiny2/Manifest/x.png",
        "/icons/common/destiny2_content/sqlite/en/world.content",
        "/icons/img/x.html",
    ] {
        let answer = get(&demo, refused).await;
        assert!(is_placeholder(&answer), "{refused}: {answer:?}");
    }
    assert_eq!(
        downloads(&demo),
        before + 1,
        "refused paths are never fetched"
    );
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overlay_page_and_its_modules_are_served_with_types_and_a_strict_policy() {
    let demo = Demo::start().await;
    let port = demo.daemon.port;
    assert!(
        demo.daemon
            .overlay_url
            .starts_with(&format!("http://127.0.0.1:{port}/overlay?token="))
    );
    let response = reqwest::get(&demo.daemon.overlay_url)
        .await
        .expect("the overlay");
    assert_eq!(response.status(), 200);
    let csp = response
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(
        csp.contains(&format!("connect-src 'self' ws://127.0.0.1:{port}")),
        "{csp}"
    );
    assert_eq!(
        response
            .headers()
            .get("referrer-policy")
            .and_then(|v| v.to_str().ok()),
        Some("no-referrer")
    );
    let page = response.text().await.expect("text");
    assert!(
        page.contains("/overlay/overlay.js"),
        "the page names its script"
    );

    for (path, mime) in [
        ("/overlay/", "text/html; charset=utf-8"),
        ("/overlay/overlay.js", "text/javascript; charset=utf-8"),
        ("/overlay/lib/rpc.js", "text/javascript; charset=utf-8"),
        ("/overlay/overlay.css", "text/css; charset=utf-8"),
    ] {
        let (status, content_type, _, body) = get(&demo, path).await;
        assert_eq!((status, content_type.as_str()), (200, mime), "{path}");
        assert!(!body.is_empty());
    }
    for missing in [
        "/overlay/nothing.js",
        "/overlay/..%2f..%2fCargo.toml",
        "/overlay/README.md",
    ] {
        assert_eq!(get(&demo, missing).await.0, 404, "{missing}");
    }
    // The Host guard covers these routes too.
    let foreign = reqwest::Client::new()
        .get(format!("http://127.0.0.1:{port}/overlay"))
        .header("host", "evil.example")
        .send()
        .await
        .expect("an answer");
    assert_eq!(foreign.status(), 403);
    demo.stop().await;
}
