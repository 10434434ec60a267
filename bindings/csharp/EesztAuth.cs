// C# binding of the eeszt-auth C library (libeeszt_auth.so / eeszt_auth.dll), C# 7.2: builds with
// Mono's mcs and with .NET 8. Strings cross as UTF-8 both ways (encoded and decoded here, never by
// the marshaller); handles are SafeHandles, freed once by Dispose or, failing that, the finaliser.
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace EesztAuth
{
    /// <summary>Result codes and constants of include/eeszt_auth.h used by this binding.</summary>
    public static class Codes
    {
        public const uint Ok = 0, Null = 1, BufferTooSmall = 3;
        public const uint IdUserInnerSpace = 1002, OtpKeyTooShort = 2001, OtpWrongCode = 2011, OtpCodeReused = 2012;
        public const uint EidWrongPin = 4002, CertWrongPassword = 5011, LoginCardNotTrusted = 6011;
        internal const uint LangHu = 0, LangEn = 1;
    }

    internal static class Native
    {
        const string Lib = "eeszt_auth";

        [DllImport(Lib)] internal static extern IntPtr eeszt_version(); // static string: never freed, so IntPtr
        [DllImport(Lib)] internal static extern uint eeszt_error_message(uint code, uint lang, byte[] buf, UIntPtr len, out UIntPtr needed);
        [DllImport(Lib)] internal static extern uint eeszt_error_name(uint code, byte[] buf, UIntPtr len, out UIntPtr needed);
        [DllImport(Lib)] internal static extern uint eeszt_last_error_message(uint lang, byte[] buf, UIntPtr len, out UIntPtr needed);

        [DllImport(Lib)] internal static extern uint eeszt_id_user_parse(byte[] text, byte[] buf, UIntPtr len, out UIntPtr needed, out uint profession);
        [DllImport(Lib)] internal static extern uint eeszt_id_profession_name(uint profession, uint lang, byte[] buf, UIntPtr len, out UIntPtr needed);
        [DllImport(Lib)] internal static extern uint eeszt_id_taj_parse(byte[] text, byte[] buf, UIntPtr len, out UIntPtr needed);
        [DllImport(Lib)] internal static extern uint eeszt_id_tax_parse_at(byte[] text, uint todayYear, uint todayMonth, uint todayDay,
            byte[] buf, UIntPtr len, out UIntPtr needed, out uint year, out uint month, out uint day);
        [DllImport(Lib)] internal static extern uint eeszt_id_institutions_from_json(byte[] json, out InstitutionsHandle list);
        [DllImport(Lib)] internal static extern void eeszt_id_institutions_free(IntPtr list);
        [DllImport(Lib)] internal static extern uint eeszt_id_institutions_count(InstitutionsHandle list, out UIntPtr count);
        [DllImport(Lib)] internal static extern uint eeszt_id_institutions_field(InstitutionsHandle list, UIntPtr index, uint field, byte[] buf, UIntPtr len, out UIntPtr needed);

        [DllImport(Lib)] internal static extern uint eeszt_otp_key_new(byte[] secret, UIntPtr len, uint algorithm, uint digits, ulong period, ulong t0, uint flags, out OtpKeyHandle key);
        [DllImport(Lib)] internal static extern uint eeszt_otp_key_from_base32(byte[] base32, uint algorithm, uint digits, ulong period, ulong t0, uint flags, out OtpKeyHandle key);
        [DllImport(Lib)] internal static extern uint eeszt_otp_key_from_uri(byte[] uri, uint flags, out OtpKeyHandle key, out ulong counter);
        [DllImport(Lib)] internal static extern void eeszt_otp_key_free(IntPtr key);
        [DllImport(Lib)] internal static extern uint eeszt_otp_hotp(OtpKeyHandle key, ulong counter, byte[] buf, UIntPtr len, out UIntPtr needed);
        [DllImport(Lib)] internal static extern uint eeszt_otp_totp(OtpKeyHandle key, ulong unixTime, byte[] buf, UIntPtr len, out UIntPtr needed);
        [DllImport(Lib)] internal static extern uint eeszt_otp_verify_totp(OtpKeyHandle key, IntPtr policy, ref OtpState state, byte[] code, ulong unixTime, out ulong step, out long drift);
        [DllImport(Lib)] internal static extern uint eeszt_otp_verify_hotp(OtpKeyHandle key, IntPtr policy, ref OtpState state, byte[] code, ulong unixTime, out ulong step, out long drift);

        [DllImport(Lib)] internal static extern uint eeszt_eid_sim_new(uint kind, byte[] stateFile, out EidHandle eid);
        [DllImport(Lib)] internal static extern void eeszt_eid_free(IntPtr eid);
        [DllImport(Lib)] internal static extern uint eeszt_eid_status(EidHandle eid, out uint state, out uint triesLeft);

        [DllImport(Lib)] internal static extern uint eeszt_cert_load_file(byte[] path, byte[] password, out CertHandle bundle);
        [DllImport(Lib)] internal static extern void eeszt_cert_free(IntPtr bundle);
        [DllImport(Lib)] internal static extern uint eeszt_cert_format(CertHandle bundle, out uint format);
        [DllImport(Lib)] internal static extern uint eeszt_cert_count(CertHandle bundle, out UIntPtr certificates, out UIntPtr keys);
        [DllImport(Lib)] internal static extern uint eeszt_cert_name(CertHandle bundle, UIntPtr index, uint which, byte[] buf, UIntPtr len, out UIntPtr needed);

        [DllImport(Lib)] internal static extern uint eeszt_login_new(out LoginHandle flow);
        [DllImport(Lib)] internal static extern void eeszt_login_free(IntPtr flow);
        [DllImport(Lib)] internal static extern uint eeszt_login_step(LoginHandle flow, out uint step);
        [DllImport(Lib)] internal static extern uint eeszt_login_user(LoginHandle flow, byte[] user);
        [DllImport(Lib)] internal static extern uint eeszt_login_method(LoginHandle flow, uint method);
        [DllImport(Lib)] internal static extern uint eeszt_login_card_sim_new(byte[] stateJson, out LoginCardHandle card);
        [DllImport(Lib)] internal static extern void eeszt_login_card_free(IntPtr card);
        [DllImport(Lib)] internal static extern uint eeszt_login_card_check(LoginHandle flow, LoginCardHandle card, out uint triesLeft);
        [DllImport(Lib)] internal static extern uint eeszt_login_card_pin(LoginHandle flow, LoginCardHandle card, byte[] pin, byte[] can,
            byte[] challenge, UIntPtr challengeLen, uint consentLastTry, CardTrustHandle trust, ulong unixTime);
        [DllImport(Lib)] internal static extern uint eeszt_card_trust_new(out CardTrustHandle trust);
        [DllImport(Lib)] internal static extern void eeszt_card_trust_free(IntPtr trust);
        [DllImport(Lib)] internal static extern uint eeszt_card_trust_add_simulator(CardTrustHandle trust);
        [DllImport(Lib)] internal static extern uint eeszt_login_institution(LoginHandle flow, byte[] json, uint pick, UIntPtr index, byte[] code, ulong unixTime);
        [DllImport(Lib)] internal static extern uint eeszt_login_result_user(LoginHandle flow, byte[] buf, UIntPtr len, out UIntPtr needed);
        [DllImport(Lib)] internal static extern uint eeszt_login_result_info(LoginHandle flow, out uint method, out uint profession, out ulong unixTime);
        [DllImport(Lib)] internal static extern uint eeszt_login_result_checks(LoginHandle flow, out LoginChecks checks);

        internal delegate uint Fill(byte[] buf, UIntPtr len, out UIntPtr needed);

        /// <summary>NUL-terminated UTF-8 of s (null stays null: the C side then sees NULL).</summary>
        internal static byte[] Utf8(string s)
        {
            if (s == null) return null;
            int n = Encoding.UTF8.GetByteCount(s);
            var b = new byte[n + 1];
            Encoding.UTF8.GetBytes(s, 0, s.Length, b, 0);
            return b;
        }

        internal static string FromUtf8(byte[] b)
        {
            int n = Array.IndexOf(b, (byte)0);
            return Encoding.UTF8.GetString(b, 0, n < 0 ? b.Length : n);
        }

        /// <summary>Probes the size, then copies: the library's buffer convention.</summary>
        internal static string Text(Fill fill)
        {
            UIntPtr needed;
            uint r = fill(null, UIntPtr.Zero, out needed);
            if (r != Codes.BufferTooSmall && r != Codes.Ok) throw EesztException.Last(r);
            var buf = new byte[(int)needed.ToUInt64()];
            r = fill(buf, (UIntPtr)buf.Length, out needed);
            Check(r);
            return FromUtf8(buf);
        }

        internal static void Check(uint r)
        {
            if (r != Codes.Ok) throw EesztException.Last(r);
        }
    }

    /// <summary>A failed call: the stable code, its name and the message in Hungarian and English.</summary>
    public class EesztException : Exception
    {
        /// <summary>The stable result code (EESZT_ERR_*).</summary>
        public uint Code { get; private set; }
        /// <summary>The symbolic name, e.g. "OTP_CODE_REUSED".</summary>
        public string Name { get; private set; }
        /// <summary>The message in Hungarian, with the call's details when the library gave any.</summary>
        public string MessageHu { get; private set; }
        /// <summary>The message in English.</summary>
        public string MessageEn { get; private set; }

        EesztException(uint code, string name, string hu, string en) : base(en + " (" + name + " " + code + ")")
        {
            Code = code; Name = name; MessageHu = hu; MessageEn = en;
        }

        /// <summary>The exception for code (messages without the details of a particular call).</summary>
        public static EesztException ForCode(uint code)
        {
            return new EesztException(code, CodeText(code, -1), CodeText(code, (int)Codes.LangHu), CodeText(code, (int)Codes.LangEn));
        }

        // Right after a failed call on this thread: the detailed last-error message when it is this code's.
        internal static EesztException Last(uint code)
        {
            string hu = LastMessage(Codes.LangHu) ?? CodeText(code, (int)Codes.LangHu);
            string en = LastMessage(Codes.LangEn) ?? CodeText(code, (int)Codes.LangEn);
            return new EesztException(code, CodeText(code, -1), hu, en);
        }

        static string LastMessage(uint lang)
        {
            UIntPtr needed;
            if (Native.eeszt_last_error_message(lang, null, UIntPtr.Zero, out needed) != Codes.BufferTooSmall) return null;
            var buf = new byte[(int)needed.ToUInt64()];
            if (Native.eeszt_last_error_message(lang, buf, (UIntPtr)buf.Length, out needed) != Codes.Ok) return null;
            return Native.FromUtf8(buf);
        }

        // lang -1: the symbolic name. Never throws: an unknown code gives a plain text.
        static string CodeText(uint code, int lang)
        {
            UIntPtr needed;
            uint r = lang < 0 ? Native.eeszt_error_name(code, null, UIntPtr.Zero, out needed)
                              : Native.eeszt_error_message(code, (uint)lang, null, UIntPtr.Zero, out needed);
            if (r != Codes.BufferTooSmall) return "eeszt error " + code;
            var buf = new byte[(int)needed.ToUInt64()];
            r = lang < 0 ? Native.eeszt_error_name(code, buf, (UIntPtr)buf.Length, out needed)
                         : Native.eeszt_error_message(code, (uint)lang, buf, (UIntPtr)buf.Length, out needed);
            return r == Codes.Ok ? Native.FromUtf8(buf) : "eeszt error " + code;
        }
    }

    /// <summary>The library itself.</summary>
    public static class Library
    {
        /// <summary>The library version, e.g. "0.1.0".</summary>
        public static string Version { get { return Marshal.PtrToStringAnsi(Native.eeszt_version()); } }
    }

    // ---- handles -------------------------------------------------------------------------------

    /// <summary>Base of the library's handles: freed exactly once (Dispose or finaliser).</summary>
    public abstract class EesztHandle : SafeHandle
    {
        protected EesztHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }
    }
    public sealed class OtpKeyHandle : EesztHandle { protected override bool ReleaseHandle() { Native.eeszt_otp_key_free(handle); return true; } }
    public sealed class InstitutionsHandle : EesztHandle { protected override bool ReleaseHandle() { Native.eeszt_id_institutions_free(handle); return true; } }
    public sealed class EidHandle : EesztHandle { protected override bool ReleaseHandle() { Native.eeszt_eid_free(handle); return true; } }
    public sealed class CertHandle : EesztHandle { protected override bool ReleaseHandle() { Native.eeszt_cert_free(handle); return true; } }
    public sealed class LoginHandle : EesztHandle { protected override bool ReleaseHandle() { Native.eeszt_login_free(handle); return true; } }
    public sealed class LoginCardHandle : EesztHandle { protected override bool ReleaseHandle() { Native.eeszt_login_card_free(handle); return true; } }
    public sealed class CardTrustHandle : EesztHandle { protected override bool ReleaseHandle() { Native.eeszt_card_trust_free(handle); return true; } }

    // ---- identifiers ---------------------------------------------------------------------------

    /// <summary>Health-care professions (EESZT_PROFESSION_*).</summary>
    public enum Profession : uint { Doctor = 1, HealthProfessional = 2, Pharmacist = 3, ClinicalPsychologist = 4, Staff = 5 }

    /// <summary>An EESZT user name (e.g. "O95745"), checked and normalised.</summary>
    public sealed class UserId
    {
        /// <summary>The normalised form, e.g. "O95745".</summary>
        public string Normalized { get; private set; }
        /// <summary>The profession its prefix letter names.</summary>
        public Profession Profession { get; private set; }

        /// <summary>Parses a user name as typed (spaces around, lower case accepted).</summary>
        public static UserId Parse(string text)
        {
            byte[] t = Native.Utf8(text);
            uint profession = 0;
            string norm = Native.Text((byte[] b, UIntPtr l, out UIntPtr n) => Native.eeszt_id_user_parse(t, b, l, out n, out profession));
            return new UserId { Normalized = norm, Profession = (Profession)profession };
        }

        /// <summary>The profession's name in Hungarian ("orvos") or English ("doctor").</summary>
        public static string ProfessionName(Profession p, bool hungarian)
        {
            return Native.Text((byte[] b, UIntPtr l, out UIntPtr n) => Native.eeszt_id_profession_name((uint)p, hungarian ? Codes.LangHu : Codes.LangEn, b, l, out n));
        }

        public override string ToString() { return Normalized; }
    }

    /// <summary>Other identifiers: TAJ and tax ID.</summary>
    public static class Ids
    {
        /// <summary>A TAJ number in its normalised form "123 456 788".</summary>
        public static string Taj(string text)
        {
            byte[] t = Native.Utf8(text);
            return Native.Text((byte[] b, UIntPtr l, out UIntPtr n) => Native.eeszt_id_taj_parse(t, b, l, out n));
        }

        /// <summary>A tax ID (adóazonosító jel) checked as of today (UTC): its digits and the birth date it encodes.</summary>
        public static string Tax(string text, out DateTime birthDate)
        {
            return TaxAt(text, DateTime.UtcNow, out birthDate);
        }

        /// <summary>As Tax, with the given date of today.</summary>
        public static string TaxAt(string text, DateTime today, out DateTime birthDate)
        {
            byte[] t = Native.Utf8(text);
            uint y = 0, m = 0, d = 0;
            string digits = Native.Text((byte[] b, UIntPtr l, out UIntPtr n) =>
                Native.eeszt_id_tax_parse_at(t, (uint)today.Year, (uint)today.Month, (uint)today.Day, b, l, out n, out y, out m, out d));
            birthDate = new DateTime((int)y, (int)m, (int)d);
            return digits;
        }
    }

    /// <summary>Institution field (EESZT_INSTITUTION_FIELD_*).</summary>
    public enum InstitutionField : uint { Provider = 0, Site = 1, Unit = 2, Name = 3 }

    /// <summary>An institution list loaded from the portal's JSON.</summary>
    public sealed class Institutions : IDisposable
    {
        readonly InstitutionsHandle h;
        Institutions(InstitutionsHandle h) { this.h = h; }

        /// <summary>Loads the list (UTF-8 JSON).</summary>
        public static Institutions FromJson(string json)
        {
            InstitutionsHandle h;
            Native.Check(Native.eeszt_id_institutions_from_json(Native.Utf8(json), out h));
            return new Institutions(h);
        }

        /// <summary>The number of choices, the final "no institution" included.</summary>
        public int Count { get { UIntPtr c; Native.Check(Native.eeszt_id_institutions_count(h, out c)); return (int)c.ToUInt64(); } }

        /// <summary>One field of choice index ("" where it has none).</summary>
        public string Field(int index, InstitutionField field)
        {
            return Native.Text((byte[] b, UIntPtr l, out UIntPtr n) => Native.eeszt_id_institutions_field(h, (UIntPtr)index, (uint)field, b, l, out n));
        }

        public void Dispose() { h.Dispose(); }
    }

    // ---- OTP -----------------------------------------------------------------------------------

    /// <summary>HMAC algorithm (EESZT_OTP_SHA*).</summary>
    public enum OtpAlgorithm : uint { Sha1 = 0, Sha256 = 1, Sha512 = 2 }

    /// <summary>The per-user verification state (eeszt_otp_state): the caller stores it after every verification.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct OtpState
    {
        public byte HasLastStep;
        public byte IsLocked;
        public uint Failures;
        public ulong LastStep;
        public ulong LockedUntil;
        public ulong Counter;
    }

    /// <summary>An OTP key (HOTP/TOTP). The secret lives in the library and is wiped when disposed.</summary>
    public sealed class OtpKey : IDisposable
    {
        readonly OtpKeyHandle h;
        OtpKey(OtpKeyHandle h) { this.h = h; }

        /// <summary>A key from the raw secret (at least 16 bytes).</summary>
        public static OtpKey FromBytes(byte[] secret, OtpAlgorithm algorithm = OtpAlgorithm.Sha1, int digits = 6, ulong period = 30)
        {
            OtpKeyHandle h;
            Native.Check(Native.eeszt_otp_key_new(secret, (UIntPtr)(secret == null ? 0 : secret.Length), (uint)algorithm, (uint)digits, period, 0, 0, out h));
            return new OtpKey(h);
        }

        /// <summary>A key from a base32 setup key (lower case, spaces, hyphens accepted).</summary>
        public static OtpKey FromBase32(string base32, OtpAlgorithm algorithm = OtpAlgorithm.Sha1, int digits = 6, ulong period = 30)
        {
            OtpKeyHandle h;
            Native.Check(Native.eeszt_otp_key_from_base32(Native.Utf8(base32), (uint)algorithm, (uint)digits, period, 0, 0, out h));
            return new OtpKey(h);
        }

        /// <summary>A key from an otpauth:// URI; counter receives an hotp URI's initial counter.</summary>
        public static OtpKey FromUri(string uri, out ulong counter)
        {
            OtpKeyHandle h;
            Native.Check(Native.eeszt_otp_key_from_uri(Native.Utf8(uri), 0, out h, out counter));
            return new OtpKey(h);
        }

        /// <summary>The HOTP code for counter.</summary>
        public string Hotp(ulong counter)
        {
            return Native.Text((byte[] b, UIntPtr l, out UIntPtr n) => Native.eeszt_otp_hotp(h, counter, b, l, out n));
        }

        /// <summary>The TOTP code valid at unixTime.</summary>
        public string Totp(ulong unixTime)
        {
            return Native.Text((byte[] b, UIntPtr l, out UIntPtr n) => Native.eeszt_otp_totp(h, unixTime, b, l, out n));
        }

        /// <summary>Verifies a TOTP code with the default policy; updates state (store it afterwards
        /// whatever the outcome). Returns the matched step; throws EesztException (e.g. OtpCodeReused).</summary>
        public ulong VerifyTotp(string code, ulong unixTime, ref OtpState state)
        {
            ulong step; long drift;
            Native.Check(Native.eeszt_otp_verify_totp(h, IntPtr.Zero, ref state, Native.Utf8(code), unixTime, out step, out drift));
            return step;
        }

        /// <summary>Verifies an HOTP code against state.Counter (and the look-ahead); returns the matched counter.</summary>
        public ulong VerifyHotp(string code, ulong unixTime, ref OtpState state)
        {
            ulong step; long drift;
            Native.Check(Native.eeszt_otp_verify_hotp(h, IntPtr.Zero, ref state, Native.Utf8(code), unixTime, out step, out drift));
            return step;
        }

        public void Dispose() { h.Dispose(); }
    }

    /// <summary>One-shot OTP helpers.</summary>
    public static class Otp
    {
        /// <summary>The HOTP (RFC 4226, SHA-1) code of secret at counter.</summary>
        public static string Hotp(byte[] secret, ulong counter, int digits)
        {
            using (var key = OtpKey.FromBytes(secret, OtpAlgorithm.Sha1, digits)) return key.Hotp(counter);
        }
    }

    // ---- eID card ------------------------------------------------------------------------------

    /// <summary>PIN state (EESZT_EID_PIN_*).</summary>
    public enum PinState : uint { Transport = 0, Active = 1, Suspended = 2, Blocked = 3 }

    /// <summary>An eSzemélyi (here: the simulated one of a simulator build of the library).</summary>
    public sealed class Eid : IDisposable
    {
        readonly EidHandle h;
        Eid(EidHandle h) { this.h = h; }

        /// <summary>A simulated card: activated (PIN 123456) or new (transport PIN 12345). Simulator builds only.</summary>
        public static Eid Simulated(bool activated, string stateFile = null)
        {
            EidHandle h;
            Native.Check(Native.eeszt_eid_sim_new(activated ? 1u : 0u, Native.Utf8(stateFile), out h));
            return new Eid(h);
        }

        /// <summary>The PIN state and the tries left, read without spending a try.</summary>
        public PinState Status(out int triesLeft)
        {
            uint state, tries;
            Native.Check(Native.eeszt_eid_status(h, out state, out tries));
            triesLeft = (int)tries;
            return (PinState)state;
        }

        public void Dispose() { h.Dispose(); }
    }

    // ---- certificates --------------------------------------------------------------------------

    /// <summary>A loaded certificate file (DER, PEM or PKCS#12).</summary>
    public sealed class CertBundle : IDisposable
    {
        readonly CertHandle h;
        CertBundle(CertHandle h) { this.h = h; }

        /// <summary>Loads path; password (UTF-8, may be null) opens a PKCS#12 file.</summary>
        public static CertBundle LoadFile(string path, string password)
        {
            CertHandle h;
            Native.Check(Native.eeszt_cert_load_file(Native.Utf8(path), Native.Utf8(password), out h));
            return new CertBundle(h);
        }

        /// <summary>0 DER, 1 PEM, 2 PKCS#12.</summary>
        public int Format { get { uint f; Native.Check(Native.eeszt_cert_format(h, out f)); return (int)f; } }

        /// <summary>The number of certificates; keys receives the number of private keys.</summary>
        public int Count(out int keys)
        {
            UIntPtr c, k;
            Native.Check(Native.eeszt_cert_count(h, out c, out k));
            keys = (int)k.ToUInt64();
            return (int)c.ToUInt64();
        }

        /// <summary>The subject of certificate index ("C=HU, O=..., CN=...").</summary>
        public string Subject(int index)
        {
            return Native.Text((byte[] b, UIntPtr l, out UIntPtr n) => Native.eeszt_cert_name(h, (UIntPtr)index, 0, b, l, out n));
        }

        public void Dispose() { h.Dispose(); }
    }

    // ---- login ---------------------------------------------------------------------------------

    /// <summary>The outcome of the three card checks (eeszt_login_checks).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct LoginChecks
    {
        public uint SignatureVerified, Trusted, Bound, Authenticated, Simulated;
    }

    /// <summary>A card for the login flow.</summary>
    public sealed class LoginCard : IDisposable
    {
        internal readonly LoginCardHandle H;
        LoginCard(LoginCardHandle h) { H = h; }

        /// <summary>The simulated, activated eSzemélyi (PIN 123456). Simulator builds only.</summary>
        public static LoginCard Simulated()
        {
            LoginCardHandle h;
            Native.Check(Native.eeszt_login_card_sim_new(null, out h));
            return new LoginCard(h);
        }

        public void Dispose() { H.Dispose(); }
    }

    /// <summary>What a card must chain to and whom it is bound to.</summary>
    public sealed class CardTrust : IDisposable
    {
        internal readonly CardTrustHandle H;
        /// <summary>An empty trust: trusts nothing.</summary>
        public CardTrust() { Native.Check(Native.eeszt_card_trust_new(out H)); }
        /// <summary>Trusts the simulator's certificate, bound to O95745. Simulator builds only.</summary>
        public void AddSimulator() { Native.Check(Native.eeszt_card_trust_add_simulator(H)); }
        public void Dispose() { H.Dispose(); }
    }

    /// <summary>Login step (EESZT_LOGIN_STEP_*).</summary>
    public enum LoginStep : uint { User = 0, Method = 1, Card = 2, Pin = 3, Password = 4, Otp = 5, Institution = 6, Done = 7 }

    /// <summary>The portal login flow (fail-closed: see the README).</summary>
    public sealed class Login : IDisposable
    {
        readonly LoginHandle h;
        /// <summary>Starts a login.</summary>
        public Login() { Native.Check(Native.eeszt_login_new(out h)); }

        public LoginStep Step { get { uint s; Native.Check(Native.eeszt_login_step(h, out s)); return (LoginStep)s; } }
        /// <summary>Step 1: the user name as typed.</summary>
        public void User(string user) { Native.Check(Native.eeszt_login_user(h, Native.Utf8(user))); }
        /// <summary>Step 2: the eID card as method.</summary>
        public void MethodCard() { Native.Check(Native.eeszt_login_method(h, 0)); }
        /// <summary>Step 3a: the card's PIN tries left, without spending one.</summary>
        public int CardCheck(LoginCard card) { uint t; Native.Check(Native.eeszt_login_card_check(h, card.H, out t)); return (int)t; }
        /// <summary>Step 3a: the PIN, the card's signature over challenge, and the checks against trust.</summary>
        public void CardPin(LoginCard card, string pin, byte[] challenge, CardTrust trust, ulong unixTime, bool consentLastTry = false)
        {
            Native.Check(Native.eeszt_login_card_pin(h, card.H, Native.Utf8(pin), null, challenge, (UIntPtr)challenge.Length,
                consentLastTry ? 1u : 0u, trust.H, unixTime));
        }
        /// <summary>Step 4: the institution by its code from the portal's list.</summary>
        public void Institution(string institutionsJson, string code, ulong unixTime)
        {
            Native.Check(Native.eeszt_login_institution(h, Native.Utf8(institutionsJson), 1, UIntPtr.Zero, Native.Utf8(code), unixTime));
        }
        /// <summary>The logged-in user name.</summary>
        public string ResultUser { get { return Native.Text((byte[] b, UIntPtr l, out UIntPtr n) => Native.eeszt_login_result_user(h, b, l, out n)); } }
        /// <summary>The logged-in profession.</summary>
        public Profession ResultProfession
        {
            get { uint m, p; ulong t; Native.Check(Native.eeszt_login_result_info(h, out m, out p, out t)); return (Profession)p; }
        }
        /// <summary>The checks of the accepted login.</summary>
        public LoginChecks ResultChecks { get { LoginChecks c; Native.Check(Native.eeszt_login_result_checks(h, out c)); return c; } }

        public void Dispose() { h.Dispose(); }
    }
}
