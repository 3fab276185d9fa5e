//! People's background pass: while Keepsake is open, the browser finds the faces in each of the
//! person's photos the server has not had faces for yet (new uploads, and the library from before
//! People was on), in its own worker, and sends the server the boxes and descriptors. The server's
//! list of photos still to do is the pass's only state, so it resumes wherever it stopped: a pause,
//! a closed tab, a crash.

use crate::{api, processing::Processor};
use leptos::{prelude::*, task::spawn_local};
use std::{collections::HashSet, rc::Rc};

/// Photos asked for at a time.
const BATCH: usize = 8;

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
    worker: StoredValue<Option<Rc<Processor>>, LocalStorage>,
}

impl FacePass {
    pub fn new() -> Self {
        Self {
            state: RwSignal::new(PassState::Idle),
            found: RwSignal::new(0),
            paused: RwSignal::new(false),
            running: RwSignal::new(false),
            skipped: StoredValue::new(HashSet::new()),
            worker: StoredValue::new_local(None),
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

    /// Forgets the worker (and the models in it): People was turned off. A pass still running ends
    /// at its next photo, which the server refuses.
    pub fn stop(&self) {
        self.worker.set_value(None);
        self.state.set(PassState::Idle);
        self.paused.set(false);
    }

    fn worker(&self) -> Result<Rc<Processor>, String> {
        if let Some(worker) = self.worker.get_value() {
            return Ok(worker);
        }
        let worker = Rc::new(Processor::new().map_err(|e| format!("cannot start the worker: {e:?}"))?);
        self.worker.set_value(Some(worker.clone()));
        Ok(worker)
    }

    /// Works through the server's list until it is empty or paused; answers how many are left.
    async fn run(&self) -> Result<u64, String> {
        let mut done = 0;
        loop {
            let skipped = self.skipped.with_value(HashSet::len);
            let pending = api::pending_faces(BATCH + skipped).await.map_err(|e| e.to_string())?;
            let mut remaining = pending.remaining.saturating_sub(skipped as u64);
            let batch: Vec<String> = pending
                .assets
                .into_iter()
                .filter(|id| !self.skipped.with_value(|s| s.contains(id)))
                .collect();
            if batch.is_empty() || self.paused.get_untracked() {
                return Ok(remaining);
            }
            self.state.set(PassState::Running { done, remaining });
            let worker = self.worker()?;
            for id in batch {
                if self.paused.get_untracked() {
                    break;
                }
                match self.look_at(&worker, &id).await {
                    Ok(()) => {
                        done += 1;
                        self.found.update(|n| *n += 1);
                    }
                    // People was turned off meanwhile: nothing more to do.
                    Err(Some(e)) if e.code() == "people-off" => return Ok(0),
                    Err(Some(api::ClientError::Network(e))) => return Err(e),
                    Err(_) => self.skipped.update_value(|s| {
                        s.insert(id.clone());
                    }),
                }
                remaining = remaining.saturating_sub(1);
                self.state.set(PassState::Running { done, remaining });
            }
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
