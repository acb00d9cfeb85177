//! What the daemon keeps of Bungie's answers that are read on demand rather than with every sync:
//! each character's vendors (until a vendor or the daily reset refreshes them), the collectible
//! states and the collectible definitions (for a minute, and per manifest), and the clan (for a
//! minute). Requests that need Bungie take turns ([`ReadCaches::reading`]), so requests arriving
//! together (many clients, or one client's refreshes in flight) share one read.

use crate::bungie::manifest::vendor_defs::CollectibleDef;
use crate::bungie::wire::vendors::VendorsResponse;
use crate::store::model::CharacterId;
use crate::sync::vendors::Collectibles;
use chrono::{DateTime, Duration as TimeDelta, TimeZone, Utc};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How long collectible states and the clan are reused.
pub const SHORT_LIVED: Duration = Duration::from_secs(60);

/// One character's vendors as Bungie answered.
#[derive(Clone)]
pub struct VendorsRead {
    /// The answer.
    pub response: Arc<VendorsResponse>,
    /// When it was read.
    pub read_at: DateTime<Utc>,
    /// When it stops being current: the earliest vendor refresh or the next daily reset.
    pub good_until: DateTime<Utc>,
    /// Which read this was, in the order kept (stamped by [`ReadCaches::keep_vendors`]).
    pub generation: u64,
}

/// The caches, shared by the protocol methods.
#[derive(Default)]
pub struct ReadCaches {
    vendors: Mutex<HashMap<CharacterId, VendorsRead>>,
    collectibles: Mutex<Option<Kept<Collectibles>>>,
    collectible_defs: Mutex<Option<(String, Arc<Vec<CollectibleDef>>)>>,
    clan: Mutex<Option<(Instant, vault_raider_protocol::vendors::ClanResult)>>,
    /// Held while a request reads vendors or collectibles from Bungie.
    reading: tokio::sync::Mutex<()>,
    /// The last generation stamped on a kept read.
    generation: AtomicU64,
}

/// A short-lived read: when, for which character, what, and its generation.
struct Kept<T> {
    at: Instant,
    character: CharacterId,
    value: Arc<T>,
    generation: u64,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The next daily reset (17:00 UTC) after `now`.
pub fn next_daily_reset(now: DateTime<Utc>) -> DateTime<Utc> {
    let today = now
        .date_naive()
        .and_hms_opt(17, 0, 0)
        .map(|t| Utc.from_utc_datetime(&t));
    match today {
        Some(t) if t > now => t,
        Some(t) => t + TimeDelta::days(1),
        None => now + TimeDelta::days(1),
    }
}

/// When an answer read at `now` stops being current.
pub fn vendors_good_until(response: &VendorsResponse, now: DateTime<Utc>) -> DateTime<Utc> {
    let earliest = response
        .vendors
        .as_ref()
        .and_then(|v| v.data.as_ref())
        .into_iter()
        .flat_map(|v| v.values())
        .filter_map(|v| v.next_refresh_date)
        .filter(|d| *d > now)
        .min();
    let reset = next_daily_reset(now);
    earliest.map_or(reset, |e| e.min(reset))
}

impl ReadCaches {
    /// The generation of the last read kept: a request notes it before waiting its turn, and a
    /// read with a higher one was made after the request was asked.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    fn next_generation(&self) -> u64 {
        self.generation.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// Waits for this request's turn to read from Bungie (one at a time); the turn lasts as long
    /// as the guard.
    pub async fn reading(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.reading.lock().await
    }

    /// A character's vendors, when still current at `now`.
    pub fn vendors(&self, character: CharacterId, now: DateTime<Utc>) -> Option<VendorsRead> {
        lock(&self.vendors)
            .get(&character)
            .filter(|r| now < r.good_until)
            .cloned()
    }

    /// Keeps a character's vendors, stamped with the next generation; returns them stamped.
    pub fn keep_vendors(&self, character: CharacterId, mut read: VendorsRead) -> VendorsRead {
        read.generation = self.next_generation();
        lock(&self.vendors).insert(character, read.clone());
        read
    }

    /// The collectible states read for `character` less than a minute ago, and (when
    /// `newer_than` is given) after that generation.
    pub fn collectibles(
        &self,
        character: CharacterId,
        newer_than: Option<u64>,
    ) -> Option<Arc<Collectibles>> {
        lock(&self.collectibles)
            .as_ref()
            .filter(|k| k.character == character && k.at.elapsed() < SHORT_LIVED)
            .filter(|k| newer_than.is_none_or(|g| k.generation > g))
            .map(|k| k.value.clone())
    }

    /// Keeps the collectible states read for `character`, stamped with the next generation.
    pub fn keep_collectibles(&self, character: CharacterId, states: Arc<Collectibles>) {
        let generation = self.next_generation();
        *lock(&self.collectibles) = Some(Kept {
            at: Instant::now(),
            character,
            value: states,
            generation,
        });
    }

    /// The collectible definitions of manifest `version`, when read already.
    pub fn collectible_defs(&self, version: &str) -> Option<Arc<Vec<CollectibleDef>>> {
        lock(&self.collectible_defs)
            .as_ref()
            .filter(|(v, _)| v == version)
            .map(|(_, d)| d.clone())
    }

    /// Keeps the collectible definitions of manifest `version`.
    pub fn keep_collectible_defs(&self, version: String, defs: Arc<Vec<CollectibleDef>>) {
        *lock(&self.collectible_defs) = Some((version, defs));
    }

    /// The clan read less than a minute ago.
    pub fn clan(&self) -> Option<vault_raider_protocol::vendors::ClanResult> {
        lock(&self.clan)
            .as_ref()
            .filter(|(at, _)| at.elapsed() < SHORT_LIVED)
            .map(|(_, c)| c.clone())
    }

    /// Keeps the clan.
    pub fn keep_clan(&self, clan: vault_raider_protocol::vendors::ClanResult) {
        *lock(&self.clan) = Some((Instant::now(), clan));
    }

    /// Forgets everything (after a purchase in game is suspected, or another account).
    pub fn clear(&self) {
        lock(&self.vendors).clear();
        *lock(&self.collectibles) = None;
        *lock(&self.clan) = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("a time")
    }

    #[test]
    fn vendors_stay_current_until_the_first_refresh_or_the_daily_reset() {
        assert_eq!(
            next_daily_reset(at("2026-12-05T10:00:00Z")),
            at("2026-12-05T17:00:00Z")
        );
        assert_eq!(
            next_daily_reset(at("2026-12-05T17:00:00Z")),
            at("2026-12-06T17:00:00Z")
        );
        let response: VendorsResponse = serde_json::from_value(serde_json::json!({
            "vendors": {"data": {
                "1": {"vendorHash": 1, "nextRefreshDate": "2026-12-05T12:00:00Z", "enabled": true},
                "2": {"vendorHash": 2, "nextRefreshDate": "9999-12-31T23:59:59.999Z", "enabled": true},
            }, "privacy": 2},
        }))
        .expect("decodes");
        let now = at("2026-12-05T10:00:00Z");
        assert_eq!(
            vendors_good_until(&response, now),
            at("2026-12-05T12:00:00Z")
        );
        let later = at("2026-12-05T13:00:00Z");
        assert_eq!(
            vendors_good_until(&response, later),
            at("2026-12-05T17:00:00Z")
        );
        let caches = ReadCaches::default();
        caches.keep_vendors(
            7,
            VendorsRead {
                response: Arc::new(response),
                read_at: now,
                good_until: at("2026-12-05T12:00:00Z"),
                generation: 0,
            },
        );
        assert!(caches.vendors(7, at("2026-12-05T11:59:00Z")).is_some());
        assert!(caches.vendors(7, at("2026-12-05T12:00:00Z")).is_none());
        assert!(caches.vendors(8, now).is_none());
    }

    #[test]
    fn every_kept_read_is_stamped_after_the_last_and_a_refresh_wants_a_newer_one() {
        let caches = ReadCaches::default();
        let asked = caches.generation();
        let now = at("2026-12-05T10:00:00Z");
        let empty: VendorsResponse = serde_json::from_value(serde_json::json!({})).expect("{}");
        let read = VendorsRead {
            response: Arc::new(empty),
            read_at: now,
            good_until: at("2026-12-05T17:00:00Z"),
            generation: 0,
        };
        let first = caches.keep_vendors(7, read.clone());
        assert!(first.generation > asked);
        assert_eq!(
            caches.vendors(7, now).map(|r| r.generation),
            Some(first.generation)
        );
        let states = Arc::new(Collectibles::default());
        caches.keep_collectibles(7, states);
        assert!(caches.collectibles(7, None).is_some());
        assert!(
            caches.collectibles(7, Some(asked)).is_some(),
            "read after the ask"
        );
        let later = caches.generation();
        assert!(later > first.generation);
        assert!(
            caches.collectibles(7, Some(later)).is_none(),
            "not newer than the ask"
        );
        assert!(
            caches.collectibles(8, None).is_none(),
            "another character's"
        );
        let second = caches.keep_vendors(7, read);
        assert!(second.generation > later);
    }
}
