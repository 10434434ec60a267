/* The whole portal login flow against the simulated eSzemélyi, as a medical application drives it:
 * user name, card check, PIN, institution, result; and the failures a UI must handle. */
#include "check.h"

static const char *INSTITUTIONS =
    "[{\"provider\": \"032175\", \"site\": \"Központi telephely\", \"unit\": \"001055630\","
    "  \"name\": \"Petz Aladár Egyetemi Oktató Kórház\"},"
    " {\"provider\": \"123456\", \"site\": \"Rendelő\", \"unit\": null, \"name\": \"Minta Rendelő\"}]";

static const uint8_t CHALLENGE[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                      17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

/* A time inside the simulated card certificate's validity (2027-01-15). */
#define NOW 1800000000u

/* The caller's user directory: here it binds nobody, so only fingerprints bound with
 * eeszt_card_trust_bind count. Counts its calls. */
static unsigned binding_calls = 0;
static uint32_t no_binding(void *user_data, const char *user, const uint8_t *cert, size_t cert_len,
                           const uint8_t *sha256) {
    (void)user_data;
    (void)cert;
    (void)sha256;
    EXPECT(user != NULL && cert_len > 0);
    binding_calls++;
    return 0;
}

static void print_next(eeszt_login *flow) {
    uint32_t action = 0;
    char label[256];
    CHECK(eeszt_login_next_action(flow, EESZT_LANG_HU, &action, label, sizeof label, NULL));
    printf("  next action %u: %s\n", (unsigned)action, label);
}

/* The caller's password directory for the token login. */
static uint32_t password_check(void *user_data, const char *user, const char *password) {
    (void)user_data;
    return strcmp(user, "X00121") == 0 && strcmp(password, "Jelszo-2026") == 0;
}

/* The caller's check-code check: it receives the check code (ellenőrző kód) the user typed and
 * compares it with the stored one in constant time. Remembers the last value it was given. */
static char typed_seen[16];
static uint32_t check_code_check(void *user_data, const char *user, const char *typed) {
    const char *stored = (const char *)user_data;
    size_t n = strlen(stored);
    unsigned char diff = 0;
    EXPECT(strcmp(user, "X00121") == 0);
    snprintf(typed_seen, sizeof typed_seen, "%s", typed);
    if (strlen(typed) != n) return 0;
    for (size_t i = 0; i < n; i++) diff |= (unsigned char)(stored[i] ^ typed[i]);
    return diff == 0;
}

/* The token login: password, one-time password and the typed check code. */
static void token_login(void) {
    static const char *SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    static char stored_check_code[] = "2468";
    eeszt_login *flow = NULL;
    eeszt_otp_key *key = NULL;
    eeszt_password_state pw;
    eeszt_otp_state otp;
    char code[EESZT_OTP_CODE_BUFFER_SIZE];
    uint32_t step = 99;
    memset(&pw, 0, sizeof pw);
    memset(&otp, 0, sizeof otp);
    CHECK(eeszt_otp_key_from_base32(SECRET, 0, 6, 30, 0, 0, &key));
    CHECK(eeszt_otp_totp(key, NOW, code, sizeof code, NULL));
    CHECK(eeszt_login_new(&flow));
    CHECK(eeszt_login_user(flow, "X00121"));
    CHECK(eeszt_login_method(flow, EESZT_LOGIN_METHOD_TOKEN));
    CHECK(eeszt_login_password(flow, "Jelszo-2026", password_check, NULL, &pw, NOW));
    /* No check code typed: refused before the one-time password is spent. */
    EXPECT_RC(eeszt_login_otp(flow, SECRET, 0, 6, 30, code, "", check_code_check, stored_check_code,
                              &otp, NOW),
              EESZT_ERR_LOGIN_CHECK_CODE_EMPTY);
    EXPECT(otp.failures == 0 && otp.has_last_step == 0);
    /* A wrong check code with a right one-time password: refused; the callback saw the typed value. */
    EXPECT_RC(eeszt_login_otp(flow, SECRET, 0, 6, 30, code, " 1357 ", check_code_check,
                              stored_check_code, &otp, NOW),
              EESZT_ERR_LOGIN_WRONG_CHECK_CODE);
    EXPECT(strcmp(typed_seen, "1357") == 0);
    print_next(flow);
    CHECK(eeszt_otp_totp(key, NOW + 30, code, sizeof code, NULL));
    CHECK(eeszt_login_otp(flow, SECRET, 0, 6, 30, code, "2468", check_code_check, stored_check_code,
                          &otp, NOW + 30));
    EXPECT(strcmp(typed_seen, "2468") == 0);
    CHECK(eeszt_login_step(flow, &step));
    EXPECT(step == EESZT_LOGIN_STEP_INSTITUTION);
    printf("token login: the typed check code reached the caller's check\n");
    eeszt_login_free(flow);
    eeszt_otp_key_free(key);
}

int main(void) {
    eeszt_login *flow = NULL;
    eeszt_login_card *card = NULL;
    eeszt_card_trust *trust = NULL;
    eeszt_login_checks checks;
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
    CHECK(eeszt_card_trust_new(&trust));
    CHECK(eeszt_card_trust_set_binding(trust, no_binding, NULL));
    CHECK(eeszt_login_card_check(flow, card, &tries));
    EXPECT(tries == 3);
    EXPECT_RC(eeszt_login_card_pin(flow, card, "12345", NULL, CHALLENGE, sizeof CHALLENGE, 0, trust, NOW),
              EESZT_ERR_EID_SECRET_FORMAT);
    EXPECT_RC(eeszt_login_refused_checks(flow, &checks), EESZT_ERR_BAD_STATE);
    CHECK(eeszt_login_card_check(flow, card, &tries));
    EXPECT(tries == 3); /* a malformed PIN never reaches the card */
    /* An empty trust trusts nothing: the right PIN, a valid signature, and still refused. */
    EXPECT_RC(eeszt_login_card_pin(flow, card, "123456", NULL, CHALLENGE, sizeof CHALLENGE, 0, trust, NOW),
              EESZT_ERR_LOGIN_CARD_NOT_TRUSTED);
    CHECK(eeszt_login_refused_checks(flow, &checks));
    EXPECT(checks.signature_verified == 1 && checks.trusted == 0 && checks.bound == 0);
    EXPECT(binding_calls == 1);
    CHECK(eeszt_last_error_message(EESZT_LANG_HU, buf, sizeof buf, NULL));
    printf("no trust anchor: %s\n", buf);
    print_next(flow);
    /* The simulator's own trust: its certificate as anchor, bound to O95745. */
    CHECK(eeszt_card_trust_add_simulator(trust));
    CHECK(eeszt_login_card_check(flow, card, &tries));
    EXPECT(tries == 3); /* the right PIN reset nothing and lost nothing */
    EXPECT_RC(eeszt_login_card_pin(flow, card, "000000", NULL, CHALLENGE, sizeof CHALLENGE, 0, trust, NOW),
              EESZT_ERR_EID_WRONG_PIN);
    CHECK(eeszt_last_error_message(EESZT_LANG_HU, buf, sizeof buf, NULL));
    printf("wrong PIN: %s\n", buf);
    print_next(flow);
    CHECK(eeszt_login_step(flow, &step));
    EXPECT(step == EESZT_LOGIN_STEP_CARD);
    CHECK(eeszt_login_card_check(flow, card, &tries));
    EXPECT(tries == 2);
    EXPECT_RC(eeszt_login_card_pin(flow, card, "123456", NULL, CHALLENGE, sizeof CHALLENGE, 0, NULL, NOW),
              EESZT_ERR_NULL);
    CHECK(eeszt_login_card_pin(flow, card, "123456", NULL, CHALLENGE, sizeof CHALLENGE, 0, trust, NOW));

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
    CHECK(eeszt_login_result_checks(flow, &checks));
    EXPECT(checks.signature_verified == 1 && checks.trusted == 1 && checks.bound == 1);
    EXPECT(checks.authenticated == 1 && checks.simulated == 1);
    printf("the card's signature over the challenge verifies\n");
    free(cert);

    eeszt_login_card_free(card);
    eeszt_card_trust_free(trust);
    eeszt_card_trust_free(NULL);
    eeszt_login_free(flow);
    eeszt_login_free(NULL);
    eeszt_login_card_free(NULL);
    EXPECT_RC(eeszt_login_user(NULL, "O95745"), EESZT_ERR_NULL);
    token_login();
    printf("login: the whole flow works from C\n");
    return 0;
}
