//! The request each client subcommand sends: its [`Method`] and the protocol crate's params type
//! for it, filled from the command line (see [`Request`] for the names still to resolve).

use super::args::ClientArgs;
use super::args::{
    AccountsAction, ClientsAction, Command, FarmingAction, LoadoutAction, OnOff, ProgressListKind,
    TagsAction,
};
use super::commands::Output;
use super::request::{CharacterArg, Params, Request};
use serde_json::Value;
use vault_raider_protocol::Method;
use vault_raider_protocol::automation::{
    FarmingParams, GuardParams, MaxPowerParams, SetGuardParams,
};
use vault_raider_protocol::game_loadouts::{GameLoadoutParams, GameSlotParams};
use vault_raider_protocol::inventory::{
    DimLoadout, EquipLoadoutParams, EquipParams, ItemRef, ListLoadoutsParams, LoadoutRef,
    LockParams, PullParams, SaveLoadoutParams, SearchParams, TransferParams,
};
use vault_raider_protocol::overlay::OverlayUrlParams;
use vault_raider_protocol::progress::{
    HistoryParams, ProgressList, ProgressListParams, TrackParams,
};
use vault_raider_protocol::session::{Empty, RevokeClientParams, SelectAccountParams};
use vault_raider_protocol::tags::{DimBackup, ItemTag, NoteParams, TagParams};
use vault_raider_protocol::vendors::{CollectionsParams, VendorsParams};

/// A character id field's first value and the class to resolve it from: a class name stays in
/// the field until it is resolved; anything else is an id, sent as it is.
fn character(text: &str) -> (String, Option<CharacterArg>) {
    (text.to_string(), CharacterArg::class(text))
}

/// The request a client subcommand sends; `None` for other commands, an error when its input
/// (a loadout file, a tag) cannot be read.
pub fn request_for(command: Command) -> anyhow::Result<Option<Request>> {
    use Method as M;
    let empty = Empty {};
    Ok(Some(match command {
        Command::Status(args) => Request::new(args, M::SessionStatus, empty, Output::Status),
        Command::Items(a) => Request::new(
            a.client,
            M::ItemsSearch,
            SearchParams {
                query: a.query.join(" "),
                limit: a.limit,
            },
            Output::Items,
        ),
        Command::Item(a) => Request::new(a.client, M::ItemsGet, ItemRef { id: a.id }, Output::Item),
        Command::Transfer(a) => {
            let (to, named) = if a.to.eq_ignore_ascii_case("vault") {
                ("vault".to_string(), None)
            } else {
                character(&a.to)
            };
            let params = TransferParams {
                id: a.id,
                to,
                quantity: a.quantity,
                dry_run: Some(a.dry_run),
            };
            Request::new(a.client, M::ItemsTransfer, params, Output::Operation).naming(named)
        }
        Command::Equip(a) => for_character(
            a.client,
            M::ItemsEquip,
            &a.character,
            Output::Operation,
            |character_id| EquipParams {
                id: a.id,
                character_id,
                dry_run: Some(a.dry_run),
            },
        ),
        Command::Lock(a) => lock(a.client, a.id, true, a.dry_run),
        Command::Unlock(a) => lock(a.client, a.id, false, a.dry_run),
        Command::Pull(a) => {
            let (character_id, named) = optional_character(a.character.as_deref());
            let params = PullParams {
                id: a.id,
                character_id,
                dry_run: Some(a.dry_run),
            };
            Request::new(a.client, M::PostmasterPull, params, Output::Operation).naming(named)
        }
        Command::Tag(a) => {
            let tag = item_tag(&a.tag)?;
            Request::new(
                a.client,
                M::ItemsTag,
                TagParams { id: a.id, tag },
                Output::Marks,
            )
        }
        Command::Note(a) => Request::new(
            a.client,
            M::ItemsNote,
            NoteParams {
                id: a.id,
                note: a.note,
            },
            Output::Marks,
        ),
        Command::Tags(t) => match t.action {
            TagsAction::Import { file, client } => {
                let backup: DimBackup = read_json_source(&file, "a DIM backup")?;
                Request::new(client, M::TagsImport, backup, Output::TagsImported)
            }
            TagsAction::Export { client } => {
                Request::new(client, M::TagsExport, empty, Output::Raw)
            }
        },
        Command::MaxPower(a) => for_character(
            a.client,
            M::LoadoutsMaxPower,
            &a.character,
            Output::MaxPower,
            |character_id| MaxPowerParams {
                character_id,
                dry_run: Some(a.dry_run),
            },
        ),
        Command::Guard(a) => match a.set {
            Some(switch) => for_character(
                a.client,
                M::PostmasterSetGuard,
                &a.character,
                Output::Automation,
                |character_id| SetGuardParams {
                    character_id,
                    enabled: switch == OnOff::On,
                    threshold: a.threshold,
                },
            ),
            None => for_character(
                a.client,
                M::PostmasterGuard,
                &a.character,
                Output::Operation,
                |character_id| GuardParams {
                    character_id,
                    dry_run: Some(a.dry_run),
                },
            ),
        },
        Command::Farming(f) => match f.action {
            FarmingAction::Start {
                character: c,
                client,
            } => for_character(
                client,
                M::FarmingStart,
                &c,
                Output::Automation,
                |character_id| FarmingParams { character_id },
            ),
            FarmingAction::Stop(client) => {
                Request::new(client, M::FarmingStop, empty, Output::Automation)
            }
            FarmingAction::Status(client) => {
                Request::new(client, M::AutomationStatusGet, empty, Output::Automation)
            }
        },
        Command::Progress(a) => match (a.track, a.untrack) {
            (Some(id), _) => track(a.client, id, true),
            (None, Some(id)) => track(a.client, id, false),
            (None, None) => {
                let (character_id, named) = optional_character(a.character.as_deref());
                let kinds: Vec<ProgressList> = a
                    .kind
                    .iter()
                    .map(|k| match k {
                        ProgressListKind::Quests => ProgressList::Quests,
                        ProgressListKind::Bounties => ProgressList::Bounties,
                        ProgressListKind::Milestones => ProgressList::Milestones,
                    })
                    .collect();
                let params = ProgressListParams {
                    character_id,
                    kinds: (!kinds.is_empty()).then_some(kinds),
                };
                Request::new(a.client, M::ProgressList, params, Output::Progress).naming(named)
            }
        },
        Command::History(a) => {
            let (character_id, named) = optional_character(a.character.as_deref());
            let params = HistoryParams {
                character_id,
                count: Some(a.count),
                mode: a.mode,
            };
            Request::new(a.client, M::ActivitiesHistory, params, Output::History).naming(named)
        }
        Command::Stats(args) => Request::new(args, M::StatsAccount, empty, Output::Stats),
        Command::Vendors(a) => {
            let (character_id, named) = match a.character.as_deref() {
                Some(text) => character(text),
                None => (String::new(), Some(CharacterArg::MostRecent)),
            };
            let out = if a.not_owned {
                Output::VendorsNotOwned
            } else {
                Output::Vendors
            };
            let params = VendorsParams {
                character_id,
                refresh: Some(a.refresh),
            };
            Request::new(a.client, M::VendorsList, params, out).naming(named)
        }
        Command::Collections(a) => Request::new(
            a.client,
            M::CollectionsSearch,
            CollectionsParams {
                query: a.query.join(" "),
                limit: a.limit,
            },
            Output::Collections,
        ),
        Command::Clan(args) => Request::new(args, M::ClanGet, empty, Output::Clan),
        Command::Sync(args) => Request::new(args, M::ProfileSync, empty, Output::Sync),
        Command::Pairing(args) => Request::new(args, M::PairingPending, empty, Output::Pairings),
        Command::Overlay(o) => Request::new(
            o.client,
            M::OverlayUrl,
            OverlayUrlParams { rotate: o.rotate },
            Output::OverlayUrl,
        ),
        Command::Clients(c) => match c.action {
            ClientsAction::List(args) => Request::new(args, M::ClientsList, empty, Output::Clients),
            ClientsAction::Revoke { client_id, client } => Request::new(
                client,
                M::ClientsRevoke,
                RevokeClientParams { client_id },
                Output::Raw,
            ),
        },
        Command::Accounts(a) => match a.action {
            AccountsAction::List(args) => {
                Request::new(args, M::AccountsList, empty, Output::Accounts)
            }
            AccountsAction::Select {
                membership_type,
                membership_id,
                client,
            } => Request::new(
                client,
                M::AccountsSelect,
                SelectAccountParams {
                    membership_type,
                    membership_id,
                },
                Output::AccountSelected,
            ),
        },
        Command::Loadout(l) => loadout_request(l.action)?,
        _ => return Ok(None),
    }))
}

/// The request of a `loadout` subcommand.
fn loadout_request(action: LoadoutAction) -> anyhow::Result<Request> {
    use Method as M;
    Ok(match action {
        LoadoutAction::List { character, client } => {
            let (character_id, named) = optional_character(character.as_deref());
            let params = ListLoadoutsParams { character_id };
            Request::new(client, M::LoadoutsList, params, Output::Loadouts).naming(named)
        }
        LoadoutAction::Save {
            name,
            character: c,
            client,
        } => for_character(
            client,
            M::LoadoutsSave,
            &c,
            Output::Loadout,
            |character_id| SaveLoadoutParams {
                name,
                character_id,
                items: None,
            },
        ),
        LoadoutAction::Equip {
            loadout,
            character: c,
            dry_run,
            class_neutral_only,
            client,
        } => for_character(
            client,
            M::LoadoutsEquip,
            &c,
            Output::Operation,
            |character_id| EquipLoadoutParams {
                loadout_id: loadout,
                character_id,
                dry_run: Some(dry_run),
                class_neutral_only: class_neutral_only.then_some(true),
            },
        ),
        LoadoutAction::Delete { loadout, client } => Request::new(
            client,
            M::LoadoutsDelete,
            LoadoutRef {
                loadout_id: loadout,
            },
            Output::Raw,
        ),
        LoadoutAction::Snapshot {
            character: c,
            slot,
            name,
            dry_run,
            client,
        } => in_game_slot(
            client,
            M::LoadoutsSnapshotGame,
            &c,
            slot,
            |character_id, index| GameLoadoutParams {
                character_id,
                index,
                name,
                dry_run: Some(dry_run),
                ..game_loadout()
            },
        )?,
        LoadoutAction::Rename {
            character: c,
            slot,
            name,
            client,
        } => in_game_slot(
            client,
            M::LoadoutsUpdateGame,
            &c,
            slot,
            |character_id, index| GameLoadoutParams {
                character_id,
                index,
                name: Some(name),
                ..game_loadout()
            },
        )?,
        LoadoutAction::Clear {
            character: c,
            slot,
            dry_run,
            client,
        } => in_game_slot(
            client,
            M::LoadoutsClearGame,
            &c,
            slot,
            |character_id, index| GameSlotParams {
                character_id,
                index,
                dry_run: Some(dry_run),
            },
        )?,
        LoadoutAction::Names(client) => Request::new(
            client,
            M::LoadoutsGameIdentifiers,
            Empty {},
            Output::LoadoutNames,
        ),
        LoadoutAction::Import { source, client } => {
            let params = DimLoadout {
                dim: read_dim_source(&source)?,
                game_slot: None,
            };
            Request::new(client, M::LoadoutsImport, params, Output::Loadout)
        }
        LoadoutAction::Export { loadout, client } => Request::new(
            client,
            M::LoadoutsExport,
            LoadoutRef {
                loadout_id: loadout,
            },
            Output::Raw,
        ),
    })
}

/// `items.lock` locking or unlocking `id`.
fn lock(client: ClientArgs, id: String, locked: bool, dry_run: bool) -> Request {
    let params = LockParams {
        id,
        locked,
        dry_run: Some(dry_run),
    };
    Request::new(client, Method::ItemsLock, params, Output::Operation)
}

/// `progress.track` tracking or untracking `id`.
fn track(client: ClientArgs, id: String, tracked: bool) -> Request {
    Request::new(
        client,
        Method::ProgressTrack,
        TrackParams { id, tracked },
        Output::Tracked,
    )
}

/// A request whose params name the character `text` (built by `params` from its id field's
/// first value), resolved from its class when it names one.
fn for_character<P: Params + 'static>(
    client: ClientArgs,
    method: Method,
    text: &str,
    output: Output,
    params: impl FnOnce(String) -> P,
) -> Request {
    let (character_id, named) = character(text);
    Request::new(client, method, params(character_id), output).naming(named)
}

/// A request about in-game slot `slot` (1–10) of the character `text`; `params` gets the
/// character id field's first value and the 0-based index.
fn in_game_slot<P: Params + 'static>(
    client: ClientArgs,
    method: Method,
    text: &str,
    slot: u32,
    params: impl FnOnce(String, u32) -> P,
) -> anyhow::Result<Request> {
    let index = slot_index(slot)?;
    Ok(for_character(
        client,
        method,
        text,
        Output::Operation,
        |id| params(id, index),
    ))
}

/// An optional character id field and the class to resolve it from.
fn optional_character(text: Option<&str>) -> (Option<String>, Option<CharacterArg>) {
    match text.map(character) {
        Some((id, named)) => (Some(id), named),
        None => (None, None),
    }
}

/// In-game loadout params with nothing but the slot set (the rest filled by the caller).
fn game_loadout() -> GameLoadoutParams {
    GameLoadoutParams {
        character_id: String::new(),
        index: 0,
        name_hash: None,
        name: None,
        color_hash: None,
        icon_hash: None,
        dry_run: None,
    }
}

/// The tag the player typed (`none` or `clear` for no tag).
fn item_tag(text: &str) -> anyhow::Result<Option<ItemTag>> {
    match text.to_ascii_lowercase().as_str() {
        "none" | "clear" => Ok(None),
        other => serde_json::from_value(Value::String(other.to_string()))
            .map(Some)
            .map_err(|e| anyhow::anyhow!("invalid params: `tag`: {e}")),
    }
}

/// The 0-based index of in-game slot `slot` (1–10, as the game numbers them).
fn slot_index(slot: u32) -> anyhow::Result<u32> {
    if (1..=10).contains(&slot) {
        Ok(slot - 1)
    } else {
        anyhow::bail!("an in-game loadout slot is 1 to 10, not {slot}")
    }
}

/// Reads a DIM loadout from a file, standard input (`-`) or a link; a link is passed on as text.
fn read_dim_source(source: &str) -> anyhow::Result<Value> {
    if source.starts_with("http://") || source.starts_with("https://") {
        return Ok(Value::String(source.to_string()));
    }
    read_json_source(source, "DIM loadout JSON")
}

/// Reads JSON (`what`, for the error) from a file or standard input (`-`) as a `T`.
fn read_json_source<T: serde::de::DeserializeOwned>(source: &str, what: &str) -> anyhow::Result<T> {
    let text = if source == "-" {
        std::io::read_to_string(std::io::stdin())?
    } else {
        std::fs::read_to_string(source).map_err(|e| anyhow::anyhow!("cannot read {source}: {e}"))?
    };
    serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{source} is not {what}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use serde_json::json;

    fn request(words: &[&str]) -> Request {
        let cli = super::super::args::Cli::try_parse_from(
            std::iter::once("vault-raider").chain(words.iter().copied()),
        )
        .expect("the words parse");
        request_for(cli.command)
            .expect("a request")
            .expect("a client command")
    }

    #[test]
    fn a_transfer_to_a_class_keeps_the_class_until_resolved_and_sends_the_old_shape() {
        let mut transfer = request(&["transfer", "Rat King", "--to", "warlock", "--dry-run"]);
        assert_eq!(transfer.method, Method::ItemsTransfer);
        assert_eq!(
            transfer.character,
            Some(CharacterArg::Class(
                vault_raider_protocol::model::Class::Warlock
            ))
        );
        assert!(transfer.needs_names());
        assert_eq!(
            transfer.params.to_json().expect("JSON"),
            json!({"id": "Rat King", "to": "warlock", "dryRun": true})
        );
        let to_vault = request(&["transfer", "6917529000000000001", "--to", "Vault"]);
        assert_eq!(to_vault.character, None);
        assert_eq!(
            to_vault.params.to_json().expect("JSON"),
            json!({"id": "6917529000000000001", "to": "vault", "dryRun": false})
        );
    }

    #[test]
    fn optional_fields_are_left_out_as_before() {
        let vendors = request(&["vendors"]);
        assert_eq!(vendors.character, Some(CharacterArg::MostRecent));
        assert_eq!(
            vendors.params.to_json().expect("JSON"),
            json!({"characterId": "", "refresh": false})
        );
        let equip = request(&[
            "loadout",
            "equip",
            "l1",
            "--character",
            "2305843009000000001",
        ]);
        assert_eq!(equip.character, None);
        assert_eq!(
            equip.params.to_json().expect("JSON"),
            json!({"loadoutId": "l1", "characterId": "2305843009000000001", "dryRun": false})
        );
        let tag = request(&["tag", "1", "none"]);
        assert_eq!(
            tag.params.to_json().expect("JSON"),
            json!({"id": "1", "tag": null})
        );
        assert!(item_tag("shiny").is_err());
    }

    #[test]
    fn the_params_say_how_an_operation_was_asked_for() {
        use super::super::operation_text::Asked;
        let asked = |words: &[&str]| request(words).params.asked();
        assert_eq!(
            asked(&["unlock", "1", "--dry-run"]),
            Asked {
                dry_run: true,
                unlocking: true
            }
        );
        assert_eq!(asked(&["lock", "1"]), Asked::default());
        assert!(asked(&["max-power", "--character", "titan", "--dry-run"]).dry_run);
        assert_eq!(asked(&["items", "is:exotic"]), Asked::default());
    }
}
