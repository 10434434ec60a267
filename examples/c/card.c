/* Smartcards from C: reader listing (a clear error without pcscd), and APDUs through the exchange layer
 * against the in-process ISO 7816 test card: extended length, chaining, 61xx, 6Cxx, PIN tries. */
#define _POSIX_C_SOURCE 200809L
#include "check.h"

static const uint8_t SELECT_APP[] = {0x00, 0xA4, 0x04, 0x0C, 0x07, 0xF0, 0x45, 0x45, 0x53, 0x5A, 0x54, 0x01};

/* Sends `apdu` and returns the status word; the answer (data + SW) lands in `resp` (at most
 * `resp_len` bytes of it), its length in `*n`. The call itself gets an EESZT_MAX_RESPONSE_LEN buffer:
 * a shorter one is refused before anything is sent. */
static uint16_t send(eeszt_card *card, const uint8_t *apdu, size_t apdu_len, uint8_t *resp, size_t resp_len,
                     size_t *n) {
    uint16_t sw = 0;
    uint8_t *full = (uint8_t *)malloc(EESZT_MAX_RESPONSE_LEN);
    EXPECT(full != NULL);
    CHECK(eeszt_card_transmit(card, apdu, apdu_len, full, EESZT_MAX_RESPONSE_LEN, n, &sw));
    EXPECT(*n >= 2);
    EXPECT(sw == (uint16_t)((full[*n - 2] << 8) | full[*n - 1]));
    memcpy(resp, full, *n < resp_len ? *n : resp_len);
    free(full);
    return sw;
}

static void select_ef(eeszt_card *card, uint8_t hi, uint8_t lo) {
    uint8_t apdu[7];
    uint8_t resp[2];
    size_t n = 0;
    apdu[0] = 0x00; apdu[1] = 0xA4; apdu[2] = 0x02; apdu[3] = 0x0C; apdu[4] = 0x02; apdu[5] = hi; apdu[6] = lo;
    EXPECT(send(card, SELECT_APP, sizeof SELECT_APP, resp, sizeof resp, &n) == 0x9000);
    EXPECT(send(card, apdu, sizeof apdu, resp, sizeof resp, &n) == 0x9000);
}

/* Writes 300 bytes to EF 5003 (one extended APDU, or a chain of short ones) and reads them back. */
static void write_and_read_back(eeszt_card *card) {
    uint8_t apdu[7 + 300];
    uint8_t resp[258];
    size_t i, n = 0;
    const uint8_t read1[] = {0x00, 0xB0, 0x00, 0x00, 0xC8};       /* 200 bytes at offset 0 */
    const uint8_t read2[] = {0x00, 0xB0, 0x00, 0xC8, 0x64};       /* 100 bytes at offset 200 */
    select_ef(card, 0x50, 0x03);
    apdu[0] = 0x00; apdu[1] = 0xD6; apdu[2] = 0x00; apdu[3] = 0x00;
    apdu[4] = 0x00; apdu[5] = 0x01; apdu[6] = 0x2C;              /* extended Lc = 300 */
    for (i = 0; i < 300; i++) apdu[7 + i] = (uint8_t)(i * 7);
    EXPECT(send(card, apdu, sizeof apdu, resp, sizeof resp, &n) == 0x9000);
    EXPECT(send(card, read1, sizeof read1, resp, sizeof resp, &n) == 0x9000 && n == 202);
    for (i = 0; i < 200; i++) EXPECT(resp[i] == (uint8_t)(i * 7));
    EXPECT(send(card, read2, sizeof read2, resp, sizeof resp, &n) == 0x9000 && n == 102);
    for (i = 0; i < 100; i++) EXPECT(resp[i] == (uint8_t)((200 + i) * 7));
}

int main(void) {
    char names[1024];
    uint8_t resp[1100];
    size_t n = 0, i;
    uint32_t extended = 9;
    eeszt_card *card = NULL;
    eeszt_result rc;

    /* No pcscd: point libpcsclite at a socket nobody listens on; the answer is a clear error code. */
    setenv("PCSCLITE_CSOCK_NAME", "/nonexistent/eeszt-auth/pcscd.comm", 1);
    rc = eeszt_card_readers(names, sizeof names, &n);
    EXPECT(rc == EESZT_ERR_CARD_SERVICE_NOT_RUNNING || rc == EESZT_ERR_CARD_UNSUPPORTED);
    CHECK(eeszt_last_error_message(EESZT_LANG_HU, names, sizeof names, NULL));
    printf("readers without pcscd: %u (%s)\n", (unsigned)rc, names);
    rc = eeszt_card_connect(NULL, &card);
    EXPECT(rc == EESZT_ERR_CARD_SERVICE_NOT_RUNNING || rc == EESZT_ERR_CARD_UNSUPPORTED);
    EXPECT(card == NULL);

    /* The in-process test card with extended length. */
    CHECK(eeszt_card_sim_new(42, 0, 0, &card));
    CHECK(eeszt_card_extended_length(card, &extended));
    EXPECT(extended == 1);
    CHECK(eeszt_card_atr(card, resp, sizeof resp, &n));
    EXPECT(n > 4 && resp[0] == 0x3B);
    select_ef(card, 0x50, 0x01);
    {
        const uint8_t read_all[] = {0x00, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x00}; /* Le = 65536 */
        EXPECT(send(card, read_all, sizeof read_all, resp, sizeof resp, &n) == 0x9000);
        EXPECT(n == 1002);
        for (i = 0; i < 1000; i++) EXPECT(resp[i] == (uint8_t)(i % 251));
    }
    write_and_read_back(card);
    /* A small buffer: BUFFER_TOO_SMALL with the size to use, nothing sent. */
    {
        const uint8_t challenge[] = {0x00, 0x84, 0x00, 0x00, 0x08};
        EXPECT_RC(eeszt_card_transmit(card, challenge, sizeof challenge, resp, 4, &n, NULL), EESZT_ERR_BUFFER_TOO_SMALL);
        EXPECT(n == EESZT_MAX_RESPONSE_LEN);
    }
    /* The size-query idiom never sends the command: VERIFY with resp = NULL (or a short buffer)
     * leaves the PIN's tries as they were (security review H1). */
    {
        const uint8_t wrong_pin[] = {0x00, 0x20, 0x00, 0x81, 0x06, '0', '0', '0', '0', '0', '0'};
        const uint8_t tries[] = {0x00, 0x20, 0x00, 0x81};
        uint16_t sw = 0xDEAD;
        EXPECT(send(card, tries, sizeof tries, resp, sizeof resp, &n) == 0x63C3);
        EXPECT_RC(eeszt_card_transmit(card, wrong_pin, sizeof wrong_pin, NULL, 0, &n, &sw), EESZT_ERR_BUFFER_TOO_SMALL);
        EXPECT(n == EESZT_MAX_RESPONSE_LEN && sw == 0xDEAD);
        EXPECT_RC(eeszt_card_transmit(card, wrong_pin, sizeof wrong_pin, resp, sizeof resp, &n, &sw),
                  EESZT_ERR_BUFFER_TOO_SMALL);
        EXPECT(send(card, tries, sizeof tries, resp, sizeof resp, &n) == 0x63C3);
    }
    /* Malformed APDU, wrong PIN (tries left in the SW), then the right one. */
    {
        const uint8_t bad[] = {0x00, 0xA4, 0x04};
        const uint8_t wrong_pin[] = {0x00, 0x20, 0x00, 0x81, 0x06, '0', '0', '0', '0', '0', '0'};
        const uint8_t right_pin[] = {0x00, 0x20, 0x00, 0x81, 0x06, '1', '2', '3', '4', '5', '6'};
        EXPECT_RC(eeszt_card_transmit(card, bad, sizeof bad, resp, sizeof resp, &n, NULL), EESZT_ERR_CARD_APDU_INVALID);
        EXPECT(send(card, wrong_pin, sizeof wrong_pin, resp, sizeof resp, &n) == 0x63C2); /* one try, once */
        EXPECT(send(card, right_pin, sizeof right_pin, resp, sizeof resp, &n) == 0x9000);
    }
    CHECK(eeszt_card_disconnect(card));
    CHECK(eeszt_card_disconnect(card));
    EXPECT_RC(eeszt_card_transmit(card, SELECT_APP, sizeof SELECT_APP, resp, sizeof resp, &n, NULL), EESZT_ERR_BAD_STATE);
    eeszt_card_free(card);
    card = NULL;

    /* A card without extended length that answers in 64-byte parts and insists on the exact Le:
       the exchange layer chains the write and collects 61xx / re-sends on 6Cxx. */
    CHECK(eeszt_card_sim_new(1, EESZT_CARD_SIM_NO_EXTENDED | EESZT_CARD_SIM_EXACT_LE, 64, &card));
    CHECK(eeszt_card_extended_length(card, &extended));
    EXPECT(extended == 0);
    write_and_read_back(card);
    select_ef(card, 0x50, 0x01);
    {
        const uint8_t past_end[] = {0x00, 0xB0, 0x03, 0xDE, 0x20}; /* offset 990, Le 32: only 10 left */
        EXPECT(send(card, past_end, sizeof past_end, resp, sizeof resp, &n) == 0x9000);
        EXPECT(n == 12 && resp[0] == (uint8_t)(990 % 251));
    }
    printf("test card: extended length, chaining, 61xx and 6Cxx all answered through the exchange layer\n");

    EXPECT_RC(eeszt_card_sim_new(0, 0x80u, 0, &card), EESZT_ERR_INVALID_ARGUMENT);
    EXPECT_RC(eeszt_card_transmit(NULL, SELECT_APP, sizeof SELECT_APP, resp, sizeof resp, &n, NULL), EESZT_ERR_NULL);
    eeszt_card_free(card);
    eeszt_card_free(NULL);
    return 0;
}
