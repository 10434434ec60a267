//! Interoperability with OpenPACE's libeac (an independent TR-03110 implementation, GPL: compiled
//! into a separate test program, never linked into eeszt-auth). The C peer in tests/interop/ runs
//! PACE as the chip against our terminal and as the terminal against our chip, on brainpoolP256r1,
//! NIST P-256, brainpoolP384r1 and brainpoolP512r1 with AES-128 and AES-256; both sides must derive the same keys,
//! a wrong password must fail at the token, and secure messaging must pass both ways.

use eeszt_auth::card::eid::{
    CardAccess, Curve, PaceChip, PaceProtocol, PaceTerminal, Password, SessionKeys,
    rng::DeterministicRng, sm::SmCodec,
};
use eeszt_auth::card::hex::{hex, parse_hex};
use eeszt_auth::card::{Command, Response, StatusWord, tlv};
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command as Process, Stdio};
use std::sync::OnceLock;

fn peer_binary() -> &'static PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pace_peer");
        let flags = Process::new("pkg-config")
            .args(["--cflags", "--libs", "libeac"])
            .output()
            .expect("pkg-config (install libeac-dev: scripts/install-deps.sh)");
        assert!(flags.status.success(), "libeac-dev is not installed");
        let flags = String::from_utf8(flags.stdout).unwrap();
        let src = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/interop/pace_peer.c");
        let status = Process::new("gcc")
            .args(["-std=c11", "-Wall", "-Wextra", "-o"])
            .arg(&out)
            .arg(src)
            .args(flags.split_whitespace())
            .status()
            .expect("gcc");
        assert!(status.success(), "compiling the libeac peer failed");
        out
    })
}

struct Peer {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Peer {
    fn start(role: &str, card_access: &[u8], kind: &str, password: &str) -> Peer {
        let mut child = Process::new(peer_binary())
            .args([role, &hex(card_access), kind, password])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the libeac peer");
        let input = child.stdin.take().unwrap();
        let output = BufReader::new(child.stdout.take().unwrap());
        Peer {
            child,
            input,
            output,
        }
    }

    fn send(&mut self, tag: &str, value: &[u8]) {
        writeln!(self.input, "{tag} {}", hex(value)).unwrap();
        self.input.flush().unwrap();
    }

    fn line(&mut self) -> String {
        let mut line = String::new();
        self.output.read_line(&mut line).unwrap();
        line.trim_end().to_owned()
    }

    fn recv(&mut self, tag: &str) -> Vec<u8> {
        let line = self.line();
        let value = line
            .strip_prefix(tag)
            .and_then(|rest| rest.strip_prefix(' '))
            .unwrap_or_else(|| panic!("expected {tag}, got {line:?}"));
        parse_hex(value).unwrap()
    }

    fn keys(&mut self) -> (Vec<u8>, Vec<u8>) {
        let line = self.line();
        let mut parts = line.split(' ');
        assert_eq!(parts.next(), Some("KEYS"), "{line}");
        let enc = parse_hex(parts.next().unwrap()).unwrap();
        let mac = parse_hex(parts.next().unwrap()).unwrap();
        (enc, mac)
    }

    /// Our side protects a command; the peer checks its MAC and protects a response we unwrap.
    fn secure_messaging(&mut self, keys: SessionKeys) {
        let mut codec = SmCodec::new(keys);
        let command = Command::new(0x00, 0xD6, 0x00, 0x00)
            .with_data(b"eeszt-auth".to_vec())
            .with_le(5);
        let wire = codec.protect_command(&command).unwrap();
        let objects = tlv::parse_all(wire.data()).unwrap();
        let raw = |tag| {
            let object = objects.iter().find(|o| o.tag == tag).unwrap();
            let mut out = Vec::new();
            object.encode(&mut out);
            out
        };
        self.send("SMHDR", &[wire.cla(), wire.ins(), wire.p1(), wire.p2()]);
        self.send("SMDO87", &raw(0x87));
        self.send("SMDO97", &raw(0x97));
        self.send(
            "SMMAC",
            objects.iter().find(|o| o.tag == 0x8E).unwrap().value,
        );
        assert_eq!(self.line(), "SMCMD OK");
        let mut data = self.recv("SMRSP87");
        data.extend(self.recv("SMRSP99"));
        let mac = self.recv("SMRSPMAC");
        tlv::encode(0x8E, &mac, &mut data);
        let plain = codec
            .unprotect_response(&Response::new(data, StatusWord(0x9000)))
            .unwrap();
        assert_eq!(plain.data(), [1, 2, 3, 4, 5]);
        assert_eq!(plain.sw(), StatusWord(0x9000));
    }

    fn finish(mut self) -> bool {
        drop(self.input);
        self.child.wait().unwrap().success()
    }
}

const CONFIGS: [(PaceProtocol, u8); 6] = [
    (PaceProtocol::ECDH_GM_AES_128, 13),
    (PaceProtocol::ECDH_GM_AES_128, 12),
    (PaceProtocol::ECDH_GM_AES_256, 13),
    (PaceProtocol::ECDH_GM_AES_256, 16),
    (PaceProtocol::ECDH_GM_AES_256, 17),
    (PaceProtocol::ECDH_GM_AES_128, 17),
];

#[test]
fn libeac_chip_against_our_terminal() {
    for (protocol, id) in CONFIGS {
        let access = CardAccess::encode(&[(protocol, id)]);
        let info = CardAccess::parse(&access).unwrap();
        let info = info.best_pace().unwrap();
        let curve = info.curve().unwrap();
        let mut rng = DeterministicRng::from_seed([id; 32]);
        let pin = Password::pin("123456").unwrap();
        let mut peer = Peer::start("chip", &access, "pin", "123456");
        let mut terminal = PaceTerminal::new(protocol, curve, &pin);
        let z = peer.recv("NONCE");
        let pk_map = terminal.nonce(&z, &mut rng).unwrap();
        peer.send("MAP", &pk_map);
        let chip_map = peer.recv("MAP");
        let pk = terminal.map(&chip_map, &mut rng).unwrap();
        peer.send("KEY", &pk);
        let chip_pk = peer.recv("KEY");
        let t_ifd = terminal.agree(&chip_pk).unwrap();
        peer.send("TOKEN", &t_ifd);
        let t_ic = peer.recv("TOKEN");
        let keys = terminal.finish(&t_ic).unwrap();
        let (enc, mac) = peer.keys();
        assert_eq!(keys.k_enc.expose(), &enc[..], "{protocol:?} {id}");
        assert_eq!(keys.k_mac.expose(), &mac[..]);
        peer.secure_messaging(keys);
        assert!(peer.finish());
    }
}

#[test]
fn our_chip_against_libeac_terminal() {
    for (protocol, id) in CONFIGS {
        let access = CardAccess::encode(&[(protocol, id)]);
        let curve = Curve::from_parameter_id(id).unwrap();
        let mut rng = DeterministicRng::from_seed([id ^ 0xFF; 32]);
        let can = Password::can("654321").unwrap();
        let mut peer = Peer::start("terminal", &access, "can", "654321");
        let mut chip = PaceChip::new(protocol, curve, &can);
        peer.send("NONCE", &chip.nonce(&mut rng).unwrap());
        let terminal_map = peer.recv("MAP");
        peer.send("MAP", &chip.map(&terminal_map, &mut rng).unwrap());
        let terminal_pk = peer.recv("KEY");
        peer.send("KEY", &chip.agree(&terminal_pk, &mut rng).unwrap());
        let t_ifd = peer.recv("TOKEN");
        let (t_ic, keys) = chip.authenticate(&t_ifd).unwrap();
        peer.send("TOKEN", &t_ic);
        let (enc, mac) = peer.keys();
        assert_eq!(keys.k_enc.expose(), &enc[..], "{protocol:?} {id}");
        assert_eq!(keys.k_mac.expose(), &mac[..]);
        peer.secure_messaging(keys);
        assert!(peer.finish());
    }
}

#[test]
fn a_wrong_password_fails_on_both_sides() {
    let (protocol, id) = CONFIGS[0];
    let access = CardAccess::encode(&[(protocol, id)]);
    let curve = Curve::from_parameter_id(id).unwrap();
    let mut rng = DeterministicRng::from_seed([3; 32]);
    let mut peer = Peer::start("chip", &access, "pin", "123456");
    let mut terminal = PaceTerminal::new(protocol, curve, &Password::pin("654321").unwrap());
    let z = peer.recv("NONCE");
    peer.send("MAP", &terminal.nonce(&z, &mut rng).unwrap());
    let chip_map = peer.recv("MAP");
    peer.send("KEY", &terminal.map(&chip_map, &mut rng).unwrap());
    let chip_pk = peer.recv("KEY");
    peer.send("TOKEN", &terminal.agree(&chip_pk).unwrap());
    assert!(peer.line().starts_with("FAIL token"));
    assert!(!peer.finish());
}
