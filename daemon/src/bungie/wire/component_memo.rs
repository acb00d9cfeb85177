//! GetProfile's item components, decoded only where their JSON text changed.
//!
//! The item components (300 instances, 301 objectives, 304 stats, 305 sockets) are most of a
//! profile's bytes, and from one poll to the next most of them are byte for byte the same. A
//! profile is first read with each entry (one item's) of those components left as raw JSON text
//! ([`RawItemComponents`]): the body is scanned once. An entry whose text equals that item's
//! last text is the last decoded entry again (the same `Arc`), and only the others are decoded,
//! so a changed objective costs one item's decode, not the component's. A component whose
//! entries are all unchanged is the last component again (the same `Arc`), which lets the
//! recall skip it whole. Texts are compared, never hashed: equal text always decodes to an
//! equal value, so reusing one is exactly what decoding would give.

use super::envelope;
use super::profile::{
    DestinyProfileResponse, ItemComponents, ItemInstanceComponent, ItemSocketsComponent,
    ItemStatsComponent, PerInstance, Single,
};
use super::progress::ItemObjectivesComponent;
use crate::bungie::error::BungieError;
use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;
use std::sync::{Arc, Mutex};

/// The item components of a profile with their entries as raw JSON text, borrowed from the
/// body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawItemComponents<'a> {
    #[serde(borrow)]
    instances: Option<RawComponent<'a>>,
    #[serde(borrow)]
    objectives: Option<RawComponent<'a>>,
    #[serde(borrow)]
    stats: Option<RawComponent<'a>>,
    #[serde(borrow)]
    sockets: Option<RawComponent<'a>>,
}

/// One item component with its entries as raw JSON text: `{data: {id: entry}, privacy}`.
type RawComponent<'a> = Single<RawEntries<'a>>;

/// A component's `data`: (instance id, the entry's raw JSON text), in the body's order.
#[derive(Debug)]
struct RawEntries<'a>(Vec<(i64, Cow<'a, str>)>);

impl<'de: 'a, 'a> Deserialize<'de> for RawEntries<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for Entries<'a> {
            type Value = RawEntries<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map from item instance id to its component")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
                while let Some(id) = map.next_key::<i64>()? {
                    let text = map.next_value::<sonic_rs::LazyValue<'a>>()?.as_raw_cow();
                    entries.push((id, text));
                }
                Ok(RawEntries(entries))
            }
        }
        deserializer.deserialize_map(Entries(PhantomData))
    }
}

/// One entry of a component as last read: its instance id, where its text lies in the
/// remembered texts, and what it decoded to.
#[derive(Debug)]
struct Entry<T> {
    id: i64,
    at: Range<usize>,
    value: Arc<T>,
}

/// One component as last read: its entries' texts one after another, the entries in the
/// body's order, and the component they made.
#[derive(Debug)]
struct Remembered<T> {
    texts: Vec<u8>,
    entries: Vec<Entry<T>>,
    value: Option<PerInstance<T>>,
}

impl<T> Default for Remembered<T> {
    fn default() -> Self {
        Remembered {
            texts: Vec::new(),
            entries: Vec::new(),
            value: None,
        }
    }
}

/// Finds the last entries by instance id: at the same position first (Bungie's order rarely
/// changes between polls), else by a binary search of an index sorted once, when first needed.
struct Finder<'m, T> {
    entries: &'m [Entry<T>],
    sorted: Option<Vec<(i64, usize)>>,
}

impl<'m, T> Finder<'m, T> {
    fn find(&mut self, position: usize, id: i64) -> Option<&'m Entry<T>> {
        let entries = self.entries;
        if let Some(entry) = entries.get(position).filter(|e| e.id == id) {
            return Some(entry);
        }
        let sorted = self.sorted.get_or_insert_with(|| {
            let mut sorted: Vec<(i64, usize)> = entries
                .iter()
                .enumerate()
                .map(|(at, e)| (e.id, at))
                .collect();
            sorted.sort_unstable();
            sorted
        });
        let at = sorted.binary_search_by_key(&id, |(id, _)| *id).ok()?;
        entries.get(sorted.get(at)?.1)
    }
}

impl<T: DeserializeOwned> Remembered<T> {
    /// Whether `entry` is the text of the remembered `last`.
    fn same_text(&self, last: &Entry<T>, entry: &str) -> bool {
        self.texts.get(last.at.clone()) == Some(entry.as_bytes())
    }

    /// Whether `component` is, entry for entry and in the same order, the last one read.
    fn unchanged(&self, component: &RawComponent<'_>) -> bool {
        let Some(last) = &self.value else {
            return false;
        };
        let same_entries = match (&component.data, &last.data) {
            (None, None) => true,
            (Some(RawEntries(entries)), Some(_)) => {
                entries.len() == self.entries.len()
                    && entries
                        .iter()
                        .zip(&self.entries)
                        .all(|((id, text), last)| *id == last.id && self.same_text(last, text))
            }
            _ => false,
        };
        same_entries && last.privacy == component.privacy && last.disabled == component.disabled
    }

    /// The component `raw` holds: the remembered one when no entry changed; else each entry
    /// whose text is unchanged remembered and the others decoded (and all remembered). A
    /// component the body leaves out (or sends as null) is `None`. On an error nothing is
    /// remembered anew.
    fn read(
        &mut self,
        raw: Option<RawComponent<'_>>,
    ) -> Result<Option<PerInstance<T>>, sonic_rs::Error> {
        let Some(component) = raw else {
            return Ok(None);
        };
        if self.unchanged(&component) {
            return Ok(self.value.clone());
        }
        let mut texts = Vec::new();
        let mut entries = Vec::new();
        let data = match &component.data {
            None => None,
            Some(RawEntries(raw_entries)) => {
                let mut last = Finder {
                    entries: &self.entries,
                    sorted: None,
                };
                let mut values = Vec::with_capacity(raw_entries.len());
                entries.reserve(raw_entries.len());
                texts.reserve(raw_entries.iter().map(|(_, text)| text.len()).sum());
                for (position, (id, text)) in raw_entries.iter().enumerate() {
                    let value = match last.find(position, *id) {
                        Some(last) if self.same_text(last, text) => Arc::clone(&last.value),
                        _ => Arc::new(sonic_rs::from_str::<T>(text)?),
                    };
                    let start = texts.len();
                    texts.extend_from_slice(text.as_bytes());
                    entries.push(Entry {
                        id: *id,
                        at: start..texts.len(),
                        value: Arc::clone(&value),
                    });
                    values.push((*id, value));
                }
                Some(values.into_iter().collect::<BTreeMap<_, _>>())
            }
        };
        let value = Arc::new(Single {
            data,
            privacy: component.privacy,
            disabled: component.disabled,
        });
        *self = Remembered {
            texts,
            entries,
            value: Some(Arc::clone(&value)),
        };
        Ok(Some(value))
    }
}

/// The last profile's item components, as text and decoded, for the next profile to reuse.
#[derive(Debug, Default)]
pub struct ComponentMemo {
    instances: Remembered<ItemInstanceComponent>,
    objectives: Remembered<ItemObjectivesComponent>,
    stats: Remembered<ItemStatsComponent>,
    sockets: Remembered<ItemSocketsComponent>,
}

impl ComponentMemo {
    /// The decoded item components of `raw`, reusing every entry and component whose text is
    /// unchanged.
    pub fn read(&mut self, raw: RawItemComponents<'_>) -> Result<ItemComponents, sonic_rs::Error> {
        Ok(ItemComponents {
            instances: self.instances.read(raw.instances)?,
            objectives: self.objectives.read(raw.objectives)?,
            stats: self.stats.read(raw.stats)?,
            sockets: self.sockets.read(raw.sockets)?,
        })
    }
}

/// Decodes a GetProfile body (as [`envelope::decode`] does), reusing from `memo` every item
/// component entry whose JSON text equals the last decoded one's. A body the quick reading does not
/// take (an error envelope, anything malformed) goes the careful way of
/// [`envelope::decode`], which words the error.
pub fn decode_profile(
    endpoint: &str,
    http_status: u16,
    body: &[u8],
    memo: &Mutex<ComponentMemo>,
) -> Result<DestinyProfileResponse, BungieError> {
    if let Some(raw) =
        envelope::decode_success::<DestinyProfileResponse<RawItemComponents<'_>>>(body)
    {
        let mut memo = memo
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Ok(profile) =
            raw.map_item_components(|components| components.map(|c| memo.read(c)).transpose())
        {
            return Ok(profile);
        }
    }
    envelope::decode(endpoint, http_status, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(power: i32, sockets: &str) -> Vec<u8> {
        format!(
            r#"{{"ErrorCode":1,"ThrottleSeconds":0,"ErrorStatus":"Success","Message":"Ok","MessageData":{{}},
            "Response":{{"responseMintedTimestamp":"2026-12-07T10:00:00Z",
            "itemComponents":{{
              "instances":{{"data":{{"6917529000000000001":{{"damageType":1,"primaryStat":{{"statHash":1480404414,"value":{power}}},"itemLevel":1,"quality":0,"isEquipped":false,"canEquip":true,"equipRequiredLevel":1,"cannotEquipReason":0}}}},"privacy":1}},
              "sockets":{sockets}
            }}}}}}"#
        )
        .into_bytes()
    }

    const SOCKETS: &str = r#"{"data":{"6917529000000000001":{"sockets":[{"plugHash":7,"isEnabled":true,"isVisible":true}]}},"privacy":1}"#;

    fn power(profile: &DestinyProfileResponse) -> Option<i32> {
        profile
            .item_components
            .as_ref()?
            .instances
            .as_ref()?
            .data
            .as_ref()?
            .get(&6_917_529_000_000_000_001)?
            .primary_stat
            .map(|s| s.value)
    }

    fn sockets(profile: &DestinyProfileResponse) -> &PerInstance<ItemSocketsComponent> {
        profile
            .item_components
            .as_ref()
            .and_then(|c| c.sockets.as_ref())
            .expect("sockets")
    }

    #[test]
    fn an_unchanged_component_is_the_last_ones_value_and_a_changed_one_is_decoded() {
        let memo = Mutex::new(ComponentMemo::default());
        let first =
            decode_profile("GetProfile", 200, &body(1990, SOCKETS), &memo).expect("decodes");
        let second =
            decode_profile("GetProfile", 200, &body(2010, SOCKETS), &memo).expect("decodes");
        assert_eq!(power(&first), Some(1990));
        assert_eq!(power(&second), Some(2010), "the changed text is decoded");
        assert!(
            Arc::ptr_eq(sockets(&first), sockets(&second)),
            "the unchanged sockets are the last profile's"
        );
        let plain: DestinyProfileResponse =
            envelope::decode("GetProfile", 200, &body(2010, SOCKETS)).expect("decodes");
        assert_eq!(
            sockets(&plain).data,
            sockets(&second).data,
            "what is reused is what decoding gives"
        );
    }

    fn two_instances(first_power: i32, second_power: i32, reversed: bool) -> Vec<u8> {
        let entry = |id: u64, power: i32| {
            format!(
                r#""{id}":{{"primaryStat":{{"statHash":1480404414,"value":{power}}},"canEquip":true}}"#
            )
        };
        let (a, b) = (
            entry(6_917_529_000_000_000_001, first_power),
            entry(6_917_529_000_000_000_002, second_power),
        );
        let data = if reversed {
            format!("{b},{a}")
        } else {
            format!("{a},{b}")
        };
        format!(
            r#"{{"ErrorCode":1,"ThrottleSeconds":0,"ErrorStatus":"Success","Message":"Ok","MessageData":{{}},
            "Response":{{"itemComponents":{{"instances":{{"data":{{{data}}},"privacy":1}}}}}}}}"#
        )
        .into_bytes()
    }

    fn instance(profile: &DestinyProfileResponse, id: i64) -> Arc<ItemInstanceComponent> {
        let data = profile
            .item_components
            .as_ref()
            .and_then(|c| c.instances.as_ref())
            .and_then(|i| i.data.as_ref())
            .expect("instances");
        Arc::clone(data.get(&id).expect("the instance"))
    }

    #[test]
    fn in_a_changed_component_only_the_changed_entries_are_decoded() {
        let (one, two) = (6_917_529_000_000_000_001, 6_917_529_000_000_000_002);
        let memo = Mutex::new(ComponentMemo::default());
        let first = decode_profile("GetProfile", 200, &two_instances(1990, 2000, false), &memo)
            .expect("decodes");
        let second = decode_profile("GetProfile", 200, &two_instances(1995, 2000, false), &memo)
            .expect("decodes");
        assert!(
            !Arc::ptr_eq(&instance(&first, one), &instance(&second, one)),
            "the changed entry is decoded"
        );
        assert_eq!(
            instance(&second, one).primary_stat.map(|s| s.value),
            Some(1995)
        );
        assert!(
            Arc::ptr_eq(&instance(&first, two), &instance(&second, two)),
            "the unchanged entry is the last one's"
        );
        // The same entries in another order are still found, by id.
        let third = decode_profile("GetProfile", 200, &two_instances(1995, 2000, true), &memo)
            .expect("decodes");
        assert!(Arc::ptr_eq(&instance(&second, one), &instance(&third, one)));
        assert!(Arc::ptr_eq(&instance(&second, two), &instance(&third, two)));
        for body in [two_instances(1995, 2000, true), two_instances(1, 2, false)] {
            let reused = decode_profile("GetProfile", 200, &body, &memo).expect("decodes");
            let plain: DestinyProfileResponse =
                envelope::decode("GetProfile", 200, &body).expect("decodes");
            let data = |p: &DestinyProfileResponse| {
                p.item_components
                    .as_ref()
                    .and_then(|c| c.instances.as_ref())
                    .and_then(|i| i.data.clone())
            };
            assert_eq!(
                data(&reused),
                data(&plain),
                "what is reused is what decoding gives"
            );
        }
    }

    #[test]
    fn an_id_listed_twice_keeps_the_last_entry_as_the_careful_reading_does() {
        let body = br#"{"ErrorCode":1,"ThrottleSeconds":0,"ErrorStatus":"Success","Message":"Ok","MessageData":{},
            "Response":{"itemComponents":{"instances":{"data":{"7":{"itemLevel":1},"8":{"itemLevel":2},"7":{"itemLevel":3}},"privacy":1}}}}"#;
        let memo = Mutex::new(ComponentMemo::default());
        let reused = decode_profile("GetProfile", 200, body, &memo).expect("decodes");
        let plain: DestinyProfileResponse =
            envelope::decode("GetProfile", 200, body).expect("decodes");
        let levels = |p: &DestinyProfileResponse| {
            p.item_components
                .as_ref()
                .and_then(|c| c.instances.as_ref())
                .and_then(|i| i.data.as_ref())
                .map(|d| {
                    d.iter()
                        .map(|(id, e)| (*id, e.item_level))
                        .collect::<Vec<_>>()
                })
        };
        assert_eq!(levels(&reused), Some(vec![(7, 3), (8, 2)]));
        assert_eq!(levels(&reused), levels(&plain));
    }

    #[test]
    fn a_component_that_does_not_decode_falls_back_to_the_careful_reading() {
        let memo = Mutex::new(ComponentMemo::default());
        decode_profile("GetProfile", 200, &body(1990, SOCKETS), &memo).expect("decodes");
        let bad = body(
            1990,
            r#"{"data":{"6917529000000000001":{"sockets":"nope"}}}"#,
        );
        let err = decode_profile("GetProfile", 200, &bad, &memo).expect_err("refused");
        assert!(
            matches!(err, BungieError::Decode { .. }),
            "a decode error, worded by serde_json: {err:?}"
        );
        let again =
            decode_profile("GetProfile", 200, &body(1990, SOCKETS), &memo).expect("decodes");
        assert_eq!(power(&again), Some(1990), "the memo still serves");
    }

    #[test]
    fn an_absent_or_null_component_is_none() {
        let memo = Mutex::new(ComponentMemo::default());
        let profile =
            decode_profile("GetProfile", 200, &body(1990, "null"), &memo).expect("decodes");
        let components = profile.item_components.expect("item components");
        assert!(components.sockets.is_none());
        assert!(components.stats.is_none());
        assert!(components.instances.is_some());
    }

    #[test]
    fn an_error_envelope_is_the_platform_error() {
        let memo = Mutex::new(ComponentMemo::default());
        let body = br#"{"ErrorCode":1665,"ThrottleSeconds":0,"ErrorStatus":"DestinyPrivacyRestriction","Message":"private","MessageData":{}}"#;
        let err = decode_profile("GetProfile", 200, body, &memo).expect_err("refused");
        assert_eq!(err.code(), Some(1665));
    }
}
