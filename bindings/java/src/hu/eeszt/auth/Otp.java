package hu.eeszt.auth;

/** One-shot OTP helpers. */
public final class Otp {
    private Otp() {}

    /** The HOTP (RFC 4226, SHA-1) code of secret at counter. */
    public static String hotp(byte[] secret, long counter, int digits) {
        try (OtpKey key = OtpKey.fromBytes(secret, OtpKey.Algorithm.SHA1, digits)) {
            return key.hotp(counter);
        }
    }
}
