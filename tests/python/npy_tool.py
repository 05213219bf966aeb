"""numpy's side of the .npy tests: writes .npy files with numpy itself and checks files .NET wrote.

    python3 npy_tool.py write DIR      write every case as DIR/<tag>.npy plus DIR/<tag>.raw (the C-order bytes)
                                       and DIR/manifest.json describing them
    python3 npy_tool.py check FILE     FILE is a JSON list of {tag, file, raw, descr, shape[, values]} that .NET
                                       wrote; np.load each and compare dtype, shape, bytes and values
"""
import json
import os
import sys

import numpy as np

# (tag, dtype, shape, .npy version, fortran order)
CASES = [
    ("f8-v1", "<f8", (3, 4), (1, 0), False),
    ("f8-v2", "<f8", (3, 4), (2, 0), False),
    ("f8-v3", "<f8", (3, 4), (3, 0), False),
    ("f4", "<f4", (5,), (1, 0), False),
    ("f2", "<f2", (2, 3), (1, 0), False),
    ("b1", "|b1", (7,), (1, 0), False),
    ("i1", "|i1", (9,), (1, 0), False),
    ("i2", "<i2", (4, 2), (2, 0), False),
    ("i4", "<i4", (2, 3, 4), (1, 0), False),
    ("i8", "<i8", (6,), (3, 0), False),
    ("u1", "|u1", (10,), (1, 0), False),
    ("u2", "<u2", (3,), (1, 0), False),
    ("u4", "<u4", (3,), (1, 0), False),
    ("u8", "<u8", (3,), (1, 0), False),
    ("c8", "<c8", (2, 2), (1, 0), False),
    ("c16", "<c16", (4,), (2, 0), False),
    ("M8-ns", "<M8[ns]", (3,), (1, 0), False),
    ("M8-D", "<M8[D]", (2,), (1, 0), False),
    ("m8-s", "<m8[s]", (3,), (1, 0), False),
    ("scalar", "<f8", (), (1, 0), False),
    ("empty", "<i4", (0, 3), (1, 0), False),
    ("rank5", "<i2", (2, 1, 3, 1, 2), (1, 0), False),
    # Refused by SharedTyped:
    ("fortran", "<f8", (3, 4), (1, 0), True),
    ("big-endian", ">f8", (3,), (1, 0), False),
    ("big-endian-i4", ">i4", (2, 2), (1, 0), False),
    ("unicode", "<U3", (2,), (1, 0), False),
    ("structured", [("a", "<i4"), ("b", "<f8")], (2,), (1, 0), False),
]


def values(dtype, shape):
    dtype = np.dtype(dtype)
    n = int(np.prod(shape, dtype=np.int64))
    base = np.arange(n)
    kind = dtype.kind
    if kind == "b":
        data = base % 3 == 0
    elif kind in "iu":
        data = (base * 37 - 5 * (kind == "i")).astype(dtype)
    elif kind == "f":
        data = (base / 8.0 - 1.25).astype(dtype)
    elif kind == "c":
        data = (base / 4.0 + 1j * (1.5 - base)).astype(dtype)
    elif kind == "M":
        data = np.datetime64("2024-02-28T22:00:00", "s") + base * np.timedelta64(90, "m")
    elif kind == "m":
        data = base * np.timedelta64(1, "h") - np.timedelta64(7, "s")
    elif kind == "U":
        data = np.array(["ab", "xyz"][: n] * n)[:n]
    elif kind == "V":
        data = np.zeros(n, dtype=dtype)
        data["a"] = base
        data["b"] = base / 2
    else:
        raise ValueError(dtype)
    return np.asarray(data).astype(dtype).reshape(shape)


def write(directory):
    manifest = []
    for tag, dtype, shape, version, fortran in CASES:
        array = values(dtype, shape)
        if fortran:
            array = np.asfortranarray(array)
        path = os.path.join(directory, tag + ".npy")
        with open(path, "wb") as f:
            np.lib.format.write_array(f, array, version=version, allow_pickle=False)
        raw = os.path.join(directory, tag + ".raw")
        with open(raw, "wb") as f:
            f.write(np.ascontiguousarray(array).tobytes(order="C"))
        manifest.append({"tag": tag, "file": path, "raw": raw, "descr": np.lib.format.dtype_to_descr(array.dtype),
                         "shape": list(shape), "version": list(version), "fortran": fortran})
    with open(os.path.join(directory, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(f"wrote {len(manifest)} files")


def expected_values(entry, array):
    if entry["descr"].startswith(("<M8", "<m8")):
        return [str(v) for v in array.ravel()]
    if array.dtype.kind == "c":
        return [[float(v.real), float(v.imag)] for v in array.ravel()]
    return array.ravel().tolist()


def check(manifest_path):
    with open(manifest_path) as f:
        manifest = json.load(f)
    failures = 0
    for entry in manifest:
        problems = []
        try:
            array = np.load(entry["file"], allow_pickle=False)
            with open(entry["raw"], "rb") as f:
                raw = f.read()
            if array.dtype.str != entry["descr"]:
                problems.append(f"dtype {array.dtype.str}, expected {entry['descr']}")
            if list(array.shape) != entry["shape"]:
                problems.append(f"shape {array.shape}, expected {entry['shape']}")
            if not array.flags.c_contiguous:
                problems.append("not C-contiguous")
            if array.tobytes(order="C") != raw:
                problems.append("bytes differ from what .NET held")
            if "values" in entry and expected_values(entry, array) != entry["values"]:
                problems.append(f"values {expected_values(entry, array)}, expected {entry['values']}")
        except Exception as e:  # report every file, not just the first failure
            problems.append(f"{type(e).__name__}: {e}")
        if problems:
            failures += 1
            print(f"FAIL {entry['tag']}: {'; '.join(problems)}")
        else:
            print(f"ok {entry['tag']}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("write", "check"):
        sys.exit(__doc__)
    {"write": write, "check": check}[sys.argv[1]](sys.argv[2])
