//! The overlay token: kept in `overlay.token` (0600) across restarts, shown only in the overlay
//! URL (never in a log line), replaced by `overlay.url {rotate: true}`; connections that used
//! the old token are closed by the server when it is replaced.

use super::admin;
use super::dispatch::lock;
use super::tokens::{TokenHash, new_token};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// The current overlay token of a running server; clone it freely (the tray keeps one).
#[derive(Clone)]
pub struct OverlayToken {
    inner: Arc<Inner>,
}

struct Inner {
    data_dir: PathBuf,
    port: u16,
    token: Mutex<String>,
}

impl std::fmt::Debug for OverlayToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OverlayToken")
            .field("port", &self.inner.port)
            .finish_non_exhaustive()
    }
}

impl OverlayToken {
    /// The token in `data_dir`'s `overlay.token` (minted there when missing), for a server on
    /// `port`.
    pub fn load(data_dir: PathBuf, port: u16) -> std::io::Result<Self> {
        let token = admin::overlay_token(&data_dir, new_token)?;
        Ok(OverlayToken {
            inner: Arc::new(Inner {
                data_dir,
                port,
                token: Mutex::new(token),
            }),
        })
    }

    /// The overlay's address with the current token. A secret: show it to its owner only.
    pub fn url(&self) -> String {
        format!(
            "http://127.0.0.1:{}/overlay?token={}",
            self.inner.port,
            lock(&self.inner.token)
        )
    }

    /// The hash of the current token.
    pub(crate) fn hash(&self) -> TokenHash {
        TokenHash::of(&lock(&self.inner.token))
    }

    /// Replaces the token (file first, so a failed write changes nothing) and returns the new
    /// URL.
    pub(crate) fn rotate(&self) -> std::io::Result<String> {
        let fresh = new_token();
        admin::replace_overlay_token(&self.inner.data_dir, &fresh)?;
        *lock(&self.inner.token) = fresh;
        Ok(self.url())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_copy_such_as_the_trays_follows_a_rotation_and_the_file_holds_the_new_token() {
        let dir = tempfile::tempdir().expect("tempdir");
        let server = OverlayToken::load(dir.path().to_path_buf(), 7420).expect("load");
        let tray = server.clone();
        let before = tray.url();
        assert!(before.starts_with("http://127.0.0.1:7420/overlay?token="));
        let after = server.rotate().expect("rotate");
        assert_ne!(after, before);
        assert_eq!(tray.url(), after);
        let on_disk = std::fs::read_to_string(dir.path().join(admin::OVERLAY_TOKEN_FILE))
            .expect("overlay.token");
        assert!(after.ends_with(on_disk.trim()));
        assert!(
            !format!("{server:?}").contains(on_disk.trim()),
            "Debug hides it"
        );
    }
}
