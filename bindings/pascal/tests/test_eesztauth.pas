{ Tests of the EesztAuth unit: the issue 20 scenario against the sim build of the C library.
  Exits 1 on the first failed check. }
program test_eesztauth;

{$mode delphi}{$H+}{$codepage utf8}

uses SysUtils, Classes, EesztAuth;

var
  failures: Integer = 0;

procedure Check(Cond: Boolean; const What: string);
begin
  if Cond then WriteLn('ok   ', What)
  else begin WriteLn('FAIL ', What); Inc(failures); end;
end;

function Bytes(const S: RawByteString): TBytes;
begin
  Result := nil;
  SetLength(Result, Length(S));
  if Length(S) > 0 then Move(S[1], Result[0], Length(S));
end;

function ReadFileBytes(const Path: string): TBytes;
var
  f: TFileStream;
begin
  Result := nil;
  f := TFileStream.Create(Path, fmOpenRead);
  try
    SetLength(Result, f.Size);
    if f.Size > 0 then f.ReadBuffer(Result[0], f.Size);
  finally
    f.Free;
  end;
end;

const
  Pangram: UTF8String = 'Árvíztűrő tükörfúrógép';
  Now1 = 1767225600;
  CardNow = 1800000000;

var
  user: TEesztUserId;
  key: TEesztOtpKey;
  state: TEesztOtpState;
  code: UTF8String;
  card: TEesztSimCard;
  trust: TEesztCardTrust;
  flow: TEesztLogin;
  bundle: TEesztCertBundle;
  challenge: TBytes;
  i: Integer;
  raised: Boolean;
  subj: UTF8String;
  P12Path: string;
begin
  { the repository root is the first argument (default: run from bindings/pascal) }
  if ParamCount >= 1 then P12Path := ParamStr(1) else P12Path := '../..';
  P12Path := P12Path + '/eeszt-auth/tests/data/cert/demo_client.p12';
  Check(EesztVersion <> '', 'version ' + string(EesztVersion));

  { identifiers }
  user := EesztParseUserId(' o95745 ');
  Check(user.Normalized = 'O95745', 'parse " o95745 " -> ' + string(user.Normalized));
  Check(user.Profession = 1, 'profession doctor');
  raised := False;
  try
    EesztParseUserId('');
  except
    on E: EEesztError do
    begin
      raised := (E.Code = 1001) and (E.MessageHu = UTF8String('Ez a mező kötelező.'))
        and (E.MessageEn = 'This field is required.');
    end;
  end;
  Check(raised, 'empty user name: EEesztError 1001 with both messages');

  { OTP }
  Check(EesztHotp(Bytes('12345678901234567890'), 0, 6) = '755224', 'RFC 4226 counter 0 = 755224');
  Check(EesztHotp(Bytes('12345678901234567890'), 9, 6) = '520489', 'RFC 4226 counter 9 = 520489');
  raised := False;
  try
    EesztHotp(Bytes('0123456789'), 0, 6);
  except
    on E: EEesztError do
      raised := (E.Code = 2001) and
        (E.MessageHu = UTF8String('A titkos kulcs túl rövid: legalább 128 bit szükséges.'));
  end;
  Check(raised, 'short key: EEesztError 2001, Hungarian message in UTF-8');

  key := TEesztOtpKey.Create(Bytes('12345678901234567890'));
  try
    FillChar(state, SizeOf(state), 0);
    code := key.Totp(Now1);
    Check(key.VerifyTotp(state, code, Now1) = Now1 div 30, 'TOTP accepted, step stored');
    Check(state.HasLastStep = 1, 'state records the step');
    raised := False;
    try
      key.VerifyTotp(state, code, Now1 + 5);
    except
      on E: EEesztError do raised := E.Code = 2012;
    end;
    Check(raised, 'TOTP replay refused (2012)');
    Check(state.Failures = 1, 'replay counted as a failure');
  finally
    key.Free;
  end;

  { UTF-8 both ways: Pascal -> C (the pangram as a wrong PKCS#12 password, a Hungarian right one),
    C -> Pascal (accented messages and subjects) }
  raised := False;
  try
    TEesztCertBundle.Create(ReadFileBytes(P12Path), Pangram).Free;
  except
    on E: EEesztError do raised := E.Code = 5011;
  end;
  Check(raised, 'PKCS#12 with the pangram as password: wrong password (5011)');
  Check(Pos(UTF8String('ő'), EesztErrorMessage(1, EESZT_LANG_HU)) > 0, 'Hungarian message holds ő');

  { the simulated eSzemélyi: status and card login }
  SetLength(challenge, 32);
  for i := 0 to 31 do challenge[i] := i + 1;
  card := TEesztSimCard.Create;
  trust := TEesztCardTrust.Create;
  flow := TEesztLogin.Create;
  try
    trust.AddSimulator;
    flow.User(' o95745 ');
    flow.ChooseCard;
    Check(flow.CheckCard(card) = 3, 'simulated card: 3 PIN tries');
    raised := False;
    try
      flow.Pin(card, '000000', challenge, trust, CardNow);
    except
      on E: EEesztError do raised := (E.Code <> 0) and (E.MessageHu <> E.MessageEn);
    end;
    Check(raised, 'wrong PIN refused');
    Check(flow.CheckCard(card) = 2, 'one try spent');
    flow.Pin(card, '123456', challenge, trust, CardNow);  { raises EEesztError unless authenticated }
    WriteLn('ok   card login with PIN 123456');
  finally
    flow.Free;
    trust.Free;
    card.Free;
  end;

  { PKCS#12 inspect with a Hungarian password }
  bundle := TEesztCertBundle.Create(ReadFileBytes(P12Path),
    'Árvíztűrő');
  try
    Check(bundle.CertificateCount = 3, 'PKCS#12: 3 certificates');
    Check(bundle.KeyCount = 1, 'PKCS#12: 1 key');
    subj := bundle.Subject(0);
    Check(Pos(UTF8String('Példa Kórház Kft.'), subj) > 0, 'subject ' + string(subj));
  finally
    bundle.Free;
  end;

  if failures > 0 then
  begin
    WriteLn(failures, ' check(s) failed');
    Halt(1);
  end;
  WriteLn('pascal: all checks passed');
end.
