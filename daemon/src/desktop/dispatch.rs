//! Tray clicks carried out: each [`TrayCommand`] becomes a call on [`DesktopActions`]; an equipped
//! loadout's outcome goes to the notifier as a notice.

use super::actions::DesktopActions;
use super::browser::open_in_browser;
use super::commands::TrayCommand;
use super::model::MenuModel;
use super::text::{Notice, loadout_notice};
use std::sync::Arc;
use tokio::sync::{mpsc, watch};

/// Carries out tray commands until every sender is gone.
pub async fn dispatch_commands(
    mut commands: mpsc::UnboundedReceiver<TrayCommand>,
    actions: Arc<dyn DesktopActions>,
    model: watch::Receiver<MenuModel>,
    paused: watch::Sender<bool>,
    notices: mpsc::UnboundedSender<Notice>,
) {
    while let Some(command) = commands.recv().await {
        match command {
            TrayCommand::EquipLoadout {
                loadout_id,
                character_id,
            } => {
                let (name, label) = {
                    let m = model.borrow();
                    (
                        m.loadout_name(&loadout_id)
                            .unwrap_or("A loadout")
                            .to_string(),
                        m.character_label(character_id)
                            .unwrap_or("a character")
                            .to_string(),
                    )
                };
                let equip = actions.equip_loadout(loadout_id, character_id);
                let notices = notices.clone();
                tokio::spawn(async move {
                    let outcome = equip.await;
                    if let Err(e) = &outcome {
                        tracing::warn!(error = %e, "a quick loadout failed");
                    }
                    let _ = notices.send(loadout_notice(&name, &label, &outcome));
                });
            }
            TrayCommand::MaxPower { character_id } => {
                let label = model
                    .borrow()
                    .character_label(character_id)
                    .unwrap_or("a character")
                    .to_string();
                let equip = actions.max_power(character_id);
                let notices = notices.clone();
                tokio::spawn(async move {
                    let outcome = equip.await;
                    if let Err(e) = &outcome {
                        tracing::warn!(error = %e, "maximum power failed");
                    }
                    let _ = notices.send(loadout_notice("Maximum Power", &label, &outcome));
                });
            }
            TrayCommand::ToggleFarming { character_id } => actions.toggle_farming(character_id),
            TrayCommand::SyncNow => actions.sync_now(),
            TrayCommand::OpenOverlay => {
                tokio::spawn(open_in_browser(actions.overlay_url()));
            }
            TrayCommand::SignIn => actions.sign_in(),
            TrayCommand::TogglePause => {
                paused.send_modify(|p| *p = !*p);
                tracing::info!(paused = *paused.borrow(), "notifications paused or resumed");
            }
            TrayCommand::Quit => actions.quit(),
        }
    }
}
