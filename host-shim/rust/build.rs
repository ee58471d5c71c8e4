//! Finds libpmat_host_shim for linking, in this order:
//! 1. `PMAT_HOST_SHIM_LIB_DIR` (the project's tests set it to the build tree),
//! 2. `pkg-config --libs-only-L pmat-host-shim` (the installed `pmat-host-shim` package),
//! 3. the linker's default search path.
//! With 1 or 2 an rpath to that directory is added, so tests and examples run in place.
use std::process::Command;

fn pkg_config_lib_dir() -> Option<String> {
    let output = Command::new("pkg-config")
        .args(["--libs-only-L", "pmat-host-shim"])
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    text.split_whitespace()
        .find_map(|flag| flag.strip_prefix("-L").map(str::to_owned))
}

fn main() {
    println!("cargo:rerun-if-env-changed=PMAT_HOST_SHIM_LIB_DIR");
    let dir = std::env::var("PMAT_HOST_SHIM_LIB_DIR")
        .ok()
        .filter(|d| !d.is_empty())
        .or_else(pkg_config_lib_dir);
    if let Some(dir) = dir {
        println!("cargo:rustc-link-search=native={dir}");
        println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
    }
    println!("cargo:rustc-link-lib=dylib=pmat_host_shim");
}
