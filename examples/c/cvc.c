/* CV certificates (BSI TR-03110): parse a chain made with cvc-create, read every field, verify the
 * chain, and see a tampered certificate, a wrong order, an expired date and malformed input fail. */
#include "check.h"

#define DATA_DIR "eeszt-auth/tests/data/cvc/"

/* Reads a whole file; the caller frees *out. */
static size_t read_file(const char *path, unsigned char **out) {
    FILE *f = fopen(path, "rb");
    long size;
    size_t got;
    EXPECT(f != NULL);
    EXPECT(fseek(f, 0, SEEK_END) == 0);
    size = ftell(f);
    EXPECT(size > 0);
    EXPECT(fseek(f, 0, SEEK_SET) == 0);
    *out = (unsigned char *)malloc((size_t)size);
    EXPECT(*out != NULL);
    got = fread(*out, 1, (size_t)size, f);
    fclose(f);
    EXPECT(got == (size_t)size);
    return got;
}

static void expect_text(eeszt_result (*get)(const eeszt_cvc *, char *, size_t, size_t *), const eeszt_cvc *cert,
                        const char *expected) {
    char buf[256];
    size_t needed = 0;
    CHECK(get(cert, buf, sizeof buf, &needed));
    if (strcmp(buf, expected) != 0) {
        fprintf(stderr, "expected \"%s\", got \"%s\"\n", expected, buf);
        exit(1);
    }
    EXPECT(needed == strlen(expected) + 1);
}

int main(void) {
    unsigned char *chain = NULL, *dv = NULL, *copy = NULL;
    size_t chain_len = read_file(DATA_DIR "chain.cvcerts", &chain);
    size_t dv_len = read_file(DATA_DIR "dv.cvcert", &dv);
    eeszt_cvc *cert = NULL;
    uint32_t role = 99;
    char buf[512];
    size_t needed = 0;

    /* One certificate, field by field. */
    CHECK(eeszt_cvc_parse(dv, dv_len, &cert));
    expect_text(eeszt_cvc_car, cert, "HUCVCA00002");
    expect_text(eeszt_cvc_chr, cert, "HUEESZTDV00001");
    expect_text(eeszt_cvc_terminal_type, cert, "at");
    expect_text(eeszt_cvc_rights, cert, "pin_management,read_dg1,read_dg4,read_dg5");
    expect_text(eeszt_cvc_effective, cert, "2026-07-01");
    expect_text(eeszt_cvc_expiration, cert, "2099-12-31");
    expect_text(eeszt_cvc_public_key_oid, cert, "0.4.0.127.0.7.2.2.2.2.3");
    CHECK(eeszt_cvc_role(cert, &role));
    EXPECT(role == EESZT_CVC_ROLE_DV_DOMESTIC);
    printf("DV certificate HUEESZTDV00001 issued by HUCVCA00002, role %u\n", (unsigned)role);

    /* Encoding gives the same bytes; a short buffer says how much is needed and writes nothing. */
    EXPECT_RC(eeszt_cvc_encode(cert, NULL, 0, &needed), EESZT_ERR_BUFFER_TOO_SMALL);
    EXPECT(needed == dv_len);
    copy = (unsigned char *)malloc(needed);
    EXPECT(copy != NULL);
    CHECK(eeszt_cvc_encode(cert, copy, needed, &needed));
    EXPECT(memcmp(copy, dv, dv_len) == 0);
    EXPECT_RC(eeszt_cvc_chr(cert, buf, 4, &needed), EESZT_ERR_BUFFER_TOO_SMALL);
    EXPECT(needed == strlen("HUEESZTDV00001") + 1);
    eeszt_cvc_free(cert);
    eeszt_cvc_free(NULL);

    /* The whole chain CVCA -> link -> DV -> terminal verifies. */
    CHECK(eeszt_cvc_verify_chain(chain, chain_len, "2026-09-01"));
    printf("chain verified\n");

    /* A flipped signature bit in the last certificate: bad signature, with a message. */
    chain[chain_len - 1] ^= 0x01;
    EXPECT_RC(eeszt_cvc_verify_chain(chain, chain_len, "2026-09-01"), EESZT_ERR_CVC_BAD_SIGNATURE);
    CHECK(eeszt_last_error_message(EESZT_LANG_EN, buf, sizeof buf, NULL));
    printf("tampered: %s\n", buf);
    EXPECT(strstr(buf, "HUEESZTT00001") != NULL);
    chain[chain_len - 1] ^= 0x01;

    /* Without the link the DV names an unknown trust point. */
    {
        /* The committed CVCA and link certificates are 437 bytes each (see data/cvc/README.md). */
        size_t cvca_len = 437, link_len = 437;
        EXPECT(chain_len > cvca_len + link_len);
        {
            unsigned char *no_link = (unsigned char *)malloc(chain_len - link_len);
            EXPECT(no_link != NULL);
            memcpy(no_link, chain, cvca_len);
            memcpy(no_link + cvca_len, chain + cvca_len + link_len, chain_len - cvca_len - link_len);
            EXPECT_RC(eeszt_cvc_verify_chain(no_link, chain_len - link_len, "2026-09-01"),
                      EESZT_ERR_CVC_UNKNOWN_TRUST_POINT);
            free(no_link);
        }
    }

    /* Malformed input and arguments. */
    EXPECT_RC(eeszt_cvc_parse(dv, 100, &cert), EESZT_ERR_CVC_TRUNCATED);
    EXPECT_RC(eeszt_cvc_parse(chain, chain_len, &cert), EESZT_ERR_CVC_TRAILING_DATA);
    EXPECT_RC(eeszt_cvc_parse(NULL, 5, &cert), EESZT_ERR_NULL);
    EXPECT_RC(eeszt_cvc_parse(dv, dv_len, NULL), EESZT_ERR_NULL);
    EXPECT_RC(eeszt_cvc_verify_chain(chain, chain_len, "tomorrow"), EESZT_ERR_INVALID_ARGUMENT);
    EXPECT_RC(eeszt_cvc_verify_chain(chain, 0, "2026-09-01"), EESZT_ERR_CVC_EMPTY_CHAIN);
    EXPECT_RC(eeszt_cvc_role(NULL, &role), EESZT_ERR_NULL);
    dv[0] = 0x30;
    EXPECT_RC(eeszt_cvc_parse(dv, dv_len, &cert), EESZT_ERR_CVC_WRONG_TAG);
    CHECK(eeszt_last_error_message(EESZT_LANG_HU, buf, sizeof buf, NULL));
    printf("wrong tag (hu): %s\n", buf);

    free(copy);
    free(dv);
    free(chain);
    printf("cvc: all expectations held\n");
    return 0;
}
