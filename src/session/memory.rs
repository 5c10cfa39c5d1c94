//! How itx asks the system for memory while a file loads, and gives it
//! back after. A million-row load touches over half a gigabyte for the
//! first time; on this project's 2-core virtual machine, the system
//! zeroing those pages was a fifth to a quarter of the time perf sampled
//! opening a million JSON lines.

/// mimalloc's options by number (the crate names only some of them).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long mimalloc keeps freed memory before giving it back while a
/// file loads. Its 10 ms default gave back pages the parsing thread
/// asked for again moments later, and the system zeroed each on its
/// return: at a million JSON lines, four times the page faults and half
/// again the system time.
const FREED_MEMORY_KEPT_MS: std::ffi::c_long = 1000;

/// While alive, memory is asked for as suits a load; when the last of
/// the loads running at once ends, mimalloc is set back as it was and
/// whatever the loads freed goes back to the system, so that what itx
/// holds after a load is the dataset, not the high-water mark of reading
/// it.
pub struct Loading;

/// The loads running (the merged view opens several at once), and the
/// settings they found: the purge delay, and whether 2 MB pages were off
/// (a parent process may have turned them off for itx).
static LOADS: std::sync::Mutex<(usize, std::ffi::c_long, bool)> = std::sync::Mutex::new((0, 0, false));

impl Loading {
    pub fn start() -> Loading {
        let mut loads = LOADS.lock().unwrap_or_else(|p| p.into_inner());
        if loads.0 == 0 {
            *loads = (0, purge_delay(), huge_pages_off().unwrap_or(false));
            set_purge_delay(FREED_MEMORY_KEPT_MS);
            set_huge_pages_off(true);
        }
        loads.0 += 1;
        Loading
    }
}

impl Drop for Loading {
    fn drop(&mut self) {
        let mut loads = LOADS.lock().unwrap_or_else(|p| p.into_inner());
        loads.0 -= 1;
        if loads.0 == 0 {
            set_purge_delay(loads.1);
            set_huge_pages_off(loads.2);
        }
        drop(loads);
        release_free_memory();
    }
}

fn purge_delay() -> std::ffi::c_long {
    // SAFETY: reads one of mimalloc's options, which it keeps atomically.
    unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) }
}

fn set_purge_delay(ms: std::ffi::c_long) {
    // SAFETY: sets one of mimalloc's options, which it keeps atomically.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, ms) }
}

/// Whether memory first touched from now on is kept from 2 MB pages
/// (None where itx cannot tell: off Linux). mimalloc asks for them, but
/// the system zeroes a whole one on its first touch: opening a million
/// JSON lines with them took twice the system time and half a second
/// longer than with 4 kB pages (`MIMALLOC_ALLOW_THP=0`, three runs
/// each). Memory touched while loading keeps its small pages.
fn huge_pages_off() -> Option<bool> {
    #[cfg(target_os = "linux")]
    // SAFETY: reads a flag of this process.
    return Some(unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) } == 1);
    #[cfg(not(target_os = "linux"))]
    None
}

fn set_huge_pages_off(off: bool) {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE only sets a flag of this process; a
    // kernel without it fails the call, which changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, libc::c_ulong::from(off), 0, 0, 0);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = off;
}

/// Gives the memory freed so far back to the system now (mimalloc would
/// otherwise keep some of it for later).
pub fn release_free_memory() {
    // SAFETY: mi_collect only frees and returns pages no allocation uses.
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No other test of the library loads a file, so nothing else sets
    /// these while this runs.
    #[test]
    fn loads_at_once_keep_the_settings_until_the_last_ends_which_restores_them() {
        let before = purge_delay();
        let first = Loading::start();
        let second = Loading::start();
        assert_eq!(purge_delay(), FREED_MEMORY_KEPT_MS);
        assert_ne!(huge_pages_off(), Some(false));
        drop(first);
        assert_eq!(purge_delay(), FREED_MEMORY_KEPT_MS, "a load still runs");
        assert_ne!(huge_pages_off(), Some(false));
        drop(second);
        assert_eq!(purge_delay(), before);
        assert_ne!(huge_pages_off(), Some(true));
        // Turned off before itx loaded anything: left off.
        set_huge_pages_off(true);
        drop(Loading::start());
        assert_ne!(huge_pages_off(), Some(false));
        set_huge_pages_off(false);
    }
}
