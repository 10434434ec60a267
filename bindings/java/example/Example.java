// Example: parse a user name, make an HOTP code, show an error in both languages.
import hu.eeszt.auth.EesztException;
import hu.eeszt.auth.Otp;
import hu.eeszt.auth.UserId;
import hu.eeszt.auth.Version;
import java.nio.charset.StandardCharsets;

public final class Example {
    public static void main(String[] args) {
        System.out.println("eeszt-auth " + Version.get());
        UserId user = UserId.parse(" o95745 ");
        System.out.println(user.getNormalized() + ": " + user.getProfession().displayName(true));
        System.out.println("HOTP(0) = " + Otp.hotp("12345678901234567890".getBytes(StandardCharsets.US_ASCII), 0, 6));
        try {
            UserId.parse("O 95745");
        } catch (EesztException e) {
            System.out.println(e.getName() + " (" + e.getCode() + ")\n  hu: " + e.getMessageHu() + "\n  en: " + e.getMessageEn());
        }
    }
}
