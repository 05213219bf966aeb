using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SharedTyped.Generator.Model;

namespace SharedTyped.Generator;

public sealed partial class SharedArrayGenerator
{
    /// <summary>
    /// The numbers the emitter folds into the source: rank, extents, strides and lengths, derived
    /// once from a model's shape.
    /// </summary>
    internal sealed class Layout
    {
        public Layout(EquatableArray<int> shape)
        {
            Shape = shape.ToArray();
            Rank = Shape.Length;
            IsDynamic = Rank > 0 && Shape[0] < 0;
            Strides = new long[Rank];
            long stride = 1;
            for (var k = Rank - 1; k >= 0; k--)
            {
                Strides[k] = stride;
                if (k > 0 || !IsDynamic) stride *= Shape[k];
            }
            FixedLength = IsDynamic ? null : stride;
            RowLength = Rank >= 2 ? Strides[0] : 1;
        }

        public int[] Shape { get; }

        public int Rank { get; }

        /// <summary>The leading extent is given at <c>Create</c> (declared as <c>-1</c>).</summary>
        public bool IsDynamic { get; }

        /// <summary>Elements between consecutive indices of each dimension (C order).</summary>
        public long[] Strides { get; }

        /// <summary>The element count when every extent is fixed.</summary>
        public long? FixedLength { get; }

        /// <summary>The elements of one row (the product of the trailing extents), for rank 2 or more.</summary>
        public long RowLength { get; }

        public bool RowFitsSpan => RowLength <= int.MaxValue;

        public bool LengthFitsSpan => FixedLength is { } length && length <= int.MaxValue;

        /// <summary><c>int i0, int i1</c>.</summary>
        public string IndexParameters => string.Join(", ", Indices.Select(static i => "int " + i));

        /// <summary><c>i0, i1</c>.</summary>
        public string IndexArguments => string.Join(", ", Indices);

        public IEnumerable<string> Indices => Enumerable.Range(0, Rank).Select(static k => "i" + k.ToString(CultureInfo.InvariantCulture));

        /// <summary>The element offset of (i0, i1, …) with the strides as constants: <c>(nint)i0 * 3 + i1</c>.</summary>
        public string Offset(string first = "i0")
        {
            var terms = new List<string>();
            for (var k = 0; k < Rank; k++)
            {
                var index = k == 0 ? first : "i" + k.ToString(CultureInfo.InvariantCulture);
                terms.Add(k == Rank - 1 ? index : $"(nint){index} * {Literal(Strides[k])}");
            }
            return string.Join(" + ", terms);
        }

        /// <summary>The condition that one of the indices is out of range.</summary>
        public string OutOfRange(string firstExtent)
        {
            var tests = new List<string>();
            for (var k = 0; k < Rank; k++)
            {
                var extent = k == 0 ? firstExtent : Dim(k);
                tests.Add($"(uint)i{k.ToString(CultureInfo.InvariantCulture)} >= {extent}");
            }
            return string.Join(" || ", tests);
        }

        public static string Dim(int k) => "Dim" + k.ToString(CultureInfo.InvariantCulture);

        /// <summary>The shape the runtime creates, attaches and loads with: the extents, <c>-1</c> for a dynamic leading one.</summary>
        public string ExpectedShapeExpression =>
            Rank == 0 ? "default" : "new long[] { " + string.Join(", ", Shape.Select(static d => d.ToString(CultureInfo.InvariantCulture) + "L")) + " }";

        /// <summary>numpy's spelling of the fixed shape, <c>(10, 3)</c>, <c>(5,)</c>, <c>()</c>.</summary>
        public string ShapeText => NumpyShape.Format(Shape);

        /// <summary>The shape text with the leading extent spelled by <paramref name="first"/>, an expression spliced into a string literal.</summary>
        public string DynamicShapeText(string first) =>
            NumpyShape.Format(new[] { first }.Concat(Shape.Skip(1).Select(static d => d.ToString(CultureInfo.InvariantCulture))));

        /// <summary>
        /// A stride or length as an <c>nint</c>-compatible literal; beyond <see cref="int.MaxValue"/> it
        /// needs a 64-bit process, where such an array is the only kind that can exist anyway.
        /// </summary>
        public static string Literal(long value) =>
            value <= int.MaxValue ? value.ToString(CultureInfo.InvariantCulture) : "unchecked((nint)" + value.ToString(CultureInfo.InvariantCulture) + "L)";
    }
}
