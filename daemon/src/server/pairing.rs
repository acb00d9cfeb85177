//! Pairing: a client asks, the daemon shows a six-digit code to the player, the client sends the
//! code back. A pairing lasts 120 s and survives 4 wrong codes; the 5th exhausts it. Time comes
//! in as a parameter (`tokio::time::Instant`, so tests can pause it).

use std::collections::HashMap;
use std::time::Duration;
use tokio::time::Instant;
use vault_raider_protocol::session::{ClientInfo, PendingPairing};

/// Why a pairing step failed (all of these are `pairing_failed` on the wire).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PairingError {
    /// No such pairing: it never existed, expired, was exhausted or was completed.
    #[error("no such pairing (it may have expired); ask to pair again")]
    Unknown,
    /// The code is wrong; `remaining` more tries are allowed.
    #[error("wrong code; {remaining} tries left")]
    WrongCode {
        /// Tries left before the pairing is exhausted.
        remaining: u32,
    },
    /// The code was wrong too many times; the pairing is gone.
    #[error("wrong code too many times; ask to pair again")]
    Exhausted,
    /// Too many pairings are waiting already.
    #[error("too many pairings are waiting; try again in a few minutes")]
    TooMany,
}

/// A pairing just requested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPairing {
    /// Its id.
    pub pairing_id: String,
    /// The six-digit code to show the player.
    pub code: String,
    /// Seconds until it expires.
    pub expires_in: u64,
}

#[derive(Debug, Clone)]
struct Pending {
    client: ClientInfo,
    code: String,
    expires_at: Instant,
    wrong: u32,
}

/// The pairings waiting for their code.
#[derive(Debug)]
pub struct Pairings {
    pending: HashMap<String, Pending>,
    ttl: Duration,
    tries: u32,
    max_pending: usize,
}

impl Pairings {
    /// No pairings yet; each will last `ttl`, allow `tries` wrong codes, at most `max_pending`.
    pub fn new(ttl: Duration, tries: u32, max_pending: usize) -> Self {
        Pairings {
            pending: HashMap::new(),
            ttl,
            tries,
            max_pending,
        }
    }

    /// Starts a pairing for `client` with a fresh random code.
    pub fn request(
        &mut self,
        client: ClientInfo,
        now: Instant,
    ) -> Result<NewPairing, PairingError> {
        self.purge(now);
        if self.pending.len() >= self.max_pending {
            return Err(PairingError::TooMany);
        }
        let pairing_id = uuid::Uuid::new_v4().to_string();
        let code = format!("{:06}", rand::random_range(0..1_000_000u32));
        self.pending.insert(
            pairing_id.clone(),
            Pending {
                client,
                code: code.clone(),
                expires_at: now + self.ttl,
                wrong: 0,
            },
        );
        Ok(NewPairing {
            pairing_id,
            code,
            expires_in: self.ttl.as_secs(),
        })
    }

    /// Checks `code`; on success the pairing is consumed and its client returned.
    pub fn complete(
        &mut self,
        pairing_id: &str,
        code: &str,
        now: Instant,
    ) -> Result<ClientInfo, PairingError> {
        self.purge(now);
        let pending = self
            .pending
            .get_mut(pairing_id)
            .ok_or(PairingError::Unknown)?;
        if pending.code == code {
            let client = pending.client.clone();
            self.pending.remove(pairing_id);
            return Ok(client);
        }
        pending.wrong += 1;
        if pending.wrong >= self.tries {
            self.pending.remove(pairing_id);
            return Err(PairingError::Exhausted);
        }
        Err(PairingError::WrongCode {
            remaining: self.tries - pending.wrong,
        })
    }

    /// The pairings still waiting, soonest to expire first.
    pub fn pending(&mut self, now: Instant) -> Vec<PendingPairing> {
        self.purge(now);
        let mut list: Vec<(&String, &Pending)> = self.pending.iter().collect();
        list.sort_by_key(|(_, p)| p.expires_at);
        list.into_iter()
            .map(|(id, p)| PendingPairing {
                pairing_id: id.clone(),
                client: p.client.clone(),
                code: p.code.clone(),
                expires_in: p.expires_at.saturating_duration_since(now).as_secs(),
            })
            .collect()
    }

    fn purge(&mut self, now: Instant) {
        self.pending.retain(|_, p| p.expires_at > now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vault_raider_protocol::session::ClientKind;

    fn client() -> ClientInfo {
        ClientInfo {
            name: "popup".into(),
            kind: ClientKind::Extension,
            version: "0.1.0".into(),
        }
    }

    fn pairings() -> Pairings {
        Pairings::new(Duration::from_secs(120), 5, 3)
    }

    fn wrong_code(code: &str) -> String {
        let first = code
            .chars()
            .next()
            .and_then(|c| c.to_digit(10))
            .unwrap_or(0);
        format!("{}{}", (first + 1) % 10, &code[1..])
    }

    #[test]
    fn the_right_code_completes_once() {
        let now = Instant::now();
        let mut p = pairings();
        let new = p.request(client(), now).expect("request");
        assert_eq!(new.code.len(), 6);
        assert!(new.code.chars().all(|c| c.is_ascii_digit()));
        assert_eq!(new.expires_in, 120);
        assert_eq!(p.pending(now).len(), 1);
        assert_eq!(p.complete(&new.pairing_id, &new.code, now), Ok(client()));
        assert_eq!(
            p.complete(&new.pairing_id, &new.code, now),
            Err(PairingError::Unknown)
        );
        assert!(p.pending(now).is_empty());
    }

    #[test]
    fn five_wrong_codes_exhaust_it() {
        let now = Instant::now();
        let mut p = pairings();
        let new = p.request(client(), now).expect("request");
        let wrong = wrong_code(&new.code);
        for remaining in (1..5).rev() {
            assert_eq!(
                p.complete(&new.pairing_id, &wrong, now),
                Err(PairingError::WrongCode { remaining })
            );
        }
        assert_eq!(
            p.complete(&new.pairing_id, &wrong, now),
            Err(PairingError::Exhausted)
        );
        assert_eq!(
            p.complete(&new.pairing_id, &new.code, now),
            Err(PairingError::Unknown)
        );
    }

    #[test]
    fn it_expires_after_its_time() {
        let now = Instant::now();
        let mut p = pairings();
        let new = p.request(client(), now).expect("request");
        let later = now + Duration::from_secs(119);
        assert_eq!(p.pending(later)[0].expires_in, 1);
        let expired = now + Duration::from_secs(120);
        assert!(p.pending(expired).is_empty());
        assert_eq!(
            p.complete(&new.pairing_id, &new.code, expired),
            Err(PairingError::Unknown)
        );
    }

    #[test]
    fn only_so_many_may_wait() {
        let now = Instant::now();
        let mut p = pairings();
        for _ in 0..3 {
            p.request(client(), now).expect("request");
        }
        assert_eq!(p.request(client(), now), Err(PairingError::TooMany));
        let after = now + Duration::from_secs(121);
        assert!(p.request(client(), after).is_ok());
    }
}
