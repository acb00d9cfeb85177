//! Random operations on random inventories never lose or duplicate an item: after every
//! operation the fake game's truth holds exactly the items it started with, respects the game's
//! rules, and equals the store the executor kept up to date without a re-sync.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::moves::fake::{executor, fingerprint};
use crate::support::moves::*;
use proptest::prelude::*;
use std::collections::BTreeMap;
use vault_raider::moves::{Destination, Request};
use vault_raider::store::model::{Class, Inventory, Item, Loadout, LoadoutItem, Location};

const CHARACTERS: [u64; 3] = [TITAN, HUNTER, WARLOCK];
const BUCKETS: [u32; 3] = [KINETIC, ENERGY, HELMET];

/// Builds an account with small buckets (4) and a small vault (12) so that make-room paths run.
fn build(seed: &[(u8, u8, bool, u8)]) -> Inventory {
    let mut inv = account(Vec::new(), 12);
    inv.bucket_capacity = BUCKETS.iter().map(|b| (*b, 4)).collect();
    inv.items.push(stack(777, 30, VAULT));
    let mut n = 1;
    // Everyone wears something in every bucket.
    for c in CHARACTERS {
        for b in BUCKETS {
            inv.items
                .push(gear(n, b).at(on(c)).equipped().power(1800 + n as u32));
            n += 1;
        }
    }
    for (bucket, place, exotic, class) in seed {
        let bucket = BUCKETS[*bucket as usize % 3];
        let mut item = gear(n, bucket).power(1700 + (n as u32 * 37) % 300);
        n += 1;
        if *exotic {
            item = item.exotic();
        }
        if bucket == HELMET && *class < 3 {
            item = item.class([Class::Titan, Class::Hunter, Class::Warlock][*class as usize]);
        }
        let location = match place % 5 {
            0 | 1 => VAULT,
            p => on(CHARACTERS[p as usize - 2]),
        };
        let fits = |inv: &Inventory, loc: Location| {
            let used = inv
                .items
                .iter()
                .filter(|i| {
                    i.location == loc && (loc == VAULT || i.info.home_bucket_hash == bucket)
                })
                .count();
            used < if loc == VAULT { 12 } else { 4 }
        };
        if fits(&inv, location) {
            inv.items.push(item.at(location));
        } else if fits(&inv, VAULT) {
            inv.items.push(item.at(VAULT));
        }
    }
    inv
}

fn request(inv: &Inventory, pick: usize, kind: u8, target: u8) -> Request {
    let items: Vec<&Item> = inv.items.iter().collect();
    let item = items[pick % items.len()];
    let character = CHARACTERS[target as usize % 3];
    match kind % 6 {
        0 => Request::Transfer {
            id: item.id.clone(),
            to: Destination::Vault,
            quantity: None,
        },
        1 | 2 => Request::Transfer {
            id: item.id.clone(),
            to: Destination::Character(character),
            quantity: (item.quantity > 1).then_some(item.quantity / 2),
        },
        3 => Request::Equip {
            id: item.id.clone(),
            character_id: character,
        },
        4 => Request::Lock {
            id: item.id.clone(),
            locked: !item.locked,
        },
        _ => {
            let chosen: Vec<LoadoutItem> = (0..3)
                .map(|k| items[(pick + k * 7) % items.len()])
                .map(|i| LoadoutItem {
                    id: i.id.clone(),
                    hash: i.hash,
                    equip: true,
                    quantity: 1,
                })
                .collect();
            Request::EquipLoadout {
                loadout: Loadout {
                    id: "p".into(),
                    name: "Random".into(),
                    character_id: character,
                    class: Class::Titan,
                    items: chosen,
                    created_at: vault_raider::store::model::Loadout::NEVER_SAVED,
                    updated_at: vault_raider::store::model::Loadout::NEVER_SAVED,
                },
                character_id: character,
            }
        }
    }
}

/// The items by identity: instance ids, and stack totals per hash.
fn census(inv: &Inventory) -> BTreeMap<String, u32> {
    let mut out = BTreeMap::new();
    for i in &inv.items {
        let key = match i.id.instance_id() {
            Some(n) => n.to_string(),
            None => format!("stack {}", i.hash),
        };
        *out.entry(key).or_insert(0) += i.quantity;
    }
    out
}

/// The game's rules hold: capacities, one equipped per bucket, one exotic of each kind.
fn check_rules(inv: &Inventory) {
    let vault = inv.items.iter().filter(|i| i.location == VAULT).count();
    assert!(vault <= 12, "vault holds {vault}");
    for c in CHARACTERS {
        let mine: Vec<&Item> = inv.items.iter().filter(|i| i.location == on(c)).collect();
        for b in BUCKETS {
            let here: Vec<&&Item> = mine
                .iter()
                .filter(|i| i.info.home_bucket_hash == b)
                .collect();
            assert!(here.len() <= 4, "bucket {b} on {c} holds {}", here.len());
            assert!(here.iter().filter(|i| i.equipped).count() <= 1);
        }
        for label in ["exotic_weapon", "exotic_armor"] {
            let worn = mine
                .iter()
                .filter(|i| i.equipped && i.info.unique_label.as_deref() == Some(label))
                .count();
            assert!(worn <= 1, "{worn} {label} equipped on {c}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_operations_never_lose_or_duplicate_an_item(
        seed in prop::collection::vec((0u8..3, 0u8..5, any::<bool>(), 0u8..4), 4..30),
        ops in prop::collection::vec((0usize..1000, 0u8..6, 0u8..3), 1..10),
    ) {
        let inv = build(&seed);
        let start = census(&inv);
        let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
        let (exec, game, store, _) = executor(inv.clone(), inv);
        for (n, (pick, kind, target)) in ops.into_iter().enumerate() {
            let current = store.snapshot();
            let req = request(&current, pick, kind, target);
            let result = runtime.block_on(exec.run(format!("op{n}"), req.clone()));
            let truth = game.truth.lock().unwrap().clone();
            prop_assert_eq!(census(&truth), start.clone(), "after {:?}: {:?}", req, result);
            check_rules(&truth);
            prop_assert_eq!(fingerprint(&store.snapshot()), fingerprint(&truth), "store diverged after {:?}: {:?}", req, result);
        }
    }
}
