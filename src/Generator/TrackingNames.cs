namespace SharedTyped.Generator;

/// <summary>The names of the pipeline steps, so that tests can check that each one stays cached.</summary>
public static class TrackingNames
{
    /// <summary>Models parsed from <c>[SharedArray&lt;T&gt;]</c> declarations (<c>null</c> for invalid ones).</summary>
    public const string GenericDeclarations = nameof(GenericDeclarations);

    /// <summary>Models parsed from <c>[SharedArray]</c> (<c>double</c>) declarations (<c>null</c> for invalid ones).</summary>
    public const string DoubleDeclarations = nameof(DoubleDeclarations);

    /// <summary>The valid <c>[SharedArray&lt;T&gt;]</c> models, which the emitter turns into source.</summary>
    public const string ValidGenericDeclarations = nameof(ValidGenericDeclarations);

    /// <summary>The valid <c>[SharedArray]</c> models, which the emitter turns into source.</summary>
    public const string ValidDoubleDeclarations = nameof(ValidDoubleDeclarations);
}
