//! The pool of connections that have not identified yet (16), apart from the identified
//! clients' slots. When it is full, a newcomer evicts the connection that has waited longest,
//! so sockets that upgrade and never identify cannot keep a real client from connecting; a
//! connection that identifies leaves the pool.

use super::dispatch::lock;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};

/// How long a newcomer waits for the evicted connection to let go of its place.
const EVICTION_WAIT: Duration = Duration::from_secs(2);

/// The pool.
pub(crate) struct WaitingRoom {
    pool: Arc<Semaphore>,
    size: usize,
    queue: Mutex<VecDeque<(u64, Arc<Notify>)>>,
}

/// One connection's place in the pool; dropping it gives the place back.
pub(crate) struct Seat {
    room: Arc<WaitingRoom>,
    number: u64,
    evicted: Arc<Notify>,
    _permit: OwnedSemaphorePermit,
}

impl WaitingRoom {
    /// A pool of `size` places.
    pub fn new(size: usize) -> Arc<Self> {
        Arc::new(WaitingRoom {
            pool: Arc::new(Semaphore::new(size)),
            size,
            queue: Mutex::new(VecDeque::new()),
        })
    }

    /// A place for connection `number`, evicting the longest-waiting connection when the pool
    /// is full; `None` when no place freed in time.
    pub async fn enter(self: &Arc<Self>, number: u64) -> Option<Seat> {
        let permit = match Arc::clone(&self.pool).try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                let oldest = lock(&self.queue).pop_front();
                if let Some((_, evicted)) = oldest {
                    evicted.notify_one();
                }
                tokio::time::timeout(EVICTION_WAIT, Arc::clone(&self.pool).acquire_owned())
                    .await
                    .ok()?
                    .ok()?
            }
        };
        let evicted = Arc::new(Notify::new());
        lock(&self.queue).push_back((number, Arc::clone(&evicted)));
        Some(Seat {
            room: Arc::clone(self),
            number,
            evicted,
            _permit: permit,
        })
    }

    /// Waits until every place is free (at shutdown, once connections are told to close).
    pub async fn drained(&self) {
        let _ = self
            .pool
            .acquire_many(u32::try_from(self.size).unwrap_or(u32::MAX))
            .await;
    }
}

impl Seat {
    /// Completes when a newcomer evicted this connection.
    pub async fn evicted(&self) {
        self.evicted.notified().await;
    }
}

impl Drop for Seat {
    fn drop(&mut self) {
        lock(&self.room.queue).retain(|(number, _)| *number != self.number);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_pool_evicts_the_longest_waiting() {
        let room = WaitingRoom::new(2);
        let first = room.enter(1).await.expect("a place");
        let _second = room.enter(2).await.expect("a place");
        let evicted = tokio::spawn(async move {
            first.evicted().await;
            drop(first);
        });
        let third = room.enter(3).await;
        assert!(third.is_some(), "the newcomer got the evicted place");
        evicted.await.expect("the first was evicted");
    }
}
