//! The checks made before a WebSocket upgrade: the `Host` allow-list (DNS rebinding) and the
//! `Origin` allow-list (any web page can open a socket to 127.0.0.1).
//!
//! Extension origins: any `chrome-extension://` or `moz-extension://` origin may connect (to
//! pair; a paired token is then bound to its origin). `allowed_extension_ids` narrows each kind
//! of id by itself: Chromium ids (32 letters) narrow `chrome-extension://`, Firefox's per-install
//! UUIDs narrow `moz-extension://`. The default list holds our Chromium id alone, so Firefox
//! pairs with no configuration.

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    /// The Host header is missing or names something other than this daemon.
    #[error("Host {0:?} is not this daemon")]
    Host(String),
    /// The Origin is neither the daemon's own nor an allowed extension.
    #[error("Origin {0:?} may not connect")]
    Origin(String),
}

/// The allow-lists for one port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guard {
    port: u16,
    allowed_extension_ids: Vec<String>,
}

impl Guard {
    /// The guard of a daemon on `port`; a kind of extension id absent from
    /// `allowed_extension_ids` admits every origin of that kind.
    pub fn new(port: u16, allowed_extension_ids: Vec<String>) -> Self {
        Guard {
            port,
            allowed_extension_ids,
        }
    }

    /// Admits only `127.0.0.1:PORT`, `localhost:PORT` and `[::1]:PORT`.
    pub fn check_host(&self, host: Option<&str>) -> Result<(), Rejection> {
        let host = host.unwrap_or("");
        if self.is_loopback_authority(host) {
            Ok(())
        } else {
            Err(Rejection::Host(shorten(host)))
        }
    }

    /// Admits no Origin (native clients), the daemon's own origin, and extension origins (only
    /// the allowed ids when a list is configured).
    pub fn check_origin(&self, origin: Option<&str>) -> Result<(), Rejection> {
        let Some(origin) = origin else {
            return Ok(());
        };
        let own = origin
            .strip_prefix("http://")
            .is_some_and(|authority| self.is_loopback_authority(authority));
        if own {
            return Ok(());
        }
        let extension = origin
            .strip_prefix("chrome-extension://")
            .map(|id| (id, false))
            .or_else(|| origin.strip_prefix("moz-extension://").map(|id| (id, true)));
        match extension {
            Some((id, firefox)) if is_extension_id(id) && self.extension_allowed(id, firefox) => {
                Ok(())
            }
            _ => Err(Rejection::Origin(shorten(origin))),
        }
    }

    /// `127.0.0.1:PORT`, `localhost:PORT` or `[::1]:PORT` (ASCII case ignored).
    fn is_loopback_authority(&self, authority: &str) -> bool {
        let port = self.port;
        [
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ]
        .iter()
        .any(|allowed| allowed.eq_ignore_ascii_case(authority))
    }

    /// Whether the list admits `id`: it is listed, or no id of its kind is.
    fn extension_allowed(&self, id: &str, firefox: bool) -> bool {
        let mut same_kind = self
            .allowed_extension_ids
            .iter()
            .filter(|allowed| is_firefox_id(allowed) == firefox)
            .peekable();
        same_kind.peek().is_none() || same_kind.any(|allowed| allowed.eq_ignore_ascii_case(id))
    }
}

/// An extension id is a non-empty run of letters, digits and `-` (Chromium ids, Firefox UUIDs).
fn is_extension_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Firefox's extension ids in origins are UUIDs (with `-`); Chromium's are 32 letters.
fn is_firefox_id(id: &str) -> bool {
    id.contains('-')
}

/// At most 100 characters of a header, for the log.
fn shorten(value: &str) -> String {
    value.chars().take(100).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const OURS: &str = "jjpnlcmepfnceiandkkngchlmbfdngca";

    fn guard() -> Guard {
        Guard::new(7420, vec![OURS.to_string()])
    }

    #[test]
    fn only_loopback_hosts_on_our_port_pass() {
        let g = guard();
        for ok in [
            "127.0.0.1:7420",
            "localhost:7420",
            "LOCALHOST:7420",
            "[::1]:7420",
        ] {
            assert_eq!(g.check_host(Some(ok)), Ok(()), "{ok}");
        }
        for bad in [
            "evil.example:7420",
            "127.0.0.1",
            "127.0.0.1:7421",
            "localhost",
            "0.0.0.0:7420",
            "127.0.0.1.evil.example:7420",
            "",
        ] {
            assert!(g.check_host(Some(bad)).is_err(), "{bad}");
        }
        assert!(g.check_host(None).is_err());
    }

    #[test]
    fn origins_are_checked_against_our_own_and_the_allowed_extensions() {
        let g = guard();
        assert_eq!(g.check_origin(None), Ok(()));
        assert_eq!(g.check_origin(Some("http://127.0.0.1:7420")), Ok(()));
        assert_eq!(g.check_origin(Some("http://localhost:7420")), Ok(()));
        assert_eq!(
            g.check_origin(Some(&format!("chrome-extension://{OURS}"))),
            Ok(())
        );
        for bad in [
            "https://evil.example",
            "http://127.0.0.1:7421",
            "http://localhost:7420.evil.example",
            "null",
            "chrome-extension://abcdefabcdefabcdefabcdefabcdefab",
            "chrome-extension://",
            "chrome-extension://jjpnlcmepfnceiandkkngchlmbfdngca/evil",
        ] {
            assert!(g.check_origin(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn firefox_origins_pass_the_default_list_until_firefox_ids_are_listed() {
        let firefox = "moz-extension://1b2c3d4e-0000-0000-0000-000000000000";
        assert_eq!(guard().check_origin(Some(firefox)), Ok(()));
        let narrowed = Guard::new(
            7420,
            vec![
                OURS.to_string(),
                "aaaaaaaa-0000-0000-0000-000000000000".to_string(),
            ],
        );
        assert!(narrowed.check_origin(Some(firefox)).is_err());
        assert_eq!(
            narrowed.check_origin(Some("moz-extension://aaaaaaaa-0000-0000-0000-000000000000")),
            Ok(())
        );
        assert_eq!(
            narrowed.check_origin(Some(&format!("chrome-extension://{OURS}"))),
            Ok(())
        );
    }

    #[test]
    fn with_no_list_every_extension_is_admitted() {
        let g = Guard::new(7420, Vec::new());
        assert_eq!(
            g.check_origin(Some("moz-extension://1b2c3d4e-0000-0000-0000-000000000000")),
            Ok(())
        );
        assert!(g.check_origin(Some("https://evil.example")).is_err());
    }
}
