package hu.eeszt.auth;

import com.sun.jna.ptr.IntByReference;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Other identifiers: TAJ number and tax ID (adóazonosító jel). */
public final class Ids {
    private Ids() {}

    /** A tax ID's digits and the birth date it encodes. */
    public static final class TaxId {
        /** The ten digits. */
        public final String digits;
        /** The birth date. */
        public final LocalDate birthDate;

        TaxId(String digits, LocalDate birthDate) {
            this.digits = digits;
            this.birthDate = birthDate;
        }
    }

    /** A TAJ number in its normalised form "123 456 788". */
    public static String taj(String text) {
        byte[] t = Lib.utf8(text);
        return Lib.text((b, l, n) -> Lib.C.eeszt_id_taj_parse(t, b, l, n));
    }

    /** A tax ID checked as of today (UTC). */
    public static TaxId tax(String text) {
        return taxAt(text, LocalDate.now(ZoneOffset.UTC));
    }

    /** A tax ID checked as of the given date of today. */
    public static TaxId taxAt(String text, LocalDate today) {
        byte[] t = Lib.utf8(text);
        IntByReference y = new IntByReference(), m = new IntByReference(), d = new IntByReference();
        String digits = Lib.text((b, l, n) -> Lib.C.eeszt_id_tax_parse_at(t, today.getYear(), today.getMonthValue(),
                today.getDayOfMonth(), b, l, n, y, m, d));
        return new TaxId(digits, LocalDate.of(y.getValue(), m.getValue(), d.getValue()));
    }
}
