//! Differential tests against `openssl`: every certificate in /etc/ssl/certs, certificates made here
//! with Hungarian names in BMPString, UTF8String and T61String and with negative serials, and
//! PKCS#12 files made by `openssl pkcs12 -export` (default and `-legacy`).

mod cert_support;

use std::path::{Path, PathBuf};

use cert_support::{TempDir, openssl};
use eeszt_auth::cert::{Bundle, CertError, Certificate, KeyStatus, Readiness, StringKind, rfc3339};

fn p256_key(path: &str) {
    openssl(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-out",
        path,
    ]);
}

/// "Dec 20 09:37:33 2018 GMT" -> "2018-12-20T09:37:33Z"
fn openssl_date(text: &str) -> String {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [month, day, time, year, "GMT"] = parts[..] else {
        panic!("unexpected date {text}");
    };
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let m = months.iter().position(|x| *x == month).unwrap() + 1;
    format!("{year}-{m:02}-{:02}T{time}Z", day.parse::<u32>().unwrap())
}

/// Compares subject, serial, dates and fingerprint with `openssl x509` for one PEM file.
fn compare_with_openssl(path: &str, cert: &Certificate) {
    let out = openssl(&[
        "x509",
        "-in",
        path,
        "-noout",
        "-subject",
        "-serial",
        "-dates",
        "-fingerprint",
        "-sha256",
        "-nameopt",
        "sep_multiline,utf8,oid,-esc_msb,dump_unknown",
    ]);
    let mut subject_lines = Vec::new();
    let mut in_subject = false;
    for line in out.lines() {
        if line == "subject=" {
            in_subject = true;
        } else if let Some(attr) = line.strip_prefix("    ").filter(|_| in_subject) {
            subject_lines.push(attr.to_owned());
        } else {
            in_subject = false;
            if let Some(serial) = line.strip_prefix("serial=") {
                assert_eq!(cert.serial.to_openssl_hex(), serial, "{path}: serial");
            } else if let Some(date) = line.strip_prefix("notBefore=") {
                assert_eq!(rfc3339(cert.not_before), openssl_date(date), "{path}");
            } else if let Some(date) = line.strip_prefix("notAfter=") {
                assert_eq!(rfc3339(cert.not_after), openssl_date(date), "{path}");
            } else if let Some(fp) = line.strip_prefix("sha256 Fingerprint=") {
                assert_eq!(
                    cert.sha256_hex(),
                    fp.replace(':', "").to_lowercase(),
                    "{path}"
                );
            }
        }
    }
    // Ours, grouped into RDNs the way openssl prints them ("a=x + b=y").
    let ours = rdn_lines(cert.subject());
    assert_eq!(ours, subject_lines, "{path}: subject attributes");
}

/// What `openssl cms -cmsout -print` shows of one certificate.
#[derive(Debug, Default)]
struct Printed {
    serial: String,
    not_before: String,
    not_after: String,
    /// One line per RDN, `oid=value` (`a=x + b=y` for a multi-valued RDN).
    subject: Vec<String>,
    issuer: Vec<String>,
}

/// Which name of a [`Printed`] certificate is being read.
type NameField = fn(&mut Printed) -> &mut Vec<String>;

/// Reads the certificates out of `openssl cms -cmsout -print` run with
/// `-nameopt sep_multiline,utf8,oid,...`: a name prints its first RDN after the field label and
/// every further one on its own line, indented by ten spaces, starting with the numeric OID.
fn parse_cms_print(text: &str) -> Vec<Printed> {
    let mut certs: Vec<Printed> = Vec::new();
    let mut name: Option<NameField> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let (Some(field), Some(cert)) = (name, certs.last_mut()) {
            let rdn = line
                .strip_prefix("          ")
                .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
            if let Some(rdn) = rdn {
                field(cert).push(rdn.to_owned());
                continue;
            }
            name = None;
        }
        if let Some(serial) = trimmed.strip_prefix("serialNumber: ") {
            certs.push(Printed {
                serial: serial.to_owned(),
                ..Printed::default()
            });
            continue;
        }
        let Some(cert) = certs.last_mut() else {
            continue;
        };
        if let Some(date) = trimmed.strip_prefix("notBefore: ") {
            cert.not_before = openssl_date(date);
        } else if let Some(date) = trimmed.strip_prefix("notAfter: ") {
            cert.not_after = openssl_date(date);
        } else {
            let fields: [(&str, NameField); 2] = [
                ("subject:", |c| &mut c.subject),
                ("issuer:", |c| &mut c.issuer),
            ];
            for (label, field) in fields {
                if let Some(first) = trimmed.strip_prefix(label).map(str::trim_start) {
                    name = Some(field);
                    field(cert).extend(Some(first).filter(|r| !r.is_empty()).map(str::to_owned));
                }
            }
        }
    }
    certs
}

/// A serial the way OpenSSL prints an INTEGER in structures: decimal below 128 bits, else `0x`
/// and upper-case hex; `-` before a negative one.
fn openssl_integer(cert: &Certificate) -> String {
    let magnitude = cert.serial.magnitude();
    let sign = if cert.serial.is_negative() { "-" } else { "" };
    if magnitude.len() < 16 || (magnitude.len() == 16 && magnitude[0] < 0x80) {
        let value = magnitude
            .iter()
            .fold(0u128, |acc, b| (acc << 8) | u128::from(*b));
        format!("{sign}{value}")
    } else {
        let hex: String = magnitude.iter().map(|b| format!("{b:02X}")).collect();
        format!("{sign}0x{hex}")
    }
}

/// A name as `sep_multiline` prints it: one line per RDN, `oid=value`, ` + ` inside an RDN.
fn rdn_lines(name: &eeszt_auth::cert::Name) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut last_rdn = None;
    for attr in &name.attributes {
        let text = format!("{}={}", attr.oid, attr.value);
        if last_rdn == Some(attr.rdn) {
            let line = lines.last_mut().unwrap();
            line.push_str(" + ");
            line.push_str(&text);
        } else {
            lines.push(text);
        }
        last_rdn = Some(attr.rdn);
    }
    lines
}

#[test]
fn every_system_ca_certificate_agrees_with_openssl() {
    let dir = Path::new("/etc/ssl/certs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("/etc/ssl/certs (ca-certificates is installed by make test)")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pem"))
        .collect();
    files.sort();
    assert!(files.len() > 50, "only {} certificates found", files.len());
    // Ours: every file loaded on its own.
    let ours: Vec<(String, Certificate)> = files
        .iter()
        .map(|file| {
            let path = file.to_string_lossy().into_owned();
            let data = std::fs::read(file).unwrap();
            let bundle = Bundle::load(&data, None).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(bundle.certificates.len(), 1, "{path}");
            (path, bundle.certificates.into_iter().next().unwrap())
        })
        .collect();
    // OpenSSL's: a few processes over all of them instead of one per file (each openssl start
    // costs ~50 ms of CPU). openssl reads every file into one PKCS#7 bundle, prints every field
    // of every certificate from it, writes the certificates back as PEM in the same order, and
    // hashes each of them.
    let tmp = TempDir::new("system");
    let p7 = tmp.path("all.p7");
    let mut args = vec!["crl2pkcs7".to_owned(), "-nocrl".into()];
    for (path, _) in &ours {
        args.extend(["-certfile".to_owned(), path.clone()]);
    }
    args.extend(["-out".to_owned(), p7.clone()]);
    openssl(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let printed = parse_cms_print(&openssl(&[
        "cms",
        "-cmsout",
        "-print",
        "-inform",
        "PEM",
        "-in",
        &p7,
        "-nameopt",
        "sep_multiline,utf8,oid,-esc_msb,dump_unknown",
    ]));
    let theirs = Bundle::load(
        openssl(&["pkcs7", "-print_certs", "-in", &p7]).as_bytes(),
        None,
    )
    .expect("openssl pkcs7 -print_certs output loads");
    assert_eq!(
        printed.len(),
        files.len(),
        "certificates printed by openssl"
    );
    assert_eq!(
        theirs.certificates.len(),
        files.len(),
        "certificates written by openssl"
    );
    let mut der_files = Vec::new();
    for (i, cert) in theirs.certificates.iter().enumerate() {
        let der_file = tmp.path(&format!("{i:03}.der"));
        std::fs::write(&der_file, cert.der()).unwrap();
        der_files.push(der_file);
    }
    let mut dgst = vec!["dgst", "-sha256", "-r"];
    dgst.extend(der_files.iter().map(String::as_str));
    let digests = openssl(&dgst);
    let digests: Vec<&str> = digests
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(digests.len(), files.len(), "digests printed by openssl");
    // openssl keeps the certificates in DER SET OF order, not in file order: match each with the
    // file whose certificate (as we decoded it) has the same encoding.
    for ((theirs, printed), digest) in theirs.certificates.iter().zip(&printed).zip(&digests) {
        let Some((path, cert)) = ours.iter().find(|(_, c)| c.der() == theirs.der()) else {
            panic!("openssl read a certificate none of ours matches: {printed:?}");
        };
        assert!(
            !printed.subject.is_empty() && !printed.issuer.is_empty(),
            "{path}: openssl printed no name: {printed:?}"
        );
        assert_eq!(openssl_integer(cert), printed.serial, "{path}: serial");
        assert_eq!(rfc3339(cert.not_before), printed.not_before, "{path}");
        assert_eq!(rfc3339(cert.not_after), printed.not_after, "{path}");
        assert_eq!(
            rdn_lines(cert.subject()),
            printed.subject,
            "{path}: subject"
        );
        assert_eq!(rdn_lines(cert.issuer()), printed.issuer, "{path}: issuer");
        assert_eq!(cert.sha256_hex(), *digest, "{path}: SHA-256 fingerprint");
    }
    eprintln!("{} system certificates agree with openssl", files.len());
}

#[test]
fn hungarian_names_in_every_string_type_and_negative_serials() {
    let tmp = TempDir::new("names");
    let key = tmp.path("key.pem");
    p256_key(&key);
    // string_mask default: Latin-1 text becomes T61String, wider text BMPString; utf8only: UTF-8.
    let cases = [
        (
            "default",
            "-0x1234",
            StringKind::T61,
            StringKind::Bmp,
            "-1234",
        ),
        ("utf8only", "-1", StringKind::Utf8, StringKind::Utf8, "-01"),
        ("pkix", "-0x80", StringKind::Bmp, StringKind::Bmp, "-80"),
        (
            "default",
            "-0xFF00AB",
            StringKind::T61,
            StringKind::Bmp,
            "-FF00AB",
        ),
        ("utf8only", "0x80", StringKind::Utf8, StringKind::Utf8, "80"),
    ];
    for (i, (mask, serial, org_kind, cn_kind, serial_hex)) in cases.into_iter().enumerate() {
        let cnf = tmp.path(&format!("{i}.cnf"));
        std::fs::write(
            &cnf,
            format!("[req]\ndistinguished_name=dn\nstring_mask={mask}\nutf8=yes\n[dn]\n"),
        )
        .unwrap();
        let pem = tmp.path(&format!("{i}.pem"));
        openssl(&[
            "req",
            "-x509",
            "-config",
            &cnf,
            "-key",
            &key,
            "-days",
            "30",
            "-set_serial",
            serial,
            "-subj",
            "/C=HU/O=Győri Kórház/L=Pécs/CN=Árvíztűrő tükörfúrógép",
            "-out",
            &pem,
        ]);
        let bundle = Bundle::load(&std::fs::read(&pem).unwrap(), None).unwrap();
        let cert = &bundle.certificates[0];
        compare_with_openssl(&pem, cert);
        let attrs = &cert.subject().attributes;
        assert_eq!(attrs[0].kind, StringKind::Printable);
        // "Győri Kórház" has ő (not Latin-1): BMP unless UTF-8 only; "Pécs" fits Latin-1.
        let org_expected = if mask == "utf8only" {
            StringKind::Utf8
        } else {
            StringKind::Bmp
        };
        assert_eq!(attrs[1].kind, org_expected, "{mask}");
        assert_eq!(attrs[2].kind, org_kind, "{mask}");
        assert_eq!(attrs[3].kind, cn_kind, "{mask}");
        assert_eq!(attrs[2].value, "Pécs");
        assert_eq!(
            cert.subject().to_string(),
            "C=HU, O=Győri Kórház, L=Pécs, CN=Árvíztűrő tükörfúrógép"
        );
        assert_eq!(cert.serial.to_openssl_hex(), serial_hex);
        assert_eq!(cert.serial.is_negative(), serial.starts_with('-'));
    }
}

#[test]
fn pkcs12_from_openssl_with_right_and_wrong_passwords() {
    let tmp = TempDir::new("p12");
    let key = tmp.path("key.pem");
    let cert = tmp.path("cert.pem");
    p256_key(&key);
    openssl(&[
        "req",
        "-x509",
        "-key",
        &key,
        "-days",
        "30",
        "-utf8",
        "-subj",
        "/CN=Kliens Kórház",
        "-addext",
        "extendedKeyUsage=clientAuth",
        "-addext",
        "keyUsage=digitalSignature",
        "-out",
        &cert,
    ]);
    let other_key = tmp.path("other.pem");
    p256_key(&other_key);
    let variants: [(&str, &[&str]); 6] = [
        ("modern", &[]),
        ("legacy", &["-legacy"]),
        (
            "des3",
            &[
                "-keypbe",
                "PBE-SHA1-3DES",
                "-certpbe",
                "PBE-SHA1-3DES",
                "-macalg",
                "sha1",
            ],
        ),
        ("nomac", &["-nomac"]),
        // Unencrypted bags (a plain PKCS#8 key bag) behind a SHA-512 MAC.
        (
            "plain",
            &["-keypbe", "NONE", "-certpbe", "NONE", "-macalg", "sha512"],
        ),
        (
            "aes128",
            &["-keypbe", "AES-128-CBC", "-certpbe", "AES-128-CBC"],
        ),
    ];
    for password in ["Árvíztűrő", "simple"] {
        for (name, extra) in variants {
            let p12 = tmp.path(&format!("{name}.p12"));
            let pass = format!("pass:{password}");
            let mut args = vec![
                "pkcs12", "-export", "-inkey", &key, "-in", &cert, "-passout", &pass, "-out", &p12,
            ];
            args.extend_from_slice(extra);
            openssl(&args);
            let data = std::fs::read(&p12).unwrap();
            let bundle =
                Bundle::load(&data, Some(password)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(bundle.certificates.len(), 1);
            let report = Readiness::check(&bundle, now(), 30).unwrap();
            assert_eq!(report.key, KeyStatus::Matches, "{name}");
            assert!(
                report.is_ready(),
                "{name}: {:?}",
                report.lines(eeszt_auth::Lang::En)
            );
            let wrong = Bundle::load(&data, Some("Árvíztűrö")).unwrap_err();
            assert_eq!(wrong, CertError::WrongPassword, "{name}");
        }
    }
    // The empty password (OpenSSL's `pass:`): opened without a password, modern and legacy.
    for (name, extra) in [("empty", &[][..]), ("empty-legacy", &["-legacy"][..])] {
        let p12 = tmp.path(&format!("{name}.p12"));
        let mut args = vec![
            "pkcs12", "-export", "-inkey", &key, "-in", &cert, "-passout", "pass:", "-out", &p12,
        ];
        args.extend_from_slice(extra);
        openssl(&args);
        let data = std::fs::read(&p12).unwrap();
        let bundle = Bundle::load(&data, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            (bundle.certificates.len(), bundle.keys.len()),
            (1, 1),
            "{name}"
        );
        assert_eq!(
            Bundle::load(&data, Some("x")).unwrap_err(),
            CertError::WrongPassword,
            "{name}"
        );
    }
    // A file whose key belongs to another certificate.
    let mismatched = tmp.path("mismatch.p12");
    let bundle_pem = tmp.path("bundle.pem");
    std::fs::write(
        &bundle_pem,
        [
            std::fs::read(&cert).unwrap(),
            std::fs::read(&other_key).unwrap(),
        ]
        .concat(),
    )
    .unwrap();
    openssl(&[
        "pkcs12",
        "-export",
        "-in",
        &bundle_pem,
        "-nokeys",
        "-passout",
        "pass:x",
        "-out",
        &mismatched,
    ]);
    let pem_bundle = Bundle::load(&std::fs::read(&bundle_pem).unwrap(), None).unwrap();
    let report = Readiness::check(&pem_bundle, now(), 30).unwrap();
    assert_eq!(report.key, KeyStatus::DiffersFromCertificate);
    assert!(!report.is_ready());
    let no_key = Bundle::load(&std::fs::read(&mismatched).unwrap(), Some("x")).unwrap();
    assert!(no_key.keys.is_empty());
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}
