// The suite tests the Linux implementation: it serves /dev/shm directories and runs real server processes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
