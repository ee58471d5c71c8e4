//! Safe Rust binding to `libpmat_host_shim`, the way pmat (a Rust program) embeds the analyzer
//! plugin: open a plugins directory, analyze files, read metrics, reload, close on drop.
//!
//! ```no_run
//! use pmat_host_shim::{Options, Request, Shim};
//! let shim = Shim::open(&Options::new().plugin_dir("/usr/lib/x86_64-linux-gnu/pmat/plugins"))?;
//! let json = shim.analyze(&Request::new(b"int f(void) { return 1; }\n").path("f.c"))?;
//! println!("{json}");
//! # Ok::<(), pmat_host_shim::Error>(())
//! ```
//!
//! Every call maps one C function of `host_shim.h`; results are the shim's JSON text, returned
//! as owned `String`s (this crate has no JSON dependency). Errors carry the `pmat_status` and the
//! shim's message for the failed call.
pub mod sys;

use std::ffi::{CStr, CString};
use std::fmt;
use std::os::raw::c_char;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::ptr::{self, NonNull};

/// A failed shim call: its `pmat_status` and the shim's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    status: i32,
    message: String,
}

impl Error {
    fn from_last(status: i32) -> Error {
        // SAFETY: the shim returns a NUL-terminated thread-local string, never NULL, valid until
        // this thread's next shim call; it is copied at once.
        let message = unsafe { CStr::from_ptr(sys::pmat_shim_last_error()) };
        Error {
            status,
            message: message.to_string_lossy().into_owned(),
        }
    }

    fn invalid(what: &str) -> Error {
        Error {
            status: sys::STATUS_INVALID_ARGUMENT,
            message: format!("{what} contains a NUL byte"),
        }
    }

    /// The `pmat_status` value (`PMAT_STATUS_*` in plugin_api.h).
    pub fn status(&self) -> i32 {
        self.status
    }

    /// The status's stable name, as `pmat_status_name` gives it ("NotFound", ...).
    pub fn status_name(&self) -> &'static str {
        match self.status {
            sys::STATUS_OK => "Ok",
            sys::STATUS_INVALID_ARGUMENT => "InvalidArgument",
            sys::STATUS_UNSUPPORTED => "Unsupported",
            sys::STATUS_INTERNAL => "Internal",
            sys::STATUS_NOT_FOUND => "NotFound",
            sys::STATUS_TOO_LARGE => "TooLarge",
            _ => "Other",
        }
    }

    /// The shim's message for the failed call.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}): {}",
            self.status_name(),
            self.status,
            self.message
        )
    }
}

impl std::error::Error for Error {}

fn c_string(bytes: &[u8], what: &str) -> Result<CString, Error> {
    CString::new(bytes).map_err(|_| Error::invalid(what))
}

fn c_path(path: &Option<PathBuf>, what: &str) -> Result<Option<CString>, Error> {
    path.as_ref()
        .map(|p| c_string(p.as_os_str().as_bytes(), what))
        .transpose()
}

fn c_text(text: &Option<String>, what: &str) -> Result<Option<CString>, Error> {
    text.as_ref()
        .map(|t| c_string(t.as_bytes(), what))
        .transpose()
}

fn ptr_or_null(value: &Option<CString>) -> *const c_char {
    value.as_ref().map_or(ptr::null(), |v| v.as_ptr())
}

/// Takes a shim-owned buffer filled by a successful call: copies it and releases it.
fn take_buffer(buffer: *mut c_char, size: usize) -> Result<String, Error> {
    if buffer.is_null() {
        return Ok(String::new());
    }
    // SAFETY: on success the shim hands out `size` readable bytes at `buffer`.
    let bytes = unsafe { std::slice::from_raw_parts(buffer as *const u8, size) }.to_vec();
    // SAFETY: released once, with the shim's own allocator.
    unsafe { sys::pmat_shim_free(buffer) };
    String::from_utf8(bytes).map_err(|_| Error {
        status: sys::STATUS_INTERNAL,
        message: "the shim returned text that is not UTF-8".to_owned(),
    })
}

/// Calls a shim function that fills a shim-owned text buffer, and turns it into a `String`.
fn call_for_text(call: impl FnOnce(*mut *mut c_char, *mut usize) -> i32) -> Result<String, Error> {
    let mut buffer: *mut c_char = ptr::null_mut();
    let mut size: usize = 0;
    let status = call(&mut buffer, &mut size);
    if status != sys::STATUS_OK {
        return Err(Error::from_last(status));
    }
    take_buffer(buffer, size)
}

/// How to open a plugins directory (`pmat_shim_options`). Every field is optional; the defaults
/// are the shim's (documented in host_shim.h): `$PMAT_PLUGIN_PATH`, then the install location.
#[derive(Clone, Debug, Default)]
pub struct Options {
    plugin_dir: Option<PathBuf>,
    plugin_id: Option<String>,
    watch: bool,
    drain_timeout_ms: u32,
    staging_dir: Option<PathBuf>,
    config_json: Option<String>,
}

impl Options {
    pub fn new() -> Options {
        Options::default()
    }

    /// The directory holding plugin `.so` files.
    pub fn plugin_dir(mut self, dir: impl AsRef<Path>) -> Options {
        self.plugin_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Which plugin to serve when the directory holds several (reverse-DNS id).
    pub fn plugin_id(mut self, id: &str) -> Options {
        self.plugin_id = Some(id.to_owned());
        self
    }

    /// Watch the directory and hot-reload when a new build is installed.
    pub fn watch(mut self, watch: bool) -> Options {
        self.watch = watch;
        self
    }

    /// How long a replaced generation may take to drain (0 = the shim's 30 s).
    pub fn drain_timeout_ms(mut self, ms: u32) -> Options {
        self.drain_timeout_ms = ms;
        self
    }

    /// Where staged copies of plugin files live.
    pub fn staging_dir(mut self, dir: impl AsRef<Path>) -> Options {
        self.staging_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Configuration the plugin reads (a JSON object; `PMAT_<KEY>` variables override it).
    pub fn config_json(mut self, json: &str) -> Options {
        self.config_json = Some(json.to_owned());
        self
    }
}

/// One file to analyze (`pmat_analyze_request`). Borrows its content for the call.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    path: Option<&'a str>,
    language: Option<&'a str>,
    content: &'a [u8],
    options_json: Option<&'a str>,
}

impl<'a> Request<'a> {
    pub fn new(content: &'a [u8]) -> Request<'a> {
        Request {
            path: None,
            language: None,
            content,
            options_json: None,
        }
    }

    /// The file's path: used for language detection and named in the result.
    pub fn path(mut self, path: &'a str) -> Request<'a> {
        self.path = Some(path);
        self
    }

    /// The language ("c", "cpp", "rust", ...) instead of detecting it.
    pub fn language(mut self, language: &'a str) -> Request<'a> {
        self.language = Some(language);
        self
    }

    /// Request options as a JSON object (docs/result-schema.md): engine, profile, ...
    pub fn options_json(mut self, json: &'a str) -> Request<'a> {
        self.options_json = Some(json);
        self
    }
}

/// Metrics text formats (`pmat_metrics_format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricsFormat {
    Json,
    Prometheus,
    OpenMetrics,
}

/// An open plugins directory with its serving plugin (`pmat_shim`). Closed on drop.
///
/// The C API may be called from any thread, concurrently: `Shim` is `Send + Sync`, and `&Shim`
/// can be shared by worker threads. Dropping needs `&mut`/ownership, so no call can be running
/// then, which is what `pmat_shim_close` requires.
pub struct Shim {
    raw: NonNull<sys::RawShim>,
}

// SAFETY: every shim function is documented [any-thread]; the handle has no thread affinity.
unsafe impl Send for Shim {}
// SAFETY: concurrent calls on one handle are supported by the shim (hot reload under load).
unsafe impl Sync for Shim {}

impl Shim {
    /// Opens the plugins directory and loads the plugin to serve. `NotFound` when the directory
    /// holds no valid plugin (the message lists each file and why it was refused).
    pub fn open(options: &Options) -> Result<Shim, Error> {
        let plugin_dir = c_path(&options.plugin_dir, "plugin_dir")?;
        let plugin_id = c_text(&options.plugin_id, "plugin_id")?;
        let staging_dir = c_path(&options.staging_dir, "staging_dir")?;
        let config_json = c_text(&options.config_json, "config_json")?;
        let raw_options = sys::ShimOptions {
            struct_size: std::mem::size_of::<sys::ShimOptions>() as u32,
            plugin_dir: ptr_or_null(&plugin_dir),
            plugin_id: ptr_or_null(&plugin_id),
            watch: i32::from(options.watch),
            drain_timeout_ms: options.drain_timeout_ms,
            staging_dir: ptr_or_null(&staging_dir),
            config_json: ptr_or_null(&config_json),
            log: None,
            log_user: ptr::null_mut(),
            now_ns: None,
            clock_user: ptr::null_mut(),
        };
        let mut raw: *mut sys::RawShim = ptr::null_mut();
        // SAFETY: every pointer in `raw_options` outlives the call; the shim copies what it keeps.
        let status = unsafe { sys::pmat_shim_open(&raw_options, &mut raw) };
        if status != sys::STATUS_OK {
            return Err(Error::from_last(status));
        }
        NonNull::new(raw).map(|raw| Shim { raw }).ok_or(Error {
            status: sys::STATUS_INTERNAL,
            message: "pmat_shim_open succeeded without a handle".to_owned(),
        })
    }

    /// Analyzes one file; returns the result as JSON text (docs/result-schema.md).
    pub fn analyze(&self, request: &Request<'_>) -> Result<String, Error> {
        let path = request
            .path
            .map(|p| c_string(p.as_bytes(), "path"))
            .transpose()?;
        let language = request
            .language
            .map(|l| c_string(l.as_bytes(), "language"))
            .transpose()?;
        let options = request
            .options_json
            .map(|o| c_string(o.as_bytes(), "options"))
            .transpose()?;
        let raw_request = sys::AnalyzeRequest {
            struct_size: std::mem::size_of::<sys::AnalyzeRequest>() as u32,
            path: ptr_or_null(&path),
            language: ptr_or_null(&language),
            content: request.content.as_ptr(),
            content_size: request.content.len(),
            options_json: ptr_or_null(&options),
        };
        // SAFETY: the handle is open; `raw_request` borrows data alive for the call.
        call_for_text(|out, size| unsafe {
            sys::pmat_shim_analyze(self.raw.as_ptr(), &raw_request, out, size)
        })
    }

    /// The plugin's metrics followed by the shim's own, in `format`.
    pub fn metrics(&self, format: MetricsFormat) -> Result<String, Error> {
        let format = match format {
            MetricsFormat::Json => sys::METRICS_JSON,
            MetricsFormat::Prometheus => sys::METRICS_PROMETHEUS_TEXT,
            MetricsFormat::OpenMetrics => sys::METRICS_OPENMETRICS,
        };
        // SAFETY: the handle is open.
        call_for_text(|out, size| unsafe {
            sys::pmat_shim_metrics(self.raw.as_ptr(), format, out, size)
        })
    }

    /// The served generation (plugin id, version, sha256, generation) and the reload history,
    /// as JSON text.
    pub fn status(&self) -> Result<String, Error> {
        // SAFETY: the handle is open.
        call_for_text(|out, size| unsafe { sys::pmat_shim_status(self.raw.as_ptr(), out, size) })
    }

    /// Reloads now; on refusal the old generation keeps serving and the error says why.
    pub fn reload(&self) -> Result<(), Error> {
        // SAFETY: the handle is open.
        match unsafe { sys::pmat_shim_reload(self.raw.as_ptr()) } {
            sys::STATUS_OK => Ok(()),
            status => Err(Error::from_last(status)),
        }
    }
}

impl Drop for Shim {
    fn drop(&mut self) {
        // SAFETY: `&mut self`: no call on this handle is running; closed exactly once.
        unsafe { sys::pmat_shim_close(self.raw.as_ptr()) }
    }
}

/// Describes every plugin file in `plugin_dir` (None = the default search) as JSON text; with
/// `full_check` each one is also initialised and smoke-called, exactly as a reload would.
pub fn inspect(plugin_dir: Option<&Path>, full_check: bool) -> Result<String, Error> {
    let dir = c_path(&plugin_dir.map(Path::to_path_buf), "plugin_dir")?;
    // SAFETY: `dir` outlives the call.
    call_for_text(|out, size| unsafe {
        sys::pmat_shim_inspect(ptr_or_null(&dir), i32::from(full_check), out, size)
    })
}

/// The plugin ABI version the loaded shim implements.
pub fn abi_version() -> sys::AbiVersion {
    // SAFETY: a plain value return.
    unsafe { sys::pmat_shim_abi_version() }
}
