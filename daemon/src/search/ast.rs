//! The parsed form of a query.

use crate::store::model::{Class, Tag};

/// A query expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Every part must match (terms side by side, or `and`).
    And(Vec<Expr>),
    /// Any part may match (`or`).
    Or(Vec<Expr>),
    /// The part must not match (`-term`, `not term`).
    Not(Box<Expr>),
    /// One term.
    Term(Term),
}

/// A comparison for numeric filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// `=` (or no operator).
    Eq,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
}

/// One term.
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    /// A word or quoted phrase (or `name:`): the name contains it, ignoring case.
    Name(String),
    /// `is:…`.
    Is(IsFilter),
    /// `power:<op><n>`.
    Power(Cmp, u32),
    /// `bucket:<slug>`.
    Bucket(String),
    /// `perk:<text>`: one of its perks' names contains the text, ignoring case.
    Perk(String),
    /// `id:<instance id>`: exactly this item.
    Id(String),
    /// `tag:<tag>`: the player tagged it so; `tag:none` (`None`): untagged.
    Tag(Option<Tag>),
    /// `notes:<text>`: its note contains the text, ignoring case.
    Notes(String),
    /// `inloadout:<name>`: it is in a loadout (either kind) of that name, ignoring case.
    InLoadout(String),
}

/// The `is:` filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsFilter {
    /// A weapon.
    Weapon,
    /// A piece of armour.
    Armor,
    /// Exotic rarity.
    Exotic,
    /// Legendary rarity.
    Legendary,
    /// Rare rarity.
    Rare,
    /// Equipped on a character.
    Equipped,
    /// Locked.
    Locked,
    /// In the vault.
    InVault,
    /// In a postmaster.
    Postmaster,
    /// In the kinetic weapon slot.
    Kinetic,
    /// In the energy weapon slot.
    Energy,
    /// In the power weapon slot.
    Power,
    /// The player gave it a tag.
    Tagged,
    /// It is in a loadout (the daemon's or an in-game one).
    InLoadout,
    /// Only this class can equip it.
    Class(Class),
    /// Of this damage type (`arc`, `solar`, `void`, `stasis`, `strand`).
    Damage(&'static str),
    /// Another copy of the same weapon or armour piece exists in the account (DIM's `is:dupe`).
    Dupe,
    /// A weapon of this type: its type name, lower case, spaces and dashes dropped
    /// (`handcannon` for "Hand Cannon").
    WeaponType(&'static str),
    /// A bounty.
    Bounty,
    /// A quest step.
    Quest,
    /// An item with objectives, all of them complete.
    Complete,
    /// An item with objectives, not all of them complete.
    Incomplete,
}
