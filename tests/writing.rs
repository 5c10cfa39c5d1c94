//! Anything itx writes: the old file intact or the new one complete, no
//! temporary files left, and an error that says what happened.

use itx::atomic::{write_atomic, write_atomic_with};
use std::io::{Error, ErrorKind};
use std::path::Path;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_failing_writer_leaves_the_old_file_and_no_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.json");
    std::fs::write(&target, "old").unwrap();
    let err = write_atomic_with(&target, |w| {
        w.write_all(b"half of the new")?;
        Err(Error::new(ErrorKind::StorageFull, "no space left on device"))
    })
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::StorageFull);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
    assert_eq!(names(dir.path()), ["out.json"]);
}

#[test]
fn a_full_disk_leaves_the_old_file_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("tiny");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=16k", "tmpfs"])
        .arg(&mnt)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        // Without the right to mount, the failing writer above covers it.
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    }
    let target = mnt.join("out.json");
    std::fs::write(&target, "old").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_itx"))
        .args(["export", "--format", "json", "-o"])
        .arg(&target)
        .output()
        .unwrap();
    let listing = names(&mnt);
    let kept = std::fs::read_to_string(&target).unwrap();
    let _ = std::process::Command::new("umount").arg(&mnt).status();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot write") && stderr.contains("No space left"), "{stderr}");
    assert_eq!(kept, "old");
    assert_eq!(listing, ["out.json"]);
}

#[test]
fn a_read_only_folder_gives_an_error_and_writes_nothing() {
    // /proc refuses new files even to root, unlike a chmod'ed folder.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_itx"))
        .args(["export", "--format", "json", "-o", "/proc/itx-export.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot write /proc/itx-export.json") && stderr.contains("nothing was changed"),
        "{stderr}"
    );
    assert!(!Path::new("/proc/itx-export.json").exists());
}

#[cfg(unix)]
#[test]
fn a_symlinked_target_is_written_through_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.json");
    let link = dir.path().join("link.json");
    std::fs::write(&real, "old").unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    write_atomic(&link, b"new").unwrap();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
    assert_eq!(names(dir.path()), ["link.json", "real.json"]);
}

#[cfg(unix)]
#[test]
fn devices_and_fifos_are_never_replaced() {
    let err = write_atomic(Path::new("/dev/null"), b"x").unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device_like());
}

#[cfg(unix)]
trait CharDevice {
    fn is_char_device_like(&self) -> bool;
}
#[cfg(unix)]
impl CharDevice for std::fs::FileType {
    fn is_char_device_like(&self) -> bool {
        use std::os::unix::fs::FileTypeExt;
        self.is_char_device()
    }
}

#[test]
fn two_writers_at_once_leave_one_complete_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.json");
    let a = "a".repeat(1 << 20);
    let b = "b".repeat(1 << 20);
    std::thread::scope(|s| {
        for content in [&a, &b] {
            let target = &target;
            s.spawn(move || {
                for _ in 0..20 {
                    write_atomic(target, content.as_bytes()).unwrap();
                }
            });
        }
        // A reader never sees a mixed or partial file.
        for _ in 0..200 {
            if let Ok(text) = std::fs::read_to_string(&target) {
                assert!(text == a || text == b, "a partial or mixed file of {} bytes", text.len());
            }
        }
    });
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text == a || text == b);
    assert_eq!(names(dir.path()), ["out.json"]);
}

#[test]
fn a_process_killed_mid_write_leaves_the_old_or_the_new_file_and_no_temporary() {
    // A dataset big enough that exporting it takes a while.
    let dir = tempfile::tempdir().unwrap();
    let mut yaml = String::from("format: 1\ntitle: big\nsources: [{id: s, title: s}]\nevents:\n");
    for i in 0..20_000 {
        yaml += &format!(
            "  - {{id: e{i}, date: 2021-01-01, title: event number {i} with some words, sources: [s], summary: {}}}\n",
            "text ".repeat(40)
        );
    }
    let data = dir.path().join("big.yaml");
    std::fs::write(&data, yaml).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let target = out.join("export.json");
    std::fs::write(&target, "old").unwrap();
    let complete = {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_itx"))
            .args(["export", "--format", "json"])
            .arg(&data)
            .output()
            .unwrap();
        String::from_utf8(o.stdout).unwrap()
    };
    for delay_ms in [5u64, 50, 150, 300, 600, 1000] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_itx"))
            .args(["export", "--format", "json", "-o"])
            .arg(&target)
            .arg(&data)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let text = std::fs::read_to_string(&target).unwrap();
        assert!(
            text == "old" || text == complete,
            "after {delay_ms} ms: {} bytes, neither old nor complete",
            text.len()
        );
        assert_eq!(names(&out), ["export.json"], "after {delay_ms} ms");
    }
}
