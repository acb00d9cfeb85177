//! The command-line subcommands that talk to the running daemon: each sends one protocol request
//! (built in [`super::requests`]),
//! shows progress for multi-step operations, and prints a table (or JSON with `--json`).

use super::args::Command;
use super::client::{DaemonClient, locate, not_understood};
use super::places::Places;
use super::requests::request_for;
use super::table::{self, View};
use crate::config::Config;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;
use serde_json::Value;
use vault_raider_protocol::inventory::{OperationResult, Snapshot};
use vault_raider_protocol::session::Empty;
use vault_raider_protocol::{Event, Method, Notification};

/// Runs a client subcommand; `Ok(false)` when the command is not a client command.
pub async fn run(command: Command, config: &Config) -> anyhow::Result<bool> {
    let Some(mut request) = request_for(command)? else {
        return Ok(false);
    };
    let args = request.args.clone();
    let (method, kind) = (request.method, request.output);
    let default_dir = config.data_dir();
    let (port, data_dir) = locate(
        args.port,
        args.data_dir.as_deref(),
        default_dir.as_deref(),
        config.port,
    );
    let mut client = DaemonClient::connect(port, data_dir.as_deref()).await?;
    let names_needed = (!args.json && kind.names_places()) || request.needs_names();
    let (snapshot, places) = if names_needed {
        let snapshot: Snapshot = client.request(Method::ProfileSnapshot, &Empty {}).await?;
        let places = Places::from_snapshot(&snapshot, args.ids);
        (Some(snapshot), places)
    } else {
        (None, Places::without_names(args.ids))
    };
    let params = request
        .resolve(&mut client, snapshot.as_ref(), &places)
        .await?;
    let asked = request.params.asked();
    let result = if kind.is_operation() {
        call_with_progress(&mut client, method, &params, args.json).await?
    } else {
        client.call(method, &params).await?
    };
    let not_understood = |e| not_understood(method, e);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&result)?);
    } else {
        let view = View {
            places,
            asked,
            now: crate::clock::system()(),
        };
        print!(
            "{}",
            table::render(kind, &result, &view).map_err(not_understood)?
        );
    }
    if kind.is_operation()
        && !table::read::<OperationResult>(&result)
            .map_err(not_understood)?
            .ok
    {
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
    /// `loadouts.maxPower`: an operation result with the power before and after.
    MaxPower,
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
                | Output::MaxPower
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

impl Output {
    /// Whether it shows an operation (a move): its progress is drawn and a failed step fails
    /// the command.
    fn is_operation(self) -> bool {
        matches!(self, Output::Operation | Output::MaxPower)
    }
}

/// Calls an operation method while drawing a progress bar from its `operation.progress` events.
async fn call_with_progress(
    client: &mut DaemonClient,
    method: Method,
    params: &Value,
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
            // Other events, and any this build does not know, leave the bar as it is.
            let Ok(Notification {
                event: Event::OperationProgress(p),
                ..
            }) = Notification::deserialize(event)
            else {
                return;
            };
            bar.set_length(u64::from(p.of));
            bar.set_position(u64::from(p.step));
            bar.set_message(format!("{} {}", p.action, p.id));
        })
        .await;
    bar.finish_and_clear();
    result
}
