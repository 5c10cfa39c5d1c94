//! Files written whole or not at all: exports, imports and the marks
//! sidecar all replace their target in one rename.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` so that a reader sees either the old file or the
/// whole new one: a temporary file beside the target, flushed to disk, then
/// renamed over it. A symbolic link is followed, so the link stays a link.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// [`write_atomic`] with the content produced by `fill`; if `fill` fails
/// (a full disk, say), the temporary file is removed and the target is
/// left as it was.
pub fn write_atomic_with(path: &Path, fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    use std::io::{Error, ErrorKind};
    let target = match std::fs::canonicalize(path) {
        Ok(real) => real,
        Err(_) => path.to_path_buf(),
    };
    // Renaming over a device or a FIFO would replace it (as root, even
    // /dev/null); only regular files are ever replaced.
    if let Ok(meta) = std::fs::metadata(&target) {
        if !meta.is_file() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("{} is not a regular file; itx only replaces regular files", target.display()),
            ));
        }
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let keep_mode = std::fs::metadata(&target).ok().map(|m| m.permissions());
    #[cfg(target_os = "linux")]
    if let Ok(mut file) = unnamed::create_in(&dir) {
        // An unnamed file vanishes if the process dies before it is
        // linked in, so a kill mid-write leaves nothing behind.
        fill(&mut file)?;
        file.sync_all()?;
        if let Some(p) = keep_mode {
            let _ = file.set_permissions(p);
        }
        unnamed::link_over(&file, &dir, &target)?;
        sync_dir(&dir);
        return Ok(());
    }
    // Elsewhere (or on a file system without O_TMPFILE) a named temporary
    // file, deleted when `tmp` drops on every error path.
    let mut tmp = tempfile::Builder::new().prefix(".itx-").suffix(".tmp").tempfile_in(&dir)?;
    fill(tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    if let Some(p) = keep_mode {
        let _ = std::fs::set_permissions(tmp.path(), p);
    }
    tmp.persist(&target).map_err(|e| e.error)?;
    sync_dir(&dir);
    Ok(())
}

/// Makes a rename durable.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(target_os = "linux")]
mod unnamed {
    use std::ffi::CString;
    use std::fs::{File, OpenOptions};
    use std::io;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::io::AsRawFd;
    use std::path::Path;

    pub fn create_in(dir: &Path) -> io::Result<File> {
        OpenOptions::new().write(true).mode(0o644).custom_flags(libc::O_TMPFILE).open(dir)
    }

    /// Gives the unnamed file a temporary name beside the target, then
    /// renames it over the target. Only between those two calls does a
    /// temporary name exist.
    pub fn link_over(file: &File, dir: &Path, target: &Path) -> io::Result<()> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let tmp = dir.join(format!(".itx-{}-{nanos}.tmp", std::process::id()));
        let src = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))?;
        let dst = CString::new(tmp.as_os_str().as_bytes())?;
        // SAFETY: both paths are valid NUL-terminated strings that outlive
        // the call; linkat reads them and touches no other memory.
        let rc = unsafe { libc::linkat(libc::AT_FDCWD, src.as_ptr(), libc::AT_FDCWD, dst.as_ptr(), libc::AT_SYMLINK_FOLLOW) };
        if rc != 0 {
            return Err(io::Error::last_os_error());
        }
        std::fs::rename(&tmp, target).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }
}
