//! The engine benchmark, natively: the mixed workload of `zkplay::bench` on trees of 1k, 10k
//! and 100k znodes. Prints a table and writes `target/bench/engine_native.json`.
//!
//! usage: cargo run --profile engine-speed --bin zkplay-bench [SIZE...]
//!        (default sizes: 1000 10000 100000; `--release` measures the size-first build instead)

use std::process::ExitCode;

#[cfg(target_arch = "wasm32")]
fn main() -> ExitCode {
    ExitCode::FAILURE
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    use std::time::Instant;
    use zkplay::bench::{Bench, RequestKind};

    const OPS: usize = 200_000;
    const EPHEMERALS: usize = 1_000;
    // Each kind of request alone, after the mix (ns per request): how each grows with the tree.
    const KIND_OPS: usize = 50_000;
    let mut rows = Vec::new();
    let mut kind_rows = Vec::new();
    println!("{:>8} {:>14} {:>12} {:>22}", "znodes", "mixed ops/s", "ns/op", "expire 1,000 ephemerals");
    let mut sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        sizes = vec![1_000, 10_000, 100_000];
    }
    for size in sizes {
        let mut bench = Bench::prepare(size);
        let origin = Instant::now();
        let clock = || origin.elapsed().as_secs_f64();
        bench.run_mix(OPS / 10, clock); // warm up
        let seconds = bench.run_mix(OPS, clock);
        let ops_per_s = OPS as f64 / seconds;
        let session = bench.prepare_expiry(EPHEMERALS);
        let start = Instant::now();
        let deleted = bench.expire(session);
        let expiry_ms = start.elapsed().as_secs_f64() * 1000.0;
        println!("{size:>8} {ops_per_s:>14.0} {:>12.0} {:>19.2} ms", 1e9 / ops_per_s, expiry_ms);
        let mut by_kind = serde_json::Map::new();
        let mut ns = Vec::new();
        for kind in RequestKind::ALL {
            bench.run_kind(kind, KIND_OPS / 10, clock); // warm up
            let ns_per_request = bench.run_kind(kind, KIND_OPS, clock) * 1e9 / KIND_OPS as f64;
            by_kind.insert(kind.name().to_string(), ns_per_request.into());
            ns.push(ns_per_request);
        }
        kind_rows.push((size, ns));
        rows.push(serde_json::json!({
            "znodes": size, "ops": OPS, "seconds": seconds, "ops_per_s": ops_per_s,
            "expiry_ephemerals": deleted, "expiry_ms": expiry_ms, "ns_per_request": by_kind,
        }));
    }
    print!("\nns per request, each kind alone:\n{:>8}", "znodes");
    for kind in RequestKind::ALL {
        print!(" {:>14}", kind.name());
    }
    println!();
    for (size, ns) in kind_rows {
        print!("{size:>8}");
        for n in ns {
            print!(" {n:>14.0}");
        }
        println!();
    }
    let report = serde_json::json!({ "bench": "engine_native", "rows": rows });
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    let written =
        std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(dir.join("engine_native.json"), report.to_string()));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("zkplay-bench: cannot write target/bench/engine_native.json: {e}");
            ExitCode::FAILURE
        }
    }
}
