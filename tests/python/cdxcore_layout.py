"""cdxcore.npshm's segment layout and cdxcore.npio's to_file format, written from docs/format.md.

cdxcore itself is not installable where the tests run, so this module re-implements the parts the
interop tests need: create/attach a named shared array, delete it, write and read a to_file file.

Segment: [0,4) H = 8 + 8*ndim (big-endian uint32), [4] dtype code, [5,8) ndim (big-endian 24-bit),
then ndim big-endian uint64 dimensions, zero bytes up to P = ceil(H / A) * A with
A = max(64, dtype alignment), then the elements in C order, native byte order.
File: the same header without padding, then the elements.
"""

import struct
import sys
from multiprocessing import resource_tracker, shared_memory

import numpy as np

ALIGN = 64

_BY_CODE = {
    0: np.dtype(np.bool_),
    1: np.dtype(np.int8),
    2: np.dtype(np.int16),
    3: np.dtype(np.int32),
    4: np.dtype(np.int64),
    5: np.dtype(np.uint16),
    6: np.dtype(np.uint32),
    7: np.dtype(np.uint64),
    8: np.dtype(np.float16),
    9: np.dtype(np.float32),
    10: np.dtype(np.float64),
    11: np.dtype(np.complex64),
    12: np.dtype(np.complex128),
    13: np.dtype("datetime64"),
    14: np.dtype("timedelta64"),
}


def dtype_code(dtype):
    """cdxcore's code of a dtype; datetime64 and timedelta64 of any unit share codes 13 and 14."""
    dtype = np.dtype(dtype)
    if dtype.kind == "M":
        return 13
    if dtype.kind == "m":
        return 14
    for code, known in _BY_CODE.items():
        if known == dtype:
            return code
    raise ValueError(f"dtype {dtype} has no cdxcore code")


def dtype_of(code):
    try:
        return _BY_CODE[code]
    except KeyError:
        raise ValueError(f"unknown dtype code {code}") from None


def header(shape, dtype):
    """The H header bytes (no padding)."""
    shape = tuple(int(d) for d in shape)
    ndim = len(shape)
    return struct.pack(">IB", 8 + 8 * ndim, dtype_code(dtype)) + ndim.to_bytes(3, "big") + b"".join(
        struct.pack(">Q", d) for d in shape
    )


def data_offset(header_length, dtype):
    align = max(ALIGN, np.dtype(dtype).alignment)
    return -(-header_length // align) * align


def parse_header(buffer, total_length):
    """(shape, dtype, H) from the first bytes of a segment or file; ValueError on anything inconsistent."""
    if total_length < 8:
        raise ValueError(f"{total_length} bytes is shorter than the 8-byte header prefix")
    header_length, code = struct.unpack_from(">IB", buffer, 0)
    ndim = int.from_bytes(bytes(buffer[5:8]), "big")
    if header_length != 8 + 8 * ndim:
        raise ValueError(f"header length {header_length} disagrees with ndim {ndim}")
    if header_length > total_length:
        raise ValueError(f"{total_length} bytes is shorter than the {header_length}-byte header")
    dtype = dtype_of(code)
    shape = tuple(struct.unpack_from(">Q", buffer, 8 + 8 * i)[0] for i in range(ndim))
    return shape, dtype, header_length


def _shared_memory(name, create=False, size=0):
    """A SharedMemory that this process's exit does not unlink.

    Before Python 3.13 every SharedMemory, attached or created, is registered with the resource
    tracker, which unlinks it when this process exits; unregistering keeps the segment, as cdxcore's
    persistent default does. From 3.13 on, track=False says the same.
    """
    if sys.version_info >= (3, 13):
        return shared_memory.SharedMemory(name=name, create=create, size=size, track=False)
    shm = shared_memory.SharedMemory(name=name, create=create, size=size)
    resource_tracker.unregister(shm._name, "shared_memory")  # noqa: SLF001 (the documented workaround)
    return shm


class SharedArray:
    """A numpy array over a named segment; close() it before the interpreter exits."""

    def __init__(self, shm, array, offset):
        self.shm = shm
        self.array = array
        self.data_offset = offset

    def close(self):
        self.array = None
        self.shm.close()


def create_shared_array(name, shape, dtype, *, full=None, force=False):
    dtype = np.dtype(dtype)
    shape = tuple(int(d) for d in shape)
    head = header(shape, dtype)
    offset = data_offset(len(head), dtype)
    count = int(np.prod(shape, dtype=np.int64)) if shape else 1
    if force:
        delete_shared_array(name)
    shm = _shared_memory(name, create=True, size=offset + count * dtype.itemsize)
    shm.buf[: len(head)] = head
    array = np.ndarray(shape, dtype=dtype, buffer=shm.buf, offset=offset)
    if full is not None:
        array[...] = full
    return SharedArray(shm, array, offset)


def attach_shared_array(name, *, validate_shape=None, validate_dtype=None, read_only=False):
    shm = _shared_memory(name)
    try:
        shape, dtype, header_length = parse_header(shm.buf, shm.size)
        offset = data_offset(header_length, dtype)
        count = int(np.prod(shape, dtype=np.int64)) if shape else 1
        if offset + count * dtype.itemsize > shm.size:
            raise ValueError(f"segment of {shm.size} bytes is too short for shape {shape} of {dtype}")
        if validate_shape is not None and tuple(validate_shape) != shape:
            raise ValueError(f"shared array '{name}' has shape {shape}, expected {tuple(validate_shape)}")
        if validate_dtype is not None and dtype_code(validate_dtype) != dtype_code(dtype):
            raise ValueError(f"shared array '{name}' has dtype {dtype}, expected {np.dtype(validate_dtype)}")
        array = np.ndarray(shape, dtype=dtype, buffer=shm.buf, offset=offset)
        if read_only:
            array.flags.writeable = False
        return SharedArray(shm, array, offset)
    except BaseException:
        shm.close()
        raise


def delete_shared_array(name):
    """Unlinks the segment; True when the name is free now."""
    try:
        shm = shared_memory.SharedMemory(name=name)
    except FileNotFoundError:
        return True
    # A tracked open followed by unlink(): unlink() also unregisters, so the tracker stays quiet.
    shm.unlink()
    shm.close()
    return True


def to_file(array, path):
    array = np.asarray(array)  # not ascontiguousarray, which turns a 0-d array into 1-d
    with open(path, "wb") as file:
        file.write(header(array.shape, array.dtype))
        file.write(array.tobytes(order="C"))


def from_file(path):
    with open(path, "rb") as file:
        content = file.read()
    shape, dtype, header_length = parse_header(content, len(content))
    count = int(np.prod(shape, dtype=np.int64)) if shape else 1
    if header_length + count * dtype.itemsize > len(content):
        raise ValueError(f"file '{path}' is truncated")
    return np.frombuffer(content, dtype=dtype, count=count, offset=header_length).reshape(shape).copy()
