//! The token files in the data directory, readable only by the user running the daemon (0600):
//! `admin.token`, a fresh random token written at every start (the command line reads it), and
//! `overlay.token`, kept across restarts so an overlay link (an OBS browser source) keeps working.

use std::path::{Path, PathBuf};

/// The admin token file's name inside the data directory.
pub const ADMIN_TOKEN_FILE: &str = "admin.token";

/// Where the admin token lives for a data directory.
pub fn admin_token_path(data_dir: &Path) -> PathBuf {
    data_dir.join(ADMIN_TOKEN_FILE)
}

/// The overlay token file's name inside the data directory.
pub const OVERLAY_TOKEN_FILE: &str = "overlay.token";

/// Replaces the admin token file with `token`, creating the data directory if needed.
pub fn write_admin_token(data_dir: &Path, token: &str) -> std::io::Result<PathBuf> {
    let path = admin_token_path(data_dir);
    write_private(data_dir, &path, token)?;
    Ok(path)
}

/// The overlay token: the one in `overlay.token` when it holds a well-formed token, else a new
/// one (`mint`) written there.
pub fn overlay_token(data_dir: &Path, mint: impl FnOnce() -> String) -> std::io::Result<String> {
    let path = data_dir.join(OVERLAY_TOKEN_FILE);
    let kept = std::fs::read_to_string(&path)
        .ok()
        .map(|text| text.trim().to_string())
        .filter(|token| token.len() >= 32 && token.chars().all(|c| c.is_ascii_hexdigit()));
    if let Some(token) = kept {
        return Ok(token);
    }
    let token = mint();
    write_private(data_dir, &path, &token)?;
    Ok(token)
}

/// Replaces `overlay.token` with `token` (0600).
pub fn replace_overlay_token(data_dir: &Path, token: &str) -> std::io::Result<()> {
    write_private(data_dir, &data_dir.join(OVERLAY_TOKEN_FILE), token)
}

/// Replaces `path` (in `data_dir`, created if needed) with `token`, mode 0600, atomically: a
/// temporary file (created 0600) in the same directory, synced, then renamed over `path`, so a
/// reader never sees the file missing or half written.
fn write_private(data_dir: &Path, path: &Path, token: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(data_dir)?;
    let mut file = tempfile::NamedTempFile::new_in(data_dir)?;
    std::io::Write::write_all(&mut file, token.as_bytes())?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Reads the admin token (for the command line); surrounding whitespace is ignored.
pub fn read_admin_token(data_dir: &Path) -> std::io::Result<String> {
    Ok(std::fs::read_to_string(admin_token_path(data_dir))?
        .trim()
        .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_replaced_and_private() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("data");
        write_admin_token(&data, "first").expect("write");
        let path = write_admin_token(&data, "second").expect("write again");
        assert!(path.is_file(), "{}", path.display());
        assert_eq!(read_admin_token(&data).expect("read"), "second");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)
                .expect("metadata")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn the_overlay_token_is_kept_across_starts_and_replaced_when_damaged() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = overlay_token(dir.path(), || "ab".repeat(32)).expect("minted");
        assert_eq!(first, "ab".repeat(32));
        let again = overlay_token(dir.path(), || "cd".repeat(32)).expect("kept");
        assert_eq!(again, first);
        std::fs::write(dir.path().join(OVERLAY_TOKEN_FILE), "not a token").expect("damage");
        let fresh = overlay_token(dir.path(), || "ef".repeat(32)).expect("replaced");
        assert_eq!(fresh, "ef".repeat(32));
    }
}
