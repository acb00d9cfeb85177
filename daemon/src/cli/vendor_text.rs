//! `vault-raider vendors`, `collections` and `clan` as a player reads them: each vendor with its
//! offers and costs (owned or not, affordable or not), collectibles with their source, the clan's
//! roster with who is online.

use super::table::{View, columns};
use super::when::relative;
use vault_raider_protocol::vendors::{
    ClanResult, CollectibleState, CollectionsResult, Currency, VendorItem, VendorsResult,
};

/// Quantities and names ("97 Legendary Shards"), each.
fn amounts(currencies: &[Currency]) -> Vec<String> {
    currencies
        .iter()
        .map(|c| format!("{} {}", c.quantity, c.name))
        .collect()
}

fn costs(offer: &VendorItem) -> String {
    let parts = amounts(&offer.cost);
    if parts.is_empty() {
        "free".to_string()
    } else {
        parts.join(" + ")
    }
}

/// One offer's row: name (×quantity), type, cost, owned or not, affordable or not.
fn offer_row(offer: &VendorItem) -> Vec<String> {
    let item = &offer.item;
    let name = if item.quantity > 1 {
        format!("{} ×{}", item.name, item.quantity)
    } else {
        item.name.clone()
    };
    let owned = match offer.owned {
        Some(true) => "owned",
        Some(false) => "not owned",
        None => "",
    };
    let afford = if offer.affordable { "" } else { "can't afford" };
    vec![
        format!("  {name}"),
        item.item_type.clone(),
        costs(offer),
        owned.to_string(),
        afford.to_string(),
    ]
}

/// `vendors.list`: vendor by vendor; `not_owned` keeps only offers never owned.
pub fn vendors(result: &VendorsResult, view: &View, not_owned: bool) -> String {
    let mut out = String::new();
    let held = amounts(&result.currencies);
    if !held.is_empty() {
        out.push_str(&format!("You hold: {}\n", held.join(", ")));
    }
    let mut shown = 0;
    for vendor in &result.vendors {
        let rows: Vec<Vec<String>> = vendor
            .items
            .iter()
            .filter(|o| !not_owned || o.owned == Some(false))
            .map(offer_row)
            .collect();
        if rows.is_empty() {
            continue;
        }
        shown += 1;
        let mut head = vendor.name.clone();
        if !vendor.location.is_empty() {
            head.push_str(&format!(" · {}", vendor.location));
        }
        if let Some(at) = vendor.refreshes_at.as_deref() {
            head.push_str(&format!(" · new stock {}", relative(Some(at), view.now)));
        }
        out.push_str(&format!("{head}\n"));
        out.push_str(&columns(&rows));
    }
    if shown == 0 {
        out.push_str(if not_owned {
            "Every offer is something you own already.\n"
        } else {
            "No vendor sells anything now.\n"
        });
    }
    out
}

/// A collectible's state in words ("not acquired").
fn state_words(state: CollectibleState) -> &'static str {
    match state {
        CollectibleState::Acquired => "acquired",
        CollectibleState::NotAcquired => "not acquired",
        CollectibleState::Obscured => "obscured",
    }
}

/// `collections.search`: one row per collectible.
pub fn collections(result: &CollectionsResult) -> String {
    let found = &result.collectibles;
    if found.is_empty() {
        return "No collectibles match.\n".to_string();
    }
    let mut rows = vec![vec!["NAME".to_string(), "STATE".into(), "SOURCE".into()]];
    for c in found {
        rows.push(vec![
            c.name.clone(),
            state_words(c.state).to_string(),
            c.source.clone(),
        ]);
    }
    let mut out = columns(&rows);
    let total = result.total;
    if total as usize > found.len() {
        out.push_str(&format!("… {total} match in all (--limit to see more)\n"));
    }
    out
}

/// `clan.get`: the clan and its roster, online members first.
pub fn clan(result: &ClanResult, view: &View) -> String {
    let Some(clan) = &result.clan else {
        return "You are not in a clan.\n".to_string();
    };
    let online = clan.members.iter().filter(|m| m.online).count();
    let mut out = format!(
        "{} — \"{}\" · {} members, {online} online\n",
        clan.name, clan.motto, clan.member_count
    );
    let mut rows = Vec::new();
    for m in &clan.members {
        let when = if m.online {
            match &m.activity {
                Some(activity) => format!("online now · {activity}"),
                None => "online now".to_string(),
            }
        } else {
            format!("last online {}", relative(Some(&m.last_online), view.now))
        };
        rows.push(vec![
            format!("  {}", m.name),
            m.rank.replace('_', " "),
            when,
        ]);
    }
    out.push_str(&columns(&rows));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::samples;
    use vault_raider_protocol::model::Item;
    use vault_raider_protocol::vendors::{Clan, ClanMember, Collectible, Vendor};

    fn currency(name: &str, quantity: i64) -> Currency {
        Currency {
            hash: 1,
            name: name.into(),
            icon: String::new(),
            quantity,
        }
    }

    fn offer(
        name: &str,
        item_type: &str,
        cost: Vec<Currency>,
        owned: bool,
        affordable: bool,
    ) -> VendorItem {
        VendorItem {
            item: Item {
                item_type: item_type.into(),
                ..samples::item("vendor:9:1", name)
            },
            vendor_item_index: 1,
            cost,
            perks: Vec::new(),
            stats: Vec::new(),
            owned: Some(owned),
            affordable,
        }
    }

    fn xur() -> VendorsResult {
        VendorsResult {
            currencies: vec![currency("Glimmer", 500)],
            read_at: "2026-12-05T10:00:00Z".into(),
            vendors: vec![Vendor {
                hash: 9,
                name: "Xûr".into(),
                icon: String::new(),
                location: "Tower".into(),
                refreshes_at: Some("2026-12-08T17:00:00Z".into()),
                items: vec![
                    offer(
                        "Gjallarhorn",
                        "Rocket Launcher",
                        vec![currency("Legendary Shards", 97)],
                        false,
                        false,
                    ),
                    offer("Ace of Spades", "Hand Cannon", Vec::new(), true, true),
                ],
            }],
        }
    }

    #[test]
    fn vendors_show_costs_ownership_and_affordability() {
        let view = View {
            now: samples::now(),
            ..View::default()
        };
        assert_eq!(
            vendors(&xur(), &view, false),
            "You hold: 500 Glimmer\nXûr · Tower · new stock in 3 days\n\
             \x20 Gjallarhorn    Rocket Launcher  97 Legendary Shards  not owned  can't afford\n\
             \x20 Ace of Spades  Hand Cannon      free                 owned\n"
        );
        let missing = vendors(&xur(), &view, true);
        assert!(!missing.contains("Ace of Spades"), "{missing}");
        assert!(missing.contains("Gjallarhorn"), "{missing}");
        let mut sold_out = xur();
        sold_out.vendors[0].items.remove(0);
        assert!(
            vendors(&sold_out, &view, true)
                .ends_with("Every offer is something you own already.\n")
        );
    }

    #[test]
    fn collectibles_show_their_state_and_how_many_were_left_out() {
        let result = CollectionsResult {
            collectibles: vec![Collectible {
                hash: 1,
                name: "Gjallarhorn".into(),
                icon: String::new(),
                source: "Source: Xûr".into(),
                item_hash: 2,
                state: CollectibleState::NotAcquired,
            }],
            total: 3,
        };
        assert_eq!(
            collections(&result),
            "NAME         STATE         SOURCE\nGjallarhorn  not acquired  Source: Xûr\n\
             … 3 match in all (--limit to see more)\n"
        );
    }

    fn member(name: &str, online: bool, rank: &str) -> ClanMember {
        ClanMember {
            name: name.into(),
            membership_id: "1".into(),
            online,
            last_online: "2026-12-04T10:00:00Z".into(),
            joined_at: None,
            rank: rank.into(),
            activity: None,
        }
    }

    #[test]
    fn the_clan_lists_who_is_online_first() {
        let result = ClanResult {
            read_at: String::new(),
            clan: Some(Clan {
                id: "1".into(),
                name: "Iron Wolves".into(),
                motto: "Howl".into(),
                member_count: 2,
                members: vec![
                    member("Ada#0001", true, "acting_founder"),
                    member("Bo#0002", false, "member"),
                ],
            }),
        };
        let view = View {
            now: samples::now(),
            ..View::default()
        };
        assert_eq!(
            clan(&result, &view),
            "Iron Wolves — \"Howl\" · 2 members, 1 online\n\
             \x20 Ada#0001  acting founder  online now\n\
             \x20 Bo#0002   member          last online 24 h ago\n"
        );
        let none = ClanResult {
            clan: None,
            read_at: String::new(),
        };
        assert_eq!(clan(&none, &view), "You are not in a clan.\n");
    }
}
