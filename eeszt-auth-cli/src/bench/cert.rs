//! `bench cert PATH`: X.509 certificates parsed and inspected per second (every field the tool's
//! `cert inspect` shows: names, validity, key, extensions), over a file or every file of a folder.
//!
//! The files are read and split into DER certificates before the measurement (duplicates by
//! SHA-256 dropped, files that hold no X.509 certificate skipped and counted); one operation is
//! [`Certificate::from_der`] of the next certificate, round robin (worker `i` starts at the `i`-th).

use std::hint::black_box;
use std::path::{Path, PathBuf};

use clap::Args;
use eeszt_auth::ApiError;
use eeszt_auth::cert::{Bundle, CertError, Certificate};
use serde_json::json;

use super::harness::{self, Plan};
use super::{Failure, Report};

/// The most files read from a folder.
const MAX_FILES: usize = 10_000;

/// `bench cert` arguments.
#[derive(Debug, Args)]
pub struct CertArgs {
    /// A certificate file (DER, PEM, a PEM bundle) or a folder of them.
    path: PathBuf,
}

/// The DER certificates in `path` (a file or a folder), without duplicates, and the number of files
/// skipped.
fn collect(path: &Path) -> Result<(Vec<Vec<u8>>, usize), Failure> {
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut list: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| eeszt_auth::Error::io("bench cert: folder", &e))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .take(MAX_FILES)
            .collect();
        list.sort();
        list
    } else {
        vec![path.to_path_buf()]
    };
    let single = files.len() == 1;
    let mut seen = std::collections::HashSet::new();
    let mut certificates = Vec::new();
    let mut skipped = 0usize;
    for file in &files {
        let data = match crate::common::read_input_file(file) {
            Ok(data) => data,
            Err(err) if single => return Err(err.into()),
            Err(_) => {
                skipped += 1;
                continue;
            }
        };
        match Bundle::load(&data, None) {
            Ok(bundle) => {
                for cert in &bundle.certificates {
                    if seen.insert(cert.sha256()) {
                        certificates.push(cert.der().to_vec());
                    }
                }
            }
            Err(err) if single => return Err(err.into()),
            Err(_) => skipped += 1,
        }
    }
    if certificates.is_empty() {
        return Err(CertError::NoCertificate.into());
    }
    Ok((certificates, skipped))
}

/// `bench cert PATH`.
pub fn bench_cert(plan: &Plan, args: &CertArgs) -> Result<Report, Failure> {
    let (certificates, skipped) = collect(&args.path)?;
    let list = &certificates;
    let outcome = harness::run(plan, |i| {
        let mut next = i % list.len();
        Ok::<_, Failure>(move || {
            let der = &list[next];
            next = if next + 1 == list.len() { 0 } else { next + 1 };
            black_box(Certificate::from_der(black_box(der))?);
            Ok(())
        })
    })?;
    if outcome.ops == 0 {
        return Err(ApiError::BadState.into());
    }
    Ok(Report {
        what: "cert",
        unit: "certificates",
        unit_hu: "tanúsítvány",
        params: json!({
            "path": args.path.display().to_string(),
            "certificates": certificates.len(),
            "files_skipped": skipped,
        }),
        outcome,
        reference: None,
    })
}
