/* Identifiers through the C ABI: every type, valid and invalid input, messages, buffers, the
 * institution choice list. Exits 0 only when every expectation holds. */
#include "check.h"

/* Expects `call` to fail with `expected`, then prints the detailed message in both languages. */
#define EXPECT_FAIL(call, expected)                                                   \
    do {                                                                              \
        char hu_[512], en_[512];                                                      \
        EXPECT_RC(call, expected);                                                    \
        CHECK(eeszt_last_error_message(EESZT_LANG_HU, hu_, sizeof hu_, NULL));        \
        CHECK(eeszt_last_error_message(EESZT_LANG_EN, en_, sizeof en_, NULL));        \
        printf("  %-32s hu: %s\n  %-32s en: %s\n", #expected, hu_, "", en_);          \
    } while (0)

static void user_names(void) {
    char buf[64];
    char msg[512];
    uint32_t profession = 0;
    size_t needed = 0;

    printf("user names\n");
    CHECK(eeszt_id_user_parse(" o95745 ", buf, sizeof buf, &needed, &profession));
    EXPECT(strcmp(buf, "O95745") == 0 && needed == 7 && profession == EESZT_PROFESSION_DOCTOR);
    CHECK(eeszt_id_user_parse("S999888", buf, sizeof buf, NULL, &profession));
    EXPECT(profession == EESZT_PROFESSION_HEALTH_PROFESSIONAL);
    CHECK(eeszt_id_user_parse("X00121", buf, sizeof buf, NULL, NULL));
    CHECK(eeszt_id_profession_name(EESZT_PROFESSION_DOCTOR, EESZT_LANG_HU, buf, sizeof buf, NULL));
    EXPECT(strcmp(buf, "orvos") == 0);
    EXPECT_RC(eeszt_id_profession_name(9u, EESZT_LANG_EN, buf, sizeof buf, NULL), EESZT_ERR_ID_UNKNOWN_PROFESSION);

    /* "O 95745": the message says what to type. */
    profession = 77;
    memset(buf, 'x', sizeof buf);
    EXPECT_RC(eeszt_id_user_parse("O 95745", buf, sizeof buf, &needed, &profession), EESZT_ERR_ID_USER_INNER_SPACE);
    EXPECT(profession == 77 && buf[0] == 'x'); /* outputs untouched on failure */
    CHECK(eeszt_last_error_message(EESZT_LANG_EN, msg, sizeof msg, NULL));
    EXPECT(strcmp(msg, "The user name must not contain spaces. Type: \"O95745\".") == 0);
    CHECK(eeszt_last_error_message(EESZT_LANG_HU, msg, sizeof msg, NULL));
    EXPECT(strstr(msg, "\"O95745\"") != NULL);

    EXPECT_FAIL(eeszt_id_user_parse("", buf, sizeof buf, NULL, NULL), EESZT_ERR_ID_EMPTY);
    CHECK(eeszt_last_error_message(EESZT_LANG_HU, msg, sizeof msg, NULL));
    EXPECT(strcmp(msg, "Ez a mező kötelező.") == 0);
    EXPECT_FAIL(eeszt_id_user_parse("O-95745", buf, sizeof buf, NULL, NULL), EESZT_ERR_ID_USER_PUNCTUATION);
    EXPECT_FAIL(eeszt_id_user_parse("095745", buf, sizeof buf, NULL, NULL), EESZT_ERR_ID_USER_MISSING_PREFIX);
    EXPECT_FAIL(eeszt_id_user_parse("Q95745", buf, sizeof buf, NULL, NULL), EESZT_ERR_ID_USER_UNKNOWN_PREFIX);
    EXPECT_FAIL(eeszt_id_user_parse("O9574", buf, sizeof buf, NULL, NULL), EESZT_ERR_ID_USER_TOO_FEW_DIGITS);
    EXPECT_FAIL(eeszt_id_user_parse("S9998881", buf, sizeof buf, NULL, NULL), EESZT_ERR_ID_USER_TOO_MANY_DIGITS);
    EXPECT_FAIL(eeszt_id_user_parse("O95A45", buf, sizeof buf, NULL, NULL), EESZT_ERR_ID_USER_INVALID_CHARACTER);
    EXPECT_RC(eeszt_id_user_parse(NULL, buf, sizeof buf, NULL, NULL), EESZT_ERR_NULL);
    EXPECT_RC(eeszt_id_user_parse("O\xff", buf, sizeof buf, NULL, NULL), EESZT_ERR_INVALID_UTF8);

    /* Too small a buffer: nothing written, `needed` tells the size. */
    memset(buf, 'x', sizeof buf);
    EXPECT_RC(eeszt_id_user_parse("O95745", buf, 6, &needed, &profession), EESZT_ERR_BUFFER_TOO_SMALL);
    EXPECT(needed == 7 && buf[0] == 'x');
    {
        char *exact = (char *)malloc(needed);
        EXPECT(exact != NULL);
        CHECK(eeszt_id_user_parse("O95745", exact, needed, NULL, NULL));
        EXPECT(strcmp(exact, "O95745") == 0);
        free(exact);
    }
}

static void personal_numbers(void) {
    char buf[64];
    uint32_t y = 0, m = 0, d = 0;

    printf("TAJ and tax ID\n");
    CHECK(eeszt_id_taj_parse("123456788", buf, sizeof buf, NULL));
    EXPECT(strcmp(buf, "123 456 788") == 0);
    CHECK(eeszt_id_taj_parse("037-687-210", buf, sizeof buf, NULL));
    EXPECT(strcmp(buf, "037 687 210") == 0);
    EXPECT_FAIL(eeszt_id_taj_parse("123456789", buf, sizeof buf, NULL), EESZT_ERR_ID_CHECK_DIGIT);
    EXPECT_FAIL(eeszt_id_taj_parse("12345678", buf, sizeof buf, NULL), EESZT_ERR_ID_WRONG_LENGTH);
    EXPECT_FAIL(eeszt_id_taj_parse("123.456.788", buf, sizeof buf, NULL), EESZT_ERR_ID_INVALID_CHARACTER);

    CHECK(eeszt_id_tax_parse_at("8365670003", 2026, 11, 22, buf, sizeof buf, NULL, &y, &m, &d));
    EXPECT(strcmp(buf, "8365670003") == 0 && y == 1967 && m == 2 && d == 13);
    CHECK(eeszt_id_tax_parse("8315022261", buf, sizeof buf, NULL, &y, &m, &d));
    printf("  8315022261: born %04u-%02u-%02u\n", (unsigned)y, (unsigned)m, (unsigned)d);
    CHECK(eeszt_id_tax_parse("8422780135", buf, sizeof buf, NULL, NULL, NULL, NULL));
    EXPECT_FAIL(eeszt_id_tax_parse_at("8123456789", 2026, 11, 22, buf, sizeof buf, NULL, NULL, NULL, NULL),
                EESZT_ERR_ID_CHECK_DIGIT);
    EXPECT_FAIL(eeszt_id_tax_parse_at("7365670003", 2026, 11, 22, buf, sizeof buf, NULL, NULL, NULL, NULL),
                EESZT_ERR_ID_TAX_FIRST_DIGIT);
    /* Born 1967-02-13: "in the future" as of 1967-02-12. */
    EXPECT_FAIL(eeszt_id_tax_parse_at("8365670003", 1967, 2, 12, buf, sizeof buf, NULL, NULL, NULL, NULL),
                EESZT_ERR_ID_TAX_BIRTH_DATE_IN_FUTURE);
    EXPECT_FAIL(eeszt_id_tax_parse_at("8365670003", 2026, 2, 30, buf, sizeof buf, NULL, NULL, NULL, NULL),
                EESZT_ERR_ID_INVALID_DATE);
    /* 8365670020: check sum of the first nine digits is 10, never issued. */
    EXPECT_FAIL(eeszt_id_tax_parse_at("8365670020", 2026, 11, 22, buf, sizeof buf, NULL, NULL, NULL, NULL),
                EESZT_ERR_ID_TAX_REMAINDER_TEN);
}

static void institution_codes(void) {
    char buf[64], unit[16], type[8], code[8];
    size_t needed = 0, unit_needed = 0, type_needed = 0, code_needed = 0;

    printf("institution codes\n");
    CHECK(eeszt_id_provider_parse("032175", buf, sizeof buf, NULL));
    EXPECT(strcmp(buf, "032175") == 0);
    EXPECT_FAIL(eeszt_id_provider_parse("32175", buf, sizeof buf, NULL), EESZT_ERR_ID_WRONG_LENGTH);
    CHECK(eeszt_id_unit_parse("02006a425", buf, sizeof buf, NULL));
    EXPECT(strcmp(buf, "02006A425") == 0);
    EXPECT_FAIL(eeszt_id_unit_parse("0010556-0", buf, sizeof buf, NULL), EESZT_ERR_ID_INVALID_CHARACTER);
    CHECK(eeszt_id_financing_parse("123456789", buf, sizeof buf, NULL));
    EXPECT_FAIL(eeszt_id_financing_parse("12345678", buf, sizeof buf, NULL), EESZT_ERR_ID_WRONG_LENGTH);
    CHECK(eeszt_id_institution_code_parse("0a1b", buf, sizeof buf, NULL));
    EXPECT(strcmp(buf, "0A1B") == 0);
    EXPECT_FAIL(eeszt_id_institution_code_parse("0A1B2", buf, sizeof buf, NULL), EESZT_ERR_ID_WRONG_LENGTH);
    CHECK(eeszt_id_token_parse("GALT12345678", buf, sizeof buf, NULL));
    EXPECT(strcmp(buf, "12345678") == 0);
    CHECK(eeszt_id_token_parse("12345678", buf, sizeof buf, NULL));
    EXPECT_FAIL(eeszt_id_token_parse("GALT", buf, sizeof buf, NULL), EESZT_ERR_ID_WRONG_LENGTH);

    CHECK(eeszt_id_licence_parse("001055630/a1/1300", buf, sizeof buf, &needed, unit, sizeof unit, &unit_needed,
                                 type, sizeof type, &type_needed, code, sizeof code, &code_needed));
    EXPECT(strcmp(buf, "001055630/A1/1300") == 0 && strcmp(unit, "001055630") == 0);
    EXPECT(strcmp(type, "A1") == 0 && strcmp(code, "1300") == 0);
    EXPECT(needed == 18 && unit_needed == 10 && type_needed == 3 && code_needed == 5);
    /* One buffer too small: none is written. */
    memset(buf, 'x', sizeof buf);
    EXPECT_RC(eeszt_id_licence_parse("001055630/A1/1300", buf, sizeof buf, NULL, unit, sizeof unit, NULL,
                                     type, 2, &type_needed, code, sizeof code, NULL),
              EESZT_ERR_BUFFER_TOO_SMALL);
    EXPECT(buf[0] == 'x' && type_needed == 3);
    EXPECT_FAIL(eeszt_id_licence_parse("001055630/A1", buf, sizeof buf, NULL, unit, sizeof unit, NULL, type,
                                       sizeof type, NULL, code, sizeof code, NULL),
                EESZT_ERR_ID_LICENCE_FORMAT);
    EXPECT_FAIL(eeszt_id_licence_parse("001055630/11/1300", buf, sizeof buf, NULL, unit, sizeof unit, NULL, type,
                                       sizeof type, NULL, code, sizeof code, NULL),
                EESZT_ERR_ID_LICENCE_TYPE);
}

static void institution_choices(void) {
    const char *json =
        "{\"institutions\": ["
        "{\"provider\": \"032175\", \"site\": \"Győr\", \"name\": \"PETZ ALADÁR MEGYEI OKTATÓ KÓRHÁZ\"},"
        "{\"provider\": \"032175\", \"site\": \"Győr\", \"unit\": \"001055630\", \"name\": \"Belgyógyászat\"}"
        "]}";
    eeszt_id_institutions *list = NULL;
    size_t count = 0, i;
    uint32_t is_none = 9;
    char buf[256];

    printf("institution choices\n");
    CHECK(eeszt_id_institutions_from_json(json, &list));
    CHECK(eeszt_id_institutions_count(list, &count));
    EXPECT(count == 3);
    for (i = 0; i < count; i++) {
        CHECK(eeszt_id_institutions_label(list, i, EESZT_LANG_HU, buf, sizeof buf, NULL));
        printf("  [%u] %s\n", (unsigned)i, buf);
    }
    CHECK(eeszt_id_institutions_is_none(list, 0, &is_none));
    EXPECT(is_none == 0);
    CHECK(eeszt_id_institutions_is_none(list, 2, &is_none));
    EXPECT(is_none == 1);
    CHECK(eeszt_id_institutions_label(list, 2, EESZT_LANG_HU, buf, sizeof buf, NULL));
    EXPECT(strcmp(buf, "Intézmény nélkül") == 0);
    CHECK(eeszt_id_institutions_field(list, 1, EESZT_INSTITUTION_FIELD_UNIT, buf, sizeof buf, NULL));
    EXPECT(strcmp(buf, "001055630") == 0);
    CHECK(eeszt_id_institutions_field(list, 0, EESZT_INSTITUTION_FIELD_UNIT, buf, sizeof buf, NULL));
    EXPECT(strcmp(buf, "") == 0);
    CHECK(eeszt_id_institutions_field(list, 0, EESZT_INSTITUTION_FIELD_PROVIDER, buf, sizeof buf, NULL));
    EXPECT(strcmp(buf, "032175") == 0);
    CHECK(eeszt_id_institutions_field(list, 2, EESZT_INSTITUTION_FIELD_NAME, buf, sizeof buf, NULL));
    EXPECT(strcmp(buf, "") == 0);
    EXPECT_RC(eeszt_id_institutions_field(list, 0, 4u, buf, sizeof buf, NULL), EESZT_ERR_INVALID_ARGUMENT);
    EXPECT_FAIL(eeszt_id_institutions_is_none(list, 3, &is_none), EESZT_ERR_ID_INSTITUTION_NOT_FOUND);
    EXPECT_RC(eeszt_id_institutions_count(NULL, &count), EESZT_ERR_NULL);
    eeszt_id_institutions_free(list);
    eeszt_id_institutions_free(NULL);

    list = NULL;
    EXPECT_FAIL(eeszt_id_institutions_from_json("[{\"provider\": \"0321\", \"site\": \"a\", \"name\": \"b\"}]", &list),
                EESZT_ERR_ID_WRONG_LENGTH);
    EXPECT_FAIL(eeszt_id_institutions_from_json("{\"institutions\": 1}", &list), EESZT_ERR_ID_INSTITUTION_JSON);
    EXPECT(list == NULL);
    EXPECT_FAIL(eeszt_id_institutions_from_json("[{\"provider\": \"032175\", \"site\": \"a\", \"name\": \"b\"},"
                                                "{\"provider\": \"032175\", \"site\": \"a\", \"name\": \"c\"}]",
                                                &list),
                EESZT_ERR_ID_INSTITUTION_DUPLICATE);
    EXPECT_FAIL(eeszt_id_institutions_from_json("[{\"provider\": \"032175\", \"site\": \"a\", \"name\": \"\"}]", &list),
                EESZT_ERR_ID_INSTITUTION_FIELD_EMPTY);
    EXPECT_RC(eeszt_id_institutions_from_json("[]", NULL), EESZT_ERR_NULL);
}

int main(void) {
    user_names();
    personal_numbers();
    institution_codes();
    institution_choices();
    printf("id: all expectations held\n");
    return 0;
}
