// Test of the C# binding: the shared scenario of issue 20 plus errors, UTF-8 and handle lifetimes.
// Exits 1 on the first failed check. Run by `make test-bindings-csharp`.
using System;
using System.Text;
using EesztAuth;

static class Test
{
    static int checks;

    static void Expect(bool ok, string what)
    {
        checks++;
        if (!ok) { Console.Error.WriteLine("FAIL: " + what); Environment.Exit(1); }
    }

    static void Eq<T>(T actual, T expected, string what)
    {
        Expect(Equals(actual, expected), what + ": expected [" + expected + "], got [" + actual + "]");
    }

    static EesztException Throws(Action a, uint code, string what)
    {
        try { a(); }
        catch (EesztException e) { Eq(e.Code, code, what + " code"); return e; }
        Expect(false, what + ": no EesztException");
        return null;
    }

    const string Pangram = "Árvíztűrő tükörfúrógép";
    static readonly byte[] Rfc4226 = Encoding.ASCII.GetBytes("12345678901234567890");
    static readonly string RepoRoot = Environment.GetEnvironmentVariable("EESZT_REPO") ?? "../..";

    static int Main()
    {
        Console.OutputEncoding = new UTF8Encoding(false);
        Eq(Library.Version.Length > 0, true, "version");

        // Identifiers.
        var u = UserId.Parse(" o95745 ");
        Eq(u.Normalized, "O95745", "normalised user");
        Eq(u.Profession, Profession.Doctor, "profession");
        Eq(UserId.ProfessionName(u.Profession, true), "orvos", "profession name hu");
        Eq(Ids.Taj("123456788"), "123 456 788", "TAJ");
        DateTime born;
        Eq(Ids.TaxAt("8365670003", new DateTime(2026, 11, 22), out born), "8365670003", "tax ID");
        Eq(born, new DateTime(1967, 2, 13), "birth date");

        // Errors: code, name, both messages (Hungarian with ő/ű: UTF-8 from C to C#).
        var e = Throws(() => UserId.Parse("O 95745"), Codes.IdUserInnerSpace, "inner space");
        Expect(e.MessageHu.Length > 0 && e.MessageEn.Length > 0 && e.MessageHu != e.MessageEn, "both messages");
        e = Throws(() => Otp.Hotp(new byte[10], 0, 6), Codes.OtpKeyTooShort, "short key");
        Eq(e.MessageHu, "A titkos kulcs túl rövid: legalább 128 bit szükséges.", "Hungarian message");
        Eq(e.Name, "OTP_KEY_TOO_SHORT", "error name");
        Eq(EesztException.ForCode(Codes.Null).MessageHu, "Kötelező paraméter hiányzik (NULL mutató).", "message of code 1");

        // UTF-8 both ways: an institution name goes into C and comes back unchanged.
        string json = "[{\"provider\": \"032175\", \"site\": \"" + Pangram + " telephely\", \"unit\": null, \"name\": \"" + Pangram + "\"}]";
        using (var list = Institutions.FromJson(json))
        {
            Eq(list.Count, 2, "institutions + none");
            Eq(list.Field(0, InstitutionField.Name), Pangram, "UTF-8 round trip");
            Eq(list.Field(0, InstitutionField.Site), Pangram + " telephely", "UTF-8 round trip (site)");
        }

        // OTP: the RFC 4226 vector; the key from bytes, base32 and URI agree.
        Eq(Otp.Hotp(Rfc4226, 0, 6), "755224", "RFC 4226 counter 0");
        Eq(Otp.Hotp(Rfc4226, 9, 6), "520489", "RFC 4226 counter 9");
        using (var k = OtpKey.FromBase32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq")) Eq(k.Hotp(1), "287082", "base32 key");
        ulong counter;
        using (var k = OtpKey.FromUri("otpauth://hotp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=5", out counter))
        {
            Eq(counter, 5UL, "URI counter");
            Eq(k.Hotp(0), "755224", "URI key");
        }
        using (var k = OtpKey.FromBytes(Rfc4226, OtpAlgorithm.Sha1, 8)) Eq(k.Totp(59), "94287082", "RFC 6238 T=59");

        // TOTP verification with the caller-stored state: accepted once, the replay refused.
        using (var k = OtpKey.FromBytes(Rfc4226))
        {
            const ulong now = 1700000000;
            var state = new OtpState();
            string code = k.Totp(now);
            ulong step = k.VerifyTotp(code, now, ref state);
            Eq(step, now / 30, "matched step");
            Eq(state.HasLastStep, (byte)1, "state records the step");
            OtpState stored = state; // what the application saves
            var replay = Throws(() => k.VerifyTotp(code, now + 1, ref stored), Codes.OtpCodeReused, "replay");
            Expect(replay.MessageHu.Length > 0, "replay message");
            Eq(stored.Failures, 1u, "the replay is counted as a failure in the state");
            Throws(() => k.VerifyTotp(code == "000000" ? "111111" : "000000", now + 2, ref stored), Codes.OtpWrongCode, "wrong code");
            Eq(stored.Failures, 2u, "the wrong code is counted too");
            var hs = new OtpState();
            Eq(k.VerifyHotp("755224", now, ref hs), 0UL, "HOTP verify");
            Eq(hs.Counter, 1UL, "HOTP counter moves on");
        }

        // The simulated eSzemélyi: status without spending a try.
        using (var card = Eid.Simulated(true))
        {
            int tries;
            Eq(card.Status(out tries), PinState.Active, "activated sim");
            Eq(tries, 3, "tries");
        }
        using (var card = Eid.Simulated(false))
        {
            int tries;
            Eq(card.Status(out tries), PinState.Transport, "new sim");
        }

        // The card login with its PIN, against the simulator's trust.
        var challenge = new byte[32];
        for (int i = 0; i < challenge.Length; i++) challenge[i] = (byte)(i + 1);
        const ulong cardNow = 1800000000; // inside the simulated certificate's validity
        string institutions = "[{\"provider\": \"032175\", \"site\": \"Központi telephely\", \"unit\": \"001055630\", \"name\": \"Petz Aladár Egyetemi Oktató Kórház\"}]";
        using (var login = new Login())
        using (var card = LoginCard.Simulated())
        using (var trust = new CardTrust())
        {
            login.User(" o95745 ");
            login.MethodCard();
            Eq(login.CardCheck(card), 3, "card check");
            Throws(() => login.CardPin(card, "123456", challenge, trust, cardNow), Codes.LoginCardNotTrusted, "empty trust");
        }
        using (var login = new Login())
        using (var card = LoginCard.Simulated())
        using (var trust = new CardTrust())
        {
            trust.AddSimulator();
            login.User(" o95745 ");
            login.MethodCard();
            Eq(login.CardCheck(card), 3, "card check");
            Throws(() => login.CardPin(card, "000000", challenge, trust, cardNow), Codes.EidWrongPin, "wrong PIN");
            Eq(login.CardCheck(card), 2, "a wrong PIN spends one try");
            login.CardPin(card, "123456", challenge, trust, cardNow);
            login.Institution(institutions, "032175", 1700000000);
            Eq(login.Step, LoginStep.Done, "login done");
            Eq(login.ResultUser, "O95745", "login user");
            Eq(login.ResultProfession, Profession.Doctor, "login profession");
            var c = login.ResultChecks;
            Expect(c.SignatureVerified == 1 && c.Trusted == 1 && c.Bound == 1 && c.Authenticated == 1 && c.Simulated == 1, "login checks");
        }

        // PKCS#12 with a Hungarian password (UTF-8 into C).
        string p12 = RepoRoot + "/eeszt-auth/tests/data/cert/demo_client.p12";
        using (var b = CertBundle.LoadFile(p12, "Árvíztűrő"))
        {
            Eq(b.Format, 2, "PKCS#12 format");
            int keys;
            Eq(b.Count(out keys) >= 1, true, "certificates");
            Eq(keys, 1, "private key");
            Expect(b.Subject(0).Contains("CN="), "subject " + b.Subject(0));
        }
        Throws(() => CertBundle.LoadFile(p12, "Arvizturo"), Codes.CertWrongPassword, "wrong password");

        // Handles: Dispose twice frees once (SafeHandle), a disposed handle is refused, not reused.
        var key = OtpKey.FromBytes(Rfc4226);
        key.Dispose();
        key.Dispose();
        try { key.Hotp(0); Expect(false, "use after Dispose"); } catch (ObjectDisposedException) { checks++; }

        Console.WriteLine("csharp: " + checks + " checks passed");
        return 0;
    }
}
