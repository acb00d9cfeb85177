//! GetActivityHistory: newest first, pages, mode filter, Bungie's entry shape.

use super::*;

#[test]
fn history_pages_newest_first() {
    let (world, titan, _, _) = sample();
    let all = world
        .activity_history_json(titan, 250, 0, None)
        .expect("history");
    let entries = all["activities"].as_array().expect("activities");
    let periods: Vec<&str> = entries
        .iter()
        .filter_map(|e| e["period"].as_str())
        .collect();
    assert_eq!(
        periods.len(),
        world.character(titan).expect("titan").history.len()
    );
    assert!(periods.windows(2).all(|w| w[0] >= w[1]), "not newest first");
    let second = world
        .activity_history_json(titan, 5, 1, None)
        .expect("page 1");
    assert_eq!(
        second["activities"].as_array().expect("page")[..],
        entries[5..10]
    );
    let beyond = world
        .activity_history_json(titan, 250, 9, None)
        .expect("empty page");
    assert_eq!(beyond, json!({}));
}

#[test]
fn history_entries_have_bungies_shape() {
    let (world, titan, _, _) = sample();
    let page = world
        .activity_history_json(titan, 1, 0, None)
        .expect("history");
    let entry = &page["activities"][0];
    assert!(entry["period"].as_str().is_some_and(|p| p.ends_with('Z')));
    let details = &entry["activityDetails"];
    assert!(details["referenceId"].is_u64());
    assert_eq!(details["referenceId"], details["directorActivityHash"]);
    assert!(
        details["instanceId"]
            .as_str()
            .is_some_and(|s| s.parse::<i64>().is_ok()),
        "instanceId is an int64 string"
    );
    assert!(
        details["modes"]
            .as_array()
            .is_some_and(|m| m.contains(&details["mode"]))
    );
    assert_eq!(details["membershipType"], 3);
    for stat in [
        "kills",
        "deaths",
        "assists",
        "completed",
        "activityDurationSeconds",
        "completionReason",
        "timePlayedSeconds",
    ] {
        assert_eq!(entry["values"][stat]["statId"], stat);
        assert!(entry["values"][stat]["basic"]["value"].is_f64(), "{stat}");
        assert!(
            entry["values"][stat]["basic"]["displayValue"].is_string(),
            "{stat}"
        );
    }
}

#[test]
fn history_filters_by_mode() {
    let (world, titan, _, _) = sample();
    let crucible = world
        .activity_history_json(titan, 250, 0, Some(5))
        .expect("history");
    let all = world
        .activity_history_json(titan, 250, 0, None)
        .expect("history");
    let count = |v: &serde_json::Value| v["activities"].as_array().map_or(0, Vec::len);
    assert!(count(&crucible) < count(&all));
    for e in crucible["activities"].as_array().into_iter().flatten() {
        assert!(
            e["activityDetails"]["modes"]
                .as_array()
                .is_some_and(|m| m.contains(&json!(5)))
        );
    }
}

#[test]
fn history_refuses_unknown_characters_and_oversized_pages() {
    let (world, titan, _, _) = sample();
    assert_eq!(
        world
            .activity_history_json(1, 10, 0, None)
            .expect_err("unknown")
            .code,
        1620
    );
    assert_eq!(
        world
            .activity_history_json(titan, 251, 0, None)
            .expect_err("too many")
            .code,
        8
    );
}
