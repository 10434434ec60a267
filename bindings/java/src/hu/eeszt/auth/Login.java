package hu.eeszt.auth;

import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/** The portal login flow (fail-closed: see the README, "What authenticated means"). */
public final class Login extends NativeHandle {
    /** Login steps (EESZT_LOGIN_STEP_*). */
    public enum Step { USER, METHOD, CARD, PIN, PASSWORD, OTP, INSTITUTION, DONE }

    /** The outcome of the three card checks. */
    public static final class Checks {
        /** Each check: passed or not. */
        public final boolean signatureVerified, trusted, bound, authenticated, simulated;

        Checks(Lib.LoginChecksStruct c) {
            signatureVerified = c.signature_verified != 0;
            trusted = c.trusted != 0;
            bound = c.bound != 0;
            authenticated = c.authenticated != 0;
            simulated = c.simulated != 0;
        }
    }

    private Login(PointerByReference out, int r) {
        super(Lib.made(r, out), Lib.C::eeszt_login_free);
    }

    /** Starts a login. */
    public static Login start() {
        PointerByReference out = new PointerByReference();
        return new Login(out, Lib.C.eeszt_login_new(out));
    }

    private void call(java.util.function.ToIntFunction<com.sun.jna.Pointer> f) {
        use(p -> {
            Lib.check(f.applyAsInt(p));
            return null;
        });
    }

    /** The step the flow expects next. */
    public Step step() {
        IntByReference s = new IntByReference();
        call(p -> Lib.C.eeszt_login_step(p, s));
        return Step.values()[s.getValue()];
    }

    /** Step 1: the user name as typed. */
    public void user(String user) { call(p -> Lib.C.eeszt_login_user(p, Lib.utf8(user))); }

    /** Step 2: the eID card as method. */
    public void methodCard() { call(p -> Lib.C.eeszt_login_method(p, 0)); }

    /** Step 3a: the card's PIN tries left, without spending one. */
    public int cardCheck(LoginCard card) {
        IntByReference t = new IntByReference();
        card.use(c -> {
            call(p -> Lib.C.eeszt_login_card_check(p, c, t));
            return null;
        });
        return t.getValue();
    }

    /** Step 3a: the PIN, the card's signature over challenge, and the checks against trust. */
    public void cardPin(LoginCard card, String pin, byte[] challenge, CardTrust trust, long unixTime, boolean consentLastTry) {
        card.use(c -> trust.use(t -> {
            call(p -> Lib.C.eeszt_login_card_pin(p, c, Lib.utf8(pin), null, challenge, new Lib.SizeT(challenge.length),
                    consentLastTry ? 1 : 0, t, unixTime));
            return null;
        }));
    }

    /** Step 4: the institution by its code from the portal's list (JSON). */
    public void institution(String institutionsJson, String code, long unixTime) {
        call(p -> Lib.C.eeszt_login_institution(p, Lib.utf8(institutionsJson), 1, new Lib.SizeT(0), Lib.utf8(code), unixTime));
    }

    /** The logged-in user name. */
    public String resultUser() {
        return use(p -> Lib.text((b, l, n) -> Lib.C.eeszt_login_result_user(p, b, l, n)));
    }

    /** The logged-in profession. */
    public Profession resultProfession() {
        IntByReference m = new IntByReference(), pr = new IntByReference();
        LongByReference t = new LongByReference();
        call(p -> Lib.C.eeszt_login_result_info(p, m, pr, t));
        return Profession.of(pr.getValue());
    }

    /** The checks of the accepted login. */
    public Checks resultChecks() {
        Lib.LoginChecksStruct c = new Lib.LoginChecksStruct();
        call(p -> Lib.C.eeszt_login_result_checks(p, c));
        return new Checks(c);
    }
}
