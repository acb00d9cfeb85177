//! Whether an item matches a parsed query.

use super::ast::{Cmp, Expr, IsFilter, Term};
use crate::store::model::{Item, ItemKind, Location, Tier};

/// Whether `item` matches `expr`.
pub fn matches(expr: &Expr, item: &Item) -> bool {
    match expr {
        Expr::And(parts) => parts.iter().all(|p| matches(p, item)),
        Expr::Or(parts) => parts.iter().any(|p| matches(p, item)),
        Expr::Not(inner) => !matches(inner, item),
        Expr::Term(term) => term_matches(term, item),
    }
}

fn term_matches(term: &Term, item: &Item) -> bool {
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
        Term::Is(filter) => is_matches(*filter, item),
    }
}

fn is_matches(filter: IsFilter, item: &Item) -> bool {
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
    }
}
