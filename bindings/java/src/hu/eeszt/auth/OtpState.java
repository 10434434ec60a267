package hu.eeszt.auth;

/**
 * One user's OTP verification state (struct eeszt_otp_state): the accepted step, failures, lock and
 * HOTP counter. The caller stores it after every verification, whatever the outcome.
 */
public final class OtpState {
    /** Whether a code was accepted before (lastStep is meaningful). */
    public boolean hasLastStep;
    /** Whether the user is locked out until lockedUntil. */
    public boolean isLocked;
    /** Failed attempts in a row. */
    public int failures;
    /** The last accepted TOTP step. */
    public long lastStep;
    /** Unix time the lock ends. */
    public long lockedUntil;
    /** The next expected HOTP counter. */
    public long counter;

    Lib.OtpStateStruct toStruct() {
        Lib.OtpStateStruct s = new Lib.OtpStateStruct();
        s.has_last_step = (byte) (hasLastStep ? 1 : 0);
        s.is_locked = (byte) (isLocked ? 1 : 0);
        s.failures = failures;
        s.last_step = lastStep;
        s.locked_until = lockedUntil;
        s.counter = counter;
        return s;
    }

    void from(Lib.OtpStateStruct s) {
        hasLastStep = s.has_last_step != 0;
        isLocked = s.is_locked != 0;
        failures = s.failures;
        lastStep = s.last_step;
        lockedUntil = s.locked_until;
        counter = s.counter;
    }

    /** A copy (for example what the application stored). */
    public OtpState copy() {
        OtpState c = new OtpState();
        c.from(toStruct());
        return c;
    }
}
