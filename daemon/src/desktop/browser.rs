//! Opening an address in the player's browser (`xdg-open`, `open`, or the Windows URL handler).
//! The address may carry a token, so it is never logged.

use std::process::{Command, Stdio};

/// The command that opens `url` on this platform.
fn opener(url: &str) -> Command {
    let mut command = if cfg!(target_os = "macos") {
        Command::new("open")
    } else if cfg!(windows) {
        let mut c = Command::new("rundll32");
        c.arg("url.dll,FileProtocolHandler");
        c
    } else {
        Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Opens `url` in the browser and waits for the opener to hand it over; failures are logged
/// without the address.
pub async fn open_in_browser(url: String) {
    let outcome = tokio::task::spawn_blocking(move || opener(&url).status()).await;
    match outcome {
        Ok(Ok(status)) if status.success() => {}
        Ok(Ok(status)) => tracing::warn!(%status, "the browser opener failed"),
        Ok(Err(e)) => tracing::warn!(error = %e, "no browser opener could be started"),
        Err(e) => tracing::warn!(error = %e, "opening the browser stopped"),
    }
}
