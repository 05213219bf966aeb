"""The numpy/cdxcore anchors: what a Python user of cdxcore.npshm pays for the operations the .NET
benchmarks measure, timed in this process the way such a user writes them.

cdxcore is not installable where the benchmarks run, so its calls are re-created here from its
layout (docs/format.md, "The segment" and "The file") on top of multiprocessing.shared_memory, exactly as
cdxcore does: create_shared_array is SharedMemory(create=True) (ftruncate, nothing reserved), the
header, and an ndarray over the buffer (full= assigns every element); attach_shared_array is
SharedMemory(name) and an ndarray; read_shared_array creates the segment and readinto()s the file.

Prints one JSON object: {"name": median seconds, ...} plus the sizes used. --quick: 64 MiB,
1 M reads, one repetition (CI's smoke test); otherwise 1 GiB, 20 M reads, the median of several.
"""

import argparse
import json
import os
import struct
import sys
import time
import uuid
from multiprocessing import resource_tracker, shared_memory

import numpy as np

ALIGN = 64
FLOAT64 = 10


def _shared_memory(name, create=False, size=0):
    """A SharedMemory this process's exit leaves alone, as cdxcore's persistent default does."""
    if sys.version_info >= (3, 13):
        return shared_memory.SharedMemory(name=name, create=create, size=size, track=False)
    shm = shared_memory.SharedMemory(name=name, create=create, size=size)
    resource_tracker.unregister(shm._name, "shared_memory")  # noqa: SLF001 (the documented workaround)
    return shm


def _header(shape):
    ndim = len(shape)
    return struct.pack(">IB", 8 + 8 * ndim, FLOAT64) + ndim.to_bytes(3, "big") + b"".join(struct.pack(">Q", d) for d in shape)


def _offset(header_length):
    return -(-header_length // ALIGN) * ALIGN


def create_shared_array(name, shape, full=None):
    head = _header(shape)
    offset = _offset(len(head))
    shm = _shared_memory(name, create=True, size=offset + int(np.prod(shape)) * 8)
    shm.buf[: len(head)] = head
    array = np.ndarray(shape, dtype=np.float64, buffer=shm.buf, offset=offset)
    if full is not None:
        array[...] = full
    return shm, array


def attach_shared_array(name):
    shm = _shared_memory(name)
    header_length, code = struct.unpack_from(">IB", shm.buf, 0)
    ndim = int.from_bytes(bytes(shm.buf[5:8]), "big")
    shape = tuple(struct.unpack_from(">Q", shm.buf, 8 + 8 * i)[0] for i in range(ndim))
    if code != FLOAT64 or header_length != 8 + 8 * ndim:
        raise ValueError(f"'{name}' is not a float64 array")
    return shm, np.ndarray(shape, dtype=np.float64, buffer=shm.buf, offset=_offset(header_length))


def read_shared_array(path, name):
    with open(path, "rb", buffering=0) as file:
        prefix = file.read(8)
        header_length = struct.unpack_from(">I", prefix, 0)[0]
        rest = file.read(header_length - 8)
        ndim = int.from_bytes(prefix[5:8], "big")
        shape = tuple(struct.unpack_from(">Q", rest, 8 * i)[0] for i in range(ndim))
        shm, array = create_shared_array(name, shape)
        file.readinto(memoryview(array.reshape(-1)).cast("B"))
    return shm, array


def close(shm, array):
    del array
    shm.close()


def unlink(name):
    try:
        os.unlink(f"/dev/shm/{name}")
    except FileNotFoundError:
        pass


def median(samples):
    samples = sorted(samples)
    return samples[len(samples) // 2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--file-dir", default=os.environ.get("SHAREDTYPED_BENCH_FILE_DIR", "/tmp"))
    parser.add_argument("--prefix", default="st-bench-anchor-")
    args = parser.parse_args()
    elements = (64 << 20) // 8 if args.quick else (1 << 30) // 8
    reads = 1_000_000 if args.quick else 20_000_000
    repeats = 1 if args.quick else 5
    attaches = 50 if args.quick else 2000
    prefix = args.prefix + uuid.uuid4().hex[:8]
    made = []

    def name(kind):
        made.append(f"{prefix}-{kind}-{len(made)}")
        return made[-1]

    result = {"elements": elements, "reads": reads, "repeats": repeats, "numpy": np.__version__, "python": sys.version.split()[0]}
    path = os.path.join(args.file_dir, f"{prefix}-input.bin")
    try:
        # attach + close of an existing 1000x1000 array, per call
        target = name("attach")
        shm, array = create_shared_array(target, (1000, 1000), full=1.0)
        close(shm, array)
        samples = []
        for _ in range(repeats):
            start = time.perf_counter()
            for _ in range(attaches):
                close(*attach_shared_array(target))
            samples.append((time.perf_counter() - start) / attaches)
        result["attach"] = median(samples)

        for key, full in (("create_zero", None), ("create_fill", 1.5)):
            samples = []
            for _ in range(repeats):
                segment = name(key)
                start = time.perf_counter()
                shm, array = create_shared_array(segment, (elements,), full=full)
                samples.append(time.perf_counter() - start)
                close(shm, array)
                unlink(segment)
            result[key] = median(samples)

        # cdxcore.npio.to_file's format: the header, then the elements
        with open(path, "wb") as file:
            file.write(_header((elements,)))
            np.arange(elements, dtype=np.float64).tofile(file)
            file.flush()
            os.fsync(file.fileno())
        samples = []
        for _ in range(repeats):
            segment = name("load")
            start = time.perf_counter()
            shm, array = read_shared_array(path, segment)
            samples.append(time.perf_counter() - start)
            close(shm, array)
            unlink(segment)
        result["load"] = median(samples)

        segment = name("reads")
        shm, array = create_shared_array(segment, (elements,), full=1.5)
        indices = np.random.default_rng(20261201).integers(0, elements, size=reads)
        samples = []
        for _ in range(repeats):
            start = time.perf_counter()
            float(array[indices].sum())
            samples.append(time.perf_counter() - start)
        result["random_reads"] = median(samples)
        close(shm, array)
    finally:
        for segment in made:
            unlink(segment)
        if os.path.exists(path):
            os.unlink(path)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
