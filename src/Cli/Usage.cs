namespace SharedTyped.Cli;

/// <summary>The <c>--help</c> text, exit codes included, so that scripts know what to test for.</summary>
internal static class Usage
{
    public const string Text = """
        sharedtyped: inspect and manage the named shared arrays of SharedTyped and cdxcore.npshm

        Usage:
          sharedtyped list                 every segment in the directory; files without a valid header are "not ours",
                                           files you may not open "no access"
          sharedtyped info NAME            one segment: element type, shape, sizes, owner, mode
          sharedtyped rm NAME...           remove segments (only valid shared arrays, unless --force)
          sharedtyped load FILE NAME       read a .npy or cdxcore to_file file into a new segment NAME
          sharedtyped save NAME FILE       write segment NAME to FILE: .npy if FILE ends in .npy, else to_file

        Options:
          --dir DIR            the shared-memory directory (default: $SHAREDTYPED_SHM_DIR, else /dev/shm)
          --json               machine-readable JSON on stdout (errors still go to stderr)
          --accept-existing    load: attach to an existing segment of the same type and shape instead of failing
          --force              rm: also remove files that are not shared arrays
          --time-unit UNIT     save to .npy: record datetime64/timedelta64 elements in this unit (ns, s, D, ...);
                               the segment keeps tick counts without a unit, so the default is numpy's generic unit
          --progress           load: always draw the progress bar on stderr
                               (default: for files of 16 MiB or more when stderr is a terminal)
          --version            print the version
          -h, --help           print this text

        Exit codes:
          0  ok
          1  usage: unknown command or option, wrong number of arguments
          2  not found: no such segment or file
          3  invalid: not a shared array, corrupt or unsupported file, type or shape mismatch, invalid name
          4  exists: the segment name is taken
          5  denied: permission denied, or owned by another user
          6  I/O error: for example, the shared-memory file system is full
        """;
}
