package hu.eeszt.auth;

import com.sun.jna.ptr.PointerByReference;

/** What a login card must chain to and whom it is bound to. A new trust trusts nothing. */
public final class CardTrust extends NativeHandle {
    private CardTrust(PointerByReference out, int r) {
        super(Lib.made(r, out), Lib.C::eeszt_card_trust_free);
    }

    /** An empty trust. */
    public static CardTrust empty() {
        PointerByReference out = new PointerByReference();
        return new CardTrust(out, Lib.C.eeszt_card_trust_new(out));
    }

    /** Trusts the simulator's certificate, bound to O95745. Simulator builds only. */
    public void addSimulator() {
        use(p -> {
            Lib.check(Lib.C.eeszt_card_trust_add_simulator(p));
            return null;
        });
    }
}
