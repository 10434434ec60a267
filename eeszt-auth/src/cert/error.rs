//! Errors of this area (codes 5001-5999: 5001-5499 X.509 and PKCS#12, 5500-5999 CV certificates).

use crate::error::{Detail, Lang};

define_errors! {
    /// Certificate errors.
    pub enum CertError {
        /// Unreadable
        Unreadable = 5001, "CERT_UNREADABLE", hu: "A tanúsítvány nem olvasható.", en: "The certificate cannot be read.";
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
            _ => return None,
        })
    }
}
