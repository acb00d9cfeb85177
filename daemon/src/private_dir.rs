//! The data directory at rest (`PROTOCOL.md`, Who may connect): created 0700, tightened to 0700
//! when it exists and this user owns it, every file in it 0600 and every directory 0700
//! (the redb store included), and a process umask of 077 so files written later (icons, the
//! manifest, tokens) are born private. Other users cannot read the inventory, the loadouts, the
//! account ids or the paired clients.

use std::path::Path;

/// How deep the walk that tightens an existing data directory goes.
#[cfg(unix)]
const MAX_DEPTH: usize = 8;

/// Creates `dir` (0700) or tightens it, tightens what it holds, and makes new files private.
pub fn prepare(dir: &Path) -> std::io::Result<()> {
    restrict_new_files();
    create_private(dir)?;
    tighten(dir, 0)
}

/// Every file the process creates from now on is readable by its user only (umask 077).
fn restrict_new_files() {
    #[cfg(unix)]
    // SAFETY: umask only replaces the process's file mode mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

fn create_private(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Sets `path` (a directory) to 0700 and what it holds to 0600 (files) and 0700 (directories),
/// for what this user owns; symbolic links are left alone and not followed.
fn tighten(path: &Path, depth: usize) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        let meta = std::fs::symlink_metadata(path)?;
        if meta.file_type().is_symlink() || meta.uid() != me {
            return Ok(());
        }
        let wanted = if meta.is_dir() { 0o700 } else { 0o600 };
        if meta.permissions().mode() & 0o777 != wanted {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(wanted))?;
        }
        if meta.is_dir() && depth < MAX_DEPTH {
            for entry in std::fs::read_dir(path)? {
                tighten(&entry?.path(), depth + 1)?;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = (path, depth);
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path)
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777
    }

    #[test]
    fn an_open_directory_and_its_files_are_tightened() {
        let root = tempfile::tempdir().expect("tempdir");
        let data = root.path().join("data");
        std::fs::create_dir_all(data.join("icons")).expect("mkdir");
        std::fs::write(data.join("store.redb"), b"x").expect("write");
        std::fs::write(data.join("icons/a.png"), b"x").expect("write");
        for p in [&data, &data.join("icons")] {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        }
        for p in [data.join("store.redb"), data.join("icons/a.png")] {
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        }
        prepare(&data).expect("prepare");
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&data.join("icons")), 0o700);
        assert_eq!(mode(&data.join("store.redb")), 0o600);
        assert_eq!(mode(&data.join("icons/a.png")), 0o600);
        std::fs::write(data.join("later"), b"x").expect("write");
        assert_eq!(
            mode(&data.join("later")),
            0o600,
            "new files are born private"
        );
    }
}
