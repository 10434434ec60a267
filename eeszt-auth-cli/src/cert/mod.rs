//! `eeszt-auth cert`: inspect certificate files and check the EESZT client certificate.
//!
//! * `cert inspect FILE [--password-env VAR]` detects DER, PEM, PKCS#12 and CV certificates and prints
//!   what they hold. With `--json`, X.509 files give `{"format": "x509", "container", "certificates":
//!   [...], "private_keys"}`, each certificate with `subject_attributes`/`issuer_attributes` (arrays of
//!   `{"oid", "value", "type"}` in encoding order), `subject`, `issuer`, `serial` (as `openssl x509
//!   -serial` prints it, `-` before a negative one), `not_before`/`not_after` (RFC 3339, UTC), `sha256`,
//!   `key_usage`, `extended_key_usage`, `is_ca` and more.
//! * `cert cvc-verify FILE... [--date YYYY-MM-DD]` verifies a CV certificate chain (cli/cvc.rs);
//!   exit 1 when it does not verify.
//! * `cert check-client FILE [--password-env VAR] [--warn-days N] [--now UNIX]` prints the readiness
//!   report for mutual TLS; exit 1 when the certificate is not ready.
//!
//! Passwords come only from the environment variable named by `--password-env`.

mod cvc;

use std::path::PathBuf;

use clap::{Args, Subcommand};
use eeszt_auth::cert::{
    AltName, Bundle, CertError, Certificate, Expiry, Format, KeyStatus, Name, QcStatement, QcType,
    Readiness, SignatureCheck, Usage, detect, eku_name, rfc3339,
};
use eeszt_auth::{ApiError, Error};
use serde_json::{Value, json};
use zeroize::Zeroizing;

use crate::{Ctx, Exit};

/// `eeszt-auth cert` arguments.
#[derive(Debug, Args)]
pub struct CertArgs {
    #[command(subcommand)]
    command: CertCommand,
}

#[derive(Debug, Subcommand)]
enum CertCommand {
    /// Show what a certificate file holds (DER, PEM, PKCS#12 or CV certificate).
    Inspect(FileArgs),
    /// Check that a client certificate file is ready for mutual TLS with EESZT.
    CheckClient(CheckArgs),
    /// Verify a CV certificate chain (CVCA, link, DV, terminal in order); exit 1 when it does not.
    CvcVerify(cvc::VerifyArgs),
}

#[derive(Debug, Args)]
struct FileArgs {
    /// The certificate file.
    file: PathBuf,
    /// Name of the environment variable holding the PKCS#12 password.
    #[arg(long, value_name = "VAR")]
    password_env: Option<String>,
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    file: FileArgs,
    /// Warn when fewer days than this remain.
    #[arg(long, default_value_t = eeszt_auth::cert::DEFAULT_WARN_DAYS)]
    warn_days: u32,
    /// Check as of this time (Unix seconds, UTC) instead of now.
    #[arg(long, value_name = "UNIX")]
    now: Option<u64>,
}

/// Runs `eeszt-auth cert ...`.
pub fn run(ctx: &Ctx, args: CertArgs) -> Exit {
    match args.command {
        CertCommand::Inspect(file) => inspect(ctx, &file),
        CertCommand::CheckClient(check) => check_client(ctx, &check),
        CertCommand::CvcVerify(verify) => cvc::verify(ctx, &verify),
    }
}

/// A certificate file's bytes and its password, both wiped after use (a PEM file may hold an
/// unencrypted private key).
type Input = (Zeroizing<Vec<u8>>, Option<Zeroizing<String>>);

/// Reads the file and the password; errors are reported and give `Err(exit)`.
fn read_input(ctx: &Ctx, args: &FileArgs) -> Result<Input, Exit> {
    let data = crate::common::read_input_file(&args.file)
        .map(Zeroizing::new)
        .map_err(|e| ctx.fail(&e))?;
    let password = match &args.password_env {
        None => None,
        Some(var) => match std::env::var(var) {
            Ok(value) => Some(Zeroizing::new(value)),
            Err(_) => {
                return Err(ctx.fail(&Error::from(ApiError::InvalidArgument {
                    what: "--password-env: the environment variable is not set or not UTF-8",
                })));
            }
        },
    };
    Ok((data, password))
}

fn load(ctx: &Ctx, args: &FileArgs) -> Result<Bundle, Exit> {
    let (data, password) = read_input(ctx, args)?;
    Bundle::load(&data, password.as_deref().map(String::as_str)).map_err(|e| {
        let exit = ctx.fail(&Error::from(e.clone()));
        if e == CertError::PasswordRequired {
            eprintln!(
                "{}",
                ctx.t(
                    "Adja meg a jelszót egy környezeti változóban: --password-env VALTOZO",
                    "Give the password in an environment variable: --password-env VAR"
                )
            );
        }
        exit
    })
}

fn inspect(ctx: &Ctx, args: &FileArgs) -> Exit {
    let (data, _) = match read_input(ctx, args) {
        Ok(input) => input,
        Err(exit) => return exit,
    };
    match detect(&data) {
        Ok(Format::Cvc) => return cvc::inspect(ctx, &data),
        Err(e) => return ctx.fail(&Error::from(e)),
        Ok(_) => {}
    }
    let bundle = match load(ctx, args) {
        Ok(b) => b,
        Err(exit) => return exit,
    };
    if ctx.json {
        ctx.print_json(&json!({
            "format": "x509",
            "container": bundle.format.as_str(),
            "certificates": bundle.certificates.iter().map(cert_json).collect::<Vec<_>>(),
            "private_keys": bundle.keys.iter().map(|k| k.label()).collect::<Vec<_>>(),
        }));
    } else {
        println!(
            "{}: {} ({} {})",
            ctx.t("formátum", "format"),
            bundle.format.as_str(),
            bundle.certificates.len(),
            ctx.t("tanúsítvány", "certificate(s)")
        );
        for (i, cert) in bundle.certificates.iter().enumerate() {
            print_cert(ctx, i, cert);
        }
        for key in &bundle.keys {
            println!("{}: {}", ctx.t("titkos kulcs", "private key"), key.label());
        }
    }
    Exit::Ok
}

fn attributes_json(name: &Name) -> Value {
    Value::Array(
        name.attributes
            .iter()
            .map(|a| json!({"oid": a.oid, "name": a.short_name(), "value": a.value, "type": a.kind.name()}))
            .collect(),
    )
}

fn eku_names(cert: &Certificate) -> Option<Vec<String>> {
    cert.extended_key_usage().map(|oids| {
        oids.iter()
            .map(|o| eku_name(o).map(str::to_owned).unwrap_or_else(|| o.clone()))
            .collect()
    })
}

fn qc_json(statement: &QcStatement) -> Value {
    let detail = match statement {
        QcStatement::LimitValue {
            currency,
            amount,
            exponent,
        } => json!({"currency": currency, "amount": amount, "exponent": exponent}),
        QcStatement::RetentionPeriod { years } => json!({"years": years}),
        QcStatement::Pds(locations) => Value::Array(
            locations
                .iter()
                .map(|l| json!({"url": l.url, "language": l.language}))
                .collect(),
        ),
        QcStatement::Type(types) => Value::Array(
            types
                .iter()
                .map(|t| match t {
                    QcType::ESign => json!("esign"),
                    QcType::ESeal => json!("eseal"),
                    QcType::Web => json!("web"),
                    QcType::Other(oid) => json!(oid),
                })
                .collect(),
        ),
        QcStatement::CcLegislation(countries) => json!(countries),
        QcStatement::Semantics {
            statement,
            semantics,
        } => json!({"statement": statement, "semantics": semantics}),
        QcStatement::Other { oid, info_hex } => json!({"oid": oid, "info": info_hex}),
        QcStatement::Compliance | QcStatement::Sscd => Value::Null,
    };
    json!({"statement": statement.label(), "value": detail})
}

/// The JSON object of one X.509 certificate.
pub fn cert_json(cert: &Certificate) -> Value {
    json!({
        "subject_attributes": attributes_json(cert.subject()),
        "issuer_attributes": attributes_json(cert.issuer()),
        "subject": cert.subject().to_string(),
        "issuer": cert.issuer().to_string(),
        "serial": cert.serial.to_openssl_hex(),
        "not_before": rfc3339(cert.not_before),
        "not_after": rfc3339(cert.not_after),
        "sha256": cert.sha256_hex(),
        "key_usage": cert.key_usage().map(|ku| ku.names()),
        "extended_key_usage": eku_names(cert),
        "is_ca": cert.is_ca(),
        "basic_constraints": cert.basic_constraints().map(|bc| json!({"ca": bc.ca, "path_len": bc.path_len})),
        "subject_alt_names": cert.subject_alt_names().iter().map(AltName::to_string).collect::<Vec<_>>(),
        "subject_key_id": cert.subject_key_id().map(hex),
        "authority_key_id": cert.authority_key_id().map(hex),
        "qc_statements": cert.qc_statements().map(|q| q.iter().map(qc_json).collect::<Vec<_>>()),
        "public_key": {"type": cert.public_key().key_type.label(), "bits": cert.public_key().bits},
        "signature_algorithm": cert.signature_algorithm(),
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn print_cert(ctx: &Ctx, index: usize, cert: &Certificate) {
    println!("[{}]", index + 1);
    println!("  {}: {}", ctx.t("alany", "subject"), cert.subject());
    println!("  {}: {}", ctx.t("kibocsátó", "issuer"), cert.issuer());
    println!("  {}: {}", ctx.t("sorozatszám", "serial"), cert.serial);
    println!(
        "  {}: {} .. {}",
        ctx.t("érvényesség", "validity"),
        rfc3339(cert.not_before),
        rfc3339(cert.not_after)
    );
    println!(
        "  {}: {} {}",
        ctx.t("nyilvános kulcs", "public key"),
        cert.public_key().key_type.label(),
        cert.public_key().bits
    );
    if let Some(ku) = cert.key_usage() {
        println!(
            "  {}: {}",
            ctx.t("kulcshasználat", "key usage"),
            ku.names().join(", ")
        );
    }
    if let Some(eku) = eku_names(cert) {
        println!(
            "  {}: {}",
            ctx.t("kiterjesztett kulcshasználat", "extended key usage"),
            eku.join(", ")
        );
    }
    if !cert.subject_alt_names().is_empty() {
        let names: Vec<String> = cert
            .subject_alt_names()
            .iter()
            .map(AltName::to_string)
            .collect();
        println!("  SAN: {}", names.join(", "));
    }
    println!("  CA: {}", cert.is_ca());
    if let Some(qc) = cert.qc_statements() {
        let labels: Vec<&str> = qc.iter().map(QcStatement::label).collect();
        println!("  QCStatements: {}", labels.join(", "));
    }
    println!("  SHA-256: {}", cert.sha256_hex());
}

fn now_unix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn check_client(ctx: &Ctx, args: &CheckArgs) -> Exit {
    let bundle = match load(ctx, &args.file) {
        Ok(b) => b,
        Err(exit) => return exit,
    };
    let now = args.now.unwrap_or_else(now_unix);
    let Some(report) = Readiness::check(&bundle, now, args.warn_days) else {
        return ctx.fail(&Error::from(CertError::NoCertificate));
    };
    let lines = report.lines(ctx.lang);
    let leaf = bundle.certificates.get(report.leaf);
    if ctx.json {
        ctx.print_json(&readiness_json(&report, leaf, &lines));
    } else {
        if let Some(leaf) = leaf {
            println!(
                "{}: {}",
                ctx.t("kliens tanúsítvány", "client certificate"),
                leaf.subject()
            );
            println!(
                "  {}: {}",
                ctx.t("lejárat", "expires"),
                rfc3339(leaf.not_after)
            );
        }
        for line in &lines {
            println!("  {line}");
        }
        println!(
            "{}",
            if report.is_ready() {
                ctx.t(
                    "KÉSZ: a tanúsítvány használható az EESZT kölcsönös TLS-kapcsolatához.",
                    "READY: the certificate can be used for mutual TLS with EESZT.",
                )
            } else {
                ctx.t(
                    "NEM KÉSZ: a tanúsítvány így nem használható; lásd a hibákat fent.",
                    "NOT READY: the certificate cannot be used as it is; see the errors above.",
                )
            }
        );
    }
    if report.is_ready() {
        Exit::Ok
    } else {
        Exit::No
    }
}

fn readiness_json(report: &Readiness, leaf: Option<&Certificate>, lines: &[String]) -> Value {
    let usage = |u: Usage| match u {
        Usage::Allowed => "allowed",
        Usage::Unrestricted => "unrestricted",
        Usage::NotAllowed => "not_allowed",
    };
    let key = match &report.key {
        KeyStatus::Missing => "missing".to_owned(),
        KeyStatus::Matches => "matches".to_owned(),
        KeyStatus::DiffersFromCertificate => "differs".to_owned(),
        KeyStatus::Unsupported(label) => format!("unsupported: {label}"),
    };
    let expiry = match report.expiry {
        Expiry::Valid => "valid",
        Expiry::ExpiresSoon => "expires_soon",
        Expiry::Expired => "expired",
        Expiry::NotYetValid => "not_yet_valid",
    };
    let links: Vec<Value> = report
        .chain
        .links
        .iter()
        .map(|l| {
            let (check, detail) = match &l.check {
                SignatureCheck::Valid => ("valid", None),
                SignatureCheck::Invalid => ("invalid", None),
                SignatureCheck::Unsupported(what) => ("unsupported", Some(what.clone())),
            };
            json!({"certificate": l.child, "issuer": l.issuer, "signature": check, "detail": detail})
        })
        .collect();
    json!({
        "ready": report.is_ready(),
        "certificate": leaf.map(cert_json),
        "key": key,
        "client_auth": usage(report.client_auth),
        "digital_signature": usage(report.digital_signature),
        "days_left": report.days_left,
        "expiry": expiry,
        "warn_days": report.warn_days,
        "chain": report.chain.order,
        "links": links,
        "ends_in_root": report.chain.ends_in_root,
        "unrelated": report.chain.unrelated,
        "messages": lines,
    })
}

/// The demo's certificate step: opens the committed demo client certificate (PKCS#12, password
/// "Árvíztűrő", valid 2026-2126) and prints its readiness in plain words, at a fixed date so the
/// output never depends on the clock, then shows the warning it gives 12 days before expiry.
pub fn demo_steps(ctx: &Ctx) {
    const DEMO_P12: &[u8] = include_bytes!("../../../eeszt-auth/tests/data/cert/demo_client.p12");
    /// 2030-01-01T00:00:00Z
    const DEMO_NOW: u64 = 1_893_456_000;
    println!(
        "\n{}",
        ctx.t(
            "Tanúsítvány: az intézmény EESZT SSL kliens tanúsítványának ellenőrzése (PKCS#12, jelszó: Árvíztűrő)",
            "Certificate: checking the institution's EESZT SSL client certificate (PKCS#12, password: Árvíztűrő)"
        )
    );
    let bundle = match Bundle::load(DEMO_P12, Some("Árvíztűrő")) {
        Ok(b) => b,
        Err(err) => {
            println!("  {}", err.message(ctx.lang));
            return;
        }
    };
    match Bundle::load(DEMO_P12, Some("Arvizturo")) {
        Err(err) => println!(
            "  {} \"Arvizturo\": {}",
            ctx.t("rossz jelszóval", "with the wrong password"),
            err.message(ctx.lang)
        ),
        Ok(_) => println!(
            "  {}",
            ctx.t(
                "a rossz jelszót elfogadta (hiba!)",
                "the wrong password was accepted (bug!)"
            )
        ),
    }
    let Some(report) = Readiness::check(&bundle, DEMO_NOW, eeszt_auth::cert::DEFAULT_WARN_DAYS)
    else {
        return;
    };
    if let Some(leaf) = bundle.certificates.get(report.leaf) {
        println!("  {}: {}", ctx.t("alany", "subject"), leaf.subject());
        println!("  {}: {}", ctx.t("sorozatszám", "serial"), leaf.serial);
    }
    println!(
        "  {}",
        ctx.t(
            "ellenőrzés 2030-01-01-i dátummal:",
            "checked as of 2030-01-01:"
        )
    );
    for line in report.lines(ctx.lang) {
        println!("    {line}");
    }
    println!(
        "  {}",
        if report.is_ready() {
            ctx.t(
                "=> a tanúsítvány kész a kölcsönös TLS-re",
                "=> the certificate is ready for mutual TLS",
            )
        } else {
            ctx.t(
                "=> a tanúsítvány NEM használható",
                "=> the certificate can NOT be used",
            )
        }
    );
    if let Some(leaf) = bundle.certificates.get(report.leaf) {
        let late = u64::try_from(leaf.not_after)
            .unwrap_or(0)
            .saturating_sub(12 * 86_400);
        if let Some(soon) = Readiness::check(&bundle, late, eeszt_auth::cert::DEFAULT_WARN_DAYS) {
            println!(
                "  {}",
                ctx.t("12 nappal a lejárat előtt:", "12 days before expiry:")
            );
            for line in soon
                .lines(ctx.lang)
                .iter()
                .filter(|l| l.contains("FIGYELEM") || l.contains("WARNING"))
            {
                println!("    {line}");
            }
        }
    }
}
