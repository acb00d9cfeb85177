//! The command line: `vault-raider demo|sim|run|login|logout|status|items|…`.
//!
//! This is the binary's edge: it reads the environment and the config file, sets up logging and
//! the async runtime, and calls into the library. Errors end here as a message and a non-zero exit.

pub mod args;
pub mod autostart;
pub mod backup;
pub mod client;
pub mod commands;
pub mod demo;
pub mod extension_cmd;
pub mod item_names;
pub mod item_text;
pub mod loadout_text;
pub mod logging;
pub mod login;
pub mod negated_terms;
pub mod operation_text;
pub mod places;
mod progress_text;
pub mod realism;
pub mod request;
pub mod requests;
pub mod run;
#[cfg(test)]
mod samples;
pub mod session_text;
pub mod sim_cmd;
pub mod stop_signal;
pub mod table;
pub mod vendor_text;
pub mod when;

use args::{Cli, Command};
use clap::Parser;
use std::process::ExitCode;

/// Parses the command line and runs the chosen subcommand.
pub fn main() -> ExitCode {
    let cli = Cli::parse_from(negated_terms::spell_out(std::env::args_os()));
    crate::memory::limit_arenas();
    logging::init(cli.log_format, std::env::var("RUST_LOG").ok().as_deref());
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("vault-raider: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("vault-raider: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one parsed command.
async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let env: Vec<(String, String)> = std::env::vars().collect();
    let config_path = cli
        .config
        .clone()
        .or_else(crate::config::Config::default_path);
    let config = crate::config::Config::load(config_path.as_deref(), &env)?;
    match cli.command {
        Command::Extension(args) => {
            extension_cmd::run(args.out.as_deref(), args.zip.as_deref())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Autostart(args) => {
            autostart::run(args.action, &env)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Sim(args) => {
            sim_cmd::run(args).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo(args) => {
            demo::run(args, &config).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Run(args) => {
            run::run(args, &config, config_path, env).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Login(args) => {
            login::login(args, &config).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup(args) => {
            backup::backup(&args, &config)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore(args) => {
            backup::restore(&args, &config)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Logout(args) => {
            login::logout(args, &config).await?;
            Ok(ExitCode::SUCCESS)
        }
        other => {
            commands::run(other, &config).await?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
