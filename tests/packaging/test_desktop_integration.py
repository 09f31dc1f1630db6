"""Linux desktop integration: one app id everywhere, metadata that validates, icons in every size."""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from aiusage_doctor import APP_ID, __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_one_app_id_names_the_desktop_file_icon_window_class_and_metainfo():
    entry = desktop_entry()
    assert DESKTOP.exists() and METAINFO.exists()
    assert entry["Icon"] == APP_ID
    assert entry["StartupWMClass"] == APP_ID
    assert entry["Exec"].split()[0] == "aiusage-doctor-gui"
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    assert root.find("icon").text == APP_ID


def test_metainfo_lists_the_current_version_as_its_newest_release():
    releases = ET.parse(METAINFO).getroot().find("releases")
    assert releases[0].get("version") == __version__


def test_metainfo_validates_with_appstreamcli():
    assert shutil.which("appstreamcli"), "appstreamcli is missing: run `bash scripts/system-deps.sh --test` (Debian package appstream)"
    proc = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("size", ICON_SIZES)
def test_app_icon_exists_in_every_size(size):
    path = ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert path.exists(), "run scripts/render_icons.py"
    assert png_size(path) == (size, size)


def test_scalable_icon_is_the_app_svg():
    scalable = ROOT / "resources" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert scalable.read_bytes() == (ROOT / "resources" / "icons" / "app.svg").read_bytes()


def test_windows_icon_holds_every_size_the_shell_asks_for():
    """app.ico: one entry per size (16 px for lists, 256 px for large tiles), each a PNG."""
    data = (ROOT / "resources" / "icons" / "app.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1), "not an .ico"
    sizes = set()
    for i in range(count):
        width, height, _c, _r, _p, _b, length, offset = struct.unpack("<BBBBHHII", data[6 + 16 * i: 22 + 16 * i])
        assert data[offset:offset + 8] == b"\x89PNG\r\n\x1a\n" and offset + length <= len(data)
        sizes.add((width or 256, height or 256))
    assert sizes >= {(n, n) for n in (16, 24, 32, 48, 256)}


def test_macos_icon_holds_retina_sizes():
    """app.icns (used by the macOS app bundle): PNG entries up to 1024 px."""
    data = (ROOT / "resources" / "icons" / "app.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    entries, at = {}, 8
    while at < len(data):
        kind, length = data[at:at + 4].decode("ascii"), struct.unpack(">I", data[at + 4:at + 8])[0]
        entries[kind] = data[at + 8:at + length]
        at += length
    pngs = {k: png_size_of(v) for k, v in entries.items() if v[:8] == b"\x89PNG\r\n\x1a\n"}
    assert {(512, 512), (1024, 1024), (32, 32)} <= set(pngs.values())


def png_size_of(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


def test_install_script_registers_everything_under_a_prefix(tmp_path):
    proc = subprocess.run(["bash", str(PACKAGING / "install-desktop.sh"), str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    share = tmp_path / "share"
    assert (share / "applications" / f"{APP_ID}.desktop").exists()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").exists()
    assert (share / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png").exists()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").exists()
