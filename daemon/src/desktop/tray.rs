//! The tray icon and its menu (feature `tray`): built from the [`MenuModel`] and rebuilt whenever
//! it changes; clicks go back into tokio as [`TrayCommand`]s.
//!
//! On Linux the icon is a StatusNotifierItem over D-Bus (tray-icon's `ksni` backend), which needs
//! no event loop, so [`run_tray`] may run on any thread that is not a tokio worker. On Windows the
//! icon lives in the notification area and needs a Win32 message loop on the thread that created
//! it: [`run_tray`] runs one there ([`super::tray_pump`] decides each step), and a task on the
//! runtime posts it a message whenever the menu's model changes. macOS would need its event loop on
//! the main thread; [`super::start`] starts the tray on Linux and Windows.

use super::commands::TrayCommand;
use super::error::DesktopError;
use super::model::{MenuModel, vault_line};
use tokio::sync::{mpsc, watch};
use tray_icon::menu::{
    CheckMenuItem, IsMenuItem, Menu, MenuEvent, MenuItem, PredefinedMenuItem, Submenu,
};
use tray_icon::{Icon, TrayIconBuilder};

/// The tray's id (part of its D-Bus name on Linux).
pub const TRAY_ID: &str = "vault-raider";
/// The icon's side in pixels.
const ICON_SIZE: u32 = 32;

/// A gold diamond on transparent, drawn here so no image file ships.
fn icon() -> Result<Icon, DesktopError> {
    let mut rgba = Vec::with_capacity((ICON_SIZE * ICON_SIZE * 4) as usize);
    let half = ICON_SIZE as i32 / 2;
    for y in 0..ICON_SIZE as i32 {
        for x in 0..ICON_SIZE as i32 {
            let distance = (x - half).abs() + (y - half).abs();
            let pixel: [u8; 4] = if distance < half - 2 {
                [0xE8, 0xB3, 0x3C, 0xFF]
            } else if distance < half {
                [0x3A, 0x2A, 0x10, 0xFF]
            } else {
                [0, 0, 0, 0]
            };
            rgba.extend_from_slice(&pixel);
        }
    }
    Icon::from_rgba(rgba, ICON_SIZE, ICON_SIZE).map_err(DesktopError::TrayImage)
}

/// A menu label from text that may come from outside (`&` would start a mnemonic).
fn label(text: &str) -> String {
    text.replace('&', "&&")
}

/// An enabled item that carries `command`.
fn action(command: TrayCommand, text: &str) -> MenuItem {
    MenuItem::with_id(command.menu_id(), text, true, None)
}

/// The menu for `model`.
pub fn build_menu(model: &MenuModel) -> Result<Menu, DesktopError> {
    let menu = Menu::new();
    let mut items: Vec<Box<dyn IsMenuItem>> = Vec::new();
    items.push(Box::new(MenuItem::new(label(&model.account), false, None)));
    items.push(if model.sign_in {
        Box::new(action(TrayCommand::SignIn, &model.status))
    } else {
        Box::new(MenuItem::new(&model.status, false, None))
    });
    items.push(Box::new(PredefinedMenuItem::separator()));
    for character in &model.characters {
        items.push(Box::new(MenuItem::new(
            label(&character.summary()),
            false,
            None,
        )));
    }
    if let Some(vault) = vault_line(model.vault) {
        items.push(Box::new(MenuItem::new(vault, false, None)));
    }
    if !model.characters.is_empty() {
        items.push(Box::new(PredefinedMenuItem::separator()));
    }
    for character in &model.characters {
        let submenu = Submenu::new(
            format!("{} — Quick loadouts", label(&character.label)),
            true,
        );
        if character.loadouts.is_empty() {
            submenu
                .append(&MenuItem::new("No saved loadouts", false, None))
                .map_err(DesktopError::TrayMenu)?;
        }
        for loadout in &character.loadouts {
            let command = TrayCommand::EquipLoadout {
                loadout_id: loadout.id.clone(),
                character_id: character.id,
            };
            submenu
                .append(&action(command, &label(&loadout.name)))
                .map_err(DesktopError::TrayMenu)?;
        }
        submenu
            .append(&PredefinedMenuItem::separator())
            .map_err(DesktopError::TrayMenu)?;
        let max_power = TrayCommand::MaxPower {
            character_id: character.id,
        };
        submenu
            .append(&action(max_power, "Maximum Power"))
            .map_err(DesktopError::TrayMenu)?;
        submenu
            .append(&CheckMenuItem::with_id(
                TrayCommand::ToggleFarming {
                    character_id: character.id,
                }
                .menu_id(),
                "Farming mode",
                true,
                model.farming == Some(character.id),
                None,
            ))
            .map_err(DesktopError::TrayMenu)?;
        items.push(Box::new(submenu));
    }
    if !model.characters.is_empty() {
        items.push(Box::new(PredefinedMenuItem::separator()));
    }
    items.push(Box::new(action(TrayCommand::SyncNow, "Sync now")));
    items.push(Box::new(action(TrayCommand::OpenOverlay, "Open overlay")));
    if !model.pairings.is_empty() {
        items.push(Box::new(PredefinedMenuItem::separator()));
        for pairing in &model.pairings {
            items.push(Box::new(MenuItem::new(
                format!(
                    "Pairing code for {}: {}",
                    label(&pairing.client),
                    pairing.code
                ),
                false,
                None,
            )));
        }
    }
    items.push(Box::new(PredefinedMenuItem::separator()));
    items.push(Box::new(CheckMenuItem::with_id(
        TrayCommand::TogglePause.menu_id(),
        "Pause notifications",
        true,
        model.paused,
        None,
    )));
    items.push(Box::new(action(TrayCommand::Quit, "Quit")));
    for item in &items {
        menu.append(item.as_ref()).map_err(DesktopError::TrayMenu)?;
    }
    Ok(menu)
}

/// Shows the tray and keeps its menu in step with `model` until the model's sender is gone.
/// Blocks the calling thread (not a tokio worker: on Linux it waits with `runtime.block_on`, on
/// Windows it runs the thread's message loop). Clicks are sent on `commands`. Fails when the icon
/// cannot be created (no session bus on Linux).
pub fn run_tray(
    runtime: &tokio::runtime::Handle,
    mut model: watch::Receiver<MenuModel>,
    commands: mpsc::UnboundedSender<TrayCommand>,
) -> Result<(), DesktopError> {
    route_clicks_to(Some(commands));
    let first = model.borrow_and_update().clone();
    let tray = TrayIconBuilder::new()
        .with_id(TRAY_ID)
        .with_title("Vault Raider")
        .with_tooltip(first.tooltip())
        .with_icon(icon()?)
        .with_menu(Box::new(build_menu(&first)?))
        .build()
        .map_err(DesktopError::Tray)?;
    let rebuild = |next: &MenuModel| match build_menu(next) {
        Ok(menu) => {
            tray.set_menu(Some(Box::new(menu)));
            if let Err(e) = tray.set_tooltip(Some(next.tooltip())) {
                tracing::warn!(error = %e, "the tray tooltip could not be set");
            }
        }
        Err(e) => tracing::warn!(error = %e, "the tray menu could not be rebuilt"),
    };
    #[cfg(not(windows))]
    {
        #[cfg(target_os = "linux")]
        runtime.block_on(say_if_no_tray_host());
        while runtime.block_on(model.changed()).is_ok() {
            let next = model.borrow_and_update().clone();
            rebuild(&next);
        }
    }
    #[cfg(windows)]
    {
        tracing::info!("the Vault Raider icon is shown in the notification area");
        windows_loop::pump_messages(runtime, model, rebuild);
    }
    drop(tray);
    route_clicks_to(None);
    Ok(())
}

/// Where menu clicks go now: the running tray's command channel.
static CLICKS: std::sync::Mutex<Option<mpsc::UnboundedSender<TrayCommand>>> =
    std::sync::Mutex::new(None);

/// Sends menu clicks to `commands` (none: dropped). The menu library takes its event handler
/// once per process, so the handler installed here forwards to whichever tray runs now: a daemon
/// started again in the same process (`vault-raider run` after a config change) gets its clicks.
fn route_clicks_to(commands: Option<mpsc::UnboundedSender<TrayCommand>>) {
    static HANDLER: std::sync::Once = std::sync::Once::new();
    *CLICKS.lock().unwrap_or_else(|e| e.into_inner()) = commands;
    HANDLER.call_once(|| {
        MenuEvent::set_event_handler(Some(|event: MenuEvent| {
            if let Some(command) = TrayCommand::from_menu_id(event.id().as_ref())
                && let Some(commands) = CLICKS.lock().unwrap_or_else(|e| e.into_inner()).as_ref()
            {
                let _ = commands.send(command);
            }
        }));
    });
}

/// The Windows message loop of the tray's thread.
#[cfg(windows)]
mod windows_loop {
    use super::super::model::MenuModel;
    use super::super::tray_pump::{PumpStep, WM_MENU_CHANGED, WM_QUIT, step};
    use tokio::sync::watch;
    use windows_sys::Win32::System::Threading::GetCurrentThreadId;
    use windows_sys::Win32::UI::WindowsAndMessaging::{
        DispatchMessageW, GetMessageW, MSG, PostThreadMessageW, TranslateMessage,
    };

    /// Runs this thread's message loop until the model's sender is gone, calling `rebuild` with
    /// each new model. A task on `runtime` watches the model and posts [`WM_MENU_CHANGED`] to this
    /// thread (then `WM_QUIT` when the model closes).
    pub fn pump_messages(
        runtime: &tokio::runtime::Handle,
        model: watch::Receiver<MenuModel>,
        rebuild: impl Fn(&MenuModel),
    ) {
        // SAFETY: no arguments; the id of the calling thread, which owns the icon's window.
        let thread = unsafe { GetCurrentThreadId() };
        let mut changes = model.clone();
        // Cancelled once the loop ends, so the watcher does not outlive it.
        let stop = tokio_util::sync::CancellationToken::new();
        runtime.spawn(stop.clone().run_until_cancelled_owned(async move {
            while changes.changed().await.is_ok() {
                // SAFETY: posting a message with no pointers to a thread id; a thread without
                // a queue (it has ended) makes it fail, which is fine.
                unsafe { PostThreadMessageW(thread, WM_MENU_CHANGED, 0, 0) };
            }
            // SAFETY: as above.
            unsafe { PostThreadMessageW(thread, WM_QUIT, 0, 0) };
        }));
        // SAFETY: MSG is plain data; all zeroes is a valid value.
        let mut message: MSG = unsafe { std::mem::zeroed() };
        loop {
            // SAFETY: `message` is a valid MSG to fill; null window = every message of the thread.
            let got = unsafe { GetMessageW(&mut message, std::ptr::null_mut(), 0, 0) };
            match step(got, message.message) {
                PumpStep::Stop => break,
                PumpStep::RebuildMenu => {
                    let next = model.borrow().clone();
                    rebuild(&next);
                }
                PumpStep::Dispatch => {
                    // SAFETY: a message GetMessageW just filled in.
                    unsafe {
                        TranslateMessage(&message);
                        DispatchMessageW(&message);
                    }
                }
            }
        }
        stop.cancel();
    }
}

/// Logs once when no StatusNotifierItem host (a panel that shows tray icons) is running; the
/// icon appears by itself when one starts.
#[cfg(target_os = "linux")]
async fn say_if_no_tray_host() {
    const WATCHER: &str = "org.kde.StatusNotifierWatcher";
    let has_host = async {
        let connection = zbus::Connection::session().await?;
        let proxy = zbus::fdo::DBusProxy::new(&connection).await?;
        let name = zbus::names::BusName::try_from(WATCHER)?;
        Ok::<bool, zbus::Error>(proxy.name_has_owner(name).await?)
    };
    match has_host.await {
        Ok(true) => tracing::info!("the tray icon is shown"),
        Ok(false) => tracing::info!(
            "no tray host (StatusNotifierWatcher) is running; the tray icon appears when one starts"
        ),
        Err(e) => tracing::info!(error = %e, "could not ask the session bus for a tray host"),
    }
}
