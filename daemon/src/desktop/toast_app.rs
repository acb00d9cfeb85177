//! The app id Windows toasts are shown under. An unpackaged program's toasts appear only under an
//! app user model id Windows knows; the daemon registers its own
//! (`HKEY_CURRENT_USER\Software\Classes\AppUserModelId\VaultRaider.Daemon`, with the display name
//! "Vault Raider") at start, per user and without administrator rights, and shows every toast under
//! it. Written through [`RegistryValues`], so it is tested on every platform.

use super::registry::RegistryValues;

/// The app user model id the daemon's toasts carry.
pub const TOAST_APP_ID: &str = "VaultRaider.Daemon";
/// The name Windows shows above the toasts and in Settings › Notifications.
pub const DISPLAY_NAME: &str = "Vault Raider";

/// The key registering [`TOAST_APP_ID`], below `HKEY_CURRENT_USER`.
pub fn app_id_key() -> String {
    format!(r"Software\Classes\AppUserModelId\{TOAST_APP_ID}")
}

/// Registers the app id under `values` (the key from [`app_id_key`]): its display name, and the
/// icon when one is given (a PNG or ICO file).
pub fn register(
    values: &dyn RegistryValues,
    icon: Option<&std::path::Path>,
) -> std::io::Result<()> {
    values.set("DisplayName", DISPLAY_NAME)?;
    if let Some(icon) = icon.and_then(std::path::Path::to_str) {
        values.set("IconUri", icon)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desktop::registry::MemoryValues;

    #[test]
    fn the_app_id_is_registered_with_its_name_and_icon() {
        assert_eq!(
            app_id_key(),
            r"Software\Classes\AppUserModelId\VaultRaider.Daemon"
        );
        let values = MemoryValues::default();
        register(&values, Some(std::path::Path::new(r"C:\data\icon.png"))).unwrap();
        let written = values.snapshot();
        assert_eq!(
            written.get("DisplayName").map(String::as_str),
            Some("Vault Raider")
        );
        assert_eq!(
            written.get("IconUri").map(String::as_str),
            Some(r"C:\data\icon.png")
        );
        let bare = MemoryValues::default();
        register(&bare, None).unwrap();
        assert!(!bare.snapshot().contains_key("IconUri"));
    }
}
