//! Differential test against oathtool (OATH Toolkit, Debian package `oathtool`): 1,000 random keys,
//! key lengths, counters, times, periods, start times, digit counts (6-8, what oathtool supports)
//! and hashes; each oathtool call also checks the next two codes (`-w 2`).

use std::process::Command;

use eeszt_auth::otp::{Algorithm, OtpKey, Secret, Totp};
use rand::{RngExt, SeedableRng};

const CASES: usize = 1000;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn oathtool(args: &[String]) -> Vec<String> {
    let out = Command::new("oathtool")
        .args(args)
        .output()
        .unwrap_or_else(|err| {
            panic!(
                "cannot run oathtool ({err}): install the Debian package `oathtool` \
             (scripts/install-deps.sh does, as part of `make test`)"
            )
        });
    assert!(
        out.status.success(),
        "oathtool {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("oathtool output is ASCII")
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn agrees_with_oathtool() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x0a7_4226);
    let mut compared = 0usize;
    for case in 0..CASES {
        let alg = Algorithm::ALL[case % 3];
        let len = match rng.random_range(0..4) {
            0 => alg.output_len(),
            1 => 16,
            2 => rng.random_range(1..=64),
            _ => rng.random_range(65..=140), // longer than a block for SHA-1/256: hashed first
        };
        let raw: Vec<u8> = (0..len).map(|_| rng.random()).collect();
        let digits = rng.random_range(6..=8u32);
        let key = OtpKey::new(Secret::from_legacy_bytes(&raw).unwrap(), alg, digits).unwrap();
        let mut args = vec![
            "-d".to_string(),
            digits.to_string(),
            "-w".into(),
            "2".into(),
        ];
        let ours: Vec<String> = if case % 2 == 0 {
            let counter: u64 = match rng.random_range(0..3) {
                0 => rng.random_range(0..1000),
                1 => rng.random_range(0..u64::from(u32::MAX)),
                _ => rng.random_range(0..u64::MAX - 3),
            };
            if alg != Algorithm::Sha1 {
                // oathtool's HOTP mode is SHA-1 only; TOTP covers the other hashes.
                let totp = Totp::new(key.clone(), 30, 0).unwrap();
                args.push(format!("--totp={}", alg.name().to_lowercase()));
                let t = rng.random_range(0..(1u64 << 40));
                args.extend(["-N".into(), format!("@{t}")]);
                let step = totp.step(t).unwrap();
                (0..3)
                    .map(|i| totp.code_for_step(step + i).to_string())
                    .collect()
            } else {
                args.extend(["-c".into(), counter.to_string()]);
                (0..3).map(|i| key.hotp(counter + i).to_string()).collect()
            }
        } else {
            let period = [30u64, 60, 1, 17, 3600][rng.random_range(0..5)];
            let t0 = if rng.random_bool(0.5) {
                0
            } else {
                rng.random_range(0..1_000_000_000)
            };
            let t = t0 + rng.random_range(0..(1u64 << 36));
            let totp = Totp::new(key.clone(), period, t0).unwrap();
            args.push(format!("--totp={}", alg.name().to_lowercase()));
            args.extend([
                "-s".into(),
                format!("{period}s"),
                "-S".into(),
                format!("@{t0}"),
                "-N".into(),
                format!("@{t}"),
            ]);
            let step = totp.step(t).unwrap();
            (0..3)
                .map(|i| totp.code_for_step(step + i).to_string())
                .collect()
        };
        args.push(hex(&raw));
        let theirs = oathtool(&args);
        assert_eq!(ours, theirs, "case {case}: oathtool {}", args.join(" "));
        compared += ours.len();
    }
    assert_eq!(compared, CASES * 3);
}
