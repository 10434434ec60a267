package hu.eeszt.auth;

import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/** A loaded certificate file: DER, PEM or PKCS#12. */
public final class CertBundle extends NativeHandle {
    /** File formats (EESZT_CERT_FORMAT_*). */
    public enum Format { DER, PEM, PKCS12 }

    private CertBundle(PointerByReference out, int r) {
        super(Lib.made(r, out), Lib.C::eeszt_cert_free);
    }

    /** Loads path; password (may be null) opens a PKCS#12 file. */
    public static CertBundle loadFile(String path, String password) {
        PointerByReference out = new PointerByReference();
        return new CertBundle(out, Lib.C.eeszt_cert_load_file(Lib.utf8(path), Lib.utf8(password), out));
    }

    /** The file format. */
    public Format format() {
        IntByReference f = new IntByReference();
        use(p -> {
            Lib.check(Lib.C.eeszt_cert_format(p, f));
            return null;
        });
        return Format.values()[f.getValue()];
    }

    /** The number of certificates. */
    public int certificates() { return counts()[0]; }

    /** The number of private keys. */
    public int keys() { return counts()[1]; }

    private int[] counts() {
        Lib.SizeTByReference c = new Lib.SizeTByReference(), k = new Lib.SizeTByReference();
        use(p -> {
            Lib.check(Lib.C.eeszt_cert_count(p, c, k));
            return null;
        });
        return new int[] {(int) c.getValue(), (int) k.getValue()};
    }

    /** The subject of certificate index ("C=HU, O=..., CN=..."). */
    public String subject(int index) {
        return use(p -> Lib.text((b, l, n) -> Lib.C.eeszt_cert_name(p, new Lib.SizeT(index), 0, b, l, n)));
    }
}
