//! Which [`NextAction`] fits which error.

use super::{LoginError, NextAction};
use crate::card::{CardError, EidError};
use crate::error::{ApiError, Error};
use crate::otp::OtpError;

/// The action for an error met in the login flow.
pub(super) fn next_action(err: &Error) -> NextAction {
    match err {
        Error::Id(_) => NextAction::RetypeUserName,
        Error::Login(e) => login(e),
        Error::Otp(e) => otp(e),
        Error::Card(e) => card(e),
        Error::Eid(e) => eid(e),
        Error::Cert(_) => NextAction::InsertCard,
        Error::Api(ApiError::Io { .. }) => NextAction::FixEnvironment,
        _ => NextAction::ContactSupport,
    }
}

fn login(e: &LoginError) -> NextAction {
    match e {
        LoginError::PasswordLocked { .. } => NextAction::Wait,
        LoginError::WrongPassword { .. } | LoginError::PasswordEmpty => NextAction::RetypePassword,
        LoginError::WrongCheckCode | LoginError::CheckCodeEmpty => NextAction::RetypeOtp,
        LoginError::NewPasswordMismatch
        | LoginError::NewPasswordWeak { .. }
        | LoginError::NewPasswordSameAsInitial => NextAction::RetypePassword,
        LoginError::NewPasswordNotStored => NextAction::ContactSupport,
        LoginError::ChallengeLength { .. } => NextAction::ContactSupport,
        LoginError::UnknownInstitution { .. } => NextAction::ChooseInstitution,
        LoginError::NoSecretSource { .. } => NextAction::FixEnvironment,
        LoginError::CardSignatureInvalid => NextAction::RetypePin,
        LoginError::CardNotTrusted { .. } | LoginError::CardNotBound { .. } => {
            NextAction::UseOwnCard
        }
    }
}

fn otp(e: &OtpError) -> NextAction {
    match e {
        OtpError::Locked { .. } => NextAction::Wait,
        OtpError::WrongCode { .. }
        | OtpError::CodeReused
        | OtpError::CodeLength { .. }
        | OtpError::CodeNotDigits
        | OtpError::ResyncFailed => NextAction::RetypeOtp,
        _ => NextAction::ContactSupport,
    }
}

fn card(e: &CardError) -> NextAction {
    match e {
        CardError::NoReader | CardError::ReaderNotFound { .. } => NextAction::ConnectReader,
        CardError::NoCard | CardError::CardRemoved | CardError::CardReset | CardError::Timeout => {
            NextAction::InsertCard
        }
        CardError::ServiceNotRunning | CardError::Busy => NextAction::FixEnvironment,
        _ => NextAction::ContactSupport,
    }
}

fn eid(e: &EidError) -> NextAction {
    match e {
        EidError::PinBlocked | EidError::WrongPuk => NextAction::EnterPuk,
        EidError::PinSuspended | EidError::WrongCan => NextAction::EnterCan,
        EidError::LastTryNeedsConsent => NextAction::ConfirmLastTry,
        EidError::PinNotActivated => NextAction::ActivateCard,
        EidError::WrongPin { .. } | EidError::SecretFormat { .. } => NextAction::RetypePin,
        EidError::NotEszemelyi | EidError::CardAccessInvalid | EidError::NoSupportedPace => {
            NextAction::InsertCard
        }
        _ => NextAction::ContactSupport,
    }
}
