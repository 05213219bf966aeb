using System.Runtime.InteropServices;

namespace SharedTyped;

/// <summary>
/// numpy's <c>timedelta64</c> with the generic unit (dtype code 14): a signed 64-bit count whose unit
/// the header does not record. numpy's <c>NaT</c> is <see cref="long.MinValue"/>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct TimeDelta64(long Ticks)
{
    /// <summary>numpy's "not a time" value.</summary>
    public static TimeDelta64 NaT => new(long.MinValue);

    /// <summary>Whether this is numpy's "not a time" value.</summary>
    public bool IsNaT => Ticks == long.MinValue;
}
