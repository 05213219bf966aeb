// The suite tests the Linux implementation: it reads /dev/shm and /proc, and runs real peers.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
