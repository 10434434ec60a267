//! Errors of the eID protocols (codes 4001-4999): PACE, secure messaging, the PIN lifecycle.

use crate::error::{Detail, Lang};

define_errors! {
    /// eID protocol errors (PACE, secure messaging, PIN).
    pub enum EidError {
        /// The PIN is blocked (third wrong PIN); only the PUK unblocks it.
        PinBlocked = 4001, "EID_PIN_BLOCKED",
            hu: "A PIN-kód blokkolva van; a feloldáshoz a PUK-kód szükséges.",
            en: "The PIN is blocked; the PUK is needed to unblock it.";
        /// The card rejected the PIN (or transport PIN); `tries_left` tries remain.
        WrongPin {
            /// Tries left after this failure; `None` when the card did not say (`6300` without a
            /// counter): unknown, which is not the same as none.
            tries_left: Option<u8>
        } = 4002, "EID_WRONG_PIN",
            hu: "Hibás PIN-kód. Ellenőrizze a kódot, és próbálja újra.",
            en: "Wrong PIN. Check the code and try again.";
        /// Two wrong PINs suspended the PIN: the CAN printed on the card must be entered first.
        PinSuspended = 4003, "EID_PIN_SUSPENDED",
            hu: "A PIN-kód felfüggesztve: két hibás próbálkozás után először a kártyán található CAN-kódot kell megadni, majd a PIN-kódot.",
            en: "The PIN is suspended after two wrong tries: enter the CAN printed on the card first, then the PIN.";
        /// The next PIN attempt would spend the last try; the caller must consent explicitly.
        LastTryNeedsConsent = 4004, "EID_LAST_TRY_NEEDS_CONSENT",
            hu: "Ez az utolsó PIN-próbálkozás: hibás kód esetén a PIN-kód blokkolódik. Csak kifejezett megerősítés után próbálja meg.",
            en: "This is the last PIN try: a wrong code blocks the PIN. Try only after confirming it explicitly.";
        /// The card still has its transport PIN: it must be activated first.
        PinNotActivated = 4005, "EID_PIN_NOT_ACTIVATED",
            hu: "A kártya még nincs aktiválva: állítsa be a 6 jegyű PIN-kódot a levélben kapott 5 jegyű aktiváló (szállítási) PIN-kóddal.",
            en: "The card is not activated yet: set the 6-digit PIN using the 5-digit activation (transport) PIN from the letter.";
        /// Activation was asked for but the card's PIN is already active.
        AlreadyActivated = 4006, "EID_ALREADY_ACTIVATED",
            hu: "A kártya PIN-kódja már aktiválva van; a PIN-kód módosításához használja a PIN-módosítást.",
            en: "The card's PIN is already activated; use PIN change to change it.";
        /// A PIN, CAN, PUK or transport PIN has the wrong form.
        SecretFormat {
            /// Which secret ("PIN", "CAN", ...), never its value.
            what: &'static str,
            /// The digits expected, as text ("6", "8-10").
            digits: &'static str
        } = 4007, "EID_SECRET_FORMAT",
            hu: "A megadott kód formátuma hibás: csak számjegyeket tartalmazhat, a megadott hosszban.",
            en: "The code has the wrong form: it must consist of digits only, of the given length.";
        /// The new PIN and its confirmation differ.
        PinMismatch = 4008, "EID_PIN_MISMATCH",
            hu: "Az új PIN-kód és a megerősítése nem egyezik. Adja meg újra mindkettőt.",
            en: "The new PIN and its confirmation differ. Enter both again.";
        /// EF.CardAccess could not be parsed.
        CardAccessInvalid = 4009, "EID_CARD_ACCESS_INVALID",
            hu: "A kártya biztonsági leírója (EF.CardAccess) hibás vagy hiányzik; a kártya nem eSzemélyi, vagy sérült.",
            en: "The card's security description (EF.CardAccess) is missing or malformed; the card is not an eID card or is damaged.";
        /// No PACE option of the card is supported by this library.
        NoSupportedPace = 4010, "EID_NO_SUPPORTED_PACE",
            hu: "A kártya által kínált PACE-változatok egyikét sem támogatja a program.",
            en: "None of the PACE variants offered by the card is supported.";
        /// The PACE exchange failed (a malformed or refused step).
        PaceFailed {
            /// Which step ("MSE:Set AT", "nonce", "mapping", "key agreement", "mutual authentication").
            step: &'static str
        } = 4011, "EID_PACE_FAILED",
            hu: "A biztonságos kapcsolat (PACE) felépítése a kártyával nem sikerült. Vegye ki és helyezze vissza a kártyát, majd próbálja újra.",
            en: "Setting up the secure channel (PACE) with the card failed. Remove and reinsert the card, then try again.";
        /// The chip's authentication token was wrong: not the card that knows the password.
        PaceTokenMismatch = 4012, "EID_PACE_TOKEN_MISMATCH",
            hu: "A kártya hitelesítése sikertelen (hibás hitelesítő token); a kapcsolat nem biztonságos, a műveletet megszakítottuk.",
            en: "The card failed to authenticate (wrong authentication token); the channel is not trustworthy and the operation was aborted.";
        /// A public key received during PACE is not a valid point of the curve.
        InvalidPoint = 4013, "EID_INVALID_POINT",
            hu: "A kártyától kapott nyilvános kulcs érvénytelen; a műveletet megszakítottuk.",
            en: "The public key received from the card is invalid; the operation was aborted.";
        /// The card answered 6987: expected secure-messaging data objects are missing.
        SmObjectsMissing = 4014, "EID_SM_OBJECTS_MISSING",
            hu: "A kártya szerint a biztonságos üzenetből hiányoznak adatelemek (6987); a kapcsolatot lezártuk, kezdje újra.",
            en: "The card reports missing secure-messaging data objects (6987); the session was closed, start again.";
        /// The card answered 6988: secure-messaging data objects are incorrect.
        SmObjectsIncorrect = 4015, "EID_SM_OBJECTS_INCORRECT",
            hu: "A kártya szerint a biztonságos üzenet adatelemei hibásak (6988); a kapcsolatot lezártuk, kezdje újra.",
            en: "The card reports incorrect secure-messaging data objects (6988); the session was closed, start again.";
        /// The MAC of a card response was wrong.
        SmBadMac = 4016, "EID_SM_BAD_MAC",
            hu: "A kártya válaszának hitelesítő kódja (MAC) hibás; a kapcsolatot lezártuk. Ellenőrizze az olvasót, és kezdje újra.",
            en: "The MAC of the card's response is wrong; the session was closed. Check the reader and start again.";
        /// A card response under secure messaging was malformed.
        SmMalformed = 4017, "EID_SM_MALFORMED",
            hu: "A kártya biztonságos üzenetben küldött válasza hibás szerkezetű; a kapcsolatot lezártuk.",
            en: "The card's secure-messaging response is malformed; the session was closed.";
        /// The session was closed (after an error or explicitly) and cannot be used again.
        SessionClosed = 4018, "EID_SESSION_CLOSED",
            hu: "A kártyával felépített biztonságos kapcsolat lezárult; nyisson újat.",
            en: "The secure session with the card is closed; open a new one.";
        /// PACE with the CAN failed: the CAN is wrong.
        WrongCan = 4019, "EID_WRONG_CAN",
            hu: "Hibás CAN-kód. A 6 jegyű CAN-kód a kártya előlapján található.",
            en: "Wrong CAN. The 6-digit CAN is printed on the front of the card.";
        /// PACE with the PUK failed: the PUK is wrong.
        WrongPuk = 4020, "EID_WRONG_PUK",
            hu: "Hibás PUK-kód. A PUK-kódot a kártyához kapott levél tartalmazza.",
            en: "Wrong PUK. The PUK is in the letter that came with the card.";
        /// The reader offers no PIN pad with PACE (EXECUTE_PACE).
        PinPadUnsupported = 4021, "EID_PIN_PAD_UNSUPPORTED",
            hu: "Az olvasó nem támogatja a PIN-kód bevitelét a saját billentyűzetén (PACE).",
            en: "The reader does not support entering the PIN on its own keypad (PACE).";
        /// The PIN-pad reader reported an error or the user cancelled.
        PinPadFailed {
            /// The reader's result code.
            result: u32
        } = 4022, "EID_PIN_PAD_FAILED",
            hu: "A PIN-kód bevitele az olvasó billentyűzetén nem sikerült, vagy megszakították.",
            en: "Entering the PIN on the reader's keypad failed or was cancelled.";
        /// The card is not a (supported) eID card.
        NotEszemelyi = 4023, "EID_NOT_ESZEMELYI",
            hu: "A kártya nem eSzemélyi igazolvány, vagy nem támogatott típus.",
            en: "The card is not a Hungarian eID card, or not a supported kind.";
        /// The simulated card's state file is invalid.
        SimState {
            /// What is wrong (never a secret).
            detail: String
        } = 4024, "EID_SIM_STATE",
            hu: "A szimulált eSzemélyi állapotfájlja hibás.",
            en: "The simulated eID card's state file is invalid.";
        /// The card refused the operation (status word), for example reading a protected file.
        CardRefused {
            /// The status word.
            sw: u16
        } = 4025, "EID_CARD_REFUSED",
            hu: "A kártya elutasította a műveletet.",
            en: "The card refused the operation.";
        /// The card's authentication certificate or signature is missing or invalid.
        AuthFailed = 4026, "EID_AUTH_FAILED",
            hu: "A kártya hitelesítő tanúsítványa vagy aláírása hiányzik vagy érvénytelen.",
            en: "The card's authentication certificate or signature is missing or invalid.";
        /// A random generator failed or a protocol value was out of range.
        Crypto = 4027, "EID_CRYPTO",
            hu: "Kriptográfiai művelet sikertelen; a műveletet megszakítottuk.",
            en: "A cryptographic operation failed; the operation was aborted.";
        /// The reader cannot change the PIN on its keypad: it lacks EXECUTE_PACE or MODIFY_PIN_DIRECT.
        PinPadChangeUnsupported = 4028, "EID_PIN_PAD_CHANGE_UNSUPPORTED",
            hu: "Az olvasó nem támogatja a PIN-kód módosítását a saját billentyűzetén. Adja meg a kódokat a számítógépen, vagy használjon PACE-képes PIN-pados olvasót.",
            en: "The reader cannot change the PIN on its own keypad. Enter the codes on the computer, or use a PIN-pad reader with PACE.";
        /// The PIN-pad reader timed out waiting for the PIN (reader status 6400).
        PinPadTimeout = 4029, "EID_PIN_PAD_TIMEOUT",
            hu: "Lejárt a PIN-kód bevitelére szolgáló idő az olvasó billentyűzetén. Kezdje újra, és adja meg a kódot időben.",
            en: "The time for entering the PIN on the reader's keypad ran out. Start again and enter the code in time.";
        /// The user cancelled the entry on the reader's keypad (reader status 6401).
        PinPadCancelled = 4030, "EID_PIN_PAD_CANCELLED",
            hu: "A PIN-kód bevitelét megszakították az olvasó billentyűzetén; a PIN-kód nem változott.",
            en: "The PIN entry was cancelled on the reader's keypad; the PIN is unchanged.";
        /// The new PIN typed on the keypad has the wrong length (reader status 6403).
        PinPadPinLength = 4031, "EID_PIN_PAD_PIN_LENGTH",
            hu: "Az olvasó billentyűzetén megadott új PIN-kód hossza hibás: 6 számjegyet adjon meg.",
            en: "The new PIN typed on the reader's keypad has the wrong length: enter 6 digits.";
        /// The card refused the keypad PIN change as unprotected: the reader did not send it through
        /// the PACE channel it opened (card status 6982, 6987 or 6988).
        PinPadUnprotected {
            /// The card's status word.
            sw: u16
        } = 4032, "EID_PIN_PAD_UNPROTECTED",
            hu: "A kártya elutasította a PIN-kód módosítását, mert az olvasó nem a biztonságos (PACE) csatornán küldte; a PIN-kód nem változott. Adja meg a kódokat a számítógépen.",
            en: "The card refused the PIN change because the reader did not send it through the secure (PACE) channel; the PIN is unchanged. Enter the codes on the computer instead.";
        /// Activation was refused before any PIN attempt: the card does not positively report the
        /// transport state (MSE:Set AT answered `63Cx`, which an active PIN with fewer tries gives
        /// too), so a transport PIN could spend a try of an activated PIN.
        ActivationStateUnknown = 4040, "EID_ACTIVATION_STATE_UNKNOWN",
            hu: "Az aktiválást nem kíséreltük meg, és egyetlen PIN-próbálkozás sem fogyott: a kártya nem jelzi, hogy még az aktiváló (szállítási) PIN-kód van beállítva. Ha a kártya már aktiválva van, használja a PIN-módosítást; ha nem, forduljon a kormányablakhoz.",
            en: "Activation was not tried and no PIN try was spent: the card does not report that its activation (transport) PIN is still set. If the card is already activated, use PIN change; if not, turn to a government office (kormányablak).";
    }
}

impl Detail for EidError {
    fn detail(&self, lang: Lang) -> Option<String> {
        match self {
            EidError::WrongPin {
                tries_left: Some(tries_left),
            } => Some(match lang {
                Lang::Hu => format!("Hátralévő próbálkozások: {tries_left}."),
                Lang::En => format!("Tries left: {tries_left}."),
            }),
            EidError::WrongPin { tries_left: None } => Some(
                match lang {
                    Lang::Hu => "A hátralévő próbálkozások száma nem ismert.",
                    Lang::En => "The number of tries left is unknown.",
                }
                .to_string(),
            ),
            EidError::SecretFormat { what, digits } => Some(match lang {
                Lang::Hu => format!("({what}: {digits} számjegy)"),
                Lang::En => format!("({what}: {digits} digits)"),
            }),
            EidError::PaceFailed { step } => Some(format!("({step})")),
            EidError::PinPadFailed { result } => Some(format!("(0x{result:08X})")),
            EidError::SimState { detail } => Some(format!("({detail})")),
            EidError::CardRefused { sw } | EidError::PinPadUnprotected { sw } => {
                Some(format!("(SW {sw:04X})"))
            }
            _ => None,
        }
    }
}
