//! `vault-raider autostart enable|disable|status`.

use super::args::AutostartAction;
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

/// Runs the autostart command and prints what it did.
pub fn run(action: AutostartAction, env: &[(String, String)]) -> anyhow::Result<()> {
    if !cfg!(target_os = "linux") {
        anyhow::bail!(
            "autostart is automatic on Linux only; the README explains the steps for Windows and macOS"
        );
    }
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
            println!("Run `systemctl --user daemon-reload` once to let systemd see the unit now.");
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
