"""A PEP 517 build backend for the sharedtyped module, using the standard library only.

pip builds a project in an isolated environment into which it installs the backend's requirements from
a package index; a backend that requires nothing keeps ``pip install ./python`` working offline. It
builds a pure-Python wheel of the modules pyproject.toml lists under [tool.sharedtyped-build], and an
sdist of the project folder.
"""

import ast
import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _project():
    with open(os.path.join(_ROOT, "pyproject.toml"), "rb") as f:
        text = f.read()
    try:
        import tomllib
        return tomllib.loads(text.decode("utf-8"))
    except ImportError:  # Python before 3.11: the few keys this project writes, one per line
        table, data = None, {}
        for line in text.decode("utf-8").splitlines():
            line = line.strip()
            if line.startswith("["):
                table = data.setdefault(line.strip("[]"), {})
            elif "=" in line and table is not None and not line.startswith("#"):
                key, value = (part.strip() for part in line.split("=", 1))
                table[key] = ast.literal_eval(value)
        project = data.get("project", {})
        tool = {"sharedtyped-build": data.get("tool.sharedtyped-build", {})}
        return {"project": project, "tool": tool}


def _metadata(project):
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}", f"Version: {project['version']}"]
    if "description" in project:
        lines.append(f"Summary: {project['description']}")
    if "license" in project:
        lines.append(f"License: {project['license']}")
    if "requires-python" in project:
        lines.append(f"Requires-Python: {project['requires-python']}")
    lines += [f"Requires-Dist: {d}" for d in project.get("dependencies", [])]
    return "\n".join(lines) + "\n"


def _dist_name(project):
    return re.sub(r"[-_.]+", "_", project["name"]).lower() + "-" + project["version"]


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return f"{path},sha256={digest},{len(data)}"


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    data = _project()
    project = data["project"]
    modules = data["tool"]["sharedtyped-build"]["modules"]
    name = _dist_name(project)
    info = f"{name}.dist-info"
    files = []
    for module in modules:
        with open(os.path.join(_ROOT, module + ".py"), "rb") as f:
            files.append((module + ".py", f.read()))
    files.append((f"{info}/METADATA", _metadata(project).encode("utf-8")))
    files.append((f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: sharedtyped_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n"))
    record = "\n".join([_record_line(path, content) for path, content in files] + [f"{info}/RECORD,,"]) + "\n"
    files.append((f"{info}/RECORD", record.encode("utf-8")))
    wheel = f"{name}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel), "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in files:
            # A fixed date: the same sources make the same wheel.
            entry = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, content, zipfile.ZIP_DEFLATED)
    return wheel


def build_sdist(sdist_directory, config_settings=None):
    project = _project()["project"]
    name = _dist_name(project)
    archive_name = f"{name}.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, archive_name), "w:gz") as archive:
        for relative in ["pyproject.toml", "build_backend/sharedtyped_build.py"] + [
                m + ".py" for m in _project()["tool"]["sharedtyped-build"]["modules"]]:
            archive.add(os.path.join(_ROOT, relative), arcname=f"{name}/{relative}")
        pkg_info = _metadata(project).encode("utf-8")
        entry = tarfile.TarInfo(f"{name}/PKG-INFO")
        entry.size = len(pkg_info)
        archive.addfile(entry, io.BytesIO(pkg_info))
    return archive_name
