//! The admin token file: a fresh random token written at every start to `admin.token` in the
//! data directory, readable only by the user running the daemon (0600). The command line reads it.

use std::path::{Path, PathBuf};

/// The admin token file's name inside the data directory.
pub const ADMIN_TOKEN_FILE: &str = "admin.token";

/// Where the admin token lives for a data directory.
pub fn admin_token_path(data_dir: &Path) -> PathBuf {
    data_dir.join(ADMIN_TOKEN_FILE)
}

/// Replaces the admin token file with `token`, creating the data directory if needed.
pub fn write_admin_token(data_dir: &Path, token: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(data_dir)?;
    let path = admin_token_path(data_dir);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&path)?;
    std::io::Write::write_all(&mut file, token.as_bytes())?;
    file.sync_all()?;
    Ok(path)
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
}
