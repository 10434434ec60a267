"""eeszt_auth: log Hungarian health-care workers into EESZT (identifiers, HOTP/TOTP, the eID card,
certificates). A PyO3 binding over the Rust ``eeszt-auth`` crate; every failure raises
:class:`EesztError` with the stable code and the message in Hungarian and English."""

from ._errors import EesztError
from ._native import (
    VERSION,
    CardChecks,
    CertBundle,
    Certificate,
    LoginFlow,
    LoginResult,
    OtpKey,
    OtpState,
    SimulatedCard,
    SimulatorTrust,
    Totp,
    UserId,
    Verifier,
    error_message,
    hotp,
    load_certificates,
    parse_user_id,
)

__version__ = VERSION

__all__ = [
    "VERSION",
    "CardChecks",
    "CertBundle",
    "Certificate",
    "EesztError",
    "LoginFlow",
    "LoginResult",
    "OtpKey",
    "OtpState",
    "SimulatedCard",
    "SimulatorTrust",
    "Totp",
    "UserId",
    "Verifier",
    "error_message",
    "hotp",
    "load_certificates",
    "parse_user_id",
]
