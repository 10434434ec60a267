//! CV certificates in the CLI: `eeszt-auth cert inspect` shows them (called from cli/cert.rs when
//! the input is a CV certificate) and `eeszt-auth cert cvc-verify FILE...` verifies a chain.

use std::path::PathBuf;

use clap::Args;
use eeszt_auth::Error;
use eeszt_auth::cert::{
    CertError, CvCertificate, CvDate, ImportOutcome, Role, TerminalType, verify_chain,
};
use serde_json::{Value, json};

use crate::{Ctx, Exit};

/// Arguments of `eeszt-auth cert cvc-verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Certificate files in chain order: a self-signed CVCA first, then link, DV and terminal
    /// certificates (a file may hold several concatenated certificates).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The current date to check expiry against (YYYY-MM-DD); default: today (UTC).
    #[arg(long)]
    pub date: Option<String>,
}

fn role_text(ctx: &Ctx, role: Role) -> &'static str {
    match role {
        Role::Cvca => ctx.t("CVCA (országos hitelesítő)", "CVCA (country verifying CA)"),
        Role::DvDomestic => ctx.t("DV (belföldi, hivatalos)", "DV (official domestic)"),
        Role::DvForeign => ctx.t(
            "DV (külföldi vagy nem hivatalos)",
            "DV (foreign or non-official)",
        ),
        Role::Terminal => ctx.t("terminál", "terminal"),
    }
}

fn type_text(ctx: &Ctx, t: &TerminalType) -> String {
    match t {
        TerminalType::AuthenticationTerminal => ctx
            .t("hitelesítő terminál (AT)", "authentication terminal (AT)")
            .into(),
        TerminalType::InspectionSystem => ctx
            .t("ellenőrző rendszer (IS)", "inspection system (IS)")
            .into(),
        TerminalType::SignatureTerminal => ctx
            .t("aláíró terminál (ST)", "signature terminal (ST)")
            .into(),
        TerminalType::Other(oid) => format!("{} {oid}", ctx.t("egyéb típus", "other type")),
    }
}

/// The JSON object of one certificate.
fn cert_json(cert: &CvCertificate) -> Value {
    let key = cert.public_key();
    json!({
        "format": "cvc",
        "profile": cert.profile(),
        "car": cert.car().to_string(),
        "chr": cert.chr().to_string(),
        "role": cert.chat().role().as_str(),
        "terminal_type": cert.chat().terminal_type().name(),
        "rights": cert.chat().rights().iter().map(|r| r.name).collect::<Vec<_>>(),
        "effective": cert.effective().to_string(),
        "expiration": cert.expiration().to_string(),
        "public_key_oid": key.oid().to_string(),
        "public_key_algorithm": key.algorithm().map(|a| a.name()),
        "curve": key.domain().and_then(eeszt_auth::cert::Curve::identify).map(|c| c.name()),
        "extensions": cert.extensions().iter().map(|e| e.oid.to_string()).collect::<Vec<_>>(),
    })
}

fn print_text(ctx: &Ctx, cert: &CvCertificate) {
    let key = cert.public_key();
    println!(
        "{}",
        ctx.t(
            "CV-tanúsítvány (BSI TR-03110)",
            "CV certificate (BSI TR-03110)"
        )
    );
    println!("  CAR: {}", cert.car());
    println!("  CHR: {}", cert.chr());
    println!(
        "  {}: {}",
        ctx.t("Szerep", "Role"),
        role_text(ctx, cert.chat().role())
    );
    println!(
        "  {}: {}",
        ctx.t("Terminál típusa", "Terminal type"),
        type_text(ctx, cert.chat().terminal_type())
    );
    println!("  {}:", ctx.t("Jogosultságok", "Rights"));
    for right in cert.chat().rights() {
        println!("    {} ({})", right.name, right.description);
    }
    println!(
        "  {}: {}",
        ctx.t("Érvényesség kezdete", "Effective"),
        cert.effective()
    );
    println!(
        "  {}: {}",
        ctx.t("Lejárat", "Expiration"),
        cert.expiration()
    );
    let alg = key.algorithm().map_or("?", |a| a.name());
    let curve = key
        .domain()
        .and_then(eeszt_auth::cert::Curve::identify)
        .map(|c| format!(", {c}"))
        .unwrap_or_default();
    println!(
        "  {}: {alg} ({}){curve}",
        ctx.t("Nyilvános kulcs", "Public key"),
        key.oid()
    );
    for ext in cert.extensions() {
        println!("  {}: {}", ctx.t("Kiegészítés", "Extension"), ext.oid);
    }
}

/// Shows the CV certificate(s) in `bytes`: one JSON object `{"format": "cvc", "car", "chr", "role",
/// "terminal_type", "rights", "effective", "expiration", "public_key_oid", ...}`, or for several
/// concatenated certificates `{"format": "cvc", "certificates": [...]}`; or plain text.
pub fn inspect(ctx: &Ctx, bytes: &[u8]) -> Exit {
    let certs = match CvCertificate::parse_many(bytes) {
        Ok(certs) => certs,
        Err(err) => return ctx.fail(&err.into()),
    };
    if ctx.json {
        match certs.as_slice() {
            [one] => ctx.print_json(&cert_json(one)),
            many => ctx.print_json(&json!({
                "format": "cvc",
                "certificates": many.iter().map(cert_json).collect::<Vec<_>>(),
            })),
        }
    } else {
        for (i, cert) in certs.iter().enumerate() {
            if i > 0 {
                println!();
            }
            print_text(ctx, cert);
        }
    }
    Exit::Ok
}

fn outcome_text(ctx: &Ctx, outcome: &ImportOutcome) -> String {
    match outcome {
        ImportOutcome::TrustPointUpdated { old, new } => {
            format!(
                "{}: {old} -> {new}",
                ctx.t(
                    "CVCA-frissítés (link tanúsítvány)",
                    "CVCA update (link certificate)"
                )
            )
        }
        ImportOutcome::AlreadyTrusted { chr } => {
            format!("{chr}: {}", ctx.t("már megbízható", "already trusted"))
        }
        ImportOutcome::DvAccepted { chr, role } => format!("{chr}: {}", role_text(ctx, *role)),
        ImportOutcome::TerminalAccepted { chr, .. } => {
            format!("{chr}: {}", role_text(ctx, Role::Terminal))
        }
    }
}

/// `eeszt-auth cert cvc-verify FILE...`: exit 0 when the chain verifies, 1 when it does not, 2 for
/// unreadable input or a curve/algorithm this build cannot check.
pub fn verify(ctx: &Ctx, args: &VerifyArgs) -> Exit {
    let mut bytes = Vec::new();
    for path in &args.files {
        match crate::common::read_input_file(path) {
            Ok(data) => bytes.extend_from_slice(&data),
            Err(err) => return ctx.fail(&err),
        }
    }
    let today = match &args.date {
        Some(text) => CvDate::parse(text),
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .and_then(|d| CvDate::from_unix_time(d.as_secs())),
    };
    let Some(today) = today else {
        return ctx.fail(
            &eeszt_auth::ApiError::InvalidArgument {
                what: "--date (YYYY-MM-DD)",
            }
            .into(),
        );
    };
    let certs = match CvCertificate::parse_many(&bytes) {
        Ok(certs) => certs,
        Err(err) => return ctx.fail(&err.into()),
    };
    let chain: Vec<String> = certs.iter().map(|c| c.chr().to_string()).collect();
    match verify_chain(&certs, today) {
        Ok(outcomes) => {
            if ctx.json {
                ctx.print_json(&json!({
                    "format": "cvc",
                    "valid": true,
                    "date": today.to_string(),
                    "chain": chain,
                }));
            } else {
                println!(
                    "{} ({today})",
                    ctx.t(
                        "A CV-tanúsítványlánc érvényes.",
                        "The CV certificate chain is valid."
                    )
                );
                println!(
                    "  {}: {}",
                    ctx.t("Bizalmi pont", "Trust point"),
                    certs
                        .first()
                        .map(|c| c.chr().to_string())
                        .unwrap_or_default()
                );
                for outcome in &outcomes {
                    println!("  {}", outcome_text(ctx, outcome));
                }
            }
            Exit::Ok
        }
        Err(
            err @ (CertError::CvcUnsupportedCurve { .. } | CertError::CvcUnknownAlgorithm { .. }),
        ) => ctx.fail(&err.into()),
        Err(err) => {
            let err: Error = err.into();
            if ctx.json {
                ctx.print_json(&json!({
                    "format": "cvc",
                    "valid": false,
                    "date": today.to_string(),
                    "chain": chain,
                    "error": ctx.error_json(&err),
                }));
            } else {
                println!(
                    "{}",
                    ctx.t(
                        "A CV-tanúsítványlánc NEM érvényes.",
                        "The CV certificate chain is NOT valid."
                    )
                );
                println!("  {}", err.message(ctx.lang));
            }
            Exit::No
        }
    }
}
