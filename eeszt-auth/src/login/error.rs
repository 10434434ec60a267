//! Errors of this area (codes 6001-6999).

use crate::error::Detail;

define_errors! {
    /// Login flow errors.
    pub enum LoginError {
        /// PasswordLocked
        PasswordLocked = 6001, "LOGIN_PASSWORD_LOCKED", hu: "Három sikertelen jelszómegadás miatt a belépés 15 percre zárolva.", en: "Login is locked for 15 minutes after three wrong passwords.";
    }
}

impl Detail for LoginError {}
