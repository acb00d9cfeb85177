//! The postmaster watch: tells when a character's postmaster crosses into "almost full" (18 of
//! 21), once per crossing; it must drop below the mark before it is reported again.

use super::text::POSTMASTER_WARN_AT;
use crate::store::model::CharacterId;
use std::collections::HashMap;

/// Per character, whether its postmaster was at or above the mark when last seen.
#[derive(Debug, Default)]
pub struct PostmasterWatch {
    above: HashMap<CharacterId, bool>,
}

impl PostmasterWatch {
    /// A watch that has seen nothing (a first sighting at or above the mark counts as a crossing).
    pub fn new() -> Self {
        Self::default()
    }

    /// Records that `character` holds `count` items; `true` when this crosses the mark upward.
    pub fn observe(&mut self, character: CharacterId, count: u32) -> bool {
        let above = count >= POSTMASTER_WARN_AT;
        let was_above = self.above.insert(character, above).unwrap_or(false);
        above && !was_above
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_crossing_is_told_once() {
        let mut watch = PostmasterWatch::new();
        assert!(!watch.observe(1, 17));
        assert!(watch.observe(1, 18));
        assert!(!watch.observe(1, 19));
        assert!(!watch.observe(1, 21));
        assert!(!watch.observe(1, 10));
        assert!(watch.observe(1, 20));
    }

    #[test]
    fn characters_are_watched_apart() {
        let mut watch = PostmasterWatch::new();
        assert!(watch.observe(1, 18));
        assert!(watch.observe(2, 18));
        assert!(!watch.observe(1, 18));
    }
}
