//! The JSON Schema and the TypeScript declarations of the whole protocol, generated from the
//! types. The checked-in copies (`protocol/schema/`, `protocol/ts/`) are compared against these
//! by a test; `UPDATE_PROTOCOL_FILES=1 cargo test -p vault-raider-protocol` rewrites them.

use crate::automation::{
    AutomationStatus, FarmingParams, GuardParams, GuardSetting, MaxPowerParams, MaxPowerResult,
    SetGuardParams,
};
use crate::envelope::{Id, Notification, Outcome, Request, Response, Version};
use crate::error::{ErrorData, Reason, RpcError};
use crate::events::{
    ActivityCompleted, ActivityStarted, Event, InventoryChanged, ManifestState, ManifestStatus,
    OperationProgress, SessionChanged, SyncStatus, Topic,
};
use crate::game_loadouts::{
    GameIdentifiers, GameLoadoutParams, GameSlotParams, LoadoutImage, LoadoutName, LoadoutsChanged,
};
use crate::inventory::{
    ChangesParams, ChangesResult, DimLoadout, EquipLoadoutParams, EquipParams, ItemRef,
    ListLoadoutsParams, LoadoutList, LoadoutRef, LoadoutResult, LockParams, OperationResult,
    PullParams, SaveLoadoutParams, SearchParams, SearchResult, Snapshot, Step, SyncResult,
    TransferParams, VaultUsage,
};
use crate::methods::{method_interface, method_schemas};
use crate::model::{
    Account, Change, ChangeKind, Character, CharacterActivity, Class, Item, ItemClass, ItemDetail,
    ItemFields, Loadout, LoadoutItem, Location, Stat, Tier,
};
use crate::overlay::{OverlayUrlParams, OverlayUrlResult};
use crate::progress::{
    AccountStats, FireteamMember, HistoryParams, HistoryResult, ModeStats, Objective,
    ProgressChanged, ProgressItem, ProgressKind, ProgressList, ProgressListParams,
    ProgressListResult, QuestStep, TrackParams, TrackResult,
};
use crate::session::{
    BungieStatus, ClientInfo, ClientKind, CompleteAuthParams, DaemonInfo, Empty, IdentifyParams,
    IdentifyResult, LoginParams, LoginResult, PairedClient, PairingCompleteParams,
    PairingCompleteResult, PairingRequestParams, PairingRequestResult, PendingPairing,
    RevokeClientParams, SelectAccountParams, SessionInfo, SessionReason, SessionState,
    SessionStatus, SubscribeParams,
};
use crate::tags::{
    AnnotateResult, DimBackup, DimItemAnnotation, ImportTagsResult, ItemTag, NoteParams, TagParams,
};
use crate::vendors::{
    Clan, ClanMember, ClanResult, Collectible, CollectibleState, CollectionsParams,
    CollectionsResult, Currency, Vendor, VendorItem, VendorsParams, VendorsResult,
};
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};
use ts_rs::TS;

/// Where the schema is checked in, relative to the crate.
pub const SCHEMA_PATH: &str = "schema/protocol.schema.json";

/// Where the TypeScript declarations are checked in, relative to the crate.
pub const TS_PATH: &str = "ts/protocol.d.ts";

/// Calls `$action!(Type)` for every type that crosses the wire.
macro_rules! for_each_wire_type {
    ($action:ident) => {
        $action!(
            Version,
            Id,
            Request,
            Outcome,
            Response,
            Notification,
            RpcError,
            ErrorData,
            Reason,
            Account,
            Location,
            Class,
            ItemClass,
            Tier,
            Item,
            Stat,
            ItemDetail,
            CharacterActivity,
            Character,
            LoadoutItem,
            Loadout,
            ItemFields,
            ChangeKind,
            Change,
            Empty,
            ClientKind,
            ClientInfo,
            IdentifyParams,
            DaemonInfo,
            SessionState,
            SessionReason,
            SessionInfo,
            IdentifyResult,
            BungieStatus,
            SessionStatus,
            LoginParams,
            LoginResult,
            CompleteAuthParams,
            PendingPairing,
            PairingRequestParams,
            PairingRequestResult,
            PairingCompleteParams,
            PairingCompleteResult,
            PairedClient,
            RevokeClientParams,
            SelectAccountParams,
            SubscribeParams,
            VaultUsage,
            Snapshot,
            ChangesParams,
            ChangesResult,
            SyncResult,
            SearchParams,
            SearchResult,
            ItemRef,
            TransferParams,
            EquipParams,
            LockParams,
            PullParams,
            Step,
            OperationResult,
            ListLoadoutsParams,
            LoadoutList,
            SaveLoadoutParams,
            LoadoutResult,
            EquipLoadoutParams,
            LoadoutRef,
            DimLoadout,
            Topic,
            InventoryChanged,
            OperationProgress,
            ActivityStarted,
            ActivityCompleted,
            SessionChanged,
            SyncStatus,
            ManifestState,
            ManifestStatus,
            Event,
            OverlayUrlParams,
            OverlayUrlResult,
            MaxPowerParams,
            MaxPowerResult,
            GuardParams,
            SetGuardParams,
            GuardSetting,
            FarmingParams,
            AutomationStatus,
            GameLoadoutParams,
            GameSlotParams,
            LoadoutName,
            LoadoutImage,
            GameIdentifiers,
            LoadoutsChanged,
            ItemTag,
            TagParams,
            NoteParams,
            AnnotateResult,
            DimItemAnnotation,
            DimBackup,
            ImportTagsResult,
            Objective,
            ProgressKind,
            QuestStep,
            ProgressItem,
            ProgressList,
            ProgressListParams,
            ProgressListResult,
            TrackParams,
            TrackResult,
            ProgressChanged,
            FireteamMember,
            HistoryParams,
            HistoryResult,
            ModeStats,
            AccountStats,
            Currency,
            VendorsParams,
            VendorItem,
            Vendor,
            VendorsResult,
            CollectibleState,
            CollectionsParams,
            Collectible,
            CollectionsResult,
            ClanMember,
            Clan,
            ClanResult
        )
    };
}

/// The JSON Schema (draft 2020-12) of the whole protocol: every wire type under `$defs`, the
/// method table under `x-methods` (params and result of each), and the client request, the
/// daemon's response and its notification as the top-level alternatives.
pub fn json_schema() -> Value {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    macro_rules! add {
        ($($ty:ty),*) => { $( let _ = generator.subschema_for::<$ty>(); )* };
    }
    for_each_wire_type!(add);
    let methods = method_schemas(&mut generator);
    let defs = generator.take_definitions(true);
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://vault-raider.invalid/protocol/v1/protocol.schema.json",
        "title": "Vault Raider companion protocol, version 1",
        "description": "A frame is a request (or a batch of them) from a client, or a response (or a batch) or a notification from the daemon.",
        "oneOf": [
            {"$ref": "#/$defs/Request"},
            {"type": "array", "items": {"$ref": "#/$defs/Request"}, "minItems": 1},
            {"$ref": "#/$defs/Response"},
            {"type": "array", "items": {"$ref": "#/$defs/Response"}, "minItems": 1},
            {"$ref": "#/$defs/Notification"}
        ],
        "x-methods": methods,
        "$defs": defs,
    })
}

/// The schema as the checked-in file holds it (pretty JSON, trailing newline).
pub fn json_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&json_schema())
        .expect("a serde_json::Value always serializes");
    text.push('\n');
    text
}

/// The TypeScript declarations of the whole protocol (ids are strings, numbers are `number`).
pub fn typescript() -> String {
    let cfg = ts_rs::Config::default().with_large_int("number");
    let mut out = String::from(
        "// The Vault Raider companion protocol, version 1: TypeScript declarations.\n\
         // Generated from the `vault-raider-protocol` crate; do not edit by hand\n\
         // (UPDATE_PROTOCOL_FILES=1 cargo test -p vault-raider-protocol rewrites it).\n\n",
    );
    macro_rules! declare {
        ($($ty:ty),*) => { $(
            out.push_str("export ");
            out.push_str(&<$ty as TS>::decl(&cfg));
            out.push_str("\n\n");
        )* };
    }
    for_each_wire_type!(declare);
    declare!(Value);
    out.push_str(&method_interface(&cfg));
    out.push_str(LOOKUP_TYPES);
    out
}

/// The look-ups a client types its calls and event handlers with: a wrong method name, params of
/// the wrong shape or a misspelt event fails type checking.
const LOOKUP_TYPES: &str = "
/** A method's wire name (`items.transfer`…). */
export type MethodName = keyof Methods;

/** The params method `M` takes. */
export type ParamsOf<M extends MethodName> = Methods[M][\"params\"];

/** What method `M` answers. */
export type ResultOf<M extends MethodName> = Methods[M][\"result\"];

/** An event's (a notification's) method name (`inventory.changed`…). */
export type EventName = Event[\"method\"];

/** The params of event `E`. */
export type EventParams<E extends EventName> = Extract<Event, { method: E }>[\"params\"];
";
