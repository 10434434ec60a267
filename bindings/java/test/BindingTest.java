// Test of the Java binding: the shared scenario of issue 20 plus errors, UTF-8 and handle lifetimes.
// Exits 1 on the first failed check. Run by `make test-bindings-java`.
import hu.eeszt.auth.CardTrust;
import hu.eeszt.auth.CertBundle;
import hu.eeszt.auth.EesztException;
import hu.eeszt.auth.Eid;
import hu.eeszt.auth.Ids;
import hu.eeszt.auth.Institutions;
import hu.eeszt.auth.Login;
import hu.eeszt.auth.LoginCard;
import hu.eeszt.auth.Otp;
import hu.eeszt.auth.OtpKey;
import hu.eeszt.auth.OtpState;
import hu.eeszt.auth.Profession;
import hu.eeszt.auth.UserId;
import hu.eeszt.auth.Version;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Objects;

public final class BindingTest {
    private static int checks;

    private static void expect(boolean ok, String what) {
        checks++;
        if (!ok) {
            System.err.println("FAIL: " + what);
            System.exit(1);
        }
    }

    private static void eq(Object actual, Object expected, String what) {
        expect(Objects.equals(actual, expected), what + ": expected [" + expected + "], got [" + actual + "]");
    }

    private static EesztException throwsCode(Runnable r, int code, String what) {
        try {
            r.run();
        } catch (EesztException e) {
            eq(e.getCode(), code, what + " code");
            return e;
        }
        expect(false, what + ": no EesztException");
        return null;
    }

    private static final String PANGRAM = "Árvíztűrő tükörfúrógép";
    private static final byte[] RFC4226 = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final int ID_USER_INNER_SPACE = 1002, OTP_KEY_TOO_SHORT = 2001, OTP_WRONG_CODE = 2011,
            OTP_CODE_REUSED = 2012, EID_WRONG_PIN = 4002, CERT_WRONG_PASSWORD = 5011, LOGIN_CARD_NOT_TRUSTED = 6011;

    public static void main(String[] args) {
        String repo = System.getProperty("eeszt.repo", "../..");
        expect(!Version.get().isEmpty(), "version");

        // Identifiers.
        UserId u = UserId.parse(" o95745 ");
        eq(u.getNormalized(), "O95745", "normalised user");
        eq(u.getProfession(), Profession.DOCTOR, "profession");
        eq(u.getProfession().displayName(true), "orvos", "profession name hu");
        eq(Ids.taj("123456788"), "123 456 788", "TAJ");
        Ids.TaxId tax = Ids.taxAt("8365670003", LocalDate.of(2026, 11, 22));
        eq(tax.digits, "8365670003", "tax ID");
        eq(tax.birthDate, LocalDate.of(1967, 2, 13), "birth date");

        // Errors: code, name, both messages (Hungarian with ő/ű: UTF-8 from C to Java).
        EesztException e = throwsCode(() -> UserId.parse("O 95745"), ID_USER_INNER_SPACE, "inner space");
        expect(!e.getMessageHu().isEmpty() && !e.getMessageEn().isEmpty() && !e.getMessageHu().equals(e.getMessageEn()),
                "both messages");
        e = throwsCode(() -> Otp.hotp(new byte[10], 0, 6), OTP_KEY_TOO_SHORT, "short key");
        eq(e.getMessageHu(), "A titkos kulcs túl rövid: legalább 128 bit szükséges.", "Hungarian message");
        eq(e.getName(), "OTP_KEY_TOO_SHORT", "error name");
        eq(EesztException.forCode(1).getMessageHu(), "Kötelező paraméter hiányzik (NULL mutató).", "message of code 1");

        // UTF-8 both ways: an institution name goes into C and comes back unchanged.
        String json = "[{\"provider\": \"032175\", \"site\": \"" + PANGRAM + " telephely\", \"unit\": null, \"name\": \""
                + PANGRAM + "\"}]";
        try (Institutions list = Institutions.fromJson(json)) {
            eq(list.count(), 2, "institutions + none");
            eq(list.field(0, Institutions.Field.NAME), PANGRAM, "UTF-8 round trip");
            eq(list.field(0, Institutions.Field.SITE), PANGRAM + " telephely", "UTF-8 round trip (site)");
        }

        // OTP: the RFC 4226 vector; the key from bytes, base32 and URI agree.
        eq(Otp.hotp(RFC4226, 0, 6), "755224", "RFC 4226 counter 0");
        eq(Otp.hotp(RFC4226, 9, 6), "520489", "RFC 4226 counter 9");
        try (OtpKey k = OtpKey.fromBase32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", OtpKey.Algorithm.SHA1, 6)) {
            eq(k.hotp(1), "287082", "base32 key");
        }
        long[] counter = new long[1];
        try (OtpKey k = OtpKey.fromUri("otpauth://hotp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=5", counter)) {
            eq(counter[0], 5L, "URI counter");
            eq(k.hotp(0), "755224", "URI key");
        }
        try (OtpKey k = OtpKey.fromBytes(RFC4226, OtpKey.Algorithm.SHA1, 8)) {
            eq(k.totp(59), "94287082", "RFC 6238 T=59");
        }

        // TOTP verification with the caller-stored state: accepted once, the replay refused.
        try (OtpKey k = OtpKey.fromBytes(RFC4226, OtpKey.Algorithm.SHA1, 6)) {
            final long now = 1700000000L;
            OtpState state = new OtpState();
            String code = k.totp(now);
            eq(k.verifyTotp(code, now, state), now / 30, "matched step");
            expect(state.hasLastStep, "state records the step");
            OtpState stored = state.copy(); // what the application saves
            EesztException replay = throwsCode(() -> k.verifyTotp(code, now + 1, stored), OTP_CODE_REUSED, "replay");
            expect(!replay.getMessageHu().isEmpty(), "replay message");
            eq(stored.failures, 1, "the replay is counted as a failure in the state");
            throwsCode(() -> k.verifyTotp(code.equals("000000") ? "111111" : "000000", now + 2, stored), OTP_WRONG_CODE,
                    "wrong code");
            eq(stored.failures, 2, "the wrong code is counted too");
            OtpState hs = new OtpState();
            eq(k.verifyHotp("755224", now, hs), 0L, "HOTP verify");
            eq(hs.counter, 1L, "HOTP counter moves on");
        }

        // The simulated eSzemélyi: status without spending a try.
        try (Eid card = Eid.simulated(true, null)) {
            Eid.Status s = card.status();
            eq(s.state, Eid.PinState.ACTIVE, "activated sim");
            eq(s.triesLeft, 3, "tries");
        }
        try (Eid card = Eid.simulated(false, null)) {
            eq(card.status().state, Eid.PinState.TRANSPORT, "new sim");
        }

        // The card login with its PIN, against the simulator's trust.
        byte[] challenge = new byte[32];
        for (int i = 0; i < challenge.length; i++) {
            challenge[i] = (byte) (i + 1);
        }
        final long cardNow = 1800000000L; // inside the simulated certificate's validity
        String institutions = "[{\"provider\": \"032175\", \"site\": \"Központi telephely\", \"unit\": \"001055630\","
                + " \"name\": \"Petz Aladár Egyetemi Oktató Kórház\"}]";
        try (Login login = Login.start(); LoginCard card = LoginCard.simulated(); CardTrust trust = CardTrust.empty()) {
            login.user(" o95745 ");
            login.methodCard();
            eq(login.cardCheck(card), 3, "card check");
            throwsCode(() -> login.cardPin(card, "123456", challenge, trust, cardNow, false), LOGIN_CARD_NOT_TRUSTED,
                    "empty trust");
        }
        try (Login login = Login.start(); LoginCard card = LoginCard.simulated(); CardTrust trust = CardTrust.empty()) {
            trust.addSimulator();
            login.user(" o95745 ");
            login.methodCard();
            eq(login.cardCheck(card), 3, "card check");
            throwsCode(() -> login.cardPin(card, "000000", challenge, trust, cardNow, false), EID_WRONG_PIN, "wrong PIN");
            eq(login.cardCheck(card), 2, "a wrong PIN spends one try");
            login.cardPin(card, "123456", challenge, trust, cardNow, false);
            login.institution(institutions, "032175", 1700000000L);
            eq(login.step(), Login.Step.DONE, "login done");
            eq(login.resultUser(), "O95745", "login user");
            eq(login.resultProfession(), Profession.DOCTOR, "login profession");
            Login.Checks c = login.resultChecks();
            expect(c.signatureVerified && c.trusted && c.bound && c.authenticated && c.simulated, "login checks");
        }

        // PKCS#12 with a Hungarian password (UTF-8 into C).
        String p12 = repo + "/eeszt-auth/tests/data/cert/demo_client.p12";
        try (CertBundle b = CertBundle.loadFile(p12, "Árvíztűrő")) {
            eq(b.format(), CertBundle.Format.PKCS12, "PKCS#12 format");
            expect(b.certificates() >= 1, "certificates");
            eq(b.keys(), 1, "private key");
            expect(b.subject(0).contains("CN="), "subject " + b.subject(0));
        }
        throwsCode(() -> CertBundle.loadFile(p12, "Arvizturo"), CERT_WRONG_PASSWORD, "wrong password");

        // Handles: close twice frees once, a closed handle is refused, not reused.
        OtpKey key = OtpKey.fromBytes(RFC4226, OtpKey.Algorithm.SHA1, 6);
        key.close();
        key.close();
        expect(key.isClosed(), "closed");
        try {
            key.hotp(0);
            expect(false, "use after close");
        } catch (IllegalStateException ex) {
            checks++;
        }

        System.out.println("java: " + checks + " checks passed");
    }
}
