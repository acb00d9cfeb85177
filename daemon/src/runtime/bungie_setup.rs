//! Connecting to Bungie: the HTTP client, the OAuth client, the session with its token store, the
//! account to follow, and the manifest kept current.

use super::error::{RuntimeError, RuntimeResult};
use crate::bungie::auth::{
    AuthClient, AuthConfig, Secret, Session, login_unattended, open_token_store,
};
use crate::bungie::manifest::ManifestStore;
use crate::bungie::{Client, ClientConfig, TokenSource, http_client, user_agent};
use crate::clock::SharedClock;
use crate::config::Config;
use crate::store::Store;
use crate::store::model::Account;
use crate::sync::manifest_status::{ManifestState, ManifestStatus};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// The Bungie side of a running daemon.
pub struct BungieParts {
    /// The API client (paced, counted, refreshing tokens through the session).
    pub client: Arc<Client>,
    /// The player's session (tokens, refresh, sign-out).
    pub session: Arc<Session>,
}

/// Whether tokens go to the OS secret store: only for the real Bungie.net. Its one entry is shared by
/// every data directory, so tokens from a simulator (`--bungie-url`) stay in their data directory's
/// file and never replace the player's real sign-in.
pub fn uses_os_secret_store(config: &Config) -> bool {
    config.bungie_url.trim_end_matches('/') == crate::config::BUNGIE_URL
}

/// Builds the client and session from the configuration. Missing credentials are named.
pub fn connect(
    config: &Config,
    data_dir: &Path,
    try_os_secret_store: bool,
) -> RuntimeResult<BungieParts> {
    let api_key = config
        .api_key
        .clone()
        .ok_or_else(|| RuntimeError::NoApiKey)?;
    let client_id = config
        .client_id
        .clone()
        .ok_or_else(|| RuntimeError::NoClientId)?;
    build(
        config,
        data_dir,
        try_os_secret_store,
        api_key,
        client_id,
        crate::clock::system(),
    )
}

/// The daemon's [`connect`]: without an API key or client id it still builds the parts (they
/// are never used: the session stays `not_configured`) and says `false`. The session reads the
/// time from `clock`.
pub fn connect_daemon(
    config: &Config,
    data_dir: &Path,
    try_os_secret_store: bool,
    clock: SharedClock,
) -> RuntimeResult<(BungieParts, bool)> {
    match (&config.api_key, &config.client_id) {
        (Some(api_key), Some(client_id)) if !api_key.is_empty() && !client_id.is_empty() => Ok((
            build(
                config,
                data_dir,
                try_os_secret_store,
                api_key.clone(),
                client_id.clone(),
                clock,
            )?,
            true,
        )),
        _ => Ok((
            build(
                config,
                data_dir,
                try_os_secret_store,
                String::new(),
                "unconfigured".into(),
                clock,
            )?,
            false,
        )),
    }
}

fn build(
    config: &Config,
    data_dir: &Path,
    try_os_secret_store: bool,
    api_key: String,
    client_id: String,
    clock: SharedClock,
) -> RuntimeResult<BungieParts> {
    let user_agent = user_agent(&client_id);
    let http = http_client(&user_agent, Duration::from_secs(30))?;
    let auth = AuthClient::new(
        &AuthConfig {
            base_url: config.bungie_url.clone(),
            client_id,
            client_secret: config.client_secret.clone().map(Secret::new),
            api_key: Secret::new(api_key.clone()),
        },
        http,
    )?;
    let tokens = open_token_store(data_dir, try_os_secret_store);
    let session = Arc::new(Session::new(auth, tokens, clock));
    let source: Arc<dyn TokenSource> = session.clone();
    let mut client_config = ClientConfig::new(config.bungie_url.clone(), Secret::new(api_key));
    client_config.user_agent = user_agent;
    client_config.stats_url = Some(config.stats_root());
    let client = Arc::new(Client::new(client_config, Some(source))?);
    Ok(BungieParts { client, session })
}

/// Signs in through a simulator that approves at once (demo mode), when not signed in already.
pub async fn sign_in_unattended(parts: &BungieParts) -> RuntimeResult<()> {
    if matches!(
        *parts.session.status().borrow(),
        crate::bungie::auth::SessionStatus::SignedIn { .. }
    ) {
        return Ok(());
    }
    let tokens = login_unattended(parts.session.auth(), parts.session.clock()).await?;
    parts.session.sign_in(tokens).await?;
    Ok(())
}

/// The account to manage: the one stored, else Bungie's default (the cross-save primary), which is
/// then stored with the list of the user's games (a membership cross save overrides follows its
/// primary and is not listed; one Bungie no longer serves is listed and marked unavailable).
pub async fn select_account(client: &Client, store: &Store) -> RuntimeResult<Account> {
    if let Some(account) = store.account()? {
        return Ok(account);
    }
    let overview = client.membership_overview().await?;
    let account = |m: &crate::bungie::wire::GroupUserInfoCard| {
        Some(Account {
            membership_type: m.membership_type,
            membership_id: u64::try_from(m.membership_id).ok()?,
            display_name: m.bungie_name(),
        })
    };
    let accounts: Vec<Account> = overview.games.iter().filter_map(account).collect();
    // A choice restored from the user data, before the accounts list was known, wins over
    // Bungie's default when it is still one of the user's games.
    let restored = store.selected_account_key()?;
    let kept = accounts
        .iter()
        .find(|a| Some(crate::store::accounts::account_key(a)) == restored)
        .cloned();
    let chosen = kept
        .or_else(|| overview.chosen.as_ref().and_then(account))
        .ok_or_else(|| RuntimeError::NoDestinyAccount)?;
    let unavailable: Vec<Account> = overview
        .games
        .iter()
        .filter(|game| overview.unavailable.contains(&game.membership_id))
        .filter_map(account)
        .collect();
    store.set_accounts_marking_unavailable(&accounts, Some(&chosen), &unavailable)?;
    tracing::info!(account = %chosen.display_name, membership_type = chosen.membership_type, "following this Destiny account");
    Ok(chosen)
}

/// Brings the manifest store up to Bungie's current version, telling `report` how it goes (the
/// version, the download's progress, the install, the outcome). A failed update keeps the
/// installed manifest (if any), is reported as failed and returned.
pub async fn update_manifest(
    client: &Client,
    manifest: &ManifestStore,
    report: &(dyn Fn(ManifestStatus) + Send + Sync),
) -> RuntimeResult<()> {
    let result = download_and_install(client, manifest, report).await;
    if result.is_err() {
        report(ManifestStatus {
            version: manifest.version(),
            state: ManifestState::Failed,
            bytes: 0,
            total_bytes: None,
        });
    }
    result
}

async fn download_and_install(
    client: &Client,
    manifest: &ManifestStore,
    report: &(dyn Fn(ManifestStatus) + Send + Sync),
) -> RuntimeResult<()> {
    let current = client.get_destiny_manifest().await?;
    if !manifest.needs_update(&current.version) {
        report(ManifestStatus {
            version: Some(current.version.clone()),
            state: ManifestState::Current,
            bytes: 0,
            total_bytes: None,
        });
        return Ok(());
    }
    let path = current
        .world_content_path("en")
        .ok_or_else(|| RuntimeError::NoEnglishManifest)?
        .to_string();
    tracing::info!(version = %current.version, "downloading the manifest");
    // A bar on the terminal while the database downloads (indicatif draws nothing elsewhere).
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("manifest {bar:30} {bytes}/{total_bytes}")
    {
        bar.set_style(style);
    }
    let status = |state, bytes, total_bytes| ManifestStatus {
        version: Some(current.version.clone()),
        state,
        bytes,
        total_bytes,
    };
    let downloaded = client
        .download(&path, &mut |got, total| {
            if let Some(total) = total {
                bar.set_length(total);
            }
            bar.set_position(got);
            report(status(ManifestState::Downloading, got, total));
        })
        .await;
    bar.finish_and_clear();
    let bytes = downloaded?;
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    report(status(ManifestState::Installing, size, Some(size)));
    manifest.install_bytes(&current.version, &bytes, &mut |_| {})?;
    report(status(ManifestState::Current, size, Some(size)));
    Ok(())
}
