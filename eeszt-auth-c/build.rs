//! Gives the shared library the SONAME it is installed under (`libeeszt_auth.so.0`).
fn main() {
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target_os == "linux" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libeeszt_auth.so.0");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
