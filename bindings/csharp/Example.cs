// Example: parse a user name, make an HOTP code, show an error in both languages.
// Build: mcs -r:EesztAuth.dll Example.cs; run with the library on LD_LIBRARY_PATH (see README).
using System;
using System.Text;
using EesztAuth;

static class Example
{
    static void Main()
    {
        Console.OutputEncoding = new UTF8Encoding(false);
        Console.WriteLine("eeszt-auth " + Library.Version);
        var user = UserId.Parse(" o95745 ");
        Console.WriteLine(user.Normalized + ": " + UserId.ProfessionName(user.Profession, true));
        Console.WriteLine("HOTP(0) = " + Otp.Hotp(Encoding.ASCII.GetBytes("12345678901234567890"), 0, 6));
        try
        {
            UserId.Parse("O 95745");
        }
        catch (EesztException e)
        {
            Console.WriteLine(e.Name + " (" + e.Code + ")\n  hu: " + e.MessageHu + "\n  en: " + e.MessageEn);
        }
    }
}
