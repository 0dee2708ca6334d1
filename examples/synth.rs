//! Writes a synthetic project with every indicator fed, for scale tests:
//! `cargo run --release --example synth -- 2850 synthetic_2850.ron`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map_or(Ok(2850), |s| s.parse())?;
    let out = args.next().unwrap_or_else(|| format!("synthetic_{n}.ron"));
    let p = gep_calc::sample::synthetic(n, 42);
    gep_calc::io::save(&p, std::path::Path::new(&out))?;
    println!("wrote {out} ({n} counties, years 2021 and 2022)");
    Ok(())
}
