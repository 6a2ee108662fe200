using System.Text.Json;
using System.Text.RegularExpressions;
using Acceptance.ReferencePlatform.Hosting;
using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Contract;

/// <summary>
/// The OpenAPI documents the auth and api origins serve at /openapi/v1.json: each names every route its origin
/// maps, and the copies in docs/openapi/ are exactly what the origins serve. To rewrite the copies after a change
/// to the API: scripts/update-contract-docs.sh (or ACCEPTANCE_UPDATE_CONTRACT=1 with this fixture's tests).
/// </summary>
[TestFixture]
public sealed partial class OpenApiDocumentTests : DefaultPlatformFixture
{
    public const string UpdateVariable = "ACCEPTANCE_UPDATE_CONTRACT";
    private const string DocumentPath = "/openapi/v1.json";
    private const string Regenerate = "Regenerate with scripts/update-contract-docs.sh " +
        $"(or {UpdateVariable}=1 dotnet test tests/ReferencePlatform.Tests --filter FullyQualifiedName~Contract.OpenApiDocumentTests) and commit the result.";

    private readonly Dictionary<string, JsonElement> _documents = [];

    public static IEnumerable<TestCaseData> MappedRoutes() =>
        PlatformHost.DescribeRoutesAsync().GetAwaiter().GetResult()
            .Where(r => r.Origin is "auth" or "api" && r.Pattern != OpenApiDocuments.Route)
            .Select(r => new TestCaseData(r).SetName($"The {r.Origin} document names {r.Method} {r.Pattern.Replace('{', '[').Replace('}', ']')}"));

    [TestCaseSource(nameof(MappedRoutes))]
    public async Task Every_mapped_route_is_in_its_origins_document(PlatformRoute route)
    {
        var document = await DocumentAsync(route.Origin);
        var path = OpenApiPath(route.Pattern);

        Assert.That(document.GetProperty("paths").TryGetProperty(path, out var item), Is.True,
            $"{route} is mapped but {path} is not in the {route.Origin} origin's {DocumentPath}");
        Assert.That(item.TryGetProperty(route.Method.ToLowerInvariant(), out var operation), Is.True,
            $"{route} is mapped but {path} has no {route.Method.ToLowerInvariant()} operation in the {route.Origin} origin's {DocumentPath}");
        var needsToken = route.Metadata.GetMetadata<BearerTokenRequired>() is not null;
        Assert.That(operation.TryGetProperty("security", out _), Is.EqualTo(needsToken), $"{route}: the bearer scheme is {(needsToken ? "missing" : "named but not needed")}");
    }

    [TestCase("auth")]
    [TestCase("api")]
    public async Task The_committed_copy_is_what_the_origin_serves(string origin)
    {
        var served = Normalize(await ServedTextAsync(origin));
        var file = Path.Combine(RepositoryRoot(), "docs", "openapi", $"{origin}.json");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, served);
            Assert.Pass($"Rewrote {file} from the {origin} origin's {DocumentPath}.");
        }

        Assert.That(File.Exists(file), Is.True, $"docs/openapi/{origin}.json is missing. {Regenerate}");
        var committed = Normalize(await File.ReadAllTextAsync(file));
        Assert.That(committed == served, Is.True,
            $"docs/openapi/{origin}.json differs from what the {origin} origin serves at {DocumentPath} ({FirstDifference(committed, served)}). {Regenerate}");
    }

    [TestCase("auth", "/api/")]
    [TestCase("api", "/auth/")]
    public async Task Each_origin_documents_only_its_own_routes_in_OpenAPI_3_1(string origin, string foreignPrefix)
    {
        var document = await DocumentAsync(origin);
        Assert.Multiple(() =>
        {
            Assert.That(document.GetProperty("openapi").GetString(), Does.StartWith("3.1."));
            Assert.That(document.GetProperty("paths").EnumerateObject().Select(p => p.Name), Has.None.StartsWith(foreignPrefix));
            Assert.That(document.TryGetProperty("servers", out var servers) ? servers.GetArrayLength() : 0, Is.Zero,
                "the document names the address it was fetched from, so the committed copy would depend on the port");
        });
    }

    [TestCase("/api/threads", "post", "CreateThreadRequest")]
    [TestCase("/api/agents/execute", "post", "ExecuteRequest")]
    public async Task A_body_the_api_reads_by_hand_is_described_with_every_refusal_in_the_error_format(string path, string method, string schema)
    {
        var operation = (await DocumentAsync("api")).GetProperty("paths").GetProperty(path).GetProperty(method);
        var body = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.That(body.GetProperty("$ref").GetString(), Is.EqualTo($"#/components/schemas/{schema}"));
        foreach (var status in new[] { "400", "401", "413", "415", "422", "429" })
        {
            var refusal = operation.GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty("application/json").GetProperty("schema");
            Assert.That(refusal.GetProperty("$ref").GetString(), Is.EqualTo("#/components/schemas/ApiErrorBody"), $"{method} {path} {status}");
        }
    }

    /// <summary>/api/threads/{id:guid} → /api/threads/{id}; a group's trailing slash dropped, as the document writes paths.</summary>
    public static string OpenApiPath(string pattern)
    {
        var path = RouteConstraint().Replace(pattern, "{$1}");
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    private async Task<JsonElement> DocumentAsync(string origin)
    {
        if (!_documents.TryGetValue(origin, out var document))
        {
            document = JsonDocument.Parse(await ServedTextAsync(origin)).RootElement;
            _documents[origin] = document;
        }
        return document;
    }

    private async Task<string> ServedTextAsync(string origin)
    {
        var url = origin == "auth" ? Client.Auth(DocumentPath) : Client.Api(DocumentPath);
        var response = await Client.GetAsync(url);
        Assert.That(response.Code, Is.EqualTo(200), $"GET {url}: {response}");
        return response.Body;
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimEnd() + "\n";

    private static string FirstDifference(string committed, string served)
    {
        var a = committed.Split('\n');
        var b = served.Split('\n');
        var line = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(i => a[i] != b[i], Math.Min(a.Length, b.Length));
        return line < Math.Min(a.Length, b.Length)
            ? $"first at line {line + 1}: committed \"{a[line].Trim()}\", served \"{b[line].Trim()}\""
            : $"committed has {a.Length} lines, served {b.Length}";
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Acceptance.sln")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException($"No Acceptance.sln above {AppContext.BaseDirectory}: cannot find docs/openapi/.");
    }

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteConstraint();
}
