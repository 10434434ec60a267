//! The C library of eeszt-auth: `libeeszt_auth.so` (SONAME `libeeszt_auth.so.0`, also linked under
//! that name in the build folder) and `libeeszt_auth.a`, the names they are installed under (see
//! `make install`), so programs and bindings work against the build folder and an installed copy
//! alike.
//!
//! Every exported function is defined in [`eeszt_auth_ffi`]; this crate only links them. It exists
//! so that the libraries are built with link-time optimisation, which cargo skips for a crate that
//! is also built as an `rlib`.
//!
//! Features: `pcsc` (default) for card readers; `sim` adds the simulated cards (`eeszt_*_sim_*`,
//! declared in the header under `EESZT_SIM`) for tests and CI, and is never part of what
//! `make install` ships; `testing` adds the panic-boundary test hook.

pub use eeszt_auth_ffi;
