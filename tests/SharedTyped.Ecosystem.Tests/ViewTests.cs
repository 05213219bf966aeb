using System.Numerics.Tensors;
using CommunityToolkit.HighPerformance;

namespace SharedTyped.Ecosystem.Tests;

public sealed class ViewTests
{
    [Fact]
    public void TensorSpan_has_the_shape_and_writes_through_to_shared_memory()
    {
        var name = Segments.NewName("tensor");
        try
        {
            using var array = SharedArray.Create<float>(name, [2, 3, 4], fill: 1f);
            var tensor = array.AsTensorSpan();

            Assert.Equal(3, tensor.Rank);
            Assert.Equal([2, 3, 4], tensor.Lengths.ToArray());
            Assert.Equal([12, 4, 1], tensor.Strides.ToArray());
            Assert.Equal(24, tensor.FlattenedLength);

            Tensor.Multiply<float>(tensor, 2f, tensor);
            tensor[[1, 2, 3]] = 7f;

            Assert.Equal(2f, array[0, 0, 0]);
            Assert.Equal(7f, array[1, 2, 3]);
            Assert.Equal(23 * 2f + 7f, Tensor.Sum<float>(tensor));

            // A second process-local view of the same segment sees the writes: no copy was made.
            using var other = SharedArray.Attach<float>(name, [2, 3, 4]);
            Assert.Equal(7f, other.AsReadOnlyTensorSpan()[[1, 2, 3]]);
        }
        finally
        {
            Segments.Remove(name);
        }
    }

    [Fact]
    public void ReadOnlyTensorSpan_of_a_read_only_array_reads_the_elements_in_C_order()
    {
        var name = Segments.NewName("rotensor");
        try
        {
            using var array = SharedArray.Create<double>(name, [3, 2], source: [0.5, 1.5, 2.5, 3.5, 4.5, 5.5]);
            using var view = SharedArray.AttachReadOnly<double>(name);
            ReadOnlyTensorSpan<double> tensor = view.AsTensorSpan();

            Assert.Equal([3, 2], tensor.Lengths.ToArray());
            Assert.Equal(3.5, tensor[[1, 1]]);
            Assert.Equal(4.5, tensor[[2, 0]]);
            Assert.Equal(18.0, Tensor.Sum(tensor));
            Assert.Equal(5.5, Tensor.Max(tensor));
        }
        finally
        {
            Segments.Remove(name);
        }
    }

    [Fact]
    public void TensorSpan_of_rank_0_and_rank_1_arrays()
    {
        var scalar = Segments.NewName("scalar");
        var vector = Segments.NewName("vector");
        try
        {
            using var s = SharedArray.Create<long>(scalar, [], fill: 42L);
            var st = s.AsTensorSpan();
            Assert.Equal(1, st.FlattenedLength);
            Assert.Equal(42L, st[[0]]);

            using var v = SharedArray.Create<int>(vector, [5], source: [1, 2, 3, 4, 5]);
            var vt = v.AsTensorSpan();
            Assert.Equal([5], vt.Lengths.ToArray());
            Assert.Equal(15, Tensor.Sum<int>(vt));
        }
        finally
        {
            Segments.Remove(scalar, vector);
        }
    }

    [Fact]
    public void A_view_of_a_disposed_array_is_refused()
    {
        var name = Segments.NewName("disposed");
        try
        {
            var array = SharedArray.Create<double>(name, [2, 2]);
            array.Dispose();
            var e = Assert.Throws<ObjectDisposedException>(() => array.AsTensorSpan());
            Assert.Contains(name, e.Message);
            Assert.Throws<ObjectDisposedException>(() => array.AsSpan2D());
        }
        finally
        {
            Segments.Remove(name);
        }
    }

    [Fact]
    public void Span2D_is_a_matrix_view_with_rows_columns_and_slices()
    {
        var name = Segments.NewName("span2d");
        try
        {
            using var array = SharedArray.Create<double>(name, [4, 3]);
            var matrix = array.AsSpan2D();

            Assert.Equal(4, matrix.Height);
            Assert.Equal(3, matrix.Width);
            matrix.GetColumn(1).Fill(42.0);
            matrix[3, 2] = -1.0;
            matrix.Slice(0, 0, 2, 1).Fill(9.0);

            Assert.Equal(42.0, array[2, 1]);
            Assert.Equal(-1.0, array[3, 2]);
            Assert.Equal(9.0, array[1, 0]);
            Assert.Equal(0.0, array[2, 0]);
            Assert.True(matrix.GetRowSpan(2).SequenceEqual(array.Row(2)));

            using var view = SharedArray.AttachReadOnly<double>(name, [4, 3]);
            ReadOnlySpan2D<double> readOnly = view.AsSpan2D();
            Assert.Equal(42.0, readOnly[0, 1]);
            Assert.Equal(-1.0, array.AsReadOnlySpan2D()[3, 2]);
        }
        finally
        {
            Segments.Remove(name);
        }
    }

    [Fact]
    public void Span2D_of_an_array_that_is_not_rank_2_names_the_array_and_its_shape()
    {
        var name = Segments.NewName("notmatrix");
        try
        {
            using var array = SharedArray.Create<int>(name, [2, 3, 4]);
            var e = Assert.Throws<InvalidOperationException>(() => array.AsSpan2D());
            Assert.Equal($"Shared array '{name}' (int, shape (2, 3, 4)) has rank 3; a 2-D view needs rank 2.", e.Message);
        }
        finally
        {
            Segments.Remove(name);
        }
    }
}
