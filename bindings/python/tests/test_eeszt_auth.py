"""Tests of the eeszt_auth Python binding: the issue 20 scenario and the error paths."""

from __future__ import annotations

import pathlib

import pytest

import eeszt_auth
from eeszt_auth import EesztError

ROOT = pathlib.Path(__file__).resolve().parents[3]
P12 = ROOT / "eeszt-auth" / "tests" / "data" / "cert" / "demo_client.p12"
RFC4226_KEY = b"12345678901234567890"
# RFC 4226 appendix D: the codes of counters 0..9.
RFC4226_CODES = ["755224", "287082", "359152", "969429", "338314",
                 "254676", "287922", "162583", "399871", "520489"]
PANGRAM = "Árvíztűrő tükörfúrógép"
CHALLENGE = bytes(range(1, 33))
CARD_NOW = 1_800_000_000  # inside the simulated card certificate's validity


# --- identifiers -------------------------------------------------------------------------------

def test_parse_user_id_normalises_and_names_the_profession() -> None:
    user = eeszt_auth.parse_user_id(" o95745 ")
    assert user.normalized == "O95745"
    assert user.profession == "doctor"
    assert user.number == "95745"
    assert user.profession_name("hu") == "orvos"
    assert str(user) == "O95745"
    assert user == eeszt_auth.parse_user_id("O95745")


def test_parse_user_id_errors_carry_code_and_both_messages() -> None:
    with pytest.raises(EesztError) as info:
        eeszt_auth.parse_user_id("")
    assert info.value.code == 1001
    assert info.value.message_hu == "Ez a mező kötelező."
    assert info.value.message_en == "This field is required."
    assert str(info.value) == "This field is required."
    with pytest.raises(EesztError) as info:
        eeszt_auth.parse_user_id("S999")
    assert info.value.code != 0 and info.value.message_hu != info.value.message_en


# --- OTP ---------------------------------------------------------------------------------------

def test_hotp_rfc4226_vectors() -> None:
    assert eeszt_auth.hotp(RFC4226_KEY, 0) == "755224"
    assert [eeszt_auth.hotp(RFC4226_KEY, c) for c in range(10)] == RFC4226_CODES
    assert eeszt_auth.hotp(RFC4226_KEY, 0, digits=8) == "84755224"


def test_short_key_raises_with_hungarian_message() -> None:
    with pytest.raises(EesztError) as info:
        eeszt_auth.hotp(b"0123456789", 0)
    assert info.value.code == 2001
    assert info.value.message_hu == "A titkos kulcs túl rövid: legalább 128 bit szükséges."


def test_key_from_bytes_base32_and_uri_agree() -> None:
    # base32 of the RFC 4226 key
    b32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    uri = f"otpauth://totp/EESZT:O95745?secret={b32}&issuer=EESZT&algorithm=SHA1&digits=6&period=30"
    with eeszt_auth.OtpKey.from_bytes(RFC4226_KEY) as a, eeszt_auth.OtpKey.from_base32(b32) as b, \
            eeszt_auth.OtpKey.from_uri(uri) as c:
        assert a.hotp(1) == b.hotp(1) == c.hotp(1) == "287082"
        assert a.digits == 6 and a.algorithm == "SHA1"


def test_closed_key_refuses_use() -> None:
    key = eeszt_auth.OtpKey.from_bytes(RFC4226_KEY)
    with key:
        assert key.hotp(0) == "755224"
    with pytest.raises(EesztError) as info:
        key.hotp(0)
    assert info.value.code == 9
    assert "closed" in repr(key)


def test_totp_rfc6238_sha1_vector() -> None:
    key = eeszt_auth.OtpKey.from_bytes(RFC4226_KEY, "SHA1", 8)
    with eeszt_auth.Totp(key) as totp:
        assert totp.code_at(59) == "94287082"
        assert totp.step(59) == 1


def test_verify_totp_with_caller_state_refuses_replay() -> None:
    key = eeszt_auth.OtpKey.from_bytes(RFC4226_KEY)
    totp = eeszt_auth.Totp(key)
    verifier = eeszt_auth.Verifier()
    state = eeszt_auth.OtpState()
    now = 1_767_225_600
    code = totp.code_at(now)
    step = verifier.verify_totp(totp, state, code, now)
    assert step == now // 30
    assert state.last_step == step and state.failures == 0
    # The caller stores the state (here: copies its fields) and the replay is refused.
    stored = eeszt_auth.OtpState(state.last_step, state.failures, state.locked_until, state.counter)
    with pytest.raises(EesztError) as info:
        verifier.verify_totp(totp, stored, code, now + 5)
    assert info.value.code == 2012
    assert stored.failures == 1


def test_verify_hotp_moves_the_counter() -> None:
    with eeszt_auth.OtpKey.from_bytes(RFC4226_KEY) as key:
        state = eeszt_auth.OtpState()
        verifier = eeszt_auth.Verifier()
        assert verifier.verify_hotp(key, state, RFC4226_CODES[2], 0) == 2
        assert state.counter == 3
        with pytest.raises(EesztError):
            verifier.verify_hotp(key, state, RFC4226_CODES[2], 0)


# --- UTF-8 both ways ---------------------------------------------------------------------------

def test_utf8_both_ways() -> None:
    # Python -> Rust: a Hungarian password opens the file; the pangram (a wrong password) is refused.
    data = P12.read_bytes()
    with pytest.raises(EesztError) as info:
        eeszt_auth.load_certificates(data, PANGRAM)
    assert info.value.code == 5011
    # Rust -> Python: accented letters (ő, ű are not Latin-1) arrive intact.
    assert "ő" in (eeszt_auth.error_message(1, "hu") or "")
    with pytest.raises(EesztError) as info:
        eeszt_auth.parse_user_id(PANGRAM)
    assert info.value.message_hu.isprintable() and info.value.code > 1000


# --- the simulated eSzemélyi ----------------------------------------------------------------------

def test_simulated_card_status() -> None:
    with eeszt_auth.SimulatedCard() as card:
        assert card.pin_status() == ("active", 3)
    with eeszt_auth.SimulatedCard(activated=False) as card:
        assert card.pin_status()[0] == "transport"
    with pytest.raises(EesztError) as info:
        card.pin_status()
    assert info.value.code == 9


def test_card_login_with_pin() -> None:
    trust = eeszt_auth.SimulatorTrust()
    with eeszt_auth.SimulatedCard() as card:
        flow = eeszt_auth.LoginFlow()
        assert flow.user(" o95745 ").normalized == "O95745"
        flow.card()
        assert flow.check_card(card) == 3
        with pytest.raises(EesztError) as info:
            flow.pin(card, "000000", CHALLENGE, trust, CARD_NOW)
        assert info.value.message_hu and info.value.message_en
        assert flow.step == "card"
        assert flow.check_card(card) == 2
        flow.pin(card, "123456", CHALLENGE, trust, CARD_NOW)
        result = flow.finish(CARD_NOW)
    assert result.user.normalized == "O95745"
    assert result.method == "card"
    assert result.authenticated and result.simulated
    checks = result.card_checks
    assert checks is not None and checks.signature_verified and checks.trusted and checks.bound
    assert (result.card_certificate or b"")[:1] == b"\x30"
    # Out of order: the flow is done.
    with pytest.raises(EesztError) as info:
        flow.card()
    assert info.value.code == 9


# --- certificates ------------------------------------------------------------------------------

def test_pkcs12_inspect_with_hungarian_password() -> None:
    with eeszt_auth.load_certificates(P12.read_bytes(), "Árvíztűrő") as bundle:
        assert bundle.format == "pkcs12"
        assert bundle.key_count == 1
        names = [c.common_name for c in bundle.certificates]
        assert "Példa Kórház Kft. WAF-SSL kliens" in names
        leaf = bundle.certificates[0]
        assert len(leaf.sha256_hex) == 64 and leaf.not_after > leaf.not_before
    with pytest.raises(EesztError):
        bundle.certificates
