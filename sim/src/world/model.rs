//! The world's game state: the account, its characters, every item and where it is.

use chrono::{DateTime, Utc};

use super::loadouts::LoadoutSlots;

/// Where an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// In the vault (bucket General).
    Vault,
    /// In an account-wide bucket outside the vault (consumables, modifications, currencies).
    Account,
    /// On a character (equipped or in its inventory).
    Character(i64),
    /// In a character's postmaster (Lost Items).
    Postmaster(i64),
}

/// One item: an instance, or a stack of an uninstanced item.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The instance id, `None` for uninstanced stacks.
    pub instance_id: Option<i64>,
    /// The definition hash.
    pub hash: u32,
    /// How many (1 for instances).
    pub quantity: u32,
    /// Where it is.
    pub place: Place,
    /// Equipped on its character.
    pub equipped: bool,
    /// `ItemState` flags (bit 1 = locked).
    pub state: i32,
    /// Whether the lock can be toggled.
    pub lockable: bool,
    /// Power (primary stat) for weapons and armour, 0 otherwise.
    pub power: i32,
    /// The bucket the item was found in when loaded from a profile, for buckets the world keeps as is.
    pub bucket_override: Option<u32>,
}

impl Item {
    /// A stack of an uninstanced item.
    pub fn stack(hash: u32, quantity: u32, place: Place) -> Item {
        Item {
            instance_id: None,
            hash,
            quantity,
            place,
            equipped: false,
            state: 0,
            lockable: false,
            power: 0,
            bucket_override: None,
        }
    }

    /// A new unequipped, unlocked, lockable instance.
    pub fn instance(instance_id: Option<i64>, hash: u32, place: Place, power: i32) -> Item {
        Item {
            instance_id,
            hash,
            quantity: 1,
            place,
            equipped: false,
            state: 0,
            lockable: true,
            power,
            bucket_override: None,
        }
    }

    /// Whether bit 1 (Locked) of the state is set.
    pub fn is_locked(&self) -> bool {
        self.state & 1 == 1
    }
}

/// What a character is doing.
#[derive(Debug, Clone, PartialEq)]
pub struct CurrentActivity {
    /// The activity hash.
    pub activity_hash: u32,
    /// When it started.
    pub started: DateTime<Utc>,
    /// The activity instance (becomes the history entry's `instanceId`).
    pub instance_id: i64,
}

/// One character.
#[derive(Debug, Clone, PartialEq)]
pub struct Character {
    /// The character id.
    pub id: i64,
    /// `DestinyClass`: 0 Titan, 1 Hunter, 2 Warlock.
    pub class_type: i32,
    /// `DestinyRace`.
    pub race_type: i32,
    /// `DestinyGender`.
    pub gender_type: i32,
    /// Last played.
    pub date_last_played: DateTime<Utc>,
    /// Minutes played in total.
    pub minutes_played_total: i64,
    /// Minutes played this session.
    pub minutes_played_this_session: i64,
    /// The emblem hash shown on the character.
    pub emblem_hash: u32,
    /// The emblem icon path.
    pub emblem_path: String,
    /// The emblem background path.
    pub emblem_background_path: String,
    /// The title record, 0 when none.
    pub title_record_hash: u32,
    /// Light when it cannot be computed from equipped gear (a loaded profile without instances).
    pub base_light: i32,
    /// The activity the character is in, if any.
    pub activity: Option<CurrentActivity>,
    /// Equipment is locked (a loadout-locked activity, or logged out inside one).
    pub equipment_locked: bool,
    /// Completed activities, oldest first.
    pub history: Vec<HistoryEntry>,
    /// The in-game loadout slots.
    pub loadouts: LoadoutSlots,
}

/// One completed (or abandoned) activity, the world's record behind GetActivityHistory.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// When it started (`period`).
    pub period: DateTime<Utc>,
    /// The activity hash (`referenceId`, `directorActivityHash`).
    pub activity_hash: u32,
    /// The activity instance id (the PGCR id).
    pub instance_id: i64,
    /// Kills.
    pub kills: u32,
    /// Deaths.
    pub deaths: u32,
    /// Assists.
    pub assists: u32,
    /// Duration in seconds.
    pub duration_seconds: u32,
    /// Whether it was completed.
    pub completed: bool,
}

/// The account: the Bungie.net user and the Destiny memberships.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    /// The Bungie.net (254) membership id named by the token response.
    pub bungie_net_id: i64,
    /// The primary (cross save) Destiny membership type.
    pub membership_type: i32,
    /// The primary Destiny membership id (the profile's).
    pub membership_id: i64,
    /// A second membership: type and id. With cross save it is overridden by the primary;
    /// without, it is a separate game on another platform (served by another world).
    pub secondary: (i32, i64),
    /// Cross save links the memberships (the second one shows the primary's profile).
    pub cross_save: bool,
    /// A membership on a platform Destiny 2 left (Stadia), still listed by Bungie, whose
    /// profile is answered 1670 DestinyLegacyPlatformInaccessible.
    pub legacy: Option<(i32, i64)>,
    /// The Bungie name.
    pub display_name: String,
    /// The four-digit Bungie name code.
    pub display_name_code: i32,
}
