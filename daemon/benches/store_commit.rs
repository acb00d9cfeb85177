//! `apply_sync` of a ~1,900-item account: with a handful of changes (each iteration alternates
//! between two inventories five changes apart), and unchanged (the common poll).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use vault_raider::store::model::{Inventory, Location};

#[path = "../tests/support/store.rs"]
mod store_support;
use store_support::{CHARACTERS, at, item_mut, large_inventory, temp_store};

/// `base` with five changes: two moves out of the vault, a lock, a power bump, a stack count.
fn changed(base: &Inventory) -> Inventory {
    let mut next = base.clone();
    let vault: Vec<_> = base
        .items
        .iter()
        .filter(|i| i.location == Location::Vault)
        .take(2)
        .map(|i| i.id.clone())
        .collect();
    for (id, &character_id) in vault.iter().zip(&CHARACTERS) {
        let item = item_mut(&mut next, id);
        item.location = Location::Character { character_id };
        item.bucket_hash = item.info.home_bucket_hash;
    }
    let on_character: Vec<_> = base
        .items
        .iter()
        .filter(|i| matches!(i.location, Location::Character { .. }) && !i.equipped)
        .take(2)
        .map(|i| i.id.clone())
        .collect();
    if let [a, b] = on_character.as_slice() {
        let first = item_mut(&mut next, a);
        first.locked = !first.locked;
        item_mut(&mut next, b).power = Some(2010);
    }
    if let Some(stack) = next
        .items
        .iter_mut()
        .find(|i| i.location == Location::Profile)
    {
        stack.quantity += 1;
    }
    next
}

fn store_commit(c: &mut Criterion) {
    let base = large_inventory(1900);
    let other = changed(&base);
    let mut group = c.benchmark_group("store_commit");

    let (_dir, store) = temp_store();
    store
        .apply_sync(&base, Some(at(0)))
        .expect("the first sync");
    let mut minted = 0;
    group.bench_function("apply_sync_1900_items_5_changes", |b| {
        b.iter(|| {
            minted += 1;
            let next = if minted % 2 == 1 { &other } else { &base };
            let changes = store.apply_sync(next, Some(at(minted))).expect("a sync");
            assert!(!changes.is_empty());
            black_box(changes)
        })
    });

    let (_dir2, store) = temp_store();
    store
        .apply_sync(&base, Some(at(0)))
        .expect("the first sync");
    let mut minted = 0;
    group.bench_function("apply_sync_1900_items_unchanged", |b| {
        b.iter(|| {
            minted += 1;
            let changes = store.apply_sync(&base, Some(at(minted))).expect("a sync");
            assert!(changes.is_empty());
            black_box(changes)
        })
    });
    group.finish();
}

criterion_group!(benches, store_commit);
criterion_main!(benches);
