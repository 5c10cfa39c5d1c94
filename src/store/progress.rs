//! How far a load has got: written by the loading thread, read by the
//! screen, and the way the screen asks the load to stop.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Reading,
    /// Parsing and checking; the parser reports no progress of its own.
    Parsing,
    /// Building the search text.
    Indexing,
}

#[derive(Debug)]
pub struct Progress {
    pub started: Instant,
    total: AtomicU64,
    read: AtomicU64,
    stage: AtomicU8,
    cancelled: AtomicBool,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            started: Instant::now(),
            total: AtomicU64::new(0),
            read: AtomicU64::new(0),
            stage: AtomicU8::new(0),
            cancelled: AtomicBool::new(false),
        }
    }
}

impl Progress {
    pub fn set_total(&self, bytes: u64) {
        self.total.store(bytes, Ordering::Relaxed);
    }

    pub fn add_read(&self, bytes: u64) {
        self.read.fetch_add(bytes, Ordering::Relaxed);
    }

    /// A reader of the file is `at` bytes into it: what is read counts
    /// once, however many passes read it (an import reads the head, then
    /// the whole file).
    pub fn reached(&self, at: u64) {
        self.read.fetch_max(at, Ordering::Relaxed);
    }

    /// Bytes read so far and the file's size.
    pub fn bytes(&self) -> (u64, u64) {
        (self.read.load(Ordering::Relaxed), self.total.load(Ordering::Relaxed))
    }

    pub fn set_stage(&self, stage: Stage) {
        self.stage.store(stage as u8, Ordering::Relaxed);
    }

    pub fn stage(&self) -> Stage {
        match self.stage.load(Ordering::Relaxed) {
            0 => Stage::Reading,
            1 => Stage::Parsing,
            _ => Stage::Indexing,
        }
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// For the status line: "reading 120 MB of 452 MB", "parsing 452 MB, 3.2 s".
    pub fn describe(&self) -> String {
        let (read, total) = self.bytes();
        let secs = self.started.elapsed().as_secs_f64();
        match self.stage() {
            Stage::Reading => format!("reading {} of {}", size(read), size(total)),
            Stage::Parsing => format!("parsing {}, {secs:.1} s", size(total)),
            Stage::Indexing => format!("indexing, {secs:.1} s"),
        }
    }
}

/// In thousands and millions of bytes, as `ls -l` counts them and the
/// README's figures are written: counted in powers of two, a 261 MB file
/// read as "248 MB".
fn size(bytes: u64) -> String {
    if bytes < 1_000_000 {
        format!("{} kB", bytes.div_ceil(1000))
    } else {
        format!("{} MB", bytes / 1_000_000)
    }
}
