//! Pairing: a client asks, the daemon shows a six-digit code to the player, the client sends the
//! code back. A pairing lasts 120 s and survives 4 wrong codes; the 5th exhausts it. Time comes
//! in as a parameter (`tokio::time::Instant`, so tests can pause it).
//!
//! Over all pairings the daemon also keeps a budget of wrong codes (20 in any 10 minutes): once
//! it is spent, requests and completions are refused until the oldest wrong code leaves the
//! window, and the player is told once. A connection may hold one pending pairing at a time.

use std::collections::{HashMap, VecDeque};
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
    /// This connection already has a pairing waiting for its code.
    #[error("this connection already has a pairing waiting for its code; finish it first")]
    AlreadyPending,
    /// Too many wrong codes were sent lately, over every pairing (`rate_limited` on the wire).
    #[error("too many wrong pairing codes lately; try again in {} s", retry_after.as_secs().max(1))]
    RateLimited {
        /// How long until the budget frees.
        retry_after: Duration,
    },
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
    owner: u64,
}

/// The wrong codes over every pairing in a sliding window.
#[derive(Debug)]
struct Budget {
    limit: u32,
    window: Duration,
    wrong_at: VecDeque<Instant>,
    announced: bool,
}

impl Budget {
    /// Forgets wrong codes older than the window; a freed budget may be announced again.
    fn purge(&mut self, now: Instant) {
        while let Some(first) = self.wrong_at.front() {
            if now.saturating_duration_since(*first) >= self.window {
                self.wrong_at.pop_front();
            } else {
                break;
            }
        }
        if self.wrong_at.len() < self.limit as usize {
            self.announced = false;
        }
    }

    /// `Err(RateLimited)` while the budget is spent.
    fn check(&mut self, now: Instant) -> Result<(), PairingError> {
        self.purge(now);
        if self.wrong_at.len() < self.limit as usize {
            return Ok(());
        }
        let oldest = self.wrong_at.front().copied().unwrap_or(now);
        Err(PairingError::RateLimited {
            retry_after: (oldest + self.window).saturating_duration_since(now),
        })
    }
}

/// The pairings waiting for their code.
#[derive(Debug)]
pub struct Pairings {
    pending: HashMap<String, Pending>,
    ttl: Duration,
    tries: u32,
    max_pending: usize,
    budget: Budget,
}

impl Pairings {
    /// No pairings yet; each will last `ttl`, allow `tries` wrong codes, at most `max_pending`.
    pub fn new(ttl: Duration, tries: u32, max_pending: usize) -> Self {
        Pairings {
            pending: HashMap::new(),
            ttl,
            tries,
            max_pending,
            budget: Budget {
                limit: vault_raider_protocol::PAIRING_BUDGET,
                window: Duration::from_secs(vault_raider_protocol::PAIRING_WINDOW_SECS),
                wrong_at: VecDeque::new(),
                announced: false,
            },
        }
    }

    /// The same, with a budget of `limit` wrong codes in any `window` over every pairing.
    pub fn with_budget(mut self, limit: u32, window: Duration) -> Self {
        self.budget.limit = limit;
        self.budget.window = window;
        self
    }

    /// Once per spent budget: `Some(time until it frees)` the first time this is asked after the
    /// budget ran out (the caller tells the player), `None` otherwise.
    pub fn take_lockout_notice(&mut self, now: Instant) -> Option<Duration> {
        match self.budget.check(now) {
            Err(PairingError::RateLimited { retry_after }) if !self.budget.announced => {
                self.budget.announced = true;
                Some(retry_after)
            }
            _ => None,
        }
    }

    /// Starts a pairing for `client`, asked on connection `owner`, with a fresh random code.
    pub fn request(
        &mut self,
        client: ClientInfo,
        owner: u64,
        now: Instant,
    ) -> Result<NewPairing, PairingError> {
        self.purge(now);
        self.budget.check(now)?;
        if self.pending.values().any(|p| p.owner == owner) {
            return Err(PairingError::AlreadyPending);
        }
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
                owner,
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
        self.budget.check(now)?;
        let pending = self
            .pending
            .get_mut(pairing_id)
            .ok_or(PairingError::Unknown)?;
        if pending.code == code {
            let client = pending.client.clone();
            self.pending.remove(pairing_id);
            return Ok(client);
        }
        self.budget.wrong_at.push_back(now);
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
        let new = p.request(client(), 1, now).expect("request");
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
        let new = p.request(client(), 1, now).expect("request");
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
        let new = p.request(client(), 1, now).expect("request");
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
        for owner in 0..3 {
            p.request(client(), owner, now).expect("request");
        }
        assert_eq!(p.request(client(), 9, now), Err(PairingError::TooMany));
        let after = now + Duration::from_secs(121);
        assert!(p.request(client(), 9, after).is_ok());
    }

    #[test]
    fn a_connection_holds_one_pending_pairing() {
        let now = Instant::now();
        let mut p = pairings();
        p.request(client(), 7, now).expect("request");
        assert_eq!(
            p.request(client(), 7, now),
            Err(PairingError::AlreadyPending)
        );
        assert!(p.request(client(), 8, now).is_ok());
        let expired = now + Duration::from_secs(120);
        assert!(
            p.request(client(), 7, expired).is_ok(),
            "once the first expired"
        );
    }

    #[test]
    fn the_budget_counts_wrong_codes_over_every_pairing_and_frees_with_the_window() {
        let now = Instant::now();
        let mut p = Pairings::new(Duration::from_secs(120), 5, 100)
            .with_budget(20, Duration::from_secs(600));
        let mut accepted = 0;
        let mut limited = None;
        'outer: for owner in 0..10 {
            let new = p.request(client(), owner, now);
            let new = match new {
                Ok(new) => new,
                Err(e) => {
                    limited = Some(e);
                    break;
                }
            };
            let wrong = wrong_code(&new.code);
            for _ in 0..5 {
                match p.complete(&new.pairing_id, &wrong, now) {
                    Err(PairingError::WrongCode { .. } | PairingError::Exhausted) => accepted += 1,
                    Err(e) => {
                        limited = Some(e);
                        break 'outer;
                    }
                    Ok(_) => unreachable!("a wrong code never pairs"),
                }
            }
        }
        assert_eq!(accepted, 20);
        assert_eq!(
            limited,
            Some(PairingError::RateLimited {
                retry_after: Duration::from_secs(600)
            })
        );
        assert_eq!(p.take_lockout_notice(now), Some(Duration::from_secs(600)));
        assert_eq!(p.take_lockout_notice(now), None, "told once");
        let later = now + Duration::from_secs(600);
        assert!(p.request(client(), 99, later).is_ok());
    }
}
