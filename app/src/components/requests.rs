//! One way for a view to send its requests and show what went wrong. A view makes one `Requests`,
//! runs each call through it, and places `requests.problem()` where its error belongs: a failure is
//! shown there (in an alert, replacing the one before) instead of being matched by hand at each call.

use leptos::{prelude::*, task::spawn_local};
use std::{fmt::Display, future::Future};

#[derive(Clone, Copy)]
pub struct Requests {
    problem: RwSignal<Option<String>>,
}

impl Requests {
    pub fn new() -> Self {
        Self { problem: RwSignal::new(None) }
    }

    /// Sends `call` in the background and hands its answer to `then`; a failure becomes the problem.
    /// Loading many things at once, an earlier failure stays shown when a later call succeeds.
    pub fn run<T: 'static, E: Display + 'static>(
        self,
        call: impl Future<Output = Result<T, E>> + 'static,
        then: impl FnOnce(T) + 'static,
    ) {
        spawn_local(async move {
            match call.await {
                Ok(value) => then(value),
                Err(e) => self.fail(e),
            }
        });
    }

    /// `run` for something the person asked for: its success answers whatever failed before, so the
    /// problem is cleared.
    pub fn act<T: 'static, E: Display + 'static>(
        self,
        call: impl Future<Output = Result<T, E>> + 'static,
        then: impl FnOnce(T) + 'static,
    ) {
        self.run(call, move |value| {
            self.clear();
            then(value)
        });
    }

    pub fn fail(self, problem: impl Display) {
        self.problem.set(Some(problem.to_string()));
    }

    pub fn clear(self) {
        self.problem.set(None);
    }

    /// The problem, if there is one, as the alert every view shows.
    pub fn problem(self) -> impl IntoView {
        move || self.problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })
    }
}

impl Default for Requests {
    fn default() -> Self {
        Self::new()
    }
}

/// What a view shows until its first answer arrives.
pub fn loading() -> AnyView {
    view! { <p class="loading">"Loading…"</p> }.into_any()
}
