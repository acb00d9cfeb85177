//! Giving back the resident pages of the program's code while the daemon idles.
//!
//! A start and a sync run much of the binary once (TLS, HTTP/2, JSON, redb, the diff); the kernel
//! maps those code pages, and 64 KB around each, into the process, where they stay counted as its
//! resident memory long after the idle poll loop stopped using them. The code stays in the page
//! cache, shared and clean: taking it out of the process's mappings costs nothing until the next
//! sync, which maps back what it runs (a minor fault per page, no disk read while the cache holds
//! it). Only mappings of files that cannot be written and hold no private page are touched (code
//! and read-only data), so nothing is lost; relocated read-only data, which the loader wrote, is
//! left alone.
//!
//! On Windows the same is `SetProcessWorkingSetSize(-1, -1)`: the working set trimmed.

/// The mappings in a `/proc/<pid>/smaps` text that can be given back without losing anything, as
/// `(start, end)` addresses: private mappings of a file, not writable, with no private page of
/// their own (`Anonymous` and `Swap` both 0 kB). That is the program's and its libraries' code
/// and read-only data; relocated read-only data (which the loader wrote) keeps its pages.
pub fn clean_file_ranges(smaps: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let mut private_kb = 0u64;
    let mut finish = |current: Option<(usize, usize)>, private_kb: u64| {
        if let Some(range) = current.filter(|_| private_kb == 0) {
            ranges.push(range);
        }
    };
    for line in smaps.lines() {
        if let Some(range) = mapping_header(line) {
            finish(current, private_kb);
            current = range;
            private_kb = 0;
        } else if let Some(value) = line
            .strip_prefix("Anonymous:")
            .or_else(|| line.strip_prefix("Swap:"))
        {
            // An unreadable count is taken as private pages: such a mapping is left alone.
            private_kb += value
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .unwrap_or(1);
        }
    }
    finish(current, private_kb);
    ranges
}

/// A mapping's first line: `Some(Some(range))` for a private, not writable file mapping,
/// `Some(None)` for any other mapping, `None` for a line that starts no mapping.
fn mapping_header(line: &str) -> Option<Option<(usize, usize)>> {
    let mut fields = line.split_ascii_whitespace();
    let (start, end) = fields.next()?.split_once('-')?;
    let start = usize::from_str_radix(start, 16).ok()?;
    let end = usize::from_str_radix(end, 16).ok()?;
    let perms = fields.next()?.as_bytes();
    if perms.len() != 4 {
        return None;
    }
    // offset, device, inode, then the path: a file mapping's path starts with '/'.
    let path = fields.nth(3).unwrap_or("");
    let chosen = perms[1] == b'-' && perms[3] == b'p' && path.starts_with('/') && start < end;
    Some(chosen.then_some((start, end)))
}

/// Takes the program's code pages out of its resident set (see the module's text). Returns how
/// many bytes of mappings were given back; 0 where the platform has no such call.
pub fn trim_code_pages() -> usize {
    #[cfg(target_os = "linux")]
    {
        let Ok(smaps) = std::fs::read_to_string("/proc/self/smaps") else {
            return 0;
        };
        let mut trimmed = 0;
        for (start, end) in clean_file_ranges(&smaps) {
            // SAFETY: the range is a whole mapping of this process, read from its own smaps:
            // page-aligned and mapped. It is a private file mapping that cannot be written and
            // holds no private page, so MADV_DONTNEED only drops page-table entries to page-cache
            // pages that the next access maps again from the same file: no data is lost and no
            // pointer is invalidated.
            let done = unsafe {
                libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED)
            };
            if done == 0 {
                trimmed += end - start;
            }
        }
        trimmed
    }
    #[cfg(windows)]
    {
        use windows_sys::Win32::System::Threading::{GetCurrentProcess, SetProcessWorkingSetSize};
        // SAFETY: the pseudo-handle of this process; (-1, -1) asks Windows to trim the working
        // set, which pages in again whatever is touched next.
        let done = unsafe { SetProcessWorkingSetSize(GetCurrentProcess(), usize::MAX, usize::MAX) };
        usize::from(done != 0)
    }
    #[cfg(not(any(target_os = "linux", windows)))]
    {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One smaps entry: the header line and its two private-page counts.
    fn entry(header: &str, anonymous_kb: u64, swap_kb: u64) -> String {
        format!(
            "{header}\nSize:  1024 kB\nRss:  512 kB\nAnonymous:  {anonymous_kb} kB\nSwap:  {swap_kb} kB\nVmFlags: rd mr\n"
        )
    }

    fn smaps() -> String {
        [
            entry(
                "55d0c0000000-55d0c0400000 r--p 00000000 fd:01 131 /usr/bin/vault-raider",
                0,
                0,
            ),
            entry(
                "55d0c0400000-55d0c1400000 r-xp 00400000 fd:01 131 /usr/bin/vault-raider",
                0,
                0,
            ),
            // Relocated read-only data: the loader wrote it, its pages are private.
            entry(
                "55d0c1400000-55d0c1700000 r--p 01400000 fd:01 131 /usr/bin/vault-raider",
                720,
                0,
            ),
            entry(
                "55d0c1700000-55d0c1710000 rw-p 01700000 fd:01 131 /usr/bin/vault-raider",
                0,
                0,
            ),
            entry(
                "55d0c2000000-55d0c2800000 rw-p 00000000 00:00 0 [heap]",
                6000,
                0,
            ),
            entry("7f0000000000-7f0000100000 r-xp 00000000 00:00 0", 0, 0),
            entry(
                "7f0000200000-7f0000380000 r-xp 00028000 fd:01 77 /usr/lib/libc.so.6",
                0,
                0,
            ),
            entry(
                "7f0000400000-7f0000500000 r--s 00000000 fd:01 88 /data/manifest",
                0,
                0,
            ),
            entry(
                "7f0000600000-7f0000700000 r--p 00000000 fd:01 99 /usr/lib/swapped.so",
                0,
                4,
            ),
            entry(
                "7ffd00000000-7ffd00002000 r-xp 00000000 00:00 0 [vdso]",
                0,
                0,
            ),
        ]
        .concat()
    }

    #[test]
    fn only_clean_private_read_only_file_mappings_are_chosen() {
        assert_eq!(
            clean_file_ranges(&smaps()),
            vec![
                (0x55d0_c000_0000, 0x55d0_c040_0000),
                (0x55d0_c040_0000, 0x55d0_c140_0000),
                (0x7f00_0020_0000, 0x7f00_0038_0000)
            ]
        );
    }

    #[test]
    fn lines_that_are_not_mappings_are_passed_over() {
        assert!(clean_file_ranges("garbage\nzz-yy r-xp 0 0 0 /x\nAnonymous: 0 kB\n\n").is_empty());
        // A count that does not read is taken as private pages.
        let odd = "1000-2000 r-xp 0 fd:01 1 /bin/x\nAnonymous: lots\n";
        assert!(clean_file_ranges(odd).is_empty());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn trimmed_code_runs_again_and_the_file_pages_leave_the_resident_set() {
        fn resident_file_kb() -> u64 {
            let status = std::fs::read_to_string("/proc/self/status").expect("status");
            status
                .lines()
                .find_map(|l| l.strip_prefix("RssFile:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                .expect("RssFile")
        }
        let before = resident_file_kb();
        let trimmed = trim_code_pages();
        let after = resident_file_kb();
        assert!(
            trimmed > 0,
            "the test binary's own code is a clean file mapping"
        );
        assert!(
            after < before,
            "resident file pages {before} kB → {after} kB"
        );
        // The code and read-only data run on: this parses again through trimmed pages.
        assert_eq!(clean_file_ranges(&smaps()).len(), 3);
    }
}
