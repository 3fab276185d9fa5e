//! People's background pass: while Keepsake is open, the browser finds the faces in each of the
//! person's photos the server has not had faces for yet (new uploads, and the library from before
//! People was on), in its own worker, and sends the server the boxes and descriptors. The server's
//! list of photos still to do is the pass's only state, so it resumes wherever it stopped: a pause,
//! a closed tab, a crash.
//!
//! On a device with cores to spare, several workers look at once, each at its own photo: detection
//! and descriptors are hundreds of milliseconds of one core a photo, and a phone has four to eight.

use crate::{api, processing::Processor};
use futures_channel::oneshot;
use leptos::{prelude::*, task::spawn_local};
use std::{
    cell::{Cell, RefCell},
    collections::{HashSet, VecDeque},
    rc::Rc,
};

/// Photos asked for at a time.
const BATCH: usize = 8;

/// The most workers looking at once: each holds both models (about 30 MB).
const MAX_LANES: usize = 3;

/// Workers to look with: one per core past the page's own, one at least and [`MAX_LANES`] at most.
fn lanes() -> usize {
    let cores = web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency()) as usize;
    cores.saturating_sub(1).clamp(1, MAX_LANES)
}

/// Why the workers stopped before the batch was done.
enum Stop {
    /// People was turned off meanwhile: nothing more to do.
    PeopleOff,
    /// The network (or the models, offline) could not be reached: tried again later.
    Unreachable(String),
}

/// The pass's counts, shared by the workers looking at one batch.
struct Progress {
    done: Cell<u64>,
    remaining: Cell<u64>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PassState {
    Idle,
    /// Looking: photos done in this run, and how many were left at the last count.
    Running {
        done: u64,
        remaining: u64,
    },
    Paused {
        remaining: u64,
    },
    Failed(String),
}

#[derive(Clone, Copy)]
pub struct FacePass {
    pub state: RwSignal<PassState>,
    /// Raised when a photo's faces are recorded, for views listing people to reload.
    pub found: RwSignal<u64>,
    paused: RwSignal<bool>,
    running: RwSignal<bool>,
    /// Photos this session could not read: left for the next session rather than tried forever.
    skipped: StoredValue<HashSet<String>>,
    workers: StoredValue<Vec<Rc<Processor>>, LocalStorage>,
}

impl FacePass {
    pub fn new() -> Self {
        Self {
            state: RwSignal::new(PassState::Idle),
            found: RwSignal::new(0),
            paused: RwSignal::new(false),
            running: RwSignal::new(false),
            skipped: StoredValue::new(HashSet::new()),
            workers: StoredValue::new_local(Vec::new()),
        }
    }

    /// Starts the pass, unless it runs already or the person paused it.
    pub fn start(&self) {
        if self.running.get_untracked() || self.paused.get_untracked() {
            return;
        }
        self.running.set(true);
        let this = *self;
        spawn_local(async move {
            let outcome = this.run().await;
            this.running.set(false);
            match outcome {
                Err(e) => this.state.set(PassState::Failed(e)),
                Ok(remaining) if this.paused.get_untracked() => {
                    this.state.set(PassState::Paused { remaining })
                }
                Ok(_) => this.state.set(PassState::Idle),
            }
        });
    }

    pub fn pause(&self) {
        self.paused.set(true);
        if let PassState::Running { remaining, .. } = self.state.get_untracked() {
            self.state.set(PassState::Paused { remaining });
        }
    }

    pub fn resume(&self) {
        self.paused.set(false);
        self.start();
    }

    /// Forgets the workers (and the models in them): People was turned off. A pass still running ends
    /// at its next photo, which the server refuses.
    pub fn stop(&self) {
        self.workers.set_value(Vec::new());
        self.state.set(PassState::Idle);
        self.paused.set(false);
    }

    fn workers(&self) -> Result<Vec<Rc<Processor>>, String> {
        let wanted = lanes();
        while self.workers.with_value(Vec::len) < wanted {
            let worker = Rc::new(Processor::new().map_err(|e| format!("cannot start the worker: {e:?}"))?);
            self.workers.update_value(|w| w.push(worker));
        }
        Ok(self.workers.get_value())
    }

    /// Works through the server's list until it is empty or paused; answers how many are left.
    async fn run(&self) -> Result<u64, String> {
        let progress = Rc::new(Progress { done: Cell::new(0), remaining: Cell::new(0) });
        loop {
            let skipped = self.skipped.with_value(HashSet::len);
            let pending = api::pending_faces(BATCH + skipped).await.map_err(|e| e.to_string())?;
            progress.remaining.set(pending.remaining.saturating_sub(skipped as u64));
            let batch: VecDeque<String> = pending
                .assets
                .into_iter()
                .filter(|id| !self.skipped.with_value(|s| s.contains(id)))
                .collect();
            if batch.is_empty() || self.paused.get_untracked() {
                return Ok(progress.remaining.get());
            }
            self.report(&progress);
            let queue = Rc::new(RefCell::new(batch));
            let mut finished = Vec::new();
            for worker in self.workers()? {
                let (tx, rx) = oneshot::channel();
                let (this, queue, progress) = (*self, queue.clone(), progress.clone());
                spawn_local(async move {
                    let _ = tx.send(this.look_with(&worker, &queue, &progress).await);
                });
                finished.push(rx);
            }
            let mut stop = None;
            for lane in finished {
                if let Ok(Err(why)) = lane.await {
                    stop.get_or_insert(why);
                }
            }
            match stop {
                Some(Stop::PeopleOff) => return Ok(0),
                Some(Stop::Unreachable(e)) => return Err(e),
                None => {}
            }
        }
    }

    fn report(&self, progress: &Progress) {
        self.state.set(PassState::Running { done: progress.done.get(), remaining: progress.remaining.get() });
    }

    /// One worker's share of a batch: the next photo in the queue until none is left, or the pass
    /// is paused or must stop (the queue is then emptied for the other workers too).
    async fn look_with(
        &self,
        worker: &Processor,
        queue: &RefCell<VecDeque<String>>,
        progress: &Progress,
    ) -> Result<(), Stop> {
        loop {
            if self.paused.get_untracked() {
                return Ok(());
            }
            let Some(id) = queue.borrow_mut().pop_front() else { return Ok(()) };
            let stop = match self.look_at(worker, &id).await {
                Ok(()) => {
                    progress.done.set(progress.done.get() + 1);
                    self.found.update(|n| *n += 1);
                    None
                }
                Err(Some(e)) if e.code() == "people-off" => Some(Stop::PeopleOff),
                Err(Some(api::ClientError::Network(e))) => Some(Stop::Unreachable(e)),
                Err(_) => {
                    self.skipped.update_value(|s| {
                        s.insert(id.clone());
                    });
                    None
                }
            };
            if let Some(stop) = stop {
                queue.borrow_mut().clear();
                return Err(stop);
            }
            progress.remaining.set(progress.remaining.get().saturating_sub(1));
            self.report(progress);
        }
    }

    /// One photo: its preview, its faces, sent. `Err(None)`: the photo could not be read here.
    async fn look_at(&self, worker: &Processor, id: &str) -> Result<(), Option<api::ClientError>> {
        let preview = api::preview_bytes(id).await.map_err(Some)?;
        let faces = match worker.faces(preview).await {
            Ok(faces) => faces,
            Err(e) => {
                web_sys::console::warn_1(&format!("faces of {id}: {e}").into());
                // The models themselves could not be had (offline): stop rather than skip.
                if e.starts_with("models-unavailable") {
                    return Err(Some(api::ClientError::Network(e)));
                }
                return Err(None);
            }
        };
        api::set_faces(id, &faces).await.map(|_| ()).map_err(Some)
    }
}

impl Default for FacePass {
    fn default() -> Self {
        Self::new()
    }
}
