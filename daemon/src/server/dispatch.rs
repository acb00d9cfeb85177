//! Running one call: the access rules (identify first, admin-only methods, the overlay token's
//! allow-list), checked before the params are read; the transport and pairing methods the
//! server answers itself; and the rest handed to the [`Backend`].

use super::backend::{Backend, BackendFuture};
use super::config::Limits;
use super::log_limit::LogLimit;
use super::overlay_token::OverlayToken;
use super::pairing::{PairingError, Pairings};
use super::registry::{ClientRecord, ClientRegistry, RegistryError};
use super::tokens::{TokenHash, new_token};
use crate::clock::SharedClock;
use crate::events::{DaemonEvent, EventBus};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, broadcast};
use tokio::time::Instant;
use vault_raider_protocol::inventory::PullParams;
use vault_raider_protocol::methods::Access;
use vault_raider_protocol::overlay::{OverlayUrlParams, OverlayUrlResult};
use vault_raider_protocol::session::{
    DaemonInfo, Empty, IdentifyParams, IdentifyResult, PairedClient, PairingCompleteParams,
    PairingCompleteResult, PairingRequestParams, PairingRequestResult, RevokeClientParams,
    SubscribeParams,
};
use vault_raider_protocol::{
    ErrorData, Method, Reason, RpcError, SUPPORTED_VERSIONS, Topic, decode_params, overlay_may_call,
};

/// The longest client name accepted when pairing (it is shown in the tray and the log).
const MAX_CLIENT_NAME: usize = 64;

/// What every connection shares: the daemon's services, the secrets' hashes, the pairings.
pub(crate) struct Shared {
    /// The rest of the daemon.
    pub backend: Arc<dyn Backend>,
    /// The paired clients.
    pub registry: Arc<dyn ClientRegistry>,
    /// The event bus (pairing codes are published on it for the tray).
    pub bus: EventBus,
    /// The pairings waiting for their code.
    pub pairings: Mutex<Pairings>,
    /// SHA-256 of this run's admin token.
    pub admin_hash: TokenHash,
    /// The overlay token (rotatable).
    pub overlay: OverlayToken,
    /// Told when the overlay token is replaced: connections that used it close.
    pub overlay_rotated: broadcast::Sender<()>,
    /// The slots of identified connections (64); a connection takes one when it identifies.
    pub identified_slots: Arc<Semaphore>,
    /// The failed-pairing log line, at most once per interval.
    pub pairing_log: Mutex<LogLimit>,
    /// The daemon's version.
    pub daemon_version: String,
    /// The limits.
    pub limits: Limits,
    /// Client ids revoked while connected: their connections close.
    pub revoked: broadcast::Sender<String>,
    /// How many connections are open now (the poll schedule reads it).
    pub connections: Arc<std::sync::atomic::AtomicUsize>,
    /// The daemon's clock: when a client paired and was last seen.
    pub clock: SharedClock,
}

/// Who a connection identified as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Principal {
    /// The admin token (the command line): may call everything.
    Admin,
    /// The overlay token minted at start: everything but the admin methods.
    Overlay,
    /// A paired client: everything but the admin methods.
    Client(String),
}

/// One connection's state.
#[derive(Debug, Default)]
pub(crate) struct Session {
    /// Set by a successful `session.identify`.
    pub principal: Option<Principal>,
    /// The event topics it wants.
    pub topics: BTreeSet<Topic>,
    /// The connection's number (which pending pairing is its own).
    pub connection: u64,
    /// The `Origin` it connected from (none for native clients).
    pub origin: Option<String>,
    /// Its identified slot, taken by the first successful `session.identify`.
    pub slot: Option<OwnedSemaphorePermit>,
}

/// Locks a mutex, recovering it if a panicking thread poisoned it (the data stays consistent:
/// every critical section here is a single assignment or map operation).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs `method` with `params` for the connection whose state is `session`.
pub(crate) async fn handle(
    shared: &Shared,
    session: &Mutex<Session>,
    method: Method,
    params: Option<Value>,
) -> Result<Value, RpcError> {
    authorize(session, method)?;
    let backend = &*shared.backend;
    match method {
        Method::SessionIdentify => to_json(identify(shared, session, params).await?),
        Method::PairingRequest => to_json(pairing_request(shared, session, params)?),
        Method::PairingComplete => to_json(pairing_complete(shared, session, params).await?),
        Method::OverlayUrl => to_json(overlay_url(shared, params)?),
        Method::PairingPending => {
            let _: Empty = decode(params)?;
            to_json(lock(&shared.pairings).pending(Instant::now()))
        }
        Method::ClientsList => to_json(clients_list(shared).await?),
        Method::ClientsRevoke => to_json(clients_revoke(shared, params).await?),
        Method::EventsSubscribe => {
            let p: SubscribeParams = decode(params)?;
            let topics: BTreeSet<Topic> = p.topics.into_iter().collect();
            lock(session).topics = topics.clone();
            to_json(SubscribeParams {
                topics: topics.into_iter().collect(),
            })
        }
        Method::SessionStatus => run(params, |_: Empty| backend.session_status()).await,
        Method::AuthLogin => {
            let caller = caller(session);
            run(params, |p| backend.auth_login(caller, p)).await
        }
        Method::AuthComplete => {
            let caller = caller(session);
            run(params, |p| backend.auth_complete(caller, p)).await
        }
        Method::AuthLogout => run(params, |_: Empty| backend.auth_logout()).await,
        Method::AccountsList => run(params, |_: Empty| backend.accounts_list()).await,
        Method::AccountsSelect => run(params, |p| backend.accounts_select(p)).await,
        Method::ProfileSnapshot => run(params, |_: Empty| backend.profile_snapshot()).await,
        Method::ProfileChanges => run(params, |p| backend.profile_changes(p)).await,
        Method::ProfileSync => run(params, |_: Empty| backend.profile_sync()).await,
        Method::ItemsSearch => run(params, |p| backend.items_search(p)).await,
        Method::ItemsGet => run(params, |p| backend.items_get(p)).await,
        Method::ItemsTransfer => run(params, |p| backend.items_transfer(p)).await,
        Method::ItemsEquip => run(params, |p| backend.items_equip(p)).await,
        Method::ItemsLock => run(params, |p| backend.items_lock(p)).await,
        Method::ItemsTag => run(params, |p| backend.items_tag(p)).await,
        Method::ItemsNote => run(params, |p| backend.items_note(p)).await,
        Method::TagsImport => run(params, |p| backend.tags_import(p)).await,
        Method::TagsExport => run(params, |_: Empty| backend.tags_export()).await,
        Method::LoadoutsMaxPower => run(params, |p| backend.loadouts_max_power(p)).await,
        Method::ProgressList => run(params, |p| backend.progress_list(p)).await,
        Method::ProgressTrack => run(params, |p| backend.progress_track(p)).await,
        Method::ActivitiesHistory => run(params, |p| backend.activities_history(p)).await,
        Method::StatsAccount => run(params, |_: Empty| backend.stats_account()).await,
        Method::VendorsList => run(params, |p| backend.vendors_list(p)).await,
        Method::CollectionsSearch => run(params, |p| backend.collections_search(p)).await,
        Method::ClanGet => run(params, |_: Empty| backend.clan_get()).await,
        Method::LoadoutsSnapshotGame => run(params, |p| backend.loadouts_snapshot_game(p)).await,
        Method::LoadoutsUpdateGame => run(params, |p| backend.loadouts_update_game(p)).await,
        Method::LoadoutsClearGame => run(params, |p| backend.loadouts_clear_game(p)).await,
        Method::LoadoutsGameIdentifiers => {
            run(params, |_: Empty| backend.loadouts_game_identifiers()).await
        }
        Method::PostmasterGuard => run(params, |p| backend.postmaster_guard(p)).await,
        Method::PostmasterSetGuard => run(params, |p| backend.postmaster_set_guard(p)).await,
        Method::FarmingStart => run(params, |p| backend.farming_start(p)).await,
        Method::FarmingStop => run(params, |_: Empty| backend.farming_stop()).await,
        Method::AutomationStatusGet => run(params, |_: Empty| backend.automation_status()).await,
        Method::PostmasterPull => {
            let p: PullParams = decode(params)?;
            match (&p.id, &p.character_id) {
                (Some(_), None) | (None, Some(_)) => {}
                _ => {
                    return Err(RpcError::invalid_params(
                        "id",
                        "give either id (one item) or characterId (a whole postmaster)",
                    ));
                }
            }
            to_json(backend.postmaster_pull(p).await.map_err(|e| e.to_rpc())?)
        }
        Method::LoadoutsList => run(params, |p| backend.loadouts_list(p)).await,
        Method::LoadoutsSave => run(params, |p| backend.loadouts_save(p)).await,
        Method::LoadoutsEquip => run(params, |p| backend.loadouts_equip(p)).await,
        Method::LoadoutsDelete => run(params, |p| backend.loadouts_delete(p)).await,
        Method::LoadoutsImport => run(params, |p| backend.loadouts_import(p)).await,
        Method::LoadoutsExport => run(params, |p| backend.loadouts_export(p)).await,
    }
}

/// Who is calling, as sign-ins are bound to it: the admin token, the overlay, or a paired client.
fn caller(session: &Mutex<Session>) -> String {
    match &lock(session).principal {
        Some(Principal::Admin) => "admin".into(),
        Some(Principal::Overlay) => "overlay".into(),
        Some(Principal::Client(id)) => format!("client:{id}"),
        None => "anonymous".into(),
    }
}

/// Refuses a method the connection may not call yet (or at all); runs before params are read.
fn authorize(session: &Mutex<Session>, method: Method) -> Result<(), RpcError> {
    let principal = lock(session).principal.clone();
    match (method.access(), principal) {
        (Access::Anyone, _) => Ok(()),
        (_, None) => Err(RpcError::new(
            Reason::Unauthorized,
            format!("identify with session.identify before calling {method}"),
        )),
        (_, Some(Principal::Overlay)) if !overlay_may_call(method.name()) => Err(RpcError::new(
            Reason::Forbidden,
            format!("the overlay token may not call {method}"),
        )),
        (Access::Identified, Some(_)) | (Access::Admin, Some(Principal::Admin)) => Ok(()),
        (Access::Admin, Some(_)) => Err(RpcError::new(
            Reason::Unauthorized,
            format!("only the admin token (the command line) may call {method}"),
        )),
    }
}

/// Decodes params into the method's type, or -32602 naming the field.
fn decode<P: DeserializeOwned>(params: Option<Value>) -> Result<P, RpcError> {
    decode_params(params).map_err(|e| RpcError::invalid_params(e.field, e.message))
}

/// A result as JSON.
fn to_json<R: Serialize>(result: R) -> Result<Value, RpcError> {
    serde_json::to_value(result)
        .map_err(|e| RpcError::internal(format!("the result could not be encoded: {e}")))
}

/// Decodes the params, runs the backend method, encodes its result.
async fn run<'a, P: DeserializeOwned, R: Serialize>(
    params: Option<Value>,
    method: impl FnOnce(P) -> BackendFuture<'a, R>,
) -> Result<Value, RpcError> {
    let params = decode(params)?;
    let result = method(params).await.map_err(|e| e.to_rpc())?;
    to_json(result)
}

async fn identify(
    shared: &Shared,
    session: &Mutex<Session>,
    params: Option<Value>,
) -> Result<IdentifyResult, RpcError> {
    let p: IdentifyParams = decode(params)?;
    if !SUPPORTED_VERSIONS.contains(&p.protocol) {
        return Err(RpcError::with_data(
            Reason::UnsupportedProtocol,
            format!(
                "protocol {} is not spoken here; this daemon speaks {SUPPORTED_VERSIONS:?}",
                p.protocol
            ),
            ErrorData {
                versions: Some(SUPPORTED_VERSIONS.to_vec()),
                ..ErrorData::default()
            },
        ));
    }
    let origin = lock(session).origin.clone();
    let principal = resolve_token(shared, &p.token, origin).await?;
    let needs_slot = lock(session).slot.is_none();
    let slot = if needs_slot {
        let slot = Arc::clone(&shared.identified_slots)
            .try_acquire_owned()
            .map_err(|_| {
                RpcError::new(
                    Reason::Busy,
                    "too many clients are connected; close one and identify again",
                )
            })?;
        Some(slot)
    } else {
        None
    };
    let summary = shared
        .backend
        .session_summary()
        .await
        .map_err(|e| e.to_rpc())?;
    let topics = p
        .subscribe
        .map(|topics| topics.into_iter().collect())
        .unwrap_or_else(|| Topic::ALL.into_iter().collect());
    {
        let mut session = lock(session);
        session.principal = Some(principal);
        session.topics = topics;
        if slot.is_some() {
            session.slot = slot;
        }
    }
    Ok(IdentifyResult {
        protocol: p.protocol,
        daemon: DaemonInfo {
            version: shared.daemon_version.clone(),
        },
        session: summary.session,
        rev: summary.rev,
    })
}

/// Who holds `token`: the admin, the overlay or a paired client (only from the origin it paired
/// from).
async fn resolve_token(
    shared: &Shared,
    token: &str,
    origin: Option<String>,
) -> Result<Principal, RpcError> {
    let unauthorized =
        || RpcError::new(Reason::Unauthorized, "unknown or revoked token; pair again");
    if token.is_empty() || token.len() > 256 {
        return Err(unauthorized());
    }
    let hash = TokenHash::of(token);
    if hash == shared.admin_hash {
        return Ok(Principal::Admin);
    }
    if hash == shared.overlay.hash() {
        return Ok(Principal::Overlay);
    }
    let found = on_registry(shared, move |r| r.find_by_token(&hash)).await?;
    let record = found.ok_or_else(unauthorized)?;
    if record.origin != origin {
        tracing::warn!(
            client_id = %record.client_id,
            "refused a client token used from another origin than the one it paired from"
        );
        return Err(RpcError::new(
            Reason::Unauthorized,
            "this token was paired from another origin; pair again from here",
        ));
    }
    let client_id = record.client_id.clone();
    let seen_at = (shared.clock)();
    on_registry(shared, move |r| r.touch(&record.client_id, seen_at)).await?;
    Ok(Principal::Client(client_id))
}

fn pairing_request(
    shared: &Shared,
    session: &Mutex<Session>,
    params: Option<Value>,
) -> Result<PairingRequestResult, RpcError> {
    let p: PairingRequestParams = decode(params)?;
    let name = p.client.name.trim();
    if name.is_empty() || name.chars().count() > MAX_CLIENT_NAME {
        return Err(RpcError::invalid_params(
            "client.name",
            format!("the client's name must be 1 to {MAX_CLIENT_NAME} characters"),
        ));
    }
    let name = name.to_string();
    let owner = lock(session).connection;
    let new = lock(&shared.pairings)
        .request(p.client, owner, Instant::now())
        .map_err(|e| pairing_refused(shared, e))?;
    tracing::info!(
        pairing_id = %new.pairing_id,
        client = %name,
        "pairing requested by {name:?}: enter code {} in the client (expires in {} s)",
        new.code,
        new.expires_in
    );
    shared.bus.publish(DaemonEvent::PairingRequested {
        pairing_id: new.pairing_id.clone(),
        client: name,
        code: new.code,
        expires_in: new.expires_in,
    });
    Ok(PairingRequestResult {
        pairing_id: new.pairing_id,
        expires_in: new.expires_in,
    })
}

async fn pairing_complete(
    shared: &Shared,
    session: &Mutex<Session>,
    params: Option<Value>,
) -> Result<PairingCompleteResult, RpcError> {
    let p: PairingCompleteParams = decode(params)?;
    let now = Instant::now();
    let (completed, lockout) = {
        let mut pairings = lock(&shared.pairings);
        let completed = pairings.complete(&p.pairing_id, &p.code, now);
        (completed, pairings.take_lockout_notice(now))
    };
    if let Some(retry_after) = lockout {
        announce_lockout(shared, retry_after);
    }
    let client = completed.map_err(|e| pairing_refused(shared, e))?;
    let origin = lock(session).origin.clone();
    let token = new_token();
    let record = ClientRecord {
        client_id: uuid::Uuid::new_v4().to_string(),
        token_hash: TokenHash::of(&token),
        client,
        paired_at: (shared.clock)(),
        last_seen: None,
        origin,
    };
    tracing::info!(client_id = %record.client_id, client = %record.client.name, "paired a client");
    on_registry(shared, move |r| r.add(record)).await?;
    Ok(PairingCompleteResult { token })
}

async fn clients_list(shared: &Shared) -> Result<Vec<PairedClient>, RpcError> {
    let records = on_registry(shared, |r| r.list()).await?;
    Ok(records
        .into_iter()
        .map(|r| PairedClient {
            client_id: r.client_id,
            client: r.client,
            paired_at: super::convert::wire_time(r.paired_at),
            last_seen: r.last_seen.map(super::convert::wire_time),
        })
        .collect())
}

async fn clients_revoke(shared: &Shared, params: Option<Value>) -> Result<Empty, RpcError> {
    let p: RevokeClientParams = decode(params)?;
    let client_id = p.client_id.clone();
    let removed = on_registry(shared, move |r| r.revoke(&client_id)).await?;
    if !removed {
        return Err(RpcError::invalid_params(
            "clientId",
            "no paired client has this id",
        ));
    }
    tracing::info!(client_id = %p.client_id, "revoked a client");
    let _ = shared.revoked.send(p.client_id);
    Ok(Empty {})
}

/// Runs a registry call on the blocking pool.
async fn on_registry<T: Send + 'static>(
    shared: &Shared,
    call: impl FnOnce(&dyn ClientRegistry) -> Result<T, RegistryError> + Send + 'static,
) -> Result<T, RpcError> {
    let registry = Arc::clone(&shared.registry);
    let outcome = tokio::task::spawn_blocking(move || call(&*registry)).await;
    match outcome {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "the client registry failed");
            Err(RpcError::internal(e.to_string()))
        }
        Err(e) => {
            tracing::error!(error = %e, "a client registry call did not finish");
            Err(RpcError::internal("the client registry failed"))
        }
    }
}

/// The wire error of a refused pairing step; failures are logged at most once per interval.
fn pairing_refused(shared: &Shared, error: PairingError) -> RpcError {
    if let Some(left_out) = lock(&shared.pairing_log).allow(Instant::now()) {
        tracing::info!(
            left_out,
            "a pairing step was refused: {error} ({left_out} similar lines left out)"
        );
    }
    match error {
        PairingError::RateLimited { retry_after } => RpcError::with_data(
            Reason::RateLimited,
            error.to_string(),
            ErrorData {
                retry_after_ms: Some(u64::try_from(retry_after.as_millis()).unwrap_or(u64::MAX)),
                ..ErrorData::default()
            },
        ),
        other => RpcError::new(Reason::PairingFailed, other.to_string()),
    }
}

/// Tells the player (once per spent budget) that pairing is paused.
fn announce_lockout(shared: &Shared, retry_after: std::time::Duration) {
    tracing::warn!(
        retry_after_secs = retry_after.as_secs(),
        "too many wrong pairing codes: pairing is paused for {} s (someone may be guessing codes)",
        retry_after.as_secs()
    );
    shared.bus.publish(DaemonEvent::PairingLocked {
        retry_after_secs: retry_after.as_secs(),
    });
}

/// `overlay.url`: the overlay's address, after replacing its token when asked (the connections
/// that used the old one are closed).
fn overlay_url(shared: &Shared, params: Option<Value>) -> Result<OverlayUrlResult, RpcError> {
    let p: OverlayUrlParams = decode(params)?;
    if !p.rotate {
        return Ok(OverlayUrlResult {
            url: shared.overlay.url(),
        });
    }
    let url = shared.overlay.rotate().map_err(|e| {
        tracing::error!(error = %e, "the overlay token could not be replaced");
        RpcError::internal(format!("the overlay token could not be replaced: {e}"))
    })?;
    tracing::info!("the overlay token was replaced; overlays using the old one are closed");
    let _ = shared.overlay_rotated.send(());
    Ok(OverlayUrlResult { url })
}
