program hotp_demo;
{$mode delphi}{$H+}{$codepage utf8}
uses SysUtils, EesztAuth;
begin
  WriteLn('RFC 4226 counter 0: ', EesztHotp(TEncoding.UTF8.GetBytes('12345678901234567890'), 0, 6));
  WriteLn('user: ', EesztParseUserId(' o95745 ').Normalized);
  try
    EesztHotp(TEncoding.UTF8.GetBytes('rövid'), 0, 6);
  except
    on E: EEesztError do WriteLn('error ', E.Code, ': ', E.MessageHu);
  end;
end.
