//! The simulator's game world: an account with characters and items, the game's move/equip rules,
//! a game clock, and the Bungie JSON (profile, memberships, history, PGCRs, account stats,
//! manifest) written from it.
//!
//! Nothing here shares a type with the daemon's Bungie client or store: the world writes
//! `serde_json::Value` in Bungie's wire shapes (int64 as digit strings, hashes as numbers,
//! dictionary keys as strings, component wrappers with `privacy`).

mod account;
mod account_stats;
mod actions;
mod activities;
mod body;
mod catalogue;
mod clan;
mod clock;
mod collectibles;
mod defs;
mod entry_stats;
mod error;
mod load;
mod loadout_actions;
mod loadout_defs;
mod loadouts;
mod manifest;
mod member_profiles;
mod model;
mod objective_defs;
mod pgcr;
mod profile;
mod progress;
mod purchase;
mod sample;
mod sample_loadouts;
mod shop;
mod state;
#[cfg(test)]
mod tests;
mod tracking;
mod vendor_capture;
mod vendor_catalogue;
mod vendor_defs;
mod vendors;

use chrono::{DateTime, Utc};
use rand::rngs::StdRng;

pub use error::SimError;

use catalogue::Catalogue;
use clock::Clock;
use model::{Account, Character, Item};

/// The whole simulated game: account, characters (with their in-game loadouts), items (instances
/// and stacks), bucket and item definitions, the activity catalogue, every character's history,
/// and the game clock.
#[derive(Debug, Clone)]
pub struct World {
    /// The Bungie.net user and Destiny memberships.
    account: Account,
    /// The characters, in creation order.
    characters: Vec<Character>,
    /// Every item, in arrival order (the postmaster drops the oldest first).
    items: Vec<Item>,
    /// Item and bucket definitions.
    catalogue: Catalogue,
    /// The game clock's schedule and random source.
    clock: Clock,
    /// The next item instance id to hand out.
    next_instance_id: i64,
    /// Objective and milestone progress.
    progress: progress::Progress,
    /// The vendors' source and what the player bought.
    shop: shop::Shop,
    /// The player's clan, `None` when in none.
    clan: Option<clan::Clan>,
    /// Names this world's definitions: a new number whenever they may have changed.
    definitions_id: u64,
}

/// The next [`World::definitions_id`], unique across worlds.
static NEXT_DEFINITIONS_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A definitions id no world has had.
fn fresh_definitions_id() -> u64 {
    NEXT_DEFINITIONS_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Something that happened in the game while the clock ran (or through a test hook).
#[derive(Debug, Clone, PartialEq)]
pub enum GameEvent {
    /// A character entered an activity.
    ActivityStarted {
        /// The character.
        character_id: i64,
        /// The activity hash.
        activity_hash: u32,
        /// The activity's `DestinyActivityModeType`.
        mode: i32,
        /// When it started.
        at: DateTime<Utc>,
    },
    /// A character left an activity; its history entry now exists.
    ActivityCompleted {
        /// The character.
        character_id: i64,
        /// The activity hash.
        activity_hash: u32,
        /// The activity instance id (the history entry's `instanceId`).
        instance_id: i64,
        /// Whether it was completed (not abandoned).
        completed: bool,
        /// When it ended.
        at: DateTime<Utc>,
    },
    /// An item arrived in a character's postmaster.
    Drop {
        /// The character whose postmaster holds it.
        character_id: i64,
        /// The item hash.
        item_hash: u32,
        /// The instance id (as a string, Bungie's form), `None` for a stack.
        item_instance_id: Option<String>,
        /// The oldest item the full postmaster lost to make room (its instance id or hash).
        lost: Option<String>,
    },
    /// The player moved an item in game.
    InGameMove {
        /// The item's instance id.
        item_id: String,
        /// `"vault"` or a character id.
        to: String,
    },
}

/// Stadia's membership type: a platform Destiny 2 no longer runs on.
pub const LEGACY_MEMBERSHIP_TYPE: i32 = 5;

/// Whether `membership` is the account's membership on a platform Destiny 2 left.
pub fn is_legacy(world: &World, membership_type: i32, membership_id: i64) -> bool {
    world.account.legacy == Some((membership_type, membership_id))
}

impl World {
    /// A sample account: three characters with gear, vault, postmaster, consumables and mods.
    /// `large` gives about 1,900 items with the vault near capacity. Deterministic for a seed.
    pub fn sample(seed: u64, large: bool) -> World {
        sample::build(seed, large)
    }

    /// Loads a `DestinyProfileResponse` (with or without the envelope) as the world's state.
    /// Item hashes the world does not know get generated definitions.
    pub fn from_profile_json(profile: &serde_json::Value) -> Result<World, SimError> {
        load::from_profile(profile)
    }

    /// Splits the account over two platforms without cross save: this world keeps the primary
    /// membership and the returned world, a game of its own built from `seed`, is the second
    /// (same Bungie.net user, other characters and items). A third membership, on Stadia (which
    /// Destiny 2 left), is listed and answered 1670.
    pub fn separate_platforms(&mut self, seed: u64, large: bool) -> World {
        self.account.cross_save = false;
        self.account.legacy = Some((
            LEGACY_MEMBERSHIP_TYPE,
            self.account.secondary.1.saturating_add(1),
        ));
        let mut other = sample::build(seed, large);
        other.account = model::Account {
            membership_type: self.account.secondary.0,
            membership_id: self.account.secondary.1,
            secondary: (self.account.membership_type, self.account.membership_id),
            legacy: None,
            ..self.account.clone()
        };
        other
    }

    /// The Bungie.net (254) membership id the token response names.
    pub fn bungie_net_membership_id(&self) -> i64 {
        self.account.bungie_net_id
    }

    /// The primary Destiny membership: type and id.
    pub fn primary_membership(&self) -> (i32, i64) {
        (self.account.membership_type, self.account.membership_id)
    }

    /// The character ids, in order.
    pub fn character_ids(&self) -> Vec<i64> {
        self.characters.iter().map(|c| c.id).collect()
    }

    /// `UserMembershipData` for GetMembershipsForCurrentUser: the primary and a second membership,
    /// cross-saved or (after [`World::separate_platforms`]) separate.
    pub fn memberships_json(&self) -> serde_json::Value {
        account::memberships_json(&self.account)
    }

    /// Whether this world holds the Destiny membership `membership_type`/`membership_id`
    /// (the primary, or the overridden second one).
    pub fn owns(&self, membership_type: i32, membership_id: i64) -> bool {
        account::owns(&self.account, membership_type, membership_id)
    }

    /// GetProfile Response object. `owner` = the request carries the owner's token (private
    /// components 102, 201, 103… only then). `minted` = responseMintedTimestamp.
    pub fn profile_json(
        &self,
        components: &[u32],
        owner: bool,
        minted: DateTime<Utc>,
    ) -> serde_json::Value {
        profile::profile_json(self, components, owner, minted)
    }

    /// TransferItem (`DestinyItemTransferRequest`): vault ↔ character. Response int32 0.
    pub fn transfer_item(
        &mut self,
        body: &serde_json::Value,
    ) -> Result<serde_json::Value, SimError> {
        actions::transfer_item(self, body)
    }

    /// PullFromPostmaster (`DestinyPostmasterTransferRequest`). Response int32 0.
    pub fn pull_from_postmaster(
        &mut self,
        body: &serde_json::Value,
    ) -> Result<serde_json::Value, SimError> {
        actions::pull_from_postmaster(self, body)
    }

    /// EquipItem (`DestinyItemActionRequest`). Response int32 0.
    pub fn equip_item(&mut self, body: &serde_json::Value) -> Result<serde_json::Value, SimError> {
        actions::equip_item(self, body)
    }

    /// EquipItems (`DestinyItemSetActionRequest`). Response `{"equipResults":[…]}`.
    pub fn equip_items(&mut self, body: &serde_json::Value) -> Result<serde_json::Value, SimError> {
        actions::equip_items(self, body)
    }

    /// SetItemLockState (`DestinyItemStateRequest`). Response int32 0.
    pub fn set_lock_state(
        &mut self,
        body: &serde_json::Value,
    ) -> Result<serde_json::Value, SimError> {
        actions::set_lock_state(self, body)
    }

    /// SetTrackedState (`DestinyItemStateRequest`): flips the Tracked bit of a bounty or quest
    /// step on the character. Response int32 0.
    pub fn set_tracked_state(
        &mut self,
        body: &serde_json::Value,
    ) -> Result<serde_json::Value, SimError> {
        tracking::set_tracked_state(self, body)
    }

    /// EquipLoadout (`DestinyLoadoutActionRequest`). Response int32 0.
    pub fn equip_loadout(
        &mut self,
        body: &serde_json::Value,
    ) -> Result<serde_json::Value, SimError> {
        loadout_actions::equip_loadout(self, body)
    }

    /// SnapshotLoadout (`DestinyLoadoutUpdateActionRequest`). Response int32 0.
    pub fn snapshot_loadout(
        &mut self,
        body: &serde_json::Value,
    ) -> Result<serde_json::Value, SimError> {
        loadout_actions::snapshot_loadout(self, body)
    }

    /// UpdateLoadoutIdentifiers (`DestinyLoadoutUpdateActionRequest`). Response int32 0.
    pub fn update_loadout_identifiers(
        &mut self,
        body: &serde_json::Value,
    ) -> Result<serde_json::Value, SimError> {
        loadout_actions::update_loadout_identifiers(self, body)
    }

    /// ClearLoadout (`DestinyLoadoutActionRequest`). Response int32 0.
    pub fn clear_loadout(
        &mut self,
        body: &serde_json::Value,
    ) -> Result<serde_json::Value, SimError> {
        loadout_actions::clear_loadout(self, body)
    }

    /// GetVendors Response (`DestinyVendorsResponse`) for one of the account's characters
    /// (1620 otherwise): the simulator's own vendors, or the loaded capture unchanged.
    pub fn vendors_json(
        &self,
        character_id: i64,
        components: &[u32],
        now: DateTime<Utc>,
    ) -> Result<serde_json::Value, SimError> {
        vendors::vendors_json(self, character_id, components, now)
    }

    /// Loads a real GetVendors response (with or without the envelope) as the vendors, served
    /// back unchanged; items it sells or charges that the world does not know get definitions.
    pub fn load_vendors(&mut self, json: &serde_json::Value) -> Result<(), SimError> {
        self.definitions_id = fresh_definitions_id();
        vendor_capture::load(self, json)
    }

    /// The player buys offer `index` of `vendor_hash` with `character_id` (in game): costs paid,
    /// item given, collectible acquired; 1675 when it cannot be paid.
    pub fn buy(
        &mut self,
        character_id: i64,
        vendor_hash: u32,
        index: u32,
    ) -> Result<serde_json::Value, SimError> {
        purchase::buy(self, character_id, vendor_hash, index)
    }

    /// GetActivityHistory Response (`DestinyActivityHistoryResults`), newest first.
    pub fn activity_history_json(
        &self,
        character_id: i64,
        count: u32,
        page: u32,
        mode: Option<i32>,
    ) -> Result<serde_json::Value, SimError> {
        activities::history_json(self, character_id, count, page, mode)
    }

    /// GetPostGameCarnageReport Response (`DestinyPostGameCarnageReportData`) for an activity a
    /// character of this world played; 1653 when there is none or it ended less than `delay`
    /// before `now` (the stats service writes reports a little after the game).
    pub fn pgcr_json(
        &self,
        instance_id: i64,
        now: DateTime<Utc>,
        delay: chrono::Duration,
    ) -> Result<serde_json::Value, SimError> {
        pgcr::pgcr_json(self, instance_id, now, delay)
    }

    /// GetHistoricalStatsForAccount Response (`DestinyHistoricalStatsAccountResult`), summed from
    /// the characters' histories.
    pub fn account_stats_json(&self) -> serde_json::Value {
        account_stats::account_stats_json(self)
    }

    /// The manifest's definition tables: items, buckets, classes, damage types, stats, tiers,
    /// activities, activity modes, objectives, milestones, races, genders, and the loadout
    /// colours, icons, names and constants.
    pub fn manifest_tables(&self) -> Vec<crate::manifest_db::ManifestTable> {
        manifest::tables(self)
    }

    /// The manifest version; changes whenever the definitions change.
    pub fn manifest_version(&self) -> String {
        manifest::version(self)
    }

    /// A number naming this world's definitions, unique across worlds and new whenever they may
    /// have changed: while it stays, the manifest (tables and version) built from them stands.
    pub fn definitions_id(&self) -> u64 {
        self.definitions_id
    }

    /// A new season's content: a new legendary weapon definition (so a new manifest version, at
    /// once) and one of it dropped into the vault. Returns `(new version, item hash, instance id)`.
    pub fn bump_manifest(&mut self) -> Result<(String, u32, i64), SimError> {
        let template = self
            .catalogue
            .items
            .values()
            .find(|d| d.item_type == 3 && d.unique_label.is_none() && d.instanced)
            .cloned()
            .ok_or_else(SimError::item_not_found)?;
        let season = self.catalogue.items.len();
        let name = format!("{} (Season {season})", template.name);
        let hash = defs::fnv32(format!("bump:{name}").as_bytes());
        let def = defs::ItemDef {
            hash,
            icon: defs::icon_path(&format!("item:{name}")),
            name,
            ..template
        };
        self.catalogue.items.insert(hash, def);
        self.definitions_id = fresh_definitions_id();
        let id = self.new_instance_id();
        self.items.push(model::Item {
            instance_id: Some(id),
            hash,
            quantity: 1,
            place: model::Place::Vault,
            equipped: false,
            state: 0,
            lockable: true,
            power: 2000,
            bucket_override: None,
        });
        Ok((self.manifest_version(), hash, id))
    }

    /// Every icon path the definitions (and characters' emblems) name.
    pub fn icon_paths(&self) -> Vec<String> {
        manifest::icon_paths(self)
    }

    /// The game clock: advance to `now`; characters start and finish activities, drops arrive in the
    /// postmaster, the player moves items in game. Deterministic for a seed. Returns what happened.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Vec<GameEvent> {
        clock::tick(self, now)
    }

    /// An in-game move: `item_id` to `"vault"` or a character id (any character, no rules about
    /// equipped-ness beyond what the game itself enforces).
    pub fn game_move(&mut self, item_id: &str, to: &str) -> Result<(), SimError> {
        let player = self.items.iter().find_map(|i| match i.place {
            model::Place::Character(c)
                if i.instance_id.map(|id| id.to_string()).as_deref() == Some(item_id.trim()) =>
            {
                Some(c)
            }
            _ => None,
        });
        clock::game_move(self, item_id, to)?;
        // Moving items in game means playing: the mover is online and has played just now.
        let mover = player.or_else(|| to.trim().parse().ok());
        if let Some(character) =
            mover.and_then(|id| self.characters.iter_mut().find(|c| c.id == id))
        {
            character.date_last_played = character.date_last_played.max(Utc::now());
            self.clock.online = Some(character.id);
        }
        Ok(())
    }

    /// Ends the character's activity now (starting one first if it is idle), writing its history.
    pub fn finish_activity(
        &mut self,
        character_id: i64,
        now: DateTime<Utc>,
    ) -> Result<GameEvent, SimError> {
        clock::finish_activity(self, character_id, now)
    }

    /// Puts `character_id` into an activity now (the clock does this on its own; tests call it).
    pub fn start_activity(
        &mut self,
        character_id: i64,
        now: DateTime<Utc>,
    ) -> Result<GameEvent, SimError> {
        clock::start_activity(self, character_id, now)
    }

    /// Locks or unlocks a character's equipment (a loadout-locked activity), for tests.
    pub fn set_equipment_locked(
        &mut self,
        character_id: i64,
        locked: bool,
    ) -> Result<(), SimError> {
        let character = self.character_mut(character_id)?;
        character.equipment_locked = locked;
        Ok(())
    }

    /// The truth for tests: every item with id, hash, quantity, location, characterId, equipped,
    /// locked, bucketHash; every character with its ten loadout slots.
    pub fn state_json(&self) -> serde_json::Value {
        state::state_json(self)
    }

    /// Drops `count` generated items into the character's postmaster (oldest lost beyond 21).
    pub fn fill_postmaster(
        &mut self,
        character_id: i64,
        count: u32,
    ) -> Result<Vec<GameEvent>, SimError> {
        clock::fill_postmaster(self, character_id, count)
    }

    fn character(&self, id: i64) -> Result<&Character, SimError> {
        self.characters
            .iter()
            .find(|c| c.id == id)
            .ok_or_else(SimError::character_not_found)
    }

    fn character_mut(&mut self, id: i64) -> Result<&mut Character, SimError> {
        self.characters
            .iter_mut()
            .find(|c| c.id == id)
            .ok_or_else(SimError::character_not_found)
    }

    fn new_instance_id(&mut self) -> i64 {
        self.next_instance_id = self.next_instance_id.saturating_add(1);
        self.next_instance_id
    }
}

/// A seeded random source for a world.
fn seeded_rng(seed: u64) -> StdRng {
    rand::SeedableRng::seed_from_u64(seed)
}
