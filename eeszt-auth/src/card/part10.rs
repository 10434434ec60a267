//! PC/SC part 10 (PIN-pad readers): parsing the answers of `CM_IOCTL_GET_FEATURE_REQUEST` and
//! `FEATURE_GET_TLV_PROPERTIES` into [`ReaderFeatures`].
//!
//! ```
//! use eeszt_auth::card::part10;
//!
//! // VERIFY_PIN_DIRECT at 0x42330006, EXECUTE_PACE at 0x42330020.
//! let list = [0x06, 0x04, 0x42, 0x33, 0x00, 0x06, 0x20, 0x04, 0x42, 0x33, 0x00, 0x20];
//! let features = part10::features(&list, None);
//! assert_eq!(features.verify_pin_direct, Some(0x4233_0006));
//! assert_eq!(features.execute_pace, Some(0x4233_0020));
//! assert!(features.has_pin_pad());
//! ```

use super::transport::ReaderFeatures;

/// `SCARD_CTL_CODE(3400)` on pcsc-lite (`0x42000000 + 3400`): CM_IOCTL_GET_FEATURE_REQUEST.
pub const CM_IOCTL_GET_FEATURE_REQUEST_PCSCLITE: u32 = 0x4200_0000 + 3400;
/// FEATURE_VERIFY_PIN_DIRECT.
pub const FEATURE_VERIFY_PIN_DIRECT: u8 = 0x06;
/// FEATURE_MODIFY_PIN_DIRECT.
pub const FEATURE_MODIFY_PIN_DIRECT: u8 = 0x07;
/// FEATURE_GET_TLV_PROPERTIES.
pub const FEATURE_GET_TLV_PROPERTIES: u8 = 0x12;
/// FEATURE_EXECUTE_PACE.
pub const FEATURE_EXECUTE_PACE: u8 = 0x20;
/// TLV property dwMaxAPDUDataSize (0 = short APDUs only).
pub const PROPERTY_MAX_APDU_DATA_SIZE: u8 = 0x0F;

/// The (feature tag, control code) pairs of a GET_FEATURE_REQUEST answer: each item is a tag, the
/// length 4, and the control code big-endian. Malformed trailing bytes are ignored.
pub fn feature_list(data: &[u8]) -> Vec<(u8, u32)> {
    let mut out = Vec::new();
    let mut rest = data;
    while let Some((&[tag, len], after)) = rest.split_first_chunk::<2>() {
        let Some((value, next)) = after.split_at_checked(usize::from(len)) else {
            break;
        };
        if let Ok(code) = <[u8; 4]>::try_from(value) {
            out.push((tag, u32::from_be_bytes(code)));
        }
        rest = next;
    }
    out
}

/// The control code of `feature` in a GET_FEATURE_REQUEST answer.
pub fn feature_code(data: &[u8], feature: u8) -> Option<u32> {
    feature_list(data)
        .into_iter()
        .find(|(tag, _)| *tag == feature)
        .map(|(_, code)| code)
}

/// A property of a GET_TLV_PROPERTIES answer (tag, length 1-4, value little-endian).
pub fn tlv_property(data: &[u8], property: u8) -> Option<u32> {
    let mut rest = data;
    while let Some((&[tag, len], after)) = rest.split_first_chunk::<2>() {
        let (value, next) = after.split_at_checked(usize::from(len))?;
        if tag == property && (1..=4).contains(&value.len()) {
            return Some(
                value
                    .iter()
                    .rev()
                    .fold(0u32, |acc, b| (acc << 8) | u32::from(*b)),
            );
        }
        rest = next;
    }
    None
}

/// The reader features from a GET_FEATURE_REQUEST answer and, when known, the reader's
/// dwMaxAPDUDataSize (`Some(0)`: short APDUs only).
pub fn features(feature_request: &[u8], max_apdu_data_size: Option<u32>) -> ReaderFeatures {
    ReaderFeatures {
        extended_length: max_apdu_data_size.is_some_and(|size| size > 0),
        verify_pin_direct: feature_code(feature_request, FEATURE_VERIFY_PIN_DIRECT),
        modify_pin_direct: feature_code(feature_request, FEATURE_MODIFY_PIN_DIRECT),
        execute_pace: feature_code(feature_request, FEATURE_EXECUTE_PACE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_lists_and_properties() {
        // As a CCID PIN-pad reader answers (codes 0x42330000 + n).
        let list = [
            0x06, 0x04, 0x42, 0x33, 0x00, 0x06, 0x07, 0x04, 0x42, 0x33, 0x00, 0x07, 0x12, 0x04,
            0x42, 0x33, 0x00, 0x12, 0xFF, 0x02, 0x00,
        ];
        assert_eq!(feature_list(&list).len(), 3);
        assert_eq!(
            feature_code(&list, FEATURE_GET_TLV_PROPERTIES),
            Some(0x4233_0012)
        );
        let f = features(&list, Some(261));
        assert!(f.extended_length);
        assert_eq!(f.modify_pin_direct, Some(0x4233_0007));
        assert_eq!(f.execute_pace, None);
        assert_eq!(features(&[], Some(0)), ReaderFeatures::default());
        // wLcdLayout (01, 2 bytes), dwMaxAPDUDataSize (0F, 4 bytes LE = 0x010000).
        let props = [0x01, 0x02, 0x00, 0x00, 0x0F, 0x04, 0x00, 0x00, 0x01, 0x00];
        assert_eq!(
            tlv_property(&props, PROPERTY_MAX_APDU_DATA_SIZE),
            Some(0x1_0000)
        );
        assert_eq!(tlv_property(&props, 0x02), None);
        assert_eq!(tlv_property(&[0x0F, 0x05, 1], 0x0F), None);
        assert_eq!(CM_IOCTL_GET_FEATURE_REQUEST_PCSCLITE, 0x4200_0D48);
    }
}
