//! `eeszt-auth demo`: a scripted tour of the library, printed step by step in plain words.

use super::{Ctx, Exit};

/// Runs the tour; each area adds its steps here.
pub fn run(ctx: &Ctx) -> Exit {
    println!(
        "{}",
        ctx.t(
            "eeszt-auth bemutató: az EESZT-belépés építőkövei",
            "eeszt-auth demo: the building blocks of an EESZT login"
        )
    );
    println!(
        "  {} {}",
        ctx.t("könyvtár verziója:", "library version:"),
        eeszt_auth::VERSION
    );
    let codes = eeszt_auth::error::all_codes().count();
    println!(
        "  {} {codes}",
        ctx.t(
            "hibakódok magyar és angol üzenettel:",
            "error codes with Hungarian and English messages:"
        )
    );
    Exit::Ok
}
