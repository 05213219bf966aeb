// The declared names are constants, so two tests using one declaration must not overlap; and the
// leak check must run after everything else (tests/Shared/RunLast.cs).
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]

// The suite exercises the Linux implementation: it reads /dev/shm and runs a real peer.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
