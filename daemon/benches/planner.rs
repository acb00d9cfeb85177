//! Planning on a large account (~1,900 items: a 1,300-slot vault 50 short of full, three
//! characters with full buckets, postmasters and account-wide stacks): a transfer that must
//! make room, an equip, and a ten-item loadout.

#[path = "../tests/support/moves/mod.rs"]
mod moves_support;

use criterion::{Criterion, criterion_group, criterion_main};
use moves_support::*;
use std::hint::black_box;
use vault_raider::moves::{Destination, Request, plan};
use vault_raider::store::model::{Inventory, Item, Location, Tier};

const BUCKETS: [u32; 10] = [
    KINETIC, ENERGY, POWER, HELMET, GAUNTLETS, CHEST, LEGS, CLASS_ITEM, GHOST, SHIP,
];

/// A varied piece of gear: every eleventh is exotic, power spread over 400.
fn varied(n: u64, bucket: u32, location: Location) -> Item {
    let item = gear(n, bucket)
        .at(location)
        .power(1_600 + (n * 7919 % 400) as u32);
    if n.is_multiple_of(11) {
        item.exotic()
    } else {
        item.tier(Tier::Legendary)
    }
}

fn large_account() -> Inventory {
    let mut items = Vec::new();
    let mut n = 1;
    for c in [TITAN, HUNTER, WARLOCK] {
        for b in BUCKETS {
            for k in 0..10 {
                let item = varied(n, b, on(c));
                items.push(if k == 0 { item.equipped() } else { item });
                n += 1;
            }
        }
        for k in 0..15 {
            items.push(varied(n, BUCKETS[k % 10], pm(c)));
            n += 1;
        }
    }
    for _ in 0..1_250 {
        items.push(varied(n, BUCKETS[(n % 10) as usize], VAULT));
        n += 1;
    }
    while items.len() < 1_900 {
        items.push(stack(n as u32, 10, Location::Profile));
        n += 1;
    }
    account(items, 1_300)
}

fn bench(c: &mut Criterion) {
    let inv = large_account();
    let vault_items: Vec<&Item> = inv.items.iter().filter(|i| i.location == VAULT).collect();
    let transfer = Request::Transfer {
        id: vault_items[0].id.clone(),
        to: Destination::Character(TITAN),
        quantity: None,
    };
    let equip = Request::Equip {
        id: vault_items[1].id.clone(),
        character_id: HUNTER,
    };
    let mut chosen = Vec::new();
    for b in BUCKETS {
        if let Some(i) = vault_items.iter().find(|i| i.info.home_bucket_hash == b) {
            chosen.push((i.id.instance_id().unwrap_or(0), true));
        }
    }
    let loadout = Request::EquipLoadout {
        loadout: loadout(&chosen),
        character_id: TITAN,
    };
    for request in [&transfer, &equip, &loadout] {
        let planned = plan(&inv, request).map(|p| (p.steps.len(), p.refused.len()));
        eprintln!(
            "{} items; plan: {planned:?} (steps, refused)",
            inv.items.len()
        );
    }
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
