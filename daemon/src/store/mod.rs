//! The redb store: accounts, characters, items with their location index, sync metadata, the
//! change log (revision → change), loadouts and paired clients (hashed tokens).

pub mod model;
