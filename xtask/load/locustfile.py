"""Fifty people using a family library at once: scrolling the timeline, opening photos, searching,
uploading. `cargo xtask soak` runs this against a release server seeded with the test corpus."""

import hashlib
import itertools
import os
import random
import threading

from locust import HttpUser, between, events, task

API = "/api/v1"
PASSWORD = "correct horse battery"
PEOPLE = [f"person{i}" for i in range(5)]
CORPUS = os.environ["KEEPSAKE_CORPUS"]
# Whole photos only: the corpus also holds broken files, which the upload tests cover.
PHOTOS = sorted(
    f
    for f in os.listdir(CORPUS)
    if f.lower().endswith((".jpg", ".jpeg")) and not any(w in f for w in ("broken", "corrupt", "trunc", "bad"))
)
WORDS = ["2019", "summer", "canon", "beach", "christmas", "june 2012", "nikon", "birthday"]
_serial = itertools.count()
_serial_lock = threading.Lock()
# Each person's session cookie, from the seeding: a family's phones stay signed in, so the load is
# browsing, not fifty simultaneous sign-ins (which the password gate rightly refuses past its bound).
SESSIONS = {}
# The corpus photos the server took; the simulated people upload variants of these.
ACCEPTED = []


def upload(client, name, data, refused_is_fine=False):
    """Open, send in one chunk, finish: what the browser does, minus the derivatives. Returns whether
    the library has the file now."""
    sha = hashlib.sha256(data).hexdigest()
    metadata = {"camera": {}, "exposure": {}}
    body = {"filename": name, "mime": "image/jpeg", "bytes": len(data), "sha256": sha, "metadata": metadata}
    started = client.post(f"{API}/uploads", json=body, name="/uploads").json()
    if started.get("status") != "open":
        return True
    upload_id = started["upload_id"]
    client.put(
        f"{API}/uploads/{upload_id}/bytes?offset={started['offset']}", data=data, name="/uploads/{id}/bytes"
    )
    finish = f"{API}/uploads/{upload_id}/finish"
    with client.post(finish, name="/uploads/{id}/finish", catch_response=True) as r:
        if r.status_code == 422 and refused_is_fine:
            # A file this server cannot decode (the corpus has a few): refusing it is right.
            r.success()
            return False
        return r.status_code == 201


@events.test_start.add_listener
def seed(environment, **_):
    """The admin makes the family's accounts; each uploads part of the corpus."""
    from locust.clients import HttpSession

    host = environment.host
    admin = HttpSession(base_url=host, request_event=environment.events.request, user=None)
    admin.post(f"{API}/auth/signup", json={"username": "admin", "password": PASSWORD}, name="/auth/signup")
    for i, person in enumerate(PEOPLE):
        admin.post(f"{API}/users", json={"username": person, "password": PASSWORD}, name="/users")
        session = HttpSession(base_url=host, request_event=environment.events.request, user=None)
        session.post(f"{API}/auth/login", json={"username": person, "password": PASSWORD}, name="/auth/login")
        SESSIONS[person] = session.cookies.get("keepsake_session")
        for name in PHOTOS[i::len(PEOPLE)]:
            with open(os.path.join(CORPUS, name), "rb") as f:
                if upload(session, name, f.read(), refused_is_fine=True):
                    ACCEPTED.append(name)


class Person(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        self.name = random.choice(PEOPLE)
        self.client.cookies.set("keepsake_session", SESSIONS[self.name])
        self.ids = []
        self.timeline()

    @task(6)
    def timeline(self):
        page = self.client.get(f"{API}/assets?limit=200", name="/assets").json()
        self.ids = [a["id"] for a in page.get("items", [])] or self.ids
        # A phone's first screen of the grid.
        for asset in random.sample(self.ids, min(12, len(self.ids))):
            self.client.get(f"{API}/assets/{asset}/thumbnail", name="/assets/{id}/thumbnail")

    @task(4)
    def open_photo(self):
        if self.ids:
            asset = random.choice(self.ids)
            self.client.get(f"{API}/assets/{asset}", name="/assets/{id}")
            self.client.get(f"{API}/assets/{asset}/preview", name="/assets/{id}/preview")

    @task(2)
    def search(self):
        self.client.get(f"{API}/search", params={"q": random.choice(WORDS)}, name="/search")

    @task(1)
    def albums(self):
        self.client.get(f"{API}/albums", name="/albums")

    @task(1)
    def upload_photo(self):
        with _serial_lock:
            serial = next(_serial)
        name = random.choice(ACCEPTED)
        with open(os.path.join(CORPUS, name), "rb") as f:
            data = f.read()
        # A new file each time (its hash differs), as a phone's new photos are.
        upload(self.client, f"load-{serial}-{name}", data + serial.to_bytes(8, "big"))
