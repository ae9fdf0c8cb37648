//! The `omgsystems` binary.

use clap::Parser;

fn main() -> std::process::ExitCode {
    // Before any thread exists: process-wide SQLite settings must precede SQLite's start.
    api::db::sqlite_tuning::configure_process();
    actix_web::rt::System::new().block_on(run())
}

async fn run() -> std::process::ExitCode {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let cli = api::cli::Cli::parse();
    match api::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
