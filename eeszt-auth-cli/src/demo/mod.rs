//! `eeszt-auth demo`: a scripted tour of the library, printed step by step in plain words.

mod login;

use crate::{Ctx, Exit};

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
    otp_steps(ctx);
    if !login::card_steps(ctx) {
        return Exit::Error;
    }
    crate::cert::demo_steps(ctx);
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

/// One-time passwords: enrolling an authenticator app (setup key, URI, QR code in the terminal),
/// confirming it with a code, and the replay and lockout rules.
fn otp_steps(ctx: &Ctx) {
    use eeszt_auth::otp::{Enrollment, OsRandom, Policy, Verifier};

    println!(
        "\n{}",
        ctx.t(
            "Kétfaktoros belépés: hitelesítő alkalmazás beállítása (TOTP, 6 számjegy, 30 másodperc)",
            "Two-factor login: setting up an authenticator app (TOTP, 6 digits, 30 seconds)"
        )
    );
    let enrollment = match Enrollment::new_totp(&mut OsRandom, "EESZT", "O95745") {
        Ok(e) => e,
        Err(err) => {
            println!("  {}", err.message(ctx.lang));
            return;
        }
    };
    println!(
        "  {} {}",
        ctx.t("Beállítókulcs:", "Setup key:"),
        enrollment.setup_key().as_str()
    );
    match (enrollment.uri(), enrollment.qr_text()) {
        (Ok(uri), Ok(qr)) => {
            println!("  URI: {}", uri.as_str());
            println!(
                "  {}",
                ctx.t(
                    "QR-kód (olvassa be a Google vagy Microsoft Authenticatorral):",
                    "QR code (scan it with Google or Microsoft Authenticator):"
                )
            );
            for line in qr.lines() {
                println!("  {line}");
            }
        }
        (Err(err), _) | (_, Err(err)) => println!("  {}", err.message(ctx.lang)),
    }
    // The demo plays the phone: it computes the code the app would show now.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let Ok(totp) = enrollment.totp() else {
        return;
    };
    let Ok(code) = totp.code_at(now) else {
        return;
    };
    match enrollment.confirm(code.as_str(), now) {
        Ok(mut state) => {
            println!(
                "  {} {code}: {}",
                ctx.t("Az alkalmazás kódja", "The app's code"),
                ctx.t(
                    "elfogadva, a regisztráció kész.",
                    "accepted, enrollment done."
                )
            );
            let verifier = Verifier::new(Policy::default());
            if let Err(err) = verifier.verify_totp(&totp, &mut state, code.as_str(), now) {
                println!(
                    "  {} {}",
                    ctx.t("Ugyanez a kód újra:", "The same code again:"),
                    err.message(ctx.lang)
                );
            }
            for _ in 0..2 {
                let _ = verifier.verify_totp(&totp, &mut state, "000000", now);
            }
            if let Err(err) = verifier.verify_totp(&totp, &mut state, "000000", now) {
                println!(
                    "  {} {}",
                    ctx.t("Harmadik hibás kód után:", "After a third wrong code:"),
                    err.message(ctx.lang)
                );
            }
        }
        Err(err) => println!("  {}", err.message(ctx.lang)),
    }
}
