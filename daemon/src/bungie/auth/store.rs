//! Where tokens are kept: the OS secret store (keyring: Secret Service on Linux, the Credential
//! Manager on Windows) when it answers, else `tokens.json` in the data directory, readable by the
//! user alone (mode 0600; on Windows a user-only access control list). [`open_token_store`] picks
//! one and says which.

use super::error::AuthError;
use super::tokens::Tokens;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The keyring service name.
pub const KEYRING_SERVICE: &str = "vault-raider";
/// The keyring entry name.
pub const KEYRING_USER: &str = "bungie-tokens";
/// The fallback file's name in the data directory.
pub const TOKEN_FILE: &str = "tokens.json";

/// Keeps one set of tokens. Calls may block briefly (a file write, a D-Bus round trip).
pub trait TokenStore: Send + Sync {
    /// Where the tokens go, for the log line and `status`.
    fn describe(&self) -> String;
    /// The stored tokens, if any.
    fn load(&self) -> Result<Option<Tokens>, AuthError>;
    /// Replaces the stored tokens (durably, before the caller uses them).
    fn save(&self, tokens: &Tokens) -> Result<(), AuthError>;
    /// Deletes the stored tokens (no tokens is not an error).
    fn delete(&self) -> Result<(), AuthError>;
}

/// Picks the OS secret store if `try_os_store` and it answers a probe, else the file in
/// `data_dir`; logs which (never the tokens).
pub fn open_token_store(data_dir: &Path, try_os_store: bool) -> Arc<dyn TokenStore> {
    if try_os_store {
        match KeyringTokenStore::probe() {
            Ok(store) => {
                tracing::info!("Bungie tokens are kept in the OS secret store");
                return Arc::new(store);
            }
            Err(reason) => tracing::warn!(
                %reason,
                "the OS secret store is not available; Bungie tokens are kept in a file only you can read"
            ),
        }
    }
    let store = FileTokenStore::new(data_dir);
    tracing::info!(file = %store.path.display(), "Bungie tokens are kept in a file only you can read");
    Arc::new(store)
}

/// Tokens in the OS secret store (Secret Service, Keychain, Credential Manager).
pub struct KeyringTokenStore {
    /// The entry.
    entry: keyring::Entry,
}

impl KeyringTokenStore {
    /// Opens the entry and checks the store answers (a read; no entry counts as answering).
    pub fn probe() -> Result<KeyringTokenStore, String> {
        keyring::Entry::store_status()
            .as_ref()
            .map_err(|e| e.to_string())?;
        let entry =
            keyring::Entry::new(KEYRING_SERVICE, KEYRING_USER).map_err(|e| e.to_string())?;
        match entry.get_password() {
            Ok(_) | Err(keyring::Error::NoEntry) => Ok(KeyringTokenStore { entry }),
            Err(e) => Err(e.to_string()),
        }
    }
}

impl TokenStore for KeyringTokenStore {
    fn describe(&self) -> String {
        "the OS secret store".into()
    }

    fn load(&self) -> Result<Option<Tokens>, AuthError> {
        match self.entry.get_password() {
            Ok(text) => parse(&text).map(Some),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(AuthError::Store(format!("secret store: {e}"))),
        }
    }

    fn save(&self, tokens: &Tokens) -> Result<(), AuthError> {
        let text = serde_json::to_string(tokens).map_err(|e| AuthError::Store(e.to_string()))?;
        self.entry
            .set_password(&text)
            .map_err(|e| AuthError::Store(format!("secret store: {e}")))
    }

    fn delete(&self) -> Result<(), AuthError> {
        match self.entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(AuthError::Store(format!("secret store: {e}"))),
        }
    }
}

/// How the fallback file is protected, in words.
pub const FILE_PROTECTION: &str = if cfg!(windows) {
    "readable by you alone"
} else {
    "mode 0600"
};

/// Tokens in `tokens.json`, readable only by the user (0600, or a user-only ACL on Windows),
/// replaced atomically.
pub struct FileTokenStore {
    /// The file.
    path: PathBuf,
}

impl FileTokenStore {
    /// The store at `data_dir/tokens.json`.
    pub fn new(data_dir: &Path) -> FileTokenStore {
        FileTokenStore {
            path: data_dir.join(TOKEN_FILE),
        }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl TokenStore for FileTokenStore {
    fn describe(&self) -> String {
        format!("{} ({FILE_PROTECTION})", self.path.display())
    }

    fn load(&self) -> Result<Option<Tokens>, AuthError> {
        match std::fs::read_to_string(&self.path) {
            Ok(text) => parse(&text).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(AuthError::Store(format!("{}: {e}", self.path.display()))),
        }
    }

    fn save(&self, tokens: &Tokens) -> Result<(), AuthError> {
        let text =
            serde_json::to_vec_pretty(tokens).map_err(|e| AuthError::Store(e.to_string()))?;
        super::private_file::write_private(&self.path, &text)
            .map_err(|e| AuthError::Store(format!("{}: {e}", self.path.display())))
    }

    fn delete(&self) -> Result<(), AuthError> {
        match std::fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(AuthError::Store(format!("{}: {e}", self.path.display()))),
        }
    }
}

/// Tokens in memory only (a demo against the simulator, tests).
#[derive(Default)]
pub struct MemoryTokenStore {
    /// The tokens.
    tokens: Mutex<Option<Tokens>>,
}

impl TokenStore for MemoryTokenStore {
    fn describe(&self) -> String {
        "memory (lost at exit)".into()
    }

    fn load(&self) -> Result<Option<Tokens>, AuthError> {
        Ok(self
            .tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone())
    }

    fn save(&self, tokens: &Tokens) -> Result<(), AuthError> {
        *self.tokens.lock().unwrap_or_else(|e| e.into_inner()) = Some(tokens.clone());
        Ok(())
    }

    fn delete(&self) -> Result<(), AuthError> {
        *self.tokens.lock().unwrap_or_else(|e| e.into_inner()) = None;
        Ok(())
    }
}

/// Reads stored tokens; the error never quotes the text (it holds tokens).
fn parse(text: &str) -> Result<Tokens, AuthError> {
    serde_json::from_str(text).map_err(|e| {
        AuthError::Store(format!(
            "the stored tokens are unreadable (line {}, column {}); sign in again",
            e.line(),
            e.column()
        ))
    })
}
