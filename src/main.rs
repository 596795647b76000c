//! The `recipe-api` binary: parse flags, start logging, then serve (default), copy, or run a
//! development tool.

use clap::Parser;
use recipe_api::{
    cli::{admin, copy, generate},
    config::{Cli, Command, DevCommand, LogFormat, ServeArgs},
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
        Some(Command::Admin(command)) => {
            telemetry::init(LogFormat::Text);
            admin::run(command).await
        }
        Some(Command::Dev(DevCommand::Generate(args))) => {
            telemetry::init(LogFormat::Text);
            let started = std::time::Instant::now();
            generate::run(&args, &|done, total| {
                if done % 50_000 < args.batch_size || done == total {
                    eprintln!("recipes: {done}/{total}");
                }
            })
            .await
            .map(|made| {
                println!(
                    "generated {} users and {} recipes ({} published), {} follows, {} favourites \
                     and {} ratings in {:.1}s; password: {}",
                    made.users,
                    made.recipes,
                    made.published,
                    made.follows,
                    made.favorites,
                    made.ratings,
                    started.elapsed().as_secs_f64(),
                    generate::GENERATED_PASSWORD
                );
            })
        }
        Some(Command::Serve(args)) => serve(*args).await,
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
