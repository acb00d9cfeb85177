//! The words that depend on the desktop the daemon runs on: where its icon and menu are. Windows
//! has no "tray" in its own vocabulary (the icon sits in the notification area of the taskbar);
//! Linux desktops call it the tray. Pure, so both wordings are tested on any platform.

/// The desktop families whose words differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// Linux and other Unix desktops (a StatusNotifierItem tray).
    Linux,
    /// Windows (the notification area).
    Windows,
    /// macOS (the menu bar).
    MacOs,
}

impl Platform {
    /// The platform this build runs on.
    pub const fn current() -> Platform {
        if cfg!(windows) {
            Platform::Windows
        } else if cfg!(target_os = "macos") {
            Platform::MacOs
        } else {
            Platform::Linux
        }
    }

    /// Where the daemon's icon is: "the tray", "the Vault Raider icon in the notification area".
    pub const fn icon_place(self) -> &'static str {
        match self {
            Platform::Linux => "the tray",
            Platform::Windows => "the Vault Raider icon in the notification area",
            Platform::MacOs => "the Vault Raider icon in the menu bar",
        }
    }

    /// Where its menu is, as the object of "from": "the tray menu", "the menu of the Vault Raider
    /// icon in the notification area".
    pub const fn menu_place(self) -> &'static str {
        match self {
            Platform::Linux => "the tray menu",
            Platform::Windows => "the menu of the Vault Raider icon in the notification area",
            Platform::MacOs => "the menu of the Vault Raider icon in the menu bar",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Platform;

    #[test]
    fn windows_speaks_of_the_notification_area_and_linux_of_the_tray() {
        assert_eq!(
            Platform::Windows.icon_place(),
            "the Vault Raider icon in the notification area"
        );
        assert_eq!(Platform::Linux.icon_place(), "the tray");
        assert_eq!(Platform::Linux.menu_place(), "the tray menu");
        assert!(!Platform::Windows.menu_place().contains("tray"));
        assert!(!Platform::MacOs.menu_place().contains("tray"));
    }
}
