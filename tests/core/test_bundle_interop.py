# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""A bundle opens with stock tools, as docs/BUNDLES.md tells a county technician: `age -d`, `tar x`,
`minisign -V`, `bagit.py --validate`, `sha256sum -c`. These tests skip when a tool is missing (CI installs them)."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pyrage
import pytest
from bundle_world import COUNTY_PASS, county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import keys_dir


def needs(tool: str, package: str):
    found = shutil.which(tool) or (Path(sys.executable).parent / tool).exists()
    return pytest.mark.skipif(not found, reason=f"{tool} is not installed ({package})")


BAGIT = str(Path(sys.executable).parent / "bagit.py")


@pytest.fixture
def bundle(world, valid_record, tmp_path):
    """A genuine bundle with records of two ledgers and an attachment."""
    from fazhi_desktop.core import attachments

    town = world.town()
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(os.urandom(70_000))
    town.store.save("meeting", valid_record("meeting", attachments=[attachments.add_attachment(town.store, scan)]),
                    "杨芳")
    town.store.save("mediation_case", valid_record("mediation_case"), "杨芳")
    return town, world.export(town).path


@pytest.fixture
def identity_file(world, tmp_path) -> Path:
    """The county's age identity in clear, as `age -d county-identity.age > key.txt` would give it."""
    encrypted = (keys_dir(world.county) / keymod.COUNTY_IDENTITY).read_bytes()
    path = tmp_path / "county-key.txt"
    path.write_bytes(pyrage.passphrase.decrypt(encrypted, COUNTY_PASS))
    path.chmod(0o600)
    return path


def open_bag(tar_path: Path, into: Path) -> Path:
    with tarfile.open(tar_path) as tar:
        tar.extractall(into, filter="data")
    [bag] = list(into.iterdir())
    return bag


@needs("age", "apt-get install age")
def test_age_decrypts_a_bundle_with_the_county_identity(bundle, identity_file, tmp_path):
    _, path = bundle
    out = tmp_path / "bundle.tar"
    subprocess.run(["age", "-d", "-i", str(identity_file), "-o", str(out), str(path)], check=True)
    bag = open_bag(out, tmp_path / "bag")
    assert bag.name == "fazhi-640522100-000001"
    assert (bag / "data" / "ledgers" / "meeting.jsonl").exists()


@needs("age", "apt-get install age")
@pytest.mark.skipif(os.name != "posix", reason="drives age's passphrase prompt through a pseudo-terminal")
def test_age_opens_the_passphrase_protected_identity_file_itself(world, bundle, tmp_path):
    import pty

    _, path = bundle
    out = tmp_path / "bundle.tar"
    identity = keys_dir(world.county) / keymod.COUNTY_IDENTITY
    pid, fd = pty.fork()
    if pid == 0:  # the child becomes age, reading its passphrase from the terminal
        os.execvp("age", ["age", "-d", "-i", str(identity), "-o", str(out), str(path)])
    seen, sent, deadline = b"", False, time.time() + 30
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 1024)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if b"passphrase" in seen and not sent:
                os.write(fd, COUNTY_PASS.encode() + b"\n")
                sent = True
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, seen
    assert tarfile.is_tarfile(out)


@needs("minisign", "apt-get install minisign")
def test_minisign_accepts_the_signature_on_the_tag_manifest(bundle, world, tmp_path):
    town, path = bundle
    tar_path = tmp_path / "b.tar"
    tar_path.write_bytes(pyrage.decrypt(path.read_bytes(), [world.keys.identity]))
    bag = open_bag(tar_path, tmp_path / "bag")
    public = keys_dir(town.store) / keymod.TOWNSHIP_PUBLIC
    result = subprocess.run(["minisign", "-Vm", "tagmanifest-sha256.txt", "-p", str(public)], cwd=bag,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "township=640522100 sequence=1" in result.stdout
    enrolled = keymod.township_key(town.store).public.base64()
    assert subprocess.run(["minisign", "-Vm", "tagmanifest-sha256.txt", "-P", enrolled], cwd=bag,
                          capture_output=True).returncode == 0
    (bag / "bag-info.txt").write_text((bag / "bag-info.txt").read_text() + "X: y\n")
    # the signature still covers the tag manifest, which no longer matches bag-info.txt:
    assert subprocess.run(["sha256sum", "-c", "--quiet", "tagmanifest-sha256.txt"], cwd=bag,
                          capture_output=True).returncode != 0


@needs("bagit.py", "pip install bagit")
def test_bagit_says_the_decrypted_bag_is_valid(bundle, world, tmp_path):
    _, path = bundle
    tar_path = tmp_path / "b.tar"
    tar_path.write_bytes(pyrage.decrypt(path.read_bytes(), [world.keys.identity]))
    bag = open_bag(tar_path, tmp_path / "bag")
    result = subprocess.run([sys.executable, BAGIT, "--validate", str(bag)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "is valid" in result.stderr
    assert subprocess.run(["sha256sum", "-c", "--quiet", "manifest-sha256.txt"], cwd=bag).returncode == 0
    attachment = next((bag / "data" / "attachments").iterdir())
    attachment.write_bytes(attachment.read_bytes() + b"!")
    result = subprocess.run([sys.executable, BAGIT, "--validate", str(bag)], capture_output=True, text=True)
    assert result.returncode != 0
