//! Keeping the daemon's resident memory small: on glibc a capped number of malloc arenas
//! ([`MALLOC_ARENAS`]; glibc otherwise grows one per busy thread, each keeping freed pages), and
//! freed pages handed back to the OS after each background sync, the daemon's one large burst of
//! allocations (a 1–2 MB profile decoded, converted and diffed); then, before the idle wait, the
//! code pages the sync ran given back too ([`code_pages`]).

pub mod code_pages;

/// How many malloc arenas glibc may use: one. The daemon's threads allocate little at a time and
/// seldom at once; each extra arena kept 1–2 MB of freed pages resident.
pub const MALLOC_ARENAS: i32 = 1;

/// Caps glibc's malloc arenas. Call before the runtime's threads start.
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; M_ARENA_MAX takes any positive count.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, MALLOC_ARENAS);
    }
}

/// Returns the allocator's free pages to the OS, and the code pages to the page cache.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim walks glibc's own arenas under their locks; it takes no pointer.
    unsafe {
        libc::malloc_trim(0);
    }
    code_pages::trim_code_pages();
}
