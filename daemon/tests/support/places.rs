//! Where each instanced item is, as the simulator (`/sim/state`) and the store
//! (`profile.snapshot`) report it, so tests can compare the two.

use std::collections::BTreeMap;

use serde_json::Value;

/// Where one instanced item is and whether it is equipped, as both sides report it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    /// `character`, `vault`, `postmaster` or `profile`.
    pub kind: String,
    /// The character, for `character` and `postmaster`.
    pub character: Option<String>,
    /// Whether it is equipped.
    pub equipped: bool,
}

/// The simulator's instanced items: id → every place it is reported at (more than one is a
/// duplicate).
pub fn sim_places(state: &Value) -> BTreeMap<String, Vec<Place>> {
    let mut places: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    for item in state["items"].as_array().expect("sim items") {
        let Some(id) = item["itemId"].as_str() else {
            continue;
        };
        let kind = match item["location"].as_str().expect("a location") {
            "account" => "profile",
            other => other,
        };
        places.entry(id.to_string()).or_default().push(Place {
            kind: kind.to_string(),
            character: item["characterId"].as_str().map(str::to_string),
            equipped: item["equipped"].as_bool().unwrap_or(false),
        });
    }
    places
}

/// The store's instanced items as `profile.snapshot` reports them.
pub fn store_places(snapshot: &Value) -> BTreeMap<String, Vec<Place>> {
    let mut places: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    for item in snapshot["result"]["items"]
        .as_array()
        .expect("snapshot items")
    {
        let id = item["id"].as_str().expect("an id");
        if id.starts_with("hash:") {
            continue;
        }
        places.entry(id.to_string()).or_default().push(Place {
            kind: item["location"]["kind"]
                .as_str()
                .expect("a kind")
                .to_string(),
            character: item["location"]["characterId"].as_str().map(str::to_string),
            equipped: item["equipped"].as_bool().unwrap_or(false),
        });
    }
    places
}

/// Every way `stored` differs from `truth` (duplicates on either side, missing or extra items,
/// items in another place), at most `limit` of them; empty when they agree.
pub fn differences(
    truth: &BTreeMap<String, Vec<Place>>,
    stored: &BTreeMap<String, Vec<Place>>,
    limit: usize,
) -> Vec<String> {
    let mut found = Vec::new();
    for (id, places) in truth {
        if places.len() > 1 {
            found.push(format!("{id} is in the simulator {} times", places.len()));
        }
        match stored.get(id) {
            None => found.push(format!("{id} is missing from the store")),
            Some(kept) if kept != places => {
                found.push(format!("{id}: simulator {places:?}, store {kept:?}"));
            }
            Some(_) => {}
        }
    }
    for id in stored.keys().filter(|id| !truth.contains_key(*id)) {
        found.push(format!("{id} is in the store but not in the simulator"));
    }
    found.truncate(limit);
    found
}
