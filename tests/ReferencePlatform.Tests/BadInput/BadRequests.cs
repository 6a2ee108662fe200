using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Acceptance.ReferencePlatform.Hosting;
using Acceptance.ReferencePlatform.Tests.Support;
using Microsoft.AspNetCore.Http.Metadata;

namespace Acceptance.ReferencePlatform.Tests.BadInput;

/// <summary>What the contract says a malformed request gets.</summary>
public enum Expected
{
    /// <summary>400 JSON_PARSE_ERROR.</summary>
    ParseError,
    /// <summary>413 PAYLOAD_TOO_LARGE.</summary>
    TooLarge,
    /// <summary>415 UNSUPPORTED_MEDIA_TYPE.</summary>
    NotJson,
    /// <summary>422 VALIDATION_ERROR.</summary>
    Invalid,
    /// <summary>401 UNAUTHORIZED with a WWW-Authenticate: Bearer challenge.</summary>
    Unauthorized,
    /// <summary>404 in the error format.</summary>
    NotFound,
    /// <summary>405 METHOD_NOT_ALLOWED.</summary>
    MethodNotAllowed,
    /// <summary>Whatever the same request gets without the oddity (the endpoint ignores that part).</summary>
    AsWithoutIt,
    /// <summary>
    /// A bare 400 from Kestrel itself, before any middleware (a NUL in the path): the one answer outside the
    /// platform's error format, because no application code runs for it.
    /// </summary>
    RefusedByServer,
}

/// <summary>A request being built for one route: starts well-formed, and a malformation breaks one part of it.</summary>
public sealed class RequestDraft
{
    public required PlatformRoute Route { get; init; }
    public HttpMethod Method { get; set; } = HttpMethod.Get;
    public required string Path { get; set; }
    public byte[]? Body { get; set; }
    public string? ContentType { get; set; }
    public bool Chunked { get; set; }
    public string? Authorization { get; set; }
    public Dictionary<string, string> Headers { get; } = [];

    /// <summary>The user's access token (for crafting odd Authorization headers from a real one).</summary>
    public required SignedInUser User { get; init; }

    public void JsonText(string text) => Json(Encoding.UTF8.GetBytes(text));

    public void Json(byte[] bytes)
    {
        Body = bytes;
        ContentType = "application/json";
    }

    public HttpRequestMessage ToRequest(Uri origin)
    {
        var request = new HttpRequestMessage(Method, new Uri(origin, Path));
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
            if (Chunked)
            {
                request.Headers.TransferEncodingChunked = true;
            }
        }
        if (Authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", Authorization);
        }
        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }
}

/// <summary>One way to get a request wrong, and what the contract says it gets.</summary>
public sealed record Malformation(string Name, Expected Expected, Action<RequestDraft> Apply)
{
    public override string ToString() => Name;
}

/// <summary>
/// The table of malformed requests, made from the routes the platform maps: every route of the auth and api
/// origins gets every malformation that applies to it, so a new endpoint joins the table by being mapped.
/// </summary>
public static class BadRequests
{
    public const int MaxBodyBytes = JsonBody.MaxBytes;

    private static readonly Lazy<IReadOnlyList<PlatformRoute>> Mapped = new(() =>
        PlatformHost.DescribeRoutesAsync().GetAwaiter().GetResult()
            .Where(r => r.Origin is "auth" or "api")
            .ToList());

    public static IReadOnlyList<PlatformRoute> Routes => Mapped.Value;

    public static bool ReadsJson(PlatformRoute route) => route.Metadata.GetMetadata<IAcceptsMetadata>() is not null;

    public static bool NeedsToken(PlatformRoute route) => route.Metadata.GetMetadata<BearerTokenRequired>() is not null;

    /// <summary>The JSON fields of the body a route reads, with their documented maximum lengths.</summary>
    public static IEnumerable<(string Name, int? MaxLength)> Fields(PlatformRoute route)
    {
        var type = route.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        foreach (var property in type?.GetProperties(BindingFlags.Public | BindingFlags.Instance) ?? [])
        {
            yield return (JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name), property.GetCustomAttribute<MaxLengthAttribute>()?.Length);
        }
    }

    /// <summary>Bodies that are not JSON, not readable, too big or of the wrong shape.</summary>
    public static IEnumerable<Malformation> Bodies(PlatformRoute route)
    {
        var reads = ReadsJson(route);
        Malformation Body(string name, Expected expected, Action<RequestDraft> apply) =>
            new(name, reads ? expected : Expected.AsWithoutIt, apply);

        yield return Body("broken JSON", Expected.ParseError, d => d.JsonText("{\"a\": "));
        yield return Body("plain text instead of JSON", Expected.ParseError, d => d.JsonText("hello"));
        yield return Body("JSON followed by garbage", Expected.ParseError, d => d.JsonText("{} x"));
        yield return Body("two JSON objects", Expected.ParseError, d => d.JsonText("{}{}"));
        yield return Body("single-quoted JSON", Expected.ParseError, d => d.JsonText("{'a': 'b'}"));
        yield return Body("a trailing comma", Expected.ParseError, d => d.JsonText("{\"a\": \"b\",}"));
        yield return Body("a comment", Expected.ParseError, d => d.JsonText("{/* note */}"));
        yield return Body("NaN", Expected.ParseError, d => d.JsonText("{\"a\": NaN}"));
        yield return Body("an unterminated string", Expected.ParseError, d => d.JsonText("{\"a\": \"b}"));
        yield return Body("a raw control character in a string", Expected.ParseError, d => d.JsonText("{\"a\": \"b\u0001c\"}"));
        yield return Body("invalid UTF-8 inside a JSON string", Expected.ParseError, d => d.Json(Utf8Around([0xC3, 0x28, 0xFF], FirstField(route))));
        yield return Body("a lone continuation byte inside a JSON string", Expected.ParseError, d => d.Json(Utf8Around([0x80], FirstField(route))));
        yield return Body("an overlong UTF-8 encoding inside a JSON string", Expected.ParseError, d => d.Json(Utf8Around([0xC0, 0xAF], FirstField(route))));
        yield return Body("a UTF-8-encoded surrogate inside a JSON string", Expected.ParseError, d => d.Json(Utf8Around([0xED, 0xA0, 0x80], FirstField(route))));
        yield return Body("invalid UTF-8 outside strings", Expected.ParseError, d => d.Json([(byte)'{', 0xFF, (byte)'}']));
        yield return Body("an unpaired surrogate escape in a string", Expected.ParseError, d => d.JsonText($"{{\"{FirstField(route)}\": \"\\ud800\"}}"));
        yield return Body("an unpaired surrogate escape in a property name", Expected.ParseError, d => d.JsonText("{\"\\udc00\": \"b\"}"));
        yield return Body("a UTF-16 body", Expected.ParseError, d => d.Json(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("{}")).ToArray()));
        yield return Body("JSON nested 1000 deep", Expected.ParseError, d => d.JsonText($"{{\"a\": {new string('[', 1000)}{new string(']', 1000)}}}"));
        yield return Body("objects nested 65 deep", Expected.ParseError, d => d.JsonText(string.Concat(Enumerable.Repeat("{\"a\":", 65)) + "1" + new string('}', 65)));
        yield return Body("a body over 64 KB", Expected.TooLarge, d => d.JsonText($"{{\"{FirstField(route)}\": \"{new string('x', MaxBodyBytes)}\"}}"));
        yield return Body("a chunked body over 64 KB", Expected.TooLarge, d =>
        {
            d.JsonText($"{{\"{FirstField(route)}\": \"{new string('x', MaxBodyBytes)}\"}}");
            d.Chunked = true;
        });
        // Sent as a careful client sends a big body (Expect: 100-continue): the platform answers 413 without reading
        // it, and a client still sending a megabyte would see the connection closed before it could read the answer.
        // Only where a body is read: elsewhere the answer comes before the body and the server closes the connection
        // rather than drain a megabyte, so the client cannot finish sending (not an answer to judge).
        if (reads)
        {
            yield return Body("a body of 1 MB of whitespace", Expected.TooLarge, d =>
            {
                d.JsonText(new string(' ', 1024 * 1024) + "{}");
                d.Headers["Expect"] = "100-continue";
            });
        }
        yield return Body("a JSON array", Expected.Invalid, d => d.JsonText("[]"));
        yield return Body("a JSON string", Expected.Invalid, d => d.JsonText("\"text\""));
        yield return Body("a JSON number", Expected.Invalid, d => d.JsonText("42"));
        yield return Body("JSON null", Expected.Invalid, d => d.JsonText("null"));
        yield return Body("JSON true", Expected.Invalid, d => d.JsonText("true"));
        yield return Body("text/plain", Expected.NotJson, d => { d.JsonText("{}"); d.ContentType = "text/plain"; });
        yield return Body("a form", Expected.NotJson, d => { d.JsonText("a=b&c=d"); d.ContentType = "application/x-www-form-urlencoded"; });
        yield return Body("multipart/form-data", Expected.NotJson, d =>
        {
            d.JsonText("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n");
            d.ContentType = "multipart/form-data; boundary=x";
        });
        yield return Body("XML", Expected.NotJson, d => { d.JsonText("<a>b</a>"); d.ContentType = "application/xml"; });
        yield return Body("no Content-Type", Expected.NotJson, d => { d.JsonText("{}"); d.ContentType = null; });
        yield return Body("a Content-Type that is not a media type", Expected.NotJson, d => { d.JsonText("{}"); d.ContentType = "json"; });
        foreach (var (field, maxLength) in Fields(route))
        {
            yield return Body($"{field} as a number", Expected.Invalid, d => d.JsonText($"{{\"{field}\": 12}}"));
            yield return Body($"{field} as a huge number", Expected.Invalid, d => d.JsonText($"{{\"{field}\": 1e400}}"));
            yield return Body($"{field} as true", Expected.Invalid, d => d.JsonText($"{{\"{field}\": true}}"));
            yield return Body($"{field} as an object", Expected.Invalid, d => d.JsonText($"{{\"{field}\": {{\"a\": \"b\"}}}}"));
            yield return Body($"{field} as an array", Expected.Invalid, d => d.JsonText($"{{\"{field}\": [\"a\"]}}"));
            if (maxLength is { } max && max < MaxBodyBytes - 100)
            {
                yield return Body($"{field} longer than {max} characters", Expected.Invalid, d => d.JsonText($"{{\"{field}\": \"{new string('x', max + 1)}\"}}"));
            }
        }
    }

    /// <summary>Authorization headers a new user might send, none of them a usable access token.</summary>
    public static IEnumerable<Malformation> AuthorizationHeaders(PlatformRoute route)
    {
        var expected = NeedsToken(route) ? Expected.Unauthorized : Expected.AsWithoutIt;
        Malformation Header(string name, Func<RequestDraft, string> value) => new($"Authorization {name}", expected, d => d.Authorization = value(d));

        yield return Header("empty", _ => "");
        yield return Header("'Bearer' without a token", _ => "Bearer");
        yield return Header("'Bearer' and spaces", _ => "Bearer    ");
        yield return Header("Basic credentials", _ => "Basic dXNlcjpwYXNzd29yZA==");
        yield return Header("a valid token under another scheme", d => "Token " + d.User.AccessToken);
        yield return Header("a valid token without a scheme", d => d.User.AccessToken);
        yield return Header("Bearer not a JWT", _ => "Bearer not-a-jwt");
        yield return Header("Bearer three empty parts", _ => "Bearer ..");
        yield return Header("Bearer three garbage parts", _ => "Bearer a.b.c");
        yield return Header("Bearer with characters outside base64url", _ => "Bearer %%%.***.!!!");
        yield return Header("two tokens", d => $"Bearer {d.User.AccessToken} {d.User.AccessToken}");
        yield return Header("Bearer an 8 KB token", _ => "Bearer " + new string('x', 8000));
        yield return Header("Bearer a refresh token", d => "Bearer " + d.User.RefreshToken);
        yield return Header("Bearer an unsigned token", d => "Bearer " + TokenForge.Sign(TokenForge.Claims(d.User.Id, d.User.Email), alg: "none"));
        yield return Header("Bearer a token signed with another key", d => "Bearer " + TokenForge.Sign(TokenForge.Claims(d.User.Id, d.User.Email), secret: new string('k', 40)));
        yield return Header("Bearer a token whose header is not JSON", d => "Bearer " + Segment("not json") + "." + d.User.AccessToken.Split('.')[1] + ".sig");
        yield return Header("Bearer a token whose header is an array", d => "Bearer " + Segment("[\"HS256\"]") + "." + d.User.AccessToken.Split('.')[1] + ".sig");
        yield return Header("Bearer a signed token whose payload is not JSON", _ => "Bearer " + SignRaw("{\"alg\":\"HS256\"}", "not json"));
        yield return Header("Bearer a signed token whose payload is invalid UTF-8", _ => "Bearer " + SignRaw("{\"alg\":\"HS256\"}", "{\"sub\":\"\xFF\"}", latin1: true));
        yield return Header("Bearer a signed token whose payload is an array", _ => "Bearer " + SignRaw("{\"alg\":\"HS256\"}", "[]"));
        yield return Header("Bearer a signed token with an exp as text", d => "Bearer " + SignWith(d, "exp", "tomorrow"));
        yield return Header("Bearer a signed token with an exp past year 9999", d => "Bearer " + SignWith(d, "exp", 1e15));
        yield return Header("Bearer a signed token with an exp of 1e300", d => "Bearer " + SignWith(d, "exp", 1e300));
        yield return Header("Bearer a signed token with a negative iat beyond year 1", d => "Bearer " + SignWith(d, "iat", -1e15));
        yield return Header("Bearer a signed token with a numeric sub", d => "Bearer " + SignWith(d, "sub", 42));
        yield return Header("Bearer a signed token with an unpaired surrogate in sub", _ => "Bearer " + SignRaw("{\"alg\":\"HS256\"}", "{\"sub\":\"\\ud800\"}"));
    }

    /// <summary>Other headers and parts of the request line a client may get wrong.</summary>
    public static IEnumerable<Malformation> Others(PlatformRoute route, IReadOnlyCollection<string> methodsOfPattern)
    {
        yield return new("X-Request-ID of 500 characters", Expected.AsWithoutIt, d => d.Headers["X-Request-ID"] = new string('r', 500));
        yield return new("X-Request-ID with a path in it", Expected.AsWithoutIt, d => d.Headers["X-Request-ID"] = "../../etc/passwd");
        yield return new("Accept: application/xml", Expected.AsWithoutIt, d => d.Headers["Accept"] = "application/xml");
        yield return new("Expect: 100-continue", Expected.AsWithoutIt, d => d.Headers["Expect"] = "100-continue");
        if (!methodsOfPattern.Contains("PATCH"))
        {
            yield return new("PATCH, a method it does not map", Expected.MethodNotAllowed, d => d.Method = HttpMethod.Patch);
        }
        if (route.Pattern.Contains("{id}", StringComparison.Ordinal))
        {
            Malformation Id(string name, string id) => new($"an id that is {name}", Expected.NotFound, d => d.Path = Fill(route.Pattern, id));
            yield return Id("percent-encoded invalid UTF-8", "%FF%FE");
            yield return Id("2000 characters", new string('i', 2000));
            yield return Id("an SQL fragment", Uri.EscapeDataString("' OR '1'='1"));
            yield return new("an id that is a NUL", Expected.RefusedByServer, d => d.Path = Fill(route.Pattern, "%00"));
            yield return Id("an encoded path", "..%2F..%2Fetc");
            yield return Id("an emoji", Uri.EscapeDataString("\U0001F600"));
        }
    }

    public static string Fill(string pattern, string id) =>
        pattern.Replace("{id}", id, StringComparison.Ordinal).Replace("{documentName}", OpenApiDocuments.DocumentName, StringComparison.Ordinal);

    private static string FirstField(PlatformRoute route) => Fields(route).Select(f => f.Name).FirstOrDefault() ?? "a";

    /// <summary>{"field": "ok" + bytes + "ok"}, the bytes raw inside the string.</summary>
    private static byte[] Utf8Around(byte[] bytes, string field) =>
        [.. Encoding.UTF8.GetBytes($"{{\"{field}\": \"ok"), .. bytes, .. Encoding.UTF8.GetBytes("ok\"}")];

    private static string Segment(string text) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    /// <summary>A token signed with the platform's default secret over any header and payload text.</summary>
    private static string SignRaw(string header, string payload, bool latin1 = false)
    {
        var payloadBytes = latin1 ? Encoding.Latin1.GetBytes(payload) : Encoding.UTF8.GetBytes(payload);
        var input = Segment(header) + "." + System.Buffers.Text.Base64Url.EncodeToString(payloadBytes);
        var signature = System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(TokenForge.Secret), Encoding.ASCII.GetBytes(input));
        return input + "." + System.Buffers.Text.Base64Url.EncodeToString(signature);
    }

    /// <summary>A correctly signed access token for the user with one claim replaced.</summary>
    private static string SignWith(RequestDraft draft, string claim, object value)
    {
        var claims = TokenForge.Claims(draft.User.Id, draft.User.Email);
        claims[claim] = value;
        return TokenForge.Sign(claims);
    }
}
