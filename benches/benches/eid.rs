//! eID card: PACE establishment (CAN and PIN) against the in-process simulated eSzemélyi, and
//! secure-messaging round trips (GET CHALLENGE under SM) through it.

use criterion::{Criterion, criterion_group, criterion_main};
use eeszt_auth::card::eid::{
    Password,
    rng::DeterministicRng,
    session::{self, PaceOptions},
    sim::{self, SimEszemelyi},
};
use eeszt_auth::card::{Command, SimTransport, exchange};

fn bench(c: &mut Criterion) {
    let mut card = SimTransport::new(SimEszemelyi::activated());
    let access = session::read_card_access(&mut card).expect("EF.CardAccess");
    let can = Password::can(sim::DEFAULT_CAN).expect("CAN");
    let pin = Password::pin(sim::DEFAULT_PIN).expect("PIN");
    let mut rng = DeterministicRng::from_seed([1; 32]);
    c.bench_function("eid/pace_can_bp256_aes128", |b| {
        b.iter(|| {
            session::establish(&mut card, &access, &can, &PaceOptions::default(), &mut rng)
                .map(|(sm, _)| sm.is_open())
                .expect("PACE")
        })
    });
    c.bench_function("eid/pace_pin_bp256_aes128", |b| {
        b.iter(|| {
            session::establish(&mut card, &access, &pin, &PaceOptions::default(), &mut rng)
                .map(|(sm, _)| sm.is_open())
                .expect("PACE")
        })
    });
    let (mut sm, _) =
        session::establish(&mut card, &access, &can, &PaceOptions::default(), &mut rng)
            .expect("PACE");
    let command = Command::new(0x00, 0x84, 0x00, 0x00).with_le(8);
    c.bench_function("eid/sm_round_trip_get_challenge", |b| {
        b.iter(|| exchange(&mut sm, &command).expect("SM"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
