//! The simulated cards' APDU handlers (eSzemelyi, ISO 7816 test card) and the simulator's state file.

use super::Pieces;
use crate::card::eid::session::{PaceOptions, pace_keys, read_card_access};
use crate::card::eid::sim::{self, SimEszemelyi, SimState};
use crate::card::eid::sm::SmCodec;
use crate::card::eid::{Password, rng::DeterministicRng};
use crate::card::testcard::{Behaviour, TestCard};
use crate::card::{Command, Response, SimCard, SimTransport};

/// Checks that a card's answer is at least a status word.
fn answered(answer: &[u8]) {
    assert!(answer.len() >= 2, "a card answer without a status word");
}

/// APDU sequences to the simulated eSzemelyi. The first byte chooses plain APDUs (even) or a PACE
/// session with the CAN first (odd), in which each APDU is protected by the terminal's codec (the
/// card unwraps it, handles it and wraps its answer, which the terminal checks). An empty piece
/// resets the card; a piece that is no APDU is sent as it is.
pub fn sim_eid(data: &[u8]) {
    let _ = run_eid(data);
}

/// [`sim_eid`], counting the protected answers the terminal accepted.
fn run_eid(data: &[u8]) -> usize {
    let mut accepted = 0;
    let mut pieces = Pieces::new(data);
    let mode = pieces.byte().unwrap_or(0);
    let mut card = SimTransport::new(SimEszemelyi::with_seed([0x42; 32]));
    let mut codec = None;
    if mode % 2 == 1 {
        let access = read_card_access(&mut card);
        let password = Password::can(sim::DEFAULT_CAN);
        let mut rng = DeterministicRng::from_seed([0x17; 32]);
        if let (Ok(access), Ok(password)) = (access, password) {
            let keys = pace_keys(
                &mut card,
                &access,
                &password,
                &PaceOptions::default(),
                &mut rng,
            );
            match keys {
                Ok((keys, _)) => codec = Some(SmCodec::new(keys)),
                Err(err) => panic!("PACE with the simulated card's CAN failed: {err}"),
            }
        }
    }
    let card = card.card_mut();
    for apdu in pieces {
        if apdu.is_empty() {
            card.reset();
            codec = None;
            continue;
        }
        let protected = match (codec.as_mut(), Command::parse(apdu)) {
            (Some(codec), Ok(command)) if !codec.is_poisoned() => {
                codec.protect_command(&command).ok()
            }
            _ => None,
        };
        match (protected, codec.as_mut()) {
            (Some(command), Some(codec)) => {
                let Ok(bytes) = command.to_bytes() else {
                    continue;
                };
                let answer = card.process(&bytes);
                answered(&answer);
                if let Ok(response) = Response::parse(&answer) {
                    accepted += usize::from(codec.unprotect_response(&response).is_ok());
                }
            }
            _ => answered(&card.process(apdu)),
        }
    }
    accepted
}

/// APDU sequences to the ISO 7816 test card (its sample layout). The first byte sets its
/// behaviour (extended length, chaining, 61xx chunks, exact Le); an empty piece resets it.
pub fn sim_testcard(data: &[u8]) {
    let mut pieces = Pieces::new(data);
    let flags = pieces.byte().unwrap_or(0);
    let behaviour = Behaviour {
        extended_length: flags & 1 != 0,
        max_command_data: if flags & 2 != 0 { 16 } else { 65_535 },
        chaining: flags & 4 != 0,
        response_chunk: (flags & 8 != 0).then_some(usize::from(flags >> 4) + 1),
        exact_le: flags & 0x80 != 0,
    };
    let mut card = TestCard::sample().with_behaviour(behaviour);
    for apdu in pieces {
        if apdu.is_empty() {
            card.reset();
        } else {
            answered(&card.process(apdu));
        }
    }
}

/// Parses arbitrary bytes as the simulator's JSON state file. A state that loads serialises and
/// loads back to itself, and a card built from it answers (EF.CardAccess reads or fails cleanly).
pub fn sim_state(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(state) = SimState::from_json(text) else {
        return;
    };
    let again = SimState::from_json(&state.to_json());
    assert!(
        matches!(again, Ok(ref s) if *s == state),
        "state JSON round trip"
    );
    // A state the loader accepts opens as a card, which answers.
    let card = SimEszemelyi::from_state(state);
    assert!(card.is_ok(), "a validated state must open as a card");
    if let Ok(card) = card {
        let _ = read_card_access(&mut SimTransport::new(card));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// In mode 1 the APDUs reach the card's handlers through secure messaging.
    #[test]
    fn protected_apdus_reach_the_card() {
        let select = [
            0x00, 0xA4, 0x04, 0x0C, 0x09, 0xE8, 0x07, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x03, 0x02,
        ];
        let challenge = [0x00, 0x84, 0x00, 0x00, 0x08];
        let mut input = vec![1, select.len() as u8];
        input.extend_from_slice(&select);
        input.push(challenge.len() as u8);
        input.extend_from_slice(&challenge);
        assert_eq!(run_eid(&input), 2);
    }
}
