//! `/icons/<bungie path>`: Bungie's item and emblem images, fetched once through an
//! [`IconFetcher`], cached on disk, served with a long cache header; anything missing, refused or
//! failed answers a small placeholder image instead of an error page.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use futures_util::future::BoxFuture;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::time::Instant;

/// The Bungie asset folders icons come from (paths relative to the site root).
pub const ICON_PREFIXES: [&str; 3] = [
    "/common/destiny2_content/icons/",
    "/common/destiny2_content/screenshots/",
    "/img/",
];

/// The longest icon path accepted.
const MAX_PATH_LEN: usize = 300;

/// How long a failed icon is answered with the placeholder before it is fetched again.
pub const RETRY_FAILED_AFTER: Duration = Duration::from_secs(300);

/// How many icons are fetched from Bungie at once.
const PARALLEL_FETCHES: usize = 4;

/// The image shown for an icon that cannot be had: a dark rounded tile with a faint frame.
pub const PLACEHOLDER_SVG: &str = concat!(
    r##"<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">"##,
    r##"<rect x="2" y="2" width="92" height="92" rx="10" fill="#1f2633" stroke="#3b4658" stroke-width="4"/>"##,
    r##"<path d="M30 62 L44 44 L54 56 L60 50 L68 62 Z" fill="#3b4658"/>"##,
    r##"<circle cx="60" cy="36" r="6" fill="#3b4658"/></svg>"##
);

/// Where icons come from (Bungie's site, or the simulator).
pub trait IconFetcher: Send + Sync + 'static {
    /// The bytes at `path` (a path under the site root, e.g. `/common/destiny2_content/icons/x.jpg`).
    fn fetch(&self, path: String) -> BoxFuture<'_, Result<Vec<u8>, crate::bungie::BungieError>>;
}

/// Why an icon is not served.
#[derive(Debug, thiserror::Error)]
pub enum IconError {
    /// The path is not one of Bungie's image paths.
    #[error("{0:?} is not a Bungie icon path")]
    NotAnIconPath(String),
    /// Fetching it failed.
    #[error("fetching the icon failed: {0}")]
    Fetch(#[source] crate::bungie::BungieError),
    /// Fetching it failed a moment ago and is not tried again yet.
    #[error("fetching the icon failed: it failed a moment ago")]
    FailedRecently,
    /// What came back is not an image.
    #[error("the icon is not an image")]
    NotAnImage,
}

/// An icon path that passed [`icon_path`]: relative to the site root, without its leading `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IconPath(String);

impl IconPath {
    /// The path under the site root, with its leading `/`.
    pub fn site_path(&self) -> String {
        format!("/{}", self.0)
    }
}

/// Checks a requested path (as after `/icons`, with or without its leading `/`): one of
/// [`ICON_PREFIXES`], plain segments only (letters, digits, `-`, `_`, `.`; no `..`, no hidden
/// names), and an image extension.
pub fn icon_path(raw: &str) -> Result<IconPath, IconError> {
    let refuse = || IconError::NotAnIconPath(raw.chars().take(100).collect());
    let rooted = if raw.starts_with('/') {
        raw.to_string()
    } else {
        format!("/{raw}")
    };
    if rooted.len() > MAX_PATH_LEN || !ICON_PREFIXES.iter().any(|p| rooted.starts_with(p)) {
        return Err(refuse());
    }
    let relative = &rooted[1..];
    let plain = relative.split('/').all(|segment| {
        !segment.is_empty()
            && !segment.starts_with('.')
            && segment
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    });
    let extension = relative
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase());
    let image = matches!(
        extension.as_deref(),
        Some("jpg" | "jpeg" | "png" | "gif" | "webp")
    );
    if plain && image {
        Ok(IconPath(relative.to_string()))
    } else {
        Err(refuse())
    }
}

/// The content type of a PNG, JPEG, GIF or WebP image, read from its first bytes (Bungie's file
/// names do not always say: the simulator serves `.jpg` names as PNG); `None` for anything else.
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF8") {
        Some("image/gif")
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some("image/webp")
    } else {
        None
    }
}

/// The icon cache: a folder of files laid out as Bungie's paths, filled on first request.
pub struct IconCache {
    dir: PathBuf,
    fetcher: Arc<dyn IconFetcher>,
    /// One lock per icon being fetched, so concurrent requests fetch it once.
    inflight: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// Icons that failed, and when.
    failed: Mutex<HashMap<String, Instant>>,
    fetches: Semaphore,
}

impl IconCache {
    /// A cache in `dir` (created when the first icon is stored) fed by `fetcher`.
    pub fn new(dir: PathBuf, fetcher: Arc<dyn IconFetcher>) -> IconCache {
        IconCache {
            dir,
            fetcher,
            inflight: Mutex::new(HashMap::new()),
            failed: Mutex::new(HashMap::new()),
            fetches: Semaphore::new(PARALLEL_FETCHES),
        }
    }

    /// The icon's bytes: from disk, or fetched once and stored.
    pub async fn get(&self, path: &IconPath) -> Result<Vec<u8>, IconError> {
        let file = self.dir.join(&path.0);
        if let Ok(bytes) = tokio::fs::read(&file).await {
            return Ok(bytes);
        }
        let lock = {
            let mut inflight = self.inflight.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(inflight.entry(path.0.clone()).or_default())
        };
        let result = {
            let _fetching = lock.lock().await;
            self.fetch_once(path, &file).await
        };
        let mut inflight = self.inflight.lock().unwrap_or_else(|e| e.into_inner());
        if Arc::strong_count(&lock) <= 2 {
            inflight.remove(&path.0);
        }
        result
    }

    /// Under the icon's lock: the file if another request stored it meanwhile, else one fetch.
    async fn fetch_once(
        &self,
        path: &IconPath,
        file: &std::path::Path,
    ) -> Result<Vec<u8>, IconError> {
        if let Ok(bytes) = tokio::fs::read(file).await {
            return Ok(bytes);
        }
        if self.failed_recently(path) {
            return Err(IconError::FailedRecently);
        }
        let fetched = {
            let _permit = self.fetches.acquire().await;
            self.fetcher.fetch(path.site_path()).await
        };
        let bytes = match fetched {
            Ok(bytes) if image_type(&bytes).is_some() => bytes,
            Ok(_) => {
                self.remember_failure(path);
                return Err(IconError::NotAnImage);
            }
            Err(error) => {
                self.remember_failure(path);
                return Err(IconError::Fetch(error));
            }
        };
        if let Err(e) = store(file, &bytes).await {
            tracing::warn!(error = %e, path = %file.display(), "could not cache an icon");
        }
        Ok(bytes)
    }

    fn failed_recently(&self, path: &IconPath) -> bool {
        let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
        match failed.get(&path.0) {
            Some(at) if at.elapsed() < RETRY_FAILED_AFTER => true,
            Some(_) => {
                failed.remove(&path.0);
                false
            }
            None => false,
        }
    }

    fn remember_failure(&self, path: &IconPath) {
        let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
        failed.retain(|_, at| at.elapsed() < RETRY_FAILED_AFTER);
        failed.insert(path.0.clone(), Instant::now());
    }
}

/// Writes `bytes` to `file` through a temporary file in the same folder (never a half icon).
async fn store(file: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = file
        .parent()
        .ok_or_else(|| std::io::Error::other("an icon file has no folder"))?;
    tokio::fs::create_dir_all(dir).await?;
    let (dir, file, bytes) = (dir.to_path_buf(), file.to_path_buf(), bytes.to_vec());
    tokio::task::spawn_blocking(move || {
        // Removed when dropped unless persisted.
        let mut temp = tempfile::NamedTempFile::new_in(dir)?;
        std::io::Write::write_all(&mut temp, &bytes)?;
        temp.persist(file).map_err(|e| e.error)?;
        Ok(())
    })
    .await
    .map_err(std::io::Error::other)?
}

/// The route `GET /icons/<bungie path>`.
pub fn routes(cache: Arc<IconCache>) -> Router {
    Router::new()
        .route("/icons/{*path}", get(icon))
        .with_state(cache)
}

/// One icon, or the placeholder.
async fn icon(State(cache): State<Arc<IconCache>>, Path(raw): Path<String>) -> Response {
    let answer = match icon_path(&raw) {
        Ok(path) => cache.get(&path).await,
        Err(e) => Err(e),
    };
    match answer {
        Ok(bytes) => image_response(
            StatusCode::OK,
            image_type(&bytes).unwrap_or("application/octet-stream"),
            "public, max-age=31536000, immutable",
            bytes,
        ),
        Err(e) => {
            tracing::debug!(error = %e, "answered an icon with the placeholder");
            image_response(
                StatusCode::NOT_FOUND,
                "image/svg+xml",
                "public, max-age=60",
                PLACEHOLDER_SVG.as_bytes().to_vec(),
            )
        }
    }
}

fn image_response(
    status: StatusCode,
    mime: &'static str,
    cache: &'static str,
    body: Vec<u8>,
) -> Response {
    super::overlay::static_response(status, mime, cache, "default-src 'none'", body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bungie_image_paths_pass() {
        for ok in [
            "common/destiny2_content/icons/abc123.jpg",
            "/common/destiny2_content/icons/abc123.jpg",
            "img/theme/bungienet/icons/steamLogo.png",
            "common/destiny2_content/screenshots/1234.JPG",
        ] {
            assert!(icon_path(ok).is_ok(), "{ok}");
        }
        for bad in [
            "common/destiny2_content/icons/../../../etc/passwd.jpg",
            "common/destiny2_content/icons/..jpg",
            "common/destiny2_content/sqlite/en/world.content",
            "common/destiny2_content/icons/x.html",
            "common/destiny2_content/icons/x",
            "common/destiny2_content/icons//x.jpg",
            "common/destiny2_content/icons/a\\b.jpg",
            "Platform/User/x.png",
            "img/a b.png",
            "",
        ] {
            assert!(icon_path(bad).is_err(), "{bad}");
        }
        let long = format!("img/{}.png", "a".repeat(400));
        assert!(icon_path(&long).is_err());
    }

    #[test]
    fn image_signatures_are_recognised_and_pages_are_not() {
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(image_type(&[0xff, 0xd8, 0xff, 0xe0]), Some("image/jpeg"));
        assert_eq!(image_type(b"GIF89a"), Some("image/gif"));
        assert_eq!(image_type(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(image_type(b"RIFF\0\0"), None);
        assert_eq!(image_type(b"<!doctype html>"), None);
        assert_eq!(image_type(b"{\"ErrorCode\":1}"), None);
        assert_eq!(image_type(b""), None);
    }
}
