// The suite tests the Linux implementation: it serves /dev/shm directories and runs real server processes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
// One collection at a time (servers and their clients compete for the cores), the leak check last (tests/Shared/RunLast.cs).
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
