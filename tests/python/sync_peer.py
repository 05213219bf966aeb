"""The Python side of the coordination tests, on python/sharedtyped.py. One command per run; it prints
"ready" once attached, then one result line. Segments hold int64; a write publishing version v stamps
every element with v * 7 + 3, as the .NET peer does.

  wait NAME SEEN TIMEOUT        wait_for_change: "changed V" or "timeout"
  publish NAME COUNT            COUNT stamped writes: "done V"
  bump NAME COUNT               COUNT plain publish() calls: "done V", the last version one returned
  hold-word NAME                take the sync block's word lock and keep it until killed: "held"
  hold NAME shared|exclusive    hold the reader/writer lock until stdin closes: "held"
  try-lock NAME MODE TIMEOUT    "acquired" or "timeout"
  read NAME                     read_consistent: "version V first X" or "torn V"
  no-sync NAME                  a segment without a sync block: .array works, sync members raise
  prefix NAME                   hex of the segment's header, padding and data as numpy maps them
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import sharedtyped  # noqa: E402


def stamp(version):
    return version * 7 + 3


def say(line):
    print(line, flush=True)


def main(command, name, *rest):
    shared = sharedtyped.attach(name)
    say("ready")
    if command == "wait":
        version = shared.wait_for_change(int(rest[0]), float(rest[1]))
        say("timeout" if version is None else f"changed {version}")
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
