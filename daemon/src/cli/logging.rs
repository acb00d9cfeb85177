//! Log set-up: `tracing` to standard error, filtered by `RUST_LOG` (default `info`), as text or JSON.

use super::args::LogFormat;
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber. `rust_log` is the value of `RUST_LOG`, if set.
pub fn init(format: LogFormat, rust_log: Option<&str>) {
    let filter = rust_log
        .and_then(|spec| EnvFilter::try_new(spec).ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}
