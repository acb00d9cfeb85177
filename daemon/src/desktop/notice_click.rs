//! Waits for the click on a notification's button (the `ActionInvoked` signal of
//! `org.freedesktop.Notifications`) and reports it, so "Sign in" on a signed-out notification
//! does what the tray's entry does. Bounded: it stops when the notification closes, after an
//! hour, or when the session bus fails, and never panics on what the bus sends.

use super::sink::ClickedActions;
use super::text::NoticeAction;
use futures_util::StreamExt;
use std::time::Duration;

/// The notification server's interface.
const INTERFACE: &str = "org.freedesktop.Notifications";
/// How long a notification's button is listened for.
pub const LISTEN_FOR: Duration = Duration::from_secs(3600);

/// Waits for `action`'s button (or the notification's body, the "default" action) on
/// notification `id`, and sends its command to `clicked` when it is clicked.
pub async fn report_click(id: u32, action: NoticeAction, clicked: ClickedActions) {
    match tokio::time::timeout(LISTEN_FOR, wait_for_click(id, action)).await {
        Ok(Ok(true)) => {
            let _ = clicked.send(action.into());
        }
        Ok(Ok(false)) | Err(_) => {}
        Ok(Err(error)) => tracing::debug!(%error, "stopped listening for a notification's button"),
    }
}

/// True when the button (or the body) was clicked, false when the notification closed first.
async fn wait_for_click(id: u32, action: NoticeAction) -> zbus::Result<bool> {
    let connection = zbus::Connection::session().await?;
    let proxy = zbus::fdo::DBusProxy::new(&connection).await?;
    for member in ["ActionInvoked", "NotificationClosed"] {
        let rule = zbus::MatchRule::builder()
            .msg_type(zbus::message::Type::Signal)
            .interface(INTERFACE)
            .member(member)
            .build()?;
        proxy.add_match_rule(rule).await?;
    }
    let mut messages = zbus::MessageStream::from(&connection);
    while let Some(message) = messages.next().await {
        let message = message?;
        let header = message.header();
        if header.message_type() != zbus::message::Type::Signal
            || header.interface().map(|i| i.as_str()) != Some(INTERFACE)
        {
            continue;
        }
        match header.member().map(|m| m.as_str()) {
            Some("ActionInvoked") => {
                if let Ok((nid, key)) = message.body().deserialize::<(u32, String)>()
                    && nid == id
                    && (key == action.key() || key == "default")
                {
                    return Ok(true);
                }
            }
            Some("NotificationClosed") => {
                if let Ok((nid, _reason)) = message.body().deserialize::<(u32, u32)>()
                    && nid == id
                {
                    return Ok(false);
                }
            }
            _ => {}
        }
    }
    Ok(false)
}
