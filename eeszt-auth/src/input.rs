//! Reading input files defensively: regular files only, and only up to a size limit.
//!
//! A path given by a user may name something that is not a file: a directory, a FIFO (which blocks
//! a plain `open` until a writer appears), or a device such as `/dev/zero` (which never ends). And a
//! real file may be far larger than any certificate, key or state file this library reads.
//! [`read_file`] refuses all of these at once, without blocking and without reading more than the
//! limit allows:
//!
//! * the path's metadata is checked before opening: only a regular file (after following symbolic
//!   links) is opened, and only when its size is within the limit;
//! * on Unix it is opened with `O_NONBLOCK`, so even a FIFO swapped in after that check cannot
//!   block the open, and the opened file's own metadata is checked again;
//! * the contents are read through `take(limit + 1)`, so a file that grows meanwhile still cannot
//!   make the read exceed the limit.

use std::io::Read;
use std::path::Path;

use crate::{ApiError, Error, Result};

/// The default maximum size of an input file: 16 MiB.
///
/// Far above what real inputs need (an EESZT PKCS#12 file is a few kilobytes, a CV certificate
/// chain under a kilobyte, an institution list or simulator state a few hundred kilobytes), and
/// small enough that reading it is quick and cannot exhaust memory.
pub const MAX_FILE_LEN: u64 = 16 * 1024 * 1024;

/// Reads the whole regular file at `path`, refusing it if it is larger than `limit` bytes.
///
/// Errors: [`ApiError::NotARegularFile`] for a directory, FIFO, device or socket (without
/// blocking); [`ApiError::FileTooLarge`] for a file over `limit`; [`ApiError::Io`] when it cannot
/// be opened or read.
pub fn read_file(path: impl AsRef<Path>, limit: u64) -> Result<Vec<u8>> {
    let path = path.as_ref();
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, &e))?;
    check(path, &meta, limit)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A FIFO swapped in after the check above must not block the open.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| Error::io(path, &e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, &e))?;
    check(path, &meta, limit)?;
    // The size is at most `limit` here; the capacity is only a hint (the file may change).
    let hint = usize::try_from(meta.len().min(limit)).unwrap_or(0);
    let mut data = Vec::with_capacity(hint);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut data)
        .map_err(|e| Error::io(path, &e))?;
    if data.len() as u64 > limit {
        return Err(too_large(path, limit));
    }
    Ok(data)
}

/// [`read_file`] for a UTF-8 text file; invalid UTF-8 is an [`ApiError::Io`].
pub fn read_file_to_string(path: impl AsRef<Path>, limit: u64) -> Result<String> {
    let path = path.as_ref();
    String::from_utf8(read_file(path, limit)?).map_err(|_| {
        ApiError::Io {
            detail: format!("{}: stream did not contain valid UTF-8", path.display()),
        }
        .into()
    })
}

fn check(path: &Path, meta: &std::fs::Metadata, limit: u64) -> Result<()> {
    if !meta.is_file() {
        return Err(ApiError::NotARegularFile {
            detail: path.display().to_string(),
        }
        .into());
    }
    if meta.len() > limit {
        return Err(too_large(path, limit));
    }
    Ok(())
}

fn too_large(path: &Path, limit: u64) -> Error {
    ApiError::FileTooLarge {
        detail: path.display().to_string(),
        limit,
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("eeszt-input-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn reads_a_file_up_to_the_limit() {
        let dir = temp("limit");
        let path = dir.join("f");
        std::fs::write(&path, b"12345").unwrap();
        assert_eq!(read_file(&path, 5).unwrap(), b"12345");
        assert_eq!(read_file_to_string(&path, 5).unwrap(), "12345");
        let err = read_file(&path, 4).unwrap_err();
        assert_eq!(
            err.code(),
            ApiError::FileTooLarge {
                detail: String::new(),
                limit: 0
            }
            .code()
        );
        std::fs::write(&path, [0xFF, 0xFE]).unwrap();
        assert_eq!(
            read_file_to_string(&path, 5).unwrap_err().code(),
            ApiError::Io {
                detail: String::new()
            }
            .code()
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn refuses_what_is_not_a_regular_file() {
        let dir = temp("kinds");
        let not_regular = ApiError::NotARegularFile {
            detail: String::new(),
        }
        .code();
        assert_eq!(
            read_file(&dir, MAX_FILE_LEN).unwrap_err().code(),
            not_regular
        );
        #[cfg(unix)]
        {
            // A character device that never ends.
            assert_eq!(
                read_file("/dev/zero", MAX_FILE_LEN).unwrap_err().code(),
                not_regular
            );
        }
        #[cfg(unix)]
        {
            // A FIFO without a writer: refused at once instead of blocking in open().
            let fifo = dir.join("fifo");
            let made = std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap();
            assert!(made.success());
            let started = std::time::Instant::now();
            assert_eq!(
                read_file(&fifo, MAX_FILE_LEN).unwrap_err().code(),
                not_regular
            );
            assert!(started.elapsed() < std::time::Duration::from_secs(5));
        }
        let missing = read_file(dir.join("missing"), MAX_FILE_LEN).unwrap_err();
        assert_eq!(
            missing.code(),
            ApiError::Io {
                detail: String::new()
            }
            .code()
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
