/* Small helpers shared by the C example programs: check a result and report it in plain words. */
#ifndef EESZT_EXAMPLE_CHECK_H
#define EESZT_EXAMPLE_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eeszt_auth.h"

/* Prints the message of `rc` (English) with the call that produced it, then exits with status 1. */
static inline void eeszt_example_fail(const char *what, eeszt_result rc, const char *file, int line) {
    char msg[512];
    if (eeszt_last_error_message(EESZT_LANG_EN, msg, sizeof msg, NULL) != EESZT_OK) {
        if (eeszt_error_message(rc, EESZT_LANG_EN, msg, sizeof msg, NULL) != EESZT_OK) {
            strcpy(msg, "(no message)");
        }
    }
    fprintf(stderr, "%s:%d: %s returned %u: %s\n", file, line, what, (unsigned)rc, msg);
    exit(1);
}

/* Expects `call` to return `expected`. */
#define EXPECT_RC(call, expected)                                                   \
    do {                                                                            \
        eeszt_result rc_ = (call);                                                  \
        if (rc_ != (eeszt_result)(expected)) {                                      \
            fprintf(stderr, "expected %u from: ", (unsigned)(expected));            \
            eeszt_example_fail(#call, rc_, __FILE__, __LINE__);                     \
        }                                                                           \
    } while (0)

/* Expects `call` to succeed. */
#define CHECK(call) EXPECT_RC(call, EESZT_OK)

/* Expects a condition to hold. */
#define EXPECT(cond)                                                                \
    do {                                                                            \
        if (!(cond)) {                                                              \
            fprintf(stderr, "%s:%d: expectation failed: %s\n", __FILE__, __LINE__, #cond); \
            exit(1);                                                                \
        }                                                                           \
    } while (0)

#endif
