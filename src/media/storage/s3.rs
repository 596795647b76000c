//! Media files in an S3-compatible object store (AWS S3, MinIO, Garage, Ceph…), through the
//! `object_store` crate: `MEDIA_STORE=s3://BUCKET[/PREFIX]?endpoint=URL&region=R`.
//! Credentials come from the usual `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (or
//! `AWS_SESSION_TOKEN`, …) environment variables; an `endpoint` is addressed path-style, and
//! over plain HTTP only when the endpoint says `http://`.

use anyhow::{Context, bail};
use bytes::Bytes;
use futures_util::TryStreamExt;
use std::time::Duration;

use object_store::{
    ClientOptions, ObjectStore, ObjectStoreExt, RetryConfig, aws::AmazonS3Builder, path::Path,
};

use super::StoredFile;
use crate::media::names;

/// A bucket (and a prefix inside it).
#[derive(Debug)]
pub struct S3 {
    store: object_store::aws::AmazonS3,
    bucket: String,
    prefix: String,
    endpoint: Option<String>,
}

impl S3 {
    /// The store of `url`: `s3://BUCKET[/PREFIX][?endpoint=…&region=…]`.
    pub(super) fn from_url(url: &str) -> anyhow::Result<Self> {
        let rest = url.trim_start_matches("s3://");
        let (location, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (bucket, prefix) = location.split_once('/').unwrap_or((location, ""));
        if bucket.is_empty() {
            bail!("MEDIA_STORE names no bucket: s3://BUCKET?endpoint=…");
        }
        let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
        let mut endpoint = None;
        let mut region = None;
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            match &*key {
                "endpoint" => endpoint = Some(value.into_owned()),
                "region" => region = Some(value.into_owned()),
                other => bail!("MEDIA_STORE: unknown parameter {other:?} (endpoint, region)"),
            }
        }
        // Fail fast enough to answer within a request's time: a few quick retries, not the
        // client's default minutes of them.
        let retry = RetryConfig {
            max_retries: 3,
            retry_timeout: Duration::from_secs(10),
            ..RetryConfig::default()
        };
        let mut options = ClientOptions::new()
            .with_connect_timeout(Duration::from_secs(3))
            .with_timeout(Duration::from_secs(20));
        if let Some(endpoint) = &endpoint {
            options = options.with_allow_http(endpoint.starts_with("http://"));
            builder = builder
                .with_endpoint(endpoint)
                .with_virtual_hosted_style_request(false);
        }
        let region = region
            .or_else(|| std::env::var("AWS_REGION").ok())
            .or_else(|| std::env::var("AWS_DEFAULT_REGION").ok())
            .unwrap_or_else(|| "us-east-1".to_owned());
        let store = builder
            .with_retry(retry)
            .with_client_options(options)
            .with_region(region)
            .build()
            .context("MEDIA_STORE: could not configure the S3 client")?;
        Ok(Self {
            store,
            bucket: bucket.to_owned(),
            prefix: prefix.trim_matches('/').to_owned(),
            endpoint,
        })
    }

    pub(super) fn describe(&self) -> String {
        let endpoint = self.endpoint.as_deref().unwrap_or("AWS");
        format!("s3://{}/{} at {endpoint}", self.bucket, self.prefix)
    }

    /// Lists one page of the prefix: the bucket exists and the credentials work.
    pub(super) async fn check(&self) -> anyhow::Result<()> {
        let prefix = self.prefix_path();
        self.store
            .list_with_delimiter(prefix.as_ref())
            .await
            .context("could not list the bucket")?;
        Ok(())
    }

    fn prefix_path(&self) -> Option<Path> {
        (!self.prefix.is_empty()).then(|| Path::from(self.prefix.as_str()))
    }

    fn path(&self, name: &str) -> anyhow::Result<Path> {
        anyhow::ensure!(
            names::is_stored_name(name),
            "not a media file name: {name:?}"
        );
        Ok(match self.prefix.as_str() {
            "" => Path::from(name),
            prefix => Path::from(format!("{prefix}/{name}")),
        })
    }

    pub(super) async fn put(&self, name: &str, bytes: Bytes) -> anyhow::Result<()> {
        self.store
            .put(&self.path(name)?, bytes.into())
            .await
            .context("could not store a media file")?;
        Ok(())
    }

    pub(super) async fn get(&self, name: &str) -> anyhow::Result<Option<Bytes>> {
        match self.store.get(&self.path(name)?).await {
            Ok(found) => Ok(Some(
                found.bytes().await.context("could not read a media file")?,
            )),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(err) => Err(err).context("could not read a media file"),
        }
    }

    pub(super) async fn delete(&self, name: &str) -> anyhow::Result<()> {
        match self.store.delete(&self.path(name)?).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(err) => Err(err).context("could not delete a media file"),
        }
    }

    pub(super) async fn list(&self) -> anyhow::Result<Vec<StoredFile>> {
        let prefix = self.prefix_path();
        let objects: Vec<_> = self
            .store
            .list(prefix.as_ref())
            .try_collect()
            .await
            .context("could not list the media bucket")?;
        Ok(objects
            .into_iter()
            .filter_map(|object| {
                let name = object.location.filename()?.to_owned();
                names::is_stored_name(&name).then_some(StoredFile {
                    name,
                    modified: object.last_modified,
                })
            })
            .collect())
    }
}
