//! The certificate holder authorization template (CHAT, tag 7F4C): the terminal type (an OID), the
//! holder's role and its access rights (TR-03110 Part 3, C.4).
//!
//! The discretionary data (tag 53) is a bit string whose two most significant bits give the role
//! (11 CVCA, 10 DV official domestic, 01 DV non-official/foreign, 00 terminal) and whose other bits
//! are rights. Bit numbers count from the least significant bit of the last byte, as in TR-03110.

use std::fmt;

use crate::cert::CertError;
use crate::cert::cvc_oid::Oid;
use crate::cert::cvc_tlv;

/// The holder's place in the PKI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The country verifying CA (the trust point), bits 11.
    Cvca,
    /// A document verifier, official domestic (bits 10).
    DvDomestic,
    /// A document verifier, non-official or foreign (bits 01).
    DvForeign,
    /// A terminal (bits 00).
    Terminal,
}

impl Role {
    /// The role of the two most significant bits of `first` (the template's first byte).
    pub fn from_bits(first: u8) -> Role {
        match first >> 6 {
            0b11 => Role::Cvca,
            0b10 => Role::DvDomestic,
            0b01 => Role::DvForeign,
            _ => Role::Terminal,
        }
    }

    /// The two role bits in place (`0xC0`, `0x80`, `0x40`, `0x00`).
    pub fn bits(self) -> u8 {
        match self {
            Role::Cvca => 0xC0,
            Role::DvDomestic => 0x80,
            Role::DvForeign => 0x40,
            Role::Terminal => 0x00,
        }
    }

    /// A stable name: `cvca`, `dv_domestic`, `dv_foreign`, `terminal` (as `cvc-create --role`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Cvca => "cvca",
            Role::DvDomestic => "dv_domestic",
            Role::DvForeign => "dv_foreign",
            Role::Terminal => "terminal",
        }
    }

    /// Whether this is a document verifier (domestic or foreign).
    pub fn is_dv(self) -> bool {
        matches!(self, Role::DvDomestic | Role::DvForeign)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The terminal type named by the CHAT's OID (`id-roles` = 0.4.0.127.0.7.3.1.2).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TerminalType {
    /// `id-IS`: inspection system (1 byte of rights).
    InspectionSystem,
    /// `id-AT`: authentication terminal (5 bytes of rights).
    AuthenticationTerminal,
    /// `id-ST`: signature terminal (1 byte of rights).
    SignatureTerminal,
    /// Any other OID; its rights are kept as raw bits.
    Other(Oid),
}

impl TerminalType {
    /// The type an OID names.
    pub fn from_oid(oid: &Oid) -> TerminalType {
        if oid.is_bsi(&[3, 1, 2, 1]) {
            TerminalType::InspectionSystem
        } else if oid.is_bsi(&[3, 1, 2, 2]) {
            TerminalType::AuthenticationTerminal
        } else if oid.is_bsi(&[3, 1, 2, 3]) {
            TerminalType::SignatureTerminal
        } else {
            TerminalType::Other(oid.clone())
        }
    }

    /// The OID.
    pub fn oid(&self) -> Oid {
        match self {
            TerminalType::InspectionSystem => Oid::bsi(&[3, 1, 2, 1]),
            TerminalType::AuthenticationTerminal => Oid::bsi(&[3, 1, 2, 2]),
            TerminalType::SignatureTerminal => Oid::bsi(&[3, 1, 2, 3]),
            TerminalType::Other(oid) => oid.clone(),
        }
    }

    /// `at`, `is`, `st` or the dotted OID (as `cvc-create --type`).
    pub fn name(&self) -> String {
        match self {
            TerminalType::InspectionSystem => "is".into(),
            TerminalType::AuthenticationTerminal => "at".into(),
            TerminalType::SignatureTerminal => "st".into(),
            TerminalType::Other(oid) => oid.to_string(),
        }
    }

    /// The length of the rights template this type requires, if fixed.
    pub fn template_len(&self) -> Option<usize> {
        match self {
            TerminalType::InspectionSystem | TerminalType::SignatureTerminal => Some(1),
            TerminalType::AuthenticationTerminal => Some(5),
            TerminalType::Other(_) => None,
        }
    }

    fn table(&self) -> &'static [RightDef] {
        match self {
            TerminalType::InspectionSystem => IS_RIGHTS,
            TerminalType::AuthenticationTerminal => AT_RIGHTS,
            TerminalType::SignatureTerminal => ST_RIGHTS,
            TerminalType::Other(_) => &[],
        }
    }
}

/// One access right granted by a CHAT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Right {
    /// The bit number (0 = least significant bit of the template).
    pub bit: u16,
    /// A stable identifier such as `read_dg1` or `pin_management` (`rfu_<bit>` for reserved bits,
    /// `bit_<n>` for types without a table).
    pub name: &'static str,
    /// An English description.
    pub description: &'static str,
}

type RightDef = (u16, &'static str, &'static str);

const AT_RIGHTS: &[RightDef] = &[
    (0, "age_verification", "Age Verification"),
    (1, "community_id_verification", "Community ID Verification"),
    (2, "restricted_identification", "Restricted Identification"),
    (3, "privileged_terminal", "Privileged Terminal"),
    (4, "can_allowed", "CAN allowed"),
    (5, "pin_management", "PIN Management"),
    (6, "install_certificate", "Install Certificate"),
    (
        7,
        "install_qualified_certificate",
        "Install Qualified Certificate",
    ),
    (8, "read_dg1", "Read DG 1 (Document Type)"),
    (9, "read_dg2", "Read DG 2 (Issuing State)"),
    (10, "read_dg3", "Read DG 3 (Date of Expiry)"),
    (11, "read_dg4", "Read DG 4 (Given Names)"),
    (12, "read_dg5", "Read DG 5 (Family Names)"),
    (13, "read_dg6", "Read DG 6 (Religious/Artistic Name)"),
    (14, "read_dg7", "Read DG 7 (Academic Title)"),
    (15, "read_dg8", "Read DG 8 (Date of Birth)"),
    (16, "read_dg9", "Read DG 9 (Place of Birth)"),
    (17, "read_dg10", "Read DG 10 (Nationality)"),
    (18, "read_dg11", "Read DG 11 (Sex)"),
    (19, "read_dg12", "Read DG 12 (Optional Data)"),
    (20, "read_dg13", "Read DG 13"),
    (21, "read_dg14", "Read DG 14"),
    (22, "read_dg15", "Read DG 15"),
    (23, "read_dg16", "Read DG 16"),
    (24, "read_dg17", "Read DG 17 (Normal Place of Residence)"),
    (25, "read_dg18", "Read DG 18 (Community ID)"),
    (26, "read_dg19", "Read DG 19 (Residence Permit I)"),
    (27, "read_dg20", "Read DG 20 (Residence Permit II)"),
    (28, "read_dg21", "Read DG 21 (Optional Data)"),
    (29, "rfu_29", "RFU"),
    (30, "rfu_30", "RFU"),
    (31, "rfu_31", "RFU"),
    (32, "rfu_32", "RFU"),
    (33, "write_dg21", "Write DG 21 (Optional Data)"),
    (34, "write_dg20", "Write DG 20 (Residence Permit II)"),
    (35, "write_dg19", "Write DG 19 (Residence Permit I)"),
    (36, "write_dg18", "Write DG 18 (Community ID)"),
    (37, "write_dg17", "Write DG 17 (Normal Place of Residence)"),
];

const IS_RIGHTS: &[RightDef] = &[
    (
        0,
        "read_dg3_fingerprint",
        "Read access to ePassport DG 3 (Fingerprint)",
    ),
    (1, "read_dg4_iris", "Read access to ePassport DG 4 (Iris)"),
    (2, "rfu_2", "RFU"),
    (3, "rfu_3", "RFU"),
    (4, "rfu_4", "RFU"),
    (
        5,
        "read_eid",
        "Read access to the eID application (deprecated)",
    ),
];

const ST_RIGHTS: &[RightDef] = &[
    (0, "generate_signature", "Generate electronic signature"),
    (
        1,
        "generate_qualified_signature",
        "Generate qualified electronic signature",
    ),
    (2, "rfu_2", "RFU"),
    (3, "rfu_3", "RFU"),
    (4, "rfu_4", "RFU"),
    (5, "rfu_5", "RFU"),
];

/// Names for the bits of unknown terminal types (`bit_0` … `bit_63`; higher bits are not named).
const BIT_NAMES: [&str; 64] = [
    "bit_0", "bit_1", "bit_2", "bit_3", "bit_4", "bit_5", "bit_6", "bit_7", "bit_8", "bit_9",
    "bit_10", "bit_11", "bit_12", "bit_13", "bit_14", "bit_15", "bit_16", "bit_17", "bit_18",
    "bit_19", "bit_20", "bit_21", "bit_22", "bit_23", "bit_24", "bit_25", "bit_26", "bit_27",
    "bit_28", "bit_29", "bit_30", "bit_31", "bit_32", "bit_33", "bit_34", "bit_35", "bit_36",
    "bit_37", "bit_38", "bit_39", "bit_40", "bit_41", "bit_42", "bit_43", "bit_44", "bit_45",
    "bit_46", "bit_47", "bit_48", "bit_49", "bit_50", "bit_51", "bit_52", "bit_53", "bit_54",
    "bit_55", "bit_56", "bit_57", "bit_58", "bit_59", "bit_60", "bit_61", "bit_62", "bit_63",
];

/// A certificate holder authorization template.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Chat {
    terminal_type: TerminalType,
    template: Vec<u8>,
}

impl Chat {
    /// A CHAT from the terminal type and the discretionary data (role bits included).
    ///
    /// The template must be non-empty and, for IS/AT/ST, have the length the type requires.
    pub fn new(terminal_type: TerminalType, template: Vec<u8>) -> Result<Chat, CertError> {
        let bad = |reason: String| CertError::CvcBadField {
            field: "CHAT",
            reason,
        };
        if template.is_empty() || template.len() > 32 {
            return Err(bad("the rights template must be 1-32 bytes".into()));
        }
        if let Some(len) = terminal_type.template_len() {
            if template.len() != len {
                return Err(bad(format!(
                    "a {} template must be {len} byte(s), not {}",
                    terminal_type.name(),
                    template.len()
                )));
            }
        }
        Ok(Chat {
            terminal_type,
            template,
        })
    }

    /// A CHAT for `role` with the named rights set (names as in [`Right::name`]).
    pub fn with_rights(
        terminal_type: TerminalType,
        role: Role,
        rights: &[&str],
    ) -> Result<Chat, CertError> {
        let len = terminal_type.template_len().unwrap_or(1);
        let mut template = vec![0u8; len];
        if let Some(first) = template.first_mut() {
            *first = role.bits();
        }
        for name in rights {
            let (bit, ..) = terminal_type
                .table()
                .iter()
                .find(|(_, n, _)| n == name)
                .ok_or_else(|| CertError::CvcBadField {
                    field: "CHAT",
                    reason: format!("unknown right {name}"),
                })?;
            set_bit(&mut template, *bit);
        }
        Chat::new(terminal_type, template)
    }

    /// Parses the value of a 7F4C data object: `06` OID, `53` discretionary data.
    pub fn parse(value: &[u8]) -> Result<Chat, CertError> {
        let (oid, rest) = cvc_tlv::expect(value, 0x06, "CHAT OID")?;
        let oid = Oid::from_der_content(oid)?;
        let (template, rest) = cvc_tlv::expect(rest, 0x53, "CHAT rights")?;
        cvc_tlv::end(rest, "CHAT")?;
        Chat::new(TerminalType::from_oid(&oid), template.to_vec())
    }

    /// Encodes the value of the 7F4C data object.
    pub fn encode_value(&self) -> Result<Vec<u8>, CertError> {
        let mut out = Vec::new();
        cvc_tlv::write(
            0x06,
            self.terminal_type.oid().as_der_content(),
            "CHAT OID",
            &mut out,
        )?;
        cvc_tlv::write(0x53, &self.template, "CHAT rights", &mut out)?;
        Ok(out)
    }

    /// The terminal type.
    pub fn terminal_type(&self) -> &TerminalType {
        &self.terminal_type
    }

    /// The role (the two most significant bits).
    pub fn role(&self) -> Role {
        Role::from_bits(self.template.first().copied().unwrap_or(0))
    }

    /// The raw template (discretionary data), role bits included.
    pub fn template(&self) -> &[u8] {
        &self.template
    }

    /// Whether bit `bit` is set.
    pub fn has_bit(&self, bit: u16) -> bool {
        let byte = usize::from(bit / 8);
        let Some(index) = self.template.len().checked_sub(1 + byte) else {
            return false;
        };
        self.template
            .get(index)
            .is_some_and(|b| b & (1 << (bit % 8)) != 0)
    }

    /// Whether the right named `name` (see [`Right::name`]) is granted.
    pub fn has_right(&self, name: &str) -> bool {
        self.rights().iter().any(|r| r.name == name)
    }

    /// The rights granted, from bit 0 upwards (the role bits are not rights).
    pub fn rights(&self) -> Vec<Right> {
        let role_bits = u16::try_from(self.template.len() * 8)
            .unwrap_or(u16::MAX)
            .saturating_sub(2);
        let table = self.terminal_type.table();
        (0..role_bits)
            .filter(|&bit| self.has_bit(bit))
            .map(|bit| match table.iter().find(|(b, ..)| *b == bit) {
                Some(&(bit, name, description)) => Right {
                    bit,
                    name,
                    description,
                },
                None => Right {
                    bit,
                    name: BIT_NAMES.get(usize::from(bit)).copied().unwrap_or("bit"),
                    description: "Unknown right",
                },
            })
            .collect()
    }
}

fn set_bit(template: &mut [u8], bit: u16) {
    let byte = usize::from(bit / 8);
    if let Some(index) = template.len().checked_sub(1 + byte) {
        if let Some(b) = template.get_mut(index) {
            *b |= 1 << (bit % 8);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_at_rights_and_role() {
        // From a cvc-create CVCA: RI, PIN management, DG1, DG2.
        let value = [
            0x06, 0x09, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x03, 0x01, 0x02, 0x02, 0x53, 0x05, 0xC0,
            0x00, 0x00, 0x03, 0x24,
        ];
        let chat = Chat::parse(&value).unwrap();
        assert_eq!(chat.terminal_type(), &TerminalType::AuthenticationTerminal);
        assert_eq!(chat.role(), Role::Cvca);
        let names: Vec<_> = chat.rights().iter().map(|r| r.name).collect();
        assert_eq!(
            names,
            [
                "restricted_identification",
                "pin_management",
                "read_dg1",
                "read_dg2"
            ]
        );
        assert_eq!(chat.encode_value().unwrap(), value);
        let built = Chat::with_rights(
            TerminalType::AuthenticationTerminal,
            Role::Cvca,
            &[
                "read_dg1",
                "read_dg2",
                "pin_management",
                "restricted_identification",
            ],
        )
        .unwrap();
        assert_eq!(built, chat);
    }

    #[test]
    fn is_and_st_and_wrong_lengths() {
        let chat = Chat::with_rights(
            TerminalType::InspectionSystem,
            Role::DvForeign,
            &["read_dg4_iris"],
        )
        .unwrap();
        assert_eq!(chat.template(), &[0x42]);
        assert_eq!(chat.role(), Role::DvForeign);
        let st = Chat::with_rights(
            TerminalType::SignatureTerminal,
            Role::Terminal,
            &["generate_qualified_signature"],
        )
        .unwrap();
        assert!(st.has_right("generate_qualified_signature"));
        assert!(!st.has_right("generate_signature"));
        assert!(Chat::new(TerminalType::AuthenticationTerminal, vec![0xC0]).is_err());
        assert!(
            Chat::with_rights(TerminalType::SignatureTerminal, Role::Cvca, &["read_dg1"]).is_err()
        );
    }
}
