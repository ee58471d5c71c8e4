//! How pmat embeds the plugin: `cargo run --example analyze -- <plugins dir> <file>...` prints
//! each file's JSON result, one per line.
use pmat_host_shim::{abi_version, Options, Request, Shim};
use std::process::ExitCode;

fn run(plugin_dir: &str, files: &[String]) -> Result<(), String> {
    let shim =
        Shim::open(&Options::new().plugin_dir(plugin_dir)).map_err(|e| format!("open: {e}"))?;
    for file in files {
        let content = std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))?;
        let json = shim
            .analyze(&Request::new(&content).path(file))
            .map_err(|e| format!("{file}: {e}"))?;
        println!("{json}");
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: {} <plugins dir> <file>...", args[0]);
        return ExitCode::from(2);
    }
    let abi = abi_version();
    eprintln!("host shim ABI {}.{}.{}", abi.major, abi.minor, abi.patch);
    match run(&args[1], &args[2..]) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
