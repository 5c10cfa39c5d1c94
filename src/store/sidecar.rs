//! Where itx keeps what it remembers about a file it opened: the reader's
//! stars, notes and columns (`.itx-marks.json`), and how a timeline is
//! read (`.itx-map`).
//!
//! Beside a YAML dataset, which is the analyst's own work. Any other file
//! (a plaso or Hayabusa timeline, a STIX bundle, a log) is often evidence,
//! in a folder that must not change or cannot: its sidecars go to the
//! user's data folder instead, named for the file and its whole path, so
//! two `timeline.csv` of two cases stay apart. A sidecar an earlier itx
//! left beside such a file is still used, so no star is lost.

use std::path::{Path, PathBuf};

/// Where the sidecar `suffix` of `file` lives (see the module's note);
/// none when it belongs in the data folder and there is none.
pub fn path(file: &Path, suffix: &str) -> Option<PathBuf> {
    path_in(file, suffix, dirs::data_dir().as_deref())
}

/// `path`, with the user's data folder given.
pub fn path_in(file: &Path, suffix: &str, data: Option<&Path>) -> Option<PathBuf> {
    let beside = beside(file, suffix);
    let yaml = file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    if yaml || beside.exists() {
        return Some(beside);
    }
    let name = file.file_name()?.to_string_lossy().into_owned();
    let whole = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let at = fnv1a(whole.as_os_str().as_encoded_bytes());
    Some(data?.join("itx").join("timelines").join(format!("{name}-{at:016x}{suffix}")))
}

/// `file`'s name with `suffix`, in its own folder.
fn beside(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// FNV-1a: a hash that is the same in every build and on every run (the
/// standard library's is seeded), for names that must be found again.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_yaml_dataset_keeps_its_sidecar_beside_it_and_anything_else_in_the_data_folder() {
        let data = Path::new("/home/a/.local/share");
        assert_eq!(
            path_in(Path::new("/cases/x.yaml"), ".itx-marks.json", Some(data)),
            Some(PathBuf::from("/cases/x.yaml.itx-marks.json"))
        );
        assert_eq!(
            path_in(Path::new("/cases/x.YML"), ".itx-marks.json", Some(data)),
            Some(PathBuf::from("/cases/x.YML.itx-marks.json"))
        );
        let apart = path_in(Path::new("/cases/one/timeline.csv"), ".itx-map", Some(data)).unwrap();
        assert!(apart.starts_with("/home/a/.local/share/itx/timelines"), "{}", apart.display());
        let name = apart.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("timeline.csv-") && name.ends_with(".itx-map"), "{name}");
        let other = path_in(Path::new("/cases/two/timeline.csv"), ".itx-map", Some(data)).unwrap();
        assert_ne!(apart, other, "two files of one name in two folders stay apart");
        assert_eq!(
            path_in(Path::new("/cases/one/timeline.csv"), ".itx-map", Some(data)).unwrap(),
            apart,
            "the same name each time"
        );
        assert_eq!(path_in(Path::new("/cases/one/timeline.csv"), ".itx-map", None), None);
    }

    #[test]
    fn a_sidecar_an_earlier_itx_left_beside_a_timeline_is_still_used() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("hayabusa.csv");
        let old = dir.path().join("hayabusa.csv.itx-marks.json");
        std::fs::write(&old, "{}").unwrap();
        assert_eq!(path_in(&file, ".itx-marks.json", Some(Path::new("/data"))), Some(old));
    }

    #[test]
    fn the_hash_is_fnv1a() {
        // The published test vectors: names must not change between builds.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }
}
