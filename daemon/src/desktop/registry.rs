//! String values under one registry key, behind a small trait: the Windows autostart (`Run`
//! value) and the toast app id are written through it. [`MemoryValues`] stands in for the
//! registry in tests on every platform; on Windows [`UserKey`] is a key of `HKEY_CURRENT_USER`
//! (no administrator rights needed), which the Windows tests exercise under a throwaway key.

use std::collections::BTreeMap;
use std::sync::Mutex;

/// Named string values under one key.
pub trait RegistryValues: Send + Sync {
    /// The key, for messages (`HKEY_CURRENT_USER\Software\…`).
    fn describe(&self) -> String;
    /// The value `name`, if set.
    fn get(&self, name: &str) -> std::io::Result<Option<String>>;
    /// Sets the value `name` (a `REG_SZ`), creating the key if needed.
    fn set(&self, name: &str, value: &str) -> std::io::Result<()>;
    /// Removes the value `name`; a missing value or key is not an error.
    fn remove(&self, name: &str) -> std::io::Result<()>;
}

/// Values kept in memory (tests).
#[derive(Debug, Default)]
pub struct MemoryValues {
    /// The values by name.
    values: Mutex<BTreeMap<String, String>>,
}

impl MemoryValues {
    /// Every value, by name.
    pub fn snapshot(&self) -> BTreeMap<String, String> {
        self.values
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl RegistryValues for MemoryValues {
    fn describe(&self) -> String {
        "memory".into()
    }

    fn get(&self, name: &str) -> std::io::Result<Option<String>> {
        Ok(self.snapshot().get(name).cloned())
    }

    fn set(&self, name: &str, value: &str) -> std::io::Result<()> {
        self.values
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name.to_string(), value.to_string());
        Ok(())
    }

    fn remove(&self, name: &str) -> std::io::Result<()> {
        self.values
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(name);
        Ok(())
    }
}

/// A key under `HKEY_CURRENT_USER`.
#[cfg(windows)]
#[derive(Debug, Clone)]
pub struct UserKey {
    /// The path below `HKEY_CURRENT_USER`, e.g. `Software\Microsoft\Windows\CurrentVersion\Run`.
    path: String,
}

#[cfg(windows)]
impl UserKey {
    /// The key `HKEY_CURRENT_USER\path` (opened or created on use).
    pub fn new(path: impl Into<String>) -> UserKey {
        UserKey { path: path.into() }
    }

    /// Deletes the key and everything below it (tests clean up their throwaway keys with it).
    pub fn remove_tree(&self) -> std::io::Result<()> {
        match windows_registry::CURRENT_USER.remove_tree(&self.path) {
            Err(e) if is_not_found(&e) => Ok(()),
            other => other.map_err(io_error),
        }
    }
}

/// `ERROR_FILE_NOT_FOUND` as an HRESULT: the key or value does not exist.
#[cfg(windows)]
fn is_not_found(e: &windows_result::Error) -> bool {
    const NOT_FOUND: i32 = 0x8007_0002_u32 as i32;
    e.code().0 == NOT_FOUND
}

#[cfg(windows)]
fn io_error(e: windows_result::Error) -> std::io::Error {
    std::io::Error::other(e.message())
}

#[cfg(windows)]
impl RegistryValues for UserKey {
    fn describe(&self) -> String {
        format!(r"HKEY_CURRENT_USER\{}", self.path)
    }

    fn get(&self, name: &str) -> std::io::Result<Option<String>> {
        let key = match windows_registry::CURRENT_USER.open(&self.path) {
            Ok(key) => key,
            Err(e) if is_not_found(&e) => return Ok(None),
            Err(e) => return Err(io_error(e)),
        };
        match key.get_string(name) {
            Ok(value) => Ok(Some(value)),
            Err(e) if is_not_found(&e) => Ok(None),
            Err(e) => Err(io_error(e)),
        }
    }

    fn set(&self, name: &str, value: &str) -> std::io::Result<()> {
        windows_registry::CURRENT_USER
            .create(&self.path)
            .and_then(|key| key.set_string(name, value))
            .map_err(io_error)
    }

    fn remove(&self, name: &str) -> std::io::Result<()> {
        let opened = windows_registry::CURRENT_USER
            .options()
            .read()
            .write()
            .open(&self.path);
        let key = match opened {
            Ok(key) => key,
            Err(e) if is_not_found(&e) => return Ok(()),
            Err(e) => return Err(io_error(e)),
        };
        match key.remove_value(name) {
            Err(e) if is_not_found(&e) => Ok(()),
            other => other.map_err(io_error),
        }
    }
}

#[cfg(all(test, windows))]
mod windows_tests {
    use super::*;

    /// A key of its own per test run, removed at the end.
    fn throwaway() -> UserKey {
        UserKey::new(format!(
            r"Software\VaultRaiderTests\registry-{}",
            std::process::id()
        ))
    }

    #[test]
    fn a_value_is_written_read_and_removed_in_the_users_hive() {
        let key = throwaway();
        assert_eq!(key.get("Example").unwrap(), None);
        key.set("Example", r#""C:\Program Files\x.exe" run"#)
            .unwrap();
        assert_eq!(
            key.get("Example").unwrap().as_deref(),
            Some(r#""C:\Program Files\x.exe" run"#)
        );
        key.remove("Example").unwrap();
        assert_eq!(key.get("Example").unwrap(), None);
        key.remove("Example").unwrap();
        key.remove_tree().unwrap();
        assert_eq!(key.get("Example").unwrap(), None);
    }
}
