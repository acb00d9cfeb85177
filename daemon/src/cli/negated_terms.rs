//! `vault-raider items -is:exotic`: a negated search term looks like an option to clap (a clap
//! bug keeps `allow_hyphen_values` from working beside options, clap-rs/clap#4283). Before parsing,
//! every argument of `items` shaped like `-word:…` is spelled `not word:…`, which the search
//! language reads the same. No option of ours has that shape, so none can be taken for one.

use std::ffi::OsString;

/// The command line with the negated search terms of `items` spelled out.
pub fn spell_out(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let mut out = Vec::new();
    let mut in_items = false;
    let mut after_double_dash = false;
    for arg in args {
        let text = arg.to_str();
        if !in_items {
            in_items = text == Some("items");
            out.push(arg);
            continue;
        }
        after_double_dash |= text == Some("--");
        match text.and_then(negated_term) {
            Some(term) if !after_double_dash => {
                out.push(OsString::from("not"));
                out.push(OsString::from(term));
            }
            _ => out.push(arg),
        }
    }
    out
}

/// `is:exotic` for `-is:exotic`: a hyphen, then letters, then a colon.
fn negated_term(arg: &str) -> Option<&str> {
    let term = arg.strip_prefix('-')?;
    let (key, _) = term.split_once(':')?;
    (!key.is_empty() && key.chars().all(|c| c.is_ascii_alphabetic())).then_some(term)
}

#[cfg(test)]
mod tests {
    use super::spell_out;
    use std::ffi::OsString;

    fn spelled(args: &[&str]) -> Vec<String> {
        spell_out(args.iter().map(OsString::from))
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn negated_terms_of_items_become_not_and_options_stay() {
        assert_eq!(
            spelled(&[
                "vr",
                "items",
                "-is:exotic",
                "is:weapon",
                "--limit",
                "5",
                "-h"
            ]),
            [
                "vr",
                "items",
                "not",
                "is:exotic",
                "is:weapon",
                "--limit",
                "5",
                "-h"
            ]
        );
        assert_eq!(
            spelled(&["vr", "items", "--", "-is:exotic"]),
            ["vr", "items", "--", "-is:exotic"],
            "after -- clap already takes it as a value"
        );
        assert_eq!(
            spelled(&["vr", "transfer", "1", "--to", "-is:x"]),
            ["vr", "transfer", "1", "--to", "-is:x"],
            "only items"
        );
        assert_eq!(
            spelled(&["vr", "items", "-x", "-:y"]),
            ["vr", "items", "-x", "-:y"]
        );
    }
}
