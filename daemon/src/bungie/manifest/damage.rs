//! Damage types named the way the protocol does.

/// The protocol's slug for a DamageType value (`kinetic`, `arc`, `solar`, `void`, `stasis`,
/// `strand`); `None` for 0 (none), 5 (raid) and unknown values.
pub fn damage_slug(damage_type: i32) -> Option<&'static str> {
    match damage_type {
        1 => Some("kinetic"),
        2 => Some("arc"),
        3 => Some("solar"),
        4 => Some("void"),
        6 => Some("stasis"),
        7 => Some("strand"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damage_types_map_to_protocol_slugs() {
        assert_eq!(damage_slug(3), Some("solar"));
        assert_eq!(damage_slug(7), Some("strand"));
        assert_eq!(damage_slug(0), None);
        assert_eq!(damage_slug(5), None);
    }
}
