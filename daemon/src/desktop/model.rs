//! The tray menu as data: what it shows (account, sync state, quick loadouts per character,
//! pending pairing codes, pause), built by pure functions from the store's facts and the session,
//! so the tray only draws it.

use super::text::character_label;
use crate::events::SessionState;
use crate::store::model::POSTMASTER_CAPACITY;
use crate::store::model::{Character, CharacterId, Loadout};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// One quick loadout in a character's submenu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadoutEntry {
    /// The loadout's id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// One character and its quick loadouts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharacterEntry {
    /// The character id.
    pub id: CharacterId,
    /// "Warlock", "Titan 2".
    pub label: String,
    /// Its power.
    pub power: u32,
    /// How many items wait in its postmaster.
    pub postmaster: u32,
    /// The loadouts saved for it (or for its class), oldest first.
    pub loadouts: Vec<LoadoutEntry>,
}

/// A pairing code waiting to be typed into a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairingEntry {
    /// The pairing's id.
    pub pairing_id: String,
    /// The client's name.
    pub client: String,
    /// The six-digit code.
    pub code: String,
}

/// Everything the tray menu shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MenuModel {
    /// "Guardian#1234", or "Not signed in".
    pub account: String,
    /// "Synced 12 s ago", "Bungie maintenance", "Sign in to Bungie.net…".
    pub status: String,
    /// The status line is a "Sign in to Bungie.net…" action.
    pub sign_in: bool,
    /// The characters, most recently played first.
    pub characters: Vec<CharacterEntry>,
    /// Pairing codes not yet expired.
    pub pairings: Vec<PairingEntry>,
    /// Notifications are paused.
    pub paused: bool,
    /// The vault's used slots and capacity, once known.
    pub vault: Option<(u32, u32)>,
    /// The character farming mode keeps room on.
    pub farming: Option<CharacterId>,
}

/// "12 s ago", "3 min ago", "2 h ago", "3 days ago".
pub fn ago(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (now - then).num_seconds().max(0);
    match secs {
        0..=59 => format!("{secs} s ago"),
        60..=3599 => format!("{} min ago", secs / 60),
        3600..=86_399 => format!("{} h ago", secs / 3600),
        _ => format!("{} days ago", secs / 86_400),
    }
}

/// The sync line and whether it is the "Sign in to Bungie.net…" action.
pub fn status_line(
    state: Option<SessionState>,
    last_sync: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> (String, bool) {
    let synced = last_sync.map(|t| ago(t, now));
    match (state, synced) {
        (Some(SessionState::SignedOut(_)), _) => ("Sign in to Bungie.net…".into(), true),
        (Some(SessionState::NotConfigured), _) => ("Not configured: see the log".into(), false),
        (Some(SessionState::AppRejected(_)), _) => {
            ("Bungie.net refuses the application".into(), false)
        }
        (Some(SessionState::Maintenance), _) => ("Bungie maintenance".into(), false),
        (Some(SessionState::Offline), Some(ago)) => (format!("Offline · synced {ago}"), false),
        (Some(SessionState::Offline), None) => ("Offline".into(), false),
        (_, Some(ago)) => (format!("Synced {ago}"), false),
        (_, None) => ("Not synced yet".into(), false),
    }
}

/// Each character with the loadouts saved for it, labelled as notifications name it, with its
/// power and its postmaster count (`postmaster`, by character; missing counts as empty).
pub fn character_entries(
    characters: &[Character],
    loadouts: &[Loadout],
    postmaster: &HashMap<CharacterId, u32>,
) -> Vec<CharacterEntry> {
    characters
        .iter()
        .map(|c| CharacterEntry {
            id: c.id,
            label: character_label(characters, c.id),
            power: c.power,
            postmaster: postmaster.get(&c.id).copied().unwrap_or(0),
            loadouts: loadouts
                .iter()
                .filter(|l| l.character_id == c.id)
                .map(|l| LoadoutEntry {
                    id: l.id.clone(),
                    name: l.name.clone(),
                })
                .collect(),
        })
        .collect()
}

impl CharacterEntry {
    /// "Warlock · Power 1810 · Postmaster 3/21".
    pub fn summary(&self) -> String {
        format!(
            "{} · Power {} · Postmaster {}/{POSTMASTER_CAPACITY}",
            self.label, self.power, self.postmaster
        )
    }
}

/// "Vault 412/600".
pub fn vault_line(vault: Option<(u32, u32)>) -> Option<String> {
    vault.map(|(used, capacity)| format!("Vault {used}/{capacity}"))
}

impl MenuModel {
    /// The tray icon's tooltip: the account, the sync line, each character's power and
    /// postmaster, and the vault's space.
    pub fn tooltip(&self) -> String {
        let mut lines = vec![
            format!("Vault Raider · {}", self.account),
            self.status.clone(),
        ];
        lines.extend(self.characters.iter().map(CharacterEntry::summary));
        lines.extend(vault_line(self.vault));
        lines.join("\n")
    }

    /// The name of loadout `id`, if the menu lists it.
    pub fn loadout_name(&self, id: &str) -> Option<&str> {
        self.characters
            .iter()
            .flat_map(|c| &c.loadouts)
            .find(|l| l.id == id)
            .map(|l| l.name.as_str())
    }

    /// The label of character `id`, if the menu lists it.
    pub fn character_label(&self, id: CharacterId) -> Option<&str> {
        self.characters
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.label.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::SignOutReason;
    use crate::store::model::Class;
    use chrono::TimeZone;

    fn t(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + secs, 0)
            .single()
            .expect("a valid time")
    }

    #[test]
    fn the_status_line_follows_the_session() {
        let now = t(100);
        let line = |s, last| status_line(s, last, now);
        assert_eq!(
            line(Some(SessionState::SignedIn), Some(t(88))),
            ("Synced 12 s ago".into(), false)
        );
        assert_eq!(
            line(None, Some(t(100 - 180))),
            ("Synced 3 min ago".into(), false)
        );
        assert_eq!(
            line(Some(SessionState::Maintenance), Some(t(0))),
            ("Bungie maintenance".into(), false)
        );
        assert_eq!(
            line(
                Some(SessionState::SignedOut(Some(SignOutReason::Expired))),
                Some(t(0))
            ),
            ("Sign in to Bungie.net…".into(), true)
        );
        assert_eq!(
            line(Some(SessionState::Offline), None),
            ("Offline".into(), false)
        );
        assert_eq!(line(None, None), ("Not synced yet".into(), false));
    }

    #[test]
    fn loadouts_go_under_their_character() {
        let character = |id, class| Character {
            id,
            class,
            race: "Human".into(),
            power: 1900,
            level: 50,
            emblem: String::new(),
            emblem_color: "#000000".into(),
            last_played: None,
            activity: None,
        };
        let loadout = |id: &str, character_id| Loadout {
            id: id.into(),
            name: format!("L{id}"),
            character_id,
            class: Class::Titan,
            items: Vec::new(),
            created_at: Loadout::NEVER_SAVED,
            updated_at: Loadout::NEVER_SAVED,
        };
        let entries = character_entries(
            &[character(1, Class::Titan), character(2, Class::Hunter)],
            &[
                loadout("a", 2),
                loadout("b", 1),
                loadout("c", 2),
                loadout("d", 9),
            ],
            &HashMap::from([(2, 3)]),
        );
        let ids: Vec<Vec<&str>> = entries
            .iter()
            .map(|e| e.loadouts.iter().map(|l| l.id.as_str()).collect())
            .collect();
        assert_eq!(ids, vec![vec!["b"], vec!["a", "c"]]);
        assert_eq!(entries[1].label, "Hunter");
        assert_eq!(
            entries[1].summary(),
            "Hunter · Power 1900 · Postmaster 3/21"
        );
        assert_eq!(entries[0].summary(), "Titan · Power 1900 · Postmaster 0/21");
        let model = MenuModel {
            account: "Guardian#1234".into(),
            status: "Synced 12 s ago".into(),
            characters: entries,
            vault: Some((412, 600)),
            ..MenuModel::default()
        };
        assert_eq!(
            model.tooltip(),
            "Vault Raider · Guardian#1234\nSynced 12 s ago\nTitan · Power 1900 · Postmaster 0/21\nHunter · Power 1900 · Postmaster 3/21\nVault 412/600"
        );
        assert_eq!(model.loadout_name("c"), Some("Lc"));
        assert_eq!(model.character_label(2), Some("Hunter"));
        assert_eq!(model.loadout_name("d"), None);
    }
}
