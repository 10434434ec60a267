//! Identifier parsing speed: typed input to a validated, normalised value, valid and invalid.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use eeszt_auth::id::{CivilDate, EesztUserId, LicenceId, Taj, TaxId};

fn parse(c: &mut Criterion) {
    let today = CivilDate::new(2026, 11, 22).expect("date");
    let mut group = c.benchmark_group("id_parse");
    group.bench_function("user_valid", |b| {
        b.iter(|| black_box(EesztUserId::parse(black_box(" o95745 "))))
    });
    group.bench_function("user_inner_space_with_suggestion", |b| {
        b.iter(|| black_box(EesztUserId::parse(black_box("O 95745"))))
    });
    group.bench_function("taj_grouped", |b| {
        b.iter(|| black_box(Taj::parse(black_box("123 456 788"))))
    });
    group.bench_function("tax_id_with_birth_date", |b| {
        b.iter(|| black_box(TaxId::parse_at(black_box("8365670003"), today)))
    });
    group.bench_function("licence", |b| {
        b.iter(|| black_box(LicenceId::parse(black_box("001055630/A1/1300"))))
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
