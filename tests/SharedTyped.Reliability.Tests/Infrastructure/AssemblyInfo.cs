// Shared memory as these tests know it: /dev/shm, flock, /proc.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
// One collection at a time (the descriptor and mapping counts of one test must not see another's), the
// leftover check last (tests/Shared/RunLast.cs).
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
