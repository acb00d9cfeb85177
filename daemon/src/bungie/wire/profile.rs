//! `DestinyProfileResponse` (GetProfile) with the components the daemon reads: 100, 102, 103, 200,
//! 201, 202, 204, 205, 206, 300, 301, 304, 305, 1000, and the minted timestamps.

use super::convert::{int, int_list, opt_date, opt_int};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Component numbers (`DestinyComponentType`) the daemon asks for.
pub mod components {
    /// 100 Profiles.
    pub const PROFILES: u32 = 100;
    /// 102 ProfileInventories (the vault and account-wide buckets).
    pub const PROFILE_INVENTORIES: u32 = 102;
    /// 103 ProfileCurrencies.
    pub const PROFILE_CURRENCIES: u32 = 103;
    /// 200 Characters.
    pub const CHARACTERS: u32 = 200;
    /// 201 CharacterInventories.
    pub const CHARACTER_INVENTORIES: u32 = 201;
    /// 202 CharacterProgressions (milestones, quests, uninstanced objectives).
    pub const CHARACTER_PROGRESSIONS: u32 = 202;
    /// 204 CharacterActivities.
    pub const CHARACTER_ACTIVITIES: u32 = 204;
    /// 205 CharacterEquipment.
    pub const CHARACTER_EQUIPMENT: u32 = 205;
    /// 206 CharacterLoadouts.
    pub const CHARACTER_LOADOUTS: u32 = 206;
    /// 300 ItemInstances.
    pub const ITEM_INSTANCES: u32 = 300;
    /// 301 ItemObjectives.
    pub const ITEM_OBJECTIVES: u32 = 301;
    /// 304 ItemStats.
    pub const ITEM_STATS: u32 = 304;
    /// 305 ItemSockets.
    pub const ITEM_SOCKETS: u32 = 305;
    /// 1000 Transitory.
    pub const TRANSITORY: u32 = 1000;
    /// 800 Collectibles (read on demand, not with every sync: thousands of entries).
    pub const COLLECTIBLES: u32 = 800;
    /// Everything the daemon's sync reads.
    pub const SYNC: [u32; 14] = [
        100, 102, 103, 200, 201, 202, 204, 205, 206, 300, 301, 304, 305, 1000,
    ];
    /// [`SYNC`] and the tiny VendorReceipts (101): a different request, so Bungie's profile cache
    /// (keyed by the request) builds a fresh response.
    pub const SYNC_PAST_CACHE: [u32; 15] = [
        100, 101, 102, 103, 200, 201, 202, 204, 205, 206, 300, 301, 304, 305, 1000,
    ];
}

/// A profile-wide component: `{data, privacy}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Single<T> {
    /// The data; absent when private and not ours, or disabled.
    #[serde(default = "none")]
    pub data: Option<T>,
    /// 0 None, 1 Public, 2 Private.
    #[serde(default)]
    pub privacy: i32,
    /// Set when Bungie disabled the component.
    #[serde(default)]
    pub disabled: bool,
}

/// A per-character component: `{data: {characterId: T}, privacy}`.
pub type PerCharacter<T> = Single<BTreeMap<i64, T>>;

fn none<T>() -> Option<T> {
    None
}

/// GetProfile's payload. `C` is how the item components are read: decoded ([`ItemComponents`],
/// the default), or with each item's entry first as raw JSON text
/// ([`super::component_memo::RawItemComponents`]) so that entries equal to the last profile's are
/// not decoded again.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DestinyProfileResponse<C = ItemComponents> {
    /// When most components were generated (absent in pre-2022 captures).
    #[serde(deserialize_with = "opt_date")]
    pub response_minted_timestamp: Option<DateTime<Utc>>,
    /// When records, metrics and transitory data were generated (unset when not asked for).
    #[serde(deserialize_with = "opt_date")]
    pub secondary_components_minted_timestamp: Option<DateTime<Utc>>,
    /// 100.
    pub profile: Option<Single<ProfileComponent>>,
    /// 102: the vault and the account-wide buckets.
    pub profile_inventory: Option<Single<InventoryComponent>>,
    /// 103.
    pub profile_currencies: Option<Single<InventoryComponent>>,
    /// 1000: present only while the player is online.
    pub profile_transitory_data: Option<Single<TransitoryComponent>>,
    /// 800: profile-wide collectibles.
    pub profile_collectibles: Option<Single<CollectiblesComponent>>,
    /// 800: character-scoped collectibles.
    pub character_collectibles: Option<PerCharacter<CollectiblesComponent>>,
    /// 200.
    pub characters: Option<PerCharacter<CharacterComponent>>,
    /// 201: unequipped items (and the postmaster).
    pub character_inventories: Option<PerCharacter<InventoryComponent>>,
    /// 202: milestones, quests and uninstanced objectives.
    pub character_progressions:
        Option<PerCharacter<super::progress::CharacterProgressionComponent>>,
    /// 204.
    pub character_activities: Option<PerCharacter<CharacterActivitiesComponent>>,
    /// 205: equipped items.
    pub character_equipment: Option<PerCharacter<InventoryComponent>>,
    /// 206: in-game loadouts.
    pub character_loadouts: Option<PerCharacter<LoadoutsComponent>>,
    /// 300, 301, 304, 305 keyed by item instance id.
    pub item_components: Option<C>,
}

impl<C> DestinyProfileResponse<C> {
    /// The same profile with its item components read by `read` (every other field moved).
    pub fn map_item_components<D, E>(
        self,
        read: impl FnOnce(Option<C>) -> Result<Option<D>, E>,
    ) -> Result<DestinyProfileResponse<D>, E> {
        Ok(DestinyProfileResponse {
            item_components: read(self.item_components)?,
            response_minted_timestamp: self.response_minted_timestamp,
            secondary_components_minted_timestamp: self.secondary_components_minted_timestamp,
            profile: self.profile,
            profile_inventory: self.profile_inventory,
            profile_currencies: self.profile_currencies,
            profile_transitory_data: self.profile_transitory_data,
            profile_collectibles: self.profile_collectibles,
            character_collectibles: self.character_collectibles,
            characters: self.characters,
            character_inventories: self.character_inventories,
            character_progressions: self.character_progressions,
            character_activities: self.character_activities,
            character_equipment: self.character_equipment,
            character_loadouts: self.character_loadouts,
        })
    }
}

/// Component 800: collectible hash → its state for the player.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CollectiblesComponent {
    /// Collectible hash → `{state}`.
    pub collectibles: BTreeMap<u32, CollectibleComponent>,
}

/// `DestinyCollectibleComponent`.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(default)]
pub struct CollectibleComponent {
    /// `DestinyCollectibleState` flags: 1 not acquired, 2 obscured, 4 invisible….
    pub state: i32,
}

/// Component 100.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ProfileComponent {
    /// Who this profile belongs to.
    pub user_info: ProfileUserInfo,
    /// When any character last played.
    #[serde(deserialize_with = "opt_date")]
    pub date_last_played: Option<DateTime<Utc>>,
    /// The characters, in Bungie's order.
    #[serde(deserialize_with = "int_list")]
    pub character_ids: Vec<i64>,
}

/// The `userInfo` of component 100.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ProfileUserInfo {
    /// `BungieMembershipType`.
    pub membership_type: i32,
    /// The Destiny membership id.
    #[serde(deserialize_with = "int")]
    pub membership_id: i64,
    /// The platform display name.
    pub display_name: String,
    /// The Bungie name without its code.
    pub bungie_global_display_name: Option<String>,
    /// The Bungie name code.
    pub bungie_global_display_name_code: Option<u32>,
}

/// Component 200, one character.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CharacterComponent {
    /// The Destiny membership id.
    #[serde(deserialize_with = "int")]
    pub membership_id: i64,
    /// `BungieMembershipType`.
    pub membership_type: i32,
    /// The character id.
    #[serde(deserialize_with = "int")]
    pub character_id: i64,
    /// When the character last played.
    #[serde(deserialize_with = "opt_date")]
    pub date_last_played: Option<DateTime<Utc>>,
    /// Minutes in the current or last session.
    #[serde(deserialize_with = "int")]
    pub minutes_played_this_session: i64,
    /// Minutes played in total.
    #[serde(deserialize_with = "int")]
    pub minutes_played_total: i64,
    /// Power.
    pub light: i32,
    /// Stat hash → value (keys are strings on the wire).
    pub stats: BTreeMap<u32, i32>,
    /// 0 Titan, 1 Hunter, 2 Warlock.
    pub class_type: i32,
    /// The class definition.
    pub class_hash: u32,
    /// 0 Human, 1 Awoken, 2 Exo.
    pub race_type: i32,
    /// The race definition.
    pub race_hash: u32,
    /// 0 male, 1 female.
    pub gender_type: i32,
    /// The gender definition.
    pub gender_hash: u32,
    /// The emblem icon path.
    pub emblem_path: String,
    /// The emblem banner path.
    pub emblem_background_path: String,
    /// The emblem.
    pub emblem_hash: u32,
    /// The emblem's colour.
    pub emblem_color: Color,
    /// The equipped title, if any.
    pub title_record_hash: Option<u32>,
    /// The character's level (equip requirements compare against it).
    pub base_character_level: i32,
}

/// `DestinyColor`: numbers 0–255 on the wire although the spec says strings.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Color {
    /// Red.
    pub red: u8,
    /// Green.
    pub green: u8,
    /// Blue.
    pub blue: u8,
    /// Alpha.
    pub alpha: u8,
}

/// Components 102, 103, 201, 205: a list of items.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InventoryComponent {
    /// The items.
    pub items: Vec<ItemComponent>,
}

/// `DestinyItemComponent`: one item or stack where it lies.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, rename_all = "camelCase")]
pub struct ItemComponent {
    /// The item definition.
    pub item_hash: u32,
    /// The instance id; absent for uninstanced stacks.
    #[serde(deserialize_with = "opt_int")]
    pub item_instance_id: Option<i64>,
    /// The stack size.
    pub quantity: i32,
    /// `ItemBindStatus`.
    pub bind_status: i32,
    /// `ItemLocation`: 1 Inventory, 2 Vault, 4 Postmaster.
    pub location: i32,
    /// The bucket it is in now.
    pub bucket_hash: u32,
    /// `TransferStatuses` flags: 1 equipped, 2 not transferable, 4 no room.
    pub transfer_status: i32,
    /// Whether it can be locked.
    pub lockable: bool,
    /// `ItemState` flags: 1 locked, 2 tracked, 4 masterwork, 8 crafted.
    pub state: i32,
    /// An ornament or shader override.
    pub override_style_item_hash: Option<u32>,
    /// When it expires.
    #[serde(deserialize_with = "opt_date")]
    pub expiration_date: Option<DateTime<Utc>>,
    /// Whether it is a wrapper (a package).
    pub is_wrapper: bool,
    /// The item's quality version.
    pub version_number: Option<i32>,
}

/// Component 204, one character.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, rename_all = "camelCase")]
pub struct CharacterActivitiesComponent {
    /// When the current activity started.
    #[serde(deserialize_with = "opt_date")]
    pub date_activity_started: Option<DateTime<Utc>>,
    /// The current activity (0 when none).
    pub current_activity_hash: u32,
    /// The current activity mode.
    pub current_activity_mode_hash: u32,
    /// The current activity mode type.
    pub current_activity_mode_type: Option<i32>,
    /// Every mode of the current activity.
    pub current_activity_mode_hashes: Vec<u32>,
    /// Every mode type of the current activity.
    pub current_activity_mode_types: Vec<i32>,
    /// The playlist it was launched from.
    pub current_playlist_activity_hash: Option<u32>,
    /// The last story mission completed.
    pub last_completed_story_hash: u32,
}

/// Component 206, one character.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LoadoutsComponent {
    /// The in-game loadout slots, in order.
    pub loadouts: Vec<LoadoutComponent>,
}

/// One in-game loadout slot.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LoadoutComponent {
    /// `DestinyLoadoutColorDefinition`.
    pub color_hash: u32,
    /// `DestinyLoadoutIconDefinition`.
    pub icon_hash: u32,
    /// `DestinyLoadoutNameDefinition`.
    pub name_hash: u32,
    /// The items (an empty slot has id 0).
    pub items: Vec<LoadoutItemComponent>,
}

/// One item of an in-game loadout.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LoadoutItemComponent {
    /// The item instance.
    #[serde(deserialize_with = "int")]
    pub item_instance_id: i64,
    /// The plugs to insert.
    pub plug_item_hashes: Vec<u32>,
}

/// One of the item components: `{data: {itemInstanceId: T}, privacy}`. The component and each
/// entry are shared (`Arc`s) so that a profile can hold the last one's where its JSON text is
/// the same ([`super::component_memo`]).
pub type PerInstance<T> = Arc<Single<BTreeMap<i64, Arc<T>>>>;

/// `itemComponents` keyed by item instance id.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ItemComponents {
    /// 300.
    pub instances: Option<PerInstance<ItemInstanceComponent>>,
    /// 301: the objectives of bounties, quest steps and other pursuits.
    pub objectives: Option<PerInstance<super::progress::ItemObjectivesComponent>>,
    /// 304.
    pub stats: Option<PerInstance<ItemStatsComponent>>,
    /// 305.
    pub sockets: Option<PerInstance<ItemSocketsComponent>>,
}

/// Component 300, one instance.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, rename_all = "camelCase")]
pub struct ItemInstanceComponent {
    /// `DamageType`.
    pub damage_type: i32,
    /// The damage type definition.
    pub damage_type_hash: Option<u32>,
    /// The primary stat (power).
    pub primary_stat: Option<StatValue>,
    /// The item level.
    pub item_level: i32,
    /// The quality.
    pub quality: i32,
    /// Whether it is equipped.
    pub is_equipped: bool,
    /// Whether the owner can equip it now.
    pub can_equip: bool,
    /// The level needed to equip it.
    pub equip_required_level: i32,
    /// `EquipFailureReason` flags.
    pub cannot_equip_reason: i32,
    /// The armour/weapon tier (2025+).
    pub gear_tier: Option<i32>,
}

/// A stat and its value.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(default, rename_all = "camelCase")]
pub struct StatValue {
    /// The stat definition.
    pub stat_hash: u32,
    /// The value.
    pub value: i32,
}

/// Component 304, one instance.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct ItemStatsComponent {
    /// Stat hash → stat.
    pub stats: BTreeMap<u32, StatValue>,
}

/// Component 305, one instance.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct ItemSocketsComponent {
    /// The sockets in order.
    pub sockets: Vec<SocketState>,
}

/// One socket.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, rename_all = "camelCase")]
pub struct SocketState {
    /// The inserted plug, if any.
    pub plug_hash: Option<u32>,
    /// Whether it is enabled.
    pub is_enabled: bool,
    /// Whether it is shown.
    pub is_visible: bool,
}

/// Component 1000: present only while the player is online; not authoritative.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TransitoryComponent {
    /// The fireteam.
    pub party_members: Vec<PartyMember>,
    /// The activity being played, if any.
    pub current_activity: Option<TransitoryActivity>,
    /// The last destination orbited.
    pub last_orbited_destination_hash: Option<u32>,
}

/// A fireteam member.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PartyMember {
    /// Their Destiny membership id.
    #[serde(deserialize_with = "int")]
    pub membership_id: i64,
    /// Their emblem.
    pub emblem_hash: u32,
    /// Their name.
    pub display_name: String,
    /// `DestinyPartyMemberStates` flags.
    pub status: i32,
}

/// The activity in component 1000.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TransitoryActivity {
    /// When it started.
    #[serde(deserialize_with = "opt_date")]
    pub start_time: Option<DateTime<Utc>>,
    /// When it ended (players may still loiter).
    #[serde(deserialize_with = "opt_date")]
    pub end_time: Option<DateTime<Utc>>,
    /// The score.
    pub score: f64,
    /// The best opposing score.
    pub highest_opposing_faction_score: f64,
    /// Opponents.
    pub number_of_opponents: i32,
    /// Players.
    pub number_of_players: i32,
}
