"""The build cache between one-shot builds: parsed content, and what each output showed.

Kept in `.chronicle-cache/` in the project (git ignores it), for one Chronicle version. With
it, `chronicle build` after a one-file edit parses one file and renders only the outputs
whose inputs moved; every other file of the new site is a hard link to the previous
build's (builds never change a file in place), and the new site still replaces the old
one in one atomic step. The output is byte-identical to a clean build's (the random-edit
test builds both).

The cache is a pickle, which would run code if someone else wrote it: a cache committed to
a repository, say. So it is signed with a key kept outside the project, in the user's own
cache folder; a cache this machine did not write is ignored, never read.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import BinaryIO

from generator import __version__
from generator.exports import Parts
from generator.frontmatter import CacheEntry

CACHE_FOLDER = ".chronicle-cache"
CACHE_FILE = "build.pickle"
SIGNATURE_BYTES = 32


@dataclass
class BuildCache:
    version: str = __version__
    documents: dict[Path, CacheEntry] = field(default_factory=dict)
    out: str = ""  # the folder the fingerprints describe
    marker: tuple[int, int, int] = (0, 0, 0)  # that build's marker file: device, inode, mtime
    fingerprints: dict[str, str] = field(default_factory=dict)  # output name -> fingerprint
    parts: dict[str, Parts] = field(default_factory=dict)  # Renderer.parts

    def describes(self, out: Path, marker: Path) -> bool:
        """True when `out` still holds the build these fingerprints were taken from."""
        return self.out == str(out.resolve()) and file_identity(marker) == self.marker


def file_identity(path: Path) -> tuple[int, int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, 0, 0)
    return (stat.st_dev, stat.st_ino, stat.st_mtime_ns)


def _key() -> bytes:
    """This user's signing key (made once), outside any project."""
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "chronicle"
    path = home / "cache-key"
    try:
        return path.read_bytes()
    except OSError:
        home.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        temporary = path.with_name(f".cache-key-{os.getpid()}")
        temporary.write_bytes(key)
        temporary.chmod(0o600)
        os.replace(temporary, path)
        return path.read_bytes()


def _mac() -> hmac.HMAC:
    return hmac.new(_key(), digestmod=hashlib.sha256)


class _SigningWriter:
    """Passes pickle's writes to a file and to the signature: no copy of the whole pickle
    is ever held (it is hundreds of MB at 100,000 events)."""

    def __init__(self, file: BinaryIO, mac: hmac.HMAC) -> None:
        self.file, self.mac = file, mac

    def write(self, data: bytes) -> int:
        self.mac.update(data)
        return self.file.write(data)


def load_cache(root: Path) -> BuildCache:
    """The project's cache, or an empty one when there is none this machine can trust."""
    try:
        blob = (root / CACHE_FOLDER / CACHE_FILE).read_bytes()
        mac = _mac()  # no key (a read-only home): nothing can be trusted
    except OSError:
        return BuildCache()
    data = memoryview(blob)[SIGNATURE_BYTES:]
    mac.update(data)
    if not hmac.compare_digest(blob[:SIGNATURE_BYTES], mac.digest()):
        return BuildCache()
    try:
        cache = pickle.loads(data)  # signed by this user's key: written by Chronicle here
    except Exception:  # a cache from another Python or Chronicle: start afresh
        return BuildCache()
    return cache if isinstance(cache, BuildCache) and cache.version == __version__ \
        else BuildCache()


def save_cache(root: Path, cache: BuildCache) -> None:
    """Write the cache atomically; a cache that cannot be written only costs time.

    Content is untrusted: a `.chronicle-cache` that is a link (to anywhere) is left alone,
    and files are replaced, never written through, so no link makes this write elsewhere.
    """
    folder = root / CACHE_FOLDER
    if folder.is_symlink():
        return
    try:
        folder.mkdir(exist_ok=True)
        _replace(folder / ".gitignore", lambda file: file.write(b"*\n"))
        _replace(folder / CACHE_FILE, partial(_write_signed, cache))
    except OSError:
        pass


def _write_signed(cache: BuildCache, file: BinaryIO) -> None:
    file.write(bytes(SIGNATURE_BYTES))  # the signature's place, filled in below
    mac = _mac()
    pickle.dump(cache, _SigningWriter(file, mac), protocol=pickle.HIGHEST_PROTOCOL)
    file.seek(0)
    file.write(mac.digest())


def _replace(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write a new file beside `path` and rename it over: never through a link at `path`."""
    temporary = path.with_name(f".{path.name}-{os.getpid()}")
    temporary.unlink(missing_ok=True)
    with open(temporary, "wb") as file:
        write(file)
    os.replace(temporary, path)
