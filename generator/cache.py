"""The build cache between one-shot builds: what each output showed, and the last full
build's plan.

Kept in `.chronicle-cache/` in the project (git ignores it), for one Chronicle version:

- `build.pickle`: each output's fingerprint. With it, a full build renders only the outputs
  whose inputs moved; every other file of the new site is a hard link to the previous
  build's, and the new site replaces the old one in one atomic step. (Parsed documents are
  not kept: unpickling them cost about what parsing them again does.)
- `plan.pickle`: the planned site; `build.pickle` adds which outputs show each content file
  and the stat of each file read. When the only changes since are edits that keep every
  event where it is listed, `chronicle build` patches that plan, renders the outputs that
  show the edited files and replaces just those files in the site, each atomically: no
  re-reading, re-planning or re-linking of the other 30,000 files. The plan is written by
  full builds only; `patched.json` lists the files patched since, which the next full
  build renders again rather than trusting the fingerprints taken before the patch.

The output is byte-identical to a clean build's either way (the random-edit test builds
both).

The cache is a pickle, which would run code if someone else wrote it: a cache committed to
a repository, say. So it is signed with a key kept outside the project, in the user's own
cache folder; a cache this machine did not write is ignored, never read.
"""

from __future__ import annotations

import copyreg
import hashlib
import hmac
import json
import os
import pickle
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from itertools import islice
from pathlib import Path, PosixPath, PurePath, PurePosixPath, PureWindowsPath, WindowsPath
from typing import Any, BinaryIO

from generator import __version__
from generator.exports import Parts
from generator.frontmatter import CacheEntry
from generator.paths import user_cache_folder
from generator.processes import die_with_parent
from generator.write import MARKER, owner_alive

CACHE_FOLDER = ".chronicle-cache"
CACHE_FILE = "build.pickle"
PLAN_FILE = "plan.pickle"
ENTRIES_FILE = "entries.pickle"  # render.Renderer.shared_entries
DOCUMENTS_FILE = "documents.pickle"  # the parsed content files (frontmatter.DocumentCache)
JOURNAL_FILE = "patched.json"
SIGNATURE_BYTES = 32


@dataclass
class BuildCache:
    version: str = __version__
    out: str = ""  # the folder the fingerprints describe
    marker: tuple[int, int, int] = (0, 0, 0)  # that build's marker file: device, inode, mtime
    fingerprints: dict[str, str] = field(default_factory=dict)  # output name -> fingerprint
    parts: dict[str, Parts] = field(default_factory=dict)  # Renderer.parts
    token: str = ""  # this build's: its plan file and the journal of the files patched since
    scope: str = ""  # build_scope's digest: version, settings, theme
    files: dict[str, tuple[int, int]] = field(default_factory=dict)  # read: (mtime_ns, size)
    # content file -> the outputs that show it
    dependents: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    count: int = 0  # files in the site
    reads: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # reads.py

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
    home = user_cache_folder()
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


def _load_signed(path: Path, wanted: Callable[[object, str], bool] | None = None
                 ) -> dict[str, object] | None:
    """The pieces a signed file holds, by name (see _write_signed), or None when this
    machine cannot trust it. `wanted(first, name)` says, from the first piece, which others
    to read: the rest are skipped unread. (The file is read twice, to check and to load,
    rather than held whole: it is tens of MB at 10,000 events.)"""
    try:
        mac = _mac()  # no key (a read-only home): nothing can be trusted
        with open(path, "rb") as file:
            signature = file.read(SIGNATURE_BYTES)
            for chunk in iter(partial(file.read, 1 << 20), b""):
                mac.update(chunk)
            if not hmac.compare_digest(signature, mac.digest()):
                return None
            try:  # signed by this user's key: written by Chronicle here
                file.seek(-INDEX_BYTES, os.SEEK_END)
                file.seek(int.from_bytes(file.read(INDEX_BYTES), "little"))
                index = pickle.load(file)
                pieces: dict[str, object] = {}
                for name, offset in index:
                    if pieces and wanted and not wanted(pieces[index[0][0]], name):
                        continue
                    file.seek(offset)
                    pieces[name] = pickle.load(file)
                return pieces
            except Exception:  # a cache from another Python or Chronicle: start afresh
                return None
    except OSError:
        return None


def load_cache(root: Path, out: Path | None = None) -> BuildCache:
    """The project's cache, or an empty one when there is none this machine can trust.
    With `out`, what only a build into the folder the cache describes uses at once (what
    each output showed, which outputs show each file, the exports' parts) is left unread
    when `out` is another folder or was emptied: hundreds of MB at 100,000 events. Such a
    build reads the parts later (load_parts), once its plan's child and its render workers
    have forked (build._ready_for_exports), so that none of them holds them."""
    def wanted(first: object, name: str) -> bool:
        return isinstance(first, BuildCache) and first.version == __version__ and (
            out is None or not _of_its_folder(name) or first.describes(out, out / MARKER))

    return _cache_of(_load_signed(root / CACHE_FOLDER / CACHE_FILE, wanted))


def load_parts(root: Path, token: str) -> dict[str, Parts]:
    """The exports' parts of the cache `token` names; empty when there are none."""
    def wanted(first: object, name: str) -> bool:
        return isinstance(first, BuildCache) and first.version == __version__ \
            and first.token == token and name.startswith(PARTS_PREFIX)

    pieces = _load_signed(root / CACHE_FOLDER / CACHE_FILE, wanted) if token else None
    return _cache_of(pieces).parts


def _cache_of(pieces: dict[str, object] | None) -> BuildCache:
    cache = (pieces or {}).pop(CACHE_HEADER, None)
    if not isinstance(cache, BuildCache) or cache.version != __version__:
        return BuildCache()
    for name, value in (pieces or {}).items():
        if name.startswith(PARTS_PREFIX):
            cache.parts[name.removeprefix(PARTS_PREFIX)] = value  # type: ignore[assignment]
        else:
            setattr(cache, name, value)
    return cache


def load_plan(root: Path, token: str) -> Any:
    """The planned site (generator.site.Site) of the build `token` names, or None."""
    return _of_build(root / CACHE_FOLDER / PLAN_FILE, token)


def load_entries(root: Path, token: str) -> dict[bytes, str]:
    """The list entries the build `token` names rendered, by digest; empty when none."""
    entries = _of_build(root / CACHE_FOLDER / ENTRIES_FILE, token)
    return entries if isinstance(entries, dict) else {}


def load_documents(root: Path, token: str) -> dict[Path, CacheEntry]:
    """The content files the build `token` names parsed, as DocumentCache entries (each with
    the stat it was read under); empty when none."""
    documents = _of_build(root / CACHE_FOLDER / DOCUMENTS_FILE, token)
    return documents if isinstance(documents, dict) else {}


def save_entries(root: Path, token: str, entries: Callable[[], dict[bytes, str]]
                 ) -> ChildWrite | None:
    """Keep the list entries the build `token` names rendered, for the builds after it: the
    entries of a one-event edit's list pages were a tenth of its patch. They are kept by
    digest of what they show, so none can be stale. A forked child makes the digests and
    writes the file (wait() for it): at 100,000 events, doing so here took 60 MB beside
    the entries themselves. A file that cannot be written only costs time; a half-written
    one fails its signature."""
    try:
        # none: a small site's, rendered as its lists needed them
        return _written_by_child(_own_folder(root) / ENTRIES_FILE, lambda: (token, entries()),
                                 remove_empty=True)
    except OSError:
        return None


def _own_folder(root: Path) -> Path:
    """The cache folder, made when missing; OSError when it is a link. Content is untrusted:
    a `.chronicle-cache` that is a link (to anywhere) is never written through."""
    folder = root / CACHE_FOLDER
    if folder.is_symlink():
        raise OSError("the cache folder is a link")
    folder.mkdir(exist_ok=True)
    return folder


def _of_build(path: Path, token: str) -> Any:
    """What a file of one build's (token, value) holds, when `token` names that build (a
    dict written in pieces is put together again)."""
    pieces = _load_signed(path) or {}
    value = pieces.pop(VALUE_PIECE, None)
    if not (isinstance(value, tuple) and len(value) == 2 and value[0] == token and token):
        return None
    for name, items in pieces.items():
        if name.startswith(ITEMS_PREFIX) and isinstance(value[1], dict):
            value[1].update(items)  # type: ignore[call-overload]
    return value[1]


@dataclass
class ChildWrite:
    """A file of the cache being written (the plan, the parsed documents, the list entries).
    Where the platform forks, a child process pickles the value while the build goes on:
    pickling's memory (its memo holds every object of the plan, about 50 MB at 10,000
    events) is the child's, never added to the build's own peak, and the child runs beside
    the build."""

    path: Path
    child: int | None = None  # the writing process, until waited for
    written: bool = False

    def wait(self) -> Path | None:
        """The written file, once the child is done; None if it could not write it."""
        if self.child is not None:
            _, status = os.waitpid(self.child, 0)
            self.child = None
            self.written = os.waitstatus_to_exitcode(status) == 0
        return self.path if self.written else None


def _written_by_child(path: Path, make: Callable[[], tuple[str, object]],
                      remove_empty: bool = False) -> ChildWrite:
    """Write a build's (token, value) in a forked child where the platform forks; with
    `remove_empty`, a value that is an empty dict removes the file instead."""
    if not hasattr(os, "fork"):
        _write_value(path, make(), remove_empty)
        return ChildWrite(path, written=True)
    parent = os.getpid()
    child = os.fork()
    if child:
        return ChildWrite(path, child)
    code = 1  # the child: write, then leave at once (no clean-up of the parent's state)
    try:
        die_with_parent(parent)
        _write_value(path, make(), remove_empty)
        code = 0
    finally:
        os._exit(code)


def _pair(token: str, value: object) -> tuple[str, object]:
    return token, value


def _write_value(path: Path, value: tuple[str, object], remove_empty: bool) -> None:
    if remove_empty and value[1] == {}:
        path.unlink(missing_ok=True)
        return
    _replace(path, partial(_write_signed, value))  # never through a link at `path`


@contextmanager
def staged_file(root: Path, name: str, token: str, value: Any) -> Iterator[ChildWrite | None]:
    """Write one build's value (the planned site, PLAN_FILE; the parsed content files,
    DOCUMENTS_FILE) beside its place `name`; save_cache moves it there if the build
    succeeds, else it goes."""
    staged = root / CACHE_FOLDER / f".{name}-{os.getpid()}"
    try:
        folder = _own_folder(root)
        for left in folder.glob(f".{name}-*"):  # by builds that were killed
            if left == staged or not owner_alive(left.name):
                left.unlink(missing_ok=True)
        plan = _written_by_child(staged, partial(_pair, token, value))
        del value  # the child has it: this build frees what it no longer uses (the documents)
    except OSError:
        yield None
        return
    try:
        yield plan
    finally:
        plan.wait()
        staged.unlink(missing_ok=True)


def save_cache(root: Path, cache: BuildCache, plan: ChildWrite | None = None,
               documents: ChildWrite | None = None) -> None:
    """Write the cache atomically, put the staged plan and parsed documents in their places
    (or remove the last ones), and start a journal with no patched files; a cache that
    cannot be written only costs time.

    Content is untrusted: a `.chronicle-cache` that is a link (to anywhere) is left alone,
    and files are replaced, never written through, so no link makes this write elsewhere.
    """
    try:
        folder = _own_folder(root)
        _replace(folder / ".gitignore", lambda file: file.write(b"*\n"))
        _replace(folder / CACHE_FILE, partial(_write_signed, cache))
        for name, staged in ((PLAN_FILE, plan), (DOCUMENTS_FILE, documents)):
            written = staged.wait() if staged else None
            if written is None:
                (folder / name).unlink(missing_ok=True)
            else:
                os.replace(written, folder / name)
        save_journal(root, cache.token, [])
    except OSError:
        pass


def load_journal(root: Path, token: str) -> list[str] | None:
    """The outputs patched since the full build `token` names; None when the journal is
    not that build's (a full build must then render everything)."""
    try:
        journal = json.loads((root / CACHE_FOLDER / JOURNAL_FILE).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(journal, dict) or journal.get("token") != token or not token:
        return None
    outputs = journal.get("outputs")
    return outputs if isinstance(outputs, list) else None


def save_journal(root: Path, token: str, outputs: list[str]) -> None:
    """Raises OSError when it cannot be written: the patch it records must not happen."""
    if (root / CACHE_FOLDER).is_symlink():
        raise OSError("the cache folder is a link")
    data = json.dumps({"token": token, "outputs": sorted(set(outputs))}).encode("utf-8")
    _replace(root / CACHE_FOLDER / JOURNAL_FILE, lambda file: file.write(data))


# The pieces of a signed file, each a pickle of its own, named in an index at the file's end.
CACHE_HEADER = "cache"  # the cache without the fields pickled on their own
_SEPARATE_FIELDS = ("fingerprints", "files", "dependents", "reads")
PARTS_PREFIX = "parts:"  # an export's parts: 'parts:events.json'
ITEMS_PREFIX = "items:"  # a piece of a dict a file holds
ITEMS_PER_PIECE = 2000
VALUE_PIECE = "plan"  # a build's (token, value): the plan, the documents, the entries
INDEX_BYTES = 8  # the index's offset, the file's last bytes


def _of_its_folder(name: str) -> bool:
    """Pieces a build reads at once only when the cache describes its output folder."""
    return name in ("fingerprints", "files", "dependents") or name.startswith(PARTS_PREFIX)


def _pieces(value: object) -> Iterator[tuple[str, object]]:
    """What to pickle, piece by piece, by name. Each piece has a memo of its own, and a
    pickler's memo holds an entry for every object it wrote: pickled whole, the cache's
    millions of small objects (each export's part for each event, each output's name) took
    about 200 MB of memo at 100,000 events, on top of the build's peak. (The price: an
    output's name is written once in each piece that names it, 3% of the file.)"""
    if not isinstance(value, BuildCache):
        yield from _value_pieces(value)
        return
    yield CACHE_HEADER, replace(value, parts={}, **{name: {} for name in _SEPARATE_FIELDS})
    for name in _SEPARATE_FIELDS:
        yield name, getattr(value, name)
    for export, parts in value.parts.items():
        yield PARTS_PREFIX + export, parts


def _value_pieces(value: object) -> Iterator[tuple[str, object]]:
    """One build's (token, value); a dict (the parsed documents, the list entries) in
    pieces of ITEMS_PER_PIECE items after it, so that no memo holds all of its objects."""
    token, payload = value if isinstance(value, tuple) and len(value) == 2 else (None, None)
    if not isinstance(payload, dict) or len(payload) <= ITEMS_PER_PIECE:
        yield VALUE_PIECE, value
        return
    yield VALUE_PIECE, (token, {})
    items = iter(payload.items())
    for start in range(0, len(payload), ITEMS_PER_PIECE):
        yield f"{ITEMS_PREFIX}{start}", dict(islice(items, ITEMS_PER_PIECE))


def _joined(folder: PurePath, name: str) -> PurePath:
    """`folder / name`, without parsing the name again where pathlib has a way (CPython's
    Path._make_child_relpath, which its own listing of a folder uses): a fifth of the time
    loading a 10,000-event plan takes."""
    join = getattr(folder, "_make_child_relpath", None)
    return join(name) if join is not None else folder / name


@lru_cache(maxsize=256)  # a project's files are in a few folders
def _folder(kind: type[PurePath], text: str) -> PurePath:
    return kind(text)


def _path_in_folder(path: PurePath) -> tuple[Callable[..., PurePath], tuple[Any, ...]]:
    """A path pickles as its folder and its name, the folder one object for all the paths
    in it: unpickled, each path is then joined to it rather than parsed whole from its parts
    (pathlib's own way, a third slower: 0.18 s for the 30,000 files of 10,000 events)."""
    if not path.name:  # '/', '.': its own folder
        return type(path), (str(path),)
    return _joined, (_folder(type(path), str(path.parent)), path.name)


_PICKLING = copyreg.dispatch_table | {kind: _path_in_folder for kind in (
    PosixPath, WindowsPath, PurePosixPath, PureWindowsPath)}


def _write_signed(value: object, file: BinaryIO) -> None:
    """The pieces, then their index (name, offset), then the index's offset; the signature
    (first) covers all of it."""
    file.write(bytes(SIGNATURE_BYTES))  # the signature's place, filled in below
    mac = _mac()
    writer = _SigningWriter(file, mac)
    index = []
    for name, piece in _pieces(value):
        index.append((name, file.tell()))
        pickler = pickle.Pickler(writer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = _PICKLING
        pickler.dump(piece)
    at = file.tell()
    pickle.dump(index, writer, protocol=pickle.HIGHEST_PROTOCOL)
    writer.write(at.to_bytes(INDEX_BYTES, "little"))
    file.seek(0)
    file.write(mac.digest())


def _replace(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write a new file beside `path` and rename it over: never through a link at `path`,
    and a write that fails leaves nothing."""
    temporary = path.with_name(f".{path.name}-{os.getpid()}")
    temporary.unlink(missing_ok=True)
    try:
        with open(temporary, "wb") as file:
            write(file)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
