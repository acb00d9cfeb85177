//! The boundary: the daemon's own model and bus events turned into protocol types (here), its
//! errors into the protocol's reasons and codes ([`errors`]), a finished operation into its
//! answer ([`operations`]), the inventory into `profile.snapshot` ([`snapshot`]), the session and
//! accounts into `session.*` and `accounts.list` ([`session`]) and a clan roster into
//! `clan.get`'s members ([`clan`]). The real backend uses these too, so an item
//! looks the same in a snapshot and in an event; it builds no protocol type or error code itself.

pub mod clan;
pub mod errors;
pub mod operations;
pub mod session;
pub mod snapshot;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::events::{DaemonEvent, SessionState as BusSessionState};
use crate::store::model;
use vault_raider_protocol::automation::{AutomationStatus, GuardSetting};
use vault_raider_protocol::events::{
    ActivityCompleted, ActivityStarted, Event, InventoryChanged, OperationProgress, SessionChanged,
    SyncStatus,
};
use vault_raider_protocol::game_loadouts::LoadoutsChanged;
use vault_raider_protocol::model::{
    Account, Change, ChangeKind, Character, CharacterActivity, Class, Item, ItemClass, ItemDetail,
    ItemFields, Loadout, LoadoutItem, LoadoutSource, Location, Stat, Tier,
};
use vault_raider_protocol::progress;
use vault_raider_protocol::session::{SessionReason, SessionState};
use vault_raider_protocol::tags::ItemTag;

/// A time as the protocol writes it: RFC 3339 in UTC, to the second (`2026-12-07T10:00:00Z`).
/// The only place a time becomes text for the wire.
pub fn wire_time(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A time the protocol may leave empty: the text of [`wire_time`], or `""` when unknown.
pub fn wire_time_or_empty(time: Option<DateTime<Utc>>) -> String {
    time.map(wire_time).unwrap_or_default()
}

/// A location.
pub fn location(location: &model::Location) -> Location {
    match location {
        model::Location::Character { character_id } => Location::Character {
            character_id: character_id.to_string(),
        },
        model::Location::Vault => Location::Vault,
        model::Location::Postmaster { character_id } => Location::Postmaster {
            character_id: character_id.to_string(),
        },
        model::Location::Profile => Location::Profile,
    }
}

/// A class.
pub fn class(class: model::Class) -> Class {
    match class {
        model::Class::Titan => Class::Titan,
        model::Class::Hunter => Class::Hunter,
        model::Class::Warlock => Class::Warlock,
    }
}

/// A rarity.
pub fn tier(tier: model::Tier) -> Tier {
    match tier {
        model::Tier::Unknown => Tier::Unknown,
        model::Tier::Currency => Tier::Basic,
        model::Tier::Common => Tier::Common,
        model::Tier::Uncommon => Tier::Uncommon,
        model::Tier::Rare => Tier::Rare,
        model::Tier::Legendary => Tier::Legendary,
        model::Tier::Exotic => Tier::Exotic,
    }
}

/// An item.
pub fn item(item: &model::Item) -> Item {
    Item {
        id: item.id.to_string(),
        hash: item.hash,
        name: item.info.name.clone(),
        item_type: item.info.type_name.clone(),
        tier: tier(item.info.tier),
        bucket: item.bucket_slug(),
        class: item_class(item.info.class),
        power: item.power,
        damage: item.damage.clone(),
        icon: item.info.icon.clone(),
        location: location(&item.location),
        equipped: item.equipped,
        quantity: item.quantity,
        locked: item.locked,
        transferable: item.transferable(),
        equippable: item.info.equippable,
        lockable: item.lockable,
        tag: None,
        note: None,
    }
}

/// An item with the player's marks on it.
pub fn annotated_item(source: &model::Item, annotation: Option<&model::Annotation>) -> Item {
    let mut converted = item(source);
    if let Some(marks) = annotation {
        converted.tag = marks.tag.map(item_tag);
        converted.note = marks.note.clone();
    }
    converted
}

/// A tag.
pub fn item_tag(tag: model::Tag) -> ItemTag {
    match tag {
        model::Tag::Favorite => ItemTag::Favorite,
        model::Tag::Keep => ItemTag::Keep,
        model::Tag::Junk => ItemTag::Junk,
        model::Tag::Infuse => ItemTag::Infuse,
        model::Tag::Archive => ItemTag::Archive,
    }
}

/// A tag from the wire.
pub fn model_tag(tag: ItemTag) -> model::Tag {
    match tag {
        ItemTag::Favorite => model::Tag::Favorite,
        ItemTag::Keep => model::Tag::Keep,
        ItemTag::Junk => model::Tag::Junk,
        ItemTag::Infuse => model::Tag::Infuse,
        ItemTag::Archive => model::Tag::Archive,
    }
}

/// The class an item is for (`any` when the definition names none).
fn item_class(class: Option<model::Class>) -> ItemClass {
    match class {
        Some(model::Class::Titan) => ItemClass::Titan,
        Some(model::Class::Hunter) => ItemClass::Hunter,
        Some(model::Class::Warlock) => ItemClass::Warlock,
        None => ItemClass::Any,
    }
}

/// The `updated` fields of a re-resolved item: every definition fact a client shows.
fn definition_fields(info: &model::ItemInfo) -> ItemFields {
    ItemFields {
        name: Some(info.name.clone()),
        item_type: Some(info.type_name.clone()),
        tier: Some(tier(info.tier)),
        bucket: Some(model::bucket_slug(info.home_bucket_hash)),
        class: Some(item_class(info.class)),
        icon: Some(info.icon.clone()),
        transferable: Some(!info.non_transferable),
        equippable: Some(info.equippable),
        ..ItemFields::default()
    }
}

/// An item's stats, by name.
fn stats(source: &model::Item) -> Vec<Stat> {
    source
        .stats
        .iter()
        .map(|(name, value)| Stat {
            name: name.clone(),
            value: *value,
        })
        .collect()
}

/// An item with its stats, perks, description and the player's marks (`items.get`).
pub fn item_detail(
    source: &model::Item,
    annotation: &model::Annotation,
    progress: Option<&model::ProgressEntry>,
) -> ItemDetail {
    ItemDetail {
        item: annotated_item(source, Some(annotation)),
        stats: stats(source),
        perks: source.perks.clone(),
        description: source.info.description.clone(),
        objectives: progress.map(objectives).unwrap_or_default(),
    }
}

/// A character.
pub fn character(character: &model::Character) -> Character {
    Character {
        character_id: character.id.to_string(),
        class: class(character.class),
        race: character.race.clone(),
        power: character.power,
        emblem: character.emblem.clone(),
        emblem_color: character.emblem_color.clone(),
        last_played: wire_time_or_empty(character.last_played),
        activity: character.activity.as_ref().map(|a| CharacterActivity {
            name: a.name.clone(),
            mode: a.mode.clone(),
            started_at: wire_time_or_empty(a.started_at),
        }),
    }
}

/// An account.
pub fn account(account: &model::Account) -> Account {
    Account {
        membership_type: account.membership_type,
        membership_id: account.membership_id.to_string(),
        display_name: account.display_name.clone(),
        unavailable: None,
    }
}

/// An in-game loadout.
pub fn game_loadout(loadout: &model::GameLoadout) -> Loadout {
    Loadout {
        id: loadout.id(),
        name: loadout.name.clone(),
        character_id: loadout.character_id.to_string(),
        class: class(loadout.class),
        items: loadout.items.iter().map(loadout_item).collect(),
        created_at: String::new(),
        updated_at: String::new(),
        source: LoadoutSource::Game,
        index: Some(loadout.index),
        name_hash: Some(loadout.name_hash),
        color_hash: Some(loadout.color_hash),
        icon_hash: Some(loadout.icon_hash),
        color: Some(loadout.color.clone()),
        icon: Some(loadout.icon.clone()),
    }
}

fn loadout_item(i: &model::LoadoutItem) -> LoadoutItem {
    LoadoutItem {
        id: i.id.to_string(),
        hash: i.hash,
        equip: i.equip,
        quantity: (i.quantity > 1).then_some(i.quantity),
    }
}

/// A loadout.
pub fn loadout(loadout: &model::Loadout) -> Loadout {
    Loadout {
        id: loadout.id.clone(),
        name: loadout.name.clone(),
        character_id: loadout.character_id.to_string(),
        class: class(loadout.class),
        items: loadout.items.iter().map(loadout_item).collect(),
        created_at: wire_time(loadout.created_at),
        updated_at: wire_time(loadout.updated_at),
        source: LoadoutSource::Daemon,
        index: None,
        name_hash: None,
        color_hash: None,
        icon_hash: None,
        color: None,
        icon: None,
    }
}

/// A committed change.
pub fn change(revised: &model::RevisedChange) -> Change {
    let kind = match &revised.change {
        model::Change::Moved { id, from, to } => ChangeKind::Moved {
            id: id.to_string(),
            from: location(from),
            to: location(to),
        },
        model::Change::Equipped {
            id,
            character_id,
            unequipped,
        } => ChangeKind::Equipped {
            id: id.to_string(),
            character_id: character_id.to_string(),
            unequipped: unequipped.as_ref().map(ToString::to_string),
        },
        model::Change::Added { item: added } => ChangeKind::Added { item: item(added) },
        model::Change::Removed { id } => ChangeKind::Removed { id: id.to_string() },
        model::Change::Updated { id, fields } => ChangeKind::Updated {
            id: id.to_string(),
            fields: ItemFields {
                locked: fields.locked,
                quantity: fields.quantity,
                power: fields.power,
                equipped: fields.equipped,
                ..ItemFields::default()
            },
        },
        model::Change::Redefined { id, info } => ChangeKind::Updated {
            id: id.to_string(),
            fields: definition_fields(info),
        },
        model::Change::Annotated { id, annotation } => ChangeKind::Updated {
            id: id.to_string(),
            fields: ItemFields {
                tag: Some(annotation.tag.map(item_tag)),
                note: Some(annotation.note.clone()),
                ..ItemFields::default()
            },
        },
        model::Change::GameLoadout {
            character_id,
            index,
            loadout,
        } => ChangeKind::Loadout {
            character_id: character_id.to_string(),
            index: *index,
            loadout: loadout.as_deref().map(game_loadout),
        },
        model::Change::Character { character: c } => ChangeKind::Character {
            character: character(c),
        },
        model::Change::Progress {
            character_id,
            id,
            entry,
        } => match entry.as_deref() {
            Some(e) if e.kind == model::ProgressKind::Milestone => ChangeKind::Milestone {
                character_id: character_id.to_string(),
                id: id.clone(),
                milestone: Some(progress_item(e)),
            },
            None if id.starts_with("milestone:") => ChangeKind::Milestone {
                character_id: character_id.to_string(),
                id: id.clone(),
                milestone: None,
            },
            found => ChangeKind::Updated {
                id: id.clone(),
                fields: ItemFields {
                    objectives: Some(found.map(objectives).unwrap_or_default()),
                    ..ItemFields::default()
                },
            },
        },
    };
    Change {
        rev: revised.rev,
        kind,
    }
}

/// A finished activity as `activity.completed` (and `activities.history`) give it.
pub fn activity_completed(done: &crate::events::CompletedActivity) -> ActivityCompleted {
    let report = done.report.as_ref();
    ActivityCompleted {
        character_id: done.character_id.to_string(),
        activity: done.activity.clone(),
        mode: done.mode.clone(),
        completed: done.completed,
        kills: done.kills,
        deaths: done.deaths,
        assists: done.assists,
        duration_seconds: done.duration_seconds,
        ended_at: wire_time(done.ended_at),
        pgcr_id: done.instance_id.to_string(),
        precision_kills: report.map(|r| r.precision_kills),
        score: report.map(|r| r.score),
        standing: report.and_then(|r| r.standing.clone()),
        time_played_seconds: report
            .map(|r| r.time_played_seconds)
            .filter(|t| *t > 0)
            .unwrap_or(done.time_played_seconds),
        fireteam: report
            .map(|r| {
                r.fireteam
                    .iter()
                    .map(|t| progress::FireteamMember {
                        name: t.name.clone(),
                        class: t.class.clone(),
                        power: t.power,
                        kills: t.kills,
                        deaths: t.deaths,
                        is_self: t.is_self,
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// An open vendor with its offers.
pub fn vendor(v: &crate::sync::vendors::VendorView) -> vault_raider_protocol::vendors::Vendor {
    vault_raider_protocol::vendors::Vendor {
        hash: v.hash,
        name: v.name.clone(),
        icon: v.icon.clone(),
        location: v.location.clone(),
        refreshes_at: v.refreshes_at.map(wire_time),
        items: v
            .offers
            .iter()
            .map(|o| vault_raider_protocol::vendors::VendorItem {
                item: item(&o.item),
                vendor_item_index: o.index,
                cost: o.cost.iter().map(currency).collect(),
                perks: o.item.perks.clone(),
                stats: stats(&o.item),
                owned: o.owned,
                affordable: o.affordable,
            })
            .collect(),
    }
}

/// A collectible with the player's state.
pub fn collectible(
    c: &crate::sync::vendors::CollectibleView,
) -> vault_raider_protocol::vendors::Collectible {
    use crate::sync::vendors::CollectibleStateKind as K;
    use vault_raider_protocol::vendors::CollectibleState as S;
    vault_raider_protocol::vendors::Collectible {
        hash: c.hash,
        name: c.name.clone(),
        icon: c.icon.clone(),
        source: c.source.clone(),
        item_hash: c.item_hash,
        state: match c.state {
            K::Acquired => S::Acquired,
            K::NotAcquired => S::NotAcquired,
            K::Obscured => S::Obscured,
        },
    }
}

/// A currency the account holds.
pub fn currency(c: &model::Currency) -> vault_raider_protocol::vendors::Currency {
    vault_raider_protocol::vendors::Currency {
        hash: c.hash,
        name: c.name.clone(),
        icon: c.icon.clone(),
        quantity: c.quantity,
    }
}

/// An entry's objectives as clients see them.
pub fn objectives(entry: &model::ProgressEntry) -> Vec<progress::Objective> {
    entry
        .objectives
        .iter()
        .map(|o| progress::Objective {
            hash: o.hash,
            description: o.description.clone(),
            progress: o.progress,
            completion_value: o.completion_value,
            complete: o.complete,
        })
        .collect()
}

/// A pursuit or milestone as clients see it.
pub fn progress_item(entry: &model::ProgressEntry) -> progress::ProgressItem {
    progress::ProgressItem {
        id: entry.id.clone(),
        character_id: entry.character_id.to_string(),
        kind: match entry.kind {
            model::ProgressKind::Bounty => progress::ProgressKind::Bounty,
            model::ProgressKind::Quest => progress::ProgressKind::Quest,
            model::ProgressKind::Milestone => progress::ProgressKind::Milestone,
            model::ProgressKind::Other => progress::ProgressKind::Other,
        },
        hash: entry.hash,
        name: entry.name.clone(),
        icon: entry.icon.clone(),
        objectives: objectives(entry),
        complete: entry.complete(),
        step: entry.step.as_ref().map(|s| progress::QuestStep {
            line: s.line.clone(),
            step: s.step,
            steps: s.steps,
        }),
        expires_at: entry.expires_at.map(wire_time),
        tracked: entry.tracked,
        reward_earned: (entry.kind == model::ProgressKind::Milestone)
            .then_some(entry.reward_earned),
    }
}

/// Farming mode and the postmaster guards.
pub fn automation(state: &crate::events::AutomationState) -> AutomationStatus {
    AutomationStatus {
        farming: state.farming.map(|c| c.to_string()),
        guards: state
            .guards
            .iter()
            .map(|g| GuardSetting {
                character_id: g.character_id.to_string(),
                enabled: g.enabled,
                threshold: g.threshold,
            })
            .collect(),
    }
}

/// A session state.
pub fn session_state(state: BusSessionState) -> SessionState {
    match state {
        BusSessionState::NotConfigured => SessionState::NotConfigured,
        BusSessionState::SignedIn => SessionState::SignedIn,
        BusSessionState::SignedOut(_) => SessionState::SignedOut,
        BusSessionState::Offline => SessionState::Offline,
        BusSessionState::Maintenance => SessionState::Maintenance,
        BusSessionState::AppRejected(_) => SessionState::AppRejected,
    }
}

/// The reason a session state carries, if any.
pub fn session_reason(state: BusSessionState) -> Option<SessionReason> {
    use crate::events::{AppProblem, SignOutReason};
    match state {
        BusSessionState::SignedOut(Some(SignOutReason::Expired)) => Some(SessionReason::Expired),
        BusSessionState::SignedOut(Some(SignOutReason::Revoked)) => Some(SessionReason::Revoked),
        BusSessionState::SignedOut(Some(SignOutReason::LoggedOut)) => {
            Some(SessionReason::LoggedOut)
        }
        BusSessionState::AppRejected(AppProblem::ApiKeyInvalid) => {
            Some(SessionReason::ApiKeyInvalid)
        }
        BusSessionState::AppRejected(AppProblem::OriginRejected) => {
            Some(SessionReason::OriginRejected)
        }
        BusSessionState::AppRejected(AppProblem::ScopeMissing) => Some(SessionReason::ScopeMissing),
        BusSessionState::AppRejected(AppProblem::KeyMismatch) => Some(SessionReason::KeyMismatch),
        _ => None,
    }
}

/// The protocol event for a bus event; `None` for events clients are not sent (pairing codes
/// go to the tray and the log, never to the socket).
pub fn event(event: &DaemonEvent) -> Option<Event> {
    Some(match event {
        DaemonEvent::Inventory { rev, changes } => Event::InventoryChanged(InventoryChanged {
            rev: *rev,
            changes: changes.iter().map(change).collect(),
            reset: None,
        }),
        DaemonEvent::StoreReset { rev } => Event::InventoryChanged(InventoryChanged {
            rev: *rev,
            changes: Vec::new(),
            reset: Some(true),
        }),
        DaemonEvent::OperationProgress {
            operation_id,
            step,
            of,
            action,
            id,
            ok,
        } => Event::OperationProgress(OperationProgress {
            operation_id: operation_id.clone(),
            step: *step,
            of: *of,
            action: action.clone(),
            id: id.to_string(),
            ok: *ok,
        }),
        DaemonEvent::ActivityStarted {
            character_id,
            activity,
            mode,
            started_at,
        } => Event::ActivityStarted(ActivityStarted {
            character_id: character_id.to_string(),
            activity: activity.clone(),
            mode: mode.clone(),
            started_at: wire_time_or_empty(*started_at),
        }),
        DaemonEvent::ActivityCompleted(done) => Event::ActivityCompleted(activity_completed(done)),
        DaemonEvent::ProgressChanged {
            character_id,
            changed,
            completed,
            removed,
        } => Event::ProgressChanged(progress::ProgressChanged {
            character_id: character_id.to_string(),
            changed: changed.iter().map(progress_item).collect(),
            completed: completed.clone(),
            removed: removed.clone(),
        }),
        DaemonEvent::SessionChanged(state) => Event::SessionChanged(SessionChanged {
            state: session_state(*state),
            reason: session_reason(*state),
            message: state.message().to_string(),
        }),
        DaemonEvent::SyncStatus {
            last_sync,
            next_sync,
            ok,
            error,
            manifest,
        } => Event::SyncStatus(SyncStatus {
            last_sync: last_sync.map(wire_time),
            next_sync: next_sync.map(wire_time),
            ok: *ok,
            error: error.clone(),
            manifest: manifest.as_ref().map(manifest_status),
        }),
        DaemonEvent::AutomationChanged(state) => Event::AutomationChanged(automation(state)),
        DaemonEvent::LoadoutsChanged {
            character_id,
            daemon,
            game,
        } => Event::LoadoutsChanged(LoadoutsChanged {
            character_id: character_id.to_string(),
            loadouts: daemon
                .iter()
                .map(loadout)
                .chain(game.iter().map(game_loadout))
                .collect(),
        }),
        DaemonEvent::PairingRequested { .. }
        | DaemonEvent::PairingLocked { .. }
        | DaemonEvent::PostmasterGuarded(_)
        | DaemonEvent::StoreRepaired { .. }
        | DaemonEvent::DiskFull { .. }
        | DaemonEvent::LoadoutsTouched { .. } => return None,
    })
}

/// The manifest's status on the wire.
pub fn manifest_status(
    status: &crate::sync::manifest_status::ManifestStatus,
) -> vault_raider_protocol::events::ManifestStatus {
    use crate::sync::manifest_status::ManifestState as Model;
    use vault_raider_protocol::events::ManifestState as Wire;
    vault_raider_protocol::events::ManifestStatus {
        version: status.version.clone(),
        state: match status.state {
            Model::Current => Wire::Current,
            Model::Downloading => Wire::Downloading,
            Model::Installing => Wire::Installing,
            Model::Failed => Wire::Failed,
        },
        bytes: status.bytes,
        total_bytes: status.total_bytes,
    }
}

/// `loadouts.gameIdentifiers`: the names, colours and icons an in-game loadout may take.
pub fn game_identifiers(
    names: Vec<crate::bungie::manifest::loadout_defs::LoadoutNameDef>,
    colors: Vec<crate::bungie::manifest::loadout_defs::LoadoutColorDef>,
    icons: Vec<crate::bungie::manifest::loadout_defs::LoadoutIconDef>,
) -> vault_raider_protocol::game_loadouts::GameIdentifiers {
    use vault_raider_protocol::game_loadouts::{GameIdentifiers, LoadoutImage, LoadoutName};
    GameIdentifiers {
        names: names
            .into_iter()
            .map(|d| LoadoutName {
                hash: d.hash,
                name: d.name,
            })
            .collect(),
        colors: colors
            .into_iter()
            .map(|d| LoadoutImage {
                hash: d.hash,
                image: d.color_image_path,
            })
            .collect(),
        icons: icons
            .into_iter()
            .map(|d| LoadoutImage {
                hash: d.hash,
                image: d.icon_image_path,
            })
            .collect(),
    }
}

/// `stats.account`: the lifetime figures per mode group.
pub fn account_stats(figures: &[crate::sync::reports::ModeFigures]) -> progress::AccountStats {
    progress::AccountStats {
        modes: figures
            .iter()
            .map(|m| progress::ModeStats {
                group: m.group.clone(),
                kills: m.kills,
                deaths: m.deaths,
                assists: m.assists,
                kd: m.kd,
                activities_cleared: m.activities_cleared,
                seconds_played: m.seconds_played,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::model::{ItemFieldChanges, ItemId, RevisedChange};

    #[test]
    fn an_inventory_event_keeps_every_revision_and_ids_stay_strings() {
        let bus_event = DaemonEvent::Inventory {
            rev: 12,
            changes: vec![
                RevisedChange {
                    rev: 11,
                    change: model::Change::Moved {
                        id: ItemId::instance(6_917_529_035_440_581_369),
                        from: model::Location::Character {
                            character_id: 2_305_843_009_260_000_001,
                        },
                        to: model::Location::Vault,
                    },
                },
                RevisedChange {
                    rev: 12,
                    change: model::Change::Updated {
                        id: ItemId::instance(1),
                        fields: ItemFieldChanges {
                            locked: Some(true),
                            ..ItemFieldChanges::default()
                        },
                    },
                },
            ],
        };
        let converted = event(&bus_event).expect("inventory events are sent");
        let json = serde_json::to_value(&converted).expect("serializes");
        assert_eq!(
            json,
            serde_json::json!({"method":"inventory.changed","params":{"rev":12,"changes":[
                {"rev":11,"kind":"moved","id":"6917529035440581369",
                 "from":{"kind":"character","characterId":"2305843009260000001"},"to":{"kind":"vault"}},
                {"rev":12,"kind":"updated","id":"1","fields":{"locked":true}}
            ]}})
        );
    }

    #[test]
    fn pairing_codes_never_reach_the_socket() {
        let bus_event = DaemonEvent::PairingRequested {
            pairing_id: "p".into(),
            client: "popup".into(),
            code: "123456".into(),
            expires_in: 120,
        };
        assert_eq!(event(&bus_event), None);
    }
}
