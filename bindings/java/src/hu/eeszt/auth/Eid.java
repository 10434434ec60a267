package hu.eeszt.auth;

import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/** An eSzemélyi; here the simulated one of a simulator build of the library. */
public final class Eid extends NativeHandle {
    /** PIN states (EESZT_EID_PIN_*). */
    public enum PinState { TRANSPORT, ACTIVE, SUSPENDED, BLOCKED }

    /** The PIN state and the tries left. */
    public static final class Status {
        /** The PIN state. */
        public final PinState state;
        /** Tries left. */
        public final int triesLeft;

        Status(PinState state, int triesLeft) {
            this.state = state;
            this.triesLeft = triesLeft;
        }
    }

    private Eid(PointerByReference out, int r) {
        super(Lib.made(r, out), Lib.C::eeszt_eid_free);
    }

    /** A simulated card: activated (PIN 123456) or new (transport PIN 12345). Simulator builds only. */
    public static Eid simulated(boolean activated, String stateFile) {
        PointerByReference out = new PointerByReference();
        return new Eid(out, Lib.C.eeszt_eid_sim_new(activated ? 1 : 0, Lib.utf8(stateFile), out));
    }

    /** The PIN state and tries left, read without spending a try. */
    public Status status() {
        IntByReference s = new IntByReference(), t = new IntByReference();
        use(p -> {
            Lib.check(Lib.C.eeszt_eid_status(p, s, t));
            return null;
        });
        return new Status(PinState.values()[s.getValue()], t.getValue());
    }
}
