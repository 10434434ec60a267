"""The issue 20 scenario in Python: identifiers, HOTP, TOTP verification with replay refused,
the simulated eSzemélyi's status and a card login with its PIN, a PKCS#12 inspect."""

import os
import pathlib
import sys

import eeszt_auth
from eeszt_auth import EesztError

root = pathlib.Path(__file__).resolve().parents[3]

user = eeszt_auth.parse_user_id(" o95745 ")
print(f"user: {user.normalized} ({user.profession}, {user.profession_name('hu')})")
assert (user.normalized, user.profession) == ("O95745", "doctor")

code = eeszt_auth.hotp(b"12345678901234567890", 0)
print(f"RFC 4226 counter 0: {code}")
assert code == "755224"

with eeszt_auth.Totp(eeszt_auth.OtpKey.from_bytes(b"12345678901234567890")) as totp:
    verifier, state, now = eeszt_auth.Verifier(), eeszt_auth.OtpState(), 1_767_225_600
    print("TOTP accepted at step", verifier.verify_totp(totp, state, totp.code_at(now), now))
    try:
        verifier.verify_totp(totp, state, totp.code_at(now), now + 1)
        sys.exit("replay accepted")
    except EesztError as e:
        print(f"replay refused: {e.code} {e.message_hu}")

with eeszt_auth.SimulatedCard() as card:
    print("card PIN status:", card.pin_status())
    flow = eeszt_auth.LoginFlow()
    flow.user(" o95745 ")
    flow.card()
    flow.check_card(card)
    flow.pin(card, "123456", os.urandom(32), eeszt_auth.SimulatorTrust(), 1_800_000_000)
    result = flow.finish(1_800_000_000)
    print(f"card login: {result.user} authenticated={result.authenticated} simulated={result.simulated}")
    assert result.authenticated

p12 = (root / "eeszt-auth/tests/data/cert/demo_client.p12").read_bytes()
with eeszt_auth.load_certificates(p12, "Árvíztűrő") as bundle:
    for cert in bundle.certificates:
        print(f"{bundle.format}: {cert.subject}")
print("python scenario: all passed")
