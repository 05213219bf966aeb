"""The Python side of the numpy interop tests. One command per run; the last line printed is JSON.

  create NAME DTYPE SHAPE          make segment NAME in cdxcore's layout, filled with the pattern
  check NAME DTYPE SHAPE           attach a segment .NET made: check header bytes, padding and every
                                   element, then write pattern(k + 1000) into every odd flat index
  to-file PATH DTYPE SHAPE         write the pattern in cdxcore's to_file format
  check-file PATH DTYPE SHAPE      read a to_file file .NET wrote and check header and every element
  attach-fails NAME                attach must fail (a SharedTyped extension code); prints the error

SHAPE is JSON, e.g. [3,4] or [] for a scalar. Exit code 0 means every check passed.
"""

import json
import os
import sys
from multiprocessing import resource_tracker

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cdxcore_layout as layout  # noqa: E402
import patterns  # noqa: E402

WRITE_BACK_OFFSET = 1000


def tracker_pid():
    """The resource tracker's pid (None when none runs), so .NET can wait for its clean-up at exit."""
    return getattr(resource_tracker._resource_tracker, "_pid", None)  # noqa: SLF001


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def create(name, dtype, shape):
    shared = layout.create_shared_array(name, shape, dtype)
    shared.array[...] = patterns.values(dtype, shape)
    offset = shared.data_offset
    shared.close()
    return {"data_offset": offset, "tracker_pid": tracker_pid()}


def check(name, dtype, shape):
    shared = layout.attach_shared_array(name, validate_shape=shape, validate_dtype=dtype)
    try:
        expected_header = layout.header(shape, dtype)
        offset = layout.data_offset(len(expected_header), dtype)
        raw = bytes(shared.shm.buf[:offset])
        if raw[: len(expected_header)] != expected_header:
            fail(f"header bytes {raw[:len(expected_header)].hex()} != expected {expected_header.hex()}")
        if any(raw[len(expected_header):offset]):
            fail(f"padding between {len(expected_header)} and {offset} is not zero: {raw.hex()}")
        if shared.data_offset != offset:
            fail(f"data offset {shared.data_offset} != {offset}")
        bad = patterns.same(shared.array, patterns.values(dtype, shape))
        if bad >= 0:
            fail(f"{name}: flat element {bad} is {shared.array.reshape(-1)[bad]!r}, expected {patterns.values(dtype, shape).reshape(-1)[bad]!r}")
        flat = shared.array.reshape(-1)
        flat[1::2] = patterns.values(dtype, shape, WRITE_BACK_OFFSET).reshape(-1)[1::2]
        checked = int(flat.size)
    finally:
        shared.close()
    return {"checked": checked, "tracker_pid": tracker_pid()}


def to_file(path, dtype, shape):
    layout.to_file(patterns.values(dtype, shape), path)
    return {"bytes": os.path.getsize(path)}


def check_file(path, dtype, shape):
    with open(path, "rb") as file:
        content = file.read()
    expected_header = layout.header(shape, dtype)
    if content[: len(expected_header)] != expected_header:
        fail(f"file header {content[:len(expected_header)].hex()} != expected {expected_header.hex()}")
    array = layout.from_file(path)
    if array.shape != tuple(shape) or layout.dtype_code(array.dtype) != layout.dtype_code(dtype):
        fail(f"file holds {array.dtype} {array.shape}, expected {dtype} {tuple(shape)}")
    count = int(np.prod(shape, dtype=np.int64)) if shape else 1
    if len(content) != len(expected_header) + count * np.dtype(dtype).itemsize:
        fail(f"file is {len(content)} bytes, expected header + data")
    bad = patterns.same(array, patterns.values(dtype, shape))
    if bad >= 0:
        fail(f"{path}: flat element {bad} is {array.reshape(-1)[bad]!r}")
    return {"checked": count}


def attach_fails(name):
    try:
        shared = layout.attach_shared_array(name)
    except ValueError as error:
        return {"error": str(error), "tracker_pid": tracker_pid()}
    shared.close()
    fail(f"attaching {name} succeeded, expected an unknown-code error")


def main(argv):
    command = argv[1]
    if command == "attach-fails":
        result = attach_fails(argv[2])
    else:
        target, dtype, shape = argv[2], argv[3], tuple(json.loads(argv[4]))
        handler = {"create": create, "check": check, "to-file": to_file, "check-file": check_file}[command]
        result = handler(target, dtype, shape)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
