//! What a PIN-pad reader answers: the output of EstablishPACEChannel, PIN modify structures and
//! answers.

use crate::card::eid::{PasswordKind, pinmodify::PinModify, pinmodify::check_answer, pinpad};

/// The first byte chooses the password kind (its reference), the rest is the reader's output of
/// EstablishPACEChannel, a PIN_MODIFY structure and a PIN_MODIFY answer.
pub fn pinpad_output(data: &[u8]) {
    let Some((&reference, rest)) = data.split_first() else {
        return;
    };
    let kind = PasswordKind::from_reference(reference % 5).unwrap_or(PasswordKind::Pin);
    let _ = pinpad::parse_output(rest, kind);
    if let Some(modify) = PinModify::parse(rest) {
        if let Ok(bytes) = modify.to_bytes() {
            assert_eq!(
                PinModify::parse(&bytes).as_ref(),
                Some(&modify),
                "PIN_MODIFY round trip"
            );
        }
    }
    let _ = check_answer(rest);
}
