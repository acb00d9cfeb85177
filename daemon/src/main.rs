//! The `vault-raider` binary: parses the command line and hands over to [`vault_raider::cli`].

fn main() -> std::process::ExitCode {
    vault_raider::cli::main()
}
