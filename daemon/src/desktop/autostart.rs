//! Autostart on Linux: a systemd user unit (enabled by its `default.target.wants` link) and an XDG
//! autostart entry for desktops that do not start user units. The entry says `X-systemd-skip=true`,
//! so systemd's XDG generator does not start the daemon a second time where the unit already does
//! (the store's file lock would stop a second instance anyway).
//!
//! Everything is written below a config directory given as a parameter (`$XDG_CONFIG_HOME`,
//! usually `~/.config`), so tests run in a temporary home.

use std::path::{Path, PathBuf};

/// The unit's file name.
pub const UNIT_NAME: &str = "vault-raider.service";
/// The autostart entry's file name.
pub const DESKTOP_NAME: &str = "vault-raider.desktop";

/// The files autostart manages, below one config directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutostartFiles {
    /// `systemd/user/vault-raider.service`.
    pub unit: PathBuf,
    /// `systemd/user/default.target.wants/vault-raider.service` (a symbolic link to the unit).
    pub wants_link: PathBuf,
    /// `autostart/vault-raider.desktop`.
    pub desktop_entry: PathBuf,
}

/// Whether autostart is set up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutostartStatus {
    /// The systemd unit exists and is enabled.
    pub systemd_unit: bool,
    /// The XDG autostart entry exists.
    pub desktop_entry: bool,
}

impl AutostartFiles {
    /// The paths below `config_dir`.
    pub fn under(config_dir: &Path) -> Self {
        let user = config_dir.join("systemd").join("user");
        AutostartFiles {
            unit: user.join(UNIT_NAME),
            wants_link: user.join("default.target.wants").join(UNIT_NAME),
            desktop_entry: config_dir.join("autostart").join(DESKTOP_NAME),
        }
    }

    /// Writes the unit, enables it and writes the desktop entry, all starting `exe run`.
    pub fn enable(&self, exe: &Path) -> std::io::Result<()> {
        let exe = exe.display().to_string();
        if exe.contains('\n') {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "the program path contains a line break",
            ));
        }
        write_file(&self.unit, &unit_text(&exe))?;
        if let Some(dir) = self.wants_link.parent() {
            std::fs::create_dir_all(dir)?;
        }
        if self.wants_link.symlink_metadata().is_ok() {
            std::fs::remove_file(&self.wants_link)?;
        }
        link(&self.unit, &self.wants_link)?;
        write_file(&self.desktop_entry, &desktop_text(&exe))
    }

    /// Removes what [`AutostartFiles::enable`] wrote; missing files are fine.
    pub fn disable(&self) -> std::io::Result<()> {
        for path in [&self.wants_link, &self.unit, &self.desktop_entry] {
            match std::fs::remove_file(path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        Ok(())
    }

    /// What is installed now.
    pub fn status(&self) -> AutostartStatus {
        AutostartStatus {
            systemd_unit: self.unit.is_file() && self.wants_link.symlink_metadata().is_ok(),
            desktop_entry: self.desktop_entry.is_file(),
        }
    }
}

fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, text)
}

#[cfg(unix)]
fn link(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn link(target: &Path, link: &Path) -> std::io::Result<()> {
    std::fs::copy(target, link).map(|_| ())
}

/// Quotes a path for a systemd `ExecStart=` or desktop `Exec=` line.
fn quoted(exe: &str) -> String {
    format!("\"{}\"", exe.replace('\\', "\\\\").replace('"', "\\\""))
}

fn unit_text(exe: &str) -> String {
    format!(
        "[Unit]\nDescription=Vault Raider, the Destiny 2 companion daemon\nAfter=graphical-session.target network-online.target\n\n\
         [Service]\nExecStart={} run\nRestart=on-failure\nRestartSec=5\n\n[Install]\nWantedBy=default.target\n",
        quoted(exe)
    )
}

fn desktop_text(exe: &str) -> String {
    format!(
        "[Desktop Entry]\nType=Application\nName=Vault Raider\nComment=Destiny 2 companion daemon\nExec={} run\n\
         Terminal=false\nX-GNOME-Autostart-enabled=true\nX-systemd-skip=true\n",
        quoted(exe)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enable_writes_an_enabled_unit_and_an_entry_and_disable_removes_them() {
        let home = tempfile::tempdir().unwrap();
        let files = AutostartFiles::under(home.path());
        assert_eq!(
            files.status(),
            AutostartStatus {
                systemd_unit: false,
                desktop_entry: false
            }
        );
        files
            .enable(Path::new("/opt/vault raider/vault-raider"))
            .unwrap();
        assert_eq!(
            files.status(),
            AutostartStatus {
                systemd_unit: true,
                desktop_entry: true
            }
        );
        let unit = std::fs::read_to_string(&files.unit).unwrap();
        assert!(
            unit.contains("ExecStart=\"/opt/vault raider/vault-raider\" run"),
            "{unit}"
        );
        assert!(unit.contains("WantedBy=default.target"));
        let entry = std::fs::read_to_string(&files.desktop_entry).unwrap();
        assert!(entry.contains("X-systemd-skip=true"));
        assert_eq!(std::fs::read_link(&files.wants_link).unwrap(), files.unit);
        files.enable(Path::new("/usr/bin/vault-raider")).unwrap();
        files.disable().unwrap();
        assert_eq!(
            files.status(),
            AutostartStatus {
                systemd_unit: false,
                desktop_entry: false
            }
        );
        files.disable().unwrap();
    }

    #[test]
    fn a_path_with_a_line_break_is_refused() {
        let home = tempfile::tempdir().unwrap();
        let files = AutostartFiles::under(home.path());
        assert!(
            files
                .enable(Path::new("/tmp/x\nExecStart=/bin/evil"))
                .is_err()
        );
        assert!(!files.unit.exists());
    }
}
