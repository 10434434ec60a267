//! Gives the shared library the SONAME it is installed under (`libeeszt_auth.so.0`), and puts that
//! name beside the build output (a symbolic link to `libeeszt_auth.so` in the profile folder), so
//! a program or binding linked against the build folder starts as it does against an installed copy.
fn main() {
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target_os == "linux" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libeeszt_auth.so.0");
        link_soname_beside_the_output();
    }
    println!("cargo:rerun-if-changed=build.rs");
}

/// `OUT_DIR` is `<profile folder>/build/<package>-<hash>/out`; the library lands in the profile
/// folder. A failure here only loses the convenience link, never the build.
#[cfg(unix)]
fn link_soname_beside_the_output() {
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        return;
    };
    let Some(profile) = std::path::Path::new(&out_dir).ancestors().nth(3) else {
        return;
    };
    let link = profile.join("libeeszt_auth.so.0");
    let target = std::path::Path::new("libeeszt_auth.so");
    match std::fs::read_link(&link) {
        Ok(old) if old == target => {}
        // A link left by an older build (to another file name): replace it.
        Ok(_) => {
            let _ = std::fs::remove_file(&link);
            let _ = std::os::unix::fs::symlink(target, &link);
        }
        // Not a link: create it unless a regular file is in the way (never clobber one).
        Err(_) => {
            if std::fs::symlink_metadata(&link).is_err() {
                let _ = std::os::unix::fs::symlink(target, &link);
            }
        }
    }
}

#[cfg(not(unix))]
fn link_soname_beside_the_output() {}
