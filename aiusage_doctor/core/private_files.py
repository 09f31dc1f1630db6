"""Files only the user can read: reports, logs, crash reports.

A report names the organization, its members and its setup; a log or crash report can
hold a URL or a stack. So folders are created 0700 and files 0600 (where the OS has
POSIX permissions; on Windows the user's profile folder already protects them). A
report is written to a temporary file beside its target and renamed into place: a
symlink planted at the target is replaced, never followed, and a run that fails
half-way never leaves half a report.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create `path` (and its parents) if needed; a folder this app created is 0700, and
    one it created earlier is tightened to 0700 too (it holds only this app's files)."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        if (path.stat().st_mode & 0o777) != DIR_MODE and os.name == "posix":
            path.chmod(DIR_MODE)
    return path


def make_private(path: Path) -> None:
    """Tighten an existing file to 0600 (ignored where the OS can't)."""
    with contextlib.suppress(OSError):
        os.chmod(path, FILE_MODE)


def _is_stream(path: Path) -> bool:
    """Whether `path` is a character device, pipe or socket the user named (`/dev/null`,
    `/dev/stdout`, a named pipe): it holds no file content to clobber, and renaming a file
    over it would break it for every program, so it is written into instead. A symlink
    outside /dev that leads to one (planted at the report's path, say) does not count: it
    is replaced like any other symlink, never followed."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    if path.is_symlink() and not str(path).startswith("/dev/"):
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def output_problem(target: str | os.PathLike[str]) -> str | None:
    """Why a report can't be written to `target`, in one line, or None if it can.

    Checked before a run, so a typo costs a second instead of a whole run's results."""
    path = Path(target)
    if str(target).strip() == "":
        return "no file name given"
    if path.is_dir():
        return f"{path} is a folder; give a file name inside it"
    with contextlib.suppress(OSError):
        if stat.S_ISBLK(path.stat().st_mode) and not path.is_symlink():
            return f"{path} is a disk device, not a file"
    if _is_stream(path):  # /dev/null, /dev/stdout, a named pipe: written into, not replaced
        return None if os.access(path, os.W_OK) else f"can't write to {path}"
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        return f"the folder {parent} does not exist"
    if not parent.is_dir():
        return f"{parent} is not a folder"
    try:  # a real write test: os.access is wrong for root, ACLs and read-only mounts
        fd, probe = tempfile.mkstemp(prefix=".aiusage-doctor-", suffix=".tmp", dir=parent)
    except OSError as exc:
        return f"can't write in {parent}: {exc.strerror or exc}"
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)
    return None


def write_private(target: str | os.PathLike[str], text: str) -> Path:
    """Write `text` (UTF-8, \\n line ends) to `target` as a 0600 file, atomically: a
    temporary file beside it, then `os.replace` — which replaces a symlink at `target`
    instead of writing through it to a file. A device or pipe (`/dev/null`,
    `/dev/stdout`) is written into. Raises OSError."""
    path = Path(target)
    if _is_stream(path):
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        return path
    parent = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, FILE_MODE)  # mkstemp already made it 0600; say so where it matters
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path
