//! Fuzzes Bungie response decoding (envelope + GetProfile payload): any body decodes or gets a
//! `BungieError`, never a panic. Seed the corpus with `../shared/bungie/data/responses/*.json`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vault_raider::bungie::wire::DestinyProfileResponse;
use vault_raider::bungie::wire::envelope::decode;

fuzz_target!(|data: &[u8]| {
    let _ = decode::<DestinyProfileResponse>("GetProfile", 200, data);
    let _ = decode::<DestinyProfileResponse>("GetProfile", 503, data);
});
