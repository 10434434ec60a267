//! The size-query idiom (NULL or short answer buffer) never sends a command (security review H1):
//! every export that sends an APDU checks its output arguments first.

use std::ptr;

use eeszt_auth_ffi::*;

const BUFFER_TOO_SMALL: eeszt_result = 3;

/// Sends `apdu` with a full-size buffer and returns the status word.
fn card_sw(card: *mut eeszt_card, apdu: &[u8]) -> u16 {
    let mut resp = vec![0u8; EESZT_MAX_RESPONSE_LEN];
    let (mut needed, mut sw) = (0usize, 0u16);
    // SAFETY: live handle, buffers valid for their lengths.
    let rc = unsafe {
        eeszt_card_transmit(
            card,
            apdu.as_ptr(),
            apdu.len(),
            resp.as_mut_ptr(),
            resp.len(),
            &mut needed,
            &mut sw,
        )
    };
    assert_eq!(rc, 0);
    sw
}

#[test]
fn card_transmit_null_or_short_buffer_sends_nothing() {
    let mut card = ptr::null_mut();
    // SAFETY: `card` is writable.
    assert_eq!(unsafe { eeszt_card_sim_new(1, 0, 0, &mut card) }, 0);
    let select = [
        0x00, 0xA4, 0x04, 0x0C, 0x07, 0xF0, 0x45, 0x45, 0x53, 0x5A, 0x54, 0x01,
    ];
    let wrong_pin = [
        0x00, 0x20, 0x00, 0x81, 0x06, b'0', b'0', b'0', b'0', b'0', b'0',
    ];
    let tries = [0x00, 0x20, 0x00, 0x81];
    assert_eq!(card_sw(card, &select), 0x9000);
    assert_eq!(card_sw(card, &tries), 0x63C3);
    let mut small = [0u8; 258];
    for (resp, len) in [
        (ptr::null_mut(), 0),
        (ptr::null_mut(), EESZT_MAX_RESPONSE_LEN),
        (small.as_mut_ptr(), small.len()),
    ] {
        let (mut needed, mut sw) = (0usize, 0xDEADu16);
        // SAFETY: `resp` NULL or valid for `len` bytes.
        let rc = unsafe {
            eeszt_card_transmit(
                card,
                wrong_pin.as_ptr(),
                wrong_pin.len(),
                resp,
                len,
                &mut needed,
                &mut sw,
            )
        };
        assert_eq!(rc, BUFFER_TOO_SMALL);
        assert_eq!(needed, EESZT_MAX_RESPONSE_LEN);
        assert_eq!(sw, 0xDEAD, "no status word: nothing was sent");
        assert_eq!(card_sw(card, &tries), 0x63C3, "the VERIFY reached the card");
    }
    // With a full buffer the wrong PIN is sent once and its answer reported.
    assert_eq!(card_sw(card, &wrong_pin), 0x63C2);
    assert_eq!(card_sw(card, &tries), 0x63C2);
    // SAFETY: live handle, freed once.
    unsafe { eeszt_card_free(card) };
}

/// Opens a PIN session on a fresh simulated card (its random generator is seeded, so it answers
/// the same challenges in the same order), runs `before` and returns the next GET CHALLENGE.
fn first_challenge_after(before: impl FnOnce(*mut eeszt_eid)) -> Vec<u8> {
    let mut eid = ptr::null_mut();
    // SAFETY: writable out.
    let rc = unsafe { eeszt_eid_sim_new(EESZT_EID_SIM_ACTIVATED, ptr::null(), &mut eid) };
    assert_eq!(rc, 0);
    let pin = c"123456";
    // SAFETY: live handle, NUL-terminated strings.
    let rc = unsafe { eeszt_eid_open(eid, EESZT_EID_PIN, pin.as_ptr(), ptr::null(), 0) };
    assert_eq!(rc, 0);
    before(eid);
    let mut resp = vec![0u8; EESZT_MAX_RESPONSE_LEN];
    let (mut needed, mut sw) = (0usize, 0u16);
    // SAFETY: buffers valid for their lengths.
    let rc = unsafe {
        eeszt_eid_transmit(
            eid,
            GET_CHALLENGE.as_ptr(),
            GET_CHALLENGE.len(),
            resp.as_mut_ptr(),
            resp.len(),
            &mut needed,
            &mut sw,
        )
    };
    assert_eq!((rc, needed, sw), (0, 10, 0x9000));
    // SAFETY: live handle, freed once.
    unsafe { eeszt_eid_free(eid) };
    resp[..8].to_vec()
}

const GET_CHALLENGE: [u8; 5] = [0x00, 0x84, 0x00, 0x00, 0x08];

#[test]
fn eid_calls_check_their_buffers_before_the_card() {
    let untouched = first_challenge_after(|_| {});
    // One real GET CHALLENGE moves the card on: the next challenge differs.
    let after_one = first_challenge_after(|eid| {
        let mut resp = vec![0u8; EESZT_MAX_RESPONSE_LEN];
        let (mut needed, mut sw) = (0usize, 0u16);
        // SAFETY: buffers valid for their lengths.
        let rc = unsafe {
            eeszt_eid_transmit(
                eid,
                GET_CHALLENGE.as_ptr(),
                GET_CHALLENGE.len(),
                resp.as_mut_ptr(),
                resp.len(),
                &mut needed,
                &mut sw,
            )
        };
        assert_eq!(rc, 0);
    });
    assert_ne!(untouched, after_one, "the observation can see a command");
    // Size queries, a short certificate buffer and a short signature buffer send nothing.
    let after_queries = first_challenge_after(|eid| {
        let mut small = [0u8; 300];
        let mut needed = 0usize;
        let mut sw = 0xDEADu16;
        for (resp, len) in [(ptr::null_mut(), 0), (small.as_mut_ptr(), small.len())] {
            // SAFETY: `resp` NULL or valid for `len` bytes.
            let rc = unsafe {
                eeszt_eid_transmit(
                    eid,
                    GET_CHALLENGE.as_ptr(),
                    GET_CHALLENGE.len(),
                    resp,
                    len,
                    &mut needed,
                    &mut sw,
                )
            };
            assert_eq!(rc, BUFFER_TOO_SMALL);
            assert_eq!(needed, EESZT_MAX_RESPONSE_LEN);
            assert_eq!(sw, 0xDEAD);
        }
        // SAFETY: NULL buffer with length 0.
        let rc = unsafe { eeszt_eid_certificate(eid, ptr::null_mut(), 0, &mut needed) };
        assert_eq!(rc, BUFFER_TOO_SMALL);
        assert_eq!(needed, EESZT_EID_MAX_CERTIFICATE_LEN);
        let mut cert = [0u8; 2048];
        // SAFETY: buffer valid for its length.
        let rc = unsafe { eeszt_eid_certificate(eid, cert.as_mut_ptr(), cert.len(), &mut needed) };
        assert_eq!(rc, BUFFER_TOO_SMALL);
        let challenge = b"relying party";
        let mut sig = [0u8; 63];
        // SAFETY: buffers valid for their lengths.
        let rc = unsafe {
            eeszt_eid_sign(
                eid,
                challenge.as_ptr(),
                challenge.len(),
                sig.as_mut_ptr(),
                sig.len(),
                &mut needed,
            )
        };
        assert_eq!(rc, BUFFER_TOO_SMALL);
        assert_eq!(needed, EESZT_EID_SIGNATURE_LEN);
        // Full-size buffers work.
        let mut cert = vec![0u8; EESZT_EID_MAX_CERTIFICATE_LEN];
        // SAFETY: buffer valid for its length.
        let rc = unsafe { eeszt_eid_certificate(eid, cert.as_mut_ptr(), cert.len(), &mut needed) };
        assert_eq!(rc, 0);
        assert!(needed > 100 && cert[0] == 0x30);
    });
    assert_eq!(untouched, after_queries, "a size query reached the card");
}
