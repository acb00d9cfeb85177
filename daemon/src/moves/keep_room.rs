//! Farming mode's plan: keep one free slot in each of a character's weapon and armour buckets
//! by moving the least valuable item there aside (the make-room ranking, the player's tags and
//! the operation's spared items respected).

use super::error::{MoveError, Reason};
use super::planner::Planner;
use super::world::Slot;
use crate::store::model::{CharacterId, ItemId, bucket_slug};
use std::collections::HashSet;

impl Planner {
    /// Plans moving one item aside from each of `buckets` on `character_id` that is full.
    /// A bucket where nothing may move is refused (named by its slug).
    pub(crate) fn keep_room(
        &mut self,
        character_id: CharacterId,
        buckets: &[u32],
    ) -> Result<(), MoveError> {
        self.character_exists(character_id)?;
        for (n, &bucket) in buckets.iter().enumerate() {
            self.group = n as u32;
            let slot = Slot::Character(character_id, bucket);
            let mut excluded: HashSet<ItemId> = HashSet::new();
            while self.world.free(slot) == 0 {
                let Some((candidate, to)) = self.move_aside_choice(slot, &excluded) else {
                    let error = MoveError::new(
                        Reason::NoRoom,
                        format!(
                            "Your {} slots are full of items farming mode may not move (locked, equipped, tagged favorite or keep, or just moved by you).",
                            bucket_slug(bucket).replace('_', " ")
                        ),
                    );
                    self.refuse(ItemId(format!("bucket:{}", bucket_slug(bucket))), error);
                    break;
                };
                // Depth 1: the step is a make-room move, not one the player asked for.
                let result = self.attempt(|p| p.move_to(&candidate, to, u32::MAX, 1));
                if result.is_err() {
                    excluded.insert(candidate);
                }
            }
        }
        Ok(())
    }
}
