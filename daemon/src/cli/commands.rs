//! The command-line subcommands that talk to the running daemon: each builds one protocol request,
//! shows progress for multi-step operations, and prints a table (or JSON with `--json`).

use super::args::{
    AccountsAction, ClientArgs, ClientsAction, Command, FarmingAction, LoadoutAction, OnOff,
    ProgressListKind, TagsAction,
};
use super::client::{DaemonClient, locate};
use super::item_names;
use super::operation_text::Asked;
use super::places::Places;
use super::table::{self, View};
use crate::config::Config;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{Value, json};

/// Runs a client subcommand; `Ok(false)` when the command is not a client command.
pub async fn run(command: Command, config: &Config) -> anyhow::Result<bool> {
    let (args, method, mut params, kind) = match request_for(command)? {
        Some(request) => request,
        None => return Ok(false),
    };
    let default_dir = config.data_dir();
    let (port, data_dir) = locate(
        args.port,
        args.data_dir.as_deref(),
        default_dir.as_deref(),
        config.port,
    );
    let mut client = DaemonClient::connect(port, data_dir.as_deref()).await?;
    let names_needed = (!args.json && kind.names_places())
        || has_class_mark(&params)
        || params.get("id").and_then(Value::as_str).is_some();
    let places = if names_needed {
        let snapshot = client.call("profile.snapshot", json!({})).await?;
        let places = Places::from_snapshot(&snapshot, args.ids);
        params = resolve_characters(&snapshot, params)?;
        places
    } else {
        Places::without_names(args.ids)
    };
    if let Some(text) = params.get("id").and_then(Value::as_str).map(str::to_string) {
        params["id"] = json!(item_names::resolve(&mut client, &text, &places).await?);
    }
    let asked = Asked {
        dry_run: params["dryRun"] == Value::Bool(true),
        unlocking: method == "items.lock" && params["locked"] == Value::Bool(false),
    };
    let result = if kind == Output::Operation {
        call_with_progress(&mut client, &method, params, args.json).await?
    } else {
        client.call(&method, params).await?
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&result)?);
    } else {
        let view = View {
            places,
            asked,
            now: chrono::Utc::now(),
        };
        print!("{}", table::render(kind, &result, &view));
    }
    if kind == Output::Operation && result.get("ok") == Some(&Value::Bool(false)) {
        anyhow::bail!("some steps failed");
    }
    Ok(true)
}

/// How a result is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// `session.status`.
    Status,
    /// A list of items (`items.search`).
    Items,
    /// One item with details.
    Item,
    /// An operation result with steps.
    Operation,
    /// Loadouts.
    Loadouts,
    /// One loadout.
    Loadout,
    /// `profile.sync`.
    Sync,
    /// Pending pairings.
    Pairings,
    /// Paired clients.
    Clients,
    /// `overlay.url`: the address alone.
    OverlayUrl,
    /// Accounts.
    Accounts,
    /// The session after `accounts.select`.
    AccountSelected,
    /// An item's marks after `items.tag` / `items.note`.
    Marks,
    /// `tags.import`.
    TagsImported,
    /// Farming mode and the postmaster guards.
    Automation,
    /// The names the game lets an in-game loadout take.
    LoadoutNames,
    /// `progress.list`.
    Progress,
    /// `progress.track`.
    Tracked,
    /// `activities.history`.
    History,
    /// `stats.account`.
    Stats,
    /// `vendors.list` (all offers).
    Vendors,
    /// `vendors.list`, only offers never owned.
    VendorsNotOwned,
    /// `collections.search`.
    Collections,
    /// `clan.get`.
    Clan,
    /// Anything else: pretty JSON.
    Raw,
}

impl Output {
    /// Whether its text names characters or items (and so needs the snapshot's names).
    fn names_places(self) -> bool {
        matches!(
            self,
            Output::Items
                | Output::Item
                | Output::Operation
                | Output::Loadouts
                | Output::Loadout
                | Output::Marks
                | Output::Automation
                | Output::Progress
                | Output::Tracked
                | Output::History
                | Output::Vendors
                | Output::VendorsNotOwned
        )
    }
}

type Request = (ClientArgs, String, Value, Output);

/// Placeholder prefix marking a character named by class, resolved against the snapshot.
const CLASS_MARK: &str = "@class:";
/// Placeholder for "the most recently played character", resolved against the snapshot.
const MOST_RECENT: &str = "@class:recent";

fn character_param(text: &str) -> Value {
    match text.to_ascii_lowercase().as_str() {
        "titan" | "hunter" | "warlock" => {
            Value::String(format!("{CLASS_MARK}{}", text.to_ascii_lowercase()))
        }
        _ => Value::String(text.to_string()),
    }
}

/// The request a client subcommand sends; `None` for other commands, an error when its input
/// (a loadout file) cannot be read.
fn request_for(command: Command) -> anyhow::Result<Option<Request>> {
    let r = |args: ClientArgs, method: &str, params: Value, out: Output| {
        Some((args, method.to_string(), params, out))
    };
    Ok(match command {
        Command::Status(args) => r(args, "session.status", json!({}), Output::Status),
        Command::Items(a) => {
            let mut params = json!({"query": a.query.join(" ")});
            if let Some(limit) = a.limit {
                params["limit"] = json!(limit);
            }
            r(a.client, "items.search", params, Output::Items)
        }
        Command::Item(a) => r(a.client, "items.get", json!({"id": a.id}), Output::Item),
        Command::Transfer(a) => {
            let to = if a.to.eq_ignore_ascii_case("vault") {
                json!("vault")
            } else {
                character_param(&a.to)
            };
            let mut params = json!({"id": a.id, "to": to, "dryRun": a.dry_run});
            if let Some(q) = a.quantity {
                params["quantity"] = json!(q);
            }
            r(a.client, "items.transfer", params, Output::Operation)
        }
        Command::Equip(a) => r(
            a.client,
            "items.equip",
            json!({"id": a.id, "characterId": character_param(&a.character), "dryRun": a.dry_run}),
            Output::Operation,
        ),
        Command::Lock(a) => r(
            a.client,
            "items.lock",
            json!({"id": a.id, "locked": true, "dryRun": a.dry_run}),
            Output::Operation,
        ),
        Command::Unlock(a) => r(
            a.client,
            "items.lock",
            json!({"id": a.id, "locked": false, "dryRun": a.dry_run}),
            Output::Operation,
        ),
        Command::Pull(a) => {
            let mut params = json!({"dryRun": a.dry_run});
            if let Some(id) = a.id {
                params["id"] = json!(id);
            }
            if let Some(c) = a.character {
                params["characterId"] = character_param(&c);
            }
            r(a.client, "postmaster.pull", params, Output::Operation)
        }
        Command::Tag(a) => {
            let tag = match a.tag.to_ascii_lowercase().as_str() {
                "none" | "clear" => Value::Null,
                other => json!(other),
            };
            r(
                a.client,
                "items.tag",
                json!({"id": a.id, "tag": tag}),
                Output::Marks,
            )
        }
        Command::Note(a) => r(
            a.client,
            "items.note",
            json!({"id": a.id, "note": a.note}),
            Output::Marks,
        ),
        Command::Tags(t) => match t.action {
            TagsAction::Import { file, client } => {
                let backup = read_json_source(&file, "a DIM backup")?;
                r(client, "tags.import", backup, Output::TagsImported)
            }
            TagsAction::Export { client } => r(client, "tags.export", json!({}), Output::Raw),
        },
        Command::MaxPower(a) => r(
            a.client,
            "loadouts.maxPower",
            json!({"characterId": character_param(&a.character), "dryRun": a.dry_run}),
            Output::Operation,
        ),
        Command::Guard(a) => match a.set {
            Some(switch) => {
                let mut params = json!({
                    "characterId": character_param(&a.character),
                    "enabled": switch == OnOff::On,
                });
                if let Some(t) = a.threshold {
                    params["threshold"] = json!(t);
                }
                r(a.client, "postmaster.setGuard", params, Output::Automation)
            }
            None => r(
                a.client,
                "postmaster.guard",
                json!({"characterId": character_param(&a.character), "dryRun": a.dry_run}),
                Output::Operation,
            ),
        },
        Command::Farming(f) => match f.action {
            FarmingAction::Start { character, client } => r(
                client,
                "farming.start",
                json!({"characterId": character_param(&character)}),
                Output::Automation,
            ),
            FarmingAction::Stop(client) => r(client, "farming.stop", json!({}), Output::Automation),
            FarmingAction::Status(client) => {
                r(client, "automation.status", json!({}), Output::Automation)
            }
        },
        Command::Progress(a) => match (a.track, a.untrack) {
            (Some(id), _) => r(
                a.client,
                "progress.track",
                json!({"id": id, "tracked": true}),
                Output::Tracked,
            ),
            (None, Some(id)) => r(
                a.client,
                "progress.track",
                json!({"id": id, "tracked": false}),
                Output::Tracked,
            ),
            (None, None) => {
                let mut params = json!({});
                if let Some(c) = &a.character {
                    params["characterId"] = character_param(c);
                }
                if !a.kind.is_empty() {
                    let kinds: Vec<&str> = a
                        .kind
                        .iter()
                        .map(|k| match k {
                            ProgressListKind::Quests => "quests",
                            ProgressListKind::Bounties => "bounties",
                            ProgressListKind::Milestones => "milestones",
                        })
                        .collect();
                    params["kinds"] = json!(kinds);
                }
                r(a.client, "progress.list", params, Output::Progress)
            }
        },
        Command::History(a) => {
            let mut params = json!({"count": a.count});
            if let Some(c) = &a.character {
                params["characterId"] = character_param(c);
            }
            if let Some(mode) = a.mode {
                params["mode"] = json!(mode);
            }
            r(a.client, "activities.history", params, Output::History)
        }
        Command::Stats(args) => r(args, "stats.account", json!({}), Output::Stats),
        Command::Vendors(a) => {
            let character = a
                .character
                .as_deref()
                .map_or(Value::String(MOST_RECENT.into()), character_param);
            let out = if a.not_owned {
                Output::VendorsNotOwned
            } else {
                Output::Vendors
            };
            r(
                a.client,
                "vendors.list",
                json!({"characterId": character, "refresh": a.refresh}),
                out,
            )
        }
        Command::Collections(a) => {
            let mut params = json!({"query": a.query.join(" ")});
            if let Some(limit) = a.limit {
                params["limit"] = json!(limit);
            }
            r(a.client, "collections.search", params, Output::Collections)
        }
        Command::Clan(args) => r(args, "clan.get", json!({}), Output::Clan),
        Command::Sync(args) => r(args, "profile.sync", json!({}), Output::Sync),
        Command::Pairing(args) => r(args, "pairing.pending", json!({}), Output::Pairings),
        Command::Overlay(o) => r(
            o.client,
            "overlay.url",
            json!({"rotate": o.rotate}),
            Output::OverlayUrl,
        ),
        Command::Clients(c) => match c.action {
            ClientsAction::List(args) => r(args, "clients.list", json!({}), Output::Clients),
            ClientsAction::Revoke { client_id, client } => r(
                client,
                "clients.revoke",
                json!({"clientId": client_id}),
                Output::Raw,
            ),
        },
        Command::Accounts(a) => match a.action {
            AccountsAction::List(args) => r(args, "accounts.list", json!({}), Output::Accounts),
            AccountsAction::Select {
                membership_type,
                membership_id,
                client,
            } => {
                let mut params = json!({"membershipId": membership_id});
                if let Some(kind) = membership_type {
                    params["membershipType"] = json!(kind);
                }
                r(client, "accounts.select", params, Output::AccountSelected)
            }
        },
        Command::Loadout(l) => match l.action {
            LoadoutAction::List { character, client } => {
                let mut params = json!({});
                if let Some(c) = character {
                    params["characterId"] = character_param(&c);
                }
                r(client, "loadouts.list", params, Output::Loadouts)
            }
            LoadoutAction::Save {
                name,
                character,
                client,
            } => r(
                client,
                "loadouts.save",
                json!({"name": name, "characterId": character_param(&character)}),
                Output::Loadout,
            ),
            LoadoutAction::Equip {
                loadout,
                character,
                dry_run,
                class_neutral_only,
                client,
            } => {
                let mut params = json!({"loadoutId": loadout, "characterId": character_param(&character), "dryRun": dry_run});
                if class_neutral_only {
                    params["classNeutralOnly"] = json!(true);
                }
                r(client, "loadouts.equip", params, Output::Operation)
            }
            LoadoutAction::Delete { loadout, client } => r(
                client,
                "loadouts.delete",
                json!({"loadoutId": loadout}),
                Output::Raw,
            ),
            LoadoutAction::Snapshot {
                character,
                slot,
                name,
                dry_run,
                client,
            } => {
                let mut params = json!({
                    "characterId": character_param(&character),
                    "index": slot_index(slot)?,
                    "dryRun": dry_run,
                });
                if let Some(name) = name {
                    params["name"] = json!(name);
                }
                r(client, "loadouts.snapshotGame", params, Output::Operation)
            }
            LoadoutAction::Rename {
                character,
                slot,
                name,
                client,
            } => r(
                client,
                "loadouts.updateGame",
                json!({"characterId": character_param(&character), "index": slot_index(slot)?, "name": name}),
                Output::Operation,
            ),
            LoadoutAction::Clear {
                character,
                slot,
                dry_run,
                client,
            } => r(
                client,
                "loadouts.clearGame",
                json!({"characterId": character_param(&character), "index": slot_index(slot)?, "dryRun": dry_run}),
                Output::Operation,
            ),
            LoadoutAction::Names(client) => r(
                client,
                "loadouts.gameIdentifiers",
                json!({}),
                Output::LoadoutNames,
            ),
            LoadoutAction::Import { source, client } => {
                let dim = read_dim_source(&source)?;
                r(
                    client,
                    "loadouts.import",
                    json!({"dim": dim}),
                    Output::Loadout,
                )
            }
            LoadoutAction::Export { loadout, client } => r(
                client,
                "loadouts.export",
                json!({"loadoutId": loadout}),
                Output::Raw,
            ),
        },
        _ => None,
    })
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

/// Reads JSON (`what`, for the error) from a file or standard input (`-`).
fn read_json_source(source: &str, what: &str) -> anyhow::Result<Value> {
    let text = if source == "-" {
        std::io::read_to_string(std::io::stdin())?
    } else {
        std::fs::read_to_string(source).map_err(|e| anyhow::anyhow!("cannot read {source}: {e}"))?
    };
    serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("{source} is not {what}: {e}"))
}

/// The parameters that name a character by class (still to be resolved to an id).
fn class_marked(params: &Value) -> Vec<&'static str> {
    ["to", "characterId"]
        .into_iter()
        .filter(|key| {
            params
                .get(*key)
                .and_then(Value::as_str)
                .is_some_and(|v| v.starts_with(CLASS_MARK))
        })
        .collect()
}

fn has_class_mark(params: &Value) -> bool {
    !class_marked(params).is_empty()
}

/// Replaces characters named by class (`warlock`) with their ids, from the daemon's snapshot.
fn resolve_characters(snapshot: &Value, mut params: Value) -> anyhow::Result<Value> {
    for key in class_marked(&params) {
        let class = params[key]
            .as_str()
            .unwrap_or_default()
            .trim_start_matches(CLASS_MARK)
            .to_string();
        // Characters come most recently played first: "recent" is the first.
        let id = snapshot
            .get("characters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|c| {
                class == "recent" || c.get("class").and_then(Value::as_str) == Some(class.as_str())
            })
            .and_then(|c| c.get("characterId").cloned())
            .ok_or_else(|| {
                anyhow::anyhow!("this account has no {}", super::places::class_name(&class))
            })?;
        params[key] = id;
    }
    Ok(params)
}

/// Calls an operation method while drawing a progress bar from its `operation.progress` events.
async fn call_with_progress(
    client: &mut DaemonClient,
    method: &str,
    params: Value,
    quiet: bool,
) -> anyhow::Result<Value> {
    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(0)
    };
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    let result = client
        .call_watching(method, params, |event| {
            if event.get("method").and_then(Value::as_str) != Some("operation.progress") {
                return;
            }
            let p = &event["params"];
            bar.set_length(p["of"].as_u64().unwrap_or(0));
            bar.set_position(p["step"].as_u64().unwrap_or(0));
            bar.set_message(format!(
                "{} {}",
                p["action"].as_str().unwrap_or(""),
                p["id"].as_str().unwrap_or("")
            ));
        })
        .await;
    bar.finish_and_clear();
    result
}
