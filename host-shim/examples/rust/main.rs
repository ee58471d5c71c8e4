//! How pmat (Rust) embeds the plugin: load libpmat_host_shim.so over FFI, open a plugins
//! directory, analyze one file, print the JSON result. Standard library only.
//!
//! Build: rustc main.rs -L <dir of libpmat_host_shim.so> -l pmat_host_shim
//! Run:   ./main <plugins dir> <file>
use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::process::ExitCode;

#[repr(C)]
struct AbiVersion {
    major: u32,
    minor: u32,
    patch: u32,
}

#[repr(C)]
struct ShimOptions {
    struct_size: u32,
    plugin_dir: *const c_char,
    plugin_id: *const c_char,
    watch: c_int,
    drain_timeout_ms: u32,
    staging_dir: *const c_char,
    config_json: *const c_char,
    log: Option<extern "C" fn(*mut c_void, c_int, *const c_char)>,
    log_user: *mut c_void,
    now_ns: Option<extern "C" fn(*mut c_void) -> u64>,
    clock_user: *mut c_void,
}

#[repr(C)]
struct AnalyzeRequest {
    struct_size: u32,
    path: *const c_char,
    language: *const c_char,
    content: *const u8,
    content_size: usize,
    options_json: *const c_char,
}

enum Shim {}

#[link(name = "pmat_host_shim")]
extern "C" {
    fn pmat_shim_open(options: *const ShimOptions, shim_out: *mut *mut Shim) -> i32;
    fn pmat_shim_close(shim: *mut Shim);
    fn pmat_shim_analyze(
        shim: *mut Shim,
        request: *const AnalyzeRequest,
        json_out: *mut *mut c_char,
        size_out: *mut usize,
    ) -> i32;
    fn pmat_shim_free(buffer: *mut c_char);
    fn pmat_shim_last_error() -> *const c_char;
    fn pmat_shim_abi_version() -> AbiVersion;
}

fn last_error() -> String {
    // SAFETY: the shim returns a NUL-terminated thread-local string, never NULL.
    unsafe { CStr::from_ptr(pmat_shim_last_error()) }.to_string_lossy().into_owned()
}

fn analyze(plugin_dir: &str, file: &str) -> Result<String, String> {
    let content = std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    let dir = CString::new(plugin_dir).map_err(|e| e.to_string())?;
    let path = CString::new(file).map_err(|e| e.to_string())?;
    let options = ShimOptions {
        struct_size: std::mem::size_of::<ShimOptions>() as u32,
        plugin_dir: dir.as_ptr(),
        plugin_id: std::ptr::null(),
        watch: 0,
        drain_timeout_ms: 0,
        staging_dir: std::ptr::null(),
        config_json: std::ptr::null(),
        log: None,
        log_user: std::ptr::null_mut(),
        now_ns: None,
        clock_user: std::ptr::null_mut(),
    };
    let mut shim: *mut Shim = std::ptr::null_mut();
    // SAFETY: every pointer in `options` outlives the call.
    if unsafe { pmat_shim_open(&options, &mut shim) } != 0 {
        return Err(format!("open failed: {}", last_error()));
    }
    let request = AnalyzeRequest {
        struct_size: std::mem::size_of::<AnalyzeRequest>() as u32,
        path: path.as_ptr(),
        language: std::ptr::null(),
        content: content.as_ptr(),
        content_size: content.len(),
        options_json: std::ptr::null(),
    };
    let mut json: *mut c_char = std::ptr::null_mut();
    let mut size: usize = 0;
    // SAFETY: `shim` is open; `request` borrows `path` and `content`, alive for the call.
    let status = unsafe { pmat_shim_analyze(shim, &request, &mut json, &mut size) };
    let result = if status == 0 {
        // SAFETY: on success the shim hands out `size` bytes we release with pmat_shim_free.
        let bytes = unsafe { std::slice::from_raw_parts(json as *const u8, size) };
        let text = String::from_utf8_lossy(bytes).into_owned();
        unsafe { pmat_shim_free(json) };
        Ok(text)
    } else {
        Err(format!("analyze failed ({status}): {}", last_error()))
    };
    // SAFETY: no call on `shim` is running.
    unsafe { pmat_shim_close(shim) };
    result
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: {} <plugins dir> <file>", args[0]);
        return ExitCode::from(2);
    }
    // SAFETY: a plain value return.
    let abi = unsafe { pmat_shim_abi_version() };
    eprintln!("host shim ABI {}.{}.{}", abi.major, abi.minor, abi.patch);
    match analyze(&args[1], &args[2]) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
