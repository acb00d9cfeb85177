//! The sample account's shape and determinism.

use chrono::{TimeZone, Utc};

use crate::sim::world::World;

#[test]
fn sample_is_deterministic_for_a_seed() {
    let at = Utc.with_ymd_and_hms(2026, 6, 21, 0, 0, 0).unwrap();
    let a = World::sample(7, false).profile_json(&[100, 102, 200, 201, 205, 300], true, at);
    let b = World::sample(7, false).profile_json(&[100, 102, 200, 201, 205, 300], true, at);
    assert_eq!(a, b);
    let c = World::sample(8, false).profile_json(&[100, 102, 200, 201, 205, 300], true, at);
    assert_ne!(a, c);
}
