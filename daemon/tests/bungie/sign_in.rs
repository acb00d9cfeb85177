//! Sign-in over real HTTP against a scripted fake: refresh on 401 and retry once, refresh before
//! expiry, rotated refresh tokens stored before use, signed-out after a second rejection, the
//! token file's mode, no token in logs, pasted redirects, the HTTPS callback, unattended login.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::fake_bungie::{Fake, Reply};
use chrono::{DateTime, TimeDelta, Utc};
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use vault_raider::bungie::auth::{
    AuthClient, AuthConfig, AuthError, CallbackOptions, FileTokenStore, MemoryTokenStore, Secret,
    Session, SessionStatus, TokenStore, Tokens, login_unattended, login_with_callback,
    parse_pasted_redirect, system_clock,
};
use vault_raider::bungie::{BungieError, Client, ClientConfig, http_client};

const MEMBERSHIPS: &str = "/Platform/User/GetMembershipsForCurrentUser/";
const TOKEN: &str = "/Platform/App/OAuth/token/";

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-25T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn tokens(access: &str, refresh: &str, access_left: TimeDelta) -> Tokens {
    Tokens {
        access_token: Secret::new(access),
        access_expires_at: now() + access_left,
        refresh_token: Some(Secret::new(refresh)),
        refresh_expires_at: Some(now() + TimeDelta::days(90)),
        bungie_membership_id: 4352344,
    }
}

fn token_reply(access: &str, refresh: &str) -> Reply {
    Reply::json(
        200,
        serde_json::json!({"access_token": access, "token_type": "Bearer", "expires_in": 3600,
            "refresh_token": refresh, "refresh_expires_in": 7776000, "membership_id": "4352344"})
        .to_string(),
    )
}

fn memberships_reply() -> Reply {
    Reply::ok(
        serde_json::json!({"destinyMemberships": [{"membershipType": 3,
        "membershipId": "4611686018400000001", "displayName": "Guardian"}],
        "primaryMembershipId": "4611686018400000001"}),
    )
}

fn auth(fake: &Fake) -> AuthClient {
    let config = AuthConfig {
        base_url: fake.base.clone(),
        client_id: "40404".into(),
        client_secret: Some(Secret::new("client-secret-xyz")),
        api_key: Secret::new("test-api-key"),
    };
    AuthClient::new(
        &config,
        http_client("test", Duration::from_secs(5)).unwrap(),
    )
    .unwrap()
}

/// A token store that writes each save onto the fake's timeline.
struct TimelineStore {
    inner: MemoryTokenStore,
    fake: Arc<crate::support::fake_bungie::FakeState>,
}

impl TokenStore for TimelineStore {
    fn describe(&self) -> String {
        "timeline".into()
    }
    fn load(&self) -> Result<Option<Tokens>, AuthError> {
        self.inner.load()
    }
    fn save(&self, tokens: &Tokens) -> Result<(), AuthError> {
        let refresh = tokens
            .refresh_token
            .as_ref()
            .map(|t| t.expose().to_string())
            .unwrap_or_default();
        self.fake
            .events
            .lock()
            .unwrap()
            .push(format!("saved {refresh}"));
        self.inner.save(tokens)
    }
    fn delete(&self) -> Result<(), AuthError> {
        self.inner.delete()
    }
}

/// A session over `fake` holding `initial`, and a client using it.
fn signed_in(fake: &Fake, initial: Tokens) -> (Arc<Session>, Arc<TimelineStore>, Client) {
    let store = Arc::new(TimelineStore {
        inner: MemoryTokenStore::default(),
        fake: fake.state.clone(),
    });
    store.inner.save(&initial).unwrap();
    let session = Arc::new(Session::new(auth(fake), store.clone(), Arc::new(now)));
    let mut config = ClientConfig::new(fake.base.clone(), Secret::new("test-api-key"));
    config.read_attempts = 1;
    let client = Client::new(config, Some(session.clone())).unwrap();
    (session, store, client)
}

fn form(body: &str) -> HashMap<String, String> {
    url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect()
}

#[tokio::test]
async fn a_401_refreshes_once_stores_the_rotated_token_first_and_retries_once() {
    let fake = Fake::start().await;
    fake.push(
        MEMBERSHIPS,
        Reply::error(401, 2111, "AccessTokenHasExpired", 0),
    );
    fake.push(MEMBERSHIPS, memberships_reply());
    fake.push(TOKEN, token_reply("access-2", "refresh-2"));
    let (session, store, client) =
        signed_in(&fake, tokens("access-1", "refresh-1", TimeDelta::hours(1)));

    let data = client.get_memberships_for_current_user().await.unwrap();
    assert_eq!(data.destiny_memberships.len(), 1);

    let calls = fake.seen_at(MEMBERSHIPS);
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].authorization.as_deref(), Some("Bearer access-1"));
    assert_eq!(calls[1].authorization.as_deref(), Some("Bearer access-2"));
    let refresh = fake.seen_at(TOKEN);
    assert_eq!(refresh.len(), 1);
    let sent = form(&refresh[0].body);
    assert_eq!(sent["grant_type"], "refresh_token");
    assert_eq!(sent["refresh_token"], "refresh-1");
    assert_eq!(sent["client_id"], "40404");
    assert_eq!(sent["client_secret"], "client-secret-xyz");

    let events = fake.events();
    let saved = events
        .iter()
        .position(|e| e == "saved refresh-2")
        .expect("rotated token saved");
    let used = events
        .iter()
        .position(|e| e.ends_with("Bearer access-2"))
        .unwrap();
    assert!(saved < used, "stored before use: {events:?}");
    let kept = store.load().unwrap().unwrap();
    assert_eq!(kept.refresh_token.unwrap().expose(), "refresh-2");
    assert_eq!(kept.access_expires_at, now() + TimeDelta::seconds(3600));
    assert!(matches!(
        *session.status().borrow(),
        SessionStatus::SignedIn {
            bungie_membership_id: 4352344
        }
    ));
}

#[tokio::test]
async fn a_second_rejection_signs_out() {
    let fake = Fake::start().await;
    fake.always(MEMBERSHIPS, Reply::error(401, 99, "WebAuthRequired", 0));
    fake.push(TOKEN, token_reply("access-2", "refresh-2"));
    let (session, _, client) =
        signed_in(&fake, tokens("access-1", "refresh-1", TimeDelta::hours(1)));
    let err = client.get_memberships_for_current_user().await.unwrap_err();
    assert!(matches!(err, BungieError::SignedOut(_)), "{err:?}");
    assert_eq!(fake.seen_at(MEMBERSHIPS).len(), 2, "retried exactly once");
    assert_eq!(fake.seen_at(TOKEN).len(), 1, "refreshed exactly once");
    assert!(matches!(
        *session.status().borrow(),
        SessionStatus::SignedOut { .. }
    ));
    // Signed out: nothing more is sent for calls that need the player.
    assert!(matches!(
        client.get_memberships_for_current_user().await,
        Err(BungieError::SignedOut(_))
    ));
    assert_eq!(fake.seen_at(MEMBERSHIPS).len(), 2);
}

#[tokio::test]
async fn a_token_about_to_expire_is_refreshed_before_the_request() {
    let fake = Fake::start().await;
    fake.always(MEMBERSHIPS, memberships_reply());
    fake.push(TOKEN, token_reply("access-2", "refresh-2"));
    let (_, _, client) = signed_in(
        &fake,
        tokens("access-1", "refresh-1", TimeDelta::seconds(30)),
    );
    client.get_memberships_for_current_user().await.unwrap();
    let seen = fake.seen();
    assert_eq!(seen[0].path, TOKEN);
    assert_eq!(seen[1].authorization.as_deref(), Some("Bearer access-2"));
    // The fresh token is used from then on without refreshing again.
    client.get_memberships_for_current_user().await.unwrap();
    assert_eq!(fake.seen_at(TOKEN).len(), 1);
}

#[tokio::test]
async fn a_refused_or_expired_refresh_signs_out_and_maintenance_does_not() {
    let fake = Fake::start().await;
    fake.always(MEMBERSHIPS, memberships_reply());
    fake.push(
        TOKEN,
        Reply::json(
            503,
            r#"{"error":"server_error","error_description":"SystemDisabled"}"#,
        ),
    );
    fake.push(
        TOKEN,
        Reply::json(
            400,
            r#"{"error":"invalid_grant","error_description":"AuthorizationRecordRevoked"}"#,
        ),
    );
    let (session, _, client) = signed_in(&fake, tokens("access-1", "refresh-1", TimeDelta::zero()));
    assert!(matches!(
        client.get_memberships_for_current_user().await,
        Err(BungieError::Maintenance(_))
    ));
    assert!(
        matches!(*session.status().borrow(), SessionStatus::SignedIn { .. }),
        "maintenance keeps the session"
    );
    assert!(matches!(
        client.get_memberships_for_current_user().await,
        Err(BungieError::SignedOut(_))
    ));
    assert!(matches!(
        *session.status().borrow(),
        SessionStatus::SignedOut { .. }
    ));

    let mut old = tokens("access-1", "refresh-1", TimeDelta::zero());
    old.refresh_expires_at = Some(now() - TimeDelta::seconds(1));
    let (_, _, client) = signed_in(&fake, old);
    assert!(matches!(
        client.get_memberships_for_current_user().await,
        Err(BungieError::SignedOut(_))
    ));
    assert_eq!(
        fake.seen_at(TOKEN).len(),
        2,
        "an expired refresh token is not sent"
    );
    assert!(fake.seen_at(MEMBERSHIPS).is_empty());
}

#[tokio::test]
async fn public_reads_still_work_when_signed_out_and_logout_deletes_tokens() {
    let fake = Fake::start().await;
    fake.always(
        "/Platform/Destiny2/3/Profile/1/",
        Reply::ok(serde_json::json!({})),
    );
    let (session, store, client) =
        signed_in(&fake, tokens("access-1", "refresh-1", TimeDelta::hours(1)));
    session.logout().await.unwrap();
    assert!(store.load().unwrap().is_none());
    client.get_profile(3, 1, &[100]).await.unwrap();
    assert_eq!(fake.seen()[0].authorization, None);
}

#[test]
fn the_token_file_is_mode_0600_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    let store = FileTokenStore::new(&data_dir);
    assert!(store.load().unwrap().is_none());
    let t = tokens("access-1", "refresh-1", TimeDelta::hours(1));
    store.save(&t).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(store.path())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
    }
    assert_eq!(store.load().unwrap(), Some(t.clone()));
    store
        .save(&tokens("access-2", "refresh-2", TimeDelta::hours(1)))
        .unwrap();
    assert_eq!(
        store.load().unwrap().unwrap().access_token.expose(),
        "access-2"
    );
    assert_eq!(
        std::fs::read_dir(&data_dir).unwrap().count(),
        1,
        "no temporary file left behind"
    );
    std::fs::write(store.path(), "{\"access_token\":\"leaky\"").unwrap();
    let err = store.load().unwrap_err().to_string();
    assert!(!err.contains("leaky"), "{err}");
    store.delete().unwrap();
    store.delete().unwrap();
    assert!(store.load().unwrap().is_none());
    assert!(!format!("{t:?}").contains("access-1"));
}

/// A `MakeWriter` that keeps everything written.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

#[tokio::test]
async fn no_token_or_secret_reaches_the_logs() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let fake = Fake::start().await;
    fake.push(
        MEMBERSHIPS,
        Reply::error(401, 2111, "AccessTokenHasExpired", 0),
    );
    fake.push(
        MEMBERSHIPS,
        Reply::error(401, 2111, "AccessTokenHasExpired", 0),
    );
    fake.push(TOKEN, token_reply("access-2", "refresh-2"));
    let (_, _, client) = signed_in(&fake, tokens("access-1", "refresh-1", TimeDelta::hours(1)));
    let err = client.get_memberships_for_current_user().await.unwrap_err();
    *fake.state.approve_with_code.lock().unwrap() = Some("the-code".into());
    fake.push(TOKEN, token_reply("access-3", "refresh-3"));
    let t = login_unattended(&auth(&fake), &system_clock())
        .await
        .unwrap();

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("refresh"), "the flow was logged: {logs}");
    let shown = format!("{logs}\n{err}\n{err:?}\n{t:?}");
    for secret in [
        "access-1",
        "access-2",
        "access-3",
        "refresh-1",
        "refresh-2",
        "refresh-3",
        "client-secret-xyz",
        "the-code",
    ] {
        assert!(!shown.contains(secret), "{secret} leaked");
    }
}

#[test]
fn pasted_redirects_are_parsed_and_a_wrong_state_is_refused() {
    let code = parse_pasted_redirect(
        "  https://127.0.0.1:7420/callback?code=abc123&state=s1 \n",
        "s1",
    )
    .unwrap();
    assert_eq!(code.expose(), "abc123");
    assert_eq!(
        parse_pasted_redirect("?state=s1&code=x%2By", "s1")
            .unwrap()
            .expose(),
        "x+y"
    );
    assert!(matches!(
        parse_pasted_redirect("https://127.0.0.1:7420/callback?code=abc&state=evil", "s1"),
        Err(AuthError::StateMismatch)
    ));
    assert!(matches!(
        parse_pasted_redirect("https://127.0.0.1:7420/callback?code=abc", "s1"),
        Err(AuthError::StateMismatch)
    ));
    assert!(matches!(
        parse_pasted_redirect(
            "https://127.0.0.1:7420/callback?error=access_denied&state=s1",
            "s1"
        ),
        Err(AuthError::Denied(_))
    ));
    assert!(matches!(
        parse_pasted_redirect("https://127.0.0.1:7420/callback?state=s1", "s1"),
        Err(AuthError::BadRedirect(_))
    ));
    assert!(matches!(
        parse_pasted_redirect("hello", "s1"),
        Err(AuthError::BadRedirect(_))
    ));
}

#[tokio::test]
async fn the_authorize_url_has_no_scope() {
    let fake = Fake::start().await;
    let pending = vault_raider::bungie::auth::begin_login(&auth(&fake));
    let url = pending.authorize_url;
    assert_eq!(url.path(), "/en/OAuth/Authorize");
    let q: HashMap<String, String> = url.query_pairs().into_owned().collect();
    assert_eq!(q["client_id"], "40404");
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["state"], pending.state);
    assert!(pending.state.len() >= 32);
    assert!(!q.contains_key("scope"));
    assert_ne!(
        pending.state,
        vault_raider::bungie::auth::begin_login(&auth(&fake)).state
    );
}

#[tokio::test]
async fn unattended_login_follows_the_auto_approval_and_exchanges_the_code() {
    let fake = Fake::start().await;
    *fake.state.approve_with_code.lock().unwrap() = Some("code-7".into());
    fake.push(TOKEN, token_reply("access-9", "refresh-9"));
    let t = login_unattended(&auth(&fake), &system_clock())
        .await
        .unwrap();
    assert_eq!(t.access_token.expose(), "access-9");
    assert_eq!(t.bungie_membership_id, 4352344);
    let sent = form(&fake.seen_at(TOKEN)[0].body);
    assert_eq!(sent["grant_type"], "authorization_code");
    assert_eq!(sent["code"], "code-7");
    assert_eq!(sent["client_secret"], "client-secret-xyz");

    *fake.state.approve_with_code.lock().unwrap() = None;
    assert!(matches!(
        login_unattended(&auth(&fake), &system_clock()).await,
        Err(AuthError::BadRedirect(_))
    ));
    fake.push(
        TOKEN,
        Reply::json(
            400,
            r#"{"error":"invalid_grant","error_description":"AuthorizationCodeInvalid"}"#,
        ),
    );
    *fake.state.approve_with_code.lock().unwrap() = Some("stale".into());
    assert!(matches!(
        login_unattended(&auth(&fake), &system_clock()).await,
        Err(AuthError::Rejected { .. })
    ));
}

#[tokio::test]
async fn the_https_callback_receives_the_code_with_the_generated_certificate() {
    let fake = Fake::start().await;
    fake.push(TOKEN, token_reply("access-5", "refresh-5"));
    let dir = tempfile::tempdir().unwrap();
    let options = CallbackOptions {
        redirect_url: url::Url::parse("https://127.0.0.1:0/callback").unwrap(),
        cert_dir: dir.path().to_path_buf(),
        timeout: Duration::from_secs(20),
    };
    let auth = auth(&fake);
    let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
    let clock = system_clock();
    let login = login_with_callback(&auth, &options, &clock, move |ready| {
        let _ = ready_tx.send(ready.clone());
    });
    let browser = async {
        let ready = ready_rx.await.unwrap();
        let state: String = ready
            .authorize_url
            .query_pairs()
            .find(|(k, _)| k == "state")
            .map(|(_, v)| v.into_owned())
            .unwrap();
        let pem = std::fs::read(&ready.cert_path).unwrap();
        let https = reqwest::Client::builder()
            .tls_certs_only([reqwest::Certificate::from_pem(&pem).unwrap()])
            .build()
            .unwrap();
        let base = format!("https://127.0.0.1:{}/callback", ready.listening.port());
        let callback = |query: String| https.get(format!("{base}?{query}")).send();
        let forged = callback("code=evil&state=wrong".into()).await.unwrap();
        assert_eq!(forged.status().as_u16(), 400);
        let real = callback(format!("code=good-code&state={state}"))
            .await
            .unwrap();
        assert_eq!(real.status().as_u16(), 200);
        assert!(real.text().await.unwrap().contains("Signed in"));
        pem
    };
    let (tokens, pem) = tokio::join!(login, browser);
    assert_eq!(tokens.unwrap().access_token.expose(), "access-5");
    assert_eq!(form(&fake.seen_at(TOKEN)[0].body)["code"], "good-code");

    // The certificate is kept and reused; its key is private.
    let again = vault_raider::bungie::auth::cert::load_or_create(dir.path()).unwrap();
    assert_eq!(again.cert_pem.as_bytes(), pem.as_slice());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = dir.path().join(vault_raider::bungie::auth::cert::KEY_FILE);
        assert_eq!(
            std::fs::metadata(key).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[tokio::test]
async fn the_callback_times_out_and_refuses_non_loopback_urls() {
    let fake = Fake::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut options = CallbackOptions {
        redirect_url: url::Url::parse("https://127.0.0.1:0/callback").unwrap(),
        cert_dir: dir.path().to_path_buf(),
        timeout: Duration::from_millis(200),
    };
    assert!(matches!(
        login_with_callback(&auth(&fake), &options, &system_clock(), |_| {}).await,
        Err(AuthError::TimedOut)
    ));
    options.redirect_url = url::Url::parse("https://example.com/callback").unwrap();
    assert!(matches!(
        login_with_callback(&auth(&fake), &options, &system_clock(), |_| {}).await,
        Err(AuthError::Config(_))
    ));
}

#[tokio::test]
async fn concurrent_rejections_share_one_refresh() {
    let fake = Fake::start().await;
    fake.push(
        MEMBERSHIPS,
        Reply::error(401, 2111, "AccessTokenHasExpired", 0).after(Duration::from_millis(50)),
    );
    fake.push(
        MEMBERSHIPS,
        Reply::error(401, 2111, "AccessTokenHasExpired", 0).after(Duration::from_millis(50)),
    );
    fake.always(MEMBERSHIPS, memberships_reply());
    fake.push(TOKEN, token_reply("access-2", "refresh-2"));
    let (_, _, client) = signed_in(&fake, tokens("access-1", "refresh-1", TimeDelta::hours(1)));
    let (a, b) = tokio::join!(
        client.get_memberships_for_current_user(),
        client.get_memberships_for_current_user()
    );
    a.unwrap();
    b.unwrap();
    assert_eq!(
        fake.seen_at(TOKEN).len(),
        1,
        "the second rejection reuses the first refresh"
    );
}

#[test]
fn without_the_os_store_tokens_go_to_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = vault_raider::bungie::auth::open_token_store(dir.path(), false);
    assert!(
        store.describe().contains("tokens.json"),
        "{}",
        store.describe()
    );
}
