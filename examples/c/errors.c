/* Every generic error path of the C ABI: NULL, small buffer, unknown code, unknown language, panic. */
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

#ifdef EESZT_TESTING
    /* A panic inside the library comes back as a code, not an abort. */
    EXPECT_RC(eeszt_test_panic(), EESZT_ERR_PANIC);
    CHECK(eeszt_last_error_message(EESZT_LANG_EN, buf, sizeof buf, NULL));
    printf("after a caught panic: %s\n", buf);
#endif
    printf("errors: all generic error paths behave\n");
    return 0;
}
