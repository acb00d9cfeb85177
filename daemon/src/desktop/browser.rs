//! Opening an address in the player's browser through the `open` crate (`xdg-open`, `open`, or
//! the Windows URL handler). The address may carry a token, so it is never logged, nor is the
//! opener's error text (which names it).

/// Opens `url` in the browser and waits for the opener to hand it over; `false` when it could
/// not (logged without the address).
pub async fn open_in_browser(url: String) -> bool {
    match tokio::task::spawn_blocking(move || open::that(url)).await {
        Ok(Ok(())) => true,
        Ok(Err(e)) => {
            tracing::warn!(kind = %e.kind(), "the browser opener failed");
            false
        }
        Err(e) => {
            tracing::warn!(error = %e, "opening the browser stopped");
            false
        }
    }
}
