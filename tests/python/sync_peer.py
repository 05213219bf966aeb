"""The Python side of the coordination tests, on python/sharedtyped.py. One command per run; it prints
"ready" once attached, then one result line. Segments hold int64; a write publishing version v stamps
every element with v * 7 + 3, as the .NET peer does.

  wait NAME SEEN TIMEOUT        wait_for_change: "changed V", "timeout" or "replaced V MESSAGE"
  publish NAME COUNT            COUNT stamped writes: "done V"
  bump NAME COUNT               COUNT plain publish() calls: "done V", the last version one returned
  hold-word NAME                take the sync block's word lock and keep it until killed: "held"
  hold NAME shared|exclusive    hold the reader/writer lock until stdin closes: "held"
  try-lock NAME MODE TIMEOUT    "acquired" or "timeout"
  read NAME                     read_consistent: "version V first X" or "torn V"
  no-sync NAME                  a segment without a sync block: .array works, sync members raise
  prefix NAME                   hex of the segment's header, padding and data as numpy maps them
  churn NAME SECONDS            writes, publishes, consistent reads and waits with short timeouts while a
                                peer scribbles on the sync block: "done CALLS torn T slowest S"
  scribble NAME COUNT SEED PIDS COUNT patterns written into the sync block's words (random bytes and
                                plausible lock states naming PIDS, comma-separated): "done COUNT"
  constants                     the module's sync-block constants as JSON (no segment)
"""

import errno
import json
import os
import random
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import sharedtyped  # noqa: E402


def stamp(version):
    return version * 7 + 3


def say(line):
    print(line, flush=True)


def churn(shared, seconds):
    """Every member with a short timeout, counting torn copies and the slowest call (seconds)."""
    expected = (TimeoutError, ValueError, OverflowError, sharedtyped.TornError, sharedtyped.ReplacedError)
    calls, torn, slowest = 0, 0, 0.0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for member in range(4):
            started = time.monotonic()
            try:
                if member == 0:
                    with shared.write(0.2) as array:
                        array[...] = stamp(shared.version + 1)
                elif member == 1:
                    shared.publish(0.2)
                elif member == 2:
                    copy, _ = shared.read_consistent(0.2)
                    flat = copy.reshape(-1)
                    if (flat != flat[0]).any():
                        torn += 1
                else:
                    shared.wait_for_change(shared.version, 0.02)
            except expected:
                pass
            calls += 1
            slowest = max(slowest, time.monotonic() - started)
    return calls, torn, slowest


def scribble(shared, count, seed, pids):
    """Writes COUNT patterns into the words of the sync block after its identity (bytes 8 to 128),
    each left in place for a moment: random bytes, and plausible states of the word lock and the
    sequence. The sequence only ever gets an odd value (a write marked in progress): a peer that puts
    back an even value a reader saw before can make any sequence lock accept a torn copy, and that is
    not what is probed here."""
    generator = random.Random(seed)
    block = shared._mmap  # noqa: SLF001
    base = shared._sync_offset  # noqa: SLF001
    sleepers = 0x80000000
    for _ in range(count):
        kind = generator.randrange(6)
        if kind == 0:
            offset = base + 8 + generator.randrange(30) * 4
            if offset == base + 16:
                struct.pack_into("=I", block, offset, generator.getrandbits(32) | 1)
            else:
                struct.pack_into("=I", block, offset, generator.getrandbits(32))
        elif kind == 1:
            struct.pack_into("=I", block, base + 32, generator.choice(pids) | (sleepers if generator.random() < 0.5 else 0))
        elif kind == 2:
            struct.pack_into("=I", block, base + 32, generator.choice([0, sleepers, 0x7FFFFFFF, generator.getrandbits(32)]))
        elif kind == 3:
            struct.pack_into("=q", block, base + 8, generator.choice([-1, -(2 ** 63), 2 ** 63 - 1, 2 ** 63 - 2, generator.getrandbits(63)]))
        elif kind == 4:
            struct.pack_into("=I", block, base + 16, generator.getrandbits(32) | 1)
        else:
            struct.pack_into("=I", block, base + generator.choice([20, 24, 28, 36]), generator.getrandbits(32))
        time.sleep(0.0002)
    return count


def main(command, name=None, *rest):
    if command == "constants":
        say(json.dumps({key: getattr(sharedtyped, key) for key in dir(sharedtyped)
                        if key.startswith("_") and key[1:2].isupper() and isinstance(getattr(sharedtyped, key), (int, float))}))
        say(json.dumps({"magic": sharedtyped._SYNC_MAGIC.decode("ascii"),  # noqa: SLF001
                        **{n: getattr(errno, n) for n in ("EAGAIN", "EINTR", "ETIMEDOUT", "EACCES", "ESRCH", "EPERM")}}))
        return 0
    shared = sharedtyped.attach(name)
    say("ready")
    if command == "wait":
        try:
            version = shared.wait_for_change(int(rest[0]), float(rest[1]))
            say("timeout" if version is None else f"changed {version}")
        except sharedtyped.ReplacedError as e:
            say(f"replaced {e.version} {e}")
    elif command == "churn":
        calls, torn, slowest = churn(shared, float(rest[0]))
        say(f"done {calls} torn {torn} slowest {slowest:.3f}")
    elif command == "scribble":
        pids = [int(p) for p in rest[2].split(",")]
        say(f"done {scribble(shared, int(rest[0]), int(rest[1]), pids)}")
    elif command == "publish":
        for _ in range(int(rest[0])):
            with shared.write() as array:
                array[...] = stamp(shared.version + 1)
        say(f"done {shared.version}")
    elif command == "bump":
        last = 0
        for _ in range(int(rest[0])):
            last = shared.publish()
        say(f"done {last}")
    elif command == "hold-word":
        held = shared._words(None)  # noqa: SLF001 - the test kills this process inside it
        held.__enter__()  # kept referenced: a collected context manager would unlock
        say("held")
        sys.stdin.readline()
        del held
    elif command == "hold":
        lock = shared.lock_exclusive if rest[0] == "exclusive" else shared.lock_shared
        with lock():
            say("held")
            sys.stdin.readline()
    elif command == "try-lock":
        lock = shared.lock_exclusive if rest[0] == "exclusive" else shared.lock_shared
        try:
            with lock(float(rest[1])):
                say("acquired")
        except TimeoutError as e:
            say(f"timeout {e}")
    elif command == "read":
        try:
            copy, version = shared.read_consistent()
            say(f"version {version} first {copy.reshape(-1)[0]}")
        except sharedtyped.TornError as e:
            say(f"torn {e.version} {e}")
    elif command == "no-sync":
        total = int(shared.array.sum())
        messages = []
        for member in (lambda: shared.version, shared.publish, lambda: shared.wait_for_change(0, 0.01),
                       shared.read_consistent, lambda: shared.lock_shared(0.01).__enter__()):
            try:
                member()
                messages.append("no error")
            except sharedtyped.SyncNotSupportedError as e:
                messages.append(str(e))
        say(f"sum {total} | " + " | ".join(messages))
    elif command == "prefix":
        end = shared.data_offset + shared.array.nbytes
        say(bytes(shared._mmap[:end]).hex())  # noqa: SLF001
    else:
        say(f"unknown command {command}")
        return 64
    shared.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
