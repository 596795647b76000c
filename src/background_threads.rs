//! Threads for heavy work beside the request workers — password hashes, image processing: a
//! fixed few per kind, scheduled below the request workers, so a burst of logins or uploads
//! slows other logins or uploads rather than every other request.
//!
//! Such jobs fill large blocks (a hash 12 MiB, a decoded photo tens of MiB). glibc's allocator
//! would keep such blocks in per-thread arenas after the first one is freed (its mmap threshold
//! adapts upwards), so every thread that ever ran a job would hold that much for good; starting
//! these threads fixes the threshold, so the memory of a finished job goes back to the system at
//! once and the peak stays at one job's blocks per thread.

use std::{
    panic::AssertUnwindSafe,
    sync::{
        Arc, Mutex, Once, PoisonError,
        atomic::{AtomicUsize, Ordering},
        mpsc,
    },
    thread,
};

use tokio::sync::Semaphore;

use anyhow::Context;

/// How much lower than the request workers these threads are scheduled (Linux nice
/// value: at 10 a busy hashing thread gets about a tenth of what a busy worker gets).
const NICENESS: i32 = 10;

/// Allocations at least this large are mapped and unmapped on their own (glibc's default).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: i32 = 128 * 1024;

type Job = Box<dyn FnOnce() + Send>;

/// A fixed set of threads; they stop when the last handle is dropped.
#[derive(Debug)]
pub(crate) struct BackgroundThreads {
    jobs: Mutex<mpsc::Sender<Job>>,
    kind: &'static str,
}

impl BackgroundThreads {
    /// Starts `count` (≥ 1) threads named `{kind}-{n}`.
    pub(crate) fn start(kind: &'static str, count: usize) -> anyhow::Result<Self> {
        static ALLOCATOR: Once = Once::new();
        ALLOCATOR.call_once(return_large_blocks_to_the_system);
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..count.max(1) {
            let queue = queue.clone();
            thread::Builder::new()
                .name(format!("{kind}-{n}"))
                .spawn(move || work(&queue))
                .with_context(|| format!("could not start a {kind} thread"))?;
        }
        Ok(Self {
            jobs: Mutex::new(jobs),
            kind,
        })
    }

    /// Runs `job` on one of the threads and waits for its result without blocking the caller's
    /// thread.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> anyhow::Result<T> {
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = done.send(job());
        });
        self.jobs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .send(job)
            .map_err(|_| anyhow::anyhow!("the {} threads have stopped", self.kind))?;
        result
            .await
            .with_context(|| format!("a {} job failed", self.kind))
    }
}

/// Threads with a queue in front: at most `concurrency` jobs run at once, the others wait
/// (asynchronously) for a slot. Counts what runs and what waits, for the metrics.
#[derive(Debug)]
pub(crate) struct BoundedWork {
    threads: BackgroundThreads,
    permits: Semaphore,
    concurrency: usize,
    waiting: AtomicUsize,
}

impl BoundedWork {
    /// `concurrency` (≥ 1) threads named `{kind}-{n}`, each running one job at a time.
    pub(crate) fn start(kind: &'static str, concurrency: usize) -> anyhow::Result<Self> {
        let concurrency = concurrency.max(1);
        Ok(Self {
            threads: BackgroundThreads::start(kind, concurrency)?,
            permits: Semaphore::new(concurrency),
            concurrency,
            waiting: AtomicUsize::new(0),
        })
    }

    /// Waits for a slot, then runs `job` on one of the threads.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> anyhow::Result<T> {
        let permit = {
            let _waiting = Waiting::new(&self.waiting);
            self.permits.acquire().await
        };
        let _permit = permit.context("the threads are shut down")?;
        self.threads.run(job).await
    }

    /// Jobs running now, and jobs waiting for a slot.
    pub(crate) fn queue(&self) -> (usize, usize) {
        let running = self.concurrency - self.permits.available_permits();
        (running, self.waiting.load(Ordering::Relaxed))
    }
}

/// Counts a job waiting for a slot while it lives (also if its request is dropped).
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn new(count: &'a AtomicUsize) -> Self {
        count.fetch_add(1, Ordering::Relaxed);
        Waiting(count)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A thread's loop: lower its priority, then run jobs until the sender is gone. A job
/// that panics drops its result sender (its caller sees an error); the thread goes on.
fn work(queue: &Mutex<mpsc::Receiver<Job>>) {
    lower_priority();
    loop {
        let next = queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
        match next {
            Ok(job) => {
                let _ = std::panic::catch_unwind(AssertUnwindSafe(job));
            }
            Err(mpsc::RecvError) => return,
        }
    }
}

#[cfg(target_os = "linux")]
fn lower_priority() {
    // SAFETY: gettid has no preconditions; setpriority with this thread's id changes only this
    // thread's nice value (raising it needs no privilege). A failure leaves the priority as is.
    unsafe {
        let thread = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, thread as libc::id_t, NICENESS);
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_large_blocks_to_the_system() {
    // SAFETY: mallopt only changes allocator settings; setting the threshold explicitly turns
    // off its adaptive raising, which would otherwise keep freed hash blocks in thread arenas.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_large_blocks_to_the_system() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn runs_jobs_on_named_lower_priority_threads_and_survives_a_panic() {
        let threads = BackgroundThreads::start("password-hash", 2).unwrap();
        let name = threads
            .run(|| thread::current().name().map(str::to_owned))
            .await
            .unwrap();
        assert!(name.unwrap().starts_with("password-hash-"));
        #[cfg(target_os = "linux")]
        {
            // SAFETY: getpriority has no preconditions.
            let nice = threads
                .run(|| unsafe {
                    libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t)
                })
                .await
                .unwrap();
            assert!(nice >= NICENESS, "nice value {nice}");
        }
        let failed = threads.run(|| panic!("a hash failed")).await;
        assert!(failed.is_err());
        for _ in 0..4 {
            assert_eq!(threads.run(|| 2 + 2).await.unwrap(), 4);
        }
    }
}
