/* A PACE peer built on OpenPACE's libeac (GPL; used by tests only, never linked into eeszt-auth).
 *
 * Usage: pace_peer chip|terminal EF_CARDACCESS_HEX pin|can|puk PASSWORD
 * Speaks one line per message on stdin/stdout, hex encoded:
 *   chip:     -> NONCE z;  <- MAP pk;  -> MAP pk;  <- KEY pk;  -> KEY pk;  <- TOKEN t;  -> TOKEN t | FAIL
 *   terminal: <- NONCE z;  -> MAP pk;  <- MAP pk;  -> KEY pk;  <- KEY pk;  -> TOKEN t;  <- TOKEN t
 * then "KEYS k_enc k_mac"; then a secure-messaging check: reads the lines "SMHDR", "SMDO87", "SMDO97",
 * "SMMAC" of a protected command (header CLA INS P1 P2, its DO 87 and DO 97, the MAC value) and answers
 * "SMCMD OK", then protects the response data 0102030405 with status 9000 as "SMRSP87", "SMRSP99",
 * "SMRSPMAC" (the DO 87, the DO 99, the MAC value). Memory is not freed: the process ends at once.
 * Exit status 0 on success, 1 on a protocol failure. */
#include <eac/eac.h>
#include <eac/pace.h>
#include <openssl/buffer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unhex(const char *s, BUF_MEM **out) {
    size_t n = strlen(s) / 2, i;
    BUF_MEM *b = BUF_MEM_new();
    if (!b || !BUF_MEM_grow(b, n)) return 0;
    for (i = 0; i < n; i++) {
        unsigned int v;
        if (sscanf(s + 2 * i, "%2x", &v) != 1) return 0;
        b->data[i] = (char)v;
    }
    b->length = n;
    *out = b;
    return 1;
}

static void put(const char *tag, const BUF_MEM *b) {
    size_t i;
    printf("%s ", tag);
    for (i = 0; i < b->length; i++) printf("%02X", (unsigned char)b->data[i]);
    printf("\n");
    fflush(stdout);
}

static BUF_MEM *get(const char *tag) {
    static char line[8192];
    BUF_MEM *b = NULL;
    size_t t = strlen(tag);
    if (!fgets(line, sizeof line, stdin)) return NULL;
    line[strcspn(line, "\r\n")] = 0;
    if (strncmp(line, tag, t) != 0 || line[t] != ' ') return NULL;
    if (!unhex(line + t + 1, &b)) return NULL;
    return b;
}

static int fail(const char *why) {
    printf("FAIL %s\n", why);
    fflush(stdout);
    return 1;
}

static BUF_MEM *cat(const BUF_MEM *a, const BUF_MEM *b) {
    BUF_MEM *c = BUF_MEM_new();
    BUF_MEM_grow(c, a->length + b->length);
    memcpy(c->data, a->data, a->length);
    memcpy(c->data + a->length, b->data, b->length);
    c->length = a->length + b->length;
    return c;
}

static BUF_MEM *tlv(unsigned char tag, const unsigned char *prefix, size_t plen, const BUF_MEM *v) {
    BUF_MEM *o = BUF_MEM_new();
    size_t n = plen + v->length;
    BUF_MEM_grow(o, n + 2);
    o->data[0] = (char)tag;
    o->data[1] = (char)n;
    memcpy(o->data + 2, prefix, plen);
    memcpy(o->data + 2 + plen, v->data, v->length);
    o->length = n + 2;
    return o;
}

int main(int argc, char **argv) {
    BUF_MEM *ca, *z, *mymap, *peermap, *mypub, *peerpub, *mytok, *peertok;
    EAC_CTX *ctx;
    PACE_SEC *sec;
    enum s_type type;
    int chip;
    if (argc != 5) return 2;
    chip = strcmp(argv[1], "chip") == 0;
    type = strcmp(argv[3], "can") == 0 ? PACE_CAN : strcmp(argv[3], "puk") == 0 ? PACE_PUK : PACE_PIN;
    EAC_init();
    ctx = EAC_CTX_new();
    if (!ctx || !unhex(argv[2], &ca) ||
        !EAC_CTX_init_ef_cardaccess((unsigned char *)ca->data, ca->length, ctx))
        return fail("init");
    sec = PACE_SEC_new(argv[4], strlen(argv[4]), type);
    if (!sec) return fail("secret");
    if (chip) {
        z = PACE_STEP1_enc_nonce(ctx, sec);
        if (!z) return fail("nonce");
        put("NONCE", z);
        if (!(peermap = get("MAP"))) return fail("read map");
        if (!(mymap = PACE_STEP3A_generate_mapping_data(ctx))) return fail("mapping data");
        if (!PACE_STEP3A_map_generator(ctx, peermap)) return fail("map");
        put("MAP", mymap);
        if (!(peerpub = get("KEY"))) return fail("read key");
        if (!(mypub = PACE_STEP3B_generate_ephemeral_key(ctx))) return fail("ephemeral");
        if (!PACE_STEP3B_compute_shared_secret(ctx, peerpub)) return fail("shared");
        if (!PACE_STEP3C_derive_keys(ctx)) return fail("derive");
        put("KEY", mypub);
        if (!(peertok = get("TOKEN"))) return fail("read token");
        if (PACE_STEP3D_verify_authentication_token(ctx, peertok) != 1) return fail("token");
        if (!(mytok = PACE_STEP3D_compute_authentication_token(ctx, peerpub))) return fail("own token");
        put("TOKEN", mytok);
    } else {
        if (!(z = get("NONCE"))) return fail("read nonce");
        if (!PACE_STEP2_dec_nonce(ctx, sec, z)) return fail("nonce");
        if (!(mymap = PACE_STEP3A_generate_mapping_data(ctx))) return fail("mapping data");
        put("MAP", mymap);
        if (!(peermap = get("MAP"))) return fail("read map");
        if (!PACE_STEP3A_map_generator(ctx, peermap)) return fail("map");
        if (!(mypub = PACE_STEP3B_generate_ephemeral_key(ctx))) return fail("ephemeral");
        put("KEY", mypub);
        if (!(peerpub = get("KEY"))) return fail("read key");
        if (!PACE_STEP3B_compute_shared_secret(ctx, peerpub)) return fail("shared");
        if (!PACE_STEP3C_derive_keys(ctx)) return fail("derive");
        if (!(mytok = PACE_STEP3D_compute_authentication_token(ctx, peerpub))) return fail("own token");
        put("TOKEN", mytok);
        if (!(peertok = get("TOKEN"))) return fail("read token");
        if (PACE_STEP3D_verify_authentication_token(ctx, peertok) != 1) return fail("token");
    }
    if (!EAC_CTX_set_encryption_ctx(ctx, EAC_ID_PACE)) return fail("sm ctx");
    printf("KEYS ");
    {
        size_t i;
        for (i = 0; i < ctx->key_ctx->k_enc->length; i++) printf("%02X", (unsigned char)ctx->key_ctx->k_enc->data[i]);
        printf(" ");
        for (i = 0; i < ctx->key_ctx->k_mac->length; i++) printf("%02X", (unsigned char)ctx->key_ctx->k_mac->data[i]);
        printf("\n");
        fflush(stdout);
    }
    /* Secure messaging: check the peer's protected command, protect a response. */
    {
        BUF_MEM *header = get("SMHDR"), *do87 = get("SMDO87"), *do97 = get("SMDO97"), *mac = get("SMMAC");
        BUF_MEM *input, *expect, *plain, *cryptogram, *d87, *d99, *macin, *rmac, *sw;
        unsigned char one = 0x01, sw9000[2] = {0x90, 0x00}, five[5] = {1, 2, 3, 4, 5};
        if (!header || !do87 || !do97 || !mac) return fail("read sm");
        if (!EAC_increment_ssc(ctx)) return fail("ssc");
        input = cat(EAC_add_iso_pad(ctx, header), do87);
        input = EAC_add_iso_pad(ctx, cat(input, do97));
        expect = EAC_authenticate(ctx, input);
        if (!expect || expect->length != mac->length || memcmp(expect->data, mac->data, mac->length) != 0)
            return fail("sm mac");
        printf("SMCMD OK\n");
        if (!EAC_increment_ssc(ctx)) return fail("ssc");
        plain = BUF_MEM_new();
        BUF_MEM_grow(plain, 5);
        memcpy(plain->data, five, 5);
        plain->length = 5;
        cryptogram = EAC_encrypt(ctx, EAC_add_iso_pad(ctx, plain));
        if (!cryptogram) return fail("encrypt");
        d87 = tlv(0x87, &one, 1, cryptogram);
        sw = BUF_MEM_new();
        BUF_MEM_grow(sw, 2);
        memcpy(sw->data, sw9000, 2);
        sw->length = 2;
        d99 = tlv(0x99, NULL, 0, sw);
        macin = EAC_add_iso_pad(ctx, cat(d87, d99));
        rmac = EAC_authenticate(ctx, macin);
        if (!rmac) return fail("sm response mac");
        put("SMRSP87", d87);
        put("SMRSP99", d99);
        put("SMRSPMAC", rmac);
    }
    return 0;
}
