//! `/overlay`: the overlay page's files, embedded in the binary from the repository's `overlay/`
//! folder and served with their content types and a strict Content Security Policy.
//!
//! The page identifies over `/ws` with the token in its URL (the server's overlay token); these
//! routes serve only static files and hold no secret. The Host guard of the server covers them.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rust_embed::RustEmbed;

/// The overlay folder, compiled into the binary.
#[derive(RustEmbed)]
#[folder = "../overlay/"]
struct OverlayFiles;

/// The shared protocol client and styles (`lib/*.js`, `lib/*.css`), the browser extension's copy
/// of them included: (path under `lib/`, contents), sorted.
pub fn shared_lib_files() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = OverlayFiles::iter()
        .filter_map(|path| {
            let name = path.strip_prefix("lib/")?.to_string();
            let shared = (name.ends_with(".js") || name.ends_with(".css")) && !name.contains('/');
            let file = OverlayFiles::get(&path).filter(|_| shared)?;
            Some((name, file.data.into_owned()))
        })
        .collect();
    files.sort();
    files
}

/// The page every `/overlay` address without a file name answers with.
const INDEX: &str = "index.html";

/// The routes: `GET /overlay`, `GET /overlay/` (any query) and `GET /overlay/<path>`.
pub fn routes() -> Router {
    Router::new()
        .route("/overlay", get(index))
        .route("/overlay/", get(index))
        .route("/overlay/{*path}", get(file))
}

/// The overlay's start page.
async fn index(headers: HeaderMap) -> Response {
    serve(INDEX, &headers)
}

/// One of the overlay's files.
async fn file(Path(path): Path<String>, headers: HeaderMap) -> Response {
    serve(&path, &headers)
}

/// Whether `path` may name a file of the overlay page: no parent steps, hidden files or odd
/// characters, and not the folder's notes or test leftovers.
pub fn is_overlay_path(path: &str) -> bool {
    !path.is_empty()
        && path.len() <= 200
        && !path.ends_with(".md")
        && !path.starts_with("test-artifacts/")
        && path.split('/').all(|segment| {
            !segment.is_empty()
                && !segment.starts_with('.')
                && segment
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        })
}

/// The embedded file at `path` with its headers, or a plain 404.
fn serve(path: &str, headers: &HeaderMap) -> Response {
    let found = if is_overlay_path(path) {
        OverlayFiles::get(path)
    } else {
        None
    };
    let Some(file) = found else {
        return (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "no such overlay file",
        )
            .into_response();
    };
    let mime = content_type(path, file.metadata.mimetype());
    let csp = content_security_policy(headers);
    let mut response = static_response(
        StatusCode::OK,
        &mime,
        "no-cache",
        &csp,
        file.data.into_owned(),
    );
    // The page's address carries a token until the page drops it: never send it on.
    response.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// A static file's answer: its type, cache rule and content policy, and `nosniff` (a value that
/// is not a valid header is left out).
pub(crate) fn static_response(
    status: StatusCode,
    mime: &str,
    cache: &str,
    csp: &str,
    body: Vec<u8>,
) -> Response {
    let mut response = (status, body).into_response();
    let out = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE, mime),
        (header::CACHE_CONTROL, cache),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::CONTENT_SECURITY_POLICY, csp),
    ] {
        if let Ok(value) = HeaderValue::from_str(value) {
            out.insert(name, value);
        }
    }
    response
}

/// The content type of an overlay file: JavaScript as `text/javascript` (what module scripts
/// need), text with its charset.
fn content_type(path: &str, guessed: &str) -> String {
    if path.ends_with(".js") || path.ends_with(".mjs") {
        return "text/javascript; charset=utf-8".to_string();
    }
    if guessed.starts_with("text/") || guessed == "image/svg+xml" {
        format!("{guessed}; charset=utf-8")
    } else {
        guessed.to_string()
    }
}

/// Only the daemon's own files, images from its own `/icons` (or `data:`), and a WebSocket to the
/// host the page came from (which the Host guard has already limited to this daemon).
fn content_security_policy(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .filter(|host| {
            host.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '[' | ']'))
        })
        .unwrap_or("127.0.0.1");
    format!(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self' ws://{host}; base-uri 'none'; form-action 'none'; \
         frame-ancestors 'none'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_name_overlay_files() {
        for ok in ["index.html", "lib/rpc.js", "overlay.css", "lib/tiers.css"] {
            assert!(is_overlay_path(ok), "{ok}");
        }
        for bad in [
            "",
            "../Cargo.toml",
            "lib/../index.html",
            "/etc/passwd",
            "lib//rpc.js",
            ".hidden",
            "lib\\rpc.js",
            "a%2e%2e",
            "README.md",
            "test-artifacts/x.png",
        ] {
            assert!(!is_overlay_path(bad), "{bad}");
        }
    }

    #[test]
    fn the_page_and_its_modules_are_embedded_with_usable_types() {
        for (path, mime) in [
            ("index.html", "text/html; charset=utf-8"),
            ("overlay.js", "text/javascript; charset=utf-8"),
            ("lib/rpc.js", "text/javascript; charset=utf-8"),
            ("overlay.css", "text/css; charset=utf-8"),
        ] {
            let file = OverlayFiles::get(path).unwrap_or_else(|| panic!("{path} is embedded"));
            assert_eq!(content_type(path, file.metadata.mimetype()), mime);
        }
    }
}
