//! The `recipe-api` binary: parse flags, start logging, build and run the server.

use clap::Parser;
use recipe_api::{
    config::{Cli, Command},
    startup::{Application, shutdown_signal},
    telemetry,
};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let args = match cli.command {
        Some(Command::Serve(args)) => args,
        None => cli.serve,
    };
    telemetry::init(args.log_format);
    let result = async {
        let app = Application::build(args.into_settings()?).await?;
        app.run_until_stopped(shutdown_signal()).await
    }
    .await;
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
