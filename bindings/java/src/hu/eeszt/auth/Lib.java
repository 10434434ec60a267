package hu.eeszt.auth;

import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.ByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The raw C functions of include/eeszt_auth.h (JNA direct mapping by name). Strings go in and out
 * as NUL-terminated UTF-8 byte arrays, converted here, never by JNA's platform encoding.
 * The library is loaded as "eeszt_auth" (libeeszt_auth.so, eeszt_auth.dll) from jna.library.path,
 * or from the file named by the system property eeszt.library.
 */
interface Lib extends Library {
    Lib C = Native.load(System.getProperty("eeszt.library", "eeszt_auth"), Lib.class);

    int OK = 0, BUFFER_TOO_SMALL = 3;

    /** size_t: 64-bit on 64-bit systems, also on Windows (where NativeLong is 32-bit). */
    final class SizeT extends IntegerType {
        private static final long serialVersionUID = 1L;

        public SizeT() { this(0); }
        public SizeT(long v) { super(Native.SIZE_T_SIZE, v, true); }
    }

    /** size_t *. */
    final class SizeTByReference extends ByReference {
        public SizeTByReference() { super(Native.SIZE_T_SIZE); }
        public long getValue() {
            return Native.SIZE_T_SIZE == 8 ? getPointer().getLong(0) : getPointer().getInt(0) & 0xffffffffL;
        }
    }

    /** struct eeszt_otp_state. */
    @Structure.FieldOrder({"has_last_step", "is_locked", "failures", "last_step", "locked_until", "counter"})
    final class OtpStateStruct extends Structure {
        public byte has_last_step;
        public byte is_locked;
        public int failures;
        public long last_step;
        public long locked_until;
        public long counter;
    }

    /** struct eeszt_login_checks. */
    @Structure.FieldOrder({"signature_verified", "trusted", "bound", "authenticated", "simulated"})
    final class LoginChecksStruct extends Structure {
        public int signature_verified, trusted, bound, authenticated, simulated;
    }

    Pointer eeszt_version();
    int eeszt_error_message(int code, int lang, byte[] buf, SizeT len, SizeTByReference needed);
    int eeszt_error_name(int code, byte[] buf, SizeT len, SizeTByReference needed);
    int eeszt_last_error_message(int lang, byte[] buf, SizeT len, SizeTByReference needed);

    int eeszt_id_user_parse(byte[] text, byte[] buf, SizeT len, SizeTByReference needed, IntByReference profession);
    int eeszt_id_profession_name(int profession, int lang, byte[] buf, SizeT len, SizeTByReference needed);
    int eeszt_id_taj_parse(byte[] text, byte[] buf, SizeT len, SizeTByReference needed);
    int eeszt_id_tax_parse_at(byte[] text, int todayYear, int todayMonth, int todayDay, byte[] buf, SizeT len,
            SizeTByReference needed, IntByReference year, IntByReference month, IntByReference day);
    int eeszt_id_institutions_from_json(byte[] json, PointerByReference out);
    void eeszt_id_institutions_free(Pointer list);
    int eeszt_id_institutions_count(Pointer list, SizeTByReference count);
    int eeszt_id_institutions_field(Pointer list, SizeT index, int field, byte[] buf, SizeT len, SizeTByReference needed);

    int eeszt_otp_key_new(byte[] secret, SizeT len, int algorithm, int digits, long period, long t0, int flags, PointerByReference out);
    int eeszt_otp_key_from_base32(byte[] base32, int algorithm, int digits, long period, long t0, int flags, PointerByReference out);
    int eeszt_otp_key_from_uri(byte[] uri, int flags, PointerByReference out, LongByReference counter);
    void eeszt_otp_key_free(Pointer key);
    int eeszt_otp_hotp(Pointer key, long counter, byte[] buf, SizeT len, SizeTByReference needed);
    int eeszt_otp_totp(Pointer key, long unixTime, byte[] buf, SizeT len, SizeTByReference needed);
    int eeszt_otp_verify_totp(Pointer key, Pointer policy, OtpStateStruct state, byte[] code, long unixTime,
            LongByReference step, LongByReference drift);
    int eeszt_otp_verify_hotp(Pointer key, Pointer policy, OtpStateStruct state, byte[] code, long unixTime,
            LongByReference step, LongByReference drift);

    int eeszt_eid_sim_new(int kind, byte[] stateFile, PointerByReference out);
    void eeszt_eid_free(Pointer eid);
    int eeszt_eid_status(Pointer eid, IntByReference state, IntByReference triesLeft);

    int eeszt_cert_load_file(byte[] path, byte[] password, PointerByReference out);
    void eeszt_cert_free(Pointer bundle);
    int eeszt_cert_format(Pointer bundle, IntByReference format);
    int eeszt_cert_count(Pointer bundle, SizeTByReference certificates, SizeTByReference keys);
    int eeszt_cert_name(Pointer bundle, SizeT index, int which, byte[] buf, SizeT len, SizeTByReference needed);

    int eeszt_login_new(PointerByReference out);
    void eeszt_login_free(Pointer flow);
    int eeszt_login_step(Pointer flow, IntByReference step);
    int eeszt_login_user(Pointer flow, byte[] user);
    int eeszt_login_method(Pointer flow, int method);
    int eeszt_login_card_sim_new(byte[] stateJson, PointerByReference out);
    void eeszt_login_card_free(Pointer card);
    int eeszt_login_card_check(Pointer flow, Pointer card, IntByReference triesLeft);
    int eeszt_login_card_pin(Pointer flow, Pointer card, byte[] pin, byte[] can, byte[] challenge, SizeT challengeLen,
            int consentLastTry, Pointer trust, long unixTime);
    int eeszt_card_trust_new(PointerByReference out);
    void eeszt_card_trust_free(Pointer trust);
    int eeszt_card_trust_add_simulator(Pointer trust);
    int eeszt_login_institution(Pointer flow, byte[] json, int pick, SizeT index, byte[] code, long unixTime);
    int eeszt_login_result_user(Pointer flow, byte[] buf, SizeT len, SizeTByReference needed);
    int eeszt_login_result_info(Pointer flow, IntByReference method, IntByReference profession, LongByReference unixTime);
    int eeszt_login_result_checks(Pointer flow, LoginChecksStruct out);

    /** A call writing a string into (buf, len), reporting the size in needed. */
    interface Fill {
        int call(byte[] buf, SizeT len, SizeTByReference needed);
    }

    /** NUL-terminated UTF-8 (null stays null, so C sees NULL). */
    static byte[] utf8(String s) {
        if (s == null) {
            return null;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(b, b.length + 1);
    }

    static String fromUtf8(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** Probes the size, then copies: the library's buffer convention. */
    static String text(Fill fill) {
        SizeTByReference needed = new SizeTByReference();
        int r = fill.call(null, new SizeT(0), needed);
        if (r != BUFFER_TOO_SMALL && r != OK) {
            throw EesztException.last(r);
        }
        byte[] buf = new byte[(int) needed.getValue()];
        check(fill.call(buf, new SizeT(buf.length), needed));
        return fromUtf8(buf);
    }

    static void check(int r) {
        if (r != OK) {
            throw EesztException.last(r);
        }
    }

    /** A constructor's result: the handle, or the exception of its code. */
    static Pointer made(int r, PointerByReference out) {
        check(r);
        return out.getValue();
    }

}
