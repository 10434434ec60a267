/* The eID card (eSzemélyi) through the C ABI, against the in-process simulated card (no reader, no
 * pcscd): PIN status, activation, wrong PINs and suspension, resume with the CAN (last-try consent),
 * a PACE session with secure messaging, the authentication certificate and a signature over a
 * challenge, blocking and unblocking with the PUK. */
#include "check.h"

static void expect_status(eeszt_eid *eid, uint32_t state, uint32_t tries) {
    uint32_t s = 99, t = 99;
    CHECK(eeszt_eid_status(eid, &s, &t));
    EXPECT(s == state);
    EXPECT(t == tries);
}

int main(void) {
    eeszt_eid *eid = NULL;
    uint8_t *resp = (uint8_t *)malloc(EESZT_MAX_RESPONSE_LEN);
    uint8_t *cert = (uint8_t *)malloc(EESZT_EID_MAX_CERTIFICATE_LEN);
    uint8_t sig[80];
    size_t needed = 0, cert_len = 0, sig_len = 0;
    uint16_t sw = 0;
    const uint8_t get_challenge[] = {0x00, 0x84, 0x00, 0x00, 0x08};
    const uint8_t challenge[] = "login challenge from the relying party";

    EXPECT(resp != NULL && cert != NULL);
    eeszt_eid_free(NULL);
    EXPECT_RC(eeszt_eid_sim_new(7, NULL, &eid), EESZT_ERR_INVALID_ARGUMENT);
    EXPECT_RC(eeszt_eid_sim_new(EESZT_EID_SIM_NEW, NULL, NULL), EESZT_ERR_NULL);
    CHECK(eeszt_eid_sim_new(EESZT_EID_SIM_NEW, NULL, &eid));
    expect_status(eid, EESZT_EID_PIN_TRANSPORT, 3);

    /* Activation: the confirmation must match; then the 6-digit PIN is set. */
    EXPECT_RC(eeszt_eid_activate(eid, "12345", "246810", "246811", NULL, 0), EESZT_ERR_EID_PIN_MISMATCH);
    EXPECT_RC(eeszt_eid_change_pin(eid, "123456", "111111", "111111", NULL, 0), EESZT_ERR_EID_PIN_NOT_ACTIVATED);
    /* The simulated card sits in no PIN-pad reader: the keypad variants are refused before the
     * card is touched; a bad timeout or language is refused first. */
    EXPECT_RC(eeszt_eid_pinpad_activate(eid, 256, EESZT_LANG_HU), EESZT_ERR_INVALID_ARGUMENT);
    EXPECT_RC(eeszt_eid_pinpad_activate(eid, 30, 9), EESZT_ERR_UNKNOWN_LANG);
    EXPECT_RC(eeszt_eid_pinpad_activate(eid, 30, EESZT_LANG_HU), EESZT_ERR_EID_PIN_PAD_CHANGE_UNSUPPORTED);
    EXPECT_RC(eeszt_eid_pinpad_change_pin(NULL, 0, EESZT_LANG_EN), EESZT_ERR_NULL);
    expect_status(eid, EESZT_EID_PIN_TRANSPORT, 3);
    CHECK(eeszt_eid_activate(eid, "12345", "246810", "246810", NULL, 0));
    expect_status(eid, EESZT_EID_PIN_ACTIVE, 3);
    EXPECT_RC(eeszt_eid_pinpad_change_pin(eid, 0, EESZT_LANG_EN), EESZT_ERR_EID_PIN_PAD_CHANGE_UNSUPPORTED);

    /* No session yet: transmit refuses. */
    EXPECT_RC(eeszt_eid_transmit(eid, get_challenge, sizeof get_challenge, resp, EESZT_MAX_RESPONSE_LEN, &needed, &sw),
              EESZT_ERR_EID_SESSION_CLOSED);

    /* Two wrong PINs suspend the PIN. */
    EXPECT_RC(eeszt_eid_open(eid, EESZT_EID_PIN, "000000", NULL, 0), EESZT_ERR_EID_WRONG_PIN);
    EXPECT_RC(eeszt_eid_open(eid, EESZT_EID_PIN, "000000", NULL, 0), EESZT_ERR_EID_WRONG_PIN);
    expect_status(eid, EESZT_EID_PIN_SUSPENDED, 1);
    EXPECT_RC(eeszt_eid_open(eid, EESZT_EID_PIN, "246810", NULL, 0), EESZT_ERR_EID_PIN_SUSPENDED);
    EXPECT_RC(eeszt_eid_resume(eid, "654321", "246810", 0), EESZT_ERR_EID_LAST_TRY_NEEDS_CONSENT);
    EXPECT_RC(eeszt_eid_resume(eid, "654321", "246810", 8), EESZT_ERR_INVALID_ARGUMENT);
    expect_status(eid, EESZT_EID_PIN_SUSPENDED, 1);

    /* Resume with the CAN and consent: the PIN session stays open. */
    CHECK(eeszt_eid_resume(eid, "654321", "246810", EESZT_EID_ALLOW_LAST_TRY));
    CHECK(eeszt_eid_transmit(eid, get_challenge, sizeof get_challenge, resp, EESZT_MAX_RESPONSE_LEN, &needed, &sw));
    EXPECT(needed == 10);
    EXPECT(sw == 0x9000);
    EXPECT(resp[8] == 0x90 && resp[9] == 0x00);
    /* Size queries are answered without touching the card. */
    EXPECT_RC(eeszt_eid_certificate(eid, NULL, 0, &cert_len), EESZT_ERR_BUFFER_TOO_SMALL);
    EXPECT(cert_len == EESZT_EID_MAX_CERTIFICATE_LEN);
    EXPECT_RC(eeszt_eid_transmit(eid, get_challenge, sizeof get_challenge, NULL, 0, &needed, &sw),
              EESZT_ERR_BUFFER_TOO_SMALL);
    EXPECT(needed == EESZT_MAX_RESPONSE_LEN);
    EXPECT_RC(eeszt_eid_sign(eid, challenge, sizeof challenge - 1, sig, 63, &sig_len), EESZT_ERR_BUFFER_TOO_SMALL);
    EXPECT(sig_len == EESZT_EID_SIGNATURE_LEN);
    CHECK(eeszt_eid_certificate(eid, cert, EESZT_EID_MAX_CERTIFICATE_LEN, &cert_len));
    EXPECT(cert_len > 100 && cert[0] == 0x30);
    CHECK(eeszt_eid_sign(eid, challenge, sizeof challenge - 1, sig, sizeof sig, &sig_len));
    EXPECT(sig_len == 64);
    CHECK(eeszt_eid_verify_signature(cert, cert_len, challenge, sizeof challenge - 1, sig, sig_len));
    sig[5] ^= 1;
    EXPECT_RC(eeszt_eid_verify_signature(cert, cert_len, challenge, sizeof challenge - 1, sig, sig_len),
              EESZT_ERR_EID_AUTH_FAILED);
    CHECK(eeszt_eid_close(eid));
    EXPECT_RC(eeszt_eid_sign(eid, challenge, 4, sig, sizeof sig, &sig_len), EESZT_ERR_EID_SESSION_CLOSED);
    expect_status(eid, EESZT_EID_PIN_ACTIVE, 3);

    /* Block: two wrong PINs, then a wrong last try after the CAN (with consent). */
    EXPECT_RC(eeszt_eid_open(eid, EESZT_EID_PIN, "000000", NULL, 0), EESZT_ERR_EID_WRONG_PIN);
    EXPECT_RC(eeszt_eid_open(eid, EESZT_EID_PIN, "000000", NULL, 0), EESZT_ERR_EID_WRONG_PIN);
    EXPECT_RC(eeszt_eid_open(eid, EESZT_EID_PIN, "000000", "654321", EESZT_EID_ALLOW_LAST_TRY),
              EESZT_ERR_EID_PIN_BLOCKED);
    expect_status(eid, EESZT_EID_PIN_BLOCKED, 0);
    EXPECT_RC(eeszt_eid_unblock(eid, "0000000000"), EESZT_ERR_EID_WRONG_PUK);
    CHECK(eeszt_eid_unblock(eid, "1234567890"));
    expect_status(eid, EESZT_EID_PIN_ACTIVE, 3);

    /* A CAN session: secure messaging works, the PIN-protected certificate does not. */
    EXPECT_RC(eeszt_eid_open(eid, EESZT_EID_CAN, "12345", NULL, 0), EESZT_ERR_EID_SECRET_FORMAT);
    CHECK(eeszt_eid_open(eid, EESZT_EID_CAN, "654321", NULL, 0));
    CHECK(eeszt_eid_transmit(eid, get_challenge, sizeof get_challenge, resp, EESZT_MAX_RESPONSE_LEN, &needed, &sw));
    EXPECT(sw == 0x9000);
    EXPECT_RC(eeszt_eid_certificate(eid, cert, EESZT_EID_MAX_CERTIFICATE_LEN, &cert_len), EESZT_ERR_EID_CARD_REFUSED);
    EXPECT_RC(eeszt_eid_open(eid, 9, "654321", NULL, 0), EESZT_ERR_INVALID_ARGUMENT);

    eeszt_eid_free(eid);
    free(resp);
    free(cert);
    printf("eid: all expectations held\n");
    return 0;
}
