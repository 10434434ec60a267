/* The whole portal login flow against the simulated eSzemélyi, as a medical application drives it:
 * user name, card check, PIN, institution, result; and the failures a UI must handle. */
#include "check.h"

static const char *INSTITUTIONS =
    "[{\"provider\": \"032175\", \"site\": \"Központi telephely\", \"unit\": \"001055630\","
    "  \"name\": \"Petz Aladár Egyetemi Oktató Kórház\"},"
    " {\"provider\": \"123456\", \"site\": \"Rendelő\", \"unit\": null, \"name\": \"Minta Rendelő\"}]";

static const uint8_t CHALLENGE[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                      17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

static void print_next(eeszt_login *flow) {
    uint32_t action = 0;
    char label[256];
    CHECK(eeszt_login_next_action(flow, EESZT_LANG_HU, &action, label, sizeof label, NULL));
    printf("  next action %u: %s\n", (unsigned)action, label);
}

int main(void) {
    eeszt_login *flow = NULL;
    eeszt_login_card *card = NULL;
    uint32_t step = 99, tries = 0, method = 9, profession = 9, has_inst = 9;
    uint64_t when = 0;
    char buf[512];
    size_t needed = 0;
    uint8_t *cert = NULL;

    CHECK(eeszt_login_new(&flow));
    CHECK(eeszt_login_step(flow, &step));
    EXPECT(step == EESZT_LOGIN_STEP_USER);

    /* 1. User name: the portal's messages. */
    EXPECT_RC(eeszt_login_user(flow, ""), EESZT_ERR_ID_EMPTY);
    CHECK(eeszt_last_error_message(EESZT_LANG_HU, buf, sizeof buf, NULL));
    printf("empty user name: %s\n", buf);
    EXPECT(strstr(buf, "Ez a mező kötelező.") != NULL);
    print_next(flow);
    EXPECT(eeszt_login_user(flow, "O 95745") != EESZT_OK);
    CHECK(eeszt_last_error_message(EESZT_LANG_EN, buf, sizeof buf, NULL));
    printf("\"O 95745\": %s\n", buf);
    /* Steps cannot be skipped. */
    EXPECT_RC(eeszt_login_method(flow, EESZT_LOGIN_METHOD_CARD), EESZT_ERR_BAD_STATE);
    CHECK(eeszt_login_user(flow, " o95745 "));

    /* 2. Method: the eID card. */
    EXPECT_RC(eeszt_login_method(flow, 7u), EESZT_ERR_INVALID_ARGUMENT);
    CHECK(eeszt_login_method(flow, EESZT_LOGIN_METHOD_CARD));

    /* 3a. The card: PIN state without spending a try, then a wrong PIN, then the right one. */
    CHECK(eeszt_login_card_sim_new(NULL, &card));
    CHECK(eeszt_login_card_check(flow, card, &tries));
    EXPECT(tries == 3);
    EXPECT_RC(eeszt_login_card_pin(flow, card, "12345", NULL, CHALLENGE, sizeof CHALLENGE, 0),
              EESZT_ERR_EID_SECRET_FORMAT);
    CHECK(eeszt_login_card_check(flow, card, &tries));
    EXPECT(tries == 3); /* a malformed PIN never reaches the card */
    EXPECT_RC(eeszt_login_card_pin(flow, card, "000000", NULL, CHALLENGE, sizeof CHALLENGE, 0),
              EESZT_ERR_EID_WRONG_PIN);
    CHECK(eeszt_last_error_message(EESZT_LANG_HU, buf, sizeof buf, NULL));
    printf("wrong PIN: %s\n", buf);
    print_next(flow);
    CHECK(eeszt_login_step(flow, &step));
    EXPECT(step == EESZT_LOGIN_STEP_CARD);
    CHECK(eeszt_login_card_check(flow, card, &tries));
    EXPECT(tries == 2);
    CHECK(eeszt_login_card_pin(flow, card, "123456", NULL, CHALLENGE, sizeof CHALLENGE, 0));

    /* 4. Institution: an unknown code is refused, then a real one. */
    EXPECT_RC(eeszt_login_institution(flow, INSTITUTIONS, EESZT_PICK_CODE, 0, "999999", 1700000000u),
              EESZT_ERR_LOGIN_UNKNOWN_INSTITUTION);
    print_next(flow);
    CHECK(eeszt_login_institution(flow, INSTITUTIONS, EESZT_PICK_CODE, 0, "032175", 1700000000u));

    /* 5. The result. */
    CHECK(eeszt_login_step(flow, &step));
    EXPECT(step == EESZT_LOGIN_STEP_DONE);
    CHECK(eeszt_login_result_user(flow, buf, sizeof buf, &needed));
    EXPECT(strcmp(buf, "O95745") == 0);
    CHECK(eeszt_login_result_info(flow, &method, &profession, &when));
    EXPECT(method == EESZT_LOGIN_METHOD_CARD && when == 1700000000u);
    CHECK(eeszt_login_result_institution(flow, EESZT_LANG_HU, &has_inst, buf, sizeof buf, NULL));
    EXPECT(has_inst == 1);
    printf("logged in as O95745 (profession %u) for %s\n", (unsigned)profession, buf);
    EXPECT_RC(eeszt_login_result_evidence(flow, 0, NULL, 0, &needed), EESZT_ERR_BUFFER_TOO_SMALL);
    cert = (uint8_t *)malloc(needed);
    EXPECT(cert != NULL);
    CHECK(eeszt_login_result_evidence(flow, 0, cert, needed, &needed));
    EXPECT(cert[0] == 0x30); /* DER SEQUENCE */
    printf("card certificate: %zu bytes\n", needed);
    CHECK(eeszt_login_result_verify(flow));
    printf("the card's signature over the challenge verifies\n");
    free(cert);

    eeszt_login_card_free(card);
    eeszt_login_free(flow);
    eeszt_login_free(NULL);
    eeszt_login_card_free(NULL);
    EXPECT_RC(eeszt_login_user(NULL, "O95745"), EESZT_ERR_NULL);
    printf("login: the whole flow works from C\n");
    return 0;
}
