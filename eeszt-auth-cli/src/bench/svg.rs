//! `--svg FILE`: the latency histogram as an SVG picture (plotters, SVG backend only).
//!
//! Forty bars of equal width from the fastest operation to p99.9 (at most 4 x p99); slower
//! operations are counted in the last bar (the caption says so). The x axis is the latency per operation, the y axis the
//! number of operations; the caption names the bench, the rate and the percentiles.

use std::path::Path;

use eeszt_auth::Error;
use plotters::prelude::*;

use super::{Report, human_ns};

/// Bars in the picture.
const BARS: usize = 40;

/// The picture's size in pixels.
const SIZE: (u32, u32) = (800, 480);

/// The bars: (from ns, to ns, operations); the last also holds everything slower than p99.9.
pub fn bars(report: &Report) -> Vec<(f64, f64, u64)> {
    let h = &report.outcome.histogram;
    if h.is_empty() {
        return Vec::new();
    }
    let lo = h.min() as f64;
    // p99.9, but at most four times p99: a long tail would squeeze the bulk into one bar.
    let top = h
        .value_at_quantile(0.999)
        .min(h.value_at_quantile(0.99).saturating_mul(4))
        .max(h.min() + 1) as f64;
    let width = ((top - lo) / BARS as f64).max(1.0);
    let mut out: Vec<(f64, f64, u64)> = (0..BARS)
        .map(|i| (lo + width * i as f64, lo + width * (i + 1) as f64, 0))
        .collect();
    for v in h.iter_recorded() {
        let value = h.median_equivalent(v.value_iterated_to()) as f64;
        let index = (((value - lo) / width) as usize).min(BARS - 1);
        out[index].2 += v.count_at_value();
    }
    out
}

fn draw_error(what: impl std::fmt::Display) -> Error {
    Error::io("--svg", &std::io::Error::other(what.to_string()))
}

/// Renders the picture as SVG text.
pub fn render(report: &Report) -> Result<String, Error> {
    let bars = bars(report);
    let o = &report.outcome;
    let x_lo = bars.first().map_or(0.0, |b| b.0);
    let x_hi = bars.last().map_or(1.0, |b| b.1);
    let y_hi = bars.iter().map(|b| b.2).max().unwrap_or(1).max(1);
    let title = format!(
        "eeszt-auth bench {}: {:.0} {}/s, {} thread(s)",
        report.what,
        o.ops_per_sec(),
        report.unit,
        o.threads
    );
    let subtitle = format!(
        "median {}, p90 {}, p99 {}, p99.9 {}, max {} (slower ones: last bar)",
        human_ns(o.quantile_ns(0.5) as f64),
        human_ns(o.quantile_ns(0.9) as f64),
        human_ns(o.quantile_ns(0.99) as f64),
        human_ns(o.quantile_ns(0.999) as f64),
        human_ns(o.max_ns() as f64),
    );
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let (head, body) = root.split_vertically(46);
        head.draw(&Text::new(title, (10, 6), ("sans-serif", 18).into_font()))
            .map_err(draw_error)?;
        head.draw(&Text::new(
            subtitle,
            (10, 28),
            ("sans-serif", 12).into_font(),
        ))
        .map_err(draw_error)?;
        let mut chart = ChartBuilder::on(&body)
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(x_lo..x_hi, 0u64..y_hi + y_hi / 10 + 1)
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc("latency per operation (ns)")
            .y_desc(format!("{} (count)", report.unit))
            .x_label_formatter(&|v| format!("{v:.0}"))
            .draw()
            .map_err(draw_error)?;
        chart
            .draw_series(bars.iter().filter(|b| b.2 > 0).map(|&(a, b, count)| {
                Rectangle::new([(a, 0), (b, count)], RGBColor(52, 101, 164).filled())
            }))
            .map_err(draw_error)?;
        root.present().map_err(draw_error)?;
    }
    Ok(text)
}

/// Writes the picture to `path`.
pub fn write(path: &Path, report: &Report) -> Result<(), Error> {
    let text = render(report)?;
    std::fs::write(path, text).map_err(|e| Error::io(path, &e))
}
