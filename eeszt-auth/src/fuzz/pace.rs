//! PACE against a chip whose GENERAL AUTHENTICATE answers (and everything after) are tampered with.

use super::Pieces;
use crate::Result;
use crate::card::eid::session::{PaceOptions, SmSession, pace_keys, read_card_access};
use crate::card::eid::{Password, auth, rng::DeterministicRng, sim};
use crate::card::{ReaderFeatures, SimTransport, Transport};

/// The simulated eSzemelyi behind a man in the middle that, answer by answer, passes the chip's
/// answer on, replaces it, flips bits in it, or cuts it short, as the script says.
pub(crate) struct Tampered<'a> {
    pub(crate) card: SimTransport<sim::SimEszemelyi>,
    pub(crate) script: Pieces<'a>,
}

impl Transport for Tampered<'_> {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>> {
        let mut answer = self.card.transmit(apdu)?;
        if let Some((&op, bytes)) = self.script.next().and_then(<[u8]>::split_first) {
            match op % 4 {
                0 => {}
                1 => answer = bytes.to_vec(),
                2 => {
                    let start = usize::from(bytes.first().copied().unwrap_or(0));
                    for (byte, flip) in answer.iter_mut().skip(start).zip(bytes) {
                        *byte ^= flip;
                    }
                }
                _ => answer.truncate(usize::from(bytes.first().copied().unwrap_or(0))),
            }
        }
        Ok(answer)
    }

    fn features(&self) -> ReaderFeatures {
        self.card.features()
    }

    fn atr(&self) -> Result<Vec<u8>> {
        self.card.atr()
    }
}

/// The first byte chooses the password (CAN, the right or a wrong PIN), the rest scripts the
/// tampering with each answer of MSE:Set AT and the four GENERAL AUTHENTICATE steps (nonce,
/// mapping, key agreement, mutual authentication), then of the secure-messaging session that
/// reads the authentication certificate when PACE succeeds.
pub fn pace_answers(data: &[u8]) {
    let _ = run(data);
}

/// [`pace_answers`], giving what reading the certificate gave (`None`: PACE failed).
fn run(data: &[u8]) -> Option<Result<Vec<u8>>> {
    let mut script = Pieces::new(data);
    let choice = script.byte().unwrap_or(0);
    let mut card = SimTransport::new(sim::SimEszemelyi::activated());
    let Ok(access) = read_card_access(&mut card) else {
        panic!("the simulated card's EF.CardAccess must read");
    };
    let password = match choice % 3 {
        0 => Password::can(sim::DEFAULT_CAN),
        1 => Password::pin(sim::DEFAULT_PIN),
        _ => Password::can("000000"),
    };
    let Ok(password) = password else {
        panic!("fixed passwords are well-formed");
    };
    let mut tampered = Tampered { card, script };
    let mut rng = DeterministicRng::from_seed([0x17; 32]);
    let options = PaceOptions {
        chat: None,
        consent_last_try: choice & 0x80 != 0,
    };
    let (keys, _outcome) = pace_keys(&mut tampered, &access, &password, &options, &mut rng).ok()?;
    let mut session = SmSession::new(tampered, keys);
    Some(auth::read_certificate(&mut session))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Untampered, PACE succeeds and the certificate is read through secure messaging (with the
    /// PIN; the CAN session is refused, through SM); tampering with the nonce answer makes PACE
    /// fail.
    #[test]
    fn untampered_pace_reads_the_certificate() {
        let cert = run(&[1]).expect("PACE with the PIN").expect("certificate");
        assert_eq!(cert, sim::state::DEFAULT_AUTH_CERT);
        assert!(
            matches!(run(&[0]), Some(Err(_))),
            "CAN: PACE works, the read is refused"
        );
        assert!(run(&[2]).is_none(), "wrong CAN");
        // Pieces: MSE:Set AT passes, the nonce answer gets a bit flipped.
        assert!(run(&[0, 1, 0, 3, 2, 4, 0x01]).is_none());
    }
}
