// The declarations both the tests and their peer process compile with the real generator. Names are
// constants, as in user code; the tests isolate a run by pointing SHAREDTYPED_SHM_DIR at a directory
// of their own in /dev/shm (see SegmentDirectory).
using SharedTyped;

namespace SharedTyped.Generated.Tests.Declarations
{
    /// <summary>A fixed 10 x 3 matrix of doubles.</summary>
    [SharedArray<double>(Name = "st-gen-prices", Shape = [10, 3])]
    public partial class Prices;

    /// <summary>Rows of four floats, as many as the creator asks for.</summary>
    [SharedArray<float>(Name = "st-gen-rows", Shape = [-1, 4])]
    public partial class Rows;

    /// <summary>A vector of shorts of any length.</summary>
    [SharedArray<short>(Name = "st-gen-samples", Shape = [-1])]
    public partial class Samples;

    /// <summary>A single long.</summary>
    [SharedArray<long>(Name = "st-gen-counter")]
    public partial class Counter;

    /// <summary>A 2 x 3 x 4 cube of ints.</summary>
    [SharedArray<int>(Name = "st-gen-cube", Shape = new[] { 2, 3, 4 })]
    public partial class Cube;

    /// <summary>The non-generic attribute: doubles.</summary>
    [SharedArray(Name = "st-gen-weights", Shape = [3, 3])]
    public partial class Weights;

    /// <summary>Holds a nested, internal declaration.</summary>
    public static partial class Holder
    {
        [SharedArray<ulong>(Name = "st-gen-nested", Shape = [5])]
        internal partial class Nested;
    }

    /// <summary>A point of two doubles: an element type of SharedTyped's own.</summary>
    public struct Point
    {
        /// <summary>The x coordinate.</summary>
        public double X;

        /// <summary>The y coordinate.</summary>
        public double Y;
    }

    /// <summary>A name with a line break, which Linux takes as a file name; the generated docs show it escaped.</summary>
    [SharedArray<int>(Name = "st-gen-line\nbreak", Shape = [2])]
    public partial class LineBreakName;

#pragma warning disable ST0002 // Points are outside cdxcore's dtype table: only SharedTyped processes read them.
    /// <summary>A path of points.</summary>
    [SharedArray<Point>(Name = "st-gen-path", Shape = [4])]
    public partial class PointPath;
#pragma warning restore ST0002
}

/// <summary>A declaration in the global namespace.</summary>
[SharedArray<bool>(Name = "st-gen-flags", Shape = [2, 2])]
public partial class GlobalFlags;

namespace SharedTyped.Generated.Tests.Declarations
{
    /// <summary>A class with a field initializer, made by the runtime's base class through the generated constructor.</summary>
    [SharedArray<int>(Name = "st-gen-initialized", Shape = [3])]
    public partial class Initialized
    {
        /// <summary>Set by the field initializer, which every construction runs.</summary>
        public readonly int Marker = 42;
    }

    /// <summary>A class with a parameterless constructor of its own, which the factories must run.</summary>
    [SharedArray<int>(Name = "st-gen-counted", Shape = [2, 2])]
    public partial class Counted
    {
        /// <summary>How many instances the class's own constructor made.</summary>
        public static int Constructions;

        /// <summary>Counts.</summary>
        public Counted() => System.Threading.Interlocked.Increment(ref Constructions);
    }

    /// <summary>A class whose own constructor refuses every construction.</summary>
    [SharedArray<int>(Name = "st-gen-refusing", Shape = [2])]
    public partial class Refusing
    {
        /// <summary>Throws.</summary>
        public Refusing() => throw new System.InvalidOperationException("refused by its own constructor");
    }

    /// <summary>A class with a constructor of its own that wraps an array it made itself.</summary>
    [SharedArray<int>(Name = "st-gen-wrapping", Shape = [3])]
    public partial class Wrapping
    {
        /// <summary>Wraps <paramref name="array"/>, which the runtime's base class checks.</summary>
        public Wrapping(SharedArray<int> array) : base(array)
        {
        }
    }
}
