{ EesztAuth: Free Pascal / Delphi binding of the eeszt-auth C library (include/eeszt_auth.h).
  Strings cross as UTF-8 (UTF8String); failures raise EEesztError with the stable Code and the
  message in Hungarian and English; handle classes free their handle once, in the destructor
  (use try..finally). The simulated card (TEesztSimCard) needs the library's sim build and
  EESZT_SIM defined. }
unit EesztAuth;

{$mode delphi}{$H+}

interface

uses SysUtils;

const
  EesztLib = 'eeszt_auth';
  EESZT_OK = 0;
  EESZT_ERR_BUFFER_TOO_SMALL = 3;
  EESZT_ERR_BAD_STATE = 9;
  EESZT_LANG_HU = 0;
  EESZT_LANG_EN = 1;
  EESZT_OTP_SHA1 = 0;
  EESZT_LOGIN_METHOD_CARD = 0;
  EESZT_CERT_SUBJECT = 0;

type
  eeszt_result = UInt32;
  PSizeT = ^NativeUInt;
  PEesztOtpKey = type Pointer;
  PEesztLogin = type Pointer;
  PEesztLoginCard = type Pointer;
  PEesztCardTrust = type Pointer;
  PEesztCertBundle = type Pointer;

  { The caller-stored OTP state (struct eeszt_otp_state): store all of it after every check. }
  TEesztOtpState = record
    HasLastStep: Byte;
    IsLocked: Byte;
    Failures: UInt32;
    LastStep: UInt64;
    LockedUntil: UInt64;
    Counter: UInt64;
  end;
  PEesztOtpState = ^TEesztOtpState;

{ --- the C functions this unit declares (checked against the header by tests/drift.sh) --- }
function eeszt_version: PAnsiChar; cdecl; external EesztLib;
function eeszt_error_message(code: eeszt_result; lang: UInt32; buf: PAnsiChar; len: NativeUInt;
  needed: PSizeT): eeszt_result; cdecl; external EesztLib;
function eeszt_id_user_parse(text: PAnsiChar; buf: PAnsiChar; len: NativeUInt; needed: PSizeT;
  profession: PUInt32): eeszt_result; cdecl; external EesztLib;
function eeszt_otp_key_new(secret: PByte; len: NativeUInt; algorithm: UInt32; digits: UInt32;
  period: UInt64; t0: UInt64; flags: UInt32; out key: PEesztOtpKey): eeszt_result; cdecl; external EesztLib;
procedure eeszt_otp_key_free(key: PEesztOtpKey); cdecl; external EesztLib;
function eeszt_otp_hotp(key: PEesztOtpKey; counter: UInt64; buf: PAnsiChar; len: NativeUInt;
  needed: PSizeT): eeszt_result; cdecl; external EesztLib;
function eeszt_otp_totp(key: PEesztOtpKey; unix_time: UInt64; buf: PAnsiChar; len: NativeUInt;
  needed: PSizeT): eeszt_result; cdecl; external EesztLib;
function eeszt_otp_verify_totp(key: PEesztOtpKey; policy: Pointer; state: PEesztOtpState;
  code: PAnsiChar; unix_time: UInt64; step: PUInt64; drift: PInt64): eeszt_result; cdecl; external EesztLib;
function eeszt_login_new(out flow: PEesztLogin): eeszt_result; cdecl; external EesztLib;
procedure eeszt_login_free(flow: PEesztLogin); cdecl; external EesztLib;
function eeszt_login_user(flow: PEesztLogin; user: PAnsiChar): eeszt_result; cdecl; external EesztLib;
function eeszt_login_method(flow: PEesztLogin; method: UInt32): eeszt_result; cdecl; external EesztLib;
function eeszt_login_card_check(flow: PEesztLogin; card: PEesztLoginCard;
  tries_left: PUInt32): eeszt_result; cdecl; external EesztLib;
function eeszt_login_card_pin(flow: PEesztLogin; card: PEesztLoginCard; pin: PAnsiChar; can: PAnsiChar;
  challenge: PByte; challenge_len: NativeUInt; consent_last_try: UInt32; trust: PEesztCardTrust;
  unix_time: UInt64): eeszt_result; cdecl; external EesztLib;
procedure eeszt_login_card_free(card: PEesztLoginCard); cdecl; external EesztLib;
function eeszt_card_trust_new(out trust: PEesztCardTrust): eeszt_result; cdecl; external EesztLib;
procedure eeszt_card_trust_free(trust: PEesztCardTrust); cdecl; external EesztLib;
function eeszt_cert_load(data: PByte; len: NativeUInt; password: PAnsiChar;
  out bundle: PEesztCertBundle): eeszt_result; cdecl; external EesztLib;
procedure eeszt_cert_free(bundle: PEesztCertBundle); cdecl; external EesztLib;
function eeszt_cert_count(bundle: PEesztCertBundle; certificates: PSizeT;
  keys: PSizeT): eeszt_result; cdecl; external EesztLib;
function eeszt_cert_name(bundle: PEesztCertBundle; index: NativeUInt; which: UInt32; buf: PAnsiChar;
  len: NativeUInt; needed: PSizeT): eeszt_result; cdecl; external EesztLib;
{$ifdef EESZT_SIM}
function eeszt_login_card_sim_new(state_json: PAnsiChar;
  out card: PEesztLoginCard): eeszt_result; cdecl; external EesztLib;
function eeszt_card_trust_add_simulator(trust: PEesztCardTrust): eeszt_result; cdecl; external EesztLib;
{$endif}

type
  { A library failure: the stable code and the message in both languages (Message is English). }
  EEesztError = class(Exception)
  private
    FCode: UInt32;
    FMessageHu: UTF8String;
    FMessageEn: UTF8String;
  public
    constructor CreateCode(ACode: UInt32);
    property Code: UInt32 read FCode;
    property MessageHu: UTF8String read FMessageHu;
    property MessageEn: UTF8String read FMessageEn;
  end;

  TEesztUserId = record
    Normalized: UTF8String;
    Profession: UInt32;   { EESZT_PROFESSION_*: 1 doctor .. 5 staff }
  end;

  { An OTP key (SHA-1 or other algorithm, digits, TOTP period). Free it in a finally block. }
  TEesztOtpKey = class
  private
    FHandle: PEesztOtpKey;
  public
    constructor Create(const Secret: TBytes; Digits: Integer = 6; Period: UInt64 = 30);
    destructor Destroy; override;
    function Hotp(Counter: UInt64): UTF8String;
    function Totp(UnixTime: UInt64): UTF8String;
    { Checks a TOTP code with the default policy; State is read and written back: store it. }
    function VerifyTotp(var State: TEesztOtpState; const Code: UTF8String; UnixTime: UInt64): UInt64;
  end;

  { A card for the login flow. }
  TEesztLoginCard = class
  private
    FHandle: PEesztLoginCard;
  public
    destructor Destroy; override;
    property Handle: PEesztLoginCard read FHandle;
  end;

{$ifdef EESZT_SIM}
  { The simulated eSzemélyi (PIN 123456). Needs the library's sim build. }
  TEesztSimCard = class(TEesztLoginCard)
  public
    constructor Create;
  end;
{$endif}

  { The caller's card trust (anchors and user bindings). }
  TEesztCardTrust = class
  private
    FHandle: PEesztCardTrust;
  public
    constructor Create;
    destructor Destroy; override;
{$ifdef EESZT_SIM}
    procedure AddSimulator;
{$endif}
    property Handle: PEesztCardTrust read FHandle;
  end;

  { The portal login flow. }
  TEesztLogin = class
  private
    FHandle: PEesztLogin;
  public
    constructor Create;
    destructor Destroy; override;
    procedure User(const Typed: UTF8String);
    procedure ChooseCard;
    { Reads the PIN state without spending a try; returns the tries left. }
    function CheckCard(Card: TEesztLoginCard): UInt32;
    procedure Pin(Card: TEesztLoginCard; const APin: UTF8String; const Challenge: TBytes;
      Trust: TEesztCardTrust; UnixTime: UInt64);
  end;

  { A loaded certificate file (DER, PEM or PKCS#12). }
  TEesztCertBundle = class
  private
    FHandle: PEesztCertBundle;
  public
    constructor Create(const Data: TBytes; const Password: UTF8String);
    destructor Destroy; override;
    function CertificateCount: NativeUInt;
    function KeyCount: NativeUInt;
    function Subject(Index: NativeUInt): UTF8String;
  end;

function EesztVersion: UTF8String;
function EesztErrorMessage(Code: UInt32; Lang: UInt32): UTF8String;
procedure EesztCheck(R: eeszt_result);
function EesztHotp(const Secret: TBytes; Counter: UInt64; Digits: Integer): string;
function EesztParseUserId(const Text: UTF8String): TEesztUserId;

implementation

function EesztVersion: UTF8String;
begin
  Result := UTF8String(eeszt_version);
end;

function EesztErrorMessage(Code: UInt32; Lang: UInt32): UTF8String;
var
  needed: NativeUInt;
begin
  Result := '';
  needed := 0;
  if eeszt_error_message(Code, Lang, nil, 0, @needed) <> EESZT_ERR_BUFFER_TOO_SMALL then Exit;
  SetLength(Result, needed - 1);
  if eeszt_error_message(Code, Lang, PAnsiChar(Result), needed, @needed) <> EESZT_OK then
    Result := '';
end;

constructor EEesztError.CreateCode(ACode: UInt32);
begin
  FCode := ACode;
  FMessageHu := EesztErrorMessage(ACode, EESZT_LANG_HU);
  FMessageEn := EesztErrorMessage(ACode, EESZT_LANG_EN);
  inherited Create(string(FMessageEn));
end;

procedure EesztCheck(R: eeszt_result);
begin
  if R <> EESZT_OK then
    raise EEesztError.CreateCode(R);
end;


function EesztHotp(const Secret: TBytes; Counter: UInt64; Digits: Integer): string;
var
  key: TEesztOtpKey;
begin
  key := TEesztOtpKey.Create(Secret, Digits);
  try
    Result := string(key.Hotp(Counter));
  finally
    key.Free;
  end;
end;

function EesztParseUserId(const Text: UTF8String): TEesztUserId;
var
  buf: array[0..63] of AnsiChar;
  needed: NativeUInt;
  prof: UInt32;
begin
  EesztCheck(eeszt_id_user_parse(PAnsiChar(Text), @buf[0], SizeOf(buf), @needed, @prof));
  Result.Normalized := UTF8String(PAnsiChar(@buf[0]));
  Result.Profession := prof;
end;

{ TEesztOtpKey }

constructor TEesztOtpKey.Create(const Secret: TBytes; Digits: Integer; Period: UInt64);
var
  p: PByte;
begin
  inherited Create;
  if Length(Secret) > 0 then p := @Secret[0] else p := nil;
  EesztCheck(eeszt_otp_key_new(p, Length(Secret), EESZT_OTP_SHA1, Digits, Period, 0, 0, FHandle));
end;

destructor TEesztOtpKey.Destroy;
begin
  if FHandle <> nil then eeszt_otp_key_free(FHandle);
  FHandle := nil;
  inherited;
end;

function TEesztOtpKey.Hotp(Counter: UInt64): UTF8String;
var
  buf: array[0..10] of AnsiChar;
  needed: NativeUInt;
begin
  EesztCheck(eeszt_otp_hotp(FHandle, Counter, @buf[0], SizeOf(buf), @needed));
  Result := UTF8String(PAnsiChar(@buf[0]));
end;

function TEesztOtpKey.Totp(UnixTime: UInt64): UTF8String;
var
  buf: array[0..10] of AnsiChar;
  needed: NativeUInt;
begin
  EesztCheck(eeszt_otp_totp(FHandle, UnixTime, @buf[0], SizeOf(buf), @needed));
  Result := UTF8String(PAnsiChar(@buf[0]));
end;

function TEesztOtpKey.VerifyTotp(var State: TEesztOtpState; const Code: UTF8String;
  UnixTime: UInt64): UInt64;
var
  drift: Int64;
begin
  Result := 0;
  EesztCheck(eeszt_otp_verify_totp(FHandle, nil, @State, PAnsiChar(Code), UnixTime, @Result, @drift));
end;

{ TEesztLoginCard }

destructor TEesztLoginCard.Destroy;
begin
  if FHandle <> nil then eeszt_login_card_free(FHandle);
  FHandle := nil;
  inherited;
end;

{$ifdef EESZT_SIM}
constructor TEesztSimCard.Create;
begin
  inherited Create;
  EesztCheck(eeszt_login_card_sim_new(nil, FHandle));
end;
{$endif}

{ TEesztCardTrust }

constructor TEesztCardTrust.Create;
begin
  inherited Create;
  EesztCheck(eeszt_card_trust_new(FHandle));
end;

destructor TEesztCardTrust.Destroy;
begin
  if FHandle <> nil then eeszt_card_trust_free(FHandle);
  FHandle := nil;
  inherited;
end;

{$ifdef EESZT_SIM}
procedure TEesztCardTrust.AddSimulator;
begin
  EesztCheck(eeszt_card_trust_add_simulator(FHandle));
end;
{$endif}

{ TEesztLogin }

constructor TEesztLogin.Create;
begin
  inherited Create;
  EesztCheck(eeszt_login_new(FHandle));
end;

destructor TEesztLogin.Destroy;
begin
  if FHandle <> nil then eeszt_login_free(FHandle);
  FHandle := nil;
  inherited;
end;

procedure TEesztLogin.User(const Typed: UTF8String);
begin
  EesztCheck(eeszt_login_user(FHandle, PAnsiChar(Typed)));
end;

procedure TEesztLogin.ChooseCard;
begin
  EesztCheck(eeszt_login_method(FHandle, EESZT_LOGIN_METHOD_CARD));
end;

function TEesztLogin.CheckCard(Card: TEesztLoginCard): UInt32;
begin
  Result := 0;
  EesztCheck(eeszt_login_card_check(FHandle, Card.Handle, @Result));
end;

procedure TEesztLogin.Pin(Card: TEesztLoginCard; const APin: UTF8String; const Challenge: TBytes;
  Trust: TEesztCardTrust; UnixTime: UInt64);
var
  p: PByte;
begin
  if Length(Challenge) > 0 then p := @Challenge[0] else p := nil;
  EesztCheck(eeszt_login_card_pin(FHandle, Card.Handle, PAnsiChar(APin), nil, p, Length(Challenge),
    0, Trust.Handle, UnixTime));
end;

{ TEesztCertBundle }

constructor TEesztCertBundle.Create(const Data: TBytes; const Password: UTF8String);
var
  p: PByte;
begin
  inherited Create;
  if Length(Data) > 0 then p := @Data[0] else p := nil;
  EesztCheck(eeszt_cert_load(p, Length(Data), PAnsiChar(Password), FHandle));
end;

destructor TEesztCertBundle.Destroy;
begin
  if FHandle <> nil then eeszt_cert_free(FHandle);
  FHandle := nil;
  inherited;
end;

function TEesztCertBundle.CertificateCount: NativeUInt;
var
  keys: NativeUInt;
begin
  Result := 0;
  EesztCheck(eeszt_cert_count(FHandle, @Result, @keys));
end;

function TEesztCertBundle.KeyCount: NativeUInt;
var
  certs: NativeUInt;
begin
  Result := 0;
  EesztCheck(eeszt_cert_count(FHandle, @certs, @Result));
end;

function TEesztCertBundle.Subject(Index: NativeUInt): UTF8String;
var
  needed: NativeUInt;
  r: eeszt_result;
begin
  needed := 0;
  r := eeszt_cert_name(FHandle, Index, EESZT_CERT_SUBJECT, nil, 0, @needed);
  if r <> EESZT_ERR_BUFFER_TOO_SMALL then EesztCheck(r);
  SetLength(Result, needed - 1);
  EesztCheck(eeszt_cert_name(FHandle, Index, EESZT_CERT_SUBJECT, PAnsiChar(Result), needed, @needed));
end;

end.
