//! `profile.snapshot`: the whole inventory with the vault's use and each postmaster's count.

use crate::store::model::{self, Location};
use std::collections::BTreeMap;
use vault_raider_protocol::inventory::{Snapshot, VaultUsage};

/// The snapshot of `inventory` for `account`.
pub fn snapshot(inventory: &model::Inventory, account: Option<&model::Account>) -> Snapshot {
    let mut postmaster: BTreeMap<String, u32> = inventory
        .characters
        .iter()
        .map(|c| (c.id.to_string(), 0))
        .collect();
    for item in &inventory.items {
        if let Location::Postmaster { character_id } = item.location {
            *postmaster.entry(character_id.to_string()).or_insert(0) += 1;
        }
    }
    let used = inventory
        .items
        .iter()
        .filter(|i| i.location == Location::Vault)
        .count();
    Snapshot {
        rev: inventory.rev,
        account: account.map(super::account),
        characters: inventory.characters.iter().map(super::character).collect(),
        items: inventory
            .items
            .iter()
            .map(|i| super::annotated_item(i, inventory.annotations.get(&i.id)))
            .collect(),
        vault: VaultUsage {
            used: u32::try_from(used).unwrap_or(u32::MAX),
            capacity: inventory.vault_capacity,
        },
        postmaster,
        currencies: inventory.currencies.iter().map(super::currency).collect(),
    }
}
