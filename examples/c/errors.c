/* Every generic error path of the C ABI: NULL, small buffer, unknown code, unknown language, input caps,
 * handles of the wrong type, panic. */
#include "check.h"

int main(void) {
    char buf[512];
    size_t needed = 0;

    const char *version = eeszt_version();
    EXPECT(version != NULL && strlen(version) > 0);
    printf("eeszt-auth %s\n", version);

    /* A known code in both languages; `needed` counts the NUL. */
    CHECK(eeszt_error_message(EESZT_ERR_NULL, EESZT_LANG_EN, buf, sizeof buf, &needed));
    EXPECT(needed == strlen(buf) + 1);
    printf("EESZT_ERR_NULL (en): %s\n", buf);
    CHECK(eeszt_error_message(EESZT_ERR_NULL, EESZT_LANG_HU, buf, sizeof buf, &needed));
    printf("EESZT_ERR_NULL (hu): %s\n", buf);
    CHECK(eeszt_error_message(EESZT_OK, EESZT_LANG_EN, buf, sizeof buf, NULL));
    EXPECT(strcmp(buf, "Success.") == 0);

    /* Buffer too small: nothing written, `needed` tells the size; a second call with it succeeds. */
    memset(buf, 'x', sizeof buf);
    EXPECT_RC(eeszt_error_message(EESZT_ERR_PANIC, EESZT_LANG_HU, buf, 4, &needed), EESZT_ERR_BUFFER_TOO_SMALL);
    EXPECT(buf[0] == 'x' && needed > 4);
    EXPECT_RC(eeszt_error_message(EESZT_ERR_PANIC, EESZT_LANG_HU, NULL, 0, &needed), EESZT_ERR_BUFFER_TOO_SMALL);
    {
        char *exact = (char *)malloc(needed);
        EXPECT(exact != NULL);
        CHECK(eeszt_error_message(EESZT_ERR_PANIC, EESZT_LANG_HU, exact, needed, NULL));
        EXPECT(strlen(exact) + 1 == needed);
        free(exact);
    }
    /* The library remembers the detailed message of the failure above. */
    CHECK(eeszt_last_error_message(EESZT_LANG_EN, buf, sizeof buf, NULL));
    printf("last error: %s\n", buf);
    EXPECT(strstr(buf, "too small") != NULL);

    /* Unknown code and unknown language. */
    EXPECT_RC(eeszt_error_message(999999u, EESZT_LANG_EN, buf, sizeof buf, &needed), EESZT_ERR_UNKNOWN_CODE);
    EXPECT_RC(eeszt_error_message(EESZT_ERR_NULL, 7u, buf, sizeof buf, &needed), EESZT_ERR_UNKNOWN_LANG);
    EXPECT_RC(eeszt_error_name(424242u, buf, sizeof buf, NULL), EESZT_ERR_UNKNOWN_CODE);
    CHECK(eeszt_error_name(EESZT_ERR_BUFFER_TOO_SMALL, buf, sizeof buf, NULL));
    EXPECT(strcmp(buf, "BUFFER_TOO_SMALL") == 0);
    EXPECT_RC(eeszt_last_error_message(99u, buf, sizeof buf, NULL), EESZT_ERR_UNKNOWN_LANG);

    /* Every code 1..9999 either has both messages and a name, or is unknown. */
    {
        unsigned code, known = 0;
        for (code = 1; code < 10000; code++) {
            eeszt_result rc = eeszt_error_message(code, EESZT_LANG_HU, buf, sizeof buf, NULL);
            if (rc == EESZT_ERR_UNKNOWN_CODE) continue;
            EXPECT(rc == EESZT_OK && buf[0] != '\0');
            CHECK(eeszt_error_message(code, EESZT_LANG_EN, buf, sizeof buf, NULL));
            CHECK(eeszt_error_name(code, buf, sizeof buf, NULL));
            known++;
        }
        printf("%u known error codes, each with Hungarian and English messages\n", known);
    }

    {
        /* Input caps: a length the buffer cannot have is refused before anything is read. */
        static const uint8_t secret[20] = {'1', '2', '3', '4', '5', '6', '7', '8', '9', '0',
                                           '1', '2', '3', '4', '5', '6', '7', '8', '9', '0'};
        eeszt_otp_key *key = NULL;
        EXPECT_RC(eeszt_otp_key_new(secret, SIZE_MAX, EESZT_OTP_SHA1, 6, 30, 0, 0, &key),
                  EESZT_ERR_INPUT_TOO_LONG);
        EXPECT_RC(eeszt_otp_key_new(secret, EESZT_MAX_INPUT_LEN + 1, EESZT_OTP_SHA1, 6, 30, 0, 0, &key),
                  EESZT_ERR_INPUT_TOO_LONG);
        EXPECT(key == NULL);
        CHECK(eeszt_otp_key_new(secret, sizeof secret, EESZT_OTP_SHA1, 6, 30, 0, 0, &key));

        /* Tagged handles: a handle of another type is refused, and its _free frees nothing. */
        eeszt_id_institutions *list = NULL;
        CHECK(eeszt_id_institutions_from_json(
            "[{\"provider\": \"123456\", \"site\": \"a\", \"unit\": null, \"name\": \"b\"}]", &list));
        size_t count = 0;
        EXPECT_RC(eeszt_id_institutions_count((const eeszt_id_institutions *)(const void *)key, &count),
                  EESZT_ERR_INVALID_HANDLE);
        eeszt_id_institutions_free((eeszt_id_institutions *)(void *)key);
        CHECK(eeszt_last_error_message(EESZT_LANG_EN, buf, sizeof buf, NULL));
        printf("wrong handle type: %s\n", buf);
        char code[EESZT_OTP_CODE_BUFFER_SIZE];
        CHECK(eeszt_otp_hotp(key, 0, code, sizeof code, NULL)); /* the key survived */
        EXPECT(strcmp(code, "755224") == 0);
        CHECK(eeszt_id_institutions_count(list, &count));
        eeszt_id_institutions_free(list);
        eeszt_otp_key_free(key);
    }

#ifdef EESZT_TESTING
    /* A panic inside the library comes back as a code, not an abort. */
    EXPECT_RC(eeszt_test_panic(), EESZT_ERR_PANIC);
    CHECK(eeszt_last_error_message(EESZT_LANG_EN, buf, sizeof buf, NULL));
    printf("after a caught panic: %s\n", buf);
#endif
    printf("errors: all generic error paths behave\n");
    return 0;
}
