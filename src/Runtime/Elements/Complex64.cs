using System.Globalization;
using System.Runtime.InteropServices;

namespace SharedTyped;

/// <summary>
/// A complex number of two <see cref="float"/>s laid out as numpy's <c>complex64</c>
/// (real part first, 8 bytes, 4-byte alignment); dtype code 11.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Complex64 : IEquatable<Complex64>
{
    /// <summary>Creates a complex number from its real and imaginary parts.</summary>
    public Complex64(float real, float imaginary)
    {
        Real = real;
        Imaginary = imaginary;
    }

    /// <summary>The real part.</summary>
    public float Real { get; }

    /// <summary>The imaginary part.</summary>
    public float Imaginary { get; }

    /// <summary>Widens to <see cref="System.Numerics.Complex"/>.</summary>
    public static implicit operator System.Numerics.Complex(Complex64 value) => new(value.Real, value.Imaginary);

    /// <summary>Narrows a <see cref="System.Numerics.Complex"/> to single precision.</summary>
    public static explicit operator Complex64(System.Numerics.Complex value) => new((float)value.Real, (float)value.Imaginary);

    /// <inheritdoc/>
    public bool Equals(Complex64 other) => Real.Equals(other.Real) && Imaginary.Equals(other.Imaginary);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Complex64 other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Real, Imaginary);

    /// <summary>Compares two values for equality.</summary>
    public static bool operator ==(Complex64 left, Complex64 right) => left.Equals(right);

    /// <summary>Compares two values for inequality.</summary>
    public static bool operator !=(Complex64 left, Complex64 right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"({Real}{(Imaginary < 0 || float.IsNegative(Imaginary) ? "" : "+")}{Imaginary}j)");
}
