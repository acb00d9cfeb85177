//! Loadouts as a player reads them: the list (`loadout list`), one saved or imported loadout,
//! and the names the game lets an in-game loadout take.

use super::places::Places;
use super::table::columns;
use vault_raider_protocol::game_loadouts::GameIdentifiers;
use vault_raider_protocol::inventory::LoadoutList;
use vault_raider_protocol::model::{Loadout, LoadoutSource};

/// "Before Raid" undo snapshots read as what they are.
fn loadout_name(l: &Loadout) -> String {
    match l.name.strip_prefix("Before ") {
        Some(rest) => format!("Undo: gear before {rest}"),
        None => l.name.clone(),
    }
}

/// Who keeps a loadout: "in game, slot 3" or "Vault Raider".
fn kept_by(l: &Loadout) -> String {
    match (l.source, l.index) {
        (LoadoutSource::Game, Some(index)) => format!("in game, slot {}", index + 1),
        _ => "Vault Raider".to_string(),
    }
}

/// `loadouts.list`: name, class, how many items, who keeps it (and the id under `--ids`).
pub fn loadouts(result: &LoadoutList, places: &Places) -> String {
    if result.loadouts.is_empty() {
        return "No loadouts yet: save one with `vault-raider loadout save NAME --character CLASS`.\n"
            .to_string();
    }
    let mut header = vec!["NAME", "FOR", "ITEMS", "KEPT BY"];
    if places.show_ids {
        header.push("ID");
    }
    let mut rows = vec![header.into_iter().map(String::from).collect::<Vec<_>>()];
    for l in &result.loadouts {
        let mut row = vec![
            loadout_name(l),
            places.character(&l.character_id),
            l.items.len().to_string(),
            kept_by(l),
        ];
        if places.show_ids {
            row.push(l.id.clone());
        }
        rows.push(row);
    }
    columns(&rows)
}

/// One loadout (`loadouts.save`, `loadouts.import`): its name, character and size.
pub fn loadout(l: &Loadout, places: &Places) -> String {
    let ids = if places.show_ids {
        format!(" [{}]", l.id)
    } else {
        String::new()
    };
    format!(
        "Loadout \"{}\" for {}: {} items{ids}\n",
        l.name,
        places.character(&l.character_id),
        l.items.len()
    )
}

/// The names an in-game loadout may take.
pub fn loadout_names(identifiers: &GameIdentifiers) -> String {
    let names: Vec<&str> = identifiers.names.iter().map(|n| n.name.as_str()).collect();
    if names.is_empty() {
        "The manifest names no in-game loadouts yet.\n".to_string()
    } else {
        format!("In-game loadout names: {}\n", names.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vault_raider_protocol::model::{Class, LoadoutItem};

    fn saved(id: &str, name: &str) -> Loadout {
        Loadout {
            id: id.into(),
            name: name.into(),
            character_id: "2".into(),
            class: Class::Titan,
            items: vec![LoadoutItem {
                id: "1".into(),
                hash: 1,
                equip: true,
                quantity: None,
            }],
            created_at: String::new(),
            updated_at: String::new(),
            source: LoadoutSource::Daemon,
            index: None,
            name_hash: None,
            color_hash: None,
            icon_hash: None,
            color: None,
            icon: None,
        }
    }

    #[test]
    fn loadouts_say_who_keeps_them_and_undo_snapshots_read_as_such() {
        let game = Loadout {
            source: LoadoutSource::Game,
            index: Some(2),
            ..saved("game:2:2", "Crucible")
        };
        let list = LoadoutList {
            loadouts: vec![saved("l1", "Before Raid"), game],
        };
        assert_eq!(
            loadouts(&list, &Places::without_names(true)),
            "NAME                    FOR              ITEMS  KEPT BY          ID\n\
             Undo: gear before Raid  a character [2]  1      Vault Raider     l1\n\
             Crucible                a character [2]  1      in game, slot 3  game:2:2\n"
        );
        assert!(
            loadouts(&LoadoutList { loadouts: vec![] }, &Places::default())
                .starts_with("No loadouts yet")
        );
        assert_eq!(
            loadout(&saved("l1", "Raid"), &Places::default()),
            "Loadout \"Raid\" for a character: 1 items\n"
        );
    }
}
