//! Log set-up: `tracing` to standard error, filtered by `RUST_LOG` (default `info`), as text or JSON.

use super::args::LogFormat;
use tracing_subscriber::EnvFilter;

/// Crates that write whole frames or bodies at trace level (a client's token, a Bungie token) and
/// are therefore held at `debug` whatever `RUST_LOG` asks for.
const PAYLOAD_LOGGERS: [&str; 2] = ["tungstenite=debug", "tokio_tungstenite=debug"];

/// Installs the global subscriber. `rust_log` is the value of `RUST_LOG`, if set.
pub fn init(format: LogFormat, rust_log: Option<&str>) {
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter(rust_log))
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// The daemon's log filter: `rust_log` (default `info`), with the crates that log payloads capped
/// at `debug` when the filter would let `trace` through (and left alone otherwise, so `warn`
/// stays `warn` for them too).
pub fn filter(rust_log: Option<&str>) -> EnvFilter {
    let mut filter = rust_log
        .and_then(|spec| EnvFilter::try_new(spec).ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    let lets_trace_through = filter
        .max_level_hint()
        .is_none_or(|level| level >= tracing_subscriber::filter::LevelFilter::TRACE);
    if lets_trace_through {
        for directive in PAYLOAD_LOGGERS {
            if let Ok(directive) = directive.parse() {
                filter = filter.add_directive(directive);
            }
        }
    }
    filter
}

#[cfg(test)]
mod tests {
    use super::filter;
    use tracing_subscriber::filter::LevelFilter;

    #[test]
    fn payload_loggers_are_capped_at_debug_but_never_raised() {
        assert_eq!(
            filter(Some("warn")).max_level_hint(),
            Some(LevelFilter::WARN)
        );
        assert_eq!(filter(None).max_level_hint(), Some(LevelFilter::INFO));
        let traced = filter(Some("trace")).to_string();
        assert!(traced.contains("tungstenite=debug"), "{traced}");
        assert!(!filter(Some("warn")).to_string().contains("tungstenite"));
    }
}
