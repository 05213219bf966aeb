using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SharedTyped.Analyzers;

/// <summary>Finds the part of a <c>[SharedArray]</c> attribute a diagnostic is about.</summary>
internal readonly struct AttributeLocations
{
    private readonly AttributeSyntax? _syntax;
    private readonly Location _fallback;

    public AttributeLocations(AttributeData attribute, Location fallback, CancellationToken cancellationToken)
    {
        _syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        _fallback = fallback;
    }

    /// <summary>The identifier of the class declaration that carries the attribute.</summary>
    public Location DeclarationIdentifier =>
        _syntax?.Parent?.Parent is TypeDeclarationSyntax declaration ? declaration.Identifier.GetLocation() : _fallback;

    /// <summary>The whole attribute.</summary>
    public Location Attribute => _syntax?.GetLocation() ?? _fallback;

    /// <summary>The type argument of <c>SharedArray&lt;T&gt;</c>.</summary>
    public Location TypeArgument
    {
        get
        {
            var name = _syntax?.Name switch
            {
                QualifiedNameSyntax qualified => qualified.Right,
                AliasQualifiedNameSyntax alias => alias.Name,
                var simple => simple,
            };
            return name is GenericNameSyntax generic && generic.TypeArgumentList.Arguments.Count == 1
                ? generic.TypeArgumentList.Arguments[0].GetLocation()
                : Attribute;
        }
    }

    /// <summary>The value of the named argument <paramref name="name"/>, else the attribute.</summary>
    public Location Argument(string name) => ArgumentExpression(name)?.GetLocation() ?? Attribute;

    /// <summary>Element <paramref name="index"/> of an array argument written as a list, else the whole argument.</summary>
    public Location Element(string name, int index)
    {
        var expression = ArgumentExpression(name);
        SyntaxNode? element = expression switch
        {
            CollectionExpressionSyntax collection when index < collection.Elements.Count => collection.Elements[index],
            ArrayCreationExpressionSyntax { Initializer: { } init } when index < init.Expressions.Count => init.Expressions[index],
            ImplicitArrayCreationExpressionSyntax { Initializer: var init } when index < init.Expressions.Count => init.Expressions[index],
            _ => null,
        };
        return element?.GetLocation() ?? Argument(name);
    }

    private ExpressionSyntax? ArgumentExpression(string name)
    {
        if (_syntax?.ArgumentList is not { } arguments) return null;
        foreach (var argument in arguments.Arguments)
        {
            if (argument.NameEquals?.Name.Identifier.ValueText == name) return argument.Expression;
        }
        return null;
    }
}
