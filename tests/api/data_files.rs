//! The server's files on disk: the embedded database and what SQLite keeps beside it are
//! readable by the server's user only, like the signing key.

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;

use crate::backends::Backend;
use crate::helpers::test_app;

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[tokio::test]
async fn the_sqlite_database_its_journal_and_its_directory_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let database_dir = dir.path().join("nested").join("db");
    let file = database_dir.join("recipes.db");
    let url = format!("sqlite://{}", file.display());
    let app = test_app!(Backend::Sqlite, |s| s.database.url = url);
    // A write, so that the WAL and its shared-memory file exist.
    let cook = app.new_user().await;
    app.create_draft(&cook, "Private").await;
    assert_eq!(mode(&database_dir), 0o700);
    for name in ["recipes.db", "recipes.db-wal", "recipes.db-shm"] {
        assert_eq!(mode(&database_dir.join(name)), 0o600, "{name}");
    }
}
