package hu.eeszt.auth;

import com.sun.jna.ptr.PointerByReference;

/** A card for the login flow. */
public final class LoginCard extends NativeHandle {
    private LoginCard(PointerByReference out, int r) {
        super(Lib.made(r, out), Lib.C::eeszt_login_card_free);
    }

    /** The simulated, activated eSzemélyi (PIN 123456). Simulator builds only. */
    public static LoginCard simulated() {
        PointerByReference out = new PointerByReference();
        return new LoginCard(out, Lib.C.eeszt_login_card_sim_new(null, out));
    }
}
