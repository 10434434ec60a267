//! Keeps the secrets this process holds (PIN, CAN, PUK, passwords, OTP keys, PKCS#12 keys) out of
//! core dumps and away from other processes of the same user, as far as one process can (see the
//! README, "Secrets in memory").

/// What [`keep_secrets_out_of_dumps`] achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Protection {
    /// The process is not dumpable (Linux `PR_SET_DUMPABLE` 0): no core dump, no ptrace attach
    /// and `/proc/PID/{mem,environ,...}` only for root.
    pub not_dumpable: bool,
    /// The core file size limit is 0 (soft and hard).
    pub no_core_file: bool,
}

/// Called first thing in `main`, before any secret is read. Failures are not fatal: the tool still
/// works, only without this protection.
#[cfg(target_os = "linux")]
pub fn keep_secrets_out_of_dumps() -> Protection {
    let limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: setrlimit reads the struct we pass for the duration of the call and changes only
    // this process's own limit.
    let no_core_file = unsafe { libc::setrlimit(libc::RLIMIT_CORE, &limit) } == 0;
    // SAFETY: prctl(PR_SET_DUMPABLE, 0) takes no pointers and changes only this process's flag.
    let not_dumpable = unsafe { libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) } == 0;
    Protection {
        not_dumpable,
        no_core_file,
    }
}

/// Elsewhere: nothing is done (see the README).
#[cfg(not(target_os = "linux"))]
pub fn keep_secrets_out_of_dumps() -> Protection {
    Protection {
        not_dumpable: false,
        no_core_file: false,
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn the_process_is_not_dumpable_and_writes_no_core() {
        let done = keep_secrets_out_of_dumps();
        assert_eq!(
            done,
            Protection {
                not_dumpable: true,
                no_core_file: true
            }
        );
        // SAFETY: PR_GET_DUMPABLE takes no pointers.
        let dumpable = unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) };
        assert_eq!(dumpable, 0);
        let mut limit = libc::rlimit {
            rlim_cur: 1,
            rlim_max: 1,
        };
        // SAFETY: getrlimit writes the struct we own.
        assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_CORE, &mut limit) }, 0);
        assert_eq!((limit.rlim_cur, limit.rlim_max), (0, 0));
    }
}
