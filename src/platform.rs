//! What differs between the systems itx runs on, each behind one function
//! with an equivalent everywhere: how the process is told to end or to
//! stop (Unix signals; Windows console events), whether Ctrl-z can
//! suspend it (only where there is job control), what tells one version
//! of a file from the next, and reading a file at an offset. Unix and
//! Windows are the systems crossterm serves; there is no third path.

use std::io;

/// What the system asks of the explorer, besides ending it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// Stop (Ctrl-z from a shell, or SIGTSTP).
    Suspend,
    /// Continued after a stop: the screen may have been drawn over.
    Continued,
}

/// Whether Ctrl-z can stop itx and hand the terminal back to the shell.
pub const CAN_SUSPEND: bool = cfg!(unix);

/// Calls `end` (which restores the terminal) and exits when the system
/// asks the process to end: SIGTERM, SIGHUP, SIGINT on Unix (exit 128 +
/// the signal's number); Ctrl-C, Ctrl-Break, closing the console window,
/// logoff and shutdown on Windows. Stop and continue go to `request`.
#[cfg(unix)]
pub fn on_signals(end: fn(), request: impl Fn(Request) + Send + 'static) -> io::Result<()> {
    use signal_hook::consts::signal::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGCONT, SIGTSTP])?;
    std::thread::spawn(move || {
        for sig in signals.forever() {
            match sig {
                SIGCONT => request(Request::Continued),
                SIGTSTP => request(Request::Suspend),
                n => {
                    end();
                    std::process::exit(128 + n);
                }
            }
        }
    });
    Ok(())
}

#[cfg(windows)]
pub fn on_signals(end: fn(), request: impl Fn(Request) + Send + 'static) -> io::Result<()> {
    // No job control: nothing stops or continues the process.
    drop(request);
    // In raw mode Ctrl-C arrives as a key; this handler is for the window
    // closing and the session ending, where restoring still matters to a
    // console that outlives the window (a multiplexer's, say).
    ctrlc::set_handler(move || {
        end();
        std::process::exit(130);
    })
    .map_err(io::Error::other)
}

/// Stops the process as a shell's Ctrl-z would. Where there is no job
/// control this is never called (see `CAN_SUSPEND`).
pub fn stop_self() {
    #[cfg(unix)]
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
}

/// What tells a file saved by rename (a new file in the old one's place)
/// from the same file rewritten: the inode on Unix. Elsewhere none is
/// given (0), and the modification time and size tell saves apart.
pub fn file_identity(meta: &std::fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        0
    }
}

/// Fills `buf` from `file` at `offset`, without moving a cursor other
/// threads depend on (each reads its own part of the file).
pub fn read_exact_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        file.read_exact_at(buf, offset)
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::FileExt;
        let mut done = 0;
        while done < buf.len() {
            match file.seek_read(&mut buf[done..], offset + done as u64) {
                Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
                Ok(n) => done += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}
