//! Fuzzes the DIM loadout import (JSON or a `…/loadouts?loadout=` link, as `loadouts.import` and
//! `vault-raider loadouts import` receive it): any text parses or gets an error, never a panic; a
//! parsed loadout survives its own share link unchanged and imports onto a three-character account
//! with every item kept.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vault_raider::moves::loadouts::dim;
use vault_raider::store::model::{Character, Class, Inventory};

fn character(id: u64, class: Class, last_played: &str) -> Character {
    Character {
        id,
        class,
        race: "Human".into(),
        power: 1800,
        level: 50,
        emblem: String::new(),
        emblem_color: "#000000".into(),
        last_played: last_played.into(),
        activity: None,
    }
}

fn account() -> Inventory {
    Inventory {
        characters: vec![
            character(1, Class::Titan, "2026-11-25T12:00:00Z"),
            character(2, Class::Hunter, "2026-11-24T12:00:00Z"),
            character(3, Class::Warlock, "2026-11-20T12:00:00Z"),
        ],
        ..Inventory::default()
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(loadout) = dim::parse(text) else {
        return;
    };
    let link = dim::share_link(&loadout);
    match dim::parse(&link) {
        Ok(back) => assert_eq!(
            back, loadout,
            "the share link round trip changed the loadout"
        ),
        Err(e) => panic!(
            "a parsed loadout's own share link does not parse: {}",
            e.message
        ),
    }
    let ours = dim::import(&loadout, &account(), None, "fuzz".into(), "now")
        .expect("every class has a character on this account");
    assert_eq!(
        ours.items.len(),
        loadout.equipped.len() + loadout.unequipped.len()
    );
    let _ = dim::export(&ours);
});
