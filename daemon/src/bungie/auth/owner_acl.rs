//! Windows' counterpart of mode 0600: a file whose access control list grants the signed-in user
//! full control and no one else, inherited entries cut off (a protected DACL). The descriptor is
//! built as SDDL text by [`owner_only_sddl`] (pure, tested on every platform) and applied with
//! `SetFileSecurityW` on Windows.

/// What is wrong with a security identifier given to [`owner_only_sddl`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a security identifier (S-1-…)")]
pub struct BadSid(pub String);

/// The security descriptor, in SDDL, of a file only `sid` may use: a protected DACL (`P`: nothing
/// inherited from the folder) with one entry allowing that user all file access (`FA`).
pub fn owner_only_sddl(sid: &str) -> Result<String, BadSid> {
    let mut parts = sid.split('-');
    let well_formed =
        parts.next() == Some("S") && parts.next() == Some("1") && sid.len() <= 184 && {
            let rest: Vec<&str> = parts.collect();
            rest.len() >= 2
                && rest
                    .iter()
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        };
    if !well_formed {
        return Err(BadSid(sid.to_string()));
    }
    Ok(format!("D:P(A;;FA;;;{sid})"))
}

#[cfg(windows)]
pub use windows_impl::{current_user_sid, dacl_sddl, restrict_to_current_user};

#[cfg(windows)]
mod windows_impl {
    use super::owner_only_sddl;
    use std::os::windows::ffi::OsStrExt;
    use std::path::Path;
    use windows_sys::Win32::Foundation::{CloseHandle, HANDLE, LocalFree};
    use windows_sys::Win32::Security::Authorization::{
        ConvertSecurityDescriptorToStringSecurityDescriptorW, ConvertSidToStringSidW,
        ConvertStringSecurityDescriptorToSecurityDescriptorW, SDDL_REVISION_1,
    };
    use windows_sys::Win32::Security::{
        DACL_SECURITY_INFORMATION, GetFileSecurityW, GetTokenInformation,
        PROTECTED_DACL_SECURITY_INFORMATION, PSECURITY_DESCRIPTOR, SetFileSecurityW, TOKEN_QUERY,
        TOKEN_USER, TokenUser,
    };
    use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

    fn wide(text: &std::ffi::OsStr) -> Vec<u16> {
        text.encode_wide().chain(std::iter::once(0)).collect()
    }

    /// Reads a NUL-terminated UTF-16 string the system allocated, then frees it.
    ///
    /// # Safety
    /// `text` is a valid, NUL-terminated string allocated with `LocalAlloc`.
    unsafe fn take_local_string(text: *mut u16) -> String {
        let mut len = 0;
        // SAFETY: the caller promises a NUL-terminated string.
        while unsafe { *text.add(len) } != 0 {
            len += 1;
        }
        // SAFETY: `len` UTF-16 units were just read from it.
        let units = unsafe { std::slice::from_raw_parts(text, len) };
        let out = String::from_utf16_lossy(units);
        // SAFETY: allocated by the system with LocalAlloc, freed once.
        unsafe { LocalFree(text.cast()) };
        out
    }

    /// The signed-in user's security identifier, as text (`S-1-5-21-…`).
    pub fn current_user_sid() -> std::io::Result<String> {
        let mut token: HANDLE = std::ptr::null_mut();
        // SAFETY: the pseudo-handle of this process; `token` receives a handle we close below.
        if unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) } == 0 {
            return Err(std::io::Error::last_os_error());
        }
        let mut len = 0u32;
        // SAFETY: a size query (no buffer); it fails with the size needed in `len`.
        unsafe { GetTokenInformation(token, TokenUser, std::ptr::null_mut(), 0, &mut len) };
        let mut buffer = vec![0u64; (len as usize).div_ceil(8).max(1)];
        // SAFETY: `buffer` holds at least `len` bytes, 8-aligned as TOKEN_USER needs.
        let ok = unsafe {
            GetTokenInformation(token, TokenUser, buffer.as_mut_ptr().cast(), len, &mut len)
        };
        let error = std::io::Error::last_os_error();
        // SAFETY: the handle opened above, closed once.
        unsafe { CloseHandle(token) };
        if ok == 0 {
            return Err(error);
        }
        // SAFETY: GetTokenInformation filled the buffer with a TOKEN_USER.
        let sid = unsafe { (*buffer.as_ptr().cast::<TOKEN_USER>()).User.Sid };
        let mut text: *mut u16 = std::ptr::null_mut();
        // SAFETY: `sid` points into `buffer`, alive here; `text` receives a LocalAlloc'd string.
        if unsafe { ConvertSidToStringSidW(sid, &mut text) } == 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: a NUL-terminated string from LocalAlloc.
        Ok(unsafe { take_local_string(text) })
    }

    /// Replaces `path`'s access control list with one that lets only the signed-in user in.
    pub fn restrict_to_current_user(path: &Path) -> std::io::Result<()> {
        let sid = current_user_sid()?;
        let sddl = owner_only_sddl(&sid).map_err(std::io::Error::other)?;
        let sddl = wide(std::ffi::OsStr::new(&sddl));
        let mut descriptor: PSECURITY_DESCRIPTOR = std::ptr::null_mut();
        // SAFETY: a NUL-terminated SDDL string; `descriptor` receives a LocalAlloc'd descriptor.
        let made = unsafe {
            ConvertStringSecurityDescriptorToSecurityDescriptorW(
                sddl.as_ptr(),
                SDDL_REVISION_1,
                &mut descriptor,
                std::ptr::null_mut(),
            )
        };
        if made == 0 {
            return Err(std::io::Error::last_os_error());
        }
        let path = wide(path.as_os_str());
        // SAFETY: a NUL-terminated path and the descriptor made above.
        let set = unsafe {
            SetFileSecurityW(
                path.as_ptr(),
                DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                descriptor,
            )
        };
        let error = std::io::Error::last_os_error();
        // SAFETY: allocated by the conversion above, freed once.
        unsafe { LocalFree(descriptor) };
        if set == 0 { Err(error) } else { Ok(()) }
    }

    /// `path`'s access control list as SDDL text (`D:P(A;;FA;;;S-1-…)`), to check it.
    pub fn dacl_sddl(path: &Path) -> std::io::Result<String> {
        let path = wide(path.as_os_str());
        let mut needed = 0u32;
        // SAFETY: a size query with no buffer.
        unsafe {
            GetFileSecurityW(
                path.as_ptr(),
                DACL_SECURITY_INFORMATION,
                std::ptr::null_mut(),
                0,
                &mut needed,
            )
        };
        let mut buffer = vec![0u64; (needed as usize).div_ceil(8).max(1)];
        // SAFETY: `buffer` holds `needed` bytes.
        let ok = unsafe {
            GetFileSecurityW(
                path.as_ptr(),
                DACL_SECURITY_INFORMATION,
                buffer.as_mut_ptr().cast(),
                needed,
                &mut needed,
            )
        };
        if ok == 0 {
            return Err(std::io::Error::last_os_error());
        }
        let mut text: *mut u16 = std::ptr::null_mut();
        // SAFETY: the descriptor just read; `text` receives a LocalAlloc'd string.
        let converted = unsafe {
            ConvertSecurityDescriptorToStringSecurityDescriptorW(
                buffer.as_mut_ptr().cast(),
                SDDL_REVISION_1,
                DACL_SECURITY_INFORMATION,
                &mut text,
                std::ptr::null_mut(),
            )
        };
        if converted == 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: a NUL-terminated string from LocalAlloc.
        Ok(unsafe { take_local_string(text) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_descriptor_lets_in_one_user_and_inherits_nothing() {
        let sid = "S-1-5-21-3623811015-3361044348-30300820-1013";
        assert_eq!(
            owner_only_sddl(sid).unwrap(),
            "D:P(A;;FA;;;S-1-5-21-3623811015-3361044348-30300820-1013)"
        );
    }

    #[test]
    fn text_that_is_not_a_sid_cannot_smuggle_in_another_entry() {
        for bad in [
            "",
            "S-1",
            "S-1-5-21-1)(A;;FA;;;WD",
            "WD",
            "S-2-5-21-1",
            "S-1-5--7",
            "S-1-5-21-x",
        ] {
            assert_eq!(
                owner_only_sddl(bad),
                Err(BadSid(bad.to_string())),
                "{bad:?}"
            );
        }
        assert!(owner_only_sddl(&format!("S-1-5-{}", "1".repeat(200))).is_err());
    }
}
