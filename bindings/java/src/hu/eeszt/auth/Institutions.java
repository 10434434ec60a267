package hu.eeszt.auth;

import com.sun.jna.ptr.PointerByReference;

/** An institution list loaded from the portal's JSON. */
public final class Institutions extends NativeHandle {
    /** Institution fields (EESZT_INSTITUTION_FIELD_*). */
    public enum Field { PROVIDER, SITE, UNIT, NAME }

    private Institutions(PointerByReference out, int r) {
        super(Lib.made(r, out), Lib.C::eeszt_id_institutions_free);
    }

    /** Loads the list. */
    public static Institutions fromJson(String json) {
        PointerByReference out = new PointerByReference();
        return new Institutions(out, Lib.C.eeszt_id_institutions_from_json(Lib.utf8(json), out));
    }

    /** The number of choices, the final "no institution" included. */
    public int count() {
        Lib.SizeTByReference c = new Lib.SizeTByReference();
        return use(p -> {
            Lib.check(Lib.C.eeszt_id_institutions_count(p, c));
            return (int) c.getValue();
        });
    }

    /** One field of choice index ("" where it has none). */
    public String field(int index, Field field) {
        return use(p -> Lib.text((b, l, n) -> Lib.C.eeszt_id_institutions_field(p, new Lib.SizeT(index), field.ordinal(), b, l, n)));
    }
}
