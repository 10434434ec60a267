//! QR codes of enrollment URIs, as SVG text and as terminal text (through the `qrcode` crate).

use qrcode::render::{svg, unicode};
use qrcode::{EcLevel, QrCode};

use super::OtpError;

fn encode(text: &str) -> Result<QrCode, OtpError> {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|_| OtpError::QrTooLong)
}

/// The QR code of `text` as a standalone SVG document (black on white, with a quiet zone, at
/// least 200×200 px).
///
/// ```
/// let svg = eeszt_auth::otp::qr_svg("otpauth://totp/EESZT:o95745?secret=GEZDGNBVGY3TQOJQ")?;
/// assert!(svg.starts_with("<?xml") && svg.contains("<svg"));
/// # Ok::<(), eeszt_auth::otp::OtpError>(())
/// ```
pub fn qr_svg(text: &str) -> Result<String, OtpError> {
    Ok(encode(text)?
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}

/// The QR code of `text` as text for a terminal: two modules per character cell with the Unicode
/// half blocks, light modules drawn as blocks so it scans on the usual dark-background terminal,
/// with a quiet zone.
pub fn qr_text(text: &str) -> Result<String, OtpError> {
    Ok(encode(text)?
        .render::<unicode::Dense1x2>()
        .dark_color(unicode::Dense1x2::Light)
        .light_color(unicode::Dense1x2::Dark)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_and_text() {
        let uri =
            "otpauth://totp/EESZT:o95745?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=EESZT";
        let svg = qr_svg(uri).unwrap();
        assert!(svg.contains("<svg") && svg.contains("#000000"));
        let text = qr_text(uri).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        // Version 4 or so: at least 33 modules plus the quiet zone, two rows per line.
        assert!(lines.len() >= 16, "{}", lines.len());
        assert!(
            lines
                .iter()
                .all(|l| l.chars().count() == lines[0].chars().count())
        );
        assert!(text.contains('█') || text.contains('▀'));
        assert_eq!(qr_text(&"x".repeat(5000)), Err(OtpError::QrTooLong));
    }
}
