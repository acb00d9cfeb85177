//! `vault-raider login` and `vault-raider logout`: sign in to Bungie.net (browser with our HTTPS
//! callback, a pasted address, or unattended against a simulator that approves by itself) and keep
//! the tokens where the daemon finds them; or delete them.

use super::args::{DataArgs, LoginArgs};
use super::client::{DaemonClient, locate};
use super::session_text::state_name;
use crate::bungie::auth::{
    AuthClient, AuthError, CallbackOptions, Clock, Tokens, begin_login, login_unattended,
    login_with_callback, login_with_paste, open_token_store, parse_pasted_redirect,
};
use crate::config::{BUNGIE_URL, Config};
use crate::runtime::bungie_setup::{connect, uses_os_secret_store};
use serde::Deserialize;
use std::io::BufRead;
use std::path::PathBuf;
use std::time::Duration;
use vault_raider_protocol::events::Topic;
use vault_raider_protocol::session::{
    CompleteAuthParams, Empty, LoginParams, LoginResult, SessionState, SessionStatus,
    SubscribeParams,
};
use vault_raider_protocol::{Event, Method, Notification};

/// How long the browser sign-in may take.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(300);

/// The configuration with `login`'s overrides applied, and the data directory.
fn login_config(args: &LoginArgs, base: &Config) -> anyhow::Result<(Config, PathBuf)> {
    let mut config = base.clone();
    if let Some(url) = &args.bungie_url {
        config.bungie_url = url.clone();
    }
    if let Some(dir) = &args.data_dir {
        config.data_dir = Some(dir.clone());
    }
    let data_dir = config
        .data_dir()
        .ok_or_else(|| anyhow::anyhow!("no data directory: pass --data-dir"))?;
    Ok((config, data_dir))
}

/// Signs in. When a daemon runs on the data directory, it drives that daemon over the protocol
/// (`auth.login`, then waits for `session.changed`): the daemon signs in live. Otherwise it runs
/// its own callback and stores the tokens where the daemon finds them at its start.
pub async fn login(args: LoginArgs, base: &Config) -> anyhow::Result<()> {
    let (config, data_dir) = login_config(&args, base)?;
    let (port, located) = locate(
        args.port,
        Some(&data_dir),
        Config::default().data_dir().as_deref(),
        config.port,
    );
    let daemon = tokio::time::timeout(
        Duration::from_secs(5),
        DaemonClient::connect(port, located.as_deref()),
    )
    .await;
    if let Ok(Ok(client)) = daemon {
        return login_through_daemon(client, &args, &config).await;
    }
    std::fs::create_dir_all(&data_dir)?;
    let parts = connect(&config, &data_dir, uses_os_secret_store(&config))?;
    let auth = parts.session.auth();
    let clock = parts.session.clock();
    let tokens = if args.paste {
        paste(auth, clock).await?
    } else if is_official(&config) {
        browser(auth, clock, &config, &data_dir).await?
    } else {
        // A simulator that approves by itself needs no browser; one that does not gets the browser.
        match login_unattended(auth, clock).await {
            Ok(tokens) => tokens,
            Err(e @ AuthError::BadRedirect(_)) => {
                tracing::info!(error = %e, "the server does not approve by itself; using the browser");
                browser(auth, clock, &config, &data_dir).await?
            }
            Err(e) => return Err(e.into()),
        }
    };
    let id = tokens.bungie_membership_id;
    parts.session.sign_in(tokens).await?;
    println!(
        "Signed in to {} (Bungie.net membership {id}); tokens kept in {}.",
        config.bungie_url,
        parts.session.store_description()
    );
    Ok(())
}

/// Signs the running daemon in: prints the authorize URL, and waits for the daemon's session to
/// leave `signed_out`. With `--paste`, the pasted address's code is handed over (`auth.complete`);
/// against a simulator that approves by itself, its redirect is.
async fn login_through_daemon(
    mut client: DaemonClient,
    args: &LoginArgs,
    config: &Config,
) -> anyhow::Result<()> {
    client
        .call(
            Method::EventsSubscribe,
            &SubscribeParams {
                topics: vec![Topic::Session],
            },
        )
        .await?;
    // With a code to hand over, the client completes (no daemon callback is started for it).
    let completes = args.paste || !is_official(config);
    let params = LoginParams {
        redirect: completes.then(|| config.redirect_url.clone()),
    };
    let LoginResult {
        authorize_url,
        state,
    } = client.request(Method::AuthLogin, &params).await?;
    let code = if args.paste {
        println!("Open this address in your browser to sign in:");
        println!("  {authorize_url}");
        println!("Then paste the address your browser ends on and press Enter:");
        let line = tokio::task::spawn_blocking(|| {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).map(|_| line)
        })
        .await??;
        Some(parse_pasted_redirect(&line, &state)?)
    } else if completes {
        approved_at_once(&authorize_url, &state).await
    } else {
        None
    };
    match code {
        Some(code) => {
            client
                .call(
                    Method::AuthComplete,
                    &CompleteAuthParams {
                        code: code.expose().to_string(),
                        state,
                    },
                )
                .await?;
        }
        None if completes => {
            // The simulator asks the player: the daemon's callback receives the redirect.
            let login: LoginResult = client
                .request(Method::AuthLogin, &LoginParams::default())
                .await?;
            println!("Open this address in your browser to sign in:");
            println!("  {}", login.authorize_url);
        }
        None => {
            println!("Open this address in your browser to sign in:");
            println!("  {authorize_url}");
            println!(
                "Your browser will warn once about the daemon's certificate (made on this computer for the sign-in)."
            );
        }
    }
    let (state, message) = tokio::time::timeout(BROWSER_TIMEOUT, async {
        let status: SessionStatus = client.request(Method::SessionStatus, &Empty {}).await?;
        if status.state != SessionState::SignedOut {
            return Ok::<_, anyhow::Error>((status.state, status.message.unwrap_or_default()));
        }
        loop {
            let event = client.next_event().await?;
            // Other events, and any this build does not know, are not the sign-in's.
            if let Ok(Notification {
                event: Event::SessionChanged(changed),
                ..
            }) = Notification::deserialize(&event)
                && changed.state != SessionState::SignedOut
            {
                return Ok((changed.state, changed.message));
            }
        }
    })
    .await
    .map_err(|_| anyhow::anyhow!("no sign-in within {} s", BROWSER_TIMEOUT.as_secs()))??;
    if state == SessionState::SignedIn {
        println!("The running daemon is signed in to {}.", config.bungie_url);
        Ok(())
    } else {
        anyhow::bail!("the daemon is {}: {message}", state_name(state))
    }
}

/// The code, when the server approves by itself (a simulator in demo mode): its authorize URL
/// redirects at once. `None` when it shows a page instead.
async fn approved_at_once(authorize_url: &str, state: &str) -> Option<crate::bungie::auth::Secret> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .ok()?;
    let response = http.get(authorize_url).send().await.ok()?;
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)?
        .to_str()
        .ok()?
        .to_string();
    parse_pasted_redirect(&location, state).ok()
}

/// Whether the configuration points at the real Bungie.net.
fn is_official(config: &Config) -> bool {
    config.bungie_url.trim_end_matches('/') == BUNGIE_URL
}

/// The browser flow: print the address, receive the redirect on our HTTPS callback.
async fn browser(
    auth: &AuthClient,
    clock: &Clock,
    config: &Config,
    data_dir: &std::path::Path,
) -> anyhow::Result<Tokens> {
    let redirect_url = url::Url::parse(&config.redirect_url).map_err(|e| {
        anyhow::anyhow!(
            "redirect_url {:?} is not an address: {e}",
            config.redirect_url
        )
    })?;
    let options = CallbackOptions {
        redirect_url,
        cert_dir: data_dir.to_path_buf(),
        timeout: BROWSER_TIMEOUT,
    };
    let tokens = login_with_callback(auth, &options, clock, |ready| {
        println!("Open this address in your browser to sign in:");
        println!("  {}", ready.authorize_url);
        println!(
            "Your browser will warn once about the certificate at {} (made on this computer for the sign-in).",
            ready.cert_path.display()
        );
    })
    .await?;
    Ok(tokens)
}

/// The paste flow: print the address, read the final address typed in.
async fn paste(auth: &AuthClient, clock: &Clock) -> anyhow::Result<Tokens> {
    let pending = begin_login(auth);
    println!("Open this address in your browser to sign in:");
    println!("  {}", pending.authorize_url);
    println!("Then paste the address your browser ends on and press Enter:");
    let line = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map(|_| line)
    })
    .await??;
    Ok(login_with_paste(auth, &pending, &line, clock).await?)
}

/// Deletes the stored tokens, and signs a running daemon on this data directory out as well.
pub async fn logout(args: DataArgs, base: &Config) -> anyhow::Result<()> {
    let mut config = base.clone();
    if let Some(dir) = &args.data_dir {
        config.data_dir = Some(dir.clone());
    }
    let data_dir = config
        .data_dir()
        .ok_or_else(|| anyhow::anyhow!("no data directory: pass --data-dir"))?;
    let (port, located) = locate(
        None,
        Some(&data_dir),
        Config::default().data_dir().as_deref(),
        config.port,
    );
    let daemon = tokio::time::timeout(Duration::from_secs(5), async {
        let mut client = DaemonClient::connect(port, located.as_deref()).await?;
        client.call(Method::AuthLogout, &Empty {}).await
    })
    .await;
    if matches!(daemon, Ok(Ok(_))) {
        println!("The running daemon signed out.");
    }
    open_token_store(&data_dir, uses_os_secret_store(&config)).delete()?;
    println!("Signed out: the stored Bungie.net tokens are deleted.");
    Ok(())
}
