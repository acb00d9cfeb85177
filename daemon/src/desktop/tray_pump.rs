//! What the Windows tray thread does with each message its message loop takes: the icon's window
//! messages are dispatched (clicks reach the menu's handler that way), a "menu changed" message
//! posted by the model's watcher rebuilds the menu, and `WM_QUIT` (posted when the daemon stops)
//! or a failing `GetMessageW` ends the loop. Pure, so it is tested on every platform; the Win32
//! calls around it live in `tray.rs`.

/// `WM_QUIT`.
pub const WM_QUIT: u32 = 0x0012;
/// `WM_APP`, the first message number free for a program's own use.
pub const WM_APP: u32 = 0x8000;
/// Posted to the tray thread when the menu's model changed.
pub const WM_MENU_CHANGED: u32 = WM_APP + 1;

/// What the loop does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PumpStep {
    /// Translate and dispatch the message (the icon's and the menu's window messages).
    Dispatch,
    /// Rebuild the menu from the current model.
    RebuildMenu,
    /// Leave the loop (the tray disappears).
    Stop,
}

/// The step for a `GetMessageW` result (`-1` error, `0` `WM_QUIT`, else a message) and the
/// message's number.
pub fn step(get_message_result: i32, message: u32) -> PumpStep {
    match (get_message_result, message) {
        (result, _) if result <= 0 => PumpStep::Stop,
        (_, WM_QUIT) => PumpStep::Stop,
        (_, WM_MENU_CHANGED) => PumpStep::RebuildMenu,
        _ => PumpStep::Dispatch,
    }
}

#[cfg(windows)]
const _: () = {
    assert!(WM_QUIT == windows_sys::Win32::UI::WindowsAndMessaging::WM_QUIT);
    assert!(WM_APP == windows_sys::Win32::UI::WindowsAndMessaging::WM_APP);
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_messages_are_dispatched_and_our_own_rebuilds_the_menu() {
        const WM_LBUTTONUP: u32 = 0x0202;
        const WM_COMMAND: u32 = 0x0111;
        assert_eq!(step(1, WM_LBUTTONUP), PumpStep::Dispatch);
        assert_eq!(step(1, WM_COMMAND), PumpStep::Dispatch);
        assert_eq!(step(1, WM_APP), PumpStep::Dispatch);
        assert_eq!(step(1, WM_MENU_CHANGED), PumpStep::RebuildMenu);
    }

    #[test]
    fn quit_or_a_failing_get_message_ends_the_loop() {
        assert_eq!(step(0, WM_QUIT), PumpStep::Stop);
        assert_eq!(step(-1, WM_MENU_CHANGED), PumpStep::Stop);
        assert_eq!(step(1, WM_QUIT), PumpStep::Stop);
    }
}
