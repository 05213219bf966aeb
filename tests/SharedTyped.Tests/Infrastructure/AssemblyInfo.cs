// The suite tests the Linux implementation: it reads /dev/shm and /proc, and runs real peers.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
// One collection at a time, the leak check last (tests/Shared/RunLast.cs).
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
