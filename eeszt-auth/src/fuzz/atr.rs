//! ATR historical bytes and capabilities; PC/SC part 10 feature lists and TLV properties.

use crate::card::{atr, part10};

/// Parses arbitrary bytes as an ATR and as the answers of the part 10 feature and property
/// requests. A T=1 ATR built around historical bytes gives them back.
pub fn atr_parse(data: &[u8]) {
    let _ = atr::capabilities(data);
    if let Some(historical) = atr::historical_bytes(data) {
        assert!(historical.len() <= data.len());
    }
    if data.len() <= 15 {
        let built = atr::build_t1(data);
        assert_eq!(
            atr::historical_bytes(&built),
            Some(data),
            "historical bytes of a built ATR"
        );
    }
    let list = part10::feature_list(data);
    for (tag, _) in &list {
        assert!(part10::feature_code(data, *tag).is_some());
    }
    let _ = part10::tlv_property(data, 0x04);
    let _ = part10::features(data, part10::tlv_property(data, 0x0A));
}
