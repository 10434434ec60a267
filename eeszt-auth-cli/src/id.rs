//! `eeszt-auth id KIND TEXT`: validates an identifier and prints its normalised form, or what is wrong
//! and what to type instead. Exit 0 valid, 1 not valid.
//!
//! With `--json`: `{"valid", "kind", "normalized", "error": {"code", "message"} | null, ...}` plus
//! `profession` for user names, `birth_date` for tax IDs, `unit`/`licence_type`/`profession_code` for
//! licence IDs and `with_mark` for token serials.

use clap::{Args, ValueEnum};
use eeszt_auth::id::{
    CivilDate, EesztUserId, FinancingCode, IdError, IdKind, InstitutionCode, LicenceId, ProviderId,
    Taj, TaxId, TokenSerial, UnitCode,
};
use serde_json::{Map, Value, json};

use crate::{Ctx, Exit};

/// Which identifier to check.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Kind {
    /// EESZT user name, e.g. O95745.
    User,
    /// TAJ number, e.g. "123 456 788".
    Taj,
    /// Tax ID (adóazonosító jel), e.g. 8365670003.
    Tax,
    /// Health-care provider ID, 6 digits.
    Provider,
    /// Organisational unit code, 9 digits or capitals.
    Unit,
    /// Licence ID, e.g. 001055630/A1/1300.
    Licence,
    /// NEAK financing code, 9 digits.
    Financing,
    /// NEAK institution code, 4 digits or capitals.
    Institution,
    /// Hard token serial, with or without the GALT mark.
    Token,
}

impl Kind {
    fn id_kind(self) -> IdKind {
        match self {
            Kind::User => IdKind::UserId,
            Kind::Taj => IdKind::Taj,
            Kind::Tax => IdKind::TaxId,
            Kind::Provider => IdKind::ProviderId,
            Kind::Unit => IdKind::UnitCode,
            Kind::Licence => IdKind::LicenceId,
            Kind::Financing => IdKind::FinancingCode,
            Kind::Institution => IdKind::InstitutionCode,
            Kind::Token => IdKind::TokenSerial,
        }
    }
}

/// `eeszt-auth id` arguments.
#[derive(Debug, Args)]
pub struct IdArgs {
    /// Which identifier: user, taj, tax, provider, unit, licence, financing, institution, token.
    #[arg(value_enum)]
    kind: Kind,
    /// The text to check, as typed (quote it when it contains spaces).
    #[arg(allow_hyphen_values = true)]
    text: String,
    /// Tax IDs: the date of "today" (YYYY-MM-DD) a birth date must not be after; default: the UTC date
    /// from the system clock.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
}

/// A valid identifier's normalised form and its parts (JSON field, plain-words label, value).
struct Valid {
    normalized: String,
    parts: Vec<(&'static str, (&'static str, &'static str), String)>,
}

impl Valid {
    fn plain(normalized: impl ToString) -> Valid {
        Valid {
            normalized: normalized.to_string(),
            parts: Vec::new(),
        }
    }

    fn with(
        mut self,
        field: &'static str,
        label: (&'static str, &'static str),
        value: String,
    ) -> Valid {
        self.parts.push((field, label, value));
        self
    }
}

fn check(kind: Kind, text: &str, today: CivilDate, ctx: &Ctx) -> Result<Valid, IdError> {
    Ok(match kind {
        Kind::User => {
            let id = EesztUserId::parse(text)?;
            let p = id.profession();
            Valid::plain(&id)
                .with(
                    "profession",
                    ("foglalkozás", "profession"),
                    p.as_str().into(),
                )
                .with(
                    "profession_name",
                    ("megnevezés", "name"),
                    p.name(ctx.lang).into(),
                )
        }
        Kind::Taj => Valid::plain(Taj::parse(text)?),
        Kind::Tax => {
            let id = TaxId::parse_at(text, today)?;
            Valid::plain(&id).with(
                "birth_date",
                ("születési dátum", "birth date"),
                id.birth_date().to_string(),
            )
        }
        Kind::Provider => Valid::plain(ProviderId::parse(text)?),
        Kind::Unit => Valid::plain(UnitCode::parse(text)?),
        Kind::Licence => {
            let id = LicenceId::parse(text)?;
            Valid::plain(&id)
                .with("unit", ("szervezeti egység", "unit"), id.unit().to_string())
                .with(
                    "licence_type",
                    ("engedélytípus", "licence type"),
                    id.licence_type().into(),
                )
                .with(
                    "profession_code",
                    ("szakmakód", "profession code"),
                    id.profession_code().into(),
                )
        }
        Kind::Financing => Valid::plain(FinancingCode::parse(text)?),
        Kind::Institution => Valid::plain(InstitutionCode::parse(text)?),
        Kind::Token => {
            let id = TokenSerial::parse(text)?;
            Valid::plain(&id).with(
                "with_mark",
                ("nyomtatott alak", "as printed"),
                id.with_mark(),
            )
        }
    })
}

/// The JSON fields a kind always has (null when invalid), so the shape does not depend on validity.
fn extra_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::User => &["profession", "profession_name"],
        Kind::Tax => &["birth_date"],
        Kind::Licence => &["unit", "licence_type", "profession_code"],
        Kind::Token => &["with_mark"],
        _ => &[],
    }
}

/// Runs `eeszt-auth id`.
pub fn run(ctx: &Ctx, args: &IdArgs) -> Exit {
    let today = match args.today.as_deref() {
        None => CivilDate::today(),
        Some(text) => match text.parse::<CivilDate>() {
            Ok(date) => date,
            Err(_) => {
                let err = eeszt_auth::ApiError::InvalidArgument {
                    what: "--today YYYY-MM-DD",
                };
                return ctx.fail(&err.into());
            }
        },
    };
    let kind = args.kind.id_kind();
    let outcome = check(args.kind, &args.text, today, ctx);
    if ctx.json {
        let mut doc = Map::new();
        doc.insert("valid".into(), json!(outcome.is_ok()));
        doc.insert("kind".into(), json!(kind.as_str()));
        for field in extra_fields(args.kind) {
            doc.insert((*field).into(), Value::Null);
        }
        match &outcome {
            Ok(valid) => {
                doc.insert("normalized".into(), json!(valid.normalized));
                doc.insert("error".into(), Value::Null);
                for (field, _, value) in &valid.parts {
                    doc.insert((*field).into(), json!(value));
                }
            }
            Err(err) => {
                doc.insert("normalized".into(), Value::Null);
                doc.insert(
                    "error".into(),
                    json!({"code": err.code(), "message": err.message(ctx.lang)}),
                );
            }
        }
        ctx.print_json(&Value::Object(doc));
    } else {
        match &outcome {
            Ok(valid) => {
                println!(
                    "{}: {} ({})",
                    kind.name(ctx.lang),
                    valid.normalized,
                    ctx.t("érvényes", "valid")
                );
                for (_, (hu, en), value) in &valid.parts {
                    println!("  {}: {value}", ctx.t(hu, en));
                }
            }
            Err(err) => println!(
                "{}: {} {} [{}]",
                kind.name(ctx.lang),
                ctx.t("NEM érvényes.", "NOT valid."),
                err.message(ctx.lang),
                err.code()
            ),
        }
    }
    if outcome.is_ok() { Exit::Ok } else { Exit::No }
}
