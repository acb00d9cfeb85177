// The Vault Raider companion protocol, version 1: TypeScript declarations.
// Generated from the `vault-raider-protocol` crate; do not edit by hand
// (UPDATE_PROTOCOL_FILES=1 cargo test -p vault-raider-protocol rewrites it).

export type Version = "2.0";

export type Id = number | string;

export type Request = { 
/**
 * Always `"2.0"`.
 */
jsonrpc: Version, 
/**
 * The id the response will carry; absent for a notification.
 */
id?: Id, 
/**
 * The method's name (`items.transfer`…), see [`crate::Method`].
 */
method: string, 
/**
 * The method's params, an object; may be left out when the method takes none.
 */
params?: JsonValue, };

export type Outcome = { "result": JsonValue } | { "error": RpcError };

export type Response = { 
/**
 * Always `"2.0"`.
 */
jsonrpc: Version, 
/**
 * The request's id; `null` when the request's id could not be read.
 */
id: Id | null, } & ({ "result": JsonValue } | { "error": RpcError });

export type Notification = { 
/**
 * Always `"2.0"`.
 */
jsonrpc: Version, } & ({ "method": "inventory.changed", "params": InventoryChanged } | { "method": "operation.progress", "params": OperationProgress } | { "method": "activity.started", "params": ActivityStarted } | { "method": "activity.completed", "params": ActivityCompleted } | { "method": "session.changed", "params": SessionChanged } | { "method": "sync.status", "params": SyncStatus } | { "method": "loadouts.changed", "params": LoadoutsChanged } | { "method": "automation.changed", "params": AutomationStatus } | { "method": "progress.changed", "params": ProgressChanged });

export type RpcError = { 
/**
 * JSON-RPC's code or the daemon's (see [`Reason::code`]).
 */
code: number, 
/**
 * What went wrong, for a person to read.
 */
message: string, 
/**
 * The reason and its details (boxed: errors travel in `Result`s and should stay small).
 */
data?: ErrorData, };

export type ErrorData = { 
/**
 * The daemon's reason (absent for JSON-RPC's own codes).
 */
reason?: Reason, 
/**
 * For invalid params: the field at fault (`query`, `items[0].id`, `params`…).
 */
field?: string, 
/**
 * For `unsupported_protocol`: the versions the daemon speaks.
 */
versions?: Array<number>, 
/**
 * For `bungie_throttled` and `rate_limited`: how long to wait before trying again.
 */
retryAfterMs?: number, 
/**
 * For Bungie errors: Bungie's `ErrorCode`, where known.
 */
bungieErrorCode?: number, 
/**
 * For `bungie_error`: Bungie's `ErrorStatus` (`DestinyItemNotFound`…).
 */
bungieErrorStatus?: string, 
/**
 * For a failed one-item operation: the steps already done.
 */
steps?: Array<Step>, };

export type Reason = "unauthorized" | "pairing_failed" | "unsupported_protocol" | "busy" | "rate_limited" | "forbidden" | "item_not_found" | "character_not_found" | "no_room" | "not_transferable" | "cannot_equip" | "item_in_use" | "bungie_throttled" | "bungie_unavailable" | "signed_out" | "bungie_error";

export type Account = { 
/**
 * Bungie's membership type (3 = Steam…).
 */
membershipType: number, 
/**
 * The Destiny membership id.
 */
membershipId: string, 
/**
 * The Bungie name ("Guardian#1234").
 */
displayName: string, 
/**
 * Bungie no longer serves this membership's game (a legacy platform, error 1670): listed
 * in `accounts.list` with `true`, never selectable. Absent otherwise.
 */
unavailable?: boolean, };

export type Location = { "kind": "character", 
/**
 * The character holding it.
 */
characterId: string, } | { "kind": "vault" } | { "kind": "postmaster", 
/**
 * The character whose postmaster holds it.
 */
characterId: string, } | { "kind": "profile" };

export type Class = "titan" | "hunter" | "warlock";

export type ItemClass = "titan" | "hunter" | "warlock" | "any";

export type Tier = "Unknown" | "Basic" | "Common" | "Uncommon" | "Rare" | "Legendary" | "Exotic";

export type Item = { 
/**
 * The instance id, or `hash:<itemHash>…` for a stack without an instance.
 */
id: string, 
/**
 * The item's definition hash.
 */
hash: number, 
/**
 * Its name ("MIDA Multi-Tool").
 */
name: string, 
/**
 * Its type's name ("Scout Rifle").
 */
type: string, 
/**
 * Its rarity.
 */
tier: Tier, 
/**
 * The stable slug of its bucket (`kinetic`, `helmet`, `consumables`…).
 */
bucket: string, 
/**
 * The class that may use it.
 */
class: ItemClass, 
/**
 * Its power, for gear.
 */
power?: number, 
/**
 * Its damage type (`kinetic`, `arc`, `solar`, `void`, `stasis`, `strand`), for weapons.
 */
damage?: string, 
/**
 * Its icon, a path on bungie.net.
 */
icon: string, 
/**
 * Where it is.
 */
location: Location, 
/**
 * Equipped on its character.
 */
equipped: boolean, 
/**
 * How many (1 for gear).
 */
quantity: number, 
/**
 * Locked against dismantling.
 */
locked: boolean, 
/**
 * The game lets it move between characters and the vault.
 */
transferable: boolean, 
/**
 * It can be equipped at all.
 */
equippable: boolean, 
/**
 * The game lets its lock be toggled (false for ships, emblems, shaders…); absent from older
 * daemons, read as true.
 */
lockable: boolean, 
/**
 * The player's tag (`items.tag`); absent when untagged.
 */
tag?: ItemTag, 
/**
 * The player's note (`items.note`); absent when none.
 */
note?: string, };

export type Stat = { 
/**
 * The stat's name ("Range").
 */
name: string, 
/**
 * Its value.
 */
value: number, };

export type ItemDetail = { 
/**
 * Its stats.
 */
stats: Array<Stat>, 
/**
 * The names of its perks.
 */
perks: Array<string>, 
/**
 * Its in-game description.
 */
description: string, 
/**
 * A bounty's or quest step's objectives with their progress (empty for other items).
 */
objectives: Array<Objective>, 
/**
 * The instance id, or `hash:<itemHash>…` for a stack without an instance.
 */
id: string, 
/**
 * The item's definition hash.
 */
hash: number, 
/**
 * Its name ("MIDA Multi-Tool").
 */
name: string, 
/**
 * Its type's name ("Scout Rifle").
 */
type: string, 
/**
 * Its rarity.
 */
tier: Tier, 
/**
 * The stable slug of its bucket (`kinetic`, `helmet`, `consumables`…).
 */
bucket: string, 
/**
 * The class that may use it.
 */
class: ItemClass, 
/**
 * Its power, for gear.
 */
power?: number, 
/**
 * Its damage type (`kinetic`, `arc`, `solar`, `void`, `stasis`, `strand`), for weapons.
 */
damage?: string, 
/**
 * Its icon, a path on bungie.net.
 */
icon: string, 
/**
 * Where it is.
 */
location: Location, 
/**
 * Equipped on its character.
 */
equipped: boolean, 
/**
 * How many (1 for gear).
 */
quantity: number, 
/**
 * Locked against dismantling.
 */
locked: boolean, 
/**
 * The game lets it move between characters and the vault.
 */
transferable: boolean, 
/**
 * It can be equipped at all.
 */
equippable: boolean, 
/**
 * The game lets its lock be toggled (false for ships, emblems, shaders…); absent from older
 * daemons, read as true.
 */
lockable: boolean, 
/**
 * The player's tag (`items.tag`); absent when untagged.
 */
tag?: ItemTag, 
/**
 * The player's note (`items.note`); absent when none.
 */
note?: string, };

export type CharacterActivity = { 
/**
 * The activity's name ("Savathûn's Song").
 */
name: string, 
/**
 * The mode's name ("Strike").
 */
mode: string, 
/**
 * When it started (RFC 3339, UTC).
 */
startedAt: string, };

export type Character = { 
/**
 * The character id.
 */
characterId: string, 
/**
 * Its class.
 */
class: Class, 
/**
 * Its race's name.
 */
race: string, 
/**
 * Its power.
 */
power: number, 
/**
 * The emblem icon, a path on bungie.net.
 */
emblem: string, 
/**
 * The emblem colour, `#rrggbb`.
 */
emblemColor: string, 
/**
 * When it was last played (RFC 3339, UTC).
 */
lastPlayed: string, 
/**
 * The activity it is in; null outside one.
 */
activity: CharacterActivity | null, };

export type LoadoutItem = { 
/**
 * The item's id.
 */
id: string, 
/**
 * Its definition hash (to find a replacement when the instance is gone).
 */
hash: number, 
/**
 * Equip it (true) or only bring it along (false).
 */
equip: boolean, 
/**
 * For stacks: how many to bring.
 */
quantity?: number, };

export type Loadout = { 
/**
 * Its id.
 */
id: string, 
/**
 * The player's name for it.
 */
name: string, 
/**
 * The character it was saved for.
 */
characterId: string, 
/**
 * The class it is for.
 */
class: Class, 
/**
 * Its items.
 */
items: Array<LoadoutItem>, 
/**
 * When it was created (RFC 3339, UTC); empty for an in-game loadout.
 */
createdAt: string, 
/**
 * When it was last changed (RFC 3339, UTC); empty for an in-game loadout.
 */
updatedAt: string, 
/**
 * Who keeps it (absent from older daemons: `daemon`).
 */
source: LoadoutSource, 
/**
 * An in-game loadout's slot, 0–9.
 */
index?: number, 
/**
 * An in-game loadout's `DestinyLoadoutNameDefinition` hash.
 */
nameHash?: number, 
/**
 * An in-game loadout's `DestinyLoadoutColorDefinition` hash.
 */
colorHash?: number, 
/**
 * An in-game loadout's `DestinyLoadoutIconDefinition` hash.
 */
iconHash?: number, 
/**
 * An in-game loadout's colour swatch (a path on bungie.net).
 */
color?: string, 
/**
 * An in-game loadout's icon (a path on bungie.net).
 */
icon?: string, };

export type ItemFields = { 
/**
 * The new lock state.
 */
locked?: boolean, 
/**
 * The new quantity.
 */
quantity?: number, 
/**
 * The new power.
 */
power?: number, 
/**
 * The new equipped flag.
 */
equipped?: boolean, 
/**
 * The new name: with the fields below, sent together when a newly installed manifest
 * re-resolved the item (a new season's gear the daemon did not know).
 */
name?: string, 
/**
 * The new type name.
 */
type?: string, 
/**
 * The new rarity.
 */
tier?: Tier, 
/**
 * The new bucket slug.
 */
bucket?: string, 
/**
 * The new class that may use it.
 */
class?: ItemClass, 
/**
 * The new icon.
 */
icon?: string, 
/**
 * Whether the game now lets it move.
 */
transferable?: boolean, 
/**
 * Whether it can now be equipped.
 */
equippable?: boolean, 
/**
 * The player's new tag; null when it was cleared.
 */
tag?: ItemTag | null, 
/**
 * The player's new note; null when it was cleared.
 */
note?: string | null, 
/**
 * A bounty's or quest step's objectives as they are now (empty: it has none any more).
 */
objectives?: Array<Objective>, };

export type ChangeKind = { "kind": "moved", 
/**
 * The item.
 */
id: string, 
/**
 * Where it was.
 */
from: Location, 
/**
 * Where it is now.
 */
to: Location, } | { "kind": "equipped", 
/**
 * The item now equipped.
 */
id: string, 
/**
 * The character.
 */
characterId: string, 
/**
 * The item equipped in that slot before, if any.
 */
unequipped?: string, } | { "kind": "added", 
/**
 * The whole item.
 */
item: Item, } | { "kind": "removed", 
/**
 * The item.
 */
id: string, } | { "kind": "updated", 
/**
 * The item.
 */
id: string, 
/**
 * The fields that changed, with their new values.
 */
fields: ItemFields, } | { "kind": "character", 
/**
 * The character as it is now.
 */
character: Character, } | { "kind": "milestone", 
/**
 * The character.
 */
characterId: string, 
/**
 * The milestone's id (`milestone:<hash>`).
 */
id: string, 
/**
 * The milestone as it is now; null when gone.
 */
milestone: ProgressItem | null, } | { "kind": "loadout", 
/**
 * The character.
 */
characterId: string, 
/**
 * The slot, 0–9.
 */
index: number, 
/**
 * What the slot holds now; null when cleared.
 */
loadout: Loadout | null, };

export type Change = { 
/**
 * The store revision this change produced.
 */
rev: number, } & ({ "kind": "moved", 
/**
 * The item.
 */
id: string, 
/**
 * Where it was.
 */
from: Location, 
/**
 * Where it is now.
 */
to: Location, } | { "kind": "equipped", 
/**
 * The item now equipped.
 */
id: string, 
/**
 * The character.
 */
characterId: string, 
/**
 * The item equipped in that slot before, if any.
 */
unequipped?: string, } | { "kind": "added", 
/**
 * The whole item.
 */
item: Item, } | { "kind": "removed", 
/**
 * The item.
 */
id: string, } | { "kind": "updated", 
/**
 * The item.
 */
id: string, 
/**
 * The fields that changed, with their new values.
 */
fields: ItemFields, } | { "kind": "character", 
/**
 * The character as it is now.
 */
character: Character, } | { "kind": "milestone", 
/**
 * The character.
 */
characterId: string, 
/**
 * The milestone's id (`milestone:<hash>`).
 */
id: string, 
/**
 * The milestone as it is now; null when gone.
 */
milestone: ProgressItem | null, } | { "kind": "loadout", 
/**
 * The character.
 */
characterId: string, 
/**
 * The slot, 0–9.
 */
index: number, 
/**
 * What the slot holds now; null when cleared.
 */
loadout: Loadout | null, });

export type Empty = Record<symbol, never>;

export type ClientKind = "extension" | "overlay" | "cli" | "other";

export type ClientInfo = { 
/**
 * A name a person recognises ("Vault Raider popup").
 */
name: string, 
/**
 * What kind of client it is.
 */
kind: ClientKind, 
/**
 * Its version.
 */
version: string, };

export type IdentifyParams = { 
/**
 * The protocol version the client speaks.
 */
protocol: number, 
/**
 * Its client token (from pairing, the overlay URL or `admin.token`).
 */
token: string, 
/**
 * Who it is.
 */
client: ClientInfo, 
/**
 * The event topics it wants; all when left out.
 */
subscribe?: Array<Topic>, };

export type DaemonInfo = { 
/**
 * The daemon's version.
 */
version: string, };

export type SessionState = "not_configured" | "signed_out" | "signed_in" | "offline" | "maintenance" | "app_rejected";

export type SessionReason = "expired" | "revoked" | "logged_out" | "api_key_invalid" | "origin_rejected" | "scope_missing" | "key_mismatch";

export type SessionInfo = { 
/**
 * The session's state.
 */
state: SessionState, 
/**
 * Why (`signed_out`, `app_rejected`).
 */
reason?: SessionReason, 
/**
 * The state in words a person can read, with what to do about it.
 */
message?: string, 
/**
 * The account; null when signed out.
 */
account: Account | null, };

export type IdentifyResult = { 
/**
 * The protocol version agreed.
 */
protocol: number, 
/**
 * The daemon.
 */
daemon: DaemonInfo, 
/**
 * The Bungie session.
 */
session: SessionInfo, 
/**
 * The store's revision now.
 */
rev: number, };

export type BungieStatus = { 
/**
 * Until when Bungie throttles us (RFC 3339, UTC); null when it does not.
 */
throttledUntil: string | null, };

export type SessionStatus = { 
/**
 * The session's state.
 */
state: SessionState, 
/**
 * Why (`signed_out`, `app_rejected`).
 */
reason?: SessionReason, 
/**
 * The state in words a person can read, with what to do about it.
 */
message?: string, 
/**
 * The account; null when signed out.
 */
account: Account | null, 
/**
 * When the last sync finished (RFC 3339, UTC).
 */
lastSync: string | null, 
/**
 * When the next sync is due (RFC 3339, UTC).
 */
nextSync: string | null, 
/**
 * Bungie's side.
 */
bungie: BungieStatus, 
/**
 * The game's item definitions: version, and a download or install in progress (as in
 * `sync.status`). Left out until the first check.
 */
manifest?: ManifestStatus, };

export type LoginParams = { 
/**
 * The redirect URL to use instead of the configured one (the extension's).
 */
redirect?: string, };

export type LoginResult = { 
/**
 * The Bungie authorize URL the client opens.
 */
authorizeUrl: string, 
/**
 * The OAuth state that the callback must carry back.
 */
state: string, };

export type CompleteAuthParams = { 
/**
 * The authorization code from the redirect.
 */
code: string, 
/**
 * The state from the redirect.
 */
state: string, };

export type PendingPairing = { 
/**
 * The pairing's id.
 */
pairingId: string, 
/**
 * The client that asked.
 */
client: ClientInfo, 
/**
 * The six-digit code to show the player.
 */
code: string, 
/**
 * Seconds until it expires.
 */
expiresIn: number, };

export type PairingRequestParams = { 
/**
 * The client asking to pair.
 */
client: ClientInfo, };

export type PairingRequestResult = { 
/**
 * The pairing's id, for `pairing.complete`.
 */
pairingId: string, 
/**
 * Seconds until it expires.
 */
expiresIn: number, };

export type PairingCompleteParams = { 
/**
 * The pairing's id.
 */
pairingId: string, 
/**
 * The six-digit code the player typed.
 */
code: string, };

export type PairingCompleteResult = { 
/**
 * The client's token, shown this once; identify with it from now on.
 */
token: string, };

export type PairedClient = { 
/**
 * The client's id, for `clients.revoke`.
 */
clientId: string, 
/**
 * Who it said it was when it paired.
 */
client: ClientInfo, 
/**
 * When it paired (RFC 3339, UTC).
 */
pairedAt: string, 
/**
 * When it last identified (RFC 3339, UTC); null if never.
 */
lastSeen: string | null, };

export type RevokeClientParams = { 
/**
 * The client to revoke.
 */
clientId: string, };

export type SelectAccountParams = { 
/**
 * Bungie's membership type; optional, as the id alone names the account.
 */
membershipType?: number, 
/**
 * The Destiny membership id.
 */
membershipId: string, };

export type SubscribeParams = { 
/**
 * The topics wanted from now on (replacing the previous choice).
 */
topics: Array<Topic>, };

export type VaultUsage = { 
/**
 * Items in it.
 */
used: number, 
/**
 * How many it holds.
 */
capacity: number, };

export type Snapshot = { 
/**
 * The revision the snapshot is at.
 */
rev: number, 
/**
 * The account; null when none is selected.
 */
account: Account | null, 
/**
 * The characters, most recently played first.
 */
characters: Array<Character>, 
/**
 * Every item.
 */
items: Array<Item>, 
/**
 * How full the vault is.
 */
vault: VaultUsage, 
/**
 * Items waiting in each character's postmaster, by character id.
 */
postmaster: { [key in string]: number }, 
/**
 * The account's currencies (Glimmer, Bright Dust, …) as of the last sync.
 */
currencies?: Array<Currency>, };

export type ChangesParams = { 
/**
 * The last revision the client has; it gets every change after it.
 */
since: number, };

export type ChangesResult = { 
/**
 * The revision now.
 */
rev: number, 
/**
 * The changes after `since`, in revision order (absent with `reset`).
 */
changes?: Array<Change>, 
/**
 * True when `since` is older than the daemon keeps: take a snapshot.
 */
reset?: boolean, };

export type SyncResult = { 
/**
 * The revision after the sync.
 */
rev: number, 
/**
 * How many changes it found.
 */
changed: number, 
/**
 * How long it took.
 */
tookMs: number, };

export type SearchParams = { 
/**
 * The query (`is:exotic power:>=1800 -is:locked`).
 */
query: string, 
/**
 * The most items to return.
 */
limit?: number, };

export type SearchResult = { 
/**
 * The matching items.
 */
items: Array<Item>, };

export type ItemRef = { 
/**
 * The item's id.
 */
id: string, };

export type TransferParams = { 
/**
 * The item.
 */
id: string, 
/**
 * `"vault"` or a character id.
 */
to: string, 
/**
 * For stacks: how many (all when left out).
 */
quantity?: number, 
/**
 * Only plan: answer with the steps and change nothing.
 */
dryRun?: boolean, };

export type EquipParams = { 
/**
 * The item.
 */
id: string, 
/**
 * The character to equip it on (it is moved there first if needed).
 */
characterId: string, 
/**
 * Only plan: answer with the steps and change nothing.
 */
dryRun?: boolean, };

export type LockParams = { 
/**
 * The item.
 */
id: string, 
/**
 * Lock (true) or unlock (false).
 */
locked: boolean, 
/**
 * Only plan: answer with the steps and change nothing.
 */
dryRun?: boolean, };

export type PullParams = { 
/**
 * The item to pull.
 */
id?: string, 
/**
 * The character whose whole postmaster to pull.
 */
characterId?: string, 
/**
 * Only plan: answer with the steps and change nothing.
 */
dryRun?: boolean, };

export type Step = { 
/**
 * What it does (`transfer`, `equip`, `pull`, `lock`…).
 */
action: string, 
/**
 * The item it acts on.
 */
id: string, 
/**
 * Where the item was.
 */
from?: Location, 
/**
 * Where it goes.
 */
to?: Location, 
/**
 * Whether it succeeded (or, for a dry run, is expected to).
 */
ok: boolean, 
/**
 * Why it failed.
 */
error?: RpcError, };

export type OperationResult = { 
/**
 * The operation's id (its `operation.progress` events carry it).
 */
operationId: string, 
/**
 * False when any step failed.
 */
ok: boolean, 
/**
 * Its steps, in order.
 */
steps: Array<Step>, 
/**
 * The revision after it.
 */
rev: number, 
/**
 * How many calls it made to Bungie (or would make).
 */
bungieCalls: number, };

export type ListLoadoutsParams = { 
/**
 * Only this character's loadouts.
 */
characterId?: string, };

export type LoadoutList = { 
/**
 * The loadouts.
 */
loadouts: Array<Loadout>, };

export type SaveLoadoutParams = { 
/**
 * Its name.
 */
name: string, 
/**
 * The character it is for.
 */
characterId: string, 
/**
 * Its items; when left out, the character's equipped gear.
 */
items?: Array<LoadoutItem>, };

export type LoadoutResult = { 
/**
 * The loadout.
 */
loadout: Loadout, };

export type EquipLoadoutParams = { 
/**
 * The loadout.
 */
loadoutId: string, 
/**
 * The character to put it on.
 */
characterId: string, 
/**
 * Only plan: answer with the steps and change nothing.
 */
dryRun?: boolean, 
/**
 * The player agrees to take only the class-neutral items (weapons, ghost…) of a loadout made
 * for another class; the items left out are reported as `skip` steps. Without it such a
 * loadout is refused (`cannot_equip`) before any move.
 */
classNeutralOnly?: boolean, };

export type LoadoutRef = { 
/**
 * The loadout.
 */
loadoutId: string, };

export type DimLoadout = { 
/**
 * The loadout in DIM's JSON format.
 */
dim: JsonValue, 
/**
 * Import into this in-game slot instead of as the daemon's own loadout: the loadout is
 * equipped on that character, then saved into the slot (SnapshotLoadout). Import only.
 */
gameSlot?: GameSlot, };

export type Topic = "inventory" | "activity" | "operations" | "session" | "loadouts" | "progress";

export type InventoryChanged = { 
/**
 * The revision after the last of the changes.
 */
rev: number, 
/**
 * The changes, in revision order.
 */
changes: Array<Change>, 
/**
 * The store was started afresh (signed in to another Bungie.net account): drop what you
 * hold and take a `profile.snapshot`.
 */
reset?: boolean, };

export type OperationProgress = { 
/**
 * The operation.
 */
operationId: string, 
/**
 * The step that finished (1-based).
 */
step: number, 
/**
 * How many steps in all.
 */
of: number, 
/**
 * The step's action.
 */
action: string, 
/**
 * The item it acted on.
 */
id: string, 
/**
 * Whether it succeeded.
 */
ok: boolean, };

export type ActivityStarted = { 
/**
 * The character.
 */
characterId: string, 
/**
 * The activity's name.
 */
activity: string, 
/**
 * The mode's name.
 */
mode: string, 
/**
 * When it started (RFC 3339, UTC).
 */
startedAt: string, };

export type ActivityCompleted = { 
/**
 * The character.
 */
characterId: string, 
/**
 * The activity's name.
 */
activity: string, 
/**
 * The mode's name.
 */
mode: string, 
/**
 * Completed rather than abandoned.
 */
completed: boolean, 
/**
 * Kills.
 */
kills: number, 
/**
 * Deaths.
 */
deaths: number, 
/**
 * Assists.
 */
assists: number, 
/**
 * How long it took.
 */
durationSeconds: number, 
/**
 * When it ended (RFC 3339, UTC).
 */
endedAt: string, 
/**
 * The post-game carnage report's id (the activity instance).
 */
pgcrId: string, 
/**
 * Precision kills.
 */
precisionKills?: number, 
/**
 * The player's score.
 */
score?: number, 
/**
 * `victory` or `defeat` in team modes, else the place (`1st`…).
 */
standing?: string, 
/**
 * Seconds the player was in it (less than `durationSeconds` when joined late).
 */
timePlayedSeconds: number, 
/**
 * The players met, the player first; empty until the report was read.
 */
fireteam: Array<FireteamMember>, };

export type SessionChanged = { 
/**
 * The new state.
 */
state: SessionState, 
/**
 * Why (`signed_out`: `expired`, `revoked`, `logged_out`; `app_rejected`: what Bungie refuses).
 */
reason?: SessionReason, 
/**
 * The state in words a person can read, with what to do about it.
 */
message: string, };

export type SyncStatus = { 
/**
 * When the last sync finished (RFC 3339, UTC).
 */
lastSync: string | null, 
/**
 * When the next is due (RFC 3339, UTC).
 */
nextSync: string | null, 
/**
 * Whether it succeeded.
 */
ok: boolean, 
/**
 * What went wrong, in words a player understands.
 */
error?: string, 
/**
 * The game's item definitions (Bungie's manifest): the version in use or coming, and how far
 * its download and install have got. Left out until the first check.
 */
manifest?: ManifestStatus, };

export type ManifestState = "current" | "downloading" | "installing" | "failed";

export type ManifestStatus = { 
/**
 * The version in use (`current`, `failed`) or being installed (`downloading`, `installing`);
 * none when no manifest was ever installed and the check failed.
 */
version: string | null, 
/**
 * What is happening.
 */
state: ManifestState, 
/**
 * Bytes received so far (`downloading`; the whole download after).
 */
bytes: number, 
/**
 * The download's size, when Bungie announces it.
 */
totalBytes: number | null, };

export type Event = { "method": "inventory.changed", "params": InventoryChanged } | { "method": "operation.progress", "params": OperationProgress } | { "method": "activity.started", "params": ActivityStarted } | { "method": "activity.completed", "params": ActivityCompleted } | { "method": "session.changed", "params": SessionChanged } | { "method": "sync.status", "params": SyncStatus } | { "method": "loadouts.changed", "params": LoadoutsChanged } | { "method": "automation.changed", "params": AutomationStatus } | { "method": "progress.changed", "params": ProgressChanged };

export type OverlayUrlParams = { 
/**
 * Replace the overlay token first; connections that used the old one are closed.
 */
rotate: boolean, };

export type OverlayUrlResult = { 
/**
 * `http://127.0.0.1:PORT/overlay?token=…`: a secret, shown only to the admin.
 */
url: string, };

export type MaxPowerParams = { 
/**
 * The character to equip.
 */
characterId: string, 
/**
 * Only plan: answer with the steps and change nothing.
 */
dryRun?: boolean, };

export type MaxPowerResult = { 
/**
 * Average power of the eight equipped weapons and armour before.
 */
powerBefore: number, 
/**
 * Average power after.
 */
powerAfter: number, 
/**
 * The operation's id (its `operation.progress` events carry it).
 */
operationId: string, 
/**
 * False when any step failed.
 */
ok: boolean, 
/**
 * Its steps, in order.
 */
steps: Array<Step>, 
/**
 * The revision after it.
 */
rev: number, 
/**
 * How many calls it made to Bungie (or would make).
 */
bungieCalls: number, };

export type GuardParams = { 
/**
 * The character whose postmaster to empty.
 */
characterId: string, 
/**
 * Only plan: answer with the steps and change nothing.
 */
dryRun?: boolean, };

export type SetGuardParams = { 
/**
 * The character.
 */
characterId: string, 
/**
 * Guard on (the default) or off.
 */
enabled: boolean, 
/**
 * Act when the postmaster holds this many items (1–20); left out: unchanged.
 */
threshold?: number, };

export type GuardSetting = { 
/**
 * The character.
 */
characterId: string, 
/**
 * Whether the guard acts.
 */
enabled: boolean, 
/**
 * The postmaster count it acts at.
 */
threshold: number, };

export type FarmingParams = { 
/**
 * The character to keep room on.
 */
characterId: string, };

export type AutomationStatus = { 
/**
 * The character farming mode keeps room on; null when it is off.
 */
farming: string | null, 
/**
 * Each character's postmaster guard.
 */
guards: Array<GuardSetting>, };

export type GameLoadoutParams = { 
/**
 * The character.
 */
characterId: string, 
/**
 * The slot, 0–9.
 */
index: number, 
/**
 * `DestinyLoadoutNameDefinition` hash.
 */
nameHash?: number, 
/**
 * The name by its text ("Raid"), one of `loadouts.gameIdentifiers`' names.
 */
name?: string, 
/**
 * `DestinyLoadoutColorDefinition` hash.
 */
colorHash?: number, 
/**
 * `DestinyLoadoutIconDefinition` hash.
 */
iconHash?: number, 
/**
 * Only plan: answer with the steps and change nothing.
 */
dryRun?: boolean, };

export type GameSlotParams = { 
/**
 * The character.
 */
characterId: string, 
/**
 * The slot, 0–9.
 */
index: number, 
/**
 * Only plan: answer with the steps and change nothing.
 */
dryRun?: boolean, };

export type LoadoutName = { 
/**
 * Its hash.
 */
hash: number, 
/**
 * The name.
 */
name: string, };

export type LoadoutImage = { 
/**
 * Its hash.
 */
hash: number, 
/**
 * Its image, a path on bungie.net.
 */
image: string, };

export type GameIdentifiers = { 
/**
 * The names.
 */
names: Array<LoadoutName>, 
/**
 * The colours.
 */
colors: Array<LoadoutImage>, 
/**
 * The icons.
 */
icons: Array<LoadoutImage>, };

export type LoadoutsChanged = { 
/**
 * The character.
 */
characterId: string, 
/**
 * Its loadouts: the daemon's own (oldest first), then the in-game slots.
 */
loadouts: Array<Loadout>, };

export type ItemTag = "favorite" | "keep" | "junk" | "infuse" | "archive";

export type TagParams = { 
/**
 * The item (an instanced item: a stack has no lasting id).
 */
id: string, 
/**
 * The new tag; null clears it (it must be given).
 */
tag: ItemTag | null, };

export type NoteParams = { 
/**
 * The item (an instanced item).
 */
id: string, 
/**
 * The new note, at most [`MAX_NOTE_CHARS`] characters; null or empty clears it (it must
 * be given).
 */
note: string | null, };

export type AnnotateResult = { 
/**
 * The revision of the change.
 */
rev: number, 
/**
 * The item with its tag and note.
 */
item: Item, };

export type DimItemAnnotation = { 
/**
 * The item's instance id.
 */
itemId: string, 
/**
 * Its tag.
 */
tag?: ItemTag, 
/**
 * Its note.
 */
notes?: string, };

export type DimBackup = { 
/**
 * The item marks.
 */
tags: Array<DimItemAnnotation>, };

export type ImportTagsResult = { 
/**
 * The revision after the import (one revision per item whose marks changed).
 */
rev: number, 
/**
 * Items whose tag or note was set.
 */
imported: number, 
/**
 * Entries for items this account does not hold (another account's, or gone).
 */
unknown: number, 
/**
 * Notes cut to [`MAX_NOTE_CHARS`] characters.
 */
truncated: number, };

export type Objective = { 
/**
 * The `DestinyObjectiveDefinition` hash.
 */
hash: number, 
/**
 * What it counts ("Defeat combatants"); empty when the game gives no words.
 */
description: string, 
/**
 * The progress so far.
 */
progress: number, 
/**
 * The value that completes it.
 */
completionValue: number, 
/**
 * Whether it is complete.
 */
complete: boolean, };

export type ProgressKind = "bounty" | "quest" | "milestone" | "other";

export type QuestStep = { 
/**
 * The quest line's name ("The Lie").
 */
line: string, 
/**
 * This step's number, from 1.
 */
step: number, 
/**
 * How many steps the line has.
 */
steps: number, };

export type ProgressItem = { 
/**
 * The item's id for a pursuit (the same as in `items.*`), `milestone:<hash>` for a milestone.
 */
id: string, 
/**
 * The character it belongs to.
 */
characterId: string, 
/**
 * What it is.
 */
kind: ProgressKind, 
/**
 * The item or milestone definition hash.
 */
hash: number, 
/**
 * Its name.
 */
name: string, 
/**
 * Its icon path on bungie.net (empty when none).
 */
icon: string, 
/**
 * The objectives, in the game's order.
 */
objectives: Array<Objective>, 
/**
 * Every objective is complete.
 */
complete: boolean, 
/**
 * A quest step's place in its line.
 */
step?: QuestStep, 
/**
 * When a bounty expires, or a milestone resets (RFC 3339, UTC).
 */
expiresAt?: string, 
/**
 * Tracked in game.
 */
tracked: boolean, 
/**
 * A milestone's reward is earned this week.
 */
rewardEarned?: boolean, };

export type ProgressList = "quests" | "bounties" | "milestones";

export type ProgressListParams = { 
/**
 * One character's; left out: every character's.
 */
characterId?: string, 
/**
 * Which lists; left out: all three.
 */
kinds?: Array<ProgressList>, };

export type ProgressListResult = { 
/**
 * Quest steps, by character then id.
 */
quests: Array<ProgressItem>, 
/**
 * Bounties, by character then id.
 */
bounties: Array<ProgressItem>, 
/**
 * Weekly milestones, by character then id.
 */
milestones: Array<ProgressItem>, };

export type TrackParams = { 
/**
 * The pursuit's item id.
 */
id: string, 
/**
 * Track (true) or untrack (false).
 */
tracked: boolean, };

export type TrackResult = { 
/**
 * The pursuit.
 */
item: ProgressItem, 
/**
 * Calls made to Bungie for it.
 */
bungieCalls: number, };

export type ProgressChanged = { 
/**
 * The character.
 */
characterId: string, 
/**
 * The pursuits and milestones as they are now (a gone one is left out: see `removed`).
 */
changed: Array<ProgressItem>, 
/**
 * Ids of the ones that were completed by this change.
 */
completed: Array<string>, 
/**
 * Ids of the ones that went away (turned in, expired, abandoned).
 */
removed: Array<string>, };

export type FireteamMember = { 
/**
 * The Bungie name ("Name#0123"), or the platform name.
 */
name: string, 
/**
 * The class's name ("Hunter").
 */
class: string, 
/**
 * The power at the end.
 */
power: number, 
/**
 * Kills.
 */
kills: number, 
/**
 * Deaths.
 */
deaths: number, 
/**
 * This is the player's own character.
 */
isSelf: boolean, };

export type HistoryParams = { 
/**
 * The character; left out: the most recently played.
 */
characterId?: string, 
/**
 * How many, 1–50 (default 10).
 */
count?: number, 
/**
 * A `DestinyActivityModeType` to keep (5 all PvP, 7 all PvE…).
 */
mode?: number, };

export type HistoryResult = { 
/**
 * Newest first, each with the figures `activity.completed` carries.
 */
activities: Array<ActivityCompleted>, };

export type ModeStats = { 
/**
 * Bungie's group name (`allPvE`, `allPvP`, `raid`, `story`, `allStrikes`, `patrol`…).
 */
group: string, 
/**
 * Kills.
 */
kills: number, 
/**
 * Deaths.
 */
deaths: number, 
/**
 * Assists.
 */
assists: number, 
/**
 * Kills per death.
 */
kd: number, 
/**
 * Activities cleared.
 */
activitiesCleared: number, 
/**
 * Seconds played.
 */
secondsPlayed: number, };

export type AccountStats = { 
/**
 * Every mode group the account has played, largest time played first.
 */
modes: Array<ModeStats>, };

export type Currency = { 
/**
 * Its item hash.
 */
hash: number, 
/**
 * Its name ("Glimmer").
 */
name: string, 
/**
 * Its icon path on bungie.net (empty when none).
 */
icon: string, 
/**
 * How many.
 */
quantity: number, };

export type VendorsParams = { 
/**
 * Whose vendors (what they sell and what is affordable depend on the character).
 */
characterId: string, 
/**
 * Ask Bungie again even when the stored answer is still current.
 */
refresh?: boolean, };

export type VendorItem = { 
/**
 * The offered item in the protocol's item shape (its `id` is `vendor:<vendorHash>:<index>`,
 * its location the character's).
 */
item: Item, 
/**
 * The offer's index in the vendor's definition.
 */
vendorItemIndex: number, 
/**
 * What one purchase costs.
 */
cost: Array<Currency>, 
/**
 * The offered roll's perks (instanced offers), empty otherwise.
 */
perks: Array<string>, 
/**
 * The offered roll's stats (instanced offers), empty otherwise.
 */
stats: Array<Stat>, 
/**
 * Whether the player ever owned it (its collectible is acquired); absent when the item has
 * no collectible.
 */
owned?: boolean, 
/**
 * The player holds enough of every currency it costs now.
 */
affordable: boolean, };

export type Vendor = { 
/**
 * The vendor's hash.
 */
hash: number, 
/**
 * Its name ("Xûr").
 */
name: string, 
/**
 * Its icon path (empty when none).
 */
icon: string, 
/**
 * Where it stands ("Tower"), empty when unknown.
 */
location: string, 
/**
 * When its stock changes next (RFC 3339, UTC); absent when never.
 */
refreshesAt?: string, 
/**
 * What it sells.
 */
items: Array<VendorItem>, };

export type VendorsResult = { 
/**
 * The vendors selling something now, by name.
 */
vendors: Array<Vendor>, 
/**
 * The currencies the account holds.
 */
currencies: Array<Currency>, 
/**
 * When Bungie's answer was read (RFC 3339, UTC): it is kept until a vendor refreshes.
 */
readAt: string, };

export type CollectibleState = "acquired" | "not_acquired" | "obscured";

export type CollectionsParams = { 
/**
 * Words of the name, and `is:owned` / `-is:owned`.
 */
query: string, 
/**
 * At most this many (default 100, at most 1,000).
 */
limit?: number, };

export type Collectible = { 
/**
 * The collectible's hash.
 */
hash: number, 
/**
 * Its name.
 */
name: string, 
/**
 * Its icon path.
 */
icon: string, 
/**
 * How it is obtained ("Source: Xûr").
 */
source: string, 
/**
 * The item it is.
 */
itemHash: number, 
/**
 * Its state for the player.
 */
state: CollectibleState, };

export type CollectionsResult = { 
/**
 * The matches, by name.
 */
collectibles: Array<Collectible>, 
/**
 * Matches in all (more than listed when `limit` cut them).
 */
total: number, };

export type ClanMember = { 
/**
 * The Bungie name ("Name#0123").
 */
name: string, 
/**
 * The Destiny membership id.
 */
membershipId: string, 
/**
 * Online in Destiny now.
 */
online: boolean, 
/**
 * When the online state last changed (RFC 3339, UTC).
 */
lastOnline: string, 
/**
 * When they joined the clan (RFC 3339, UTC).
 */
joinedAt?: string, 
/**
 * The member's rank: `beginner`, `member`, `admin`, `acting_founder`, `founder`.
 */
rank: string, 
/**
 * For a member playing now, the activity ("Savathûn's Song — Strike") when their profile
 * shows it publicly.
 */
activity?: string, };

export type Clan = { 
/**
 * The group's id.
 */
id: string, 
/**
 * Its name.
 */
name: string, 
/**
 * Its motto.
 */
motto: string, 
/**
 * How many members it has.
 */
memberCount: number, 
/**
 * The roster, most recently online first (online members first of all).
 */
members: Array<ClanMember>, };

export type ClanResult = { 
/**
 * The clan; null when the player is in none.
 */
clan: Clan | null, 
/**
 * When Bungie's answer was read (RFC 3339, UTC).
 */
readAt: string, };

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;

/** Every method: its params and its result. */
export interface Methods {
  "session.identify": { params: IdentifyParams; result: IdentifyResult };
  "session.status": { params: Empty; result: SessionStatus };
  "auth.login": { params: LoginParams; result: LoginResult };
  "auth.complete": { params: CompleteAuthParams; result: SessionInfo };
  "auth.logout": { params: Empty; result: Empty };
  "pairing.pending": { params: Empty; result: Array<PendingPairing> };
  "pairing.request": { params: PairingRequestParams; result: PairingRequestResult };
  "pairing.complete": { params: PairingCompleteParams; result: PairingCompleteResult };
  "clients.list": { params: Empty; result: Array<PairedClient> };
  "clients.revoke": { params: RevokeClientParams; result: Empty };
  "accounts.list": { params: Empty; result: Array<Account> };
  "accounts.select": { params: SelectAccountParams; result: SessionInfo };
  "profile.snapshot": { params: Empty; result: Snapshot };
  "profile.changes": { params: ChangesParams; result: ChangesResult };
  "profile.sync": { params: Empty; result: SyncResult };
  "items.search": { params: SearchParams; result: SearchResult };
  "items.get": { params: ItemRef; result: ItemDetail };
  "items.transfer": { params: TransferParams; result: OperationResult };
  "items.equip": { params: EquipParams; result: OperationResult };
  "items.lock": { params: LockParams; result: OperationResult };
  "items.tag": { params: TagParams; result: AnnotateResult };
  "items.note": { params: NoteParams; result: AnnotateResult };
  "tags.import": { params: DimBackup; result: ImportTagsResult };
  "tags.export": { params: Empty; result: DimBackup };
  "postmaster.pull": { params: PullParams; result: OperationResult };
  "postmaster.guard": { params: GuardParams; result: OperationResult };
  "postmaster.setGuard": { params: SetGuardParams; result: AutomationStatus };
  "farming.start": { params: FarmingParams; result: AutomationStatus };
  "farming.stop": { params: Empty; result: AutomationStatus };
  "automation.status": { params: Empty; result: AutomationStatus };
  "loadouts.maxPower": { params: MaxPowerParams; result: MaxPowerResult };
  "loadouts.list": { params: ListLoadoutsParams; result: LoadoutList };
  "loadouts.save": { params: SaveLoadoutParams; result: LoadoutResult };
  "loadouts.equip": { params: EquipLoadoutParams; result: OperationResult };
  "loadouts.delete": { params: LoadoutRef; result: Empty };
  "loadouts.import": { params: DimLoadout; result: LoadoutResult };
  "loadouts.snapshotGame": { params: GameLoadoutParams; result: OperationResult };
  "loadouts.updateGame": { params: GameLoadoutParams; result: OperationResult };
  "loadouts.clearGame": { params: GameSlotParams; result: OperationResult };
  "loadouts.gameIdentifiers": { params: Empty; result: GameIdentifiers };
  "loadouts.export": { params: LoadoutRef; result: DimLoadout };
  "progress.list": { params: ProgressListParams; result: ProgressListResult };
  "progress.track": { params: TrackParams; result: TrackResult };
  "activities.history": { params: HistoryParams; result: HistoryResult };
  "stats.account": { params: Empty; result: AccountStats };
  "vendors.list": { params: VendorsParams; result: VendorsResult };
  "collections.search": { params: CollectionsParams; result: CollectionsResult };
  "clan.get": { params: Empty; result: ClanResult };
  "events.subscribe": { params: SubscribeParams; result: SubscribeParams };
  "overlay.url": { params: OverlayUrlParams; result: OverlayUrlResult };
}

/** A method's wire name (`items.transfer`…). */
export type MethodName = keyof Methods;

/** The params method `M` takes. */
export type ParamsOf<M extends MethodName> = Methods[M]["params"];

/** What method `M` answers. */
export type ResultOf<M extends MethodName> = Methods[M]["result"];

/** An event's (a notification's) method name (`inventory.changed`…). */
export type EventName = Event["method"];

/** The params of event `E`. */
export type EventParams<E extends EventName> = Extract<Event, { method: E }>["params"];
