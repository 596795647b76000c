//! The threads password hashes run on: a fixed few, scheduled below the request workers, so a
//! burst of logins slows other logins rather than every other request.
//!
//! Each hash fills 19 MiB. glibc's allocator would keep such blocks in per-thread arenas after
//! the first one is freed (its mmap threshold adapts upwards), so every thread that ever hashed
//! would hold 19 MiB or more for good; starting these threads fixes the threshold, so the memory
//! of a finished hash goes back to the system at once and the peak stays at one block per
//! hashing thread.

use std::{
    panic::AssertUnwindSafe,
    sync::{Arc, Mutex, Once, PoisonError, mpsc},
    thread,
};

use anyhow::Context;

/// How much lower than the request workers the hashing threads are scheduled (Linux nice
/// value: at 10 a busy hashing thread gets about a tenth of what a busy worker gets).
const NICENESS: i32 = 10;

/// Allocations at least this large are mapped and unmapped on their own (glibc's default).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: i32 = 128 * 1024;

type Job = Box<dyn FnOnce() + Send>;

/// A fixed set of hashing threads; they stop when the last handle is dropped.
#[derive(Debug)]
pub(super) struct HashingThreads {
    jobs: Mutex<mpsc::Sender<Job>>,
}

impl HashingThreads {
    /// Starts `count` (≥ 1) threads.
    pub(super) fn start(count: usize) -> anyhow::Result<Self> {
        static ALLOCATOR: Once = Once::new();
        ALLOCATOR.call_once(return_large_blocks_to_the_system);
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..count.max(1) {
            let queue = queue.clone();
            thread::Builder::new()
                .name(format!("password-hash-{n}"))
                .spawn(move || work(&queue))
                .context("could not start a password hashing thread")?;
        }
        Ok(Self {
            jobs: Mutex::new(jobs),
        })
    }

    /// Runs `job` on one of the threads and waits for its result without blocking the caller's
    /// thread.
    pub(super) async fn run<T: Send + 'static>(
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
            .map_err(|_| anyhow::anyhow!("the password hashing threads have stopped"))?;
        result.await.context("a password hashing job failed")
    }
}

/// A hashing thread's loop: lower its priority, then run jobs until the sender is gone. A job
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
        let threads = HashingThreads::start(2).unwrap();
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
