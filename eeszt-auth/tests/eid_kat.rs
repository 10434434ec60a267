//! Known-answer test: the ICAO 9303 Part 11 worked example of PACE ECDH Generic Mapping on
//! brainpoolP256r1, reproduced by both our terminal and our chip with injected randomness.

use eeszt_auth::card::eid::{
    CardAccess, Curve, PaceChip, PaceTerminal, Password, pace, rng::ScriptedRng,
};
use std::collections::HashMap;

fn vectors() -> HashMap<String, String> {
    let text = include_str!("data/eid/pace-icao-g1.txt");
    text.lines()
        .filter(|l| !l.starts_with('#') && l.contains('='))
        .map(|l| {
            let (k, v) = l.split_once('=').unwrap();
            (k.trim().to_string(), v.trim().to_string())
        })
        .collect()
}

fn hex(s: &str) -> Vec<u8> {
    eeszt_auth::card::hex::parse_hex(s).unwrap()
}

#[test]
fn icao_worked_example_both_sides() {
    let v = vectors();
    let h = |k: &str| hex(&v[k]);
    let access = CardAccess::parse(&h("card_access")).unwrap();
    let info = access.best_pace().unwrap();
    let protocol = info.protocol.unwrap();
    let curve = info.curve().unwrap();
    assert_eq!(curve, Curve::BrainpoolP256r1);
    let password = Password::mrz(&v["mrz"]).unwrap();
    assert_eq!(
        pace::password_key(protocol, &password).expose(),
        &h("k_pi")[..]
    );

    let mut terminal_rng = ScriptedRng::new(vec![h("sk_map_ifd"), h("sk_ifd")]);
    let mut chip_rng = ScriptedRng::new(vec![h("nonce"), h("sk_map_ic"), h("sk_ic")]);
    let mut terminal = PaceTerminal::new(protocol, curve, &password);
    let mut chip = PaceChip::new(protocol, curve, &password);

    let z = chip.nonce(&mut chip_rng).unwrap();
    assert_eq!(z, h("encrypted_nonce"));
    let pk_map_ifd = terminal.nonce(&z, &mut terminal_rng).unwrap();
    assert_eq!(pk_map_ifd, h("pk_map_ifd"));
    let pk_map_ic = chip.map(&pk_map_ifd, &mut chip_rng).unwrap();
    assert_eq!(pk_map_ic, h("pk_map_ic"));
    assert_eq!(
        curve
            .generic_map(&h("nonce"), &h("sk_map_ifd"), &pk_map_ic)
            .unwrap(),
        h("g_prime")
    );
    let pk_ifd = terminal.map(&pk_map_ic, &mut terminal_rng).unwrap();
    assert_eq!(pk_ifd, h("pk_ifd"));
    let pk_ic = chip.agree(&pk_ifd, &mut chip_rng).unwrap();
    assert_eq!(pk_ic, h("pk_ic"));
    assert_eq!(
        curve
            .x_coordinate(&curve.mul(&h("sk_ifd"), &pk_ic).unwrap())
            .unwrap()
            .expose(),
        &h("shared_x")[..]
    );
    let t_ifd = terminal.agree(&pk_ic).unwrap();
    assert_eq!(t_ifd.to_vec(), h("t_ifd"));
    let (t_ic, chip_keys) = chip.authenticate(&t_ifd).unwrap();
    assert_eq!(t_ic.to_vec(), h("t_ic"));
    let keys = terminal.finish(&t_ic).unwrap();
    assert_eq!(keys.k_enc.expose(), &h("k_enc")[..]);
    assert_eq!(keys.k_mac.expose(), &h("k_mac")[..]);
    assert_eq!(chip_keys.k_enc, keys.k_enc);
    assert_eq!(chip_keys.k_mac, keys.k_mac);
    assert_eq!(terminal_rng.used(), 2);
    assert_eq!(chip_rng.used(), 3);
}

#[test]
fn a_changed_token_is_refused_by_both_sides() {
    let v = vectors();
    let h = |k: &str| hex(&v[k]);
    let access = CardAccess::parse(&h("card_access")).unwrap();
    let info = access.best_pace().unwrap();
    let (protocol, curve) = (info.protocol.unwrap(), info.curve().unwrap());
    let password = Password::mrz(&v["mrz"]).unwrap();
    let mut chip_rng = ScriptedRng::new(vec![h("nonce"), h("sk_map_ic"), h("sk_ic")]);
    let mut chip = PaceChip::new(protocol, curve, &password);
    chip.nonce(&mut chip_rng).unwrap();
    chip.map(&h("pk_map_ifd"), &mut chip_rng).unwrap();
    chip.agree(&h("pk_ifd"), &mut chip_rng).unwrap();
    let mut bad = h("t_ifd");
    bad[0] ^= 1;
    assert!(chip.authenticate(&bad).is_err());

    let mut terminal_rng = ScriptedRng::new(vec![h("sk_map_ifd"), h("sk_ifd")]);
    let mut terminal = PaceTerminal::new(protocol, curve, &password);
    terminal
        .nonce(&h("encrypted_nonce"), &mut terminal_rng)
        .unwrap();
    terminal.map(&h("pk_map_ic"), &mut terminal_rng).unwrap();
    terminal.agree(&h("pk_ic")).unwrap();
    let mut bad = h("t_ic");
    bad[7] ^= 0x80;
    assert!(terminal.finish(&bad).is_err());
}
