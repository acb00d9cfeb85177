//! Human-readable output for protocol results: the daemon's answer read as the method's result
//! type, then shown as aligned tables and short summaries, with places named as in the game
//! ("Titan", "Vault") and times relative to now.

use super::commands::Output;
use super::item_text::{self, tier_name};
use super::loadout_text;
use super::operation_text::{self, Asked};
use super::places::Places;
use super::progress_text;
use super::session_text;
use super::vendor_text;
use serde::de::DeserializeOwned;
use serde_json::Value;
use vault_raider_protocol::automation::{AutomationStatus, MaxPowerResult};
use vault_raider_protocol::inventory::{LoadoutResult, OperationResult, SearchResult, SyncResult};
use vault_raider_protocol::model::Item;
use vault_raider_protocol::overlay::OverlayUrlResult;
use vault_raider_protocol::tags::{AnnotateResult, ImportTagsResult};

/// Aligns rows into columns, the first row being the header.
pub fn columns(rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..rows.first().map_or(0, Vec::len))
        .map(|i| {
            rows.iter()
                .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// `list` as a table under `header`, a row for each entry; `empty` when there is none.
pub fn table_of<T>(
    list: &[T],
    empty: &str,
    header: &[&str],
    row: impl Fn(&T) -> Vec<String>,
) -> String {
    if list.is_empty() {
        return empty.to_string();
    }
    let mut rows = vec![header.iter().map(|h| h.to_string()).collect()];
    rows.extend(list.iter().map(row));
    columns(&rows)
}

/// Everything besides the result that shapes its text.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// Names for ids.
    pub places: Places,
    /// How an operation was asked for.
    pub asked: Asked,
    /// "Now", for relative times.
    pub now: chrono::DateTime<chrono::Utc>,
}

/// `result` read as `T`, the result type of the method that answered it.
pub fn read<T: DeserializeOwned>(result: &Value) -> Result<T, serde_json::Error> {
    T::deserialize(result)
}

/// Renders a result for people; an error when the answer is not the result type `kind` shows.
pub fn render(kind: Output, result: &Value, view: &View) -> Result<String, serde_json::Error> {
    let places = &view.places;
    Ok(match kind {
        Output::Items => items_table(&read::<SearchResult>(result)?.items, places),
        Output::Item => item_text::render_detail(&read(result)?, places),
        Output::Operation => {
            operation_text::render(&read::<OperationResult>(result)?, places, view.asked)
        }
        Output::MaxPower => max_power(&read(result)?, view),
        Output::Marks => item_text::render(&read::<AnnotateResult>(result)?.item, places),
        Output::TagsImported => tags_imported(&read(result)?),
        Output::Automation => automation(&read(result)?, places),
        Output::Progress => progress_text::progress(&read(result)?, view),
        Output::Tracked => progress_text::tracked(&read(result)?, view),
        Output::History => progress_text::history(&read(result)?, view),
        Output::Stats => progress_text::stats(&read(result)?),
        Output::Vendors => vendor_text::vendors(&read(result)?, view, false),
        Output::VendorsNotOwned => vendor_text::vendors(&read(result)?, view, true),
        Output::Collections => vendor_text::collections(&read(result)?),
        Output::Clan => vendor_text::clan(&read(result)?, view),
        Output::LoadoutNames => loadout_text::loadout_names(&read(result)?),
        Output::Status => session_text::status(&read(result)?, view),
        Output::Loadouts => loadout_text::loadouts(&read(result)?, places),
        Output::Loadout => loadout_text::loadout(&read::<LoadoutResult>(result)?.loadout, places),
        Output::OverlayUrl => format!("{}\n", read::<OverlayUrlResult>(result)?.url),
        Output::Sync => {
            let sync: SyncResult = read(result)?;
            format!(
                "Synced: {} change(s) in {} ms (rev {})\n",
                sync.changed, sync.took_ms, sync.rev
            )
        }
        Output::Pairings => session_text::pairings(&read::<Vec<_>>(result)?),
        Output::Accounts => session_text::accounts(&read::<Vec<_>>(result)?),
        Output::AccountSelected => session_text::account_selected(&read(result)?),
        Output::Clients => session_text::clients(&read::<Vec<_>>(result)?, view),
        Output::Raw => format!("{}\n", serde_json::to_string_pretty(result)?),
    })
}

/// The items table: name (×quantity), type, rarity, power, where, flags, id.
fn items_table(items: &[Item], places: &Places) -> String {
    let header = ["NAME", "TYPE", "TIER", "POWER", "WHERE", "FLAGS", "ID"];
    table_of(items, "No items match.\n", &header, |item| {
        let mut flags = Vec::new();
        if item.equipped {
            flags.push("equipped");
        }
        if item.locked {
            flags.push("locked");
        }
        let name = if item.quantity > 1 {
            format!("{} ×{}", item.name, item.quantity)
        } else {
            item.name.clone()
        };
        vec![
            name,
            item.item_type.clone(),
            tier_name(item.tier).to_string(),
            item.power.map(|p| p.to_string()).unwrap_or_default(),
            places.place(&item.location),
            flags.join(","),
            item.id.clone(),
        ]
    })
}

/// `loadouts.maxPower`: the operation, then the power before and after.
fn max_power(result: &MaxPowerResult, view: &View) -> String {
    let mut out = operation_text::render(&result.operation, &view.places, view.asked);
    out.push_str(&format!(
        "Power {:.1} → {:.1}\n",
        result.power_before, result.power_after
    ));
    out
}

/// `tags.import`'s counts.
fn tags_imported(imported: &ImportTagsResult) -> String {
    let n = imported.imported;
    let mut out = format!(
        "Imported the marks of {n} {}.\n",
        if n == 1 { "item" } else { "items" }
    );
    if imported.unknown > 0 {
        out.push_str(&format!(
            "{} entries name items this account does not hold (another account's, or gone).\n",
            imported.unknown
        ));
    }
    if imported.truncated > 0 {
        out.push_str(&format!(
            "{} notes were cut to 120 characters.\n",
            imported.truncated
        ));
    }
    out
}

/// Farming mode and each character's postmaster guard, in words.
fn automation(result: &AutomationStatus, places: &Places) -> String {
    let mut out = match &result.farming {
        Some(c) => format!("Farming mode: on for {}\n", places.character(c)),
        None => "Farming mode: off\n".to_string(),
    };
    for guard in &result.guards {
        let who = places.character(&guard.character_id);
        if guard.enabled {
            out.push_str(&format!(
                "Postmaster guard for {who}: on, at {} of 21\n",
                guard.threshold
            ));
        } else {
            out.push_str(&format!("Postmaster guard for {who}: off\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::samples;
    use serde_json::json;
    use vault_raider_protocol::automation::GuardSetting;
    use vault_raider_protocol::model::{Class, Tier};

    fn warlock() -> Places {
        Places::from_snapshot(
            &samples::snapshot(
                vec![samples::character(
                    "2305843009260000001",
                    Class::Warlock,
                    "Exo",
                )],
                Vec::new(),
            ),
            false,
        )
    }

    #[test]
    fn columns_align() {
        let rows = vec![
            vec!["A".into(), "BB".into()],
            vec!["ccc".into(), "d".into()],
        ];
        assert_eq!(columns(&rows), "A    BB\nccc  d\n");
    }

    #[test]
    fn items_show_flags_and_place() {
        let mida = Item {
            tier: Tier::Exotic,
            power: Some(1810),
            location: samples::on("2305843009260000001"),
            equipped: true,
            locked: true,
            ..samples::item("6917529035440581369", "MIDA Multi-Tool")
        };
        let glimmer = Item {
            quantity: 3,
            item_type: "Currency".into(),
            tier: Tier::Basic,
            location: vault_raider_protocol::model::Location::Profile,
            ..samples::item("hash:3159615086", "Glimmer")
        };
        assert_eq!(
            items_table(&[mida, glimmer], &warlock()),
            "NAME             TYPE         TIER    POWER  WHERE    FLAGS            ID\n\
             MIDA Multi-Tool  Scout Rifle  Exotic  1810   Warlock  equipped,locked  6917529035440581369\n\
             Glimmer ×3       Currency     Basic          Account                   hash:3159615086\n"
        );
        assert_eq!(items_table(&[], &warlock()), "No items match.\n");
    }

    #[test]
    fn automation_names_the_character_and_the_guards() {
        let status = AutomationStatus {
            farming: Some("2305843009260000001".into()),
            guards: vec![
                GuardSetting {
                    character_id: "2305843009260000001".into(),
                    enabled: true,
                    threshold: 16,
                },
                GuardSetting {
                    character_id: "9".into(),
                    enabled: false,
                    threshold: 16,
                },
            ],
        };
        assert_eq!(
            automation(&status, &warlock()),
            "Farming mode: on for Warlock\n\
             Postmaster guard for Warlock: on, at 16 of 21\n\
             Postmaster guard for a character: off\n"
        );
    }

    #[test]
    fn max_power_adds_the_power_before_and_after() {
        let result = MaxPowerResult {
            operation: OperationResult {
                operation_id: "op".into(),
                ok: true,
                steps: Vec::new(),
                rev: 1,
                bungie_calls: 0,
            },
            power_before: 1800.25,
            power_after: 1810.0,
        };
        assert_eq!(
            max_power(&result, &View::default()),
            "Nothing to do.\nPower 1800.2 → 1810.0\n"
        );
    }

    #[test]
    fn an_answer_of_another_shape_is_an_error_not_a_guess() {
        let view = View::default();
        assert!(render(Output::Items, &json!({"items": [{"id": "1"}]}), &view).is_err());
        assert!(render(Output::Status, &json!([]), &view).is_err());
        assert!(render(Output::Clan, &json!(null), &view).is_err());
        assert_eq!(
            render(Output::Raw, &json!({"a": 1}), &view).ok().as_deref(),
            Some("{\n  \"a\": 1\n}\n")
        );
        let synced = json!({"rev": 9, "changed": 2, "tookMs": 40});
        assert_eq!(
            render(Output::Sync, &synced, &view).ok().as_deref(),
            Some("Synced: 2 change(s) in 40 ms (rev 9)\n")
        );
    }

    #[test]
    fn tags_imported_counts_what_was_left_out() {
        let imported = ImportTagsResult {
            rev: 3,
            imported: 1,
            unknown: 2,
            truncated: 0,
        };
        assert_eq!(
            tags_imported(&imported),
            "Imported the marks of 1 item.\n\
             2 entries name items this account does not hold (another account's, or gone).\n"
        );
    }
}
