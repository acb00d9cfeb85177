//! The command line's grammar (clap derive). Every subcommand has `--help`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Vault Raider: a local-first Destiny 2 companion.
#[derive(Debug, Parser)]
#[command(name = "vault-raider", version, about, long_about = None)]
pub struct Cli {
    /// The config file (default: the platform config directory's `vault-raider/config.toml`).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Log format.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// A switch given as `on` or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    /// Enabled.
    On,
    /// Disabled.
    Off,
}

/// How the simulated account's two Destiny memberships relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AccountLayout {
    /// Cross save: the second membership is overridden by the primary (one game).
    CrossSave,
    /// Two platforms without cross save, each its own game (characters and items).
    Separate,
}

impl OnOff {
    /// Whether it is `on`.
    pub fn is_on(self) -> bool {
        self == OnOff::On
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the simulator and the daemon together on a sample account (no Bungie account needed).
    Demo(DemoArgs),
    /// Run the simulated Bungie.net alone and print its base URL and credentials.
    Sim(SimArgs),
    /// Run the daemon against Bungie.net (or `--bungie-url`).
    Run(RunArgs),
    /// Sign in to Bungie.net.
    Login(LoginArgs),
    /// Delete the stored Bungie tokens.
    Logout(DataArgs),
    /// Show the daemon's session and sync state.
    Status(ClientArgs),
    /// List items, optionally filtered by a search query (`is:exotic power:>=1800`).
    Items(ItemsArgs),
    /// Show one item with its stats and perks.
    Item(ItemArgs),
    /// Move an item to the vault or a character.
    Transfer(TransferArgs),
    /// Equip an item on a character (moving it there first if needed).
    Equip(EquipArgs),
    /// Lock an item.
    Lock(ItemArgs),
    /// Unlock an item.
    Unlock(ItemArgs),
    /// Pull items from the postmaster.
    Pull(PullArgs),
    /// Manage loadouts.
    Loadout(LoadoutArgs),
    /// Ask Bungie for the newest state now.
    Sync(ClientArgs),
    /// Show pending pairing codes.
    Pairing(ClientArgs),
    /// Manage paired clients.
    Clients(ClientsArgs),
    /// Print the overlay's address (it carries the overlay token: keep it private).
    Overlay(OverlayArgs),
    /// Manage the Destiny accounts of the signed-in Bungie.net user.
    Accounts(AccountsArgs),
    /// Tag an item with one of DIM's tags (favorite, keep, junk, infuse, archive) or `none`.
    Tag(TagArgs),
    /// Write an item's note (an empty note clears it).
    Note(NoteArgs),
    /// Bring in or write out tags and notes as a DIM backup.
    Tags(TagsArgs),
    /// Equip the highest-power weapons and armour a character can use.
    MaxPower(CharacterOpArgs),
    /// Write the player's own data (loadouts, tags, notes, settings, pairings) to one JSON file.
    Backup(BackupArgs),
    /// Replace the player's own data with a backup's (the daemon must be stopped).
    Restore(RestoreArgs),
    /// Run the postmaster guard for a character now, or set it.
    Guard(GuardArgs),
    /// Farming mode: keep a free slot in a character's weapon and armour buckets.
    Farming(FarmingArgs),
    /// Show quests, bounties and weekly milestones with their objectives; track or untrack one.
    Progress(ProgressArgs),
    /// Show a character's recent activities with their post-game figures and fireteams.
    History(HistoryArgs),
    /// Show the account's lifetime figures per group of modes.
    Stats(ClientArgs),
    /// Show what a character's vendors sell now, with costs and what you own.
    Vendors(VendorsArgs),
    /// Search the collections (`is:owned`, `-is:owned`, words of the name).
    Collections(CollectionsArgs),
    /// Show your clan and who is online.
    Clan(ClientArgs),
    /// Write the browser extension (embedded in this binary) to load in Chromium or Firefox.
    Extension(ExtensionArgs),
    /// Start the daemon when you log in.
    Autostart(AutostartArgs),
}

/// Options of `demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The companion protocol port.
    #[arg(long, default_value_t = crate::config::DEFAULT_PORT)]
    pub port: u16,
    /// The simulator's port.
    #[arg(long, default_value_t = 7421)]
    pub sim_port: u16,
    /// Where the demo keeps its store (default: a fresh temporary directory).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// The large sample account (about 1,900 items).
    #[arg(long)]
    pub large: bool,
    /// Seed for the sample account and the game clock.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Bungie's action pacing in the simulator.
    #[arg(long, value_enum, default_value_t = OnOff::On)]
    pub pacing: OnOff,
    /// The simulator's game clock (activities, drops, in-game moves).
    #[arg(long, value_enum, default_value_t = OnOff::On)]
    pub clock: OnOff,
    /// Seed the account from a GetProfile response in Bungie's JSON.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Serve a real GetVendors response (Bungie's JSON) as the vendors.
    #[arg(long, value_name = "FILE")]
    pub vendors: Option<PathBuf>,
    /// Whether the account is in the sample clan.
    #[arg(long, value_enum, default_value_t = OnOff::On)]
    pub clan: OnOff,
    /// Exit after this many seconds (for scripted runs).
    #[arg(long, value_name = "SECONDS")]
    pub exit_after: Option<u64>,
    /// The account's memberships: cross-saved, or two platforms each its own game.
    #[arg(long, value_enum, default_value_t = AccountLayout::CrossSave)]
    pub accounts: AccountLayout,
    /// The redirect URL the demo's application registers (default: the daemon's own callback,
    /// `https://127.0.0.1:<port>/callback`); the browser extension's
    /// `https://<extension-id>.chromiumapp.org/` lets its Sign in work against the demo.
    #[arg(long, value_name = "URL")]
    pub redirect_url: Option<String>,
    /// Profile lag and cache, link speed, manifest size (on by default here).
    #[command(flatten)]
    pub realism: super::realism::RealismArgs,
}

/// Options of `sim`.
#[derive(Debug, Args)]
pub struct SimArgs {
    /// The port to listen on (loopback only).
    #[arg(long, default_value_t = 7421)]
    pub port: u16,
    /// The API key clients must send.
    #[arg(long, default_value = "demo-api-key")]
    pub api_key: String,
    /// The OAuth client id.
    #[arg(long, default_value = "40404")]
    pub client_id: String,
    /// The OAuth client secret.
    #[arg(long, default_value = "demo-client-secret")]
    pub client_secret: String,
    /// The one registered redirect URL (https:// or a custom scheme, never http://).
    #[arg(long, default_value = "https://127.0.0.1:7443/callback")]
    pub redirect_url: String,
    /// Approve every authorization request at once (no Approve page).
    #[arg(long)]
    pub auto_approve: bool,
    /// The application's scopes: `read,move` (both), or `read` (no MoveEquipDestinyItems: every
    /// action is answered 403 / 2108).
    #[arg(long, default_value = "read,move", value_parser = ["read,move", "read"])]
    pub scopes: String,
    /// The API key of another application the simulated Bungie.net knows (repeatable): accepted
    /// on public calls, but a token this application issued is refused with it (99
    /// WebAuthRequired), as Bungie binds each token to the key of the application that issued it.
    #[arg(long = "other-api-key")]
    pub other_api_keys: Vec<String>,
    /// Seed the account from a GetProfile response in Bungie's JSON.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Serve a real GetVendors response (Bungie's JSON) as the vendors.
    #[arg(long, value_name = "FILE")]
    pub vendors: Option<PathBuf>,
    /// Whether the account is in the sample clan.
    #[arg(long, value_enum, default_value_t = OnOff::On)]
    pub clan: OnOff,
    /// The large sample account (about 1,900 items).
    #[arg(long)]
    pub large: bool,
    /// Seed for the sample account and the game clock.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Bungie's action pacing.
    #[arg(long, value_enum, default_value_t = OnOff::On)]
    pub pacing: OnOff,
    /// The game clock (activities, drops, in-game moves).
    #[arg(long, value_enum, default_value_t = OnOff::Off)]
    pub clock: OnOff,
    /// The account's memberships: cross-saved, or two platforms each its own game.
    #[arg(long, value_enum, default_value_t = AccountLayout::CrossSave)]
    pub accounts: AccountLayout,
    /// Profile lag and cache, link speed, manifest size (off unless given).
    #[command(flatten)]
    pub realism: super::realism::RealismArgs,
}

/// Options of `run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// A Bungie-compatible server to use instead of Bungie.net (e.g. `vault-raider sim`).
    #[arg(long, value_name = "URL")]
    pub bungie_url: Option<String>,
    /// The companion protocol port.
    #[arg(long)]
    pub port: Option<u16>,
    /// Where the store, tokens and caches live.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

/// Options of `login`.
#[derive(Debug, Args)]
pub struct LoginArgs {
    /// A Bungie-compatible server to use instead of Bungie.net.
    #[arg(long, value_name = "URL")]
    pub bungie_url: Option<String>,
    /// Type in the final address from the browser instead of receiving the redirect.
    #[arg(long)]
    pub paste: bool,
    /// Where the tokens and the certificate live.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// The running daemon's port (found through its pointer file otherwise).
    #[arg(long)]
    pub port: Option<u16>,
}

/// Options of commands that only need the data directory.
#[derive(Debug, Args)]
pub struct DataArgs {
    /// Where the store, tokens and caches live.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

/// Options of every command that talks to the running daemon.
#[derive(Debug, Args, Clone)]
pub struct ClientArgs {
    /// The daemon's port.
    #[arg(long)]
    pub port: Option<u16>,
    /// The daemon's data directory (where `admin.token` is).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,
    /// Show ids (characters, items, loadouts, the account) next to their names.
    #[arg(long)]
    pub ids: bool,
}

/// Options of `items`.
#[derive(Debug, Args)]
pub struct ItemsArgs {
    /// A search query (`is:weapon is:exotic`, `power:>=1800`, `name:"…"`).
    pub query: Vec<String>,
    /// At most this many items.
    #[arg(long)]
    pub limit: Option<u32>,
    /// Connection options.
    #[command(flatten)]
    pub client: ClientArgs,
}

/// Options of commands acting on one item.
#[derive(Debug, Args)]
pub struct ItemArgs {
    /// The item's name (as in the game) or id.
    pub id: String,
    /// Show the plan without doing it.
    #[arg(long)]
    pub dry_run: bool,
    /// Connection options.
    #[command(flatten)]
    pub client: ClientArgs,
}

/// Options of `transfer`.
#[derive(Debug, Args)]
pub struct TransferArgs {
    /// The item's name (as in the game) or id.
    pub id: String,
    /// `vault`, a character id, or a class (`warlock`).
    #[arg(long)]
    pub to: String,
    /// How many, for stacks.
    #[arg(long)]
    pub quantity: Option<u32>,
    /// Show the plan without doing it.
    #[arg(long)]
    pub dry_run: bool,
    /// Connection options.
    #[command(flatten)]
    pub client: ClientArgs,
}

/// Options of `equip`.
#[derive(Debug, Args)]
pub struct EquipArgs {
    /// The item's name (as in the game) or id.
    pub id: String,
    /// A character id or a class (`hunter`).
    #[arg(long)]
    pub character: String,
    /// Show the plan without doing it.
    #[arg(long)]
    pub dry_run: bool,
    /// Connection options.
    #[command(flatten)]
    pub client: ClientArgs,
}

/// Options of `pull`.
#[derive(Debug, Args)]
pub struct PullArgs {
    /// One item to pull (its name or id).
    pub id: Option<String>,
    /// Pull everything from this character's postmaster (id or class).
    #[arg(long)]
    pub character: Option<String>,
    /// Show the plan without doing it.
    #[arg(long)]
    pub dry_run: bool,
    /// Connection options.
    #[command(flatten)]
    pub client: ClientArgs,
}

/// Options of `loadout`.
#[derive(Debug, Args)]
pub struct LoadoutArgs {
    /// What to do with loadouts.
    #[command(subcommand)]
    pub action: LoadoutAction,
}

/// Loadout subcommands.
#[derive(Debug, Subcommand)]
pub enum LoadoutAction {
    /// List loadouts.
    List {
        /// Only this character's (id or class).
        #[arg(long)]
        character: Option<String>,
        /// Connection options.
        #[command(flatten)]
        client: ClientArgs,
    },
    /// Save a character's equipped gear as a loadout.
    Save {
        /// The loadout's name.
        name: String,
        /// The character (id or class).
        #[arg(long)]
        character: String,
        /// Connection options.
        #[command(flatten)]
        client: ClientArgs,
    },
    /// Equip a loadout.
    Equip {
        /// The loadout id (or its exact name).
        loadout: String,
        /// The character (id or class).
        #[arg(long)]
        character: String,
        /// Show the plan without doing it.
        #[arg(long)]
        dry_run: bool,
        /// For a loadout of another class: bring only its class-neutral items (weapons, ghost…)
        /// and leave the rest where it is.
        #[arg(long)]
        class_neutral_only: bool,
        /// Connection options.
        #[command(flatten)]
        client: ClientArgs,
    },
    /// Save a character's equipped gear into one of its ten in-game slots.
    Snapshot {
        /// The character (id or class).
        #[arg(long)]
        character: String,
        /// The slot, 1–10.
        #[arg(long)]
        slot: u32,
        /// The name, one the game offers (`vault-raider loadout names`).
        #[arg(long)]
        name: Option<String>,
        /// Show the plan without doing it.
        #[arg(long)]
        dry_run: bool,
        /// Connection options.
        #[command(flatten)]
        client: ClientArgs,
    },
    /// Rename an in-game loadout (a name the game offers).
    Rename {
        /// The character (id or class).
        #[arg(long)]
        character: String,
        /// The slot, 1–10.
        #[arg(long)]
        slot: u32,
        /// The new name.
        name: String,
        /// Connection options.
        #[command(flatten)]
        client: ClientArgs,
    },
    /// Empty an in-game loadout slot.
    Clear {
        /// The character (id or class).
        #[arg(long)]
        character: String,
        /// The slot, 1–10.
        #[arg(long)]
        slot: u32,
        /// Show the plan without doing it.
        #[arg(long)]
        dry_run: bool,
        /// Connection options.
        #[command(flatten)]
        client: ClientArgs,
    },
    /// The names, colours and icons the game lets an in-game loadout take.
    Names(ClientArgs),
    /// Delete a loadout.
    Delete {
        /// The loadout id (or its exact name).
        loadout: String,
        /// Connection options.
        #[command(flatten)]
        client: ClientArgs,
    },
    /// Import a DIM loadout (JSON file, `-` for stdin, or an app.destinyitemmanager.com link).
    Import {
        /// The file, `-`, or the link.
        source: String,
        /// Connection options.
        #[command(flatten)]
        client: ClientArgs,
    },
    /// Export a loadout as DIM JSON.
    Export {
        /// The loadout id (or its exact name).
        loadout: String,
        /// Connection options.
        #[command(flatten)]
        client: ClientArgs,
    },
}

/// Options of `tag`.
#[derive(Debug, Args)]
pub struct TagArgs {
    /// The item's name (as in the game) or id.
    pub id: String,
    /// `favorite`, `keep`, `junk`, `infuse`, `archive`, or `none` to clear.
    pub tag: String,
    /// Connection options.
    #[command(flatten)]
    pub client: ClientArgs,
}

/// Options of `note`.
#[derive(Debug, Args)]
pub struct NoteArgs {
    /// The item's name (as in the game) or id.
    pub id: String,
    /// The note (at most 120 characters); left out or empty: cleared.
    pub note: Option<String>,
    /// Connection options.
    #[command(flatten)]
    pub client: ClientArgs,
}

/// Options of `backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write (JSON, readable by you only).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Where the store lives.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

/// Options of `restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A file written by `vault-raider backup` (or a daily copy from `<data dir>/backups`).
    pub file: PathBuf,
    /// Where the store lives.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

/// Options of `tags`.
#[derive(Debug, Args)]
pub struct TagsArgs {
    /// Import or export.
    #[command(subcommand)]
    pub action: TagsAction,
}

/// `tags` subcommands.
#[derive(Debug, Subcommand)]
pub enum TagsAction {
    /// Bring in the tags and notes of a DIM backup file (`-` for standard input).
    Import {
        /// The DIM backup (JSON).
        file: String,
        /// Connection options.
        #[command(flatten)]
        client: ClientArgs,
    },
    /// Print every tag and note as a DIM backup (JSON), for DIM's import.
    Export {
        /// Connection options.
        #[command(flatten)]
        client: ClientArgs,
    },
}

/// Options of a command on one character (`max-power`).
#[derive(Debug, Args)]
pub struct CharacterOpArgs {
    /// The character (id or class).
    #[arg(long)]
    pub character: String,
    /// Show the plan without doing it.
    #[arg(long)]
    pub dry_run: bool,
    /// Connection options.
    #[command(flatten)]
    pub client: ClientArgs,
}

/// Options of `guard`.
#[derive(Debug, Args)]
pub struct GuardArgs {
    /// The character (id or class).
    #[arg(long)]
    pub character: String,
    /// Show what the guard would do without doing it.
    #[arg(long)]
    pub dry_run: bool,
    /// Turn the guard on or off for the character instead of running it.
    #[arg(long, value_enum)]
    pub set: Option<OnOff>,
    /// With `--set`: act when the postmaster holds this many (1–20).
    #[arg(long)]
    pub threshold: Option<u32>,
    /// Connection options.
    #[command(flatten)]
    pub client: ClientArgs,
}

/// Options of `farming`.
#[derive(Debug, Args)]
pub struct FarmingArgs {
    /// Start, stop or show.
    #[command(subcommand)]
    pub action: FarmingAction,
}

/// `farming` subcommands.
#[derive(Debug, Subcommand)]
pub enum FarmingAction {
    /// Start farming mode on a character (stops it on any other).
    Start {
        /// The character (id or class).
        #[arg(long)]
        character: String,
        /// Connection options.
        #[command(flatten)]
        client: ClientArgs,
    },
    /// Stop farming mode.
    Stop(ClientArgs),
    /// Show farming mode and the postmaster guards.
    Status(ClientArgs),
}

/// Options of `progress`.
#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// Only this character's (id or class).
    #[arg(long)]
    pub character: Option<String>,
    /// Only these lists.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub kind: Vec<ProgressListKind>,
    /// Track this pursuit in game (its item id or name).
    #[arg(long, value_name = "ITEM", conflicts_with = "untrack")]
    pub track: Option<String>,
    /// Stop tracking this pursuit in game.
    #[arg(long, value_name = "ITEM")]
    pub untrack: Option<String>,
    /// Connection options.
    #[command(flatten)]
    pub client: ClientArgs,
}

/// The lists of `progress`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProgressListKind {
    /// Quest steps.
    Quests,
    /// Bounties.
    Bounties,
    /// Weekly milestones.
    Milestones,
}

/// Options of `history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The character (id or class); the most recently played when left out.
    #[arg(long)]
    pub character: Option<String>,
    /// How many activities (1–50).
    #[arg(long, default_value_t = 10)]
    pub count: u32,
    /// Only this `DestinyActivityModeType` (5 all PvP, 7 all PvE, 4 raids…).
    #[arg(long)]
    pub mode: Option<i32>,
    /// Connection options.
    #[command(flatten)]
    pub client: ClientArgs,
}

/// Options of `vendors`.
#[derive(Debug, Args)]
pub struct VendorsArgs {
    /// The character (id or class); the most recently played when left out.
    #[arg(long)]
    pub character: Option<String>,
    /// Only offers never owned.
    #[arg(long)]
    pub not_owned: bool,
    /// Ask Bungie again now.
    #[arg(long)]
    pub refresh: bool,
    /// Connection options.
    #[command(flatten)]
    pub client: ClientArgs,
}

/// Options of `collections`.
#[derive(Debug, Args)]
pub struct CollectionsArgs {
    /// Words of the name, `is:owned` or `-is:owned`.
    pub query: Vec<String>,
    /// At most this many.
    #[arg(long)]
    pub limit: Option<u32>,
    /// Connection options.
    #[command(flatten)]
    pub client: ClientArgs,
}

/// Options of `extension`.
#[derive(Debug, Args)]
pub struct ExtensionArgs {
    /// Write the unpacked extension into this folder (created if needed).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Write the zip a browser store upload takes.
    #[arg(long, value_name = "FILE")]
    pub zip: Option<PathBuf>,
}

/// Options of `overlay`.
#[derive(Debug, Args)]
pub struct OverlayArgs {
    /// Replace the overlay token first; overlays open with the old address are closed.
    #[arg(long)]
    pub rotate: bool,
    /// Connection options.
    #[command(flatten)]
    pub client: ClientArgs,
}

/// Options of `clients`.
#[derive(Debug, Args)]
pub struct ClientsArgs {
    /// What to do with paired clients.
    #[command(subcommand)]
    pub action: ClientsAction,
}

/// Paired-client subcommands.
#[derive(Debug, Subcommand)]
pub enum ClientsAction {
    /// List paired clients.
    List(ClientArgs),
    /// Revoke a client's token.
    Revoke {
        /// The client id.
        client_id: String,
        /// Connection options.
        #[command(flatten)]
        client: ClientArgs,
    },
}

/// Options of `accounts`.
#[derive(Debug, Args)]
pub struct AccountsArgs {
    /// What to do with accounts.
    #[command(subcommand)]
    pub action: AccountsAction,
}

/// Account subcommands.
#[derive(Debug, Subcommand)]
pub enum AccountsAction {
    /// List the Destiny accounts.
    List(ClientArgs),
    /// Choose the account the daemon manages.
    Select {
        /// The membership id (`vault-raider accounts list` shows them).
        membership_id: String,
        /// The membership type (3 = Steam…), to be explicit; the id alone is enough.
        #[arg(long = "type", value_name = "MEMBERSHIP_TYPE")]
        membership_type: Option<i32>,
        /// Connection options.
        #[command(flatten)]
        client: ClientArgs,
    },
}

/// Options of `autostart`.
#[derive(Debug, Args)]
pub struct AutostartArgs {
    /// Enable, disable or show.
    #[arg(value_enum)]
    pub action: AutostartAction,
}

/// What `autostart` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AutostartAction {
    /// Start with the session: on Linux a systemd user unit and an XDG autostart entry, on
    /// Windows the per-user `Run` registry value.
    Enable,
    /// Remove them.
    Disable,
    /// Say whether they are installed.
    Status,
}
