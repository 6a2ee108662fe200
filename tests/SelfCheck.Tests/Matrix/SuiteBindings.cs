using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.RegularExpressions;

namespace Acceptance.SelfCheck.Tests.Matrix;

/// <summary>One step binding of the built suite: a [Given]/[When]/[Then] attribute on a method of a [Binding] class.</summary>
/// <param name="Keyword">Given, When or Then.</param>
/// <param name="Binding">"Class.Method", e.g. RefusalStepDefinitions.ThenItIsRefusedWith.</param>
/// <param name="Expression">The pattern as written in the attribute (constants expanded).</param>
/// <param name="IsRegex">Whether Reqnroll reads it as a regular expression (otherwise a Cucumber expression).</param>
/// <param name="Regex">An anchored .NET regular expression that matches the step texts the binding matches.</param>
public sealed record StepBinding(string Keyword, string Binding, string Expression, bool IsRegex, string Regex)
{
    public bool Matches(string stepText) => System.Text.RegularExpressions.Regex.IsMatch(stepText, Regex);

    public override string ToString() => $"[{Keyword}(\"{Expression}\")] {Binding}";
}

/// <summary>
/// The step bindings of the built suite (bin/&lt;Configuration&gt;/net10.0/Acceptance.dll), read by reflection in a
/// load context of their own, so the self-check needs no reference to the suite or to Reqnroll.
/// </summary>
public static class SuiteBindings
{
    private static readonly Lazy<IReadOnlyList<StepBinding>> Loaded = new(() => Read(SelfCheckPaths.SuiteAssembly()));

    public static IReadOnlyList<StepBinding> All => Loaded.Value;

    public static IReadOnlyList<StepBinding> Then => All.Where(b => b.Keyword == "Then").ToList();

    public static IReadOnlyList<StepBinding> Read(string assemblyPath)
    {
        var context = new SuiteLoadContext(assemblyPath);
        try
        {
            var assembly = context.LoadFromAssemblyPath(assemblyPath);
            var bindings = new List<StepBinding>();
            foreach (var type in assembly.GetTypes().Where(t => t.CustomAttributes.Any(a => a.AttributeType.FullName == "Reqnroll.BindingAttribute")))
            {
                foreach (var method in type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.DeclaredOnly))
                {
                    foreach (var attribute in method.CustomAttributes)
                    {
                        var keyword = attribute.AttributeType.FullName switch
                        {
                            "Reqnroll.GivenAttribute" => "Given",
                            "Reqnroll.WhenAttribute" => "When",
                            "Reqnroll.ThenAttribute" => "Then",
                            _ => null,
                        };
                        if (keyword is null) continue;
                        var expression = attribute.ConstructorArguments.Count > 0 ? attribute.ConstructorArguments[0].Value as string : null;
                        if (string.IsNullOrEmpty(expression))
                            throw new NotSupportedException($"{type.Name}.{method.Name} has a [{keyword}] without a pattern: the matrix cannot tell its steps.");
                        var declared = attribute.NamedArguments.FirstOrDefault(a => a.MemberName == "ExpressionType").TypedValue.Value;
                        var isRegex = declared switch
                        {
                            1 => false, // ExpressionType.CucumberExpression
                            2 => true,  // ExpressionType.RegularExpression
                            _ => LooksLikeRegex(expression),
                        };
                        bindings.Add(new StepBinding(keyword, $"{type.Name}.{method.Name}", expression, isRegex,
                            isRegex ? Anchor(expression) : CucumberToRegex(expression)));
                    }
                }
            }
            return bindings.OrderBy(b => b.Binding, StringComparer.Ordinal).ThenBy(b => b.Expression, StringComparer.Ordinal).ToList();
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Reqnroll's rule: a pattern that starts with ^ or ends with $ is a regular expression; otherwise it is a Cucumber expression.</summary>
    public static bool LooksLikeRegex(string expression) => expression.StartsWith('^') || expression.EndsWith('$');

    private static string Anchor(string regex) => (regex.StartsWith('^') ? "" : "^") + regex + (regex.EndsWith('$') ? "" : "$");

    /// <summary>
    /// A Cucumber expression as an anchored regular expression: {string} "…" or '…', {int}, {float}, {word}, {} any;
    /// (text) optional text; a/b alternative words; \ escapes the next character.
    /// </summary>
    public static string CucumberToRegex(string expression)
    {
        var result = new StringBuilder("^");
        var literal = new StringBuilder();
        void Flush()
        {
            if (literal.Length == 0) return;
            // Alternatives: words joined by '/' without spaces ("a/b"); an escaped '/' (kept as \u0001 here) is a plain slash.
            // Spaces stay plain spaces (Regex.Escape would write "\ "): the regex is read without IgnorePatternWhitespace.
            static string Plain(string text) => System.Text.RegularExpressions.Regex.Escape(text.Replace('\u0001', '/')).Replace("\\ ", " ");
            result.Append(string.Join(" ", literal.ToString().Split(' ').Select(word => word.Contains('/')
                ? "(?:" + string.Join("|", word.Split('/').Select(Plain)) + ")"
                : Plain(word))));
            literal.Clear();
        }
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (c == '\\' && i + 1 < expression.Length)
            {
                literal.Append(expression[i + 1] == '/' ? '\u0001' : expression[i + 1]);
                i++;
            }
            else if (c == '{')
            {
                var end = expression.IndexOf('}', i);
                if (end < 0) throw new FormatException($"Unclosed {{ in the Cucumber expression \"{expression}\".");
                Flush();
                var name = expression[(i + 1)..end];
                result.Append(name switch
                {
                    "string" => "(?:\"([^\"]*)\"|'([^']*)')",
                    "int" => "(-?\\d+)",
                    "float" => "(-?\\d*\\.?\\d+)",
                    "word" => "([^\\s]+)",
                    "" => "(.*)",
                    _ => throw new NotSupportedException($"The Cucumber expression \"{expression}\" uses the parameter type {{{name}}}, which the self-check does not know."),
                });
                i = end;
            }
            else if (c == '(')
            {
                var end = expression.IndexOf(')', i);
                if (end < 0) throw new FormatException($"Unclosed ( in the Cucumber expression \"{expression}\".");
                Flush();
                result.Append("(?:").Append(System.Text.RegularExpressions.Regex.Escape(expression[(i + 1)..end])).Append(")?");
                i = end;
            }
            else
            {
                literal.Append(c);
            }
        }
        Flush();
        return result.Append('$').ToString();
    }

    /// <summary>Resolves the suite's dependencies (Reqnroll, NUnit, Playwright, …) from its own output folder.</summary>
    private sealed class SuiteLoadContext(string assemblyPath) : AssemblyLoadContext("acceptance-suite-bindings", isCollectible: true)
    {
        private readonly AssemblyDependencyResolver _resolver = new(assemblyPath);

        protected override Assembly? Load(AssemblyName name)
        {
            var path = _resolver.ResolveAssemblyToPath(name);
            return path is null ? null : LoadFromAssemblyPath(path);
        }
    }
}
