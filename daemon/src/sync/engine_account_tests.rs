//! The engine's account: a caller waiting for the session's choice wakes on the choice itself.

use super::*;
use crate::bungie::ClientConfig;
use crate::bungie::auth::secret::Secret;
use crate::sync::convert::NoDefs;

fn engine(dir: &tempfile::TempDir) -> SyncEngine {
    let store = Store::open(&dir.path().join("store.redb")).expect("store");
    let client = Client::new(
        ClientConfig::new("http://127.0.0.1:9", Secret::new("key")),
        None,
    )
    .expect("client");
    SyncEngine::new(
        Arc::new(client),
        Arc::new(store),
        Arc::new(NoDefs),
        EventBus::new(),
        None,
        SessionState::SignedIn,
        Arc::default(),
    )
}

fn guardian() -> Account {
    Account {
        membership_type: 3,
        membership_id: 4_611_686_018_467_284_386,
        display_name: "Guardian#1234".to_string(),
    }
}

#[tokio::test(start_paused = true)]
async fn a_waiting_caller_wakes_when_the_account_is_chosen_not_at_the_deadline() {
    let dir = tempfile::tempdir().expect("dir");
    let engine = Arc::new(engine(&dir));
    let chooser = engine.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(730)).await;
        chooser.set_account(Some(guardian()));
    });
    let began = tokio::time::Instant::now();
    let chosen = engine.account_within(Duration::from_secs(10)).await;
    assert_eq!(chosen, Some(guardian()));
    assert_eq!(began.elapsed(), Duration::from_millis(730));
}

#[tokio::test(start_paused = true)]
async fn no_choice_in_time_is_none_after_the_patience_and_a_chosen_account_is_at_once() {
    let dir = tempfile::tempdir().expect("dir");
    let engine = engine(&dir);
    let began = tokio::time::Instant::now();
    assert_eq!(engine.account_within(Duration::from_secs(3)).await, None);
    assert_eq!(began.elapsed(), Duration::from_secs(3));
    engine.set_account(Some(guardian()));
    let began = tokio::time::Instant::now();
    assert_eq!(
        engine.account_within(Duration::from_secs(3)).await,
        Some(guardian())
    );
    assert_eq!(began.elapsed(), Duration::ZERO);
}
