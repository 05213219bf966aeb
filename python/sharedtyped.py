"""SharedTyped's coordination for numpy peers: numpy and ctypes only, no compiled part.

    import sharedtyped
    shared = sharedtyped.attach("prices")
    seen = shared.version
    while True:
        seen = shared.wait_for_change(seen, timeout=5.0) or seen
        snapshot, version = shared.read_consistent()

``attach(name)`` maps /dev/shm/NAME (or $SHAREDTYPED_SHM_DIR/NAME) itself (os.open + mmap), so Python's resource tracker never hears
of the segment and can never unlink it. ``.array`` is the numpy view in cdxcore's layout and works on
any segment; the coordination members need the sync block SharedTyped writes after the data of the
segments it creates (src/Runtime/Sync/SyncBlock.cs states the layout, docs/guarantees.md the
protocol) and raise ``SyncNotSupportedError`` on segments made by cdxcore or numpy.

Linux only: waits are futex(2) calls on the shared word through libc's ``syscall``, locks are
open-file-description locks (fcntl F_OFD_SETLK), the same ones the .NET runtime takes, so they exclude
across languages. The version and sequence words change only under the sync block's word lock, the
project's own protocol on one 32-bit word (docs/format.md, "The word lock"): 0 when free, else the
holder's pid, taken by compare-and-swap (libatomic's ``__atomic_compare_exchange_4`` through ctypes),
slept on with FUTEX_WAIT, and taken over when the holder's process is gone. Under it plain aligned
stores suffice; their order relies on x86-64's store ordering. The one counter changed without it (the
write-lock waiters) is changed by FUTEX_WAKE_OP, which adds atomically in the kernel. Every member that
can block takes a timeout; a segment a SharedTyped process removed or replaced is marked retired, and
``wait_for_change`` then raises ``ReplacedError``.
"""

import contextlib
import ctypes
import errno
import fcntl
import mmap
import os
import platform
import struct
import time

import numpy as np

__all__ = ["attach", "shm_directory", "SharedArray", "TornError", "ReplacedError", "SyncNotSupportedError", "ALIGN", "DTYPES"]

# The header and the element codes: docs/format.md. HeaderConstantsTests and ElementTableTests import this
# module and hold these values to the .NET runtime's.
ALIGN = 64
HEADER_FIXED_LENGTH = 8
HEADER_EXTENT_LENGTH = 8
MAX_RANK = 64
FIRST_EXTENSION_CODE = 128
TYPE_RECORD_LENGTH = 16
TYPE_RECORD_MAGIC = b"STX1"
DEFAULT_SHM_DIRECTORY = "/dev/shm"
SHM_DIRECTORY_VARIABLE = "SHAREDTYPED_SHM_DIR"

# Every code numpy can represent: cdxcore's 0-14, and SharedTyped's extensions whose elements are plain
# numbers (byte, UTF-16 char, nint, nuint; the last two sized by the type record). decimal (132) and
# structs (255) have no numpy dtype.
DTYPES = {
    0: np.dtype(np.bool_), 1: np.dtype(np.int8), 2: np.dtype(np.int16), 3: np.dtype(np.int32),
    4: np.dtype(np.int64), 5: np.dtype(np.uint16), 6: np.dtype(np.uint32), 7: np.dtype(np.uint64),
    8: np.dtype(np.float16), 9: np.dtype(np.float32), 10: np.dtype(np.float64), 11: np.dtype(np.complex64),
    12: np.dtype(np.complex128), 13: np.dtype("M8"), 14: np.dtype("m8"),
    128: np.dtype(np.uint8), 129: np.dtype(np.uint16), 130: np.dtype(np.intp), 131: np.dtype(np.uintp),
}



def shm_directory():
    """Where segments live: $SHAREDTYPED_SHM_DIR if set and not empty, else /dev/shm (as the .NET runtime)."""
    return os.environ.get(SHM_DIRECTORY_VARIABLE) or DEFAULT_SHM_DIRECTORY


# The sync block (docs/format.md, "The sync block"; src/Runtime/Sync/SyncBlock.cs), in native byte order
# at the first 64-byte boundary past the data. tests/SharedTyped.Tests compares these with the runtime's.
_SYNC_LENGTH = 128
_SYNC_MAGIC = b"STSY"
_SYNC_LAYOUT_VERSION = 3
_VERSION_OFFSET = 8
_SEQUENCE_OFFSET = 16
_LOCK_CHANGES_OFFSET = 20
_WRITER_PID_OFFSET = 24
_WRITE_LOCK_WAITERS_OFFSET = 28
_WORD_LOCK_OFFSET = 32
_STATE_OFFSET = 36
_WORD_LOCK_SLEEPERS = 0x80000000
_RETIRED_FLAG = 1
_WRITE_LOCK_BYTE = 32
_READER_WRITER_LOCK_BYTE = 33
_VERSION_MAX = 0x7FFFFFFFFFFFFFFF

# How long a wait for a lock or for a write to end sleeps before checking that the holder is alive
# (a holder killed by SIGKILL loses its lock in the kernel, or leaves its pid in the word lock, but
# wakes nobody), and how long publish waits for the word lock by default; the .NET side uses the same.
_DEAD_HOLDER_CHECK = 0.05
_WORD_LOCK_PATIENCE = 10.0
_WORD_LOCK_SPINS = 16

_F_OFD_GETLK, _F_OFD_SETLK = 36, 37
_F_RDLCK, _F_WRLCK, _F_UNLCK = 0, 1, 2
_FLOCK = "hhqqi4x"  # struct flock on 64-bit Linux

_FUTEX_WAIT, _FUTEX_WAKE, _FUTEX_WAKE_OP = 0, 1, 5
_FUTEX_OP_ADD = 1
_SYS_FUTEX = {"x86_64": 202, "aarch64": 98}.get(platform.machine())

_libc = ctypes.CDLL("libc.so.6", use_errno=True)
_libc.syscall.restype = ctypes.c_long

_SEQ_CST = 5


def _libatomic():
    """Compare-and-swap and exchange on a uint32 in shared memory: Python has no atomic instructions of
    its own, GCC's libatomic (package libatomic1) exports them."""
    try:
        library = ctypes.CDLL("libatomic.so.1")
    except OSError:
        return None, None
    cas = library.__atomic_compare_exchange_4
    cas.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint32), ctypes.c_uint32, ctypes.c_int, ctypes.c_int]
    cas.restype = ctypes.c_bool
    exchange = library.__atomic_exchange_4
    exchange.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int]
    exchange.restype = ctypes.c_uint32
    fetch_add = library.__atomic_fetch_add_4
    fetch_add.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int]
    fetch_add.restype = ctypes.c_uint32
    return cas, exchange, fetch_add


_cas_function, _exchange_function, _fetch_add_function = _libatomic()


class _Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


class TornError(RuntimeError):
    """A writer died inside its write: the data may be half written (.NET's SharedArrayTornException)."""

    def __init__(self, message, name, version):
        super().__init__(message)
        self.name = name
        self.version = version


class ReplacedError(RuntimeError):
    """The segment was removed or replaced under its name by a SharedTyped process (.NET's
    SharedArrayReplacedException): nothing will be published to it; attach the name again."""

    def __init__(self, message, name, version):
        super().__init__(message)
        self.name = name
        self.version = version


class SyncNotSupportedError(NotImplementedError):
    """The segment was made without a sync block (by cdxcore or numpy)."""


def _futex(address, operation, value, timeout):
    if _SYS_FUTEX is None:
        raise OSError(errno.ENOSYS, f"futex is not known on {platform.machine()}")
    spec = None
    if timeout is not None:
        whole = int(timeout)
        spec = _Timespec(whole, int((timeout - whole) * 1e9))
    result = _libc.syscall(ctypes.c_long(_SYS_FUTEX), ctypes.c_void_p(address), ctypes.c_int(operation),
                           ctypes.c_uint(value), ctypes.byref(spec) if spec is not None else None,
                           ctypes.c_void_p(0), ctypes.c_int(0))
    return result, (ctypes.get_errno() if result < 0 else 0)


def _wait(address, expected, timeout):
    """Sleeps while the word at address equals expected; False when timeout (seconds, None: no end) passed."""
    result, error = _futex(address, _FUTEX_WAIT, expected, timeout)
    if result == 0 or error in (errno.EAGAIN, errno.EINTR):
        return True
    if error == errno.ETIMEDOUT:
        return False
    raise OSError(error, os.strerror(error))


def _atomic_add(address, delta):
    """Adds delta (-2048..2047) to the uint32 at address atomically: FUTEX_WAKE_OP does the add in the
    kernel (and here wakes nobody), since Python has no atomic instructions of its own."""
    if _SYS_FUTEX is None:
        raise OSError(errno.ENOSYS, f"futex is not known on {platform.machine()}")
    operation = (_FUTEX_OP_ADD << 28) | ((delta & 0xFFF) << 12)
    result = _libc.syscall(ctypes.c_long(_SYS_FUTEX), ctypes.c_void_p(address), ctypes.c_int(_FUTEX_WAKE_OP),
                           ctypes.c_int(0), ctypes.c_void_p(0), ctypes.c_void_p(address), ctypes.c_uint(operation))
    if result < 0:
        error = ctypes.get_errno()
        raise OSError(error, os.strerror(error))


def _compare_and_swap(address, expected, desired):
    seen = ctypes.c_uint32(expected)
    return bool(_cas_function(address, ctypes.byref(seen), desired, _SEQ_CST, _SEQ_CST))


def _is_alive(pid):
    """Whether process pid runs (stopped counts; exited and not yet reaped does not)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            stat = f.read()
    except FileNotFoundError:
        return False
    except PermissionError:
        return True
    close = stat.rfind(")")
    state = stat[close + 2] if 0 <= close and close + 2 < len(stat) else "R"
    return state not in ("Z", "X")


def _enter_word_lock(address, deadline):
    """Takes the word lock (docs/format.md, "The word lock") before time.monotonic() reaches deadline
    (None: no end); False when it passed first."""
    me = os.getpid()
    for _ in range(_WORD_LOCK_SPINS):
        if _compare_and_swap(address, 0, me):
            return True
    me |= _WORD_LOCK_SLEEPERS
    word = ctypes.c_uint32.from_address(address)
    while True:
        seen = word.value
        owner = seen & ~_WORD_LOCK_SLEEPERS
        if owner == 0 or not _is_alive(owner):
            # Free, or its holder is gone (it died between two single-word stores): take it over.
            if _compare_and_swap(address, seen, me):
                return True
            continue
        if not seen & _WORD_LOCK_SLEEPERS and not _compare_and_swap(address, seen, seen | _WORD_LOCK_SLEEPERS):
            continue
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            return False
        _wait(address, seen | _WORD_LOCK_SLEEPERS, _DEAD_HOLDER_CHECK if left is None else min(left, _DEAD_HOLDER_CHECK))


def _exit_word_lock(address):
    if _exchange_function(address, 0, _SEQ_CST) & _WORD_LOCK_SLEEPERS:
        _wake_all(address)


@contextlib.contextmanager
def _word_lock(address, name, timeout):
    """The sync block's word lock: held only while the version, the sequence and the writer pid
    change, by every process in every language. TimeoutError when a live (stopped) holder keeps it."""
    if not _enter_word_lock(address, None if timeout is None else time.monotonic() + timeout):
        owner = ctypes.c_uint32.from_address(address).value & ~_WORD_LOCK_SLEEPERS
        raise TimeoutError(f"shared array '{name}': the word lock of its sync block stayed held (by process {owner}, "
                           f"which is alive: stopped or stuck) for longer than {timeout} s")
    try:
        yield
    finally:
        _exit_word_lock(address)


def _wake_all(address):
    result, error = _futex(address, _FUTEX_WAKE, 0x7FFFFFFF, None)
    if result < 0:
        raise OSError(error, os.strerror(error))


def _parse_header(buffer, size, name):
    if size < HEADER_FIXED_LENGTH:
        raise ValueError(f"shared array '{name}': segment of {size} bytes is shorter than a header")
    header_length, = struct.unpack_from(">I", buffer, 0)
    code = buffer[4]
    rank = int.from_bytes(bytes(buffer[5:8]), "big")
    if rank > MAX_RANK or header_length != HEADER_FIXED_LENGTH + HEADER_EXTENT_LENGTH * rank or header_length > size:
        raise ValueError(f"shared array '{name}': invalid header (length {header_length}, rank {rank})")
    if code not in DTYPES:
        raise ValueError(f"shared array '{name}': dtype code {code} has no numpy dtype (a SharedTyped extension)")
    shape = struct.unpack_from(f">{rank}Q", buffer, HEADER_FIXED_LENGTH)
    dtype = DTYPES[code]
    record = 0
    if code >= FIRST_EXTENSION_CODE:
        record = TYPE_RECORD_LENGTH
        if header_length + record > size or bytes(buffer[header_length:header_length + 4]) != TYPE_RECORD_MAGIC:
            raise ValueError(f"shared array '{name}': dtype code {code} without its type record")
        item_size, = struct.unpack_from(">I", buffer, header_length + 4)
        if item_size != dtype.itemsize:
            raise ValueError(f"shared array '{name}': dtype code {code} has {item_size}-byte elements; "
                             f"this process's {dtype} has {dtype.itemsize}")
    alignment = max(ALIGN, dtype.alignment)
    offset = (header_length + record + alignment - 1) // alignment * alignment
    count = int(np.prod(shape, dtype=object)) if rank else 1
    end = offset + count * dtype.itemsize
    if end > size:
        raise ValueError(f"shared array '{name}': segment of {size} bytes is too short for shape {shape} of {dtype}")
    return tuple(int(d) for d in shape), dtype, offset, end


class SharedArray:
    """An attached segment: ``.array`` and the coordination members, interoperating with .NET's SharedArray<T>."""

    def __init__(self, name, readonly=False):
        self.name = name
        self._readonly = readonly
        path = os.path.join(shm_directory(), name)
        self._fd = os.open(path, (os.O_RDONLY if readonly else os.O_RDWR) | os.O_CLOEXEC | os.O_NOFOLLOW)
        try:
            size = os.fstat(self._fd).st_size
            self._mmap = mmap.mmap(self._fd, size, mmap.MAP_SHARED,
                                   mmap.PROT_READ if readonly else mmap.PROT_READ | mmap.PROT_WRITE)
        except BaseException:
            os.close(self._fd)
            raise
        self.shape, self.dtype, self.data_offset, end = _parse_header(self._mmap, size, name)
        count = int(np.prod(self.shape, dtype=object)) if self.shape else 1
        self.array = np.frombuffer(self._mmap, self.dtype, count, self.data_offset).reshape(self.shape)
        self._sync_offset = (end + ALIGN - 1) // ALIGN * ALIGN
        self._has_sync = (size >= self._sync_offset + _SYNC_LENGTH
                          and self._mmap[self._sync_offset:self._sync_offset + 4] == _SYNC_MAGIC)
        if self._has_sync:
            layout_version, = struct.unpack_from("=I", self._mmap, self._sync_offset + 4)
            if layout_version != _SYNC_LAYOUT_VERSION:
                self._has_sync = False
            block = self._sync_offset
            self._version = np.frombuffer(self._mmap, np.int64, 1, block + _VERSION_OFFSET)
            self._sequence = np.frombuffer(self._mmap, np.uint32, 1, block + _SEQUENCE_OFFSET)
            self._lock_changes = np.frombuffer(self._mmap, np.uint32, 1, block + _LOCK_CHANGES_OFFSET)
            self._writer_pid = np.frombuffer(self._mmap, np.int32, 1, block + _WRITER_PID_OFFSET)
            self._write_lock_waiters = np.frombuffer(self._mmap, np.uint32, 1, block + _WRITE_LOCK_WAITERS_OFFSET)
            self._sequence_address = self._sequence.__array_interface__["data"][0]
            self._lock_changes_address = self._lock_changes.__array_interface__["data"][0]
            self._write_lock_waiters_address = self._write_lock_waiters.__array_interface__["data"][0]
            self._word_lock = np.frombuffer(self._mmap, np.uint32, 1, block + _WORD_LOCK_OFFSET)
            self._state = np.frombuffer(self._mmap, np.uint32, 1, block + _STATE_OFFSET)
            self._word_lock_address = self._word_lock.__array_interface__["data"][0]

    # ---- the published version ----------------------------------------------------------------

    @property
    def version(self):
        """The published version: 0 after creation, one more after each publish or write."""
        self._require_sync()
        return int(self._version[0])

    @property
    def retired(self):
        """Whether a SharedTyped process removed or replaced this segment's name (it is marked retired)."""
        self._require_sync()
        return bool(int(self._state[0]) & _RETIRED_FLAG)

    def publish(self, timeout=_WORD_LOCK_PATIENCE):
        """Bumps the version and wakes every waiter in every process; returns the new version.

        Raises TimeoutError when a live (stopped) process holds the word lock for longer than timeout
        seconds, OverflowError at the last version (versions never wrap)."""
        self._require_writable()
        # The word lock only: a write open in another process stays marked (plus two keeps the parity).
        with self._words(timeout):
            version = self._next_version()
            self._version[0] = version
            # Every change of the sequence is an atomic add: its parity holds even if the word lock's
            # exclusion was broken by a hostile peer.
            _fetch_add_function(self._sequence_address, 2, _SEQ_CST)
        _wake_all(self._sequence_address)
        return version

    @contextlib.contextmanager
    def write(self, timeout=None):
        """One writer at a time across processes (like BeginWrite); leaving the block publishes.

        Yields the numpy array to write into. Raises TimeoutError when another writer holds it for
        longer than timeout seconds (None: wait as long as it takes)."""
        self._require_writable()
        deadline = None if timeout is None else time.monotonic() + timeout
        fd = self._acquire(_WRITE_LOCK_BYTE, True, timeout)
        if fd is None:
            raise TimeoutError(f"shared array '{self.name}': another writer kept the write lock for longer than {timeout} s")
        try:
            with self._words(None if deadline is None else max(0.0, deadline - time.monotonic())):
                self._next_version()
                sequence = int(self._sequence[0])
                self._writer_pid[0] = os.getpid()
                if sequence & 1 == 0:
                    _fetch_add_function(self._sequence_address, 1, _SEQ_CST)
            try:
                yield self.array
            finally:
                # The sequence is even again before the write lock goes: odd with the lock free means a dead writer.
                with self._words(_WORD_LOCK_PATIENCE):
                    self._version[0] = self._next_version()
                    self._writer_pid[0] = 0
                    _fetch_add_function(self._sequence_address, 1, _SEQ_CST)
        finally:
            self._release_write(fd)

    # ---- waiting and reading --------------------------------------------------------------------

    def wait_for_change(self, seen, timeout=None):
        """Sleeps (a futex, no polling) until the version differs from seen; the new version, or None on timeout.

        Raises ReplacedError once the segment is retired (its name was removed or now names another)."""
        self._require_sync()
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            sequence = int(self._sequence[0])
            version = int(self._version[0])
            if version != seen:
                return version
            if int(self._state[0]) & _RETIRED_FLAG:
                raise ReplacedError(f"shared array '{self.name}' was removed or replaced under its name (its sync block "
                                    f"is marked retired) at version {version}; attach the name again", self.name, version)
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return None
            _wait(self._sequence_address, sequence, left)

    def read_consistent(self, timeout=None):
        """A copy taken while no write was in progress and with the version unchanged across it: (copy, version).

        Raises TimeoutError when no such copy could be taken within timeout seconds (None: no end)."""
        self._require_sync()
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            before = int(self._sequence[0])
            if before & 1:
                self._wait_for_writer(before, deadline)
            else:
                version = int(self._version[0])
                copy = self.array.copy()
                if int(self._sequence[0]) == before:
                    return copy, version
            if deadline is not None and time.monotonic() >= deadline:
                raise TimeoutError(f"shared array '{self.name}': no consistent copy could be taken within {timeout} s")

    def _wait_for_writer(self, odd, deadline):
        while int(self._sequence[0]) == odd:
            if self._probe(_WRITE_LOCK_BYTE) == _F_UNLCK and int(self._sequence[0]) == odd:
                version = int(self._version[0])
                raise TornError(f"shared array '{self.name}': a write after version {version} was abandoned "
                                f"(its writer died inside it), so the data may be torn", self.name, version)
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return
            _wait(self._sequence_address, odd, _DEAD_HOLDER_CHECK if left is None else min(left, _DEAD_HOLDER_CHECK))

    def _next_version(self):
        """The version after the current one; refuses garbage and the limit (versions never wrap)."""
        version = int(self._version[0])
        if version < 0:
            raise ValueError(f"shared array '{self.name}': its sync block holds version {version}, which no SharedTyped "
                             f"process writes; a process that is not SharedTyped's overwrote it")
        if version == _VERSION_MAX:
            raise OverflowError(f"shared array '{self.name}': version {version} is the last one; publishing once more "
                                f"would wrap. Create the array again to start from 0")
        return version + 1

    # ---- the reader/writer lock -----------------------------------------------------------------

    @contextlib.contextmanager
    def lock_shared(self, timeout=None):
        """The shared side of the cross-process reader/writer lock (.NET's AcquireShared)."""
        with self._lock(False, timeout):
            yield self

    @contextlib.contextmanager
    def lock_exclusive(self, timeout=None):
        """The exclusive side of the cross-process reader/writer lock (.NET's AcquireExclusive)."""
        self._require_writable()
        with self._lock(True, timeout):
            yield self

    @contextlib.contextmanager
    def _lock(self, exclusive, timeout):
        self._require_sync()
        fd = self._acquire(_READER_WRITER_LOCK_BYTE, exclusive, timeout)
        if fd is None:
            kind = "exclusive" if exclusive else "shared"
            raise TimeoutError(f"shared array '{self.name}': the {kind} lock was not granted within {timeout} s")
        try:
            yield
        finally:
            self._release(fd)

    def _acquire(self, lock_byte, exclusive, timeout):
        """A new open file description holding the lock, or None when timeout passed first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        fd = os.open(f"/proc/self/fd/{self._fd}", (os.O_RDWR if exclusive else os.O_RDONLY) | os.O_CLOEXEC)
        request = struct.pack(_FLOCK, _F_WRLCK if exclusive else _F_RDLCK, 0, self._sync_offset + lock_byte, 1, 0)
        counted = False
        try:
            while True:
                changes = int(self._lock_changes[0])
                try:
                    fcntl.fcntl(fd, _F_OFD_SETLK, request)
                    return fd
                except OSError as e:
                    if e.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                if lock_byte == _WRITE_LOCK_BYTE and not counted:
                    # Counted before trying again: a writer wakes the lock word on release only when
                    # someone waits (src/Runtime/Sync/SyncBlock.cs).
                    _atomic_add(self._write_lock_waiters_address, 1)
                    counted = True
                    continue
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    os.close(fd)
                    return None
                _wait(self._lock_changes_address, changes, _DEAD_HOLDER_CHECK if left is None else min(left, _DEAD_HOLDER_CHECK))
        except BaseException:
            with contextlib.suppress(OSError):
                os.close(fd)
            raise
        finally:
            if counted:
                _atomic_add(self._write_lock_waiters_address, -1)

    def _release(self, fd):
        os.close(fd)
        self._wake_lock_waiters()

    def _words(self, timeout):
        if _cas_function is None:
            raise SyncNotSupportedError(
                f"shared array '{self.name}': the word lock of its sync block needs compare-and-swap, "
                f"which Python takes from libatomic.so.1 (package libatomic1), not found here")
        return _word_lock(self._word_lock_address, self.name, timeout)

    def _release_write(self, fd):
        """Frees the write lock, then wakes: a waiter that replies with a publish at once finds it free."""
        os.close(fd)
        _wake_all(self._sequence_address)
        if int(self._write_lock_waiters[0]) != 0:
            self._wake_lock_waiters()

    def _wake_lock_waiters(self):
        if not self._readonly:
            self._lock_changes[0] = (int(self._lock_changes[0]) + 1) & 0xFFFFFFFF
        _wake_all(self._lock_changes_address)

    def _probe(self, lock_byte):
        query = struct.pack(_FLOCK, _F_WRLCK, 0, self._sync_offset + lock_byte, 1, 0)
        return struct.unpack(_FLOCK, fcntl.fcntl(self._fd, _F_OFD_GETLK, query))[0]

    # ---- plumbing -------------------------------------------------------------------------------

    def _require_sync(self):
        if not self._has_sync:
            raise SyncNotSupportedError(
                f"shared array '{self.name}' (shape {self.shape}, {self.dtype}) was made without a sync block "
                f"(by cdxcore or numpy): versions, waits, consistent reads and locks need a segment SharedTyped created")

    def _require_writable(self):
        self._require_sync()
        if self._readonly:
            raise PermissionError(f"shared array '{self.name}' was attached read-only")

    def close(self):
        """Unmaps; the segment itself stays (it is never unlinked from here)."""
        for attribute in ("array", "_version", "_sequence", "_lock_changes", "_writer_pid", "_write_lock_waiters", "_word_lock", "_state"):
            self.__dict__.pop(attribute, None)
        if self._mmap is not None:
            # Views handed out (a caller's reference to .array) keep the mapping; it goes with the last of them.
            with contextlib.suppress(BufferError):
                self._mmap.close()
            self._mmap = None
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def attach(name, readonly=False):
    """Attaches to the segment NAME (in shm_directory(): $SHAREDTYPED_SHM_DIR, else /dev/shm) that .NET, cdxcore or numpy made."""
    return SharedArray(name, readonly)
