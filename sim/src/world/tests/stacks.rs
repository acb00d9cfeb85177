//! Stacks of uninstanced items: quantities move, stacks merge up to maxStackSize, slots run out.

use serde_json::json;

use super::*;

fn stack_body(hash: u32, quantity: i32, to_vault: bool, character: i64) -> serde_json::Value {
    json!({
        "itemReferenceHash": hash, "stackSize": quantity, "transferToVault": to_vault,
        "itemId": "0", "characterId": character.to_string(), "membershipType": 3,
    })
}

fn quantity(world: &World, hash: u32, place: Place) -> u32 {
    world
        .items
        .iter()
        .filter(|i| i.hash == hash && i.place == place)
        .map(|i| i.quantity)
        .sum()
}

#[test]
fn part_of_a_stack_moves_to_the_vault_and_back() {
    let (mut world, titan, _, _) = sample();
    let core = hash_of(&world, "Enhancement Core");
    let account = quantity(&world, core, Place::Account);
    let vault = quantity(&world, core, Place::Vault);
    assert!(account >= 2, "the sample holds cores");
    world
        .transfer_item(&stack_body(core, 2, true, titan))
        .expect("to the vault");
    assert_eq!(quantity(&world, core, Place::Account), account - 2);
    assert_eq!(quantity(&world, core, Place::Vault), vault + 2);
    assert!(
        world
            .items
            .iter()
            .filter(|i| i.hash == core && i.place == Place::Vault)
            .count()
            <= 1,
        "merged into one stack"
    );
    world
        .transfer_item(&stack_body(core, 1, false, titan))
        .expect("back to the account bucket");
    assert_eq!(quantity(&world, core, Place::Account), account - 1);
}

#[test]
fn a_stack_cannot_move_more_than_it_holds_or_nothing() {
    let (mut world, titan, _, _) = sample();
    let core = hash_of(&world, "Enhancement Core");
    let account = quantity(&world, core, Place::Account) as i32;
    refused(&mut world, 18, |w| {
        w.transfer_item(&stack_body(core, account + 1, true, titan))
    });
    refused(&mut world, 18, |w| {
        w.transfer_item(&stack_body(core, 0, true, titan))
    });
}

#[test]
fn stacks_split_at_max_stack_size_and_need_free_slots() {
    let (mut world, titan, _, _) = sample();
    let shard = world
        .catalogue
        .by_name("Ascendant Shard")
        .cloned()
        .expect("known");
    world.items.retain(|i| i.hash != shard.hash);
    world
        .items
        .push(Item::stack(shard.hash, 25, Place::Account));
    world
        .transfer_item(&stack_body(shard.hash, 25, true, titan))
        .expect("to the vault");
    let stacks: Vec<u32> = world
        .items
        .iter()
        .filter(|i| i.hash == shard.hash && i.place == Place::Vault)
        .map(|i| i.quantity)
        .collect();
    assert_eq!(
        stacks,
        vec![10, 10, 5],
        "max stack size is {}",
        shard.max_stack
    );
    let in_vault = world
        .items
        .iter()
        .filter(|i| i.place == Place::Vault)
        .count() as u32;
    world
        .catalogue
        .buckets
        .get_mut(&crate::world::defs::bucket::VAULT)
        .expect("vault")
        .item_count = in_vault;
    world
        .items
        .push(Item::stack(shard.hash, 10, Place::Account));
    // 5 fit into the open stack; the other 5 would need a new slot in a full vault.
    refused(&mut world, 1642, |w| {
        w.transfer_item(&stack_body(shard.hash, 10, true, titan))
    });
    world
        .transfer_item(&stack_body(shard.hash, 5, true, titan))
        .expect("fits in the open stack");
}

#[test]
fn currencies_cannot_be_transferred() {
    let (mut world, titan, _, _) = sample();
    let glimmer = hash_of(&world, "Glimmer");
    refused(&mut world, 1660, |w| {
        w.transfer_item(&stack_body(glimmer, 1, true, titan))
    });
}
