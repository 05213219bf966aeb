// The tests use /dev/shm, Linux file modes and Debian's numpy.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
// One collection at a time (the CLI and pack tests must not compete for the cores), the leak check last
// (tests/Shared/RunLast.cs).
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
