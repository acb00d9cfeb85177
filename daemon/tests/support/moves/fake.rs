//! An in-memory Bungie that enforces the game's rules (capacity, equipped items, class,
//! unique-equip, activities, postmaster) on its own truth, written independently of the
//! planner; plus an in-memory store (`Recorder`) and loadout store.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use vault_raider::moves::{ActionApi, ActionError, LoadoutStore, PortError, Progress, Recorder};
use vault_raider::store::model::{
    Change, CharacterId, Inventory, Item, ItemId, Loadout, Location, POSTMASTER_BUCKET_HASH,
    VAULT_BUCKET_HASH,
};

const ACCOUNT: [u32; 3] = [1_469_714_392, 3_313_201_758, 1_367_666_825];

/// What Bungie's `code` means to the executor, as the real adapter decides it.
fn err(code: i32) -> ActionError {
    vault_raider::runtime::action_error::from_code(code, None)
}

/// The fake game's truth.
pub struct FakeGame {
    pub truth: Mutex<Inventory>,
    pub in_activity: Mutex<HashSet<CharacterId>>,
    pub calls: AtomicU64,
    pub log: Mutex<Vec<String>>,
    /// How long each call takes (none by default); tests that need an operation to be in
    /// flight set it and run with paused time.
    pub latency: Mutex<Option<std::time::Duration>>,
    /// Errors the next calls answer with, in order, before any rule is checked.
    pub fail_next: Mutex<Vec<ActionError>>,
}

impl FakeGame {
    pub fn new(truth: Inventory) -> Arc<Self> {
        Arc::new(FakeGame {
            truth: Mutex::new(truth),
            in_activity: Mutex::new(HashSet::new()),
            calls: AtomicU64::new(0),
            log: Mutex::new(Vec::new()),
            latency: Mutex::new(None),
            fail_next: Mutex::new(Vec::new()),
        })
    }

    pub fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    pub fn item(&self, id: &ItemId) -> Option<Item> {
        self.truth
            .lock()
            .unwrap()
            .items
            .iter()
            .find(|i| &i.id == id)
            .cloned()
    }

    async fn delay(&self) {
        let latency = *self.latency.lock().unwrap();
        if let Some(d) = latency {
            tokio::time::sleep(d).await;
        }
    }

    /// The queued failure for this call, if any.
    fn injected(&self) -> Result<(), ActionError> {
        let mut queue = self.fail_next.lock().unwrap();
        if queue.is_empty() {
            Ok(())
        } else {
            Err(queue.remove(0))
        }
    }

    fn note(&self, line: String) {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.log.lock().unwrap().push(line);
    }
}

fn capacity(inv: &Inventory, bucket: u32) -> u32 {
    inv.bucket_capacity
        .iter()
        .find(|(b, _)| *b == bucket)
        .map(|(_, c)| *c)
        .unwrap_or(10)
}

fn used(inv: &Inventory, location: Location, bucket: Option<u32>) -> u32 {
    inv.items
        .iter()
        .filter(|i| i.location == location && bucket.is_none_or(|b| i.info.home_bucket_hash == b))
        .count() as u32
}

/// Finds the truth item the caller means: by instance id, or a stack by hash at its place.
fn find(inv: &Inventory, item: &Item, at: Location) -> Option<usize> {
    match item.id.instance_id() {
        Some(_) => inv
            .items
            .iter()
            .position(|i| i.id == item.id && i.location == at),
        None => inv
            .items
            .iter()
            .position(|i| i.hash == item.hash && i.location == at && i.id.instance_id().is_none()),
    }
}

/// Moves `quantity` of truth item `index` to `to`, checking room first.
fn relocate(
    inv: &mut Inventory,
    index: usize,
    to: Location,
    quantity: u32,
) -> Result<(), ActionError> {
    let item = inv.items[index].clone();
    let instanced = item.id.instance_id().is_some();
    let merge = (!instanced)
        .then(|| {
            inv.items.iter().position(|s| {
                s.hash == item.hash
                    && s.location == to
                    && s.quantity + quantity <= item.info.max_stack
            })
        })
        .flatten();
    if merge.is_none() {
        let full = match to {
            Location::Vault => used(inv, Location::Vault, None) >= inv.vault_capacity,
            Location::Character { .. } => {
                used(inv, to, Some(item.info.home_bucket_hash))
                    >= capacity(inv, item.info.home_bucket_hash)
            }
            Location::Profile => used(inv, to, Some(item.info.home_bucket_hash)) >= 50,
            Location::Postmaster { .. } => false,
        };
        if full {
            return Err(err(1642));
        }
    }
    if quantity > item.quantity || quantity == 0 {
        return Err(err(8));
    }
    let bucket = match to {
        Location::Vault => VAULT_BUCKET_HASH,
        Location::Postmaster { .. } => POSTMASTER_BUCKET_HASH,
        _ => item.info.home_bucket_hash,
    };
    if instanced {
        let moving = &mut inv.items[index];
        moving.location = to;
        moving.bucket_hash = bucket;
        moving.equipped = false;
        return Ok(());
    }
    if quantity == item.quantity {
        inv.items.remove(index);
    } else {
        inv.items[index].quantity -= quantity;
    }
    if let Some(m) = inv.items.iter().position(|s| {
        s.hash == item.hash && s.location == to && s.quantity + quantity <= item.info.max_stack
    }) {
        inv.items[m].quantity += quantity;
    } else {
        let mut nth = 0;
        let new_id = loop {
            let c = ItemId::stack(item.hash, &to, nth);
            if !inv.items.iter().any(|i| i.id == c) {
                break c;
            }
            nth += 1;
        };
        let mut s = item.clone();
        s.id = new_id;
        s.location = to;
        s.bucket_hash = bucket;
        s.quantity = quantity;
        inv.items.push(s);
    }
    Ok(())
}

impl FakeGame {
    fn equip_one(&self, inv: &mut Inventory, instance: u64, character: CharacterId) -> i32 {
        let here = Location::Character {
            character_id: character,
        };
        let Some(index) = inv
            .items
            .iter()
            .position(|i| i.id.instance_id() == Some(instance) && i.location == here)
        else {
            return 1623;
        };
        if self.in_activity.lock().unwrap().contains(&character) {
            return 1671;
        }
        let Some(ch) = inv.characters.iter().find(|c| c.id == character) else {
            return 1620;
        };
        let item = inv.items[index].clone();
        if item.info.class.is_some_and(|c| c != ch.class) || !item.info.equippable {
            return 1639;
        }
        if item.equip_required_level > ch.level {
            return 1638;
        }
        if let Some(label) = &item.info.unique_label
            && inv.items.iter().any(|i| {
                i.equipped
                    && i.location == here
                    && i.info.home_bucket_hash != item.info.home_bucket_hash
                    && i.info.unique_label.as_ref() == Some(label)
            })
        {
            return 1641;
        }
        for other in inv.items.iter_mut() {
            if other.location == here && other.info.home_bucket_hash == item.info.home_bucket_hash {
                other.equipped = false;
            }
        }
        inv.items[index].equipped = true;
        1
    }
}

impl ActionApi for FakeGame {
    async fn transfer(
        &self,
        item: &Item,
        to_vault: bool,
        character: CharacterId,
        quantity: u32,
    ) -> Result<(), ActionError> {
        self.delay().await;
        self.note(format!(
            "transfer {} {} {character} x{quantity}",
            item.id,
            if to_vault {
                "to-vault from"
            } else {
                "from-vault to"
            }
        ));
        self.injected()?;
        let mut inv = self.truth.lock().unwrap();
        if item.info.non_transferable {
            return Err(err(1660));
        }
        let account = ACCOUNT.contains(&item.info.home_bucket_hash);
        let on_char = if account {
            Location::Profile
        } else {
            Location::Character {
                character_id: character,
            }
        };
        let (from, to) = if to_vault {
            (on_char, Location::Vault)
        } else {
            (Location::Vault, on_char)
        };
        let Some(index) = find(&inv, item, from) else {
            return Err(err(1623));
        };
        if inv.items[index].equipped {
            return Err(err(1656));
        }
        relocate(&mut inv, index, to, quantity)
    }

    async fn pull_from_postmaster(
        &self,
        item: &Item,
        character: CharacterId,
        quantity: u32,
    ) -> Result<(), ActionError> {
        self.delay().await;
        self.note(format!("pull {} {character} x{quantity}", item.id));
        let mut inv = self.truth.lock().unwrap();
        let Some(index) = find(
            &inv,
            item,
            Location::Postmaster {
                character_id: character,
            },
        ) else {
            return Err(err(1623));
        };
        if inv.items[index].info.pull_has_side_effects {
            return Err(err(1673));
        }
        let account = ACCOUNT.contains(&item.info.home_bucket_hash);
        let to = if account {
            Location::Profile
        } else {
            Location::Character {
                character_id: character,
            }
        };
        relocate(&mut inv, index, to, quantity)
    }

    async fn equip(&self, item: &Item, character: CharacterId) -> Result<(), ActionError> {
        self.delay().await;
        self.note(format!("equip {} {character}", item.id));
        let mut inv = self.truth.lock().unwrap();
        let Some(instance) = item.id.instance_id() else {
            return Err(err(1640));
        };
        match self.equip_one(&mut inv, instance, character) {
            1 => Ok(()),
            code => Err(err(code)),
        }
    }

    async fn equip_items(
        &self,
        character: CharacterId,
        items: &[u64],
    ) -> Result<vault_raider::moves::EquipOutcomes, ActionError> {
        self.delay().await;
        let list: Vec<String> = items.iter().map(|i| i.to_string()).collect();
        self.note(format!("equip_items {character} [{}]", list.join(",")));
        let mut inv = self.truth.lock().unwrap();
        Ok(items
            .iter()
            .map(|&i| {
                let status = self.equip_one(&mut inv, i, character);
                (i, vault_raider::runtime::action_error::equip_status(status))
            })
            .collect())
    }

    async fn set_lock(
        &self,
        item: &Item,
        character: CharacterId,
        locked: bool,
    ) -> Result<(), ActionError> {
        self.delay().await;
        self.note(format!("lock {} {character} {locked}", item.id));
        let mut inv = self.truth.lock().unwrap();
        match inv.items.iter_mut().find(|i| i.id == item.id && i.lockable) {
            Some(i) => {
                i.locked = locked;
                Ok(())
            }
            None => Err(err(1623)),
        }
    }

    /// The game's loadout actions on the truth's in-game slots: EquipLoadout equips the slot's
    /// items that are on the character (1671 in an activity is not modelled here).
    async fn game_loadout(
        &self,
        action: &vault_raider::moves::game_action::GameAction,
    ) -> Result<(), ActionError> {
        use vault_raider::moves::game_action::GameAction;
        self.delay().await;
        self.note(format!("{} {:?}", action.name(), action.slot()));
        self.injected()?;
        let (character_id, index) = action.slot();
        let mut inv = self.truth.lock().unwrap();
        let position = inv
            .game_loadouts
            .iter()
            .position(|l| l.character_id == character_id && l.index == index);
        match action {
            GameAction::Equip { .. } => {
                let Some(p) = position else {
                    return Err(err(18));
                };
                let here = Location::Character { character_id };
                let ids: Vec<_> = inv.game_loadouts[p]
                    .items
                    .iter()
                    .map(|i| i.id.clone())
                    .collect();
                for id in ids {
                    let Some(n) = inv
                        .items
                        .iter()
                        .position(|i| i.id == id && i.location == here)
                    else {
                        continue;
                    };
                    let bucket = inv.items[n].info.home_bucket_hash;
                    for other in inv.items.iter_mut() {
                        if other.location == here && other.info.home_bucket_hash == bucket {
                            other.equipped = false;
                        }
                    }
                    inv.items[n].equipped = true;
                }
                Ok(())
            }
            GameAction::Clear { .. } => {
                if let Some(p) = position {
                    inv.game_loadouts.remove(p);
                }
                Ok(())
            }
            GameAction::Update { identifiers, .. } => {
                let Some(p) = position else {
                    return Err(err(18));
                };
                let slot = &mut inv.game_loadouts[p];
                slot.name_hash = identifiers.name_hash;
                slot.color_hash = identifiers.color_hash;
                slot.icon_hash = identifiers.icon_hash;
                Ok(())
            }
            GameAction::Snapshot { identifiers, .. } => {
                let here = Location::Character { character_id };
                let items = inv
                    .items
                    .iter()
                    .filter(|i| i.location == here && i.equipped)
                    .map(vault_raider::store::model::LoadoutItem::equipping)
                    .collect();
                let class = inv
                    .characters
                    .iter()
                    .find(|c| c.id == character_id)
                    .map(|c| c.class)
                    .ok_or_else(|| err(1620))?;
                if let Some(p) = position {
                    inv.game_loadouts.remove(p);
                }
                inv.game_loadouts
                    .push(vault_raider::store::model::GameLoadout {
                        character_id,
                        index,
                        name_hash: identifiers.name_hash,
                        color_hash: identifiers.color_hash,
                        icon_hash: identifiers.icon_hash,
                        name: String::new(),
                        color: String::new(),
                        icon: String::new(),
                        class,
                        items,
                    });
                Ok(())
            }
        }
    }

    fn calls_made(&self) -> u64 {
        self.calls.load(Ordering::SeqCst)
    }
}

/// An in-memory store that applies the executor's changes and re-syncs from the fake's truth.
pub struct MemoryStore {
    pub inventory: Mutex<Inventory>,
    pub game: Arc<FakeGame>,
    pub progress: Mutex<Vec<Progress>>,
    pub records: Mutex<Vec<(u64, Vec<Change>)>>,
    pub resyncs: AtomicU64,
}

impl MemoryStore {
    pub fn new(inventory: Inventory, game: Arc<FakeGame>) -> Arc<Self> {
        Arc::new(MemoryStore {
            inventory: Mutex::new(inventory),
            game,
            progress: Mutex::new(Vec::new()),
            records: Mutex::new(Vec::new()),
            resyncs: AtomicU64::new(0),
        })
    }

    pub fn snapshot(&self) -> Inventory {
        self.inventory.lock().unwrap().clone()
    }
}

fn apply(inv: &mut Inventory, change: &Change) {
    match change {
        Change::Moved { id, to, .. } => {
            if let Some(i) = inv.items.iter_mut().find(|i| &i.id == id) {
                i.location = *to;
                i.equipped = false;
                i.bucket_hash = match to {
                    Location::Vault => VAULT_BUCKET_HASH,
                    _ => i.info.home_bucket_hash,
                };
            }
        }
        Change::Equipped {
            id,
            character_id,
            unequipped,
        } => {
            if let Some(u) = unequipped
                && let Some(i) = inv.items.iter_mut().find(|i| &i.id == u)
            {
                i.equipped = false;
            }
            if let Some(i) = inv.items.iter_mut().find(|i| &i.id == id) {
                assert_eq!(
                    i.location,
                    Location::Character {
                        character_id: *character_id
                    }
                );
                i.equipped = true;
            }
        }
        Change::Added { item } => inv.items.push((**item).clone()),
        Change::Removed { id } => inv.items.retain(|i| &i.id != id),
        Change::Updated { id, fields } => {
            if let Some(i) = inv.items.iter_mut().find(|i| &i.id == id) {
                if let Some(q) = fields.quantity {
                    i.quantity = q;
                }
                if let Some(l) = fields.locked {
                    i.locked = l;
                }
            }
        }
        Change::Redefined { id, info } => {
            if let Some(i) = inv.items.iter_mut().find(|i| &i.id == id) {
                i.info = (**info).clone();
            }
        }
        Change::Annotated { id, annotation } => {
            inv.annotations.insert(id.clone(), annotation.clone());
        }
        Change::GameLoadout {
            character_id,
            index,
            loadout,
        } => {
            inv.game_loadouts
                .retain(|l| !(l.character_id == *character_id && l.index == *index));
            if let Some(l) = loadout {
                inv.game_loadouts.push((**l).clone());
            }
        }
        Change::Progress {
            character_id,
            id,
            entry,
        } => {
            inv.progress
                .retain(|e| !(e.character_id == *character_id && e.id == *id));
            if let Some(e) = entry {
                inv.progress.push((**e).clone());
            }
        }
        Change::Character { .. } => {}
    }
}

impl Recorder for MemoryStore {
    fn inventory(&self) -> Result<Inventory, PortError> {
        Ok(self.snapshot())
    }

    fn record(&self, changes: Vec<Change>) -> Result<u64, PortError> {
        let mut inv = self.inventory.lock().unwrap();
        for c in &changes {
            apply(&mut inv, c);
        }
        inv.rev += 1;
        self.records.lock().unwrap().push((inv.rev, changes));
        Ok(inv.rev)
    }

    async fn resync(&self) -> Result<Inventory, PortError> {
        self.resyncs.fetch_add(1, Ordering::SeqCst);
        let truth = self.game.truth.lock().unwrap().clone();
        let mut inv = self.inventory.lock().unwrap();
        let rev = inv.rev + 1;
        *inv = Inventory { rev, ..truth };
        Ok(inv.clone())
    }

    fn progress(&self, progress: Progress) {
        self.progress.lock().unwrap().push(progress);
    }
}

/// Loadouts in memory.
#[derive(Default)]
pub struct MemoryLoadouts {
    pub saved: Mutex<Vec<Loadout>>,
}

impl LoadoutStore for MemoryLoadouts {
    fn save(&self, loadout: Loadout) -> Result<(), PortError> {
        let mut saved = self.saved.lock().unwrap();
        saved.retain(|l| l.id != loadout.id);
        saved.push(loadout);
        Ok(())
    }
    fn get(&self, id: &str) -> Result<Option<Loadout>, PortError> {
        Ok(self
            .saved
            .lock()
            .unwrap()
            .iter()
            .find(|l| l.id == id)
            .cloned())
    }
    fn list(&self) -> Result<Vec<Loadout>, PortError> {
        Ok(self.saved.lock().unwrap().clone())
    }
    fn delete(&self, id: &str) -> Result<bool, PortError> {
        let mut saved = self.saved.lock().unwrap();
        let before = saved.len();
        saved.retain(|l| l.id != id);
        Ok(saved.len() != before)
    }
}

/// An executor over a fake game whose truth starts as `truth` and a store that starts as
/// `store`.
pub type FakeExecutor =
    vault_raider::moves::Executor<Arc<FakeGame>, Arc<MemoryStore>, Arc<MemoryLoadouts>>;

pub fn executor(
    truth: Inventory,
    store: Inventory,
) -> (
    FakeExecutor,
    Arc<FakeGame>,
    Arc<MemoryStore>,
    Arc<MemoryLoadouts>,
) {
    let game = FakeGame::new(truth);
    let memory = MemoryStore::new(store, game.clone());
    let loadouts = Arc::new(MemoryLoadouts::default());
    let exec = vault_raider::moves::Executor::new(
        game.clone(),
        memory.clone(),
        loadouts.clone(),
        std::sync::Arc::new(|| "2026-11-25T18:00:00Z".parse().expect("time")),
    );
    (exec, game, memory, loadouts)
}

/// The account as a comparable set: instanced items by (id, place, equipped), stacks by total
/// quantity per (hash, place).
pub fn fingerprint(inv: &Inventory) -> Vec<String> {
    let mut lines: Vec<String> = inv
        .items
        .iter()
        .filter(|i| i.id.instance_id().is_some())
        .map(|i| format!("{} {:?} {} {}", i.id, i.location, i.equipped, i.locked))
        .collect();
    let mut stacks: std::collections::BTreeMap<(u32, String), u32> = Default::default();
    for i in inv.items.iter().filter(|i| i.id.instance_id().is_none()) {
        *stacks
            .entry((i.hash, format!("{:?}", i.location)))
            .or_default() += i.quantity;
    }
    lines.extend(
        stacks
            .into_iter()
            .map(|((h, l), q)| format!("stack {h} {l} {q}")),
    );
    lines.sort();
    lines
}

/// Asserts that the store the executor kept equals the game's truth.
pub fn assert_in_sync(game: &FakeGame, store: &MemoryStore) {
    assert_eq!(
        fingerprint(&store.snapshot()),
        fingerprint(&game.truth.lock().unwrap())
    );
}
