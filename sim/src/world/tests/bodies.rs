//! Every action answers every body with a result, never a panic: each field of a valid body is
//! replaced in turn by values of every JSON type and edge number.

use serde_json::{Value, json};

use super::*;

type Action = fn(&mut World, &Value) -> Result<Value, crate::world::SimError>;

fn odd_values() -> Vec<Value> {
    vec![
        json!(null),
        json!(true),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(4_294_967_296u64),
        json!(""),
        json!("0"),
        json!(" 12 "),
        json!("-9223372036854775808"),
        json!("99999999999999999999"),
        json!([]),
        json!([null, "1"]),
        json!({}),
        json!({"a": 1}),
    ]
}

#[test]
fn no_body_makes_an_action_panic_and_refusals_change_nothing() {
    let (mut world, titan, _, _) = sample();
    let gun = spare(&world, titan, crate::world::defs::bucket::ENERGY);
    let lost = find(&world, |_, i| i.place == Place::Postmaster(titan));
    let valid: Vec<(Action, Value)> = vec![
        (World::transfer_item, transfer_body(&gun, true, titan)),
        (
            World::pull_from_postmaster,
            transfer_body(&lost, false, titan),
        ),
        (World::equip_item, equip_body(id(&gun), titan)),
        (
            World::equip_items,
            json!({"itemIds": [id(&gun).to_string()], "characterId": titan.to_string(), "membershipType": 3}),
        ),
        (
            World::set_lock_state,
            json!({"state": true, "itemId": id(&gun).to_string(), "characterId": titan.to_string(), "membershipType": 3}),
        ),
    ];
    for (act, body) in valid {
        let fields: Vec<String> = body
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        for field in fields {
            for odd in odd_values() {
                let mut bad = body.clone();
                bad[&field] = odd.clone();
                let before = world.state_json();
                if act(&mut world, &bad).is_err() {
                    assert_eq!(
                        world.state_json(),
                        before,
                        "{field} = {odd} changed the world"
                    );
                }
            }
        }
    }
}
