//! Autostart on Windows: the per-user `Run` registry value
//! (`HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run`, value "Vault Raider"),
//! which Windows reads at sign-in; writing it needs no administrator rights. Written through
//! [`RegistryValues`], so the logic is tested on every platform and the registry itself on Windows.

use super::registry::RegistryValues;
use std::path::Path;

/// The per-user `Run` key, below `HKEY_CURRENT_USER`.
pub const RUN_KEY: &str = r"Software\Microsoft\Windows\CurrentVersion\Run";
/// The value's name (shown in Task Manager's Startup tab).
pub const RUN_VALUE: &str = "Vault Raider";

/// The command Windows runs at sign-in: the program, quoted, then `run`.
pub fn command_line(exe: &Path) -> std::io::Result<String> {
    let exe = exe.to_str().ok_or_else(|| {
        invalid("the program path is not valid Unicode, so it cannot go in the registry")
    })?;
    if exe.is_empty() || exe.contains('"') || exe.chars().any(char::is_control) {
        return Err(invalid(
            "the program path is empty or holds a quote or a control character",
        ));
    }
    Ok(format!("\"{exe}\" run"))
}

fn invalid(message: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, message.to_string())
}

/// Sets the `Run` value to start `exe run` at sign-in (replacing an older value); returns the
/// command written.
pub fn enable(values: &dyn RegistryValues, exe: &Path) -> std::io::Result<String> {
    let command = command_line(exe)?;
    values.set(RUN_VALUE, &command)?;
    Ok(command)
}

/// Removes the `Run` value (absent is fine).
pub fn disable(values: &dyn RegistryValues) -> std::io::Result<()> {
    values.remove(RUN_VALUE)
}

/// The command the `Run` value holds, if autostart is on.
pub fn status(values: &dyn RegistryValues) -> std::io::Result<Option<String>> {
    values.get(RUN_VALUE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desktop::registry::MemoryValues;

    #[test]
    fn enable_writes_the_quoted_program_and_disable_removes_only_our_value() {
        let values = MemoryValues::default();
        values
            .set("OneDrive", r#""C:\OneDrive.exe" /background"#)
            .unwrap();
        assert_eq!(status(&values).unwrap(), None);
        let exe = Path::new(r"C:\Users\Guardian\Vault Raider\vault-raider.exe");
        let written = enable(&values, exe).unwrap();
        assert_eq!(
            written,
            r#""C:\Users\Guardian\Vault Raider\vault-raider.exe" run"#
        );
        assert_eq!(status(&values).unwrap().as_deref(), Some(written.as_str()));
        assert_eq!(
            values.snapshot().get(RUN_VALUE).map(String::as_str),
            Some(written.as_str())
        );
        enable(&values, Path::new(r"D:\vault-raider.exe")).unwrap();
        assert_eq!(
            status(&values).unwrap().as_deref(),
            Some(r#""D:\vault-raider.exe" run"#)
        );
        disable(&values).unwrap();
        assert_eq!(status(&values).unwrap(), None);
        assert!(values.snapshot().contains_key("OneDrive"));
        disable(&values).unwrap();
    }

    #[test]
    fn a_path_that_would_break_the_command_line_is_refused_and_nothing_is_written() {
        let values = MemoryValues::default();
        for bad in [r#"C:\evil" /c calc ".exe"#, "C:\\line\nbreak.exe", ""] {
            assert!(enable(&values, Path::new(bad)).is_err(), "{bad:?}");
        }
        assert!(values.snapshot().is_empty());
    }
}

#[cfg(all(test, windows))]
mod windows_tests {
    use super::*;
    use crate::desktop::registry::UserKey;

    #[test]
    fn the_run_value_is_written_and_removed_in_a_throwaway_users_key() {
        let key = UserKey::new(format!(
            r"Software\VaultRaiderTests\run-{}",
            std::process::id()
        ));
        let exe = Path::new(r"C:\Program Files\Vault Raider\vault-raider.exe");
        let written = enable(&key, exe).unwrap();
        assert_eq!(status(&key).unwrap().as_deref(), Some(written.as_str()));
        disable(&key).unwrap();
        assert_eq!(status(&key).unwrap(), None);
        key.remove_tree().unwrap();
    }
}
