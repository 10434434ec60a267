/* Certificates through the C ABI: load the committed demo client certificate (PKCS#12, password
 * "Árvíztűrő") with right and wrong passwords, read what it holds, check its readiness for mutual
 * TLS at fixed dates, and the error paths (bad input, NULL, small buffers, bad indexes).
 * Run from the repository root. Exits 0 only when every expectation holds. */
#include <stdint.h>

#include "check.h"

#define P12 "eeszt-auth/tests/data/cert/demo_client.p12"
#define DER "eeszt-auth/tests/data/cert/demo_client.der"
#define PASSWORD "\xc3\x81rv\xc3\xadzt\xc5\xb1r\xc5\x91" /* "Árvíztűrő" in UTF-8 */
#define AT_2030 1893456000ull                           /* 2030-01-01T00:00:00Z */

/* Reads a whole file into a malloc'd buffer. */
static unsigned char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    unsigned char *data;
    long size;
    EXPECT(f != NULL);
    EXPECT(fseek(f, 0, SEEK_END) == 0);
    size = ftell(f);
    EXPECT(size > 0);
    EXPECT(fseek(f, 0, SEEK_SET) == 0);
    data = (unsigned char *)malloc((size_t)size);
    EXPECT(data != NULL);
    EXPECT(fread(data, 1, (size_t)size, f) == (size_t)size);
    fclose(f);
    *len = (size_t)size;
    return data;
}

/* Prints one certificate of the bundle. */
static void print_certificate(const eeszt_cert_bundle *b, size_t i) {
    char text[1024];
    unsigned char fp[32];
    size_t needed = 0, count = 0, a;
    int64_t not_before = 0, not_after = 0;
    uint32_t bits = 0;
    bool is_ca = false;

    CHECK(eeszt_cert_name(b, i, EESZT_CERT_SUBJECT, text, sizeof text, &needed));
    EXPECT(needed == strlen(text) + 1);
    printf("[%u] subject: %s\n", (unsigned)i + 1, text);
    CHECK(eeszt_cert_attribute_count(b, i, EESZT_CERT_SUBJECT, &count));
    for (a = 0; a < count; a++) {
        char oid[64], value[256];
        CHECK(eeszt_cert_attribute(b, i, EESZT_CERT_SUBJECT, a, EESZT_CERT_ATTR_OID, oid, sizeof oid, NULL));
        CHECK(eeszt_cert_attribute(b, i, EESZT_CERT_SUBJECT, a, EESZT_CERT_ATTR_VALUE, value, sizeof value, NULL));
        printf("    %s = %s\n", oid, value);
    }
    CHECK(eeszt_cert_name(b, i, EESZT_CERT_ISSUER, text, sizeof text, NULL));
    printf("    issuer: %s\n", text);
    CHECK(eeszt_cert_serial(b, i, text, sizeof text, NULL));
    printf("    serial: %s\n", text);
    CHECK(eeszt_cert_validity(b, i, &not_before, &not_after));
    EXPECT(not_before < not_after);
    CHECK(eeszt_cert_public_key(b, i, text, sizeof text, NULL, &bits));
    printf("    key: %s %u bits\n", text, (unsigned)bits);
    CHECK(eeszt_cert_is_ca(b, i, &is_ca));
    CHECK(eeszt_cert_sha256(b, i, fp, sizeof fp, &needed));
    EXPECT(needed == 32);
    printf("    CA: %s, SHA-256 starts %02x%02x%02x%02x\n", is_ca ? "yes" : "no", fp[0], fp[1], fp[2], fp[3]);
}

int main(void) {
    eeszt_cert_bundle *bundle = NULL;
    eeszt_cert_readiness *report = NULL;
    char text[4096];
    size_t needed = 0, certs = 0, keys = 0, links = 0, i;
    uint32_t format = 99, flags = 0, key = 99, client_auth = 99, digital_signature = 99, expiry = 99;
    int64_t days_left = 0;
    bool present = false, ready = false, ends_in_root = false;
    size_t leaf = 99;

    /* Wrong and missing passwords: clear errors, nothing written. */
    EXPECT_RC(eeszt_cert_load_file(P12, "Arvizturo", &bundle), EESZT_ERR_CERT_WRONG_PASSWORD);
    EXPECT(bundle == NULL);
    CHECK(eeszt_last_error_message(EESZT_LANG_HU, text, sizeof text, NULL));
    printf("wrong password: %s\n", text);
    EXPECT_RC(eeszt_cert_load_file(P12, NULL, &bundle), EESZT_ERR_CERT_PASSWORD_REQUIRED);
    EXPECT_RC(eeszt_cert_load_file("no/such/file.p12", NULL, &bundle), EESZT_ERR_IO);
    EXPECT_RC(eeszt_cert_load_file(P12, PASSWORD, NULL), EESZT_ERR_NULL);
    EXPECT(bundle == NULL);

    CHECK(eeszt_cert_load_file(P12, PASSWORD, &bundle));
    CHECK(eeszt_cert_format(bundle, &format));
    EXPECT(format == EESZT_CERT_FORMAT_PKCS12);
    CHECK(eeszt_cert_count(bundle, &certs, &keys));
    EXPECT(certs == 3 && keys == 1);
    for (i = 0; i < certs; i++) print_certificate(bundle, i);

    /* The client certificate: clientAuth, digitalSignature, SAN. */
    CHECK(eeszt_cert_key_usage(bundle, 0, &present, &flags));
    EXPECT(present && (flags & 1u));
    CHECK(eeszt_cert_extended_key_usage(bundle, 0, text, sizeof text, NULL, &present));
    EXPECT(present && strcmp(text, "clientAuth") == 0);
    CHECK(eeszt_cert_subject_alt_names(bundle, 0, text, sizeof text, NULL));
    EXPECT(strstr(text, "DNS:his.pelda-korhaz.example") != NULL);
    CHECK(eeszt_cert_qc_statements(bundle, 0, text, sizeof text, &needed));
    EXPECT(needed == 1 && text[0] == '\0');
    CHECK(eeszt_cert_attribute(bundle, 0, EESZT_CERT_SUBJECT, 4, EESZT_CERT_ATTR_NAME, text, sizeof text, NULL));
    EXPECT(strcmp(text, "CN") == 0);

    /* Buffers: too small gives the size needed and leaves the buffer alone. */
    memset(text, 'x', 8);
    EXPECT_RC(eeszt_cert_name(bundle, 0, EESZT_CERT_SUBJECT, text, 4, &needed), EESZT_ERR_BUFFER_TOO_SMALL);
    EXPECT(text[0] == 'x' && needed > 4);
    {
        char *exact = (char *)malloc(needed);
        EXPECT(exact != NULL);
        CHECK(eeszt_cert_name(bundle, 0, EESZT_CERT_SUBJECT, exact, needed, NULL));
        EXPECT(strstr(exact, "WAF-SSL") != NULL);
        free(exact);
    }
    /* Bad indexes and enumeration values. */
    EXPECT_RC(eeszt_cert_serial(bundle, 7, text, sizeof text, NULL), EESZT_ERR_CERT_NO_SUCH_CERTIFICATE);
    EXPECT_RC(eeszt_cert_name(bundle, 0, 5u, text, sizeof text, NULL), EESZT_ERR_INVALID_ARGUMENT);
    EXPECT_RC(eeszt_cert_attribute(bundle, 0, EESZT_CERT_SUBJECT, 99, EESZT_CERT_ATTR_OID, text, sizeof text, NULL),
              EESZT_ERR_INVALID_ARGUMENT);
    EXPECT_RC(eeszt_cert_serial(NULL, 0, text, sizeof text, NULL), EESZT_ERR_NULL);

    /* Readiness at 2030-01-01: ready, the whole chain checked. */
    CHECK(eeszt_cert_check_client(bundle, AT_2030, 30, &report));
    CHECK(eeszt_cert_readiness_status(report, &ready, &key, &client_auth, &digital_signature, &expiry, &days_left,
                                      &leaf));
    EXPECT(ready && key == EESZT_CERT_KEY_MATCHES && client_auth == EESZT_CERT_USAGE_ALLOWED);
    EXPECT(digital_signature == EESZT_CERT_USAGE_ALLOWED && expiry == EESZT_CERT_EXPIRY_VALID);
    EXPECT(days_left > 30000 && leaf == 0);
    CHECK(eeszt_cert_readiness_link_count(report, &links, &ends_in_root));
    EXPECT(links == 3 && ends_in_root);
    for (i = 0; i < links; i++) {
        size_t child = 99, issuer = 99;
        uint32_t check = 99;
        CHECK(eeszt_cert_readiness_link(report, i, &child, &issuer, &check));
        EXPECT(check == EESZT_CERT_SIGNATURE_VALID);
    }
    EXPECT_RC(eeszt_cert_readiness_link(report, links, &i, &i, &flags), EESZT_ERR_INVALID_ARGUMENT);
    CHECK(eeszt_cert_readiness_text(report, EESZT_LANG_EN, text, sizeof text, NULL));
    printf("readiness on 2030-01-01:\n%s\n", text);
    EXPECT_RC(eeszt_cert_readiness_text(report, 9u, text, sizeof text, NULL), EESZT_ERR_UNKNOWN_LANG);
    eeszt_cert_readiness_free(report);
    report = NULL;

    /* Near the end of validity: a warning, still ready; after it: not ready. */
    {
        int64_t nb = 0, na = 0;
        CHECK(eeszt_cert_validity(bundle, 0, &nb, &na));
        CHECK(eeszt_cert_check_client(bundle, (uint64_t)(na - 5 * 86400), 30, &report));
        CHECK(eeszt_cert_readiness_status(report, &ready, NULL, NULL, NULL, &expiry, &days_left, NULL));
        EXPECT(ready && expiry == EESZT_CERT_EXPIRY_SOON && days_left == 5);
        eeszt_cert_readiness_free(report);
        CHECK(eeszt_cert_check_client(bundle, (uint64_t)(na + 86400), 30, &report));
        CHECK(eeszt_cert_readiness_status(report, &ready, NULL, NULL, NULL, &expiry, NULL, NULL));
        EXPECT(!ready && expiry == EESZT_CERT_EXPIRY_EXPIRED);
        CHECK(eeszt_cert_readiness_text(report, EESZT_LANG_HU, text, sizeof text, NULL));
        printf("after expiry (hu):\n%s\n", text);
        eeszt_cert_readiness_free(report);
    }
    eeszt_cert_free(bundle);
    bundle = NULL;

    /* From memory: the DER certificate alone has no key, so it is not ready. */
    {
        size_t len = 0;
        unsigned char *der = read_file(DER, &len);
        CHECK(eeszt_cert_load(der, len, NULL, &bundle));
        CHECK(eeszt_cert_format(bundle, &format));
        EXPECT(format == EESZT_CERT_FORMAT_DER);
        CHECK(eeszt_cert_check_client(bundle, AT_2030, 30, &report));
        CHECK(eeszt_cert_readiness_status(report, &ready, &key, NULL, NULL, NULL, NULL, NULL));
        EXPECT(!ready && key == EESZT_CERT_KEY_MISSING);
        eeszt_cert_readiness_free(report);
        eeszt_cert_free(bundle);
        bundle = NULL;
        /* Truncated, wrong tag, huge length, garbage. */
        EXPECT_RC(eeszt_cert_load(der, len / 2, NULL, &bundle), EESZT_ERR_CERT_TRUNCATED);
        der[4] = 0x31;
        EXPECT_RC(eeszt_cert_load(der, len, NULL, &bundle), EESZT_ERR_CERT_WRONG_TAG);
        {
            static const unsigned char huge[] = {0x30, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
            EXPECT_RC(eeszt_cert_load(huge, sizeof huge, NULL, &bundle), EESZT_ERR_CERT_LENGTH_TOO_LARGE);
        }
        EXPECT_RC(eeszt_cert_load((const unsigned char *)"hello", 5, NULL, &bundle), EESZT_ERR_CERT_UNKNOWN_FORMAT);
        EXPECT_RC(eeszt_cert_load(NULL, 0, NULL, &bundle), EESZT_ERR_CERT_EMPTY);
        EXPECT(bundle == NULL);
        free(der);
    }
    eeszt_cert_free(NULL);
    eeszt_cert_readiness_free(NULL);
    printf("cert: loading, inspection and readiness behave\n");
    return 0;
}
