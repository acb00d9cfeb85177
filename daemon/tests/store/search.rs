//! The query language, table-driven: which items each query matches, and where and how a bad
//! query fails.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::moves::*;
use vault_raider::search::{MAX_NESTING, Query};
use vault_raider::store::model::{Annotation, Class, Inventory, Item, ItemId, Tag, Tier};

/// A small account: the names say what each item is.
fn items() -> Vec<Item> {
    let mut mida = gear(1, KINETIC)
        .exotic()
        .at(on(TITAN))
        .equipped()
        .power(1810);
    mida.info.name = "MIDA Multi-Tool".into();
    let mut fatebringer = gear(2, ENERGY).power(1795);
    fatebringer.info.name = "Fatebringer".into();
    fatebringer.locked = true;
    fatebringer.damage = Some("arc".into());
    let mut helm = gear(3, HELMET)
        .class(Class::Hunter)
        .at(pm(HUNTER))
        .power(1750);
    helm.info.name = "Hunter Helm".into();
    let mut bond = gear(4, CLASS_ITEM)
        .class(Class::Warlock)
        .tier(Tier::Rare)
        .at(on(WARLOCK));
    bond.info.name = "Warlock Bond".into();
    bond.power = Some(1800);
    let mut rocket = gear(5, POWER).power(1900);
    rocket.info.name = "Gjallarhorn".into();
    vec![mida, fatebringer, helm, bond, rocket]
}

fn matching(query: &str) -> Vec<u64> {
    let q = Query::parse(query).unwrap_or_else(|e| panic!("{query}: {e}"));
    items()
        .iter()
        .filter(|i| q.matches(i))
        .filter_map(|i| i.id.instance_id())
        .collect()
}

/// The instance ids `query` selects from `inventory` (no annotations), in order.
fn found_in(inventory: &Inventory, query: &str) -> Vec<u64> {
    let q = Query::parse(query).unwrap_or_else(|e| panic!("{query}: {e}"));
    q.select(inventory, &[])
        .filter_map(|i| i.id.instance_id())
        .collect()
}
#[test]
fn queries_match_the_right_items() {
    let cases: &[(&str, &[u64])] = &[
        ("", &[1, 2, 3, 4, 5]),
        ("mida", &[1]),
        ("MULTI", &[1]),
        ("\"multi-tool\"", &[1]),
        ("name:\"hunter helm\"", &[3]),
        ("name:fate", &[2]),
        ("is:weapon", &[1, 2, 5]),
        ("is:armor", &[3, 4]),
        ("is:exotic", &[1]),
        ("is:legendary", &[2, 3, 5]),
        ("is:equipped", &[1]),
        ("is:locked", &[2]),
        ("-is:locked", &[1, 3, 4, 5]),
        ("not is:locked", &[1, 3, 4, 5]),
        ("is:invault", &[2, 5]),
        ("is:postmaster", &[3]),
        ("is:kinetic", &[1]),
        ("is:energy", &[2]),
        ("is:power", &[5]),
        ("is:hunter", &[3]),
        ("is:warlock", &[4]),
        ("is:titan", &[]),
        ("is:arc", &[2]),
        ("power:>=1800", &[1, 4, 5]),
        ("power:>1800", &[1, 5]),
        ("power:<1800", &[2, 3]),
        ("power:<=1795", &[2, 3]),
        ("power:1800", &[4]),
        ("power:=1900", &[5]),
        ("bucket:helmet", &[3]),
        ("bucket:class_item", &[4]),
        ("is:weapon power:>=1800", &[1, 5]),
        ("is:weapon and -is:exotic", &[2, 5]),
        ("is:exotic or is:power", &[1, 5]),
        ("is:armor or is:weapon is:locked", &[2, 3, 4]),
        ("(is:armor or is:weapon) -is:invault", &[1, 3, 4]),
        ("-(is:weapon or is:hunter)", &[4]),
        ("IS:EXOTIC", &[1]),
    ];
    for (query, expected) in cases {
        assert_eq!(matching(query), expected.to_vec(), "query {query:?}");
    }
}

#[test]
fn bad_queries_say_where_and_suggest() {
    let cases: &[(&str, usize, &str)] = &[
        (
            "is:exotc",
            1,
            "There is no filter is:exotc (at character 1 of the search). Did you mean is:exotic?",
        ),
        ("mida is:exotc", 6, "Did you mean is:exotic?"),
        ("is:weapn", 1, "Did you mean is:weapon?"),
        (
            "bucket:helmt",
            1,
            "There is no bucket called helmt (at character 1 of the search). Did you mean bucket:helmet?",
        ),
        ("power:lots", 1, "needs a number"),
        ("colour:red", 1, "There is no filter colour:red"),
        ("name:\"open", 6, "A quote is not closed"),
        ("\"open", 1, "A quote is not closed"),
        ("(is:weapon", 1, "This ( is not closed"),
        ("is:weapon)", 10, "This ) closes nothing"),
        ("is:weapon or", 13, "Something to search for is missing"),
        (
            "or is:weapon",
            1,
            "need something to search for on each side",
        ),
        (
            "- is:weapon",
            1,
            "A - must be followed by what to leave out",
        ),
        ("name:", 1, "name: needs a name"),
        ("perk:", 1, "perk: needs a perk's name"),
        ("id:abc", 1, "needs an item's number"),
    ];
    for (query, column, text) in cases {
        let error = Query::parse(query).expect_err(query);
        assert_eq!(error.column, *column, "query {query:?}: {error}");
        assert!(error.message.contains(text), "query {query:?}: {error}");
        // Written for players: no code quotes.
        assert!(!error.message.contains('`'), "query {query:?}: {error}");
    }
}

#[test]
fn suggestions_are_only_offered_for_near_misses() {
    let e = Query::parse("is:exotc").unwrap_err();
    assert_eq!(e.suggestion.as_deref(), Some("is:exotic"));
    let e = Query::parse("zzzzzz:qqqqqqqqq").unwrap_err();
    assert_eq!(e.suggestion, None);
}

/// Nesting past the limit is refused at a column. Before the limit, the `search_parser` fuzz target
/// found that a 16 KB query of about 2,900 nested `(` overflowed the stack, which aborts the whole
/// daemon (`items.search` takes queries up to the 64 KiB frame size). A 256 KiB stack here proves
/// the recursion stays shallow.
#[test]
fn deep_nesting_is_refused_at_a_column_instead_of_overflowing_the_stack() {
    let small_stack = std::thread::Builder::new().stack_size(256 * 1024);
    let worker = small_stack
        .spawn(|| {
            for (open, close) in [("(", ")"), ("-", ""), ("not ", "")] {
                let at_limit =
                    format!("{}x{}", open.repeat(MAX_NESTING), close.repeat(MAX_NESTING));
                let query = Query::parse(&at_limit).unwrap_or_else(|e| panic!("{at_limit}: {e}"));
                let _ = items().iter().filter(|i| query.matches(i)).count();
                let deep = format!("{}x{}", open.repeat(60_000), close.repeat(60_000));
                let error = Query::parse(&deep).expect_err("60,000 levels are refused");
                assert_eq!(error.column, MAX_NESTING * open.len() + 1, "{open:?}");
                assert!(
                    error.message.contains("nest deeper than 32"),
                    "{}",
                    error.message
                );
            }
        })
        .expect("a thread with a small stack starts");
    worker
        .join()
        .expect("deep queries are refused without a panic");
}

#[test]
fn dupes_perks_weapon_types_and_ids_as_dim_users_type_them() {
    let mut account = items();
    // A second Gjallarhorn (same definition, another instance) and a hand cannon with perks.
    let mut second = account[4].clone();
    second.id = vault_raider::store::model::ItemId("6".into());
    account.push(second);
    let mut ace = gear(7, KINETIC).type_name("Hand Cannon");
    ace.info.name = "Ace of Spades".into();
    ace.perks = vec!["Memento Mori".into(), "Firefly".into()];
    account.push(ace);
    let inventory = Inventory {
        items: account,
        ..Inventory::default()
    };
    let found = |query: &str| found_in(&inventory, query);
    assert_eq!(found("is:dupe"), vec![5, 6]);
    assert_eq!(found("-is:dupe is:weapon"), vec![1, 2, 7]);
    assert_eq!(found("perk:memento"), vec![7]);
    assert_eq!(found("perk:\"firefly\""), vec![7]);
    assert_eq!(found("is:handcannon"), vec![7]);
    assert_eq!(found("is:autorifle"), vec![1, 2, 5, 6]);
    assert_eq!(found("is:scoutrifle"), Vec::<u64>::new());
    assert_eq!(found("id:3"), vec![3]);
    assert_eq!(found("id:3 or id:7"), vec![3, 7]);
    // Judged alone (no inventory), nothing is a duplicate.
    let dupe = Query::parse("is:dupe").unwrap_or_else(|e| panic!("{e}"));
    assert!(!dupe.matches(&inventory.items[4]));
}

#[test]
fn tags_and_notes_are_searched_as_dim_users_type_them() {
    let mut inventory = Inventory {
        items: items(),
        ..Inventory::default()
    };
    let mark = |tag: Option<Tag>, note: Option<&str>| Annotation {
        tag,
        note: note.map(str::to_string),
    };
    inventory
        .annotations
        .insert(ItemId("1".into()), mark(Some(Tag::Junk), None));
    inventory.annotations.insert(
        ItemId("2".into()),
        mark(Some(Tag::Favorite), Some("God roll for PvP")),
    );
    inventory
        .annotations
        .insert(ItemId("3".into()), mark(None, Some("raid pick")));
    let found = |query: &str| found_in(&inventory, query);
    let all: Vec<u64> = inventory
        .items
        .iter()
        .filter_map(|i| i.id.instance_id())
        .collect();
    assert_eq!(found("tag:junk"), vec![1]);
    assert_eq!(found("tag:favorite"), vec![2]);
    assert_eq!(found("is:tagged"), vec![1, 2]);
    assert_eq!(found("notes:\"god roll\""), vec![2]);
    assert_eq!(found("notes:raid"), vec![3]);
    assert_eq!(found("-is:tagged").len(), all.len() - 2);
    assert!(found("tag:none").contains(&3));
    assert!(!found("tag:none").contains(&1));
    // Judged alone (no marks known) nothing is tagged.
    let q = Query::parse("is:tagged").expect("parses");
    assert!(!inventory.items.iter().any(|i| q.matches(i)));
    let typo = Query::parse("tag:junkk").expect_err("no such tag");
    assert!(typo.to_string().contains("tag:junk"), "{typo}");
    assert!(Query::parse("notes:").is_err());
}

#[test]
fn progress_filters_find_bounties_quests_and_their_completion() {
    use vault_raider::store::model::{Objective, ProgressEntry, ProgressKind};
    let mut inventory = Inventory {
        items: items(),
        ..Inventory::default()
    };
    let objective = |progress: i64| Objective {
        hash: 9,
        description: "Defeat combatants".into(),
        progress,
        completion_value: 10,
        complete: progress >= 10,
    };
    let entry = |id: &str, kind: ProgressKind, progress: i64| ProgressEntry {
        id: id.into(),
        character_id: TITAN,
        kind,
        hash: 1,
        name: String::new(),
        icon: String::new(),
        objectives: vec![objective(progress)],
        step: None,
        expires_at: None,
        tracked: false,
        reward_earned: false,
    };
    inventory.progress = vec![
        entry("1", ProgressKind::Bounty, 10),
        entry("2", ProgressKind::Bounty, 3),
        entry("3", ProgressKind::Quest, 0),
        // A milestone shares no id with an item, even a made-up one.
        entry("4", ProgressKind::Milestone, 10),
    ];
    let found = |query: &str| found_in(&inventory, query);
    assert_eq!(found("is:bounty"), vec![1, 2]);
    assert_eq!(found("is:quest"), vec![3]);
    assert_eq!(found("is:complete"), vec![1]);
    assert_eq!(found("is:incomplete"), vec![2, 3]);
    assert_eq!(found("is:bounty is:incomplete"), vec![2]);
    assert!(!found("-is:bounty").contains(&1));
}
