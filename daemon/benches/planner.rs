//! Planning on a large account (~1,900 items: a 1,300-slot vault 50 short of full, three
//! characters with full buckets, postmasters and account-wide stacks): a transfer that must make room, an equip, and a
//! ten-item loadout.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use vault_raider::moves::{Destination, Request, plan};
use vault_raider::store::model::{
    Character, Class, Inventory, Item, ItemId, ItemInfo, ItemKind, Loadout, LoadoutItem, Location,
    Tier, VAULT_BUCKET_HASH,
};

const BUCKETS: [u32; 10] = [
    1_498_876_634,
    2_465_295_065,
    953_998_645,
    3_448_274_439,
    3_551_918_588,
    14_239_492,
    20_886_954,
    1_585_787_867,
    4_023_194_814,
    284_967_655,
];
const CHARACTERS: [u64; 3] = [11, 22, 33];

fn item(n: u64, bucket: u32, location: Location, equipped: bool) -> Item {
    Item {
        id: ItemId::instance(n),
        hash: 5_000 + (n % 400) as u32,
        quantity: 1,
        location,
        bucket_hash: if location == Location::Vault {
            VAULT_BUCKET_HASH
        } else {
            bucket
        },
        equipped,
        locked: n.is_multiple_of(3),
        lockable: true,
        power: Some(1_600 + (n * 7919 % 400) as u32),
        damage: None,
        can_equip: true,
        equip_required_level: 0,
        info: ItemInfo {
            name: format!("Item {n}"),
            type_name: "Gear".into(),
            description: String::new(),
            icon: String::new(),
            tier: if n.is_multiple_of(11) {
                Tier::Exotic
            } else {
                Tier::Legendary
            },
            class: None,
            kind: if bucket < 3_000_000_000 {
                ItemKind::Weapon
            } else {
                ItemKind::Armor
            },
            home_bucket_hash: bucket,
            unique_label: (n.is_multiple_of(11)).then(|| "exotic_weapon".to_string()),
            max_stack: 1,
            non_transferable: false,
            equippable: true,
            pull_has_side_effects: false,
        },
        stats: Vec::new(),
        perks: Vec::new(),
    }
}

fn large_account() -> Inventory {
    let mut items = Vec::new();
    let mut n = 1;
    for c in CHARACTERS {
        for b in BUCKETS {
            for k in 0..10 {
                items.push(item(n, b, Location::Character { character_id: c }, k == 0));
                n += 1;
            }
        }
        for k in 0..15 {
            items.push(item(
                n,
                BUCKETS[k % 10],
                Location::Postmaster { character_id: c },
                false,
            ));
            n += 1;
        }
    }
    // A vault 50 short of full, then account-wide stacks up to ~1,900 items.
    for _ in 0..1_250 {
        items.push(item(n, BUCKETS[(n % 10) as usize], Location::Vault, false));
        n += 1;
    }
    while items.len() < 1_900 {
        let mut consumable = item(n, 1_469_714_392, Location::Profile, false);
        consumable.id = ItemId::stack(consumable.hash + n as u32, &Location::Profile, 0);
        consumable.hash += n as u32;
        consumable.info.max_stack = 999;
        items.push(consumable);
        n += 1;
    }
    Inventory {
        rev: 1,
        characters: CHARACTERS
            .iter()
            .enumerate()
            .map(|(k, id)| Character {
                id: *id,
                class: [Class::Titan, Class::Hunter, Class::Warlock][k],
                race: "Human".into(),
                power: 1_800,
                level: 50,
                emblem: String::new(),
                emblem_color: String::new(),
                last_played: format!("2026-11-2{}T00:00:00Z", 5 - k),
                activity: None,
            })
            .collect(),
        items,
        vault_capacity: 1_300,
        bucket_capacity: BUCKETS.iter().map(|b| (*b, 10)).collect(),
    }
}

fn bench(c: &mut Criterion) {
    let inv = large_account();
    let vault_items: Vec<&Item> = inv
        .items
        .iter()
        .filter(|i| i.location == Location::Vault)
        .collect();
    let transfer = Request::Transfer {
        id: vault_items[0].id.clone(),
        to: Destination::Character(11),
        quantity: None,
    };
    let equip = Request::Equip {
        id: vault_items[1].id.clone(),
        character_id: 22,
    };
    let loadout = Request::EquipLoadout {
        loadout: Loadout {
            id: "b".into(),
            name: "Bench".into(),
            character_id: 33,
            class: Class::Warlock,
            items: BUCKETS
                .iter()
                .filter_map(|b| vault_items.iter().find(|i| i.info.home_bucket_hash == *b))
                .map(|i| LoadoutItem {
                    id: i.id.clone(),
                    hash: i.hash,
                    equip: true,
                    quantity: 1,
                })
                .collect(),
            created_at: String::new(),
            updated_at: String::new(),
        },
        character_id: 33,
    };
    c.bench_function("plan transfer into a full bucket (1,900 items)", |b| {
        b.iter(|| plan(black_box(&inv), black_box(&transfer)))
    });
    c.bench_function("plan equip from vault (1,900 items)", |b| {
        b.iter(|| plan(black_box(&inv), black_box(&equip)))
    });
    c.bench_function("plan 10-item loadout (1,900 items)", |b| {
        b.iter(|| plan(black_box(&inv), black_box(&loadout)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
