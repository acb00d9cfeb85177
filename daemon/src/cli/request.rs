//! One request of the command line: its [`Method`] and its params as the protocol crate's type.
//! What the player named in words (an item by name, a character by class) sits in the params'
//! own fields until it is resolved against the daemon, in place ([`Request::resolve`]).

use super::args::ClientArgs;
use super::client::DaemonClient;
use super::commands::Output;
use super::item_names;
use super::operation_text::Asked;
use super::places::Places;
use serde_json::Value;
use vault_raider_protocol::Method;
use vault_raider_protocol::automation::{
    FarmingParams, GuardParams, MaxPowerParams, SetGuardParams,
};
use vault_raider_protocol::game_loadouts::{GameLoadoutParams, GameSlotParams};
use vault_raider_protocol::inventory::{
    DimLoadout, EquipLoadoutParams, EquipParams, ItemRef, ListLoadoutsParams, LoadoutRef,
    LockParams, PullParams, SaveLoadoutParams, SearchParams, Snapshot, TransferParams,
};
use vault_raider_protocol::model::Class;
use vault_raider_protocol::overlay::OverlayUrlParams;
use vault_raider_protocol::progress::{HistoryParams, ProgressListParams, TrackParams};
use vault_raider_protocol::session::{Empty, RevokeClientParams, SelectAccountParams};
use vault_raider_protocol::tags::{DimBackup, NoteParams, TagParams};
use vault_raider_protocol::vendors::{CollectionsParams, VendorsParams};

/// A character the player named by class, or left to the most recently played one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CharacterArg {
    /// The most recently played character of this class.
    Class(Class),
    /// The most recently played character.
    MostRecent,
}

impl CharacterArg {
    /// `text` as a class name (any case), or `None` when it is not one (then it is an id).
    pub fn class(text: &str) -> Option<CharacterArg> {
        let class = match text.to_ascii_lowercase().as_str() {
            "titan" => Class::Titan,
            "hunter" => Class::Hunter,
            "warlock" => Class::Warlock,
            _ => return None,
        };
        Some(CharacterArg::Class(class))
    }

    /// The character's id in `snapshot` (characters come most recently played first).
    fn resolve(&self, snapshot: &Snapshot) -> anyhow::Result<String> {
        let class = match self {
            CharacterArg::Class(class) => Some(*class),
            CharacterArg::MostRecent => None,
        };
        snapshot
            .characters
            .iter()
            .find(|c| class.is_none_or(|class| c.class == class))
            .map(|c| c.character_id.clone())
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "this account has no {}",
                    class.map_or("Recent", super::places::class_name)
                )
            })
    }
}

/// Params the command line sends: serialized as they are, with the fields it fills in once the
/// player's words are resolved.
pub trait Params: Send {
    /// The params as the JSON the daemon reads.
    fn to_json(&self) -> serde_json::Result<Value>;
    /// The item id field, holding the player's text (a name or an id) until it is resolved.
    fn item(&mut self) -> Option<&mut String> {
        None
    }
    /// The character id field, replaced when the character was named by class.
    fn character(&mut self) -> Option<&mut String> {
        None
    }
    /// How the operation is asked for: a dry run, an unlock.
    fn asked(&self) -> Asked {
        Asked::default()
    }
}

/// A params field that holds an id: required (`String`) or optional (`Option<String>`).
trait IdField {
    fn id(&mut self) -> Option<&mut String>;
}

impl IdField for String {
    fn id(&mut self) -> Option<&mut String> {
        Some(self)
    }
}

impl IdField for Option<String> {
    fn id(&mut self) -> Option<&mut String> {
        self.as_mut()
    }
}

/// A params field that says "only plan": `dryRun`.
trait DryRunField {
    fn dry_run(&self) -> bool;
}

impl DryRunField for Option<bool> {
    fn dry_run(&self) -> bool {
        *self == Some(true)
    }
}

macro_rules! params {
    ($($ty:ty {
        $(item: $item:ident,)? $(character: $character:ident,)?
        $(dry_run: $dry_run:ident, $(unlocking: !$locked:ident,)?)?
    })*) => {$(
        impl Params for $ty {
            fn to_json(&self) -> serde_json::Result<Value> {
                serde_json::to_value(self)
            }
            $(fn item(&mut self) -> Option<&mut String> {
                IdField::id(&mut self.$item)
            })?
            $(fn character(&mut self) -> Option<&mut String> {
                IdField::id(&mut self.$character)
            })?
            $(fn asked(&self) -> Asked {
                Asked {
                    dry_run: DryRunField::dry_run(&self.$dry_run),
                    unlocking: false $(|| !self.$locked)?,
                }
            })?
        }
    )*};
}

params! {
    Empty {}
    SearchParams {}
    ItemRef { item: id, }
    TransferParams { item: id, character: to, dry_run: dry_run, }
    EquipParams { item: id, character: character_id, dry_run: dry_run, }
    LockParams { item: id, dry_run: dry_run, unlocking: !locked, }
    PullParams { item: id, character: character_id, dry_run: dry_run, }
    TagParams { item: id, }
    NoteParams { item: id, }
    DimBackup {}
    MaxPowerParams { character: character_id, dry_run: dry_run, }
    GuardParams { character: character_id, dry_run: dry_run, }
    SetGuardParams { character: character_id, }
    FarmingParams { character: character_id, }
    TrackParams { item: id, }
    ProgressListParams { character: character_id, }
    HistoryParams { character: character_id, }
    VendorsParams { character: character_id, }
    CollectionsParams {}
    OverlayUrlParams {}
    RevokeClientParams {}
    SelectAccountParams {}
    ListLoadoutsParams { character: character_id, }
    SaveLoadoutParams { character: character_id, }
    EquipLoadoutParams { character: character_id, dry_run: dry_run, }
    LoadoutRef {}
    GameLoadoutParams { character: character_id, dry_run: dry_run, }
    GameSlotParams { character: character_id, dry_run: dry_run, }
    DimLoadout {}
}

/// A client subcommand's request.
pub struct Request {
    /// How to reach the daemon and how to print.
    pub args: ClientArgs,
    /// The method.
    pub method: Method,
    /// Its params.
    pub params: Box<dyn Params>,
    /// The character named by class (or left to the most recent), to resolve.
    pub character: Option<CharacterArg>,
    /// How the result is shown.
    pub output: Output,
}

impl Request {
    /// A request for `method` with `params` (no character to resolve).
    pub fn new(
        args: ClientArgs,
        method: Method,
        params: impl Params + 'static,
        output: Output,
    ) -> Request {
        Request {
            args,
            method,
            params: Box::new(params),
            character: None,
            output,
        }
    }

    /// The same request with its character named by `character` (by class, or the most recent).
    pub fn naming(mut self, character: Option<CharacterArg>) -> Request {
        self.character = character;
        self
    }

    /// Whether sending it needs the daemon's snapshot: a character or an item to resolve.
    pub fn needs_names(&mut self) -> bool {
        self.character.is_some() || self.params.item().is_some()
    }

    /// Resolves the character (from `snapshot`) and the item (by name, through the daemon) in
    /// place; returns the params as JSON.
    pub async fn resolve(
        &mut self,
        client: &mut DaemonClient,
        snapshot: Option<&Snapshot>,
        places: &Places,
    ) -> anyhow::Result<Value> {
        if let (Some(character), Some(snapshot)) = (&self.character, snapshot) {
            let id = character.resolve(snapshot)?;
            if let Some(field) = self.params.character() {
                *field = id;
            }
        }
        if let Some(text) = self.params.item().map(|t| t.clone()) {
            let id = item_names::resolve(client, &text, places).await?;
            if let Some(field) = self.params.item() {
                *field = id;
            }
        }
        Ok(self.params.to_json()?)
    }
}
