//! What Bungie serves outside `/Platform`: the `DestinyManifest` paths and the files they name (the
//! SQLite-in-a-zip world content and per-table JSON, API.md §6), and item icons as small PNGs.

use std::sync::Arc;

use axum::body::Bytes;
use axum::response::Response;
use http::StatusCode;
use serde_json::{Map, Value, json};
use sha2::Digest;

use super::codes::{self, PlatformError};
use super::envelope;
use super::request::RawRequest;
use super::state::{BuiltManifest, SimState, lock};
use crate::manifest_db;

const SQLITE_PREFIX: &str = "/common/destiny2_content/sqlite/en/world_sql_content_";
const JSON_PREFIX: &str = "/common/destiny2_content/json/en/";

/// The short content hash the manifest's file names carry for a version.
fn content_hash(version: &str) -> String {
    let digest = sha2::Sha256::digest(version.as_bytes());
    hex::encode(digest).chars().take(32).collect()
}

/// The manifest for the world's current version, its definitions built once per version.
fn current_manifest(state: &SimState) -> BuiltManifest {
    let definitions_id = lock(&state.world).definitions_id();
    if let Some(built) = lock(&state.manifest)
        .as_ref()
        .filter(|built| built.definitions_id == definitions_id)
    {
        return built.clone();
    }
    let (version, tables) = {
        let world = lock(&state.world);
        (world.manifest_version(), Arc::new(world.manifest_tables()))
    };
    let built = BuiltManifest {
        definitions_id,
        version,
        tables,
        zip: None,
    };
    *lock(&state.manifest) = Some(built.clone());
    built
}

/// The `DestinyManifest` GetDestinyManifest answers with.
pub fn manifest_json(state: &SimState) -> Value {
    let manifest = current_manifest(state);
    let hash = content_hash(&manifest.version);
    let components: Map<String, Value> = manifest
        .tables
        .iter()
        .map(|table| {
            (
                table.name.clone(),
                json!(format!("{JSON_PREFIX}{}-{hash}.json", table.name)),
            )
        })
        .collect();
    json!({
        "version": manifest.version,
        "mobileAssetContentPath": format!("/common/destiny2_content/sqlite/asset/asset_sql_content_{hash}.content"),
        "mobileGearAssetDataBases": [],
        "mobileWorldContentPaths": {"en": format!("{SQLITE_PREFIX}{hash}.content")},
        "jsonWorldContentPaths": {"en": format!("{JSON_PREFIX}aggregate-{hash}.json")},
        "jsonWorldComponentContentPaths": {"en": components},
        "mobileClanBannerDatabasePath": format!("/common/destiny2_content/clanbanner/clanbanner_sql_content_{hash}.content"),
        "mobileGearCDN": {
            "Geometry": "/common/destiny2_content/geometry/platform/mobile/geometry",
            "Texture": "/common/destiny2_content/geometry/platform/mobile/textures",
            "PlateRegion": "/common/destiny2_content/geometry/platform/mobile/plated_textures",
            "Gear": "/common/destiny2_content/geometry/gear",
            "Shader": "/common/destiny2_content/geometry/platform/mobile/shaders"
        },
        "iconImagePyramidInfo": []
    })
}

/// Serves a manifest file or an icon; anything else is a 404 envelope.
pub async fn serve(state: &Arc<SimState>, request: RawRequest) -> Response {
    let path = request.uri.path();
    if path.starts_with("/common/destiny2_content/") {
        let manifest = current_manifest(state);
        let hash = content_hash(&manifest.version);
        if path == format!("{SQLITE_PREFIX}{hash}.content") {
            state.calls.record("ManifestDownload");
            return manifest_zip(state, manifest).await;
        }
        if let Some(name) = path
            .strip_prefix(JSON_PREFIX)
            .and_then(|rest| rest.strip_suffix(&format!("-{hash}.json")))
        {
            state.calls.record("ManifestDownload");
            if let Some(body) = table_json(&manifest, name) {
                return envelope::json_response(StatusCode::OK, body);
            }
        }
    }
    if lock(&state.world)
        .icon_paths()
        .iter()
        .any(|icon| icon == path)
    {
        return envelope::typed(
            StatusCode::OK,
            "image/png",
            Some("public, max-age=86400"),
            icon_png(path),
        );
    }
    envelope::error(
        &PlatformError::with_message(codes::NOT_FOUND, "No such file."),
        false,
    )
}

/// One table as Bungie's per-component JSON (keyed by the unsigned hash), or all of them for
/// `aggregate`.
fn table_json(manifest: &BuiltManifest, name: &str) -> Option<Vec<u8>> {
    let as_object = |table: &manifest_db::ManifestTable| -> Value {
        table
            .rows
            .iter()
            .map(|(hash, row)| (hash.to_string(), row.clone()))
            .collect::<Map<_, _>>()
            .into()
    };
    let value = if name == "aggregate" {
        manifest
            .tables
            .iter()
            .map(|table| (table.name.clone(), as_object(table)))
            .collect::<Map<_, _>>()
            .into()
    } else {
        as_object(manifest.tables.iter().find(|table| table.name == name)?)
    };
    serde_json::to_vec(&value).ok()
}

async fn manifest_zip(state: &Arc<SimState>, manifest: BuiltManifest) -> Response {
    let zip = match manifest.zip.clone() {
        Some(zip) => Ok(zip),
        None => {
            let file_name = format!(
                "world_sql_content_{}.content",
                content_hash(&manifest.version)
            );
            let tables = Arc::clone(&manifest.tables);
            let padding = state.settings.manifest_padding;
            tokio::task::spawn_blocking(move || {
                manifest_db::build_padded_manifest_zip(&tables, &file_name, padding)
            })
            .await
            .map_err(|e| e.to_string())
            .and_then(|built| built.map(Bytes::from).map_err(|e| e.to_string()))
        }
    };
    match zip {
        Ok(zip) => {
            if let Some(cached) = lock(&state.manifest)
                .as_mut()
                .filter(|built| built.version == manifest.version)
            {
                cached.zip = Some(zip.clone());
            }
            envelope::typed(StatusCode::OK, "application/octet-stream", None, zip)
        }
        Err(message) => {
            tracing::warn!(%message, "building the manifest failed");
            envelope::error(
                &PlatformError::with_message(3, "The manifest could not be built."),
                false,
            )
        }
    }
}

/// A 96×96 icon whose colours come from the path, so each item looks different but stays the same.
pub fn icon_png(path: &str) -> Vec<u8> {
    const SIZE: u32 = 96;
    let digest: [u8; 32] = sha2::Sha256::digest(path.as_bytes()).into();
    let [r, g, b, ar, ag, ab, ..] = digest;
    let (base, accent) = ([r, g, b], [ar | 0x80, ag | 0x80, ab | 0x80]);
    let mut pixels = Vec::with_capacity((SIZE * SIZE * 3) as usize);
    for y in 0..SIZE {
        for x in 0..SIZE {
            let border = x < 4 || y < 4 || x >= SIZE - 4 || y >= SIZE - 4;
            let band = (x + y) % 32 < 8;
            pixels.extend_from_slice(if border || band { &accent } else { &base });
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, SIZE, SIZE);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let written = encoder
        .write_header()
        .and_then(|mut writer| writer.write_image_data(&pixels));
    if let Err(error) = written {
        tracing::warn!(%error, "encoding an icon failed");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icons_are_pngs_that_differ_by_path() {
        let a = icon_png("/common/destiny2_content/icons/a.jpg");
        let b = icon_png("/common/destiny2_content/icons/b.jpg");
        assert_eq!(a.get(..8), Some(&b"\x89PNG\r\n\x1a\n"[..]));
        assert_ne!(a, b);
        assert_eq!(a, icon_png("/common/destiny2_content/icons/a.jpg"));
    }
}
