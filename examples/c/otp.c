/* One-time passwords through the C ABI: RFC vectors, keys from bytes/base32/URI, TOTP verification
 * with the policy (drift, replay, lockout), URI building, QR as SVG, and every error path. */
#include "check.h"

static const uint8_t SEED20[] = "12345678901234567890";
static const uint8_t SEED32[] = "12345678901234567890123456789012";
static const uint8_t SEED64[] = "1234567890123456789012345678901234567890123456789012345678901234";

static void expect_code(const eeszt_otp_key *key, uint64_t time, const char *want) {
    char code[EESZT_OTP_CODE_BUFFER_SIZE];
    CHECK(eeszt_otp_totp(key, time, code, sizeof code, NULL));
    if (strcmp(code, want) != 0) {
        fprintf(stderr, "TOTP at %llu: got %s, want %s\n", (unsigned long long)time, code, want);
        exit(1);
    }
}

int main(void) {
    eeszt_otp_key *key = NULL;
    char code[EESZT_OTP_CODE_BUFFER_SIZE];
    char buf[512];
    size_t needed = 0;

    /* RFC 4226 appendix D: HOTP, SHA-1, 6 digits. */
    {
        static const char *const hotp[] = {"755224", "287082", "359152", "969429", "338314",
                                           "254676", "287922", "162583", "399871", "520489"};
        uint64_t c;
        CHECK(eeszt_otp_key_new(SEED20, 20, EESZT_OTP_SHA1, 6, 30, 0, 0, &key));
        for (c = 0; c < 10; c++) {
            CHECK(eeszt_otp_hotp(key, c, code, sizeof code, &needed));
            EXPECT(strcmp(code, hotp[c]) == 0);
            EXPECT(needed == 7);
        }
        /* A short buffer: nothing written, `needed` says 7. */
        memset(code, 'x', sizeof code);
        EXPECT_RC(eeszt_otp_hotp(key, 0, code, 6, &needed), EESZT_ERR_BUFFER_TOO_SMALL);
        EXPECT(code[0] == 'x' && needed == 7);
        eeszt_otp_key_free(key);
        printf("RFC 4226: 10 HOTP values match\n");
    }

    /* RFC 6238 appendix B with the per-hash seeds, 8 digits. */
    {
        CHECK(eeszt_otp_key_new(SEED20, 20, EESZT_OTP_SHA1, 8, 30, 0, 0, &key));
        expect_code(key, 59, "94287082");
        expect_code(key, 20000000000ULL, "65353130");
        eeszt_otp_key_free(key);
        CHECK(eeszt_otp_key_new(SEED32, 32, EESZT_OTP_SHA256, 8, 30, 0, 0, &key));
        expect_code(key, 1111111109, "68084774");
        expect_code(key, 2000000000, "90698825");
        eeszt_otp_key_free(key);
        CHECK(eeszt_otp_key_new(SEED64, 64, EESZT_OTP_SHA512, 8, 30, 0, 0, &key));
        expect_code(key, 1234567890, "93441116");
        expect_code(key, 20000000000ULL, "47863826");
        eeszt_otp_key_free(key);
        printf("RFC 6238: SHA-1, SHA-256, SHA-512 values match\n");
    }

    /* Keys from base32 (lenient) and from a URI. */
    {
        uint64_t counter = 99;
        CHECK(eeszt_otp_key_from_base32("gezd gnbv gy3t qojq gezd-gnbv-gy3t-qojq", EESZT_OTP_SHA1, 6, 30, 0, 0, &key));
        expect_code(key, 59, "287082");
        CHECK(eeszt_otp_key_setup_key(key, buf, sizeof buf, NULL));
        EXPECT(strcmp(buf, "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ") == 0);
        eeszt_otp_key_free(key);
        CHECK(eeszt_otp_key_from_uri(
            "otpauth://hotp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=5", 0, &key, &counter));
        EXPECT(counter == 5);
        CHECK(eeszt_otp_hotp(key, counter, code, sizeof code, NULL));
        EXPECT(strcmp(code, "254676") == 0);
        eeszt_otp_key_free(key);
    }

    /* Verification: drift, replay, lockout and unlock. The state is the caller's to store. */
    {
        eeszt_otp_policy policy;
        eeszt_otp_state state;
        uint64_t now = 1111111111, step = 0, until;
        int64_t drift = 0;
        char behind[EESZT_OTP_CODE_BUFFER_SIZE];
        memset(&state, 0, sizeof state);
        CHECK(eeszt_otp_policy_default(&policy));
        EXPECT(policy.past_steps == 1 && policy.future_steps == 1);
        EXPECT(policy.max_failures == 3 && policy.lockout_secs == 900);
        CHECK(eeszt_otp_key_new(SEED20, 20, EESZT_OTP_SHA1, 6, 30, 0, 0, &key));
        CHECK(eeszt_otp_totp(key, now - 30, behind, sizeof behind, NULL));
        CHECK(eeszt_otp_verify_totp(key, &policy, &state, behind, now, &step, &drift));
        EXPECT(drift == -1 && step == now / 30 - 1 && state.has_last_step && state.last_step == step);
        EXPECT_RC(eeszt_otp_verify_totp(key, NULL, &state, behind, now, NULL, NULL), EESZT_ERR_OTP_CODE_REUSED);
        EXPECT(state.failures == 1);
        EXPECT_RC(eeszt_otp_verify_totp(key, NULL, &state, "12345", now, NULL, NULL), EESZT_ERR_OTP_CODE_LENGTH);
        EXPECT_RC(eeszt_otp_verify_totp(key, NULL, &state, "12a456", now, NULL, NULL), EESZT_ERR_OTP_CODE_NOT_DIGITS);
        EXPECT(state.failures == 1);
        EXPECT_RC(eeszt_otp_verify_totp(key, NULL, &state, "000000", now, NULL, NULL), EESZT_ERR_OTP_WRONG_CODE);
        CHECK(eeszt_last_error_message(EESZT_LANG_HU, buf, sizeof buf, NULL));
        printf("wrong code (hu): %s\n", buf);
        EXPECT_RC(eeszt_otp_verify_totp(key, NULL, &state, "000000", now, NULL, NULL), EESZT_ERR_OTP_LOCKED);
        EXPECT(state.is_locked && state.locked_until == now + 900);
        until = state.locked_until;
        CHECK(eeszt_otp_totp(key, until - 1, code, sizeof code, NULL));
        EXPECT_RC(eeszt_otp_verify_totp(key, NULL, &state, code, until - 1, NULL, NULL), EESZT_ERR_OTP_LOCKED);
        CHECK(eeszt_otp_totp(key, until, code, sizeof code, NULL));
        CHECK(eeszt_otp_verify_totp(key, NULL, &state, code, until, &step, &drift));
        EXPECT(drift == 0 && state.failures == 0 && !state.is_locked);
        eeszt_otp_key_free(key);
        printf("verify: drift, replay, lockout and unlock as expected\n");
    }

    /* HOTP verification moves the caller's counter. */
    {
        eeszt_otp_state state;
        uint64_t step = 0;
        int64_t drift = 0;
        memset(&state, 0, sizeof state);
        CHECK(eeszt_otp_key_new(SEED20, 20, EESZT_OTP_SHA1, 6, 30, 0, 0, &key));
        CHECK(eeszt_otp_verify_hotp(key, NULL, &state, "338314", 0, &step, &drift));
        EXPECT(step == 4 && drift == 4 && state.counter == 5);
        eeszt_otp_key_free(key);
    }

#if defined(EESZT_STORE)
    /* A shared state store: the same code is accepted once, the replay refused; the state lives in
       the database (here in memory; "sqlite:PATH" or "postgres://..." for several servers). */
    {
        eeszt_otp_store *store = NULL;
        eeszt_otp_store *bad = NULL;
        uint64_t step = 0;
        int64_t drift = 0;
        CHECK(eeszt_otp_store_open("memory:", &store));
        CHECK(eeszt_otp_key_new(SEED20, 20, EESZT_OTP_SHA1, 6, 30, 0, 0, &key));
        CHECK(eeszt_otp_totp(key, 1111111111, code, sizeof code, NULL));
        CHECK(eeszt_otp_verify_totp_store(store, key, NULL, "O95745", code, 1111111111, &step, &drift));
        EXPECT(step == 37037037 && drift == 0);
        EXPECT_RC(eeszt_otp_verify_totp_store(store, key, NULL, "O95745", code, 1111111111, NULL, NULL),
                  EESZT_ERR_OTP_CODE_REUSED);
        /* Another user's state is separate. */
        CHECK(eeszt_otp_verify_totp_store(store, key, NULL, "O11111", code, 1111111111, NULL, NULL));
        /* HOTP: the stored counter moves. */
        CHECK(eeszt_otp_verify_hotp_store(store, key, NULL, "hotp-user", "755224", 0, &step, NULL));
        EXPECT(step == 0);
        EXPECT_RC(eeszt_otp_verify_hotp_store(store, key, NULL, "hotp-user", "755224", 0, NULL, NULL),
                  EESZT_ERR_OTP_CODE_REUSED);
        EXPECT_RC(eeszt_otp_verify_totp_store(store, key, NULL, "", code, 1111111111, NULL, NULL),
                  EESZT_ERR_OTP_STORE_USER);
        EXPECT_RC(eeszt_otp_store_open("mysql://x", &bad), EESZT_ERR_OTP_STORE_CONN_STRING);
        EXPECT(bad == NULL);
        eeszt_otp_key_free(key);
        eeszt_otp_store_free(store);
        eeszt_otp_store_free(NULL);
        printf("store: one code accepted once\n");
    }
#endif

    /* Enrollment: a generated key, its URI and the QR code as SVG. */
    {
        char *svg;
        CHECK(eeszt_otp_key_generate(EESZT_OTP_SHA1, 6, 30, &key));
        CHECK(eeszt_otp_key_uri(key, "EESZT", "o95745", EESZT_OTP_URI_TOTP, 0, buf, sizeof buf, NULL));
        EXPECT(strncmp(buf, "otpauth://totp/EESZT:o95745?secret=", 35) == 0);
        EXPECT_RC(eeszt_otp_qr_svg(buf, NULL, 0, &needed), EESZT_ERR_BUFFER_TOO_SMALL);
        svg = (char *)malloc(needed);
        EXPECT(svg != NULL);
        CHECK(eeszt_otp_qr_svg(buf, svg, needed, NULL));
        EXPECT(strstr(svg, "<svg") != NULL);
        printf("QR SVG: %zu bytes\n", strlen(svg));
        free(svg);
        EXPECT_RC(eeszt_otp_key_uri(key, "A:B", "x", EESZT_OTP_URI_TOTP, 0, buf, sizeof buf, NULL), EESZT_ERR_OTP_ISSUER_COLON);
        EXPECT_RC(eeszt_otp_key_uri(key, NULL, "x", 7, 0, buf, sizeof buf, NULL), EESZT_ERR_INVALID_ARGUMENT);
        eeszt_otp_key_free(key);
    }

    /* Error paths: nothing is written to `out` on failure. */
    key = NULL;
    EXPECT_RC(eeszt_otp_key_new(SEED20, 10, EESZT_OTP_SHA1, 6, 30, 0, 0, &key), EESZT_ERR_OTP_KEY_TOO_SHORT);
    EXPECT(key == NULL);
    CHECK(eeszt_otp_key_new(SEED20, 10, EESZT_OTP_SHA1, 6, 30, 0, EESZT_OTP_ALLOW_SHORT_KEY, &key));
    eeszt_otp_key_free(key);
    key = NULL;
    EXPECT_RC(eeszt_otp_key_new(SEED20, 20, 3, 6, 30, 0, 0, &key), EESZT_ERR_INVALID_ARGUMENT);
    EXPECT_RC(eeszt_otp_key_new(SEED20, 20, EESZT_OTP_SHA1, 6, 30, 0, 8, &key), EESZT_ERR_INVALID_ARGUMENT);
    EXPECT_RC(eeszt_otp_key_new(SEED20, 20, EESZT_OTP_SHA1, 5, 30, 0, 0, &key), EESZT_ERR_OTP_BAD_DIGITS);
    EXPECT_RC(eeszt_otp_key_new(SEED20, 20, EESZT_OTP_SHA1, 6, 0, 0, 0, &key), EESZT_ERR_OTP_BAD_PERIOD);
    EXPECT_RC(eeszt_otp_key_new(NULL, 20, EESZT_OTP_SHA1, 6, 30, 0, 0, &key), EESZT_ERR_NULL);
    EXPECT_RC(eeszt_otp_key_new(SEED20, 20, EESZT_OTP_SHA1, 6, 30, 0, 0, NULL), EESZT_ERR_NULL);
    EXPECT_RC(eeszt_otp_key_from_base32("GEZ1", EESZT_OTP_SHA1, 6, 30, 0, 0, &key), EESZT_ERR_OTP_BASE32_CHAR);
    EXPECT_RC(eeszt_otp_key_from_uri("https://x", 0, &key, NULL), EESZT_ERR_OTP_URI_SCHEME);
    EXPECT_RC(eeszt_otp_key_from_uri("otpauth://totp/A:a?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=B", 0, &key, NULL),
              EESZT_ERR_OTP_URI_ISSUER_MISMATCH);
    EXPECT(key == NULL);
    EXPECT_RC(eeszt_otp_hotp(NULL, 0, code, sizeof code, NULL), EESZT_ERR_NULL);
    CHECK(eeszt_otp_key_new(SEED20, 20, EESZT_OTP_SHA1, 6, 30, 100, 0, &key));
    EXPECT_RC(eeszt_otp_totp(key, 99, code, sizeof code, NULL), EESZT_ERR_OTP_TIME_BEFORE_START);
    EXPECT_RC(eeszt_otp_verify_totp(key, NULL, NULL, "123456", 200, NULL, NULL), EESZT_ERR_NULL);
    eeszt_otp_key_free(key);
    eeszt_otp_key_free(NULL);
    printf("otp: all expectations hold\n");
    return 0;
}
