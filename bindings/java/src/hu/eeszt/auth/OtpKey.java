package hu.eeszt.auth;

import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/** An OTP key (HOTP/TOTP). The secret lives in the library and is wiped when the key is closed. */
public final class OtpKey extends NativeHandle {
    /** HMAC algorithms (EESZT_OTP_SHA*). */
    public enum Algorithm { SHA1, SHA256, SHA512 }

    private OtpKey(PointerByReference out, int r) {
        super(Lib.made(r, out), Lib.C::eeszt_otp_key_free);
    }

    /** A key from the raw secret (at least 16 bytes); TOTP period 30 s. */
    public static OtpKey fromBytes(byte[] secret, Algorithm algorithm, int digits) {
        PointerByReference out = new PointerByReference();
        int len = secret == null ? 0 : secret.length;
        return new OtpKey(out, Lib.C.eeszt_otp_key_new(secret, new Lib.SizeT(len), algorithm.ordinal(), digits, 30, 0, 0, out));
    }

    /** A key from a base32 setup key (lower case, spaces, hyphens accepted). */
    public static OtpKey fromBase32(String base32, Algorithm algorithm, int digits) {
        PointerByReference out = new PointerByReference();
        return new OtpKey(out, Lib.C.eeszt_otp_key_from_base32(Lib.utf8(base32), algorithm.ordinal(), digits, 30, 0, 0, out));
    }

    /** A key from an otpauth:// URI; counter (may be null) receives an hotp URI's initial counter. */
    public static OtpKey fromUri(String uri, long[] counter) {
        PointerByReference out = new PointerByReference();
        LongByReference c = new LongByReference();
        OtpKey k = new OtpKey(out, Lib.C.eeszt_otp_key_from_uri(Lib.utf8(uri), 0, out, c));
        if (counter != null && counter.length > 0) {
            counter[0] = c.getValue();
        }
        return k;
    }

    /** The HOTP code for counter. */
    public String hotp(long counter) {
        return use(p -> Lib.text((b, l, n) -> Lib.C.eeszt_otp_hotp(p, counter, b, l, n)));
    }

    /** The TOTP code valid at unixTime. */
    public String totp(long unixTime) {
        return use(p -> Lib.text((b, l, n) -> Lib.C.eeszt_otp_totp(p, unixTime, b, l, n)));
    }

    /**
     * Verifies a TOTP code with the default policy and updates state (store it afterwards, whatever
     * the outcome). Returns the matched step; throws EesztException (for example OTP_CODE_REUSED).
     */
    public long verifyTotp(String code, long unixTime, OtpState state) {
        return verify(code, unixTime, state, true);
    }

    /** Verifies an HOTP code against state.counter (and the look-ahead); returns the matched counter. */
    public long verifyHotp(String code, long unixTime, OtpState state) {
        return verify(code, unixTime, state, false);
    }

    private long verify(String code, long unixTime, OtpState state, boolean totp) {
        Lib.OtpStateStruct s = state.toStruct();
        LongByReference step = new LongByReference(), drift = new LongByReference();
        int r = use(p -> totp ? Lib.C.eeszt_otp_verify_totp(p, null, s, Lib.utf8(code), unixTime, step, drift)
                : Lib.C.eeszt_otp_verify_hotp(p, null, s, Lib.utf8(code), unixTime, step, drift));
        state.from(s); // JNA reads the struct back after the call
        Lib.check(r);
        return step.getValue();
    }
}
