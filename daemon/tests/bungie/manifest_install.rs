//! Installing manifest versions: progress, the atomic swap, every kind of bad download keeping
//! the old manifest, and the restart that finds the current one through `current.json`.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use vault_raider::bungie::manifest::defs::ItemDef;
use vault_raider::bungie::manifest::{
    ManifestError, ManifestStore, Progress, REQUIRED_TABLES, Stage,
};
use vault_raider_sim::manifest_db::{ManifestTable, build_manifest_zip, build_sqlite};

/// The item every test manifest holds, whose name tells the versions apart.
const ITEM: u32 = 3_000_000_000;

/// Every required table, with one item named `name` plus `filler` more items.
fn tables(name: &str, filler: u32) -> Vec<ManifestTable> {
    REQUIRED_TABLES
        .iter()
        .map(|table| {
            let mut rows = vec![];
            if *table == "DestinyInventoryItemDefinition" {
                rows.push((
                    ITEM,
                    serde_json::json!({"hash": ITEM, "displayProperties": {"name": name}}),
                ));
                rows.extend((0..filler).map(|h| {
                    (
                        h,
                        serde_json::json!({"hash": h, "padding": format!("{h:0>200}")}),
                    )
                }));
            }
            ManifestTable {
                name: table.to_string(),
                rows,
            }
        })
        .collect()
}

/// A manifest zip whose item is named `name`.
fn manifest_zip(name: &str) -> Vec<u8> {
    build_manifest_zip(&tables(name, 0), "world_sql_content_test.content").expect("zip")
}

/// A zip holding `files` (name, bytes) as they are.
fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    for (name, bytes) in files {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file(*name, options).expect("start");
        std::io::Write::write_all(&mut zip, bytes).expect("write");
    }
    zip.finish().expect("finish");
    out.into_inner()
}

/// The name of the item in the manifest in use.
fn item_name(store: &ManifestStore) -> String {
    let def = store
        .lookup::<ItemDef>(ITEM)
        .expect("lookup")
        .expect("the test item");
    def.display_properties.name.clone()
}

/// The files in the manifest directory, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A store in a fresh directory with version `v1` (item "Old") installed.
fn store_with_v1() -> (tempfile::TempDir, ManifestStore) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ManifestStore::open(dir.path()).expect("open");
    store
        .install_bytes("v1", &manifest_zip("Old"), &mut |_| {})
        .expect("install v1");
    (dir, store)
}

/// Installing `zip` as v2 fails, and v1 is still in use, on disk and after a restart.
fn assert_refused_and_v1_kept(zip: &[u8]) -> ManifestError {
    let (dir, store) = store_with_v1();
    let before = files_in(dir.path());
    let err = store
        .install_bytes("v2", zip, &mut |_| {})
        .expect_err("a bad download is refused");
    assert_eq!(store.version().as_deref(), Some("v1"));
    assert_eq!(item_name(&store), "Old");
    assert!(store.needs_update("v2"));
    assert_eq!(
        files_in(dir.path()),
        before,
        "the failed install left files behind"
    );
    drop(store);
    let reopened = ManifestStore::open(dir.path()).expect("reopen");
    assert_eq!(
        (reopened.version().as_deref(), item_name(&reopened).as_str()),
        (Some("v1"), "Old")
    );
    err
}

#[test]
fn an_install_reports_progress_and_answers_needs_update() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ManifestStore::open(dir.path().join("m")).expect("open");
    assert!(store.needs_update("v1"));
    let mut seen: Vec<Progress> = Vec::new();
    let zip = build_manifest_zip(&tables("Old", 2_000), "w.content").expect("zip");
    store
        .install_bytes("v1", &zip, &mut |p| seen.push(p))
        .expect("install");
    assert_eq!(store.version().as_deref(), Some("v1"));
    assert!(!store.needs_update("v1"));
    assert!(store.needs_update("v2"));
    let extract: Vec<&Progress> = seen.iter().filter(|p| p.stage == Stage::Extract).collect();
    let last = extract.last().expect("extract progress");
    assert!(extract.len() > 2, "{} extract reports", extract.len());
    assert_eq!(Some(last.done), last.total, "extraction ends at its total");
    assert!(extract.windows(2).all(|w| w[0].done <= w[1].done));
    assert_eq!(seen.last().map(|p| p.stage), Some(Stage::Verify));
    assert!(files_in(&dir.path().join("m")).contains(&"current.json".to_string()));
}

#[test]
fn a_new_version_replaces_the_old_one_and_removes_its_file() {
    let (dir, store) = store_with_v1();
    let v1_files = files_in(dir.path());
    assert_eq!(v1_files.len(), 2, "{v1_files:?}");
    store
        .install_bytes("v2", &manifest_zip("New"), &mut |_| {})
        .expect("install v2");
    assert_eq!(
        (store.version().as_deref(), item_name(&store).as_str()),
        (Some("v2"), "New")
    );
    let v2_files = files_in(dir.path());
    assert_eq!(
        v2_files.len(),
        2,
        "only current.json and the new database remain: {v2_files:?}"
    );
    let pointer: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("current.json")).expect("pointer"))
            .expect("pointer is JSON");
    assert_eq!(pointer["version"], "v2");
    assert!(v2_files.contains(&pointer["file"].as_str().expect("file").to_string()));
}

#[test]
fn lookups_during_a_swap_see_the_old_or_the_new_manifest_never_an_error() {
    let (_dir, store) = store_with_v1();
    let store = Arc::new(store);
    let done = Arc::new(AtomicBool::new(false));
    let reader = {
        let (store, done) = (store.clone(), done.clone());
        std::thread::spawn(move || {
            let mut names = Vec::new();
            while !done.load(Ordering::SeqCst) {
                names.push(item_name(&store));
            }
            names.push(item_name(&store));
            names
        })
    };
    let zip = build_manifest_zip(&tables("New", 5_000), "w.content").expect("zip");
    store
        .install_bytes("v2", &zip, &mut |_| {})
        .expect("install v2");
    done.store(true, Ordering::SeqCst);
    let names = reader.join().expect("the reader never panics");
    let first_new = names
        .iter()
        .position(|n| n == "New")
        .expect("the new one is seen");
    assert!(names[..first_new].iter().all(|n| n == "Old"));
    assert!(
        names[first_new..].iter().all(|n| n == "New"),
        "a lookup went back to the old one"
    );
}

#[test]
fn a_restart_uses_the_manifest_current_json_names_and_sweeps_leftovers() {
    let (dir, store) = store_with_v1();
    store
        .install_bytes("v2", &manifest_zip("New"), &mut |_| {})
        .expect("install v2");
    drop(store);
    std::fs::write(
        dir.path().join("world-deadbeef.sqlite3.part"),
        b"half a download",
    )
    .expect("write");
    std::fs::write(dir.path().join("download-1.zip.part"), b"half a zip").expect("write");
    std::fs::write(dir.path().join("notes.txt"), b"not ours").expect("write");
    let store = ManifestStore::open(dir.path()).expect("reopen");
    assert_eq!(
        (store.version().as_deref(), item_name(&store).as_str()),
        (Some("v2"), "New")
    );
    assert!(!store.needs_update("v2"));
    let files = files_in(dir.path());
    assert_eq!(
        files.len(),
        3,
        "partial files are swept, others kept: {files:?}"
    );
    assert!(files.contains(&"notes.txt".to_string()));
}

#[test]
fn a_damaged_pointer_or_missing_database_starts_empty() {
    let (dir, store) = store_with_v1();
    drop(store);
    std::fs::write(
        dir.path().join("current.json"),
        b"{\"version\": \"v1\", \"fi",
    )
    .expect("damage");
    let store = ManifestStore::open(dir.path()).expect("a damaged pointer is not fatal");
    assert_eq!(store.version(), None);
    assert!(store.needs_update("v1"));
    store
        .install_bytes("v1", &manifest_zip("Again"), &mut |_| {})
        .expect("reinstall");
    assert_eq!(item_name(&store), "Again");
    drop(store);
    for file in files_in(dir.path())
        .iter()
        .filter(|f| f.ends_with(".sqlite3"))
    {
        std::fs::remove_file(dir.path().join(file)).expect("remove database");
    }
    let store = ManifestStore::open(dir.path()).expect("a missing database is not fatal");
    assert_eq!(store.version(), None);
}

#[test]
fn a_corrupt_zip_keeps_the_old_manifest() {
    let mut zip = build_manifest_zip(&tables("New", 3_000), "w.content").expect("zip");
    let middle = zip.len() / 2;
    for byte in &mut zip[middle..middle + 64] {
        *byte ^= 0x5a;
    }
    let err = assert_refused_and_v1_kept(&zip);
    assert!(matches!(err, ManifestError::Zip(_)), "{err}");
}

#[test]
fn a_truncated_zip_keeps_the_old_manifest() {
    let zip = manifest_zip("New");
    let err = assert_refused_and_v1_kept(&zip[..zip.len() * 2 / 3]);
    assert!(matches!(err, ManifestError::Zip(_)), "{err}");
    assert!(err.to_string().contains("download it again"), "{err}");
}

#[test]
fn a_database_without_the_needed_tables_keeps_the_old_manifest() {
    let only_items: Vec<ManifestTable> = tables("New", 0)
        .into_iter()
        .filter(|t| t.name == "DestinyInventoryItemDefinition")
        .collect();
    let zip = build_manifest_zip(&only_items, "w.content").expect("zip");
    let err = assert_refused_and_v1_kept(&zip);
    assert!(
        matches!(err, ManifestError::MissingTable(ref t) if t == "DestinyInventoryBucketDefinition"),
        "{err}"
    );
}

#[test]
fn a_database_with_no_readable_item_keeps_the_old_manifest() {
    let err = assert_refused_and_v1_kept(
        &build_manifest_zip(
            &tables("x", 0)
                .into_iter()
                .map(|mut t| {
                    t.rows.clear();
                    t
                })
                .collect::<Vec<_>>(),
            "w.content",
        )
        .expect("zip"),
    );
    assert!(matches!(err, ManifestError::EmptyItems), "{err}");
}

#[test]
fn a_damaged_database_inside_a_sound_zip_keeps_the_old_manifest() {
    let mut db = build_sqlite(&tables("New", 3_000)).expect("sqlite");
    let page = 4096;
    assert!(db.len() > 8 * page);
    for byte in &mut db[2 * page..6 * page] {
        *byte = 0xff;
    }
    let err = assert_refused_and_v1_kept(&zip_of(&[("w.content", &db)]));
    assert!(
        matches!(err, ManifestError::Corrupt(_) | ManifestError::Sqlite(_)),
        "{err}"
    );
}

#[test]
fn an_archive_that_is_not_one_sqlite_file_keeps_the_old_manifest() {
    let err = assert_refused_and_v1_kept(&zip_of(&[("w.content", b"<html>maintenance</html>")]));
    assert!(matches!(err, ManifestError::NotSqlite), "{err}");
    let db = build_sqlite(&tables("New", 0)).expect("sqlite");
    let err = assert_refused_and_v1_kept(&zip_of(&[("a.content", &db), ("b.content", &db)]));
    assert!(matches!(err, ManifestError::ArchiveEntries(2)), "{err}");
    let err = assert_refused_and_v1_kept(&zip_of(&[]));
    assert!(matches!(err, ManifestError::ArchiveEntries(0)), "{err}");
    let err = assert_refused_and_v1_kept(b"<html>Bungie is down for maintenance</html>");
    assert!(matches!(err, ManifestError::Zip(_)), "{err}");
}

#[test]
fn a_database_over_the_size_limit_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ManifestStore::open(dir.path())
        .expect("open")
        .with_max_database_bytes(10_000);
    let zip = build_manifest_zip(&tables("Big", 1_000), "w.content").expect("zip");
    let err = store
        .install_bytes("v1", &zip, &mut |_| {})
        .expect_err("too large");
    assert!(
        matches!(err, ManifestError::TooLarge { limit: 10_000 }),
        "{err}"
    );
    assert_eq!(store.version(), None);
    assert!(
        files_in(dir.path()).is_empty(),
        "{:?}",
        files_in(dir.path())
    );
}

/// A download stream that fails after `left` bytes.
struct FailingStream {
    /// The bytes still to give.
    data: std::io::Cursor<Vec<u8>>,
    /// How many bytes to give before failing.
    left: usize,
}

impl Read for FailingStream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "connection reset",
            ));
        }
        let n = buf.len().min(self.left);
        let n = self.data.read(&mut buf[..n])?;
        self.left -= n;
        Ok(n)
    }
}

#[test]
fn a_streamed_download_is_spooled_and_installed_with_download_progress() {
    let (dir, store) = store_with_v1();
    let zip = manifest_zip("New");
    let total = zip.len() as u64;
    let mut seen = Vec::new();
    store
        .install_reader("v2", std::io::Cursor::new(zip), Some(total), &mut |p| {
            seen.push(p)
        })
        .expect("install");
    assert_eq!(item_name(&store), "New");
    let download = seen
        .iter()
        .rev()
        .find(|p| p.stage == Stage::Download)
        .expect("download progress");
    assert_eq!((download.done, download.total), (total, Some(total)));
    let stages: Vec<Stage> = seen.iter().map(|p| p.stage).collect();
    let first_extract = stages
        .iter()
        .position(|s| *s == Stage::Extract)
        .expect("extract");
    assert!(
        stages[..first_extract]
            .iter()
            .all(|s| *s == Stage::Download)
    );
    assert_eq!(files_in(dir.path()).len(), 2, "the spool file is removed");
}

#[test]
fn a_download_that_breaks_part_way_keeps_the_old_manifest() {
    let (dir, store) = store_with_v1();
    let zip = manifest_zip("New");
    let left = zip.len() / 2;
    let stream = FailingStream {
        data: std::io::Cursor::new(zip),
        left,
    };
    let err = store
        .install_reader("v2", stream, None, &mut |_| {})
        .expect_err("broken download");
    assert!(
        matches!(
            err,
            ManifestError::Io {
                action: "download",
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(
        (store.version().as_deref(), item_name(&store).as_str()),
        (Some("v1"), "Old")
    );
    assert_eq!(
        files_in(dir.path()).len(),
        2,
        "the spool file is removed: {:?}",
        files_in(dir.path())
    );
}

#[test]
fn a_member_name_that_climbs_out_of_the_directory_is_never_used_as_a_path() {
    let root = tempfile::tempdir().expect("temp dir");
    let dir = root.path().join("a").join("manifest");
    let store = ManifestStore::open(&dir).expect("open");
    let db = build_sqlite(&tables("Climber", 0)).expect("sqlite");
    let zip = zip_of(&[("../../escaped.sqlite3", &db)]);
    store
        .install_bytes("v1", &zip, &mut |_| {})
        .expect("installs under our own name");
    assert_eq!(item_name(&store), "Climber");
    assert!(!root.path().join("escaped.sqlite3").exists());
    assert!(!root.path().join("a").join("escaped.sqlite3").exists());
    assert_eq!(files_in(&dir).len(), 2, "{:?}", files_in(&dir));
}
