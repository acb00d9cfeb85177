//! Whether an item matches a parsed query, given what the whole inventory says about it
//! ([`Context`]: which items have duplicates, the player's tags and notes).

use super::ast::{Cmp, Expr, IsFilter, Term};
use crate::store::model::{
    Annotation, Annotations, Item, ItemId, ItemKind, Location, ProgressEntry, ProgressKind, Tier,
};
use std::collections::HashMap;

/// Facts about the whole inventory that some filters need (`is:dupe`, `tag:`, `notes:`).
#[derive(Debug, Clone, Default)]
pub struct Context<'a> {
    /// How many copies of each weapon or armour definition the account holds.
    copies: HashMap<u32, u32>,
    /// The player's marks, when known.
    annotations: Option<&'a Annotations>,
    /// The names of the loadouts (both kinds) each item is in, lowercased.
    in_loadouts: HashMap<ItemId, Vec<String>>,
    /// The pursuits' progress, by item id.
    progress: HashMap<&'a str, &'a ProgressEntry>,
}

impl<'a> Context<'a> {
    /// The context of `items` (the whole inventory).
    pub fn of<'i>(items: impl IntoIterator<Item = &'i Item>) -> Context<'a> {
        let mut copies: HashMap<u32, u32> = HashMap::new();
        for item in items {
            if is_gear(item) {
                *copies.entry(item.hash).or_default() += 1;
            }
        }
        Context {
            copies,
            annotations: None,
            in_loadouts: HashMap::new(),
            progress: HashMap::new(),
        }
    }

    /// The same context, knowing the loadouts: `(name, item ids)` of each.
    pub fn with_loadouts<'l>(
        mut self,
        loadouts: impl IntoIterator<Item = (&'l str, Vec<&'l ItemId>)>,
    ) -> Context<'a> {
        for (name, items) in loadouts {
            for id in items {
                self.in_loadouts
                    .entry(id.clone())
                    .or_default()
                    .push(name.to_lowercase());
            }
        }
        self
    }

    fn in_loadout(&self, item: &Item, name: Option<&str>) -> bool {
        self.in_loadouts
            .get(&item.id)
            .is_some_and(|names| name.is_none_or(|n| names.iter().any(|l| l == n)))
    }

    /// The same context, with the player's marks.
    pub fn with_annotations(self, annotations: &'a Annotations) -> Context<'a> {
        Context {
            annotations: Some(annotations),
            ..self
        }
    }

    /// The same context, knowing the pursuits' progress.
    pub fn with_progress(mut self, entries: &'a [ProgressEntry]) -> Context<'a> {
        self.progress = entries
            .iter()
            .filter(|e| e.kind != ProgressKind::Milestone)
            .map(|e| (e.id.as_str(), e))
            .collect();
        self
    }

    fn progress(&self, item: &Item) -> Option<&ProgressEntry> {
        self.progress.get(item.id.as_str()).copied()
    }

    fn annotation(&self, item: &Item) -> Option<&Annotation> {
        self.annotations.and_then(|a| a.get(&item.id))
    }

    fn is_dupe(&self, item: &Item) -> bool {
        is_gear(item) && self.copies.get(&item.hash).is_some_and(|n| *n > 1)
    }
}

/// Weapons and armour: the items a duplicate makes sense for.
fn is_gear(item: &Item) -> bool {
    matches!(item.info.kind, ItemKind::Weapon | ItemKind::Armor)
}

/// "Hand Cannon" → "handcannon".
fn squashed(type_name: &str) -> String {
    type_name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `item` matches `expr`.
pub fn matches(expr: &Expr, item: &Item, context: &Context) -> bool {
    match expr {
        Expr::And(parts) => parts.iter().all(|p| matches(p, item, context)),
        Expr::Or(parts) => parts.iter().any(|p| matches(p, item, context)),
        Expr::Not(inner) => !matches(inner, item, context),
        Expr::Term(term) => term_matches(term, item, context),
    }
}

fn term_matches(term: &Term, item: &Item, context: &Context) -> bool {
    match term {
        Term::Name(text) => item.info.name.to_lowercase().contains(text.as_str()),
        Term::Bucket(slug) => item.bucket_slug() == *slug,
        Term::Power(cmp, n) => item.power.is_some_and(|p| match cmp {
            Cmp::Eq => p == *n,
            Cmp::Lt => p < *n,
            Cmp::Le => p <= *n,
            Cmp::Gt => p > *n,
            Cmp::Ge => p >= *n,
        }),
        Term::Perk(text) => item
            .perks
            .iter()
            .any(|p| p.to_lowercase().contains(text.as_str())),
        Term::Id(id) => item.id.as_str() == id,
        Term::InLoadout(name) => context.in_loadout(item, Some(name)),
        Term::Tag(tag) => context.annotation(item).and_then(|a| a.tag) == *tag,
        Term::Notes(text) => context
            .annotation(item)
            .and_then(|a| a.note.as_deref())
            .is_some_and(|n| n.to_lowercase().contains(text.as_str())),
        Term::Is(filter) => is_matches(*filter, item, context),
    }
}

fn is_matches(filter: IsFilter, item: &Item, context: &Context) -> bool {
    match filter {
        IsFilter::Weapon => item.info.kind == ItemKind::Weapon,
        IsFilter::Armor => item.info.kind == ItemKind::Armor,
        IsFilter::Exotic => item.info.tier == Tier::Exotic,
        IsFilter::Legendary => item.info.tier == Tier::Legendary,
        IsFilter::Rare => item.info.tier == Tier::Rare,
        IsFilter::Equipped => item.equipped,
        IsFilter::Locked => item.locked,
        IsFilter::InVault => item.location == Location::Vault,
        IsFilter::Postmaster => matches!(item.location, Location::Postmaster { .. }),
        IsFilter::Kinetic => item.bucket_slug() == "kinetic",
        IsFilter::Energy => item.bucket_slug() == "energy",
        IsFilter::Power => item.bucket_slug() == "power",
        IsFilter::Class(class) => item.info.class == Some(class),
        IsFilter::Damage(damage) => item.damage.as_deref() == Some(damage),
        IsFilter::Dupe => context.is_dupe(item),
        IsFilter::InLoadout => context.in_loadout(item, None),
        IsFilter::Tagged => context.annotation(item).is_some_and(|a| a.tag.is_some()),
        IsFilter::WeaponType(kind) => {
            item.info.kind == ItemKind::Weapon && squashed(&item.info.type_name) == kind
        }
        IsFilter::Bounty => context
            .progress(item)
            .is_some_and(|p| p.kind == ProgressKind::Bounty),
        IsFilter::Quest => context
            .progress(item)
            .is_some_and(|p| p.kind == ProgressKind::Quest),
        IsFilter::Complete => context.progress(item).is_some_and(|p| p.complete()),
        IsFilter::Incomplete => context
            .progress(item)
            .is_some_and(|p| !p.objectives.is_empty() && !p.complete()),
    }
}
