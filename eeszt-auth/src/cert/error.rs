//! Errors of this area (codes 5001-5999: 5001-5499 X.509 and PKCS#12, 5500-5999 CV certificates).

use crate::error::{Detail, Lang};

define_errors! {
    /// Certificate errors.
    pub enum CertError {
        /// Unreadable
        Unreadable = 5001, "CERT_UNREADABLE", hu: "A tanúsítvány nem olvasható.", en: "The certificate cannot be read.";
        /// The file or buffer is empty.
        Empty = 5002, "CERT_EMPTY",
            hu: "A tanúsítványfájl üres. Töltse le újra a tanúsítványt.",
            en: "The certificate file is empty. Download the certificate again.";
        /// The data is not DER, PEM, PKCS#12 or a CV certificate.
        UnknownFormat = 5003, "CERT_UNKNOWN_FORMAT",
            hu: "A fájl nem tanúsítvány (nem DER, PEM, PKCS#12 vagy CV formátumú). Ellenőrizze, hogy a megfelelő fájlt adta-e meg.",
            en: "The file is not a certificate (not DER, PEM, PKCS#12 or CV). Check that you chose the right file.";
        /// The data ends before a structure it announces.
        Truncated {
            /// Bytes the structure needs.
            needed: u64,
            /// Bytes actually present.
            available: u64
        } = 5004, "CERT_TRUNCATED",
            hu: "A tanúsítvány csonka (a fájl vége hiányzik). Töltse le vagy másolja át újra.",
            en: "The certificate is truncated (the end of the file is missing). Download or copy it again.";
        /// A DER element has a different tag than the structure requires.
        WrongTag {
            /// What was expected there.
            expected: &'static str,
            /// The tag byte found.
            found: u8
        } = 5005, "CERT_WRONG_TAG",
            hu: "A tanúsítvány szerkezete hibás (váratlan elem).",
            en: "The certificate structure is wrong (unexpected element).";
        /// A DER length is larger than anything a certificate can hold.
        LengthTooLarge = 5006, "CERT_LENGTH_TOO_LARGE",
            hu: "A tanúsítvány egy hosszmezője lehetetlenül nagy; a fájl sérült.",
            en: "A length field in the certificate is impossibly large; the file is damaged.";
        /// The DER structure of the certificate is malformed.
        Malformed {
            /// What the parser reported.
            detail: String
        } = 5007, "CERT_MALFORMED",
            hu: "A tanúsítvány hibás szerkezetű, nem dolgozható fel.",
            en: "The certificate is malformed and cannot be processed.";
        /// A PEM block is broken (missing END line or bad Base64).
        BadPem {
            /// What is wrong.
            detail: &'static str
        } = 5008, "CERT_BAD_PEM",
            hu: "A PEM fájl sérült.",
            en: "The PEM file is damaged.";
        /// The file holds no certificate.
        NoCertificate = 5009, "CERT_NO_CERTIFICATE",
            hu: "A fájlban nincs tanúsítvány.",
            en: "The file contains no certificate.";
        /// The PKCS#12 file needs a password and none was given.
        PasswordRequired = 5010, "CERT_PASSWORD_REQUIRED",
            hu: "A tanúsítványfájl jelszóval védett; adja meg a jelszót (az EESZT kliens tanúsítványét SMS-ben kapta).",
            en: "The certificate file is password protected; give its password (for the EESZT client certificate it came by SMS).";
        /// The PKCS#12 password is wrong.
        WrongPassword = 5011, "CERT_WRONG_PASSWORD",
            hu: "Hibás jelszó: a tanúsítványfájl nem nyitható meg. Ellenőrizze a jelszót (kis- és nagybetű, ékezetek).",
            en: "Wrong password: the certificate file cannot be opened. Check the password (case and accents).";
        /// The PKCS#12 file uses an encryption or MAC this library does not support.
        Pkcs12Unsupported {
            /// Which part is unsupported.
            detail: String
        } = 5012, "CERT_PKCS12_UNSUPPORTED",
            hu: "A PKCS#12 fájl nem támogatott titkosítást használ. Exportálja újra (például AES-sel).",
            en: "The PKCS#12 file uses an unsupported encryption. Export it again (for example with AES).";
        /// The private key cannot be read or its type is not supported.
        BadPrivateKey {
            /// What is wrong.
            detail: &'static str
        } = 5013, "CERT_BAD_PRIVATE_KEY",
            hu: "A titkos kulcs nem olvasható vagy nem támogatott típusú.",
            en: "The private key cannot be read or is of an unsupported type.";
        /// Bytes follow the certificate in a DER file.
        TrailingData {
            /// How many extra bytes.
            extra: u64
        } = 5014, "CERT_TRAILING_DATA",
            hu: "A tanúsítvány után fölösleges adat van a fájlban; a fájl sérült lehet.",
            en: "There is extra data after the certificate; the file may be damaged.";
        /// An index or selector is out of range (for example a certificate number).
        NoSuchCertificate {
            /// The index asked for.
            index: u64
        } = 5015, "CERT_NO_SUCH_CERTIFICATE",
            hu: "Nincs ilyen sorszámú tanúsítvány a fájlban.",
            en: "There is no certificate with that number in the file.";
        /// The data is a CV (card-verifiable, TR-03110) certificate, not X.509.
        IsCvCertificate = 5016, "CERT_IS_CV_CERTIFICATE",
            hu: "Ez kártya-ellenőrizhető (CV) tanúsítvány, nem X.509; a CV-tanúsítványok funkcióival dolgozza fel.",
            en: "This is a card-verifiable (CV) certificate, not X.509; use the CV certificate functions for it.";
        /// The CV certificate ends before a data object is complete.
        CvcTruncated {
            /// Which data object was cut off.
            field: &'static str
        } = 5501, "CVC_TRUNCATED",
            hu: "A CV-tanúsítvány csonka: hiányzik a vége. Töltse le vagy másolja át újra a teljes fájlt.",
            en: "The CV certificate is truncated: its end is missing. Download or copy the whole file again.";
        /// A data object has another tag than the certificate format requires there.
        CvcWrongTag {
            /// Which data object was expected.
            field: &'static str,
            /// The tag expected.
            expected: u32,
            /// The tag found.
            found: u32
        } = 5502, "CVC_WRONG_TAG",
            hu: "Ez nem TR-03110 CV-tanúsítvány, vagy sérült: váratlan adatelem. Ellenőrizze, hogy a megfelelő fájlt adta-e meg.",
            en: "This is not a TR-03110 CV certificate, or it is damaged: unexpected data object. Check that you gave the right file.";
        /// A length field is malformed or larger than the data or the format allows.
        CvcBadLength {
            /// Which data object.
            field: &'static str
        } = 5503, "CVC_BAD_LENGTH",
            hu: "A CV-tanúsítvány egyik hossza hibás vagy túl nagy; a fájl sérült.",
            en: "A length in the CV certificate is malformed or too large; the file is damaged.";
        /// Bytes follow the end of the certificate or of a data object.
        CvcTrailingData {
            /// Where the extra bytes are.
            field: &'static str
        } = 5504, "CVC_TRAILING_DATA",
            hu: "A CV-tanúsítvány után vagy belsejében fölösleges adat van; a fájl sérült.",
            en: "Extra bytes follow the CV certificate or one of its data objects; the file is damaged.";
        /// A mandatory data object is missing.
        CvcMissingField {
            /// Which data object.
            field: &'static str
        } = 5505, "CVC_MISSING_FIELD",
            hu: "A CV-tanúsítványból hiányzik egy kötelező elem.",
            en: "A mandatory element is missing from the CV certificate.";
        /// A data object has a value the format does not allow.
        CvcBadField {
            /// Which data object.
            field: &'static str,
            /// What is wrong with it.
            reason: String
        } = 5506, "CVC_BAD_FIELD",
            hu: "A CV-tanúsítvány egyik eleme érvénytelen értéket tartalmaz.",
            en: "An element of the CV certificate holds an invalid value.";
        /// The public key's algorithm OID is not a TR-03110 terminal-authentication algorithm.
        CvcUnknownAlgorithm {
            /// The OID in dotted form.
            oid: String
        } = 5507, "CVC_UNKNOWN_ALGORITHM",
            hu: "A CV-tanúsítvány ismeretlen aláírási algoritmust használ.",
            en: "The CV certificate uses an unknown signature algorithm.";
        /// The elliptic curve of the key is not supported for verification.
        CvcUnsupportedCurve {
            /// The curve's name, or "unknown".
            curve: String
        } = 5508, "CVC_UNSUPPORTED_CURVE",
            hu: "A CV-tanúsítvány elliptikus görbéjét ez a program nem tudja ellenőrizni.",
            en: "This program cannot verify signatures on the CV certificate's elliptic curve.";
        /// The public key cannot be used (bad point, bad modulus, missing domain parameters).
        CvcBadPublicKey {
            /// What is wrong.
            reason: String
        } = 5509, "CVC_BAD_PUBLIC_KEY",
            hu: "A CV-tanúsítvány nyilvános kulcsa hibás vagy nem használható.",
            en: "The CV certificate's public key is malformed or unusable.";
        /// The signature does not verify under the issuer's key.
        CvcBadSignature {
            /// The holder (CHR) of the certificate whose signature failed.
            chr: String
        } = 5510, "CVC_BAD_SIGNATURE",
            hu: "A CV-tanúsítvány aláírása nem érvényes: a tanúsítvány módosult, vagy nem a megadott kiadó írta alá.",
            en: "The CV certificate's signature is not valid: the certificate was altered or not signed by the stated issuer.";
        /// The certificate's CAR does not name the key that should have signed it.
        CvcIssuerMismatch {
            /// The certificate's CAR.
            car: String,
            /// The reference of the key expected to have signed it.
            expected: String
        } = 5511, "CVC_ISSUER_MISMATCH",
            hu: "A CV-tanúsítványlánc megszakad: a tanúsítvány kiadója nem az előző tanúsítvány tulajdonosa. Adja meg a láncot CVCA -> DV -> terminál sorrendben.",
            en: "The CV certificate chain is broken: a certificate's issuer is not the holder of the one before. Give the chain in the order CVCA -> DV -> terminal.";
        /// The certificate expired before the current date.
        CvcExpired {
            /// The holder (CHR).
            chr: String,
            /// The expiration date (YYYY-MM-DD).
            expiration: String,
            /// The current date used (YYYY-MM-DD).
            current: String
        } = 5512, "CVC_EXPIRED",
            hu: "A CV-tanúsítvány lejárt. Kérjen újat a kiadójától.",
            en: "The CV certificate has expired. Ask its issuer for a new one.";
        /// No trust point (CVCA key) matches the certificate's CAR.
        CvcUnknownTrustPoint {
            /// The CAR that names no known trust point.
            car: String
        } = 5513, "CVC_UNKNOWN_TRUST_POINT",
            hu: "A CV-tanúsítványt olyan hitelesítő (CVCA) adta ki, amelyben a kártya nem bízik. Szükség lehet a CVCA frissítésére.",
            en: "The CV certificate was issued by an authority (CVCA) the card does not trust. A CVCA update may be needed.";
        /// The certificate's role cannot stand at this place of the chain.
        CvcRoleNotAllowed {
            /// What is wrong.
            reason: String
        } = 5514, "CVC_ROLE_NOT_ALLOWED",
            hu: "A CV-tanúsítvány szerepe nem illik a lánc ezen pontjára (CVCA -> DV -> terminál).",
            en: "The CV certificate's role does not fit this place in the chain (CVCA -> DV -> terminal).";
        /// The chain is empty.
        CvcEmptyChain = 5515, "CVC_EMPTY_CHAIN",
            hu: "Nincs megadva CV-tanúsítvány.",
            en: "No CV certificate was given.";
        /// The card refused a certificate during import.
        CvcImportRefused {
            /// The holder (CHR) of the refused certificate.
            chr: String,
            /// The card's status word.
            sw: u16
        } = 5516, "CVC_IMPORT_REFUSED",
            hu: "A kártya nem fogadta el a CV-tanúsítványt.",
            en: "The card refused the CV certificate.";
        /// The key type does not match the signature algorithm.
        CvcAlgorithmMismatch {
            /// What does not match.
            reason: String
        } = 5517, "CVC_ALGORITHM_MISMATCH",
            hu: "A CV-tanúsítvány kulcsa és aláírási algoritmusa nem illik össze.",
            en: "The CV certificate's key and signature algorithm do not match.";
        /// A value is too long to encode.
        CvcTooLong {
            /// Which data object.
            field: &'static str
        } = 5518, "CVC_TOO_LONG",
            hu: "A CV-tanúsítvány egyik eleme túl hosszú.",
            en: "An element of the CV certificate is too long.";
        /// The certificate does not chain to a trust anchor the caller configured.
        NotTrusted {
            /// Why.
            reason: super::anchors::Untrusted
        } = 5030, "CERT_NOT_TRUSTED",
            hu: "A tanúsítvány nem megbízható: nem vezethető vissza a beállított megbízható kiadók egyikére. Ellenőrizze a megbízható kiadók (trust anchor) beállítását.",
            en: "The certificate is not trusted: it does not chain to one of the configured trust anchors. Check the trust anchor configuration.";
    }
}

fn tag_hex(tag: u32) -> String {
    if tag > 0xFF {
        format!("{tag:04X}")
    } else {
        format!("{tag:02X}")
    }
}

impl Detail for CertError {
    fn detail(&self, lang: Lang) -> Option<String> {
        let hu = lang == Lang::Hu;
        Some(match self {
            CertError::CvcTruncated { field }
            | CertError::CvcBadLength { field }
            | CertError::CvcTrailingData { field }
            | CertError::CvcMissingField { field }
            | CertError::CvcTooLong { field } => format!("({field})"),
            CertError::CvcWrongTag {
                field,
                expected,
                found,
            } => {
                if hu {
                    format!(
                        "({field}: {} helyett {})",
                        tag_hex(*expected),
                        tag_hex(*found)
                    )
                } else {
                    format!(
                        "({field}: expected {}, found {})",
                        tag_hex(*expected),
                        tag_hex(*found)
                    )
                }
            }
            CertError::CvcBadField { field, reason } => format!("({field}: {reason})"),
            CertError::NotTrusted { reason } => format!("({})", reason.text(lang)),
            CertError::CvcUnknownAlgorithm { oid } => format!("({oid})"),
            CertError::CvcUnsupportedCurve { curve } => format!("({curve})"),
            CertError::CvcBadPublicKey { reason }
            | CertError::CvcRoleNotAllowed { reason }
            | CertError::CvcAlgorithmMismatch { reason } => format!("({reason})"),
            CertError::CvcBadSignature { chr } => format!("(CHR {chr})"),
            CertError::CvcIssuerMismatch { car, expected } => {
                if hu {
                    format!("(CAR {car}, várt: {expected})")
                } else {
                    format!("(CAR {car}, expected {expected})")
                }
            }
            CertError::CvcExpired {
                chr,
                expiration,
                current,
            } => {
                if hu {
                    format!("({chr}: lejárt {expiration}, aktuális dátum {current})")
                } else {
                    format!("({chr}: expired {expiration}, current date {current})")
                }
            }
            CertError::CvcUnknownTrustPoint { car } => format!("(CAR {car})"),
            CertError::CvcImportRefused { chr, sw } => format!("({chr}: SW {sw:04X})"),
            CertError::Truncated { needed, available } => {
                if hu {
                    format!("({needed} bájt kellene, {available} van.)")
                } else {
                    format!("({needed} bytes needed, {available} present.)")
                }
            }
            CertError::WrongTag { expected, found } => {
                if hu {
                    format!("({expected} helyett 0x{found:02X} címke.)")
                } else {
                    format!("(Tag 0x{found:02X} instead of {expected}.)")
                }
            }
            CertError::Malformed { detail } | CertError::Pkcs12Unsupported { detail } => {
                format!("({detail})")
            }
            CertError::BadPem { detail } | CertError::BadPrivateKey { detail } => {
                format!("({detail})")
            }
            CertError::TrailingData { extra } => {
                if hu {
                    format!("({extra} bájt.)")
                } else {
                    format!("({extra} bytes.)")
                }
            }
            CertError::NoSuchCertificate { index } => format!("({index})"),
            _ => return None,
        })
    }
}
