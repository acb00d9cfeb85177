//! `vault-raider autostart enable|disable|status`: on Linux a systemd user unit and an XDG
//! autostart entry ([`crate::desktop::autostart`]); on Windows the per-user `Run` registry value
//! ([`crate::desktop::run_key`]), no administrator rights needed.

use super::args::AutostartAction;
use crate::desktop::registry::RegistryValues;
use crate::desktop::run_key;
use std::path::Path;

/// Runs the autostart command and prints what it did.
pub fn run(action: AutostartAction, env: &[(String, String)]) -> anyhow::Result<()> {
    #[cfg(target_os = "linux")]
    {
        linux::run(action, env)
    }
    #[cfg(windows)]
    {
        let _ = env;
        let key = crate::desktop::registry::UserKey::new(run_key::RUN_KEY);
        for line in windows(action, &key, &std::env::current_exe()?)? {
            println!("{line}");
        }
        Ok(())
    }
    #[cfg(not(any(target_os = "linux", windows)))]
    {
        let _ = (action, env);
        anyhow::bail!(
            "autostart is automatic on Linux and Windows; the README explains the steps for macOS"
        )
    }
}

/// The Windows autostart through `values` (the `Run` key), for the program `exe`: the lines to
/// print.
pub fn windows(
    action: AutostartAction,
    values: &dyn RegistryValues,
    exe: &Path,
) -> anyhow::Result<Vec<String>> {
    let place = format!("{} (value \"{}\")", values.describe(), run_key::RUN_VALUE);
    Ok(match action {
        AutostartAction::Enable => {
            let command = run_key::enable(values, exe)?;
            vec![
                format!("Autostart enabled: {place} runs {command} when you sign in to Windows."),
                "Task Manager › Startup apps lists it as \"Vault Raider\".".to_string(),
            ]
        }
        AutostartAction::Disable => {
            run_key::disable(values)?;
            vec![format!("Autostart disabled: {place} removed.")]
        }
        AutostartAction::Status => vec![match run_key::status(values)? {
            Some(command) => format!("Autostart: on ({place} runs {command})"),
            None => format!("Autostart: off ({place} is not set)"),
        }],
    })
}

#[cfg(target_os = "linux")]
mod linux {
    use super::AutostartAction;
    use crate::desktop::autostart::AutostartFiles;
    use std::path::PathBuf;

    /// The user's config directory: `$XDG_CONFIG_HOME`, else `$HOME/.config`.
    fn config_home(env: &[(String, String)]) -> anyhow::Result<PathBuf> {
        let get = |key: &str| {
            env.iter()
                .find(|(k, v)| k == key && !v.is_empty())
                .map(|(_, v)| v.clone())
        };
        if let Some(dir) = get("XDG_CONFIG_HOME") {
            return Ok(PathBuf::from(dir));
        }
        match get("HOME") {
            Some(home) => Ok(PathBuf::from(home).join(".config")),
            None => anyhow::bail!(
                "neither XDG_CONFIG_HOME nor HOME is set, so there is no place for autostart files"
            ),
        }
    }

    /// The systemd unit and the XDG entry below the user's config directory.
    pub fn run(action: AutostartAction, env: &[(String, String)]) -> anyhow::Result<()> {
        let files = AutostartFiles::under(&config_home(env)?);
        match action {
            AutostartAction::Enable => {
                let exe = std::env::current_exe()?;
                files.enable(&exe)?;
                println!(
                    "Autostart enabled: {} and {}",
                    files.unit.display(),
                    files.desktop_entry.display()
                );
                println!(
                    "Run `systemctl --user daemon-reload` once to let systemd see the unit now."
                );
            }
            AutostartAction::Disable => {
                files.disable()?;
                println!("Autostart disabled.");
            }
            AutostartAction::Status => {
                let status = files.status();
                let word = |on: bool| if on { "installed" } else { "not installed" };
                println!(
                    "systemd user unit: {} ({})",
                    word(status.systemd_unit),
                    files.unit.display()
                );
                println!(
                    "XDG autostart entry: {} ({})",
                    word(status.desktop_entry),
                    files.desktop_entry.display()
                );
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desktop::registry::MemoryValues;

    #[test]
    fn the_windows_commands_write_report_and_remove_the_run_value() {
        let values = MemoryValues::default();
        let exe = Path::new(r"C:\Tools\vault-raider.exe");
        let off = windows(AutostartAction::Status, &values, exe).unwrap();
        assert!(off[0].starts_with("Autostart: off"), "{off:?}");
        let on = windows(AutostartAction::Enable, &values, exe).unwrap();
        assert!(
            on[0].contains(r#"runs "C:\Tools\vault-raider.exe" run"#),
            "{on:?}"
        );
        assert_eq!(
            values
                .snapshot()
                .get(run_key::RUN_VALUE)
                .map(String::as_str),
            Some(r#""C:\Tools\vault-raider.exe" run"#)
        );
        let status = windows(AutostartAction::Status, &values, exe).unwrap();
        assert!(status[0].starts_with("Autostart: on"), "{status:?}");
        windows(AutostartAction::Disable, &values, exe).unwrap();
        assert!(values.snapshot().is_empty());
    }

    #[test]
    fn a_bad_program_path_is_an_error_that_writes_nothing() {
        let values = MemoryValues::default();
        let bad = Path::new("C:\\a\"b.exe");
        assert!(windows(AutostartAction::Enable, &values, bad).is_err());
        assert!(values.snapshot().is_empty());
    }
}
