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
    identifier_steps(ctx);
    super::cert::demo_steps(ctx);
    Exit::Ok
}

/// Identifiers: a mistyped user name with the fix, a TAJ number, a tax ID with its birth date.
fn identifier_steps(ctx: &Ctx) {
    use eeszt_auth::id::{CivilDate, EesztUserId, Taj, TaxId};

    println!(
        "\n{}",
        ctx.t(
            "Azonosítók: a felhasználónév, a TAJ-szám és az adóazonosító jel ellenőrzése",
            "Identifiers: checking user names, TAJ numbers and tax IDs"
        )
    );
    for typed in ["O 95745", " o95745 "] {
        match EesztUserId::parse(typed) {
            Ok(id) => println!(
                "  \"{typed}\" -> {id}: {} ({})",
                ctx.t("helyes felhasználónév", "a valid user name"),
                id.profession().name(ctx.lang)
            ),
            Err(err) => println!("  \"{typed}\" -> {}", err.message(ctx.lang)),
        }
    }
    for typed in ["123-456-788", "123 456 789"] {
        match Taj::parse(typed) {
            Ok(taj) => println!(
                "  TAJ \"{typed}\" -> {taj}: {}",
                ctx.t("az ellenőrző számjegy stimmel", "the check digit matches")
            ),
            Err(err) => println!("  TAJ \"{typed}\" -> {}", err.message(ctx.lang)),
        }
    }
    let today = CivilDate::today();
    match TaxId::parse_at("8365670003", today) {
        Ok(tax) => println!(
            "  {} 8365670003 -> {} {}",
            ctx.t("adóazonosító jel", "tax ID"),
            ctx.t("születési dátum:", "birth date:"),
            tax.birth_date()
        ),
        Err(err) => println!("  8365670003 -> {}", err.message(ctx.lang)),
    }
}
