//! The simulator's realism flags, shared by `sim` (all off unless given) and `demo` (on unless
//! given): profile lag and cache, link speed and the manifest's size; and how late carnage reports
//! appear (the simulator's default in both).

use clap::Args;
use std::time::Duration;

use vault_raider_sim::realism::Realism;

/// Demo defaults: a few seconds of lag, Bungie's profile cache, a fast home link and a manifest a
/// tenth of a real one's size (so that the demo starts in seconds).
const DEMO_LAG_SECONDS: u64 = 5;
const DEMO_CACHE_SECONDS: u64 = 20;
const DEMO_LINK_KBPS: u32 = 50_000;
const DEMO_MANIFEST_MB: u32 = 6;

/// `--profile-lag`, `--profile-cache`, `--link-kbps`, `--manifest-size-mb`, `--pgcr-delay`.
#[derive(Debug, Args, Clone, Copy, Default)]
pub struct RealismArgs {
    /// An action shows in GetProfile only this many seconds later (minted timestamps still advance).
    #[arg(long, value_name = "SECONDS")]
    pub profile_lag: Option<u64>,
    /// GetProfile answers the same component set from a cache this many seconds old at most.
    #[arg(long, value_name = "SECONDS")]
    pub profile_cache: Option<u64>,
    /// Pace responses and downloads to this many kilobits per second (0 = unpaced).
    #[arg(long, value_name = "KBPS")]
    pub link_kbps: Option<u32>,
    /// Pad the manifest database to this many megabytes.
    #[arg(long, value_name = "MB")]
    pub manifest_size_mb: Option<u32>,
    /// A finished activity's carnage report appears this many seconds after its end (before
    /// that Bungie answers DestinyPGCRNotFound); the simulator's default (20 s) unless given.
    #[arg(long, value_name = "SECONDS")]
    pub pgcr_delay: Option<u64>,
}

impl RealismArgs {
    /// The simulator's realism and manifest size: what was given, else the demo's values when
    /// `demo`, else off.
    pub fn resolve(&self, demo: bool) -> (Realism, u32) {
        let pick = |given: Option<u64>, demo_value: u64| {
            given.unwrap_or(if demo { demo_value } else { 0 })
        };
        let realism = Realism {
            profile_lag: Duration::from_secs(pick(self.profile_lag, DEMO_LAG_SECONDS)),
            profile_cache: Duration::from_secs(pick(self.profile_cache, DEMO_CACHE_SECONDS)),
            link_kbps: self
                .link_kbps
                .unwrap_or(if demo { DEMO_LINK_KBPS } else { 0 }),
        };
        let manifest_mb = self
            .manifest_size_mb
            .unwrap_or(if demo { DEMO_MANIFEST_MB } else { 0 });
        (realism, manifest_mb)
    }

    /// How long after an activity's end its carnage report appears: what was given, else the
    /// simulator's default.
    pub fn pgcr_delay(&self) -> Duration {
        self.pgcr_delay.map_or_else(
            || vault_raider_sim::SimConfig::default().pgcr_delay,
            Duration::from_secs,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_for_sim_on_for_demo_and_flags_win() {
        let none = RealismArgs::default();
        assert_eq!(none.resolve(false), (Realism::default(), 0));
        let (demo, mb) = none.resolve(true);
        assert_eq!(demo.profile_lag, Duration::from_secs(DEMO_LAG_SECONDS));
        assert_eq!(mb, DEMO_MANIFEST_MB);
        let given = RealismArgs {
            profile_lag: Some(0),
            ..RealismArgs::default()
        };
        assert!(given.resolve(true).0.profile_lag.is_zero());
    }

    #[test]
    fn the_report_delay_is_the_simulators_unless_given() {
        use clap::Parser;
        #[derive(Parser)]
        struct Flags {
            #[command(flatten)]
            realism: RealismArgs,
        }
        let default = vault_raider_sim::SimConfig::default().pgcr_delay;
        assert!(!default.is_zero());
        let none = Flags::try_parse_from(["x"]).expect("no flags");
        assert_eq!(none.realism.pgcr_delay(), default);
        let zero = Flags::try_parse_from(["x", "--pgcr-delay", "0"]).expect("--pgcr-delay 0");
        assert!(zero.realism.pgcr_delay().is_zero());
        let minute = Flags::try_parse_from(["x", "--pgcr-delay", "60"]).expect("--pgcr-delay 60");
        assert_eq!(minute.realism.pgcr_delay(), Duration::from_secs(60));
        assert!(Flags::try_parse_from(["x", "--pgcr-delay", "-1"]).is_err());
    }
}
