//! The pure planner: an inventory and a request in, the ordered Bungie calls out. No I/O.
//!
//! Every rule of the game is checked here, so a refusal (class, non-transferable, no room…)
//! costs no Bungie call, and a dry run is simply the plan.

use super::error::{MoveError, Reason};
use super::request::{Destination, Request};
use super::step::{Action, Plan, Refusal, Step, Why};
use super::world::{Slot, World, landing, slot_of};
use crate::store::model::{Inventory, Item, ItemId, Location, bucket_slug};
use std::collections::HashSet;

/// How many items the planner tries to move aside before it gives up on a full bucket.
pub const MAKE_ROOM_ATTEMPTS: usize = 3;
/// How deep moves-to-make-room may nest (room for the room…).
const MAX_DEPTH: u8 = 3;

/// Plans `request` against `inventory`. Single-item requests fail with the reason; multi-item
/// requests (a loadout, a whole postmaster) return a plan with the refused items listed.
pub fn plan(inventory: &Inventory, request: &Request) -> Result<Plan, MoveError> {
    let mut planner = Planner::new(World::new(inventory));
    match request {
        Request::Transfer { id, to, quantity } => planner.transfer(id, *to, *quantity)?,
        Request::Equip { id, character_id } => planner.equip(id, *character_id)?,
        Request::Pull { id } => planner.pull_one(id)?,
        Request::PullAll { character_id } => planner.pull_all(*character_id)?,
        Request::GuardPostmaster {
            character_id,
            spared,
        } => {
            planner.spare = Spare::guarded(spared);
            planner.pull_all(*character_id)?;
        }
        Request::KeepRoom {
            character_id,
            buckets,
            spared,
        } => {
            planner.spare = Spare::guarded(spared);
            planner.keep_room(*character_id, buckets)?;
        }
        Request::Lock { id, locked } => planner.lock(id, *locked)?,
        Request::EquipLoadout {
            loadout,
            character_id,
        } => planner.loadout(loadout, *character_id)?,
        Request::EquipGameLoadout {
            character_id,
            index,
        } => planner.equip_game_loadout(*character_id, *index)?,
        Request::SnapshotGameLoadout {
            character_id,
            index,
            identifiers,
        } => planner.snapshot_game_loadout(*character_id, *index, *identifiers)?,
        Request::UpdateGameLoadout {
            character_id,
            index,
            identifiers,
        } => planner.update_game_loadout(*character_id, *index, *identifiers)?,
        Request::ClearGameLoadout {
            character_id,
            index,
        } => planner.clear_game_loadout(*character_id, *index)?,
    }
    Ok(planner.finish())
}

/// The planner's state while it builds one plan.
pub(crate) struct Planner {
    /// The inventory as it will be after the steps so far.
    pub(crate) world: World,
    /// The steps so far.
    steps: Vec<Step>,
    /// Items the player is deliberately moving: never replacements, never moved aside.
    pub(crate) involved: HashSet<ItemId>,
    /// Items already moved by this operation: never moved aside again.
    moved: HashSet<ItemId>,
    /// Items refused in a multi-item request.
    refused: Vec<Refusal>,
    /// The group new steps belong to.
    pub(crate) group: u32,
    /// What the daemon's own operations (guard, farming) must leave alone.
    pub(crate) spare: Spare,
}

/// What make-room must leave alone beyond the game's rules and the player's `favorite` and
/// `keep` tags: for the daemon's own operations, locked items and the ones the player just moved.
#[derive(Debug, Clone, Default)]
pub(crate) struct Spare {
    /// Never move a locked item aside.
    pub(crate) locked: bool,
    /// Never move these aside.
    pub(crate) items: HashSet<ItemId>,
    /// Vault slots never filled (the one a swap by the player needs).
    pub(crate) vault_reserve: u32,
}

/// The vault slots the daemon's own operations leave free: a player's swap (an item off a full
/// character into the vault, another out) needs one.
pub const VAULT_RESERVE: u32 = 1;

impl Spare {
    /// Locked items and `items`, with [`VAULT_RESERVE`] vault slots left free.
    fn guarded(items: &[ItemId]) -> Spare {
        Spare {
            locked: true,
            items: items.iter().cloned().collect(),
            vault_reserve: VAULT_RESERVE,
        }
    }
}

impl Planner {
    /// A planner over `world`.
    pub(crate) fn new(world: World) -> Self {
        Planner {
            world,
            steps: Vec::new(),
            involved: HashSet::new(),
            moved: HashSet::new(),
            refused: Vec::new(),
            group: 0,
            spare: Spare::default(),
        }
    }

    fn finish(self) -> Plan {
        Plan {
            steps: self.steps,
            refused: self.refused,
        }
    }

    /// Records a refused item of a multi-item request.
    pub(crate) fn refuse(&mut self, id: ItemId, error: MoveError) {
        self.refused.push(Refusal { id, error });
    }

    /// Appends a step and applies it to the working copy.
    pub(crate) fn push(&mut self, action: Action, why: Why) {
        self.world.apply(&action);
        self.steps.push(Step {
            action,
            why,
            group: self.group,
        });
    }

    /// Runs `f`; when it fails, undoes everything it planned.
    pub(crate) fn attempt<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, MoveError>,
    ) -> Result<T, MoveError> {
        let world = self.world.clone();
        let steps = self.steps.len();
        let moved = self.moved.clone();
        let involved = self.involved.clone();
        let result = f(self);
        if result.is_err() {
            self.world = world;
            self.steps.truncate(steps);
            self.moved = moved;
            self.involved = involved;
        }
        result
    }

    /// The item, or `item_not_found`.
    pub(crate) fn item(&self, id: &ItemId) -> Result<Item, MoveError> {
        self.world
            .get(id)
            .cloned()
            .ok_or_else(|| MoveError::item_not_found(id.as_str()))
    }

    fn transfer(
        &mut self,
        id: &ItemId,
        to: Destination,
        quantity: Option<u32>,
    ) -> Result<(), MoveError> {
        let item = self.item(id)?;
        if let Destination::Character(c) = to {
            self.character_exists(c)?;
        }
        let quantity = match quantity {
            None => item.quantity,
            Some(0) => {
                return Err(MoveError::new(
                    Reason::InvalidRequest,
                    "A transfer needs a quantity of at least 1.",
                ));
            }
            Some(q) if q > item.quantity => {
                return Err(MoveError::new(
                    Reason::InvalidRequest,
                    format!(
                        "You asked to move {q} of {}, but that stack holds {}.",
                        item.info.name, item.quantity
                    ),
                ));
            }
            Some(q) => q,
        };
        self.involved.insert(id.clone());
        self.move_to(id, to, quantity, 0)?;
        Ok(())
    }

    pub(crate) fn character_exists(&self, id: u64) -> Result<(), MoveError> {
        self.world
            .character(id)
            .map(|_| ())
            .ok_or_else(|| MoveError::character_not_found(id))
    }

    fn pull_one(&mut self, id: &ItemId) -> Result<(), MoveError> {
        let item = self.item(id)?;
        let Location::Postmaster { character_id } = item.location else {
            return Err(MoveError::new(
                Reason::InvalidRequest,
                format!("{} is not in a postmaster.", item.info.name),
            ));
        };
        self.involved.insert(id.clone());
        self.move_to(id, Destination::Character(character_id), item.quantity, 0)?;
        Ok(())
    }

    pub(crate) fn pull_all(&mut self, character_id: u64) -> Result<(), MoveError> {
        self.character_exists(character_id)?;
        let lost: Vec<Item> = self
            .world
            .items()
            .filter(|i| i.location == Location::Postmaster { character_id })
            .cloned()
            .collect();
        self.involved.extend(lost.iter().map(|i| i.id.clone()));
        for (n, item) in lost.iter().enumerate() {
            self.group = n as u32;
            let to = Destination::Character(character_id);
            let result = self.attempt(|p| p.move_to(&item.id, to, item.quantity, 0));
            if let Err(error) = result {
                self.refuse(item.id.clone(), error);
            }
        }
        Ok(())
    }

    fn lock(&mut self, id: &ItemId, locked: bool) -> Result<(), MoveError> {
        let item = self.item(id)?;
        if !item.lockable {
            return Err(MoveError::new(
                Reason::InvalidRequest,
                format!("{} cannot be locked or unlocked.", item.info.name),
            ));
        }
        if item.locked != locked {
            self.push(
                Action::Lock {
                    id: id.clone(),
                    locked,
                },
                Why::Requested,
            );
        }
        Ok(())
    }

    /// Plans moving `quantity` of an item to `dest`, through the vault and out of a postmaster
    /// as needed; returns the id it has there.
    pub(crate) fn move_to(
        &mut self,
        id: &ItemId,
        dest: Destination,
        quantity: u32,
        depth: u8,
    ) -> Result<ItemId, MoveError> {
        if depth > MAX_DEPTH {
            return Err(MoveError::new(
                Reason::NoRoom,
                "Too many items would have to be shuffled to make room.",
            ));
        }
        let item = self.item(id)?;
        let quantity = quantity.clamp(1, item.quantity.max(1));
        let why = if depth == 0 {
            Why::Requested
        } else {
            Why::MakeRoom
        };
        match (item.location, dest) {
            (Location::Postmaster { character_id }, _) => {
                if item.info.pull_has_side_effects {
                    return Err(MoveError::new(
                        Reason::NotTransferable,
                        format!(
                            "{} can only be picked up from the postmaster in game.",
                            item.info.name
                        ),
                    ));
                }
                let to = landing(&item, character_id);
                self.ensure_room(&item, &to, quantity, depth)?;
                let new_id = self.world.id_after_move(&item, &to, quantity);
                self.push(
                    Action::Pull {
                        id: id.clone(),
                        character_id,
                        quantity,
                    },
                    why,
                );
                self.mark_moved(id, &new_id);
                let arrived = match dest {
                    Destination::Character(c) => c == character_id || to == Location::Profile,
                    Destination::Vault => false,
                };
                if arrived {
                    Ok(new_id)
                } else {
                    self.move_to(&new_id, dest, quantity, depth)
                }
            }
            (Location::Vault, Destination::Vault) => Ok(id.clone()),
            (Location::Profile, Destination::Character(_)) => Ok(id.clone()),
            (Location::Character { character_id: a }, Destination::Character(b)) if a == b => {
                Ok(id.clone())
            }
            (Location::Vault, Destination::Character(b)) => {
                self.transferable(&item)?;
                let to = landing(&item, b);
                self.ensure_room(&item, &to, quantity, depth)?;
                Ok(self.transfer_step(&item, to, quantity, why))
            }
            (Location::Character { .. } | Location::Profile, _) => {
                self.transferable(&item)?;
                if item.equipped {
                    self.dequip(&item)?;
                }
                self.ensure_room(&item, &Location::Vault, quantity, depth)?;
                let in_vault = self.transfer_step(&item, Location::Vault, quantity, why);
                match dest {
                    Destination::Vault => Ok(in_vault),
                    Destination::Character(_) => self.move_to(&in_vault, dest, quantity, depth),
                }
            }
        }
    }

    fn transfer_step(&mut self, item: &Item, to: Location, quantity: u32, why: Why) -> ItemId {
        let new_id = self.world.id_after_move(item, &to, quantity);
        self.push(
            Action::Transfer {
                id: item.id.clone(),
                from: item.location,
                to,
                quantity,
            },
            why,
        );
        self.mark_moved(&item.id, &new_id);
        new_id
    }

    fn mark_moved(&mut self, old: &ItemId, new: &ItemId) {
        self.moved.insert(old.clone());
        self.moved.insert(new.clone());
        if self.involved.contains(old) {
            self.involved.insert(new.clone());
        }
    }

    fn transferable(&self, item: &Item) -> Result<(), MoveError> {
        if item.transferable() {
            Ok(())
        } else {
            Err(MoveError::new(
                Reason::NotTransferable,
                format!(
                    "{} can't be moved: the game keeps it on its character.",
                    item.info.name
                ),
            ))
        }
    }

    /// Makes room for `quantity` of `item` at `to`, moving one ranked item aside at a time, at
    /// most [`MAKE_ROOM_ATTEMPTS`] times.
    fn ensure_room(
        &mut self,
        item: &Item,
        to: &Location,
        quantity: u32,
        depth: u8,
    ) -> Result<(), MoveError> {
        let Some(slot) = slot_of(item, to) else {
            return Ok(());
        };
        let mut excluded: HashSet<ItemId> = HashSet::new();
        for _ in 0..MAKE_ROOM_ATTEMPTS {
            if self.fits(item, to, quantity) {
                return Ok(());
            }
            let Some((candidate, dest)) = self.move_aside_choice(slot, &excluded) else {
                break;
            };
            let result = self.attempt(|p| p.move_to(&candidate, dest, u32::MAX, depth + 1));
            if result.is_err() {
                excluded.insert(candidate);
            }
        }
        if self.fits(item, to, quantity) {
            return Ok(());
        }
        Err(self.no_room(slot))
    }

    /// Whether `quantity` of `item` fits at `to`, keeping the vault's reserved slots free for
    /// the daemon's own operations.
    fn fits(&self, item: &Item, to: &Location, quantity: u32) -> bool {
        if *to == Location::Vault
            && self.spare.vault_reserve > 0
            && slot_of(item, to) == Some(Slot::Vault)
        {
            return self.world.free(Slot::Vault) > self.spare.vault_reserve;
        }
        self.world.fits(item, to, quantity)
    }

    /// Whether an item may be moved aside: not equipped, not involved, not moved already, not
    /// tagged `favorite` or `keep`, and not spared by the operation.
    pub(crate) fn may_move_aside(&self, item: &Item) -> bool {
        !item.equipped
            && item.transferable()
            && !self.involved.contains(&item.id)
            && !self.moved.contains(&item.id)
            && self.world.tag(&item.id).is_none_or(|t| !t.protects())
            && (!item.locked || !self.spare.locked)
            && !self.spare.items.contains(&item.id)
    }

    fn no_room(&self, slot: Slot) -> MoveError {
        let message = match slot {
            Slot::Vault => {
                "Your vault is full and nothing in it could be moved to a character.".to_string()
            }
            Slot::Character(c, bucket) => {
                let who = self
                    .world
                    .character(c)
                    .map(|ch| ch.class.slug())
                    .unwrap_or("character");
                format!(
                    "Your {who}'s {} slots are full and nothing there could be moved aside.",
                    bucket_slug(bucket).replace('_', " ")
                )
            }
            Slot::Profile(bucket) => format!(
                "Your {} are full and nothing there could be moved to the vault.",
                bucket_slug(bucket).replace('_', " ")
            ),
        };
        MoveError::new(Reason::NoRoom, message)
    }
}
