package hu.eeszt.auth;

import com.sun.jna.ptr.IntByReference;

/** An EESZT user name (for example "O95745"), checked and normalised. */
public final class UserId {
    private final String normalized;
    private final Profession profession;

    private UserId(String normalized, Profession profession) {
        this.normalized = normalized;
        this.profession = profession;
    }

    /** Parses a user name as typed (spaces around and lower case accepted). */
    public static UserId parse(String text) {
        byte[] t = Lib.utf8(text);
        IntByReference p = new IntByReference();
        String norm = Lib.text((b, l, n) -> Lib.C.eeszt_id_user_parse(t, b, l, n, p));
        return new UserId(norm, Profession.of(p.getValue()));
    }

    /** The normalised form, for example "O95745". */
    public String getNormalized() { return normalized; }

    /** The profession its prefix letter names. */
    public Profession getProfession() { return profession; }

    @Override
    public String toString() { return normalized; }
}
