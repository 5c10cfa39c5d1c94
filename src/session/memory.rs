//! How itx asks the system for memory while a file loads, and gives it
//! back after. A million-row load touches over half a gigabyte for the
//! first time; on this project's 2-core virtual machine, the system's
//! work of handing those pages over was a third of opening a million
//! JSON lines.

/// mimalloc's options by number (the crate names only some of them).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long mimalloc keeps freed memory before giving it back while a
/// file loads. Its 10 ms default gave back pages the parsing thread
/// asked for again moments later, and the system zeroed each on its
/// return: at a million JSON lines, four times the page faults and half
/// again the system time.
const FREED_MEMORY_KEPT_MS: std::ffi::c_long = 1000;

/// While alive, memory is asked for as suits a load; dropped, whatever
/// the load freed goes back to the system, so that what itx holds after a
/// load is the dataset, not the high-water mark of reading it.
pub struct Loading;

impl Loading {
    pub fn start() -> Loading {
        // SAFETY: sets one of mimalloc's options, which it reads atomically.
        unsafe {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, FREED_MEMORY_KEPT_MS);
        }
        set_huge_pages(false);
        Loading
    }
}

impl Drop for Loading {
    fn drop(&mut self) {
        set_huge_pages(true);
        release_free_memory();
    }
}

/// Whether memory first touched from now on may come in 2 MB pages.
/// mimalloc asks for them, but the system zeroes a whole one on its
/// first touch: opening a million JSON lines with them took twice the
/// system time and half a second longer than with 4 kB pages
/// (`MIMALLOC_ALLOW_THP=0`, three runs each). Memory touched while
/// loading keeps its small pages.
fn set_huge_pages(allowed: bool) {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE only sets a flag of this process; a
    // kernel without it fails the call, which changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, libc::c_ulong::from(!allowed), 0, 0, 0);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = allowed;
}

/// Gives the memory freed so far back to the system now (mimalloc would
/// otherwise keep some of it for later).
pub fn release_free_memory() {
    // SAFETY: mi_collect only frees and returns pages no allocation uses.
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
}
