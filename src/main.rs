//! The `recipe-api` binary: parse flags, start logging, then serve (default) or copy.

use clap::Parser;
use recipe_api::{
    config::{Cli, Command, LogFormat, ServeArgs},
    copy,
    startup::{Application, shutdown_signal},
    telemetry,
};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Copy(args)) => {
            telemetry::init(LogFormat::Text);
            copy::run(&args, &|table, done, total| {
                eprintln!("{table}: {done}/{total} rows")
            })
            .await
            .map(|report| {
                for table in report {
                    println!("copied {} rows of {}", table.rows, table.table);
                }
            })
        }
        Some(Command::Serve(args)) => serve(args).await,
        None => serve(cli.serve).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    telemetry::init(args.log_format);
    let app = Application::build(args.into_settings()?).await?;
    app.run_until_stopped(shutdown_signal()).await
}
