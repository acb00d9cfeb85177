//! The filter table: what each `key:value` means, and the closest valid filter for a typo.

use super::ast::{Cmp, IsFilter, Term};
use super::error::QueryError;
use crate::store::model::{Class, Tag, bucket_slug};

/// Every `is:` value and its meaning.
const IS: &[(&str, IsFilter)] = &[
    ("weapon", IsFilter::Weapon),
    ("armor", IsFilter::Armor),
    ("armour", IsFilter::Armor),
    ("exotic", IsFilter::Exotic),
    ("legendary", IsFilter::Legendary),
    ("rare", IsFilter::Rare),
    ("equipped", IsFilter::Equipped),
    ("locked", IsFilter::Locked),
    ("invault", IsFilter::InVault),
    ("postmaster", IsFilter::Postmaster),
    ("kinetic", IsFilter::Kinetic),
    ("energy", IsFilter::Energy),
    ("power", IsFilter::Power),
    ("titan", IsFilter::Class(Class::Titan)),
    ("hunter", IsFilter::Class(Class::Hunter)),
    ("warlock", IsFilter::Class(Class::Warlock)),
    ("arc", IsFilter::Damage("arc")),
    ("solar", IsFilter::Damage("solar")),
    ("void", IsFilter::Damage("void")),
    ("stasis", IsFilter::Damage("stasis")),
    ("strand", IsFilter::Damage("strand")),
    ("tagged", IsFilter::Tagged),
    ("inloadout", IsFilter::InLoadout),
    ("dupe", IsFilter::Dupe),
    ("duplicate", IsFilter::Dupe),
    ("bounty", IsFilter::Bounty),
    ("quest", IsFilter::Quest),
    ("complete", IsFilter::Complete),
    ("incomplete", IsFilter::Incomplete),
    ("autorifle", IsFilter::WeaponType("autorifle")),
    ("bow", IsFilter::WeaponType("combatbow")),
    ("fusionrifle", IsFilter::WeaponType("fusionrifle")),
    ("glaive", IsFilter::WeaponType("glaive")),
    ("grenadelauncher", IsFilter::WeaponType("grenadelauncher")),
    ("handcannon", IsFilter::WeaponType("handcannon")),
    (
        "linearfusionrifle",
        IsFilter::WeaponType("linearfusionrifle"),
    ),
    ("machinegun", IsFilter::WeaponType("machinegun")),
    ("pulserifle", IsFilter::WeaponType("pulserifle")),
    ("rocketlauncher", IsFilter::WeaponType("rocketlauncher")),
    ("scoutrifle", IsFilter::WeaponType("scoutrifle")),
    ("shotgun", IsFilter::WeaponType("shotgun")),
    ("sidearm", IsFilter::WeaponType("sidearm")),
    ("sniperrifle", IsFilter::WeaponType("sniperrifle")),
    ("submachinegun", IsFilter::WeaponType("submachinegun")),
    ("smg", IsFilter::WeaponType("submachinegun")),
    ("sword", IsFilter::WeaponType("sword")),
    ("tracerifle", IsFilter::WeaponType("tracerifle")),
];

/// The bucket slugs `bucket:` accepts.
const BUCKETS: [u32; 22] = [
    1_498_876_634,
    2_465_295_065,
    953_998_645,
    3_448_274_439,
    3_551_918_588,
    14_239_492,
    20_886_954,
    1_585_787_867,
    4_023_194_814,
    3_284_755_031,
    4_274_335_291,
    284_967_655,
    2_025_709_351,
    3_683_254_069,
    1_506_418_338,
    375_726_501,
    215_593_132,
    1_469_714_392,
    3_313_201_758,
    138_197_802,
    1_345_459_588,
    1_367_666_825,
];

fn is_values() -> impl Iterator<Item = (&'static str, IsFilter)> {
    IS.iter().copied()
}

fn bucket_slugs() -> Vec<String> {
    BUCKETS.iter().map(|b| bucket_slug(*b)).collect()
}

/// Every valid filter written out, for suggestions.
fn all_filters() -> Vec<String> {
    let mut all: Vec<String> = is_values().map(|(v, _)| format!("is:{v}")).collect();
    all.extend(bucket_slugs().into_iter().map(|b| format!("bucket:{b}")));
    all.extend(
        [
            "power:>=",
            "name:",
            "perk:",
            "id:",
            "notes:",
            "tag:none",
            "inloadout:",
        ]
        .map(String::from),
    );
    all.extend(Tag::ALL.iter().map(|t| format!("tag:{}", t.slug())));
    all
}

/// Edit distance between two short strings.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitute.min(previous + 1).min(row[j] + 1);
        }
    }
    row[b.len()]
}

/// The valid filter closest to `written`, if close enough to be a typo.
fn closest(written: &str, candidates: &[String]) -> Option<String> {
    candidates
        .iter()
        .map(|c| (distance(written, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.clone())
}

/// The term for `key:value` written at `column`.
pub fn term(key: &str, value: &str, column: usize) -> Result<Term, QueryError> {
    let written = format!("{key}:{value}");
    let lower = value.to_lowercase();
    let unknown = || {
        QueryError::at(column, format!("There is no filter {written}"))
            .suggest(closest(&written.to_lowercase(), &all_filters()))
    };
    match key {
        "is" => is_values()
            .find(|(v, _)| *v == lower)
            .map(|(_, f)| Term::Is(f))
            .ok_or_else(unknown),
        "name" if value.trim().is_empty() => Err(QueryError::at(
            column,
            "name: needs a name, like name:\"mida multi-tool\"",
        )),
        "name" => Ok(Term::Name(lower)),
        "bucket" if bucket_slugs().contains(&lower) => Ok(Term::Bucket(lower)),
        "bucket" => Err(
            QueryError::at(column, format!("There is no bucket called {value}"))
                .suggest(closest(&lower, &bucket_slugs()).map(|b| format!("bucket:{b}"))),
        ),
        "power" => power(value, column),
        "perk" if value.trim().is_empty() => Err(QueryError::at(
            column,
            "perk: needs a perk's name, like perk:outlaw",
        )),
        "perk" => Ok(Term::Perk(lower)),
        "id" if !value.is_empty() && value.chars().all(|c| c.is_ascii_digit()) => {
            Ok(Term::Id(value.to_string()))
        }
        "tag" if lower == "none" => Ok(Term::Tag(None)),
        "tag" => Tag::from_slug(&lower)
            .map(|t| Term::Tag(Some(t)))
            .ok_or_else(|| {
                QueryError::at(column, format!("There is no tag called {value}")).suggest(
                    closest(&lower, &Tag::ALL.map(|t| t.slug().to_string()))
                        .map(|t| format!("tag:{t}")),
                )
            }),
        "notes" | "note" if value.trim().is_empty() => Err(QueryError::at(
            column,
            "notes: needs some words of a note, like notes:\"god roll\"",
        )),
        "notes" | "note" => Ok(Term::Notes(lower)),
        "inloadout" if value.trim().is_empty() => Err(QueryError::at(
            column,
            "inloadout: needs a loadout's name, like inloadout:\"raid\"",
        )),
        "inloadout" => Ok(Term::InLoadout(lower)),
        "id" => Err(QueryError::at(
            column,
            format!("id:{value} needs an item's number, like id:6917529035440581369"),
        )),
        _ => Err(unknown()),
    }
}

fn power(value: &str, column: usize) -> Result<Term, QueryError> {
    let (cmp, number) = [
        (">=", Cmp::Ge),
        ("<=", Cmp::Le),
        (">", Cmp::Gt),
        ("<", Cmp::Lt),
        ("=", Cmp::Eq),
    ]
    .iter()
    .find_map(|(op, cmp)| value.strip_prefix(op).map(|rest| (*cmp, rest)))
    .unwrap_or((Cmp::Eq, value));
    number
        .parse::<u32>()
        .map(|n| Term::Power(cmp, n))
        .map_err(|_| {
            QueryError::at(
                column,
                format!("power:{value} needs a number, like power:>=1800"),
            )
        })
}
