//! Private, atomic writes of the simulator's state files (they hold test secrets in clear).

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::Result;

/// How many fresh temporary names are tried when one is taken (a planted file or symlink).
const TEMP_ATTEMPTS: u32 = 16;

/// Writes `data` to `path` owner-only (mode 0600 on Unix) and atomically: a new temporary file in
/// the same directory (created exclusively under a random name, so a planted file or symlink is
/// never followed or reused), then the data, `sync_all`, and a rename over `path`. A reader sees
/// the old content or the new one, never a mix; a symlink at `path` itself is replaced, not
/// followed. On failure the temporary file is removed and `path` is unchanged.
///
/// Used for the simulated card's state file and the CLI's simulated token account.
pub fn write_private_atomic(path: &Path, data: &[u8]) -> Result<()> {
    write_atomic_with(path, data, unique)
}

/// [`write_private_atomic`] with the source of the temporary names' random part.
fn write_atomic_with(path: &Path, data: &[u8], next: impl FnMut() -> u64) -> Result<()> {
    let (tmp, mut file) = create_temp(path, next).map_err(|(p, e)| crate::Error::io(p, &e))?;
    let written = file
        .write_all(data)
        .and_then(|()| file.sync_all())
        .map_err(|e| crate::Error::io(&tmp, &e));
    drop(file);
    let renamed =
        written.and_then(|()| std::fs::rename(&tmp, path).map_err(|e| crate::Error::io(path, &e)));
    if renamed.is_err() {
        let _ = std::fs::remove_file(&tmp);
        return renamed;
    }
    // Make the rename itself durable; a directory that cannot be synced (some file systems) does
    // not undo the write.
    #[cfg(unix)]
    if let Ok(dir) = File::open(directory(path)) {
        let _ = dir.sync_all();
    }
    Ok(())
}

fn directory(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// A fresh, exclusively created (`O_CREAT | O_EXCL`: never through a symlink) temporary file
/// beside `path`: `.<name>.<pid>.<random>.tmp` (`random` from `next`), mode 0600.
fn create_temp(
    path: &Path,
    mut next: impl FnMut() -> u64,
) -> std::result::Result<(PathBuf, File), (PathBuf, io::Error)> {
    let Some(name) = path.file_name() else {
        return Err((
            path.to_path_buf(),
            io::Error::new(io::ErrorKind::InvalidInput, "not a file name"),
        ));
    };
    let dir = directory(path);
    let mut last = None;
    for _ in 0..TEMP_ATTEMPTS {
        let mut tmp_name = OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".{}.{:016x}.tmp", std::process::id(), next()));
        let tmp = dir.join(tmp_name);
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some((tmp, e)),
            Err(e) => return Err((tmp, e)),
        }
    }
    Err(last.unwrap_or_else(|| {
        (
            path.to_path_buf(),
            io::Error::from(io::ErrorKind::AlreadyExists),
        )
    }))
}

/// 64 unpredictable bits from the OS generator; if it fails, a process-wide counter mixed with the
/// clock (the exclusive create keeps even a guessed name safe; it only costs a retry).
fn unique() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_ok() {
        return u64::from_le_bytes(bytes);
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    nanos ^ COUNTER.fetch_add(1, Ordering::Relaxed).rotate_left(48)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "eeszt-sim-file-{tag}-{}-{:x}",
            std::process::id(),
            unique()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn replaces_content_and_leaves_no_temporary_file() {
        let dir = scratch("replace");
        let path = dir.join("state.json");
        write_private_atomic(&path, b"first").unwrap();
        write_private_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![OsString::from("state.json")]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_symlink_at_a_temporary_name_is_not_followed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("planted");
        let victim = dir.join("victim.txt");
        std::fs::write(&victim, b"victim").unwrap();
        let path = dir.join("state.json");
        // An attacker who guessed the first name (pid and random part) planted a symlink there.
        let guessed = dir.join(format!(".state.json.{}.{:016x}.tmp", std::process::id(), 1));
        std::os::unix::fs::symlink(&victim, &guessed).unwrap();
        let mut names = [1u64, 2].into_iter();
        write_atomic_with(&path, b"secret state", || names.next().unwrap()).unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"victim");
        assert_eq!(std::fs::read(&path).unwrap(), b"secret state");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
        assert!(
            std::fs::symlink_metadata(&guessed)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        // Every name taken: an error, and neither the victim nor the state is touched.
        let mut same = || 1u64;
        assert!(write_atomic_with(&path, b"other", &mut same).is_err());
        assert_eq!(std::fs::read(&victim).unwrap(), b"victim");
        assert_eq!(std::fs::read(&path).unwrap(), b"secret state");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_at_the_target_is_replaced_not_followed() {
        let dir = scratch("target-link");
        let victim = dir.join("victim.txt");
        std::fs::write(&victim, b"victim").unwrap();
        let path = dir.join("state.json");
        std::os::unix::fs::symlink(&victim, &path).unwrap();
        write_private_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"victim");
        assert!(!std::fs::symlink_metadata(&path).unwrap().is_symlink());
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_path_without_file_name_is_an_error() {
        assert!(write_private_atomic(Path::new("/"), b"x").is_err());
    }
}
