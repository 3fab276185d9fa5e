//! Counting attempts (wrong passwords, emails sent) per key in a sliding window, with bounded memory.
//!
//! An attempt is counted when it *starts*, before the password is verified: a burst of simultaneous
//! requests cannot all pass the check while the first ones are still hashing. A key's in-flight
//! attempts are bounded too, so one key cannot occupy every argon2 slot at once. Keys are stored as a
//! fixed-size digest of their text (a client cannot grow the table by sending long names), entries
//! expire on a timer ([`Throttle::prune`]), and the table has a hard cap beyond which new keys are
//! refused rather than remembered.

use crate::error::{AppError, AppResult};
use sha2::{Digest, Sha256};
use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex},
};

/// The most keys one throttle remembers. At ~200 bytes an entry, a few megabytes.
pub const DEFAULT_CAPACITY: usize = 20_000;

/// A key's stored form: 128 bits of SHA-256 of its text.
type Key = [u8; 16];

fn key_of(text: &str) -> Key {
    let digest = Sha256::digest(text.as_bytes());
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

#[derive(Default)]
struct Entry {
    /// Start times of the attempts in the window, oldest first; never more than the limit.
    attempts: VecDeque<i64>,
    in_flight: u32,
}

pub struct Throttle {
    max_attempts: u32,
    window_seconds: i64,
    max_in_flight: u32,
    capacity: usize,
    entries: Mutex<HashMap<Key, Entry>>,
}

/// One counted attempt. Dropping it ends the attempt (it stays counted); [`Reservation::forgive`]
/// uncounts it, for an attempt that succeeded or never ran.
pub struct Reservation {
    throttle: Arc<Throttle>,
    key: Key,
    at: i64,
    /// Attempts the key had in the window before this one.
    pub earlier: u32,
}

impl Throttle {
    pub fn new(max_attempts: u32, window_seconds: i64) -> Self {
        Self::with_limits(max_attempts, window_seconds, 2, DEFAULT_CAPACITY)
    }

    pub fn with_limits(max_attempts: u32, window_seconds: i64, max_in_flight: u32, capacity: usize) -> Self {
        Self { max_attempts, window_seconds, max_in_flight, capacity, entries: Mutex::new(HashMap::new()) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Entry>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts an attempt for `key`, or `Err(Throttled)` when the key has used up its window, has too
    /// many attempts running, or the table is full of other keys.
    pub fn reserve(self: &Arc<Self>, key: &str, now: i64) -> AppResult<Reservation> {
        let key = key_of(key);
        let mut entries = self.lock();
        if !entries.contains_key(&key) && entries.len() >= self.capacity {
            self.prune_locked(&mut entries, now);
            if entries.len() >= self.capacity {
                tracing::warn!(capacity = self.capacity, "a throttle table is full; refusing new keys");
                return Err(AppError::Throttled { retry_after: self.window_seconds as u64 });
            }
        }
        let entry = entries.entry(key).or_default();
        while entry.attempts.front().is_some_and(|&t| t <= now - self.window_seconds) {
            entry.attempts.pop_front();
        }
        if entry.attempts.len() as u32 >= self.max_attempts {
            let retry_after = (entry.attempts[0] + self.window_seconds - now).max(1) as u64;
            return Err(AppError::Throttled { retry_after });
        }
        if entry.in_flight >= self.max_in_flight {
            return Err(AppError::Throttled { retry_after: 1 });
        }
        let earlier = entry.attempts.len() as u32;
        entry.attempts.push_back(now);
        entry.in_flight += 1;
        Ok(Reservation { throttle: Arc::clone(self), key, at: now, earlier })
    }

    /// Forgets every attempt of `key` (a successful sign-in clears its own record).
    pub fn clear(&self, key: &str) {
        let key = key_of(key);
        let mut entries = self.lock();
        if let Some(entry) = entries.get_mut(&key) {
            entry.attempts.clear();
            if entry.in_flight == 0 {
                entries.remove(&key);
            }
        }
    }

    /// Drops the keys whose attempts have all left the window. Called on a timer.
    pub fn prune(&self, now: i64) {
        let mut entries = self.lock();
        self.prune_locked(&mut entries, now);
    }

    fn prune_locked(&self, entries: &mut HashMap<Key, Entry>, now: i64) {
        let cutoff = now - self.window_seconds;
        entries.retain(|_, e| e.in_flight > 0 || e.attempts.back().is_some_and(|&t| t > cutoff));
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Reservation {
    /// Uncounts this attempt.
    pub fn forgive(self) {
        let mut entries = self.throttle.lock();
        if let Some(entry) = entries.get_mut(&self.key)
            && let Some(i) = entry.attempts.iter().rposition(|&t| t == self.at)
        {
            entry.attempts.remove(i);
        }
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        let mut entries = self.throttle.lock();
        if let Some(entry) = entries.get_mut(&self.key) {
            entry.in_flight = entry.in_flight.saturating_sub(1);
        }
    }
}

/// Reserves an attempt on each `(throttle, key)`, all or none: when one refuses, those already taken
/// are forgiven, as the attempt never ran.
pub fn reserve_all(pairs: &[(&Arc<Throttle>, &str)], now: i64) -> AppResult<Vec<Reservation>> {
    let mut taken = Vec::with_capacity(pairs.len());
    for (throttle, key) in pairs {
        match throttle.reserve(key, now) {
            Ok(r) => taken.push(r),
            Err(e) => {
                forgive_all(taken);
                return Err(e);
            }
        }
    }
    Ok(taken)
}

pub fn forgive_all(reservations: Vec<Reservation>) {
    reservations.into_iter().for_each(Reservation::forgive);
}

/// Every throttle the server keeps, by what it counts.
pub struct Throttles {
    /// Wrong passwords (sign-in and link) from one client address, whatever they were for.
    pub passwords_by_address: Arc<Throttle>,
    /// Wrong passwords for one account or link from one address: the lock a guesser meets first,
    /// which never locks out the account's owner signing in from elsewhere.
    pub passwords_by_subject_address: Arc<Throttle>,
    /// Wrong passwords for one account or link from everywhere: slower, and asked only of addresses
    /// that have already failed for it, so a spread-out guesser is bounded without the owner, signing
    /// in from a clean address, being locked out.
    pub passwords_by_subject: Arc<Throttle>,
    /// Emails sent per person.
    pub emails: Arc<Throttle>,
}

impl Default for Throttles {
    fn default() -> Self {
        Self {
            passwords_by_address: Arc::new(Throttle::with_limits(30, 60, 4, DEFAULT_CAPACITY)),
            passwords_by_subject_address: Arc::new(Throttle::new(10, 60)),
            passwords_by_subject: Arc::new(Throttle::with_limits(100, 3600, 4, DEFAULT_CAPACITY)),
            emails: Arc::new(Throttle::with_limits(30, 3600, 2, DEFAULT_CAPACITY)),
        }
    }
}

impl Throttles {
    fn all(&self) -> [&Arc<Throttle>; 4] {
        [
            &self.passwords_by_address,
            &self.passwords_by_subject_address,
            &self.passwords_by_subject,
            &self.emails,
        ]
    }

    pub fn prune(&self, now: i64) {
        self.all().into_iter().for_each(|t| t.prune(now));
    }

    /// Keys remembered in all (for the tests that check memory stays bounded).
    pub fn keys(&self) -> usize {
        self.all().into_iter().map(|t| t.len()).sum()
    }

    /// Counts a password attempt on `subject` (`user:ann`, `link:…`) from `address` before it is
    /// checked. Dropping the result leaves it counted as a failure.
    pub fn password_attempt(&self, subject: &str, address: &str, now: i64) -> AppResult<PasswordAttempt> {
        let subject_address = format!("{subject}\n{address}");
        let mut reservations = reserve_all(
            &[(&self.passwords_by_address, address), (&self.passwords_by_subject_address, &subject_address)],
            now,
        )?;
        if reservations[1].earlier > 0 {
            match self.passwords_by_subject.reserve(subject, now) {
                Ok(r) => reservations.push(r),
                Err(e) => {
                    forgive_all(reservations);
                    return Err(e);
                }
            }
        }
        Ok(PasswordAttempt {
            reservations,
            subject_address,
            by_subject_address: Arc::clone(&self.passwords_by_subject_address),
        })
    }
}

/// A counted password attempt; dropped, it stays counted (a wrong password).
pub struct PasswordAttempt {
    reservations: Vec<Reservation>,
    subject_address: String,
    by_subject_address: Arc<Throttle>,
}

impl PasswordAttempt {
    /// The right password: this address's record for the subject is wiped.
    pub fn succeeded(self) {
        self.by_subject_address.clear(&self.subject_address);
        forgive_all(self.reservations);
    }

    /// The password was never checked (the server was busy): not an attempt.
    pub fn not_checked(self) {
        forgive_all(self.reservations);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_count_when_they_start_and_the_window_slides() {
        let t = Arc::new(Throttle::with_limits(3, 60, 10, 100));
        let held: Vec<_> = (0..3).map(|i| t.reserve("ann", 100 + i).unwrap()).collect();
        // Still running, yet counted: a fourth at once is refused.
        assert!(matches!(t.reserve("ann", 103), Err(AppError::Throttled { retry_after: 57 })));
        drop(held);
        assert!(matches!(t.reserve("ann", 110), Err(AppError::Throttled { .. })));
        t.reserve("bob", 110).unwrap();
        assert_eq!(t.reserve("ann", 161).unwrap().earlier, 1);
    }

    #[test]
    fn in_flight_attempts_are_bounded_per_key() {
        let t = Arc::new(Throttle::with_limits(100, 60, 2, 100));
        let a = t.reserve("k", 1).unwrap();
        let _b = t.reserve("k", 1).unwrap();
        assert!(matches!(t.reserve("k", 1), Err(AppError::Throttled { retry_after: 1 })));
        drop(a);
        t.reserve("k", 1).unwrap();
    }

    #[test]
    fn forgiving_uncounts_and_reserve_all_is_all_or_nothing() {
        let a = Arc::new(Throttle::with_limits(1, 60, 5, 100));
        let b = Arc::new(Throttle::with_limits(1, 60, 5, 100));
        let held = b.reserve("x", 1).unwrap();
        assert!(reserve_all(&[(&a, "x"), (&b, "x")], 1).is_err());
        // The refused pair did not use up `a`.
        a.reserve("x", 2).unwrap().forgive();
        held.forgive();
        let both = reserve_all(&[(&a, "x"), (&b, "x")], 3).unwrap();
        assert_eq!(both.len(), 2);
    }

    #[test]
    fn the_account_wide_bound_asks_only_addresses_that_failed() {
        let t = Throttles {
            passwords_by_subject: Arc::new(Throttle::with_limits(3, 3600, 5, 100)),
            ..Throttles::default()
        };
        // Three guessers, one wrong password each (not counted account-wide), then each tries again:
        // the account-wide bound counts those, and is then used up for every address that failed.
        for guesser in ["a", "b", "c"] {
            drop(t.password_attempt("user:ann", guesser, 1).unwrap());
        }
        for guesser in ["a", "b", "c"] {
            drop(t.password_attempt("user:ann", guesser, 2).unwrap());
        }
        assert!(t.password_attempt("user:ann", "a", 3).is_err());
        // The owner, from an address that never failed, is not asked.
        t.password_attempt("user:ann", "home", 3).unwrap().succeeded();
        // A success wipes that address's record: its next try is clean again.
        let again = t.password_attempt("user:ann", "home", 4).unwrap();
        assert_eq!(again.reservations[1].earlier, 0);
    }

    #[test]
    fn the_table_is_bounded_and_expires() {
        let t = Arc::new(Throttle::with_limits(5, 60, 5, 3));
        for name in ["a", "b", "c"] {
            t.reserve(name, 1).unwrap();
        }
        assert!(t.reserve("d", 2).is_err(), "a full table refuses new keys");
        t.reserve("a", 2).unwrap();
        // Once the window has passed, the full table makes room by itself...
        t.reserve("d", 70).unwrap();
        assert_eq!(t.len(), 1);
        // ...and the timer empties it.
        t.prune(200);
        assert!(t.is_empty());
        // A long key costs what a short one does.
        t.reserve(&"x".repeat(300_000), 200).unwrap();
        assert_eq!(t.len(), 1);
    }
}
