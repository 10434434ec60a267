package hu.eeszt.auth;

/** Health-care professions (EESZT_PROFESSION_*). */
public enum Profession {
    DOCTOR(1), HEALTH_PROFESSIONAL(2), PHARMACIST(3), CLINICAL_PSYCHOLOGIST(4), STAFF(5);

    private final int code;

    Profession(int code) { this.code = code; }

    /** The C value. */
    public int code() { return code; }

    static Profession of(int code) {
        for (Profession p : values()) {
            if (p.code == code) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown profession " + code);
    }

    /** The name in Hungarian ("orvos") or English ("doctor"). */
    public String displayName(boolean hungarian) {
        return Lib.text((b, l, n) -> Lib.C.eeszt_id_profession_name(code, hungarian ? 0 : 1, b, l, n));
    }
}
