//! Reading an archive within limits: the manifest, each recipe document it names, and the photo
//! files those reference. Files that cannot be read are reported as warnings; an archive without
//! a readable manifest is [`InvalidArchive`].

use std::{
    collections::HashMap,
    io::{Cursor, Read},
};

use zip::ZipArchive;

use super::{FORMAT, InvalidArchive, Manifest, VERSION};

/// Bounds on what one archive may make the server unpack.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Most entries in the zip.
    pub entries: usize,
    /// Largest JSON document, unpacked.
    pub document_bytes: u64,
    /// Largest photo file, unpacked.
    pub photo_bytes: u64,
    /// Most bytes unpacked in all.
    pub total_bytes: u64,
}

/// Why an entry was not read: the zip has no such file.
const MISSING: &str = "missing";

/// One recipe document as read: its path and JSON.
#[derive(Debug, Clone)]
pub struct UnpackedRecipe {
    pub path: String,
    pub document: serde_json::Value,
}

/// An archive's readable content.
#[derive(Debug, Default)]
pub struct Unpacked {
    pub manifest: Option<Manifest>,
    pub recipes: Vec<UnpackedRecipe>,
    /// Photo files by archive path.
    pub photos: HashMap<String, bytes::Bytes>,
    /// What could not be read.
    pub warnings: Vec<String>,
}

/// Reads `bytes` as an archive (blocking: run it off the async threads).
pub fn unpack(bytes: &[u8], limits: Limits) -> Result<Unpacked, InvalidArchive> {
    let mut zip = ZipArchive::new(Cursor::new(bytes))
        .map_err(|err| InvalidArchive(format!("not a zip file: {err}")))?;
    if zip.len() > limits.entries {
        return Err(InvalidArchive(format!(
            "{} files: an archive holds at most {}",
            zip.len(),
            limits.entries
        )));
    }
    let mut budget = limits.total_bytes;
    let manifest_bytes = read_entry(
        &mut zip,
        "manifest.json",
        limits.document_bytes,
        &mut budget,
    )
    .map_err(|why| InvalidArchive(format!("manifest.json: {why}")))?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes)
        .map_err(|err| InvalidArchive(format!("manifest.json is not a manifest: {err}")))?;
    if manifest.format != FORMAT {
        return Err(InvalidArchive(format!(
            "manifest.json names the format {:?}, not {FORMAT:?}",
            manifest.format
        )));
    }
    let mut unpacked = Unpacked::default();
    if manifest.version > VERSION {
        unpacked.warnings.push(format!(
            "the archive is of format version {} (this server writes {VERSION}): what it does \
             not know is ignored",
            manifest.version
        ));
    }
    let mut wanted_photos = Vec::new();
    for path in &manifest.recipes {
        let document = match read_entry(&mut zip, path, limits.document_bytes, &mut budget)
            .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|err| err.to_string()))
        {
            Ok(document) => document,
            Err(why) => {
                unpacked.warnings.push(format!("{path}: not read: {why}"));
                continue;
            }
        };
        wanted_photos.extend(photo_files(&document));
        unpacked.recipes.push(UnpackedRecipe {
            path: path.clone(),
            document,
        });
    }
    if let Some(avatar) = manifest.account.as_ref().and_then(|a| a.avatar.clone()) {
        wanted_photos.push(avatar);
    }
    for path in wanted_photos {
        if unpacked.photos.contains_key(&path) {
            continue;
        }
        match read_entry(&mut zip, &path, limits.photo_bytes, &mut budget) {
            Ok(bytes) => {
                unpacked.photos.insert(path, bytes.into());
            }
            // A missing photo is reported where it is wanted (by the recipe that names it).
            Err(why) if why == MISSING => {}
            Err(why) => unpacked.warnings.push(format!("{path}: not read: {why}")),
        }
    }
    unpacked.manifest = Some(manifest);
    Ok(unpacked)
}

/// The photo files a recipe document's `recipe_api` section names.
fn photo_files(document: &serde_json::Value) -> Vec<String> {
    let section = &document["recipe_api"];
    let cover = section["cover"]["file"].as_str().map(str::to_owned);
    let images = section["images"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|image| image["file"].as_str().map(str::to_owned));
    cover.into_iter().chain(images).collect()
}

/// The unpacked bytes of entry `name`, at most `max` of them and within `budget` (which is
/// spent); the reason when they cannot be had.
fn read_entry(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    max: u64,
    budget: &mut u64,
) -> Result<Vec<u8>, String> {
    let entry = zip.by_name(name).map_err(|err| match err {
        zip::result::ZipError::FileNotFound => MISSING.to_owned(),
        other => format!("cannot be read: {other}"),
    })?;
    let cap = max.min(*budget);
    let mut bytes = Vec::new();
    entry
        .take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| format!("cannot be unpacked: {err}"))?;
    let read = bytes.len() as u64;
    if read > cap {
        return Err(if cap < max {
            "the archive unpacks to more than the server accepts".to_owned()
        } else {
            format!("larger than {max} bytes")
        });
    }
    *budget -= read;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::{ArchivedAccount, Packing, pack};

    const LIMITS: Limits = Limits {
        entries: 100,
        document_bytes: 64 * 1024,
        photo_bytes: 64 * 1024,
        total_bytes: 1024 * 1024,
    };

    fn archive(
        recipes: Vec<(String, serde_json::Value)>,
        photos: Vec<(String, bytes::Bytes)>,
    ) -> Vec<u8> {
        pack(&Packing {
            account: ArchivedAccount {
                username: Some("cook".into()),
                avatar: None,
            },
            recipes,
            photos,
            exported_at: "2026-12-02T00:00:00Z".into(),
        })
        .unwrap()
    }

    #[test]
    fn what_is_packed_is_unpacked() {
        let document = serde_json::json!({"@type": "Recipe", "name": "soup",
            "recipe_api": {"uid": "a", "name": "soup", "cover": {"file": "photos/x.jpg"}}});
        let bytes = archive(
            vec![("a".into(), document.clone())],
            vec![("photos/x.jpg".into(), bytes::Bytes::from_static(b"jpeg"))],
        );
        let unpacked = unpack(&bytes, LIMITS).unwrap();
        assert_eq!(unpacked.manifest.unwrap().recipes, ["recipes/a.json"]);
        assert_eq!(unpacked.recipes[0].document, document);
        assert_eq!(&unpacked.photos["photos/x.jpg"][..], b"jpeg");
        assert!(unpacked.warnings.is_empty(), "{:?}", unpacked.warnings);
    }

    #[test]
    fn a_bomb_is_cut_off_at_the_limits() {
        let zeros = bytes::Bytes::from(vec![0u8; 200 * 1024]);
        let document = serde_json::json!({"recipe_api": {"uid": "a", "name": "x",
            "cover": {"file": "photos/big.jpg"}}});
        let bytes = archive(
            vec![("a".into(), document)],
            vec![("photos/big.jpg".into(), zeros)],
        );
        let unpacked = unpack(&bytes, LIMITS).unwrap();
        assert!(unpacked.photos.is_empty());
        assert!(
            unpacked.warnings[0].contains("larger than"),
            "{:?}",
            unpacked.warnings
        );
    }

    #[test]
    fn not_an_archive_or_not_ours_is_invalid() {
        assert!(unpack(b"not a zip", LIMITS).is_err());
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("manifest.json", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(
            &mut zip,
            br#"{"format": "other", "version": 1, "recipes": []}"#,
        )
        .unwrap();
        let other = zip.finish().unwrap().into_inner();
        let err = unpack(&other, LIMITS).unwrap_err();
        assert!(err.0.contains("format"), "{err}");
    }
}
