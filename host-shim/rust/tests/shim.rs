//! The binding against the real shim and the real plugin (the project's tests set
//! PMAT_TEST_PLUGIN_DIR to the build tree's plugins directory; PMAT_HOST_SHIM_LIB_DIR to the shim).
use pmat_host_shim::{abi_version, inspect, MetricsFormat, Options, Request, Shim};
use std::path::PathBuf;

const SAMPLE: &[u8] = b"int clamp(int v, int lo, int hi) {\n  if (v < lo) return lo;\n  if (v > hi) return hi;\n  return v;\n}\n";

fn plugin_dir() -> PathBuf {
    PathBuf::from(
        std::env::var("PMAT_TEST_PLUGIN_DIR").expect("PMAT_TEST_PLUGIN_DIR is set by the test"),
    )
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pmat-rs-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn open() -> Shim {
    Shim::open(
        &Options::new()
            .plugin_dir(plugin_dir())
            .config_json(r#"{"cache":{"enabled":false}}"#),
    )
    .unwrap_or_else(|e| panic!("open failed: {e}"))
}

fn native(content: &[u8], path: &str) -> String {
    open()
        .analyze(
            &Request::new(content)
                .path(path)
                .options_json(r#"{"engine":"native"}"#),
        )
        .unwrap()
}

#[test]
fn analyze_reports_each_function_with_its_complexity() {
    let json = native(SAMPLE, "clamp.c");
    assert!(json.contains(r#""path":"clamp.c""#), "{json}");
    assert!(json.contains(r#""name":"clamp""#), "{json}");
    assert!(json.contains(r#""cyclomatic":3"#), "{json}");
    assert!(json.contains(r#""engine":"native""#), "{json}");
}

#[test]
fn a_language_given_explicitly_overrides_the_extension() {
    let source = b"def f(x):\n    if x:\n        return 1\n    return 0\n";
    let json = open()
        .analyze(
            &Request::new(source)
                .path("script.txt")
                .language("python")
                .options_json(r#"{"engine":"native"}"#),
        )
        .unwrap();
    assert!(json.contains(r#""name":"f""#), "{json}");
}

#[test]
fn a_directory_without_plugins_is_not_found_with_the_reason() {
    let empty = scratch_dir("empty");
    let error = Shim::open(&Options::new().plugin_dir(&empty))
        .err()
        .expect("no plugin to serve");
    assert_eq!(error.status(), 4, "{error}");
    assert_eq!(error.status_name(), "NotFound");
    assert!(!error.message().is_empty());
    std::fs::remove_dir_all(empty).unwrap();
}

#[test]
fn a_nul_byte_is_refused_before_the_call() {
    let shim = open();
    let error = shim
        .analyze(&Request::new(SAMPLE).path("bad\0name.c"))
        .err()
        .expect("refused");
    assert_eq!(error.status_name(), "InvalidArgument");
    assert!(error.message().contains("path"), "{error}");
    let options = Options::new().plugin_dir("dir\0with-nul");
    assert_eq!(
        Shim::open(&options).err().unwrap().status_name(),
        "InvalidArgument"
    );
}

#[test]
fn metrics_count_the_requests_served() {
    let shim = open();
    for _ in 0..3 {
        shim.analyze(
            &Request::new(SAMPLE)
                .path("m.c")
                .options_json(r#"{"engine":"native"}"#),
        )
        .unwrap();
    }
    let text = shim.metrics(MetricsFormat::Prometheus).unwrap();
    assert!(text.contains("# TYPE"), "{text}");
    assert!(text.contains(r#"engine="native""#), "{text}");
    let json = shim.metrics(MetricsFormat::Json).unwrap();
    assert!(json.starts_with('{'), "{json}");
}

#[test]
fn reload_of_an_unchanged_plugin_keeps_serving() {
    let shim = open();
    shim.reload().unwrap();
    let status = shim.status().unwrap();
    assert!(
        status.contains(r#""plugin_id":"dev.pmat.claude""#),
        "{status}"
    );
    assert!(native(SAMPLE, "after-reload.c").contains(r#""name":"clamp""#));
}

#[test]
fn one_shim_serves_threads_concurrently() {
    let shim = open();
    std::thread::scope(|scope| {
        for i in 0..4 {
            let shim = &shim;
            scope.spawn(move || {
                let path = format!("t{i}.c");
                for _ in 0..25 {
                    let json = shim
                        .analyze(
                            &Request::new(SAMPLE)
                                .path(&path)
                                .options_json(r#"{"engine":"native"}"#),
                        )
                        .unwrap();
                    assert!(json.contains(&format!(r#""path":"{path}""#)), "{json}");
                }
            });
        }
    });
}

#[test]
fn inspect_lists_the_plugin_as_usable() {
    let json = inspect(Some(&plugin_dir()), true).unwrap();
    assert!(json.contains(r#""plugin_id":"dev.pmat.claude""#), "{json}");
    assert!(json.contains(r#""usable":true"#), "{json}");
    assert_eq!(abi_version().major, 1);
}
