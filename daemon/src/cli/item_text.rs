//! One item in full (`vault-raider item`): what it is, where, its power, description, stats as
//! bars and perks.

use super::places::Places;
use vault_raider_protocol::model::{Item, ItemDetail, Stat, Tier};
use vault_raider_protocol::tags::ItemTag;

/// A rarity as the game names it ("Exotic").
pub fn tier_name(tier: Tier) -> &'static str {
    match tier {
        Tier::Unknown => "Unknown",
        Tier::Basic => "Basic",
        Tier::Common => "Common",
        Tier::Uncommon => "Uncommon",
        Tier::Rare => "Rare",
        Tier::Legendary => "Legendary",
        Tier::Exotic => "Exotic",
    }
}

/// A tag as the player types it (`favorite`).
fn tag_name(tag: ItemTag) -> &'static str {
    match tag {
        ItemTag::Favorite => "favorite",
        ItemTag::Keep => "keep",
        ItemTag::Junk => "junk",
        ItemTag::Infuse => "infuse",
        ItemTag::Archive => "archive",
    }
}

/// A stat bar of 20 cells for a 0–100 value.
fn bar(value: i64) -> String {
    let filled = (value.clamp(0, 100) as usize).div_ceil(5);
    format!("{}{}", "█".repeat(filled), "·".repeat(20 - filled))
}

/// The item itself (an `items.tag` / `items.note` answer's item): what it is, where, its marks.
pub fn render(item: &Item, places: &Places) -> String {
    let mut out = format!("{}\n", item.name);
    let power = item
        .power
        .map(|p| format!(" · Power {p}"))
        .unwrap_or_default();
    out.push_str(&format!(
        "{} {}{power}\n",
        tier_name(item.tier),
        item.item_type
    ));
    let here = places.place(&item.location);
    let mut flags = Vec::new();
    if item.locked {
        flags.push("locked");
    }
    if !item.transferable {
        flags.push("cannot leave this character");
    }
    let state = if item.equipped {
        format!("Equipped on {here}")
    } else {
        format!("In {here}")
    };
    let flags = if flags.is_empty() {
        String::new()
    } else {
        format!(" · {}", flags.join(" · "))
    };
    out.push_str(&format!("{state}{flags}\n"));
    if places.show_ids {
        out.push_str(&format!("Id: {}\n", item.id));
    }
    if let Some(tag) = item.tag {
        out.push_str(&format!("Tag: {}\n", tag_name(tag)));
    }
    if let Some(note) = &item.note {
        out.push_str(&format!("Note: {note}\n"));
    }
    out
}

/// The item with its details (an `items.get` answer): description, stats as bars, perks.
pub fn render_detail(detail: &ItemDetail, places: &Places) -> String {
    let mut out = render(&detail.item, places);
    if !detail.description.is_empty() {
        out.push_str(&format!("\n{}\n", detail.description));
    }
    out.push_str(&stats(&detail.stats));
    if !detail.perks.is_empty() {
        out.push_str("\nPerks\n");
        for perk in &detail.perks {
            out.push_str(&format!("  • {perk}\n"));
        }
    }
    out
}

/// The stats with their bars, the names aligned; nothing when there are none.
fn stats(stats: &[Stat]) -> String {
    if stats.is_empty() {
        return String::new();
    }
    let width = stats
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = "\nStats\n".to_string();
    for Stat { name, value } in stats {
        out.push_str(&format!("  {name:<width$}  {value:>3}  {}\n", bar(*value)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::samples;

    fn ace() -> ItemDetail {
        ItemDetail {
            item: Item {
                item_type: "Hand Cannon".into(),
                tier: Tier::Exotic,
                power: Some(1810),
                locked: true,
                ..samples::item("1", "Ace of Spades")
            },
            stats: vec![
                Stat {
                    name: "Range".into(),
                    value: 55,
                },
                Stat {
                    name: "Stability".into(),
                    value: 40,
                },
            ],
            perks: vec!["Memento Mori".into(), "Firefly".into()],
            description: "Cayde's own.".into(),
            objectives: Vec::new(),
        }
    }

    #[test]
    fn an_item_shows_its_stats_and_perks() {
        let text = render_detail(&ace(), &Places::default());
        assert_eq!(
            text,
            "Ace of Spades\nExotic Hand Cannon · Power 1810\nIn Vault · locked\n\
             \nCayde's own.\n\
             \nStats\n  Range       55  ███████████·········\n  Stability   40  ████████············\n\
             \nPerks\n  • Memento Mori\n  • Firefly\n"
        );
    }

    #[test]
    fn an_equipped_marked_item_shows_where_its_marks_and_its_id() {
        let item = Item {
            location: samples::on("7"),
            equipped: true,
            transferable: false,
            tag: Some(ItemTag::Favorite),
            note: Some("god roll".into()),
            ..samples::item("6917529000000000001", "Rat King")
        };
        let text = render(&item, &Places::without_names(true));
        assert_eq!(
            text,
            "Rat King\nLegendary Scout Rifle\n\
             Equipped on a character [7] · cannot leave this character\n\
             Id: 6917529000000000001\nTag: favorite\nNote: god roll\n"
        );
    }
}
