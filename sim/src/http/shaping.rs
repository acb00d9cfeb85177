//! The transport between the simulator and its clients, as the real service's: JSON compressed with
//! brotli or gzip when the request accepts it, bodies paced to `--link-kbps`, and every response's
//! bytes counted per endpoint before and after compression.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderValue, header};

use super::platform::Route;
use super::state::SimState;

/// The pieces a paced body is sent in.
const CHUNK: usize = 16 * 1024;

/// Which compression a request accepts, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `br`.
    Brotli,
    /// `gzip`.
    Gzip,
}

/// The best encoding `accept` (an `Accept-Encoding` value) allows, brotli before gzip.
pub fn negotiate(accept: &str) -> Option<Encoding> {
    let accepted = |name: &str| {
        accept.split(',').any(|part| {
            let mut pieces = part.split(';');
            let token = pieces.next().unwrap_or("").trim();
            let refused = pieces.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0))
            });
            token.eq_ignore_ascii_case(name) && !refused
        })
    };
    if accepted("br") {
        Some(Encoding::Brotli)
    } else if accepted("gzip") {
        Some(Encoding::Gzip)
    } else {
        None
    }
}

/// `body` compressed with `encoding`.
pub fn compress(body: &[u8], encoding: Encoding) -> std::io::Result<Vec<u8>> {
    match encoding {
        Encoding::Gzip => {
            let mut out = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            out.write_all(body)?;
            out.finish()
        }
        Encoding::Brotli => {
            let mut out = Vec::new();
            {
                let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
                writer.write_all(body)?;
                writer.flush()?;
            }
            Ok(out)
        }
    }
}

/// The name `/sim/traffic` counts a path under.
pub fn endpoint_name(path: &str) -> String {
    let lower = path.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("/platform/") {
        let segments: Vec<&str> = rest.trim_matches('/').split('/').collect();
        return Route::recognize(&segments)
            .name()
            .unwrap_or("UnknownPlatform")
            .to_owned();
    }
    let name = if lower.starts_with("/common/destiny2_content/sqlite/") {
        "ManifestDownload"
    } else if lower.starts_with("/common/destiny2_content/json/") {
        "ManifestJson"
    } else if lower.starts_with("/sim/") {
        "Control"
    } else if lower.starts_with("/en/oauth") {
        "OAuth"
    } else {
        "Asset"
    };
    name.to_owned()
}

fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"))
}

/// The middleware: compresses, counts and paces every response.
pub async fn shape(State(state): State<Arc<SimState>>, request: Request, next: Next) -> Response {
    let endpoint = endpoint_name(request.uri().path());
    let encoding = request
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .and_then(negotiate);
    let response = next.run(request).await;
    let compress_it =
        is_json(&response) && !response.headers().contains_key(header::CONTENT_ENCODING);
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::warn!(%error, "the simulator could not read its own response");
            Bytes::new()
        }
    };
    let uncompressed = bytes.len();
    let sent = match encoding.filter(|_| compress_it && !bytes.is_empty()) {
        Some(encoding) => match compress(&bytes, encoding) {
            Ok(compressed) => {
                let name = match encoding {
                    Encoding::Brotli => "br",
                    Encoding::Gzip => "gzip",
                };
                parts
                    .headers
                    .insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
                parts.headers.remove(header::CONTENT_LENGTH);
                Bytes::from(compressed)
            }
            Err(error) => {
                tracing::warn!(%error, "compressing a response failed; sending it plain");
                bytes
            }
        },
        None => bytes,
    };
    if compress_it {
        parts
            .headers
            .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    state.traffic.record(&endpoint, uncompressed, sent.len());
    let kbps = state.settings.realism.link_kbps;
    let body = if kbps == 0 {
        Body::from(sent)
    } else {
        paced(sent, kbps)
    };
    Response::from_parts(parts, body)
}

/// How long `bytes` take at `kbps` kilobits per second.
pub fn transfer_time(bytes: usize, kbps: u32) -> Duration {
    let bits = (bytes as f64) * 8.0;
    Duration::from_secs_f64(bits / (f64::from(kbps.max(1)) * 1000.0))
}

/// A body sent in chunks no faster than `kbps`.
fn paced(body: Bytes, kbps: u32) -> Body {
    let stream = futures_util::stream::unfold(body, move |mut rest| async move {
        if rest.is_empty() {
            return None;
        }
        let chunk = rest.split_to(rest.len().min(CHUNK));
        tokio::time::sleep(transfer_time(chunk.len(), kbps)).await;
        Some((Ok::<Bytes, std::io::Error>(chunk), rest))
    });
    Body::from_stream(stream)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn brotli_is_preferred_and_a_zero_quality_refuses() {
        assert_eq!(negotiate("gzip, deflate, br"), Some(Encoding::Brotli));
        assert_eq!(negotiate("gzip"), Some(Encoding::Gzip));
        assert_eq!(negotiate("br;q=0, gzip"), Some(Encoding::Gzip));
        assert_eq!(negotiate("identity"), None);
    }

    #[test]
    fn compressed_bodies_come_back_whole() {
        let body = br#"{"Response":{"items":[1,2,3,4,5,6,7,8,9,10]},"ErrorCode":1}"#.repeat(50);
        let gz = compress(&body, Encoding::Gzip).unwrap();
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut plain)
            .unwrap();
        assert_eq!(plain, body);
        let br = compress(&body, Encoding::Brotli).unwrap();
        let mut plain = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut plain)
            .unwrap();
        assert_eq!(plain, body);
        assert!(br.len() < body.len() / 5 && gz.len() < body.len() / 5);
    }

    #[test]
    fn paths_are_counted_under_their_endpoint() {
        assert_eq!(
            endpoint_name("/Platform/Destiny2/3/Profile/1/"),
            "GetProfile"
        );
        assert_eq!(
            endpoint_name("/common/destiny2_content/sqlite/en/world_sql_content_x.content"),
            "ManifestDownload"
        );
        assert_eq!(transfer_time(500_000, 4_000), Duration::from_secs(1));
    }
}
