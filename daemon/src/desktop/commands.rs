//! What a tray click asks for, and the menu item ids that carry it: every clickable item's id
//! encodes its command, so a click needs no lookup table shared with the tray's thread.

use crate::store::model::CharacterId;

/// A tray menu click.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrayCommand {
    /// Equip a loadout on a character.
    EquipLoadout {
        /// The loadout.
        loadout_id: String,
        /// The character.
        character_id: CharacterId,
    },
    /// Equip the highest-power gear on a character.
    MaxPower {
        /// The character.
        character_id: CharacterId,
    },
    /// Turn farming mode on for a character, or off.
    ToggleFarming {
        /// The character.
        character_id: CharacterId,
    },
    /// Sync now.
    SyncNow,
    /// Open the overlay in the browser.
    OpenOverlay,
    /// Start signing in.
    SignIn,
    /// Pause or resume notifications.
    TogglePause,
    /// Stop the daemon.
    Quit,
}

impl From<super::text::NoticeAction> for TrayCommand {
    /// A notification's button does what the tray entry of the same name does.
    fn from(action: super::text::NoticeAction) -> TrayCommand {
        match action {
            super::text::NoticeAction::SignIn => TrayCommand::SignIn,
        }
    }
}

impl TrayCommand {
    /// The menu item id that carries this command.
    pub fn menu_id(&self) -> String {
        match self {
            TrayCommand::EquipLoadout {
                loadout_id,
                character_id,
            } => format!("equip:{character_id}:{loadout_id}"),
            TrayCommand::MaxPower { character_id } => format!("max-power:{character_id}"),
            TrayCommand::ToggleFarming { character_id } => format!("farming:{character_id}"),
            TrayCommand::SyncNow => "sync".into(),
            TrayCommand::OpenOverlay => "overlay".into(),
            TrayCommand::SignIn => "sign-in".into(),
            TrayCommand::TogglePause => "pause".into(),
            TrayCommand::Quit => "quit".into(),
        }
    }

    /// The command a menu item id carries; `None` for items that do nothing (labels, codes).
    pub fn from_menu_id(id: &str) -> Option<TrayCommand> {
        match id {
            "sync" => Some(TrayCommand::SyncNow),
            "overlay" => Some(TrayCommand::OpenOverlay),
            "sign-in" => Some(TrayCommand::SignIn),
            "pause" => Some(TrayCommand::TogglePause),
            "quit" => Some(TrayCommand::Quit),
            _ if id.starts_with("max-power:") => Some(TrayCommand::MaxPower {
                character_id: id.strip_prefix("max-power:")?.parse().ok()?,
            }),
            _ if id.starts_with("farming:") => Some(TrayCommand::ToggleFarming {
                character_id: id.strip_prefix("farming:")?.parse().ok()?,
            }),
            _ => {
                let rest = id.strip_prefix("equip:")?;
                let (character, loadout) = rest.split_once(':')?;
                if loadout.is_empty() {
                    return None;
                }
                Some(TrayCommand::EquipLoadout {
                    loadout_id: loadout.to_string(),
                    character_id: character.parse().ok()?,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_survives_its_menu_id() {
        let all = [
            TrayCommand::EquipLoadout {
                loadout_id: "6f1c:with:colons".into(),
                character_id: 2_305_843_009_260_000_001,
            },
            TrayCommand::MaxPower {
                character_id: 2_305_843_009_260_000_001,
            },
            TrayCommand::ToggleFarming {
                character_id: 2_305_843_009_260_000_001,
            },
            TrayCommand::SyncNow,
            TrayCommand::OpenOverlay,
            TrayCommand::SignIn,
            TrayCommand::TogglePause,
            TrayCommand::Quit,
        ];
        for command in all {
            assert_eq!(TrayCommand::from_menu_id(&command.menu_id()), Some(command));
        }
    }

    #[test]
    fn other_ids_do_nothing() {
        for id in [
            "",
            "label",
            "equip:",
            "equip:x:abc",
            "equip:12:",
            "equip:12",
            "max-power:",
            "farming:titan",
        ] {
            assert_eq!(TrayCommand::from_menu_id(id), None, "{id}");
        }
    }
}
