//! Writing a file only the user can read (0600 on Unix; on Windows an access control list for the
//! signed-in user alone, see [`super::owner_acl`]), atomically: a temporary file in the same
//! directory (`tempfile`, created 0600), restricted before anything is written to it, synced,
//! then persisted over the old one.
//! Used for tokens and the callback's TLS key.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` with mode 0600 (Windows: the user-only ACL), creating the directory
/// (0700) if needed.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "no parent directory")
    })?;
    create_private_dir(dir)?;
    // Removed when dropped unless persisted.
    let mut file = tempfile::Builder::new()
        .prefix(".")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    restrict(file.path())?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Creates `dir` (and parents), 0700 on Unix when newly made.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.exists() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Makes sure the file is 0600 (whatever the umask made of it); on Windows, replaces its inherited access control list with one for the user alone.
fn restrict(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(windows)]
    super::owner_acl::restrict_to_current_user(path)?;
    #[cfg(not(any(unix, windows)))]
    let _ = path;
    Ok(())
}

#[cfg(all(test, windows))]
mod windows_tests {
    use super::*;

    #[test]
    fn the_written_file_lets_in_the_user_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tokens.json");
        write_private(&path, b"{}").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{}");
        let dacl = super::super::owner_acl::dacl_sddl(&path).unwrap();
        // Windows keeps the protected DACL as written: `D:P(A;;FA;;;S-1-5-21-…)`. Wine stores
        // ACLs as the file's Unix mode and reads them back with SYSTEM beside the owner. Either
        // way this user has full access and no entry lets anyone else in (no Everyone, Users,
        // Authenticated Users, interactive or guest entry, by alias or by number).
        let entries: Vec<&str> = dacl
            .split('(')
            .skip(1)
            .map(|entry| entry.trim_end_matches(')'))
            .collect();
        assert!(!entries.is_empty(), "{dacl}");
        let sid = super::super::owner_acl::current_user_sid().unwrap();
        let user = entries
            .iter()
            .filter(|entry| **entry == format!("A;;FA;;;{sid}"))
            .count();
        assert_eq!(user, 1, "the user has full access: {dacl}");
        for entry in &entries {
            let trustee = entry.rsplit(';').next().unwrap_or_default();
            assert!(
                trustee == sid || trustee == "SY" || trustee == "S-1-5-18",
                "only the user and the system: {dacl}"
            );
        }
    }
}
