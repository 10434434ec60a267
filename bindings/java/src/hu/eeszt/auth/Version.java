package hu.eeszt.auth;

/** The library version. */
public final class Version {
    private Version() {}

    /** The version of the loaded C library, for example "0.1.0" (a static string: read, never freed). */
    public static String get() {
        return Lib.C.eeszt_version().getString(0, "UTF-8");
    }
}
