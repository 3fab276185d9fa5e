//! The threads database work runs on: a fixed number, fed through a bounded queue.

use crate::error::{AppError, AppResult};
use std::sync::{Arc, Mutex};

type Job = Box<dyn FnOnce() + Send>;

pub struct Pool {
    jobs: tokio::sync::mpsc::Sender<Job>,
}

impl Pool {
    /// Jobs waiting beyond the running ones; senders wait (asynchronously) for room past it.
    const QUEUE: usize = 1024;

    pub fn new() -> Self {
        let threads = std::thread::available_parallelism().map_or(4, |n| n.get() * 2).clamp(4, 16);
        let (jobs, queue) = tokio::sync::mpsc::channel::<Job>(Self::QUEUE);
        let queue = Arc::new(Mutex::new(queue));
        for i in 0..threads {
            let queue = Arc::clone(&queue);
            std::thread::Builder::new()
                .name(format!("keepsake-db-{i}"))
                .spawn(move || {
                    loop {
                        // One thread waits on the queue at a time; the others wait for the lock.
                        let job = queue.lock().unwrap_or_else(|e| e.into_inner()).blocking_recv();
                        match job {
                            Some(job) => job(),
                            // Every sender is gone: the store was dropped.
                            None => break,
                        }
                    }
                })
                .expect("cannot start a database thread");
        }
        Self { jobs }
    }

    /// Runs `f` on one of the pool's threads. A panic in `f` is an internal error, not a dead thread.
    pub async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
            let _ = done.send(outcome);
        });
        self.jobs
            .send(job)
            .await
            .map_err(|_| AppError::internal(anyhow::anyhow!("the database pool stopped")))?;
        match result.await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(_)) => Err(AppError::internal(anyhow::anyhow!("a database task panicked"))),
            Err(_) => Err(AppError::internal(anyhow::anyhow!("the database pool stopped"))),
        }
    }
}
