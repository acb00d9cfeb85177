//! The method table: every method's name, who may call it, and its params and result types.

use crate::automation::{
    AutomationStatus, FarmingParams, GuardParams, MaxPowerParams, MaxPowerResult, SetGuardParams,
};
use crate::game_loadouts::{GameIdentifiers, GameLoadoutParams, GameSlotParams};
use crate::inventory::{
    ChangesParams, ChangesResult, DimLoadout, EquipLoadoutParams, EquipParams, ItemRef,
    ListLoadoutsParams, LoadoutList, LoadoutRef, LoadoutResult, LockParams, OperationResult,
    PullParams, SaveLoadoutParams, SearchParams, SearchResult, Snapshot, SyncResult,
    TransferParams,
};
use crate::model::{Account, ItemDetail};
use crate::overlay::{OverlayUrlParams, OverlayUrlResult};
use crate::progress::{
    AccountStats, HistoryParams, HistoryResult, ProgressListParams, ProgressListResult,
    TrackParams, TrackResult,
};
use crate::session::{
    CompleteAuthParams, Empty, IdentifyParams, IdentifyResult, LoginParams, LoginResult,
    PairedClient, PairingCompleteParams, PairingCompleteResult, PairingRequestParams,
    PairingRequestResult, PendingPairing, RevokeClientParams, SelectAccountParams, SessionInfo,
    SessionStatus, SubscribeParams,
};
use crate::tags::{AnnotateResult, DimBackup, ImportTagsResult, NoteParams, TagParams};
use crate::vendors::{
    ClanResult, CollectionsParams, CollectionsResult, VendorsParams, VendorsResult,
};
use schemars::SchemaGenerator;
use serde_json::{Map, Value, json};
use ts_rs::TS;

/// Who may call a method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    /// Any connection, identified or not (`session.identify`, `pairing.request|complete`).
    Anyone,
    /// A connection that identified with a valid token.
    Identified,
    /// Only a connection that identified with the admin token.
    Admin,
}

macro_rules! method_table {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $access:ident, $params:ty => $result:ty; )*) => {
        /// A method of the protocol.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Method {
            $( $(#[$doc])* $variant, )*
        }

        impl Method {
            /// Every method, in the order of the table in `PROTOCOL.md`.
            pub const ALL: &'static [Method] = &[$(Method::$variant),*];

            /// The method's wire name (`items.transfer`).
            pub fn name(self) -> &'static str {
                match self { $(Method::$variant => $name,)* }
            }

            /// The method with this wire name, if there is one.
            pub fn from_name(name: &str) -> Option<Method> {
                match name { $($name => Some(Method::$variant),)* _ => None }
            }

            /// Who may call it.
            pub fn access(self) -> Access {
                match self { $(Method::$variant => Access::$access,)* }
            }
        }

        /// The JSON Schema of every method's params and result, by method name.
        pub(crate) fn method_schemas(generator: &mut SchemaGenerator) -> Map<String, Value> {
            let mut map = Map::new();
            $(
                map.insert($name.to_string(), json!({
                    "params": generator.subschema_for::<$params>(),
                    "result": generator.subschema_for::<$result>(),
                }));
            )*
            map
        }

        /// A TypeScript interface mapping each method name to its params and result.
        pub(crate) fn method_interface(cfg: &ts_rs::Config) -> String {
            let mut out = String::from(
                "/** Every method: its params and its result. */\nexport interface Methods {\n",
            );
            $(
                out.push_str(&format!(
                    "  {:?}: {{ params: {}; result: {} }};\n",
                    $name,
                    <$params as TS>::name(cfg),
                    <$result as TS>::name(cfg),
                ));
            )*
            out.push_str("}\n");
            out
        }
    };
}

method_table! {
    /// Identify with a token and pick event topics.
    SessionIdentify = "session.identify", Anyone, IdentifyParams => IdentifyResult;
    /// The Bungie session's state and sync times.
    SessionStatus = "session.status", Identified, Empty => SessionStatus;
    /// Start signing in to Bungie.
    AuthLogin = "auth.login", Identified, LoginParams => LoginResult;
    /// Finish signing in with a code the client obtained itself.
    AuthComplete = "auth.complete", Identified, CompleteAuthParams => SessionInfo;
    /// Sign out of Bungie (tokens deleted).
    AuthLogout = "auth.logout", Identified, Empty => Empty;
    /// Pairings waiting for their code (admin only).
    PairingPending = "pairing.pending", Admin, Empty => Vec<PendingPairing>;
    /// Ask to pair: the daemon shows a code to the player.
    PairingRequest = "pairing.request", Anyone, PairingRequestParams => PairingRequestResult;
    /// Finish pairing with the code; answers the client's token.
    PairingComplete = "pairing.complete", Anyone, PairingCompleteParams => PairingCompleteResult;
    /// The paired clients (admin only).
    ClientsList = "clients.list", Admin, Empty => Vec<PairedClient>;
    /// Revoke a paired client's token (admin only).
    ClientsRevoke = "clients.revoke", Admin, RevokeClientParams => Empty;
    /// The Destiny accounts of the signed-in Bungie user.
    AccountsList = "accounts.list", Identified, Empty => Vec<Account>;
    /// Pick the account the daemon manages.
    AccountsSelect = "accounts.select", Identified, SelectAccountParams => SessionInfo;
    /// Everything, at one revision.
    ProfileSnapshot = "profile.snapshot", Identified, Empty => Snapshot;
    /// The changes after a revision.
    ProfileChanges = "profile.changes", Identified, ChangesParams => ChangesResult;
    /// Ask Bungie now.
    ProfileSync = "profile.sync", Identified, Empty => SyncResult;
    /// Search items with the query language.
    ItemsSearch = "items.search", Identified, SearchParams => SearchResult;
    /// One item with its stats, perks and description.
    ItemsGet = "items.get", Identified, ItemRef => ItemDetail;
    /// Move an item to the vault or a character.
    ItemsTransfer = "items.transfer", Identified, TransferParams => OperationResult;
    /// Equip an item on a character.
    ItemsEquip = "items.equip", Identified, EquipParams => OperationResult;
    /// Lock or unlock an item.
    ItemsLock = "items.lock", Identified, LockParams => OperationResult;
    /// Tag an item (DIM's tags) or clear its tag.
    ItemsTag = "items.tag", Identified, TagParams => AnnotateResult;
    /// Write or clear an item's note.
    ItemsNote = "items.note", Identified, NoteParams => AnnotateResult;
    /// Bring in the tags and notes of a DIM backup.
    TagsImport = "tags.import", Identified, DimBackup => ImportTagsResult;
    /// Every tag and note, as a DIM backup.
    TagsExport = "tags.export", Identified, Empty => DimBackup;
    /// Pull an item, or a whole postmaster, from the postmaster.
    PostmasterPull = "postmaster.pull", Identified, PullParams => OperationResult;
    /// Run the postmaster guard for a character now.
    PostmasterGuard = "postmaster.guard", Identified, GuardParams => OperationResult;
    /// Turn a character's postmaster guard on or off, or change its threshold.
    PostmasterSetGuard = "postmaster.setGuard", Identified, SetGuardParams => AutomationStatus;
    /// Keep a free slot in each weapon and armour bucket of a character while drops arrive.
    FarmingStart = "farming.start", Identified, FarmingParams => AutomationStatus;
    /// Stop farming mode.
    FarmingStop = "farming.stop", Identified, Empty => AutomationStatus;
    /// Farming mode and the postmaster guards.
    AutomationStatusGet = "automation.status", Identified, Empty => AutomationStatus;
    /// Equip the highest-power gear a character can.
    LoadoutsMaxPower = "loadouts.maxPower", Identified, MaxPowerParams => MaxPowerResult;
    /// The saved loadouts.
    LoadoutsList = "loadouts.list", Identified, ListLoadoutsParams => LoadoutList;
    /// Save a loadout.
    LoadoutsSave = "loadouts.save", Identified, SaveLoadoutParams => LoadoutResult;
    /// Put a loadout on a character.
    LoadoutsEquip = "loadouts.equip", Identified, EquipLoadoutParams => OperationResult;
    /// Delete a loadout.
    LoadoutsDelete = "loadouts.delete", Identified, LoadoutRef => Empty;
    /// Import a DIM loadout.
    LoadoutsImport = "loadouts.import", Identified, DimLoadout => LoadoutResult;
    /// Save a character's equipped gear into an in-game slot.
    LoadoutsSnapshotGame = "loadouts.snapshotGame", Identified, GameLoadoutParams => OperationResult;
    /// Rename, recolour or change the icon of an in-game slot.
    LoadoutsUpdateGame = "loadouts.updateGame", Identified, GameLoadoutParams => OperationResult;
    /// Empty an in-game slot.
    LoadoutsClearGame = "loadouts.clearGame", Identified, GameSlotParams => OperationResult;
    /// The names, colours and icons an in-game loadout may take.
    LoadoutsGameIdentifiers = "loadouts.gameIdentifiers", Identified, Empty => GameIdentifiers;
    /// Export a loadout in DIM's format.
    LoadoutsExport = "loadouts.export", Identified, LoadoutRef => DimLoadout;
    /// A character's (or every character's) quests, bounties and weekly milestones.
    ProgressList = "progress.list", Identified, ProgressListParams => ProgressListResult;
    /// Track or untrack a quest step or bounty in game.
    ProgressTrack = "progress.track", Identified, TrackParams => TrackResult;
    /// Recent activities with their post-game figures and fireteams.
    ActivitiesHistory = "activities.history", Identified, HistoryParams => HistoryResult;
    /// The account's lifetime figures per group of modes.
    StatsAccount = "stats.account", Identified, Empty => AccountStats;
    /// What a character's vendors sell now, costed, with what the player owns and can afford.
    VendorsList = "vendors.list", Identified, VendorsParams => VendorsResult;
    /// Search the collections (every collectible with its state).
    CollectionsSearch = "collections.search", Identified, CollectionsParams => CollectionsResult;
    /// The player's clan and its roster.
    ClanGet = "clan.get", Identified, Empty => ClanResult;
    /// Change the event topics.
    EventsSubscribe = "events.subscribe", Identified, SubscribeParams => SubscribeParams;
    /// The overlay's address with its token, optionally replaced first (admin only).
    OverlayUrl = "overlay.url", Admin, OverlayUrlParams => OverlayUrlResult;
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_only_three_methods_come_before_identify() {
        for method in Method::ALL {
            assert_eq!(Method::from_name(method.name()), Some(*method));
        }
        let open: Vec<&str> = Method::ALL
            .iter()
            .filter(|m| m.access() == Access::Anyone)
            .map(|m| m.name())
            .collect();
        assert_eq!(
            open,
            ["session.identify", "pairing.request", "pairing.complete"]
        );
        let admin: Vec<&str> = Method::ALL
            .iter()
            .filter(|m| m.access() == Access::Admin)
            .map(|m| m.name())
            .collect();
        assert_eq!(
            admin,
            [
                "pairing.pending",
                "clients.list",
                "clients.revoke",
                "overlay.url"
            ]
        );
        assert_eq!(Method::from_name("items.Transfer"), None);
    }
}
