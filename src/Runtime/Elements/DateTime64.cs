using System.Runtime.InteropServices;

namespace SharedTyped;

/// <summary>
/// numpy's <c>datetime64</c> with the generic unit (dtype code 13): a signed 64-bit tick count whose
/// unit the header does not record. numpy's <c>NaT</c> is <see cref="long.MinValue"/>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct DateTime64(long Ticks)
{
    /// <summary>numpy's "not a time" value.</summary>
    public static DateTime64 NaT => new(long.MinValue);

    /// <summary>Whether this is numpy's "not a time" value.</summary>
    public bool IsNaT => Ticks == long.MinValue;
}
