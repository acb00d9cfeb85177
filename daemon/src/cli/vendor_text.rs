//! `vault-raider vendors`, `collections` and `clan` as a player reads them: each vendor with its
//! offers and costs (owned or not, affordable or not), collectibles with their source, the clan's
//! roster with who is online.

use super::table::{View, columns};
use super::when::relative;
use serde_json::Value;

fn s<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key].as_str().unwrap_or_default()
}

fn costs(offer: &Value) -> String {
    let parts: Vec<String> = offer["cost"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| format!("{} {}", c["quantity"].as_i64().unwrap_or(0), s(c, "name")))
        .collect();
    if parts.is_empty() {
        "free".to_string()
    } else {
        parts.join(" + ")
    }
}

/// `vendors.list`: vendor by vendor; `not_owned` keeps only offers never owned.
pub fn vendors(result: &Value, view: &View, not_owned: bool) -> String {
    let mut out = String::new();
    let held: Vec<String> = result["currencies"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| format!("{} {}", c["quantity"].as_i64().unwrap_or(0), s(c, "name")))
        .collect();
    if !held.is_empty() {
        out.push_str(&format!("You hold: {}\n", held.join(", ")));
    }
    let mut shown = 0;
    for vendor in result["vendors"].as_array().into_iter().flatten() {
        let offers: Vec<&Value> = vendor["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|o| !not_owned || o["owned"] == Value::Bool(false))
            .collect();
        if offers.is_empty() {
            continue;
        }
        shown += 1;
        let mut head = s(vendor, "name").to_string();
        if !s(vendor, "location").is_empty() {
            head.push_str(&format!(" · {}", s(vendor, "location")));
        }
        if let Some(at) = vendor["refreshesAt"].as_str() {
            head.push_str(&format!(" · new stock {}", relative(Some(at), view.now)));
        }
        out.push_str(&format!("{head}\n"));
        let mut rows = Vec::new();
        for offer in offers {
            let item = &offer["item"];
            let mut name = s(item, "name").to_string();
            if item["quantity"].as_u64().unwrap_or(1) > 1 {
                name = format!("{name} ×{}", item["quantity"]);
            }
            let owned = match offer["owned"].as_bool() {
                Some(true) => "owned",
                Some(false) => "not owned",
                None => "",
            };
            let afford = if offer["affordable"] == Value::Bool(true) {
                ""
            } else {
                "can't afford"
            };
            rows.push(vec![
                format!("  {name}"),
                s(item, "type").to_string(),
                costs(offer),
                owned.to_string(),
                afford.to_string(),
            ]);
        }
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

/// `collections.search`: one row per collectible.
pub fn collections(result: &Value) -> String {
    let found = result["collectibles"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    if found.is_empty() {
        return "No collectibles match.\n".to_string();
    }
    let mut rows = vec![vec!["NAME".to_string(), "STATE".into(), "SOURCE".into()]];
    for c in found {
        rows.push(vec![
            s(c, "name").to_string(),
            s(c, "state").replace('_', " "),
            s(c, "source").to_string(),
        ]);
    }
    let mut out = columns(&rows);
    let total = result["total"].as_u64().unwrap_or(0);
    if total > found.len() as u64 {
        out.push_str(&format!("… {total} match in all (--limit to see more)\n"));
    }
    out
}

/// `clan.get`: the clan and its roster, online members first.
pub fn clan(result: &Value, view: &View) -> String {
    let clan = &result["clan"];
    if clan.is_null() {
        return "You are not in a clan.\n".to_string();
    }
    let members = clan["members"].as_array().map_or(&[][..], Vec::as_slice);
    let online = members
        .iter()
        .filter(|m| m["online"] == Value::Bool(true))
        .count();
    let mut out = format!(
        "{} — \"{}\" · {} members, {online} online\n",
        s(clan, "name"),
        s(clan, "motto"),
        clan["memberCount"].as_u64().unwrap_or(0)
    );
    let mut rows = Vec::new();
    for m in members {
        let when = if m["online"] == Value::Bool(true) {
            match m["activity"].as_str() {
                Some(activity) => format!("online now · {activity}"),
                None => "online now".to_string(),
            }
        } else {
            format!(
                "last online {}",
                relative(m["lastOnline"].as_str(), view.now)
            )
        };
        rows.push(vec![
            format!("  {}", s(m, "name")),
            s(m, "rank").replace('_', " "),
            when,
        ]);
    }
    out.push_str(&columns(&rows));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn vendors_show_costs_ownership_and_affordability() {
        let result = json!({"currencies": [{"hash": 1, "name": "Glimmer", "icon": "", "quantity": 500}],
            "readAt": "2026-12-05T10:00:00Z",
            "vendors": [{"hash": 9, "name": "Xûr", "icon": "", "location": "Tower", "items": [
                {"item": {"name": "Gjallarhorn", "type": "Rocket Launcher", "quantity": 1}, "vendorItemIndex": 1,
                 "cost": [{"hash": 2, "name": "Legendary Shards", "icon": "", "quantity": 97}], "perks": [], "stats": [],
                 "owned": false, "affordable": false},
                {"item": {"name": "Ace of Spades", "type": "Hand Cannon", "quantity": 1}, "vendorItemIndex": 2,
                 "cost": [], "perks": [], "stats": [], "owned": true, "affordable": true}]}]});
        let all = vendors(&result, &View::default(), false);
        assert!(
            all.starts_with("You hold: 500 Glimmer\nXûr · Tower\n"),
            "{all}"
        );
        assert!(
            all.contains("97 Legendary Shards  not owned  can't afford"),
            "{all}"
        );
        assert!(all.contains("Ace of Spades"), "{all}");
        let missing = vendors(&result, &View::default(), true);
        assert!(!missing.contains("Ace of Spades"), "{missing}");
        assert!(missing.contains("Gjallarhorn"), "{missing}");
    }

    #[test]
    fn the_clan_lists_who_is_online_first() {
        let result = json!({"readAt": "", "clan": {"id": "1", "name": "Iron Wolves", "motto": "Howl", "memberCount": 2,
            "members": [
                {"name": "Ada#0001", "membershipId": "1", "online": true, "lastOnline": "2026-12-05T09:00:00Z", "rank": "founder"},
                {"name": "Bo#0002", "membershipId": "2", "online": false, "lastOnline": "2026-12-04T09:00:00Z", "rank": "member"}]}});
        let text = clan(&result, &View::default());
        assert!(
            text.starts_with("Iron Wolves — \"Howl\" · 2 members, 1 online\n"),
            "{text}"
        );
        assert!(text.contains("Ada#0001  founder  online now"), "{text}");
        assert!(text.contains("Bo#0002"), "{text}");
        assert_eq!(
            clan(&json!({"clan": null}), &View::default()),
            "You are not in a clan.\n"
        );
    }
}
