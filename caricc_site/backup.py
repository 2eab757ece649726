"""Backups of all content: one .tar.gz with the data, the uploaded files and a manifest.

The manifest holds each model's row count and a checksum of its content, so a
restore can prove that nothing was lost.
"""

import datetime
import hashlib
import io
import json
import tarfile
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder

# What a backup leaves out, and why. Every other model with rows is backed up: a model
# added later is included unless it is named here (a test holds the two lists together).
LEFT_OUT = {
    "contenttypes.contenttype": "made by migrate; backed-up rows name them by natural key",
    "auth.permission": "made by migrate; backed-up rows name them by natural key",
    "sessions.session": "sign-ins: everyone signs in again after a restore",
    "axes.accessattempt": "failed logins behind a lock-out: short-lived security state",
    "axes.accessfailurelog": "failed logins behind a lock-out: short-lived security state",
    "axes.accesslog": "the log of sign-ins: short-lived security state",
    "axes.accessattemptexpiration": "when lock-outs end: short-lived security state",
}
FORMAT_VERSION = 2


def backed_up_labels():
    """Labels of the models a backup holds, those referred to before those that refer."""
    models = [
        model
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed and model._meta.label_lower not in LEFT_OUT
    ]
    ordered = serializers.sort_dependencies([(None, models)], allow_cycles=True)
    return [model._meta.label_lower for model in ordered]


def _models():
    return [apps.get_model(label) for label in backed_up_labels()]


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds: a backup must lose nothing."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def serialize_content():
    """Every backed-up row, in a stable order, as the JSON loaddata reads."""
    objects = []
    for model in _models():
        objects.extend(model._default_manager.order_by("pk"))
    return serializers.serialize(
        "json", objects, use_natural_foreign_keys=True, indent=None, cls=ExactJSONEncoder
    )


def manifest(data):
    """Row counts and content checksums per model, and one checksum over everything."""
    labels = backed_up_labels()
    counts = {label: apps.get_model(label)._default_manager.count() for label in labels}
    by_model = {}
    for entry in json.loads(data):
        by_model.setdefault(entry["model"], []).append(entry)
    checksums = {
        label: hashlib.sha256(
            json.dumps(by_model.get(label, []), sort_keys=True).encode()
        ).hexdigest()
        for label in labels
    }
    return {
        "format": FORMAT_VERSION,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "counts": counts,
        "checksums": checksums,
        "checksum": hashlib.sha256(data.encode()).hexdigest(),
    }


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    archive.addfile(info, io.BytesIO(data))


def write_backup(path):
    data = serialize_content()
    info = manifest(data)
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(path, "w:gz") as archive:
        _add_bytes(archive, "manifest.json", json.dumps(info, indent=2).encode())
        _add_bytes(archive, "content.json", data.encode())
        if media.is_dir():
            archive.add(media, arcname="media")
    return info


def read_backup(path):
    """The manifest and content of a backup; raise ValueError if it is not one."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            info = json.load(archive.extractfile("manifest.json"))
            data = archive.extractfile("content.json").read().decode()
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError, AttributeError) as error:
        raise ValueError(f"not a backup of this site ({error})") from None
    if info.get("format") != FORMAT_VERSION:
        raise ValueError(f"unknown backup format {info.get('format')!r}")
    return info, data


def extract_media(path):
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(path, "r:gz") as archive:
        members = [m for m in archive.getmembers() if m.name.startswith("media/")]
        for member in members:
            member.name = member.name[len("media/") :]
        media.mkdir(parents=True, exist_ok=True)
        # The "data" filter refuses absolute paths, links out of the folder and devices.
        archive.extractall(media, members=[m for m in members if m.name], filter="data")
