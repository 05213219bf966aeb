namespace SharedTyped.Benchmarks.Infrastructure;

/// <summary>Whether this run can measure huge pages: it must mount private tmpfs file systems, and the kernel must give tmpfs huge pages.</summary>
internal static class HugePageMeasurement
{
    /// <summary><c>null</c> when the huge-page benchmarks can run, else why they are not measured.</summary>
    public static string? WhyNot()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "huge-page segments are Linux only";
        }
        if (!PrivateTmpfs.CanMount)
        {
            return "not root, so no private tmpfs with huge=advise can be mounted (run the benchmarks as root)";
        }
        const string sysfs = "/sys/kernel/mm/transparent_hugepage";
        if (!File.Exists($"{sysfs}/hpage_pmd_size"))
        {
            return "this kernel has no transparent huge pages";
        }
        if (File.ReadAllText($"{sysfs}/shmem_enabled").Contains("[deny]", StringComparison.Ordinal))
        {
            return $"{sysfs}/shmem_enabled is 'deny'";
        }
        return null;
    }
}
