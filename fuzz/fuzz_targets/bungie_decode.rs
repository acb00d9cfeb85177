//! Fuzzes Bungie response decoding (envelope + GetProfile payload) and the conversion of a decoded
//! profile into the daemon's inventory: any body decodes or gets a `BungieError`, and any decoded
//! profile converts or gets a `ConvertError`, never a panic. Seeded from
//! `../shared/bungie/data/responses/*.json` by `scripts/fuzz.sh`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vault_raider::bungie::wire::DestinyProfileResponse;
use vault_raider::bungie::wire::envelope::decode;
use vault_raider::sync::convert::{NoDefs, inventory_from_profile};

fuzz_target!(|data: &[u8]| {
    if let Ok(profile) = decode::<DestinyProfileResponse>("GetProfile", 200, data) {
        let _ = inventory_from_profile(&profile, &NoDefs);
    }
    let _ = decode::<DestinyProfileResponse>("GetProfile", 503, data);
});
