//! The C API of `host-shim/include/pmat/host_shim.h` and the parts of
//! `plugin-api/include/pmat/plugin_api.h` it uses, declared by hand (std only, no bindgen).
//! Layouts must match the headers field for field (`struct_size` lets the shim accept an older,
//! shorter struct, never a different order).
use std::os::raw::{c_char, c_int, c_void};

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AbiVersion {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

pub type LogFn = extern "C" fn(user: *mut c_void, level: c_int, message: *const c_char);
pub type ClockFn = extern "C" fn(user: *mut c_void) -> u64;

#[repr(C)]
pub struct ShimOptions {
    pub struct_size: u32,
    pub plugin_dir: *const c_char,
    pub plugin_id: *const c_char,
    pub watch: c_int,
    pub drain_timeout_ms: u32,
    pub staging_dir: *const c_char,
    pub config_json: *const c_char,
    pub log: Option<LogFn>,
    pub log_user: *mut c_void,
    pub now_ns: Option<ClockFn>,
    pub clock_user: *mut c_void,
}

#[repr(C)]
pub struct AnalyzeRequest {
    pub struct_size: u32,
    pub path: *const c_char,
    pub language: *const c_char,
    pub content: *const u8,
    pub content_size: usize,
    pub options_json: *const c_char,
}

/// `pmat_shim`: opaque.
pub enum RawShim {}

pub const STATUS_OK: i32 = 0;
pub const STATUS_INVALID_ARGUMENT: i32 = 1;
pub const STATUS_UNSUPPORTED: i32 = 2;
pub const STATUS_INTERNAL: i32 = 3;
pub const STATUS_NOT_FOUND: i32 = 4;
pub const STATUS_TOO_LARGE: i32 = 5;

pub const METRICS_JSON: c_int = 0;
pub const METRICS_PROMETHEUS_TEXT: c_int = 1;
pub const METRICS_OPENMETRICS: c_int = 2;

#[link(name = "pmat_host_shim")]
extern "C" {
    pub fn pmat_shim_open(options: *const ShimOptions, shim_out: *mut *mut RawShim) -> i32;
    pub fn pmat_shim_close(shim: *mut RawShim);
    pub fn pmat_shim_analyze(
        shim: *mut RawShim,
        request: *const AnalyzeRequest,
        json_out: *mut *mut c_char,
        size_out: *mut usize,
    ) -> i32;
    pub fn pmat_shim_metrics(
        shim: *mut RawShim,
        format: c_int,
        text_out: *mut *mut c_char,
        size_out: *mut usize,
    ) -> i32;
    pub fn pmat_shim_status(
        shim: *mut RawShim,
        json_out: *mut *mut c_char,
        size_out: *mut usize,
    ) -> i32;
    pub fn pmat_shim_reload(shim: *mut RawShim) -> i32;
    pub fn pmat_shim_inspect(
        plugin_dir: *const c_char,
        full_check: c_int,
        json_out: *mut *mut c_char,
        size_out: *mut usize,
    ) -> i32;
    pub fn pmat_shim_free(buffer: *mut c_char);
    pub fn pmat_shim_last_error() -> *const c_char;
    pub fn pmat_shim_abi_version() -> AbiVersion;
}
