//! What the UI should offer after a failure.

use crate::error::{Error, Lang};

/// The next action a login UI should offer the user after a step failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NextAction {
    /// Type the user name again (as the message says).
    RetypeUserName,
    /// Connect a card reader, then try again.
    ConnectReader,
    /// Put the eID card in the reader (or put it back), then try again.
    InsertCard,
    /// Activate the card first (transport PIN -> 6-digit PIN).
    ActivateCard,
    /// Enter the CAN printed on the card to resume the suspended PIN.
    EnterCan,
    /// Unblock the PIN with the PUK.
    EnterPuk,
    /// Type the PIN again.
    RetypePin,
    /// Ask the user to confirm that the last PIN try may be spent.
    ConfirmLastTry,
    /// Type the password again.
    RetypePassword,
    /// Type a new one-time password (and check code).
    RetypeOtp,
    /// Wait until the lock ends (see the error for the time).
    Wait,
    /// Choose an institution from the list, or "Intézmény nélkül".
    ChooseInstitution,
    /// Start the reader service (pcscd) or fix the environment, then try again.
    FixEnvironment,
    /// Use one's own eID card, or have the card registered for the user name.
    UseOwnCard,
    /// Nothing the user can fix: contact the EESZT helpdesk or the vendor.
    ContactSupport,
}

impl NextAction {
    /// The action for any library error met during login.
    pub fn for_error(err: &Error) -> NextAction {
        super::mapping::next_action(err)
    }

    /// A short instruction to show, in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        let (hu, en) = match self {
            NextAction::RetypeUserName => (
                "Adja meg újra a felhasználónevét.",
                "Type your user name again.",
            ),
            NextAction::ConnectReader => (
                "Csatlakoztassa az eSzemélyi olvasót, majd próbálja újra.",
                "Connect the eID card reader, then try again.",
            ),
            NextAction::InsertCard => (
                "Helyezze eSzemélyi igazolványát az olvasóba, majd próbálja újra.",
                "Put your eID card in the reader, then try again.",
            ),
            NextAction::ActivateCard => (
                "Aktiválja az eSzemélyi igazolványt (PIN KEZELÉS), majd próbálja újra.",
                "Activate the eID card (PIN management), then try again.",
            ),
            NextAction::EnterCan => (
                "Adja meg a kártyán található 6 jegyű CAN-kódot.",
                "Enter the 6-digit CAN printed on the card.",
            ),
            NextAction::EnterPuk => (
                "Oldja fel a PIN-kódot a PUK-kóddal.",
                "Unblock the PIN with the PUK.",
            ),
            NextAction::RetypePin => ("Adja meg újra a PIN-kódot.", "Type the PIN again."),
            NextAction::ConfirmLastTry => (
                "Erősítse meg, hogy az utolsó próbálkozást is felhasználja.",
                "Confirm that the last try may be used.",
            ),
            NextAction::RetypePassword => {
                ("Adja meg újra a jelszavát.", "Type your password again.")
            }
            NextAction::RetypeOtp => (
                "Adja meg a tokenen megjelenő új egyszer használatos jelszót és az ellenőrző kódot.",
                "Type the new one-time password and check code shown on the token.",
            ),
            NextAction::Wait => (
                "Várjon, amíg a zárolás lejár, majd próbálja újra.",
                "Wait until the lock ends, then try again.",
            ),
            NextAction::ChooseInstitution => (
                "Válasszon intézményt a listából, vagy az \"Intézmény nélkül\" lehetőséget.",
                "Choose an institution from the list, or \"No institution\".",
            ),
            NextAction::FixEnvironment => (
                "Indítsa el a kártyaolvasó szolgáltatást (pcscd), majd próbálja újra.",
                "Start the card reader service (pcscd), then try again.",
            ),
            NextAction::UseOwnCard => (
                "Saját eSzemélyi igazolványával lépjen be, vagy kérje az intézmény informatikusát a kártya nyilvántartásba vételére.",
                "Log in with your own eID card, or ask your institution's IT staff to register the card.",
            ),
            NextAction::ContactSupport => (
                "Forduljon az EESZT Kontakt Centerhez (06-1-920-1050).",
                "Contact the EESZT Contact Center (+36-1-920-1050).",
            ),
        };
        lang.pick(hu, en)
    }

    /// A stable snake_case name for JSON and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            NextAction::RetypeUserName => "retype_user_name",
            NextAction::ConnectReader => "connect_reader",
            NextAction::InsertCard => "insert_card",
            NextAction::ActivateCard => "activate_card",
            NextAction::EnterCan => "enter_can",
            NextAction::EnterPuk => "enter_puk",
            NextAction::RetypePin => "retype_pin",
            NextAction::ConfirmLastTry => "confirm_last_try",
            NextAction::RetypePassword => "retype_password",
            NextAction::RetypeOtp => "retype_otp",
            NextAction::Wait => "wait",
            NextAction::ChooseInstitution => "choose_institution",
            NextAction::FixEnvironment => "fix_environment",
            NextAction::UseOwnCard => "use_own_card",
            NextAction::ContactSupport => "contact_support",
        }
    }
}
