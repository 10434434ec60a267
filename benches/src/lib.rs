//! Criterion benchmarks for eeszt-auth live in `benches/`; run them with `make bench`.
#![deny(missing_docs)]
