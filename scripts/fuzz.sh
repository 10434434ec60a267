#!/usr/bin/env bash
# Runs every cargo-fuzz target (or those in FUZZ_TARGETS) for FUZZ_SECONDS each on the nightly
# toolchain, minimises the corpus each grew (`cargo fuzz cmin`, into fuzz/corpus/<target>, which is
# committed and replayed by `cargo test`; crash inputs kept as regression cases live in
# fuzz/regressions/<target>/, which cmin never touches), and prints the executions and crashes per target.
#
#   FUZZ_SECONDS=N   seconds per target (default 60)
#   FUZZ_TARGETS="a b"  only these targets (default: every fuzz/fuzz_targets/*.rs)
#   FUZZ_ARGS="..."  more libFuzzer flags
#
# Installs cargo-fuzz (`cargo install cargo-fuzz`) when it is missing. Exit status 1 when a target
# crashed (its input is in fuzz/artifacts/<target>/), 2 when the setup failed.
set -uo pipefail

cd "$(dirname "$0")/../fuzz" || exit 2
CARGO=${CARGO:-cargo}
SECONDS_PER=${FUZZ_SECONDS:-60}
TOOLCHAIN=${FUZZ_TOOLCHAIN:-+nightly}
# A committed corpus stays modest: minimised, and inputs capped at this many bytes.
MAX_LEN=${FUZZ_MAX_LEN:-8192}

if ! "$CARGO" $TOOLCHAIN --version >/dev/null 2>&1; then
	echo "fuzz: the nightly toolchain is missing (rustup toolchain install nightly)" >&2
	exit 2
fi
if ! "$CARGO" fuzz --version >/dev/null 2>&1; then
	echo "fuzz: installing cargo-fuzz"
	"$CARGO" install cargo-fuzz || exit 2
fi

if [ -n "${FUZZ_TARGETS:-}" ]; then
	targets=$FUZZ_TARGETS
else
	targets=$(for f in fuzz_targets/*.rs; do basename "$f" .rs; done)
fi

echo "fuzz: building the targets (release, ASan, libFuzzer)"
"$CARGO" $TOOLCHAIN fuzz build -O || exit 2

mkdir -p ../build/fuzz
summary=../build/fuzz/summary.txt
printf '%-24s %8s %14s %10s %8s %8s %s\n' target seconds execs exec/s corpus KiB crashes >"$summary"
failed=0
for t in $targets; do
	log=../build/fuzz/$t.log
	mkdir -p "corpus/$t" "artifacts/$t"
	before=$(find "artifacts/$t" -type f | wc -l)
	echo "== $t: ${SECONDS_PER}s"
	# shellcheck disable=SC2086
	"$CARGO" $TOOLCHAIN fuzz run -O "$t" "corpus/$t" -- -max_total_time="$SECONDS_PER" \
		-max_len="$MAX_LEN" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		${FUZZ_ARGS:-} >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	if [ -z "$execs" ]; then
		execs=$(sed -n 's/^#\([0-9]*\)[[:space:]]*\(DONE\|INITED\|NEW\|REDUCE\|pulse\).*/\1/p' "$log" | tail -1)
	fi
	took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
	took=${took:-$SECONDS_PER}
	after=$(find "artifacts/$t" -type f | wc -l)
	crashes=$((after - before))
	if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then
		crashes="rc=$rc"
	fi
	if [ "$crashes" != 0 ]; then
		failed=1
		grep -m3 -E "panicked at|ERROR: (AddressSanitizer|libFuzzer)|Test unit written" "$log" | sed 's/^/   /'
	fi
	# Minimise what the run added: a subset of the inputs that covers the same edges (edges only,
	# not hit counts, so the committed corpus stays small).
	"$CARGO" $TOOLCHAIN fuzz cmin -O "$t" "corpus/$t" -- -max_len="$MAX_LEN" -use_counters=0 >>"$log" 2>&1 ||
		echo "   cmin failed (see $log)"
	files=$(find "corpus/$t" -type f | wc -l)
	kib=$(du -sk --apparent-size "corpus/$t" | cut -f1)
	rate=$(( ${execs:-0} / (took > 0 ? took : 1) ))
	printf '%-24s %8s %14s %10s %8s %8s %s\n' "$t" "$took" "${execs:-?}" "$rate" "$files" "$kib" \
		"$crashes" | tee -a "$summary"
done
echo
cat "$summary"
echo "fuzz: logs in build/fuzz/, crash inputs in fuzz/artifacts/<target>/"
exit "$failed"
