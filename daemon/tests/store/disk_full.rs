//! A full disk: a commit that cannot be written fails with `DiskFull` and changes nothing, reads
//! go on, nothing committed before is lost, and writes succeed again by themselves once there is
//! room. Once through a file layer that takes the room away, once on a real 8 MB tmpfs where the
//! machine lets a test mount one.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use std::sync::Arc;
use vault_raider::store::database::DiskSpace;
use vault_raider::store::{Store, StoreError};

/// A value large enough that a few of them make the file grow.
fn big(n: usize) -> String {
    format!("{n}:{}", "x".repeat(256 * 1024))
}

/// Writes until a commit fails for lack of room (at most `limit` tries); returns how many
/// succeeded and the error.
fn fill_until_full(store: &Store, limit: usize) -> (usize, StoreError) {
    for n in 0..limit {
        if let Err(e) = store.set_setting(&format!("big{n}"), &big(n)) {
            return (n, e);
        }
    }
    panic!("{limit} large writes all fit");
}

fn assert_survives_and_recovers(store: &Store, written: usize, free_room: impl FnOnce()) {
    // Reads go on, and what was committed before is all there.
    assert_eq!(
        store.setting("kept").expect("a read").as_deref(),
        Some("yes")
    );
    for n in 0..written {
        assert_eq!(
            store
                .setting(&format!("big{n}"))
                .expect("a read")
                .map(|v| v.len()),
            Some(big(n).len())
        );
    }
    assert_eq!(
        store.setting(&format!("big{written}")).expect("a read"),
        None,
        "the failed write left nothing"
    );
    let rev = store.rev().expect("the revision reads");

    // Still full: small writes that need no room may pass, but a big one fails the same way.
    let again = store
        .set_setting("again", &big(999))
        .expect_err("still full");
    assert!(again.is_disk_full(), "{again}");
    assert!(
        again
            .to_string()
            .contains("disk holding Vault Raider's store is full"),
        "{again}"
    );

    free_room();
    store
        .set_setting("after", &big(1000))
        .expect("writes again once there is room");
    assert_eq!(
        store.setting("kept").expect("a read").as_deref(),
        Some("yes")
    );
    assert!(store.rev().expect("rev") >= rev);
}

#[test]
fn a_full_disk_fails_writes_clearly_keeps_reads_and_recovers_by_itself() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("store.redb");
    let space = Arc::new(DiskSpace::default());
    let store = Store::open_on(&path, Some(space.clone())).expect("open");
    store.set_setting("kept", "yes").expect("write");
    space.set_full(true);
    let (written, error) = fill_until_full(&store, 200);
    assert!(error.is_disk_full(), "{error}");
    assert_survives_and_recovers(&store, written, || space.set_full(false));
    drop(store);
    let reopened = Store::open(&path).expect("reopens after all that");
    assert_eq!(
        reopened.setting("kept").expect("read").as_deref(),
        Some("yes")
    );
    assert!(reopened.setting("after").expect("read").is_some());
}

#[cfg(target_os = "linux")]
#[test]
fn a_real_full_filesystem_fails_writes_clearly_and_recovers_when_room_returns() {
    let mount = tempfile::tempdir().expect("dir");
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=8m", "tmpfs"])
        .arg(mount.path())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        // Mounting needs privileges CI containers may lack; the test above covers the logic.
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    }
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(mount.path().to_path_buf());
    let store = Store::open(&mount.path().join("store.redb")).expect("open");
    store.set_setting("kept", "yes").expect("write");
    // Another program takes most of the room.
    let hog = mount.path().join("hog");
    std::fs::write(&hog, vec![1u8; 5 * 1024 * 1024]).expect("hog");
    let (written, error) = fill_until_full(&store, 200);
    assert!(error.is_disk_full(), "{error}");
    assert_survives_and_recovers(&store, written, || {
        std::fs::remove_file(&hog).expect("free the room")
    });
}
