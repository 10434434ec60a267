/* C benchmark: one 6-digit SHA-1 HOTP code through the C ABI (eeszt_otp_hotp), and a TOTP
 * verification with a ±1 window and no match. Prints the median of the batches in ns per call.
 * Built with -O2 against the release static library by `make bench-c`, which also runs its Rust
 * twin (examples/examples/otp_bench.rs) in turn with it.
 * Batches: OTP_BENCH_BATCHES (default 101); calls per batch: OTP_BENCH_CALLS (default 20000; a
 * verification batch is a quarter of that). */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "eeszt_auth.h"

#define MAX_BATCHES 1001

static int env_count(const char *name, int fallback, int max) {
    const char *v = getenv(name);
    long n = v ? strtol(v, NULL, 10) : 0;
    return n > 0 && n <= max ? (int)n : fallback;
}

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static volatile char sink;

int main(void) {
    static const uint8_t seed[] = "12345678901234567890";
    eeszt_otp_key *key = NULL;
    static double samples[MAX_BATCHES];
    const int BATCHES = env_count("OTP_BENCH_BATCHES", 101, MAX_BATCHES);
    const int PER_BATCH = env_count("OTP_BENCH_CALLS", 20000, 100000000);
    char code[EESZT_OTP_CODE_BUFFER_SIZE];
    uint64_t counter = 0;
    int b, i;

    if (eeszt_otp_key_new(seed, 20, EESZT_OTP_SHA1, 6, 30, 0, 0, &key) != EESZT_OK) {
        fprintf(stderr, "key setup failed\n");
        return 1;
    }
    for (b = 0; b < BATCHES; b++) {
        double start = now_ns();
        for (i = 0; i < PER_BATCH; i++) {
            if (eeszt_otp_hotp(key, counter++, code, sizeof code, NULL) != EESZT_OK) {
                return 1;
            }
            sink = code[0];
        }
        samples[b] = (now_ns() - start) / PER_BATCH;
    }
    qsort(samples, BATCHES, sizeof samples[0], cmp_double);
    printf("otp_bench[c]:    eeszt_otp_hotp 6 digits SHA1: median %.1f ns (min %.1f)\n", samples[BATCHES / 2], samples[0]);

    {
        eeszt_otp_state state;
        const uint64_t now = 1700000000;
        char wrong[7] = "000000";
        char c0[EESZT_OTP_CODE_BUFFER_SIZE], c1[EESZT_OTP_CODE_BUFFER_SIZE], c2[EESZT_OTP_CODE_BUFFER_SIZE];
        int n;
        /* Find a code that matches none of the three steps of the window. */
        eeszt_otp_totp(key, now - 30, c0, sizeof c0, NULL);
        eeszt_otp_totp(key, now, c1, sizeof c1, NULL);
        eeszt_otp_totp(key, now + 30, c2, sizeof c2, NULL);
        for (n = 0; strcmp(wrong, c0) == 0 || strcmp(wrong, c1) == 0 || strcmp(wrong, c2) == 0; n++) {
            snprintf(wrong, sizeof wrong, "%06d", (n + 1) % 1000000);
        }
        for (b = 0; b < BATCHES; b++) {
            double start = now_ns();
            for (i = 0; i < PER_BATCH / 4; i++) {
                memset(&state, 0, sizeof state);
                if (eeszt_otp_verify_totp(key, NULL, &state, wrong, now, NULL, NULL) != EESZT_ERR_OTP_WRONG_CODE) {
                    return 1;
                }
            }
            samples[b] = (now_ns() - start) / (PER_BATCH / 4);
        }
        qsort(samples, BATCHES, sizeof samples[0], cmp_double);
        printf("otp_bench[c]:    eeszt_otp_verify_totp ±1 window, no match: median %.1f ns (min %.1f)\n",
               samples[BATCHES / 2], samples[0]);
    }
    eeszt_otp_key_free(key);
    return 0;
}
