//! `vault-raider extension --out DIR [--zip FILE]`: writes the complete unpacked browser
//! extension, embedded in the binary, so a player with only the binary gets it. Its shared
//! protocol client (`lib/`) comes from the overlay's copy, as `extension/build.mjs` makes it.

use rust_embed::RustEmbed;
use std::io::Write;
use std::path::Path;

/// The extension folder, compiled into the binary (filtered by [`is_shipped`] when written).
#[derive(RustEmbed)]
#[folder = "../extension/"]
struct ExtensionFiles;

/// Whether an embedded path belongs in the shipped extension: not the build script, notes,
/// hidden files, test leftovers or a stale `lib/` (written from the overlay's copy instead).
pub fn is_shipped(path: &str) -> bool {
    !path.starts_with("lib/")
        && !path.starts_with("test-artifacts/")
        && !path.ends_with(".md")
        && path != "build.mjs"
        && !path.split('/').any(|segment| segment.starts_with('.'))
}

/// Every file of the unpacked extension: (relative path, contents), sorted by path.
pub fn files() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = ExtensionFiles::iter()
        .filter(|path| is_shipped(path))
        .filter_map(|path| {
            ExtensionFiles::get(&path).map(|file| (path.to_string(), file.data.into_owned()))
        })
        .collect();
    for (name, data) in crate::server::overlay::shared_lib_files() {
        let note = format!(
            "Generated from overlay/lib/{name} by vault-raider extension: edit that file, not this one."
        );
        let header = if name.ends_with(".css") {
            format!("/* {note} */\n")
        } else {
            format!("// {note}\n")
        };
        let mut text = header.into_bytes();
        text.extend_from_slice(&data);
        files.push((format!("lib/{name}"), text));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Writes the unpacked extension into `dir` (created if needed); returns how many files.
pub fn write_unpacked(dir: &Path) -> std::io::Result<usize> {
    let files = files();
    for (path, data) in &files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, data)?;
    }
    Ok(files.len())
}

/// Writes the extension as the zip a store upload takes (`manifest.json` at its root).
pub fn write_zip(path: &Path) -> anyhow::Result<usize> {
    let files = files();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path)?);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in &files {
        zip.start_file(name.as_str(), options)?;
        zip.write_all(data)?;
    }
    zip.finish()?;
    Ok(files.len())
}

/// Runs the command: the unpacked folder and/or the zip, then how to load it.
pub fn run(out: Option<&Path>, zip: Option<&Path>) -> anyhow::Result<()> {
    if out.is_none() && zip.is_none() {
        anyhow::bail!("say where: --out DIR (the unpacked extension) and/or --zip FILE");
    }
    if let Some(zip) = zip {
        let count = write_zip(zip)?;
        println!("Wrote {count} files into {}", zip.display());
    }
    if let Some(dir) = out {
        let count = write_unpacked(dir)?;
        println!("Wrote the extension ({count} files) into {}", dir.display());
        println!();
        println!("Chrome, Edge, Brave and other Chromium browsers:");
        println!("  1. open chrome://extensions and switch on Developer mode;");
        println!("  2. click \"Load unpacked\" and choose {};", dir.display());
        println!(
            "  3. click the Vault Raider icon and pair: the code shows in the tray's notification,"
        );
        println!("     or `vault-raider pairing`.");
        println!("Firefox (until the browser restarts):");
        println!("  1. open about:debugging#/runtime/this-firefox;");
        println!("  2. click \"Load Temporary Add-on…\" and choose manifest.json in that folder;");
        println!("  3. pair as above.");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_is_complete_every_import_resolves_and_nothing_extra_ships() {
        let files = files();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        for wanted in ["manifest.json", "popup.html", "background.js", "lib/rpc.js"] {
            assert!(names.contains(&wanted), "{wanted} in {names:?}");
        }
        assert!(names.iter().all(|n| is_shipped(n) || n.starts_with("lib/")));
        assert!(
            !names
                .iter()
                .any(|n| n.ends_with(".md") || *n == "build.mjs")
        );
        // Every relative module a script imports is shipped.
        for (name, data) in &files {
            if !name.ends_with(".js") {
                continue;
            }
            let text = String::from_utf8_lossy(data);
            for line in text
                .lines()
                .filter(|l| l.trim_start().starts_with("import "))
            {
                let Some(spec) = line.split(['\'', '"']).nth(1) else {
                    continue;
                };
                if !spec.starts_with('.') {
                    continue;
                }
                let base = Path::new(name).parent().unwrap_or(Path::new(""));
                let mut parts: Vec<String> = Vec::new();
                for part in base.join(spec).components() {
                    match part {
                        std::path::Component::ParentDir => {
                            parts.pop();
                        }
                        std::path::Component::Normal(p) => {
                            parts.push(p.to_string_lossy().into_owned());
                        }
                        _ => {}
                    }
                }
                let target = parts.join("/");
                assert!(
                    names.contains(&target.as_str()),
                    "{name} imports {spec} ({target})"
                );
            }
        }
        // The manifest parses and names the files it uses.
        let manifest = files
            .iter()
            .find(|(n, _)| n == "manifest.json")
            .map(|(_, d)| serde_json::from_slice::<serde_json::Value>(d).expect("JSON"))
            .expect("a manifest");
        let worker = manifest["background"]["service_worker"]
            .as_str()
            .expect("a worker");
        assert!(names.contains(&worker), "{worker}");
    }

    #[test]
    fn the_zip_holds_the_same_files_with_the_manifest_at_its_root() {
        let dir = tempfile::tempdir().expect("a directory");
        let path = dir.path().join("vault-raider-extension.zip");
        let count = write_zip(&path).expect("the zip");
        let mut archive =
            zip::ZipArchive::new(std::fs::File::open(&path).expect("open")).expect("a zip");
        assert_eq!(archive.len(), count);
        assert!(archive.by_name("manifest.json").is_ok());
        let unpacked = dir.path().join("unpacked");
        assert_eq!(write_unpacked(&unpacked).expect("written"), count);
        assert!(unpacked.join("lib").join("rpc.js").is_file());
    }
}
