"""The value every flat index holds, per dtype: the same numbers as ElementKind.cs on the .NET side."""

import math

import numpy as np

_MASK32 = (1 << 32) - 1
_MASK64 = (1 << 64) - 1
_GOLDEN64 = 0x9E3779B97F4A7C15
NAT = -(1 << 63)


def _signed(value, bits):
    return value - (1 << bits) if value >= 1 << (bits - 1) else value


def _special(k, otherwise):
    return {1: math.nan, 2: math.inf, 3: -math.inf, 4: -0.0}.get(k, otherwise)


_SCALAR = {
    "bool": lambda k: k % 3 == 0,
    "int8": lambda k: (k * 7 % 256) - 128,
    "int16": lambda k: (k * 1237 % 65536) - 32768,
    "int32": lambda k: _signed((k * 2654435761) & _MASK32, 32),
    "int64": lambda k: _signed((k * _GOLDEN64) & _MASK64, 64),
    "uint16": lambda k: (k * 40503) & 0xFFFF,
    "uint32": lambda k: (k * 2654435761) & _MASK32,
    "uint64": lambda k: (k * _GOLDEN64) & _MASK64,
    "float16": lambda k: _special(k, ((k % 2048) - 1024) / 8.0),
    "float32": lambda k: _special(k, ((k * 37 % 100003) - 50000) / 16.0),
    "float64": lambda k: _special(k, (k * 1.25 - 300.5) / 3.0),
    "complex64": lambda k: complex((k % 1000) * 0.5, -(k % 777) * 0.25),
    "complex128": lambda k: complex(k * 1.5 - 7, k / 3.0),
    "datetime64": lambda k: NAT if k == 1 else k * 86400 - 1_000_000_000,
    "timedelta64": lambda k: NAT if k == 1 else k * 3600 - 5000,
}

DTYPES = list(_SCALAR)


def numpy_dtype(name):
    return np.dtype(name)


def values(name, shape, offset=0):
    """The pattern as an array of that shape: element with flat index k holds value(k + offset)."""
    count = int(np.prod(shape, dtype=np.int64)) if len(shape) else 1
    raw = [_SCALAR[name](k + offset) for k in range(count)]
    dtype = np.dtype(name)
    if dtype.kind in "Mm":
        flat = np.array(raw, dtype=np.int64).view(dtype)
    else:
        flat = np.array(raw, dtype=dtype)
    return flat.reshape(shape)


def same(actual, expected):
    """Element-wise equality where NaN equals NaN and NaT equals NaT; returns the first differing flat index or -1."""
    a = np.asarray(actual).reshape(-1)
    e = np.asarray(expected).reshape(-1)
    if a.dtype.kind in "Mm":
        a = a.view(np.int64)
        e = e.view(np.int64)
    if a.dtype.kind in "fc":
        equal = (a == e) | (np.isnan(a) & np.isnan(e))
    else:
        equal = a == e
    bad = np.flatnonzero(~equal)
    return int(bad[0]) if bad.size else -1
