//! Writing an archive: the manifest, one document per recipe, each photo file once.

use std::io::{Cursor, Write};

use zip::{CompressionMethod, ZipWriter, write::SimpleFileOptions};

use super::{FORMAT, Manifest, VERSION, format::ArchivedAccount};

/// What goes into an archive.
#[derive(Debug, Default)]
pub struct Packing {
    /// The account (username, avatar file).
    pub account: ArchivedAccount,
    /// Each recipe's document (a JSON-LD `Recipe` with its `recipe_api` section) by uid, oldest
    /// first.
    pub recipes: Vec<(String, serde_json::Value)>,
    /// Photo files by archive path (`photos/<name>.jpg`); each path once.
    pub photos: Vec<(String, bytes::Bytes)>,
    /// When it is made (RFC 3339).
    pub exported_at: String,
}

/// The zip of `packing`. JSON is deflated; photos (already compressed) are stored.
pub fn pack(packing: &Packing) -> std::io::Result<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let paths: Vec<String> = packing
        .recipes
        .iter()
        .map(|(uid, _)| format!("recipes/{uid}.json"))
        .collect();
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        version: VERSION,
        exported_at: Some(packing.exported_at.clone()),
        generator: Some(concat!("recipe-api/", env!("CARGO_PKG_VERSION")).to_owned()),
        account: Some(packing.account.clone()),
        recipes: paths.clone(),
    };
    zip.start_file("manifest.json", deflated)?;
    zip.write_all(&serde_json::to_vec_pretty(&manifest)?)?;
    for (path, (_, document)) in paths.iter().zip(&packing.recipes) {
        zip.start_file(path.as_str(), deflated)?;
        zip.write_all(&serde_json::to_vec_pretty(document)?)?;
    }
    for (path, bytes) in &packing.photos {
        zip.start_file(path.as_str(), stored)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}
