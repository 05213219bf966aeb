namespace SharedTyped.Generated.Tests;

/// <summary>
/// Declarations that inherit their members from the runtime's base class (src/Runtime/Declarations/DeclaredSharedArray*):
/// the factories construct them as any construction does, with what the class's own code throws reaching the caller,
/// and a constructor of the class's own can only wrap an array of the declared shape.
/// </summary>
public sealed class RuntimeBaseTests() : SegmentTest(Initialized.SegmentName, Counted.SegmentName, Refusing.SegmentName, Wrapping.SegmentName, "st-gen-wrapping-other")
{
    [Fact]
    public void The_factories_run_the_field_initializers_of_the_declared_class()
    {
        using var created = Initialized.Create(fill: 7);
        using var attached = Initialized.Attach();

        Assert.Equal(42, created.Marker);
        Assert.Equal(42, attached.Marker);
        Assert.Equal(7, attached[2]);
        Assert.IsAssignableFrom<DeclaredSharedArray1<Initialized, Initialized.Constants, int>>(created);
    }

    [Fact]
    public void The_factories_run_the_parameterless_constructor_the_class_declares()
    {
        var before = Volatile.Read(ref Counted.Constructions);
        using var created = Counted.Create();
        using var attached = Counted.Attach();

        Assert.Equal(before + 2, Volatile.Read(ref Counted.Constructions));
        created[1, 1] = 5;
        Assert.Equal(5, attached[1, 1]);
        Assert.Equal([0, 5], attached.Row(1).ToArray());
    }

    [Fact]
    public void What_the_class_constructor_throws_reaches_the_caller_and_the_array_is_closed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Refusing.Create());

        Assert.Equal("refused by its own constructor", error.Message);
        if (OperatingSystem.IsWindows())
        {
            // Windows frees a mapping with its last handle: the array made before the constructor ran is closed, so the
            // segment is gone (docs/guarantees.md, "Windows").
            Assert.Throws<SharedArrayNotFoundException>(() => SharedArray.Attach<int>(Refusing.SegmentName, [2]));
        }
        else
        {
            // The segment was made before the constructor ran and outlives the closed array.
            using var plain = SharedArray.Attach<int>(Refusing.SegmentName, [2]);
            Assert.Equal(2, plain.Length);
        }
    }

    [Fact]
    public void A_constructor_of_the_class_wraps_an_array_of_the_declared_shape()
    {
        using var made = new Wrapping(SharedArray.Create<int>(Wrapping.SegmentName, [3], 4));

        Assert.Equal(4, made[2]);
        Assert.Equal(3, made.AsSpan().Length);
    }

    [Fact]
    public void A_constructor_of_the_class_refuses_an_array_of_another_shape()
    {
        using var other = SharedArray.Create<int>("st-gen-wrapping-other", [4]);

        var error = Assert.Throws<ArgumentException>(() => new Wrapping(other));

        Assert.Equal("array", error.ParamName);
        Assert.StartsWith("Shared array 'st-gen-wrapping' (int, shape (3,)) cannot wrap the array 'st-gen-wrapping-other' of shape (4,).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_read_only_view_is_the_base_class_view_with_the_same_indexing()
    {
        using var created = Counted.Create();
        created[0, 1] = 9;
        using Counted.ReadOnly view = Counted.AttachReadOnly();

        Assert.Equal(9, view[0, 1]);
        Assert.Equal([0, 9], view.Row(0).ToArray());
        var error = Assert.Throws<IndexOutOfRangeException>(() => view[2, 0]);
        Assert.Equal("Shared array 'st-gen-counted' (int, shape (2, 2)): index (2, 0) is out of range.", error.Message);
    }
}
