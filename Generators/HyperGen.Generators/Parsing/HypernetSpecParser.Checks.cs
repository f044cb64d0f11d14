using System;
using System.Collections.Generic;
using System.Linq;
using HyperGen.Generators.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HyperGen.Generators.Parsing;

// Whether the generated part can join the user's: the names it takes (checked against GeneratedNames, the one
// list of generated names), constructors, file-local types, the chunked form's totals, the hidden layers' sizes
// and the custom Mainnet's signature. Each check stands for a way the generated code would otherwise fail to
// compile — or, for a file-local class, silently land on another type.
internal static partial class HypernetSpecParser
{
    /// <summary>Diagnostic property (HG0032): the user's Mainnet lacks only the <c>partial</c> modifier, which a fix can add.</summary>
    public const string AddPartialProperty = "AddPartial";
    /// <summary>Diagnostic property (HG0026): the constructor has no initializer, so a fix can add <c>: this()</c>.</summary>
    public const string ChainToThisProperty = "ChainToThis";

    sealed partial class Context
    {
        /// <summary>A <c>file</c> class is local to its file: the generated <c>partial class</c> would be a different type.</summary>
        void CheckFileLocal()
        {
            if (type.IsFileLocal)
                Report(ProblemKind.UnsupportedType, TypeLocation, type.Name, "file-local (declared 'file'), so the generated part in its own file would be a different class");
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
                if (outer.IsFileLocal)
                    Report(ProblemKind.UnsupportedType, TypeLocation, type.Name, "nested in the file-local type '" + outer.Name + "', so the generated part in its own file would be a different class");
        }

        /// <summary>
        /// The generated parameterless constructor creates and initialises every hypernet parameter. A primary
        /// constructor would have to be called by it, and a constructor that does not chain to <c>this()</c>
        /// leaves the parameters null.
        /// </summary>
        void CheckConstructors()
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
                if (reference.GetSyntax(ct) is ClassDeclarationSyntax { ParameterList: { } primary })
                    Report(ProblemKind.UnsupportedConstructor, primary.GetLocation(),
                        $"'{type.Name}' has a primary constructor, which the generated parameterless constructor would have to call; " +
                        $"declare a constructor that calls ': this()' instead, e.g. 'public {type.Name}{primary.WithoutTrivia()} : this() {{ … }}'");
            // Read from syntax: the user's constructors are all in the class's own declarations, and their parameter
            // types need no binding to see whether they chain to this().
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(ct) is not TypeDeclarationSyntax part)
                    continue;
                foreach (var declaration in part.Members.OfType<ConstructorDeclarationSyntax>())
                    if (!declaration.Modifiers.Any(SyntaxKind.StaticKeyword) && declaration.ParameterList.Parameters.Count > 0
                        && declaration.Initializer is not { ThisOrBaseKeyword.RawKind: (int)SyntaxKind.ThisKeyword })
                        Report(ProblemKind.UnsupportedConstructor, declaration.Identifier.GetLocation(),
                            // Without an initializer the fix adds ': this()'; it never replaces a base(...) call the user wrote.
                            declaration.Initializer is null ? Props((ChainToThisProperty, "true")) : System.Collections.Immutable.ImmutableDictionary<string, string?>.Empty,
                            $"The constructor '{type.Name}{declaration.ParameterList.WithoutTrivia()}' does not call ': this()', so the hypernet's parameters are never created; " +
                            "add ': this()' (the generated constructor builds and initialises them)");
            }
        }

        /// <summary>Each hidden layer is a Linear(width → Hidden[i]); its weight has the heads' limit.</summary>
        void CheckHiddenSizes(AttributeData hypernet, HypernetSettings settings)
        {
            long width = settings.Embedding + settings.ConditionWidth;
            for (int i = 0; i < settings.Hidden.Count; i++)
            {
                long next = settings.Hidden[i];
                if (width > 0 && next > 0 && width * next > MaxHeadElements)
                    Report(ProblemKind.AbsurdSize, ArrayElementLocation(hypernet, "Hidden", i), $"The weight of hidden layer {i + 1} (Linear({Text(width)} → {Text(next)}))",
                        Text(width * next) + " parameters", Text(MaxHeadElements));
                width = next;
            }
        }

        /// <summary>
        /// The chunked form: one shared head of Chunk outputs and one embedding per chunk, ⌈elements / Chunk⌉ of
        /// them — a count that must fit an int (it sizes a tensor), as must the embeddings' and the head's sizes.
        /// </summary>
        void CheckChunks(AttributeData hypernet, HypernetSettings settings, List<TensorSpec> tensors)
        {
            if (settings.Chunk <= 0 || tensors.Count == 0)
                return;
            long elements = 0;
            foreach (var t in tensors)
                elements = elements > long.MaxValue - t.Elements ? long.MaxValue : elements + t.Elements;
            long chunks = elements / settings.Chunk + (elements % settings.Chunk == 0 ? 0 : 1);
            var location = NamedLocation(hypernet, "Chunk");
            if (chunks > int.MaxValue)
                Report(ProblemKind.AbsurdSize, location, $"The number of chunks ({Text(elements)} generated elements / Chunk = {Text(settings.Chunk)})",
                    Text(chunks), Text(int.MaxValue));
            else if (chunks * settings.Embedding > MaxHeadElements)
                Report(ProblemKind.AbsurdSize, location, $"The chunk embeddings ({Text(chunks)} chunks × Embedding {Text(settings.Embedding)})",
                    Text(chunks * settings.Embedding) + " parameters", Text(MaxHeadElements));
            if (settings.Chunk * settings.HeadInputWidth > MaxHeadElements)
                Report(ProblemKind.AbsurdSize, location, $"The shared head (Linear({Text(settings.HeadInputWidth)} → Chunk = {Text(settings.Chunk)}))",
                    Text(settings.Chunk * settings.HeadInputWidth) + " parameters", Text(MaxHeadElements));
        }

        /// <summary>
        /// An attribute argument must not use what HyperGen generates (<c>[Linear(Net.ConditionCount, 3)]</c>, another
        /// hypernet's <c>NoiseSize</c>, <c>nameof(Net.Weights)</c>): the generator reads the attributes before that code
        /// exists, sees an unreadable argument and emits a class whose members throw, while the finished build, where the
        /// constant exists, shows no error. Such a name is unresolved (the generator's view) or declared in a generated
        /// file (the analyzers' view); a user's own constant of the same name binds to the user's symbol and is fine.
        /// </summary>
        void CheckArgumentsUseNoGeneratedCode(Compilation compilation, IEnumerable<AttributeData> attributes)
        {
            foreach (var a in attributes)
            {
                if (a.ApplicationSyntaxReference?.GetSyntax(ct) is not AttributeSyntax { ArgumentList: { } list } syntax || !NamesAGeneratedMember(list))
                    continue;
                SemanticModel? model = null;
                foreach (var argument in list.Arguments)
                {
                    var generated = argument.Expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().FirstOrDefault(id =>
                    {
                        if (Array.IndexOf(GeneratedNames.GeneratedMembers, id.Identifier.ValueText) < 0)
                            return false;
                        model ??= compilation.GetSemanticModel(syntax.SyntaxTree);
                        var symbol = model.GetSymbolInfo(id, ct).Symbol;
                        return symbol is null || symbol.Locations.Any(l => GeneratedNames.IsGeneratedFile(l.SourceTree?.FilePath));
                    });
                    if (generated is not null)
                        Report(ProblemKind.InvalidArgument, argument.GetLocation(), $"'{argument.Expression}'",
                            $"code HyperGen generates from the attributes ({generated.Identifier.ValueText})",
                            "the attributes are read before it exists, so write the value itself");
                }
            }
        }

        /// <summary>
        /// Whether any identifier in the arguments' expressions is spelled like a generated member: one walk, no binding.
        /// An explicit stack, not recursion (an argument may be a very long expression) and not <c>DescendantTokens</c>,
        /// whose iterator cost 5 % of a cold run.
        /// </summary>
        bool NamesAGeneratedMember(AttributeArgumentListSyntax list)
        {
            var pending = walk;
            pending.Clear();
            foreach (var argument in list.Arguments)
                pending.Push(argument.Expression);
            while (pending.Count > 0)
            {
                foreach (var child in pending.Pop().ChildNodesAndTokens())
                {
                    if (child.AsNode() is { } node)
                        pending.Push(node);
                    else if (child.IsKind(SyntaxKind.IdentifierToken) && Array.IndexOf(GeneratedNames.GeneratedMembers, child.AsToken().ValueText) >= 0)
                        return true;
                }
            }
            return false;
        }

        readonly Stack<SyntaxNode> walk = new();

        /// <summary>Generated members the user's part already declares; the surface spec leaves them out.</summary>
        public readonly List<string> Clashes = new();

        /// <summary>A user member (not a type) named Weights: the surface's signatures that name the type Weights cannot compile.</summary>
        public bool MemberNamedWeights;

        /// <summary>
        /// Names the generated part takes (<see cref="GeneratedNames.ReservedMemberNames"/>, the one list) must be free:
        /// in the class (members and nested types) and as the class's own name (C# forbids a member named like its type).
        /// </summary>
        void CheckClashes(HypernetSpec spec)
        {
            HashSet<string>? reserved = null;
            bool IsReserved(string name) => GeneratedNames.MayBeReserved(name)
                && (reserved ??= new HashSet<string>(GeneratedNames.ReservedMemberNames(spec), StringComparer.Ordinal)).Contains(name);
            // CS0542 concerns the members the generated class declares; inherited and registered names may equal the class's.
            if (GeneratedNames.GeneratedMembersOf(spec).Contains(type.Name, StringComparer.Ordinal))
                Report(ProblemKind.TypeNamedLikeMember, TypeLocation, type.Name);
            // MemberNames comes from the declarations: no member symbol is built unless one may clash.
            if (type.MemberNames.Any(n => IsReserved(n) || n == WellKnownMemberNames.InstanceConstructorName))
                CheckMemberClashes(spec, IsReserved);
            foreach (var nested in type.GetTypeMembers())
                if (!IsGeneratedByUs(nested) && IsReserved(nested.Name))
                {
                    Report(ProblemKind.NameClash, nested.Locations.FirstOrDefault(), type.Name, nested.Name);
                    Clashes.Add(nested.Name);
                }
        }

        /// <summary>The class's own members (not nested types) that take a reserved name, and a parameterless constructor.</summary>
        void CheckMemberClashes(HypernetSpec spec, Func<string, bool> isReserved)
        {
            foreach (var member in type.GetMembers())
            {
                // Nested types are judged in CheckClashes, once (GetMembers lists them too).
                if (member.IsImplicitlyDeclared || IsGeneratedByUs(member) || member is INamedTypeSymbol)
                    continue;
                // In the custom form the user writes Mainnet: CheckUserMainnet judges every method of that name (HG0031, HG0032).
                if (spec.Forward == ForwardKind.Custom && member is IMethodSymbol { Name: GeneratedNames.Mainnet })
                    continue;
                if (isReserved(member.Name))
                {
                    Report(ProblemKind.NameClash, member.Locations.FirstOrDefault(), type.Name, member.Name);
                    Clashes.Add(member.Name);
                    MemberNamedWeights |= member.Name == GeneratedNames.Weights;
                }
                else if (member is IMethodSymbol { MethodKind: MethodKind.Constructor, IsStatic: false, Parameters.Length: 0 })
                {
                    Report(ProblemKind.NameClash, member.Locations.FirstOrDefault(), type.Name, "a parameterless constructor");
                    Clashes.Add(WellKnownMemberNames.InstanceConstructorName);
                }
            }
        }

        /// <summary>
        /// The custom-forward form needs the user's implementation of the generated partial Mainnet, with its exact
        /// signature. Read from the declaration's syntax: binding its parameter types (Weights does not exist yet when
        /// the generator runs) is the parser's most expensive step, and the words the user wrote make the better message.
        /// </summary>
        /// <returns>Whether the user implemented it.</returns>
        bool CheckUserMainnet()
        {
            bool implemented = false, reported = false;
            foreach (var method in type.GetMembers("Mainnet").OfType<IMethodSymbol>())
            {
                // Seen by the generator, the user's part is a lone method; seen by the analyzers (with the generated
                // definition in the compilation), a matching implementation is the definition's PartialImplementationPart.
                var user = method.PartialImplementationPart ?? method;
                var declaration = user.DeclaringSyntaxReferences.Select(r => r.GetSyntax(ct)).OfType<MethodDeclarationSyntax>()
                    .FirstOrDefault(d => d.Body is not null || d.ExpressionBody is not null);
                if (declaration is null || IsGeneratedByUs(user))
                    continue;
                var parameters = declaration.ParameterList.Parameters;
                bool isPartial = declaration.Modifiers.Any(SyntaxKind.PartialKeyword);
                bool takesWeights = parameters.Count == 2 && Named(parameters[0].Type, "Tensor") && Named(parameters[1].Type, "Weights");
                if (!isPartial && !takesWeights)
                    continue; // an overload of the user's own, e.g. Mainnet(Tensor x)
                var wrong = new List<string>();
                if (!isPartial) wrong.Add("without 'partial'");
                if (!declaration.Modifiers.Any(SyntaxKind.StaticKeyword)) wrong.Add("as an instance method");
                if (!declaration.Modifiers.Any(SyntaxKind.PublicKeyword)) wrong.Add("as " + SyntaxFacts.GetText(user.DeclaredAccessibility));
                if (!Named(declaration.ReturnType, "Tensor")) wrong.Add("returning " + declaration.ReturnType);
                if (!takesWeights || parameters.Any(p => p.Modifiers.Count > 0))
                    wrong.Add("with parameters (" + string.Join(", ", parameters.Select(p => p.WithoutTrivia().ToString())) + ")");
                if (declaration.TypeParameterList is not null) wrong.Add("with type parameters");
                if (wrong.Count == 0)
                {
                    implemented = true;
                    continue;
                }
                // Only the missing modifier: the code fix can add it without guessing anything else.
                var properties = wrong.Count == 1 && !isPartial ? Props((AddPartialProperty, "true")) : System.Collections.Immutable.ImmutableDictionary<string, string?>.Empty;
                Report(ProblemKind.MainnetSignature, declaration.Identifier.GetLocation(), properties, type.Name, string.Join(", ", wrong));
                Clashes.Add(GeneratedNames.Mainnet); // a surface leaves its declaration out, next to the user's method
                reported = true;
            }
            if (!implemented && !reported)
                Report(ProblemKind.MissingMainnet, TypeLocation, type.Name);
            return implemented;
        }

        /// <summary>The type as written ends in <paramref name="name"/> (<c>Tensor</c>, <c>torch.Tensor</c>, <c>global::TorchSharp.torch.Tensor</c>).</summary>
        static bool Named(TypeSyntax? syntax, string name) => syntax switch
        {
            QualifiedNameSyntax q => q.Right.Identifier.ValueText == name,
            AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText == name,
            SimpleNameSyntax s => s.Identifier.ValueText == name,
            _ => false,
        };


        // Analyzers see the generator's output in the compilation; its members are not clashes.
        static bool IsGeneratedByUs(ISymbol member) =>
            member.Locations.Length > 0 && member.Locations.All(l => GeneratedNames.IsGeneratedFile(l.SourceTree?.FilePath));
    }
}
