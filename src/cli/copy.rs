//! `recipe-api copy --from URL --to URL`: moves a deployment between back-ends (typically from
//! the embedded SQLite file to PostgreSQL), every table and id preserved. The work is done by
//! `Store::copy_into`; this module opens both databases and reports.

use anyhow::{Context, bail};

use crate::{
    cli::database_settings,
    config::CopyArgs,
    store::{CopyOptions, Store, TableCopy},
};

/// Runs a copy, calling `progress(table, rows copied, rows in total)` as it goes.
pub async fn run(
    args: &CopyArgs,
    progress: &(dyn Fn(&str, u64, u64) + Sync),
) -> anyhow::Result<Vec<TableCopy>> {
    if args.from == args.to {
        bail!("--from and --to name the same database");
    }
    let source = Store::connect(&database_settings(&args.from))
        .await
        .context("opening the source database")?;
    let target = Store::connect(&database_settings(&args.to))
        .await
        .context("opening the target database")?;
    let options = CopyOptions {
        batch_size: args.batch_size,
        replace: args.replace,
    };
    let report = source.copy_into(&target, options, progress).await?;
    source.close().await?;
    target.close().await?;
    Ok(report)
}
