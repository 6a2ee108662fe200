namespace Acceptance.Support.Outcomes;

/// <summary>
/// The one place where a refusal's name in the features ("it is refused with "invalid credentials"") is mapped
/// to what the contract says that refusal looks like on the wire.
/// </summary>
public static class Refusals
{
    public sealed record Refusal(string Key, string Expected, Func<Outcome, bool> Matches);

    private static readonly Dictionary<string, Refusal> Catalogue = new[]
    {
        new Refusal("invalid credentials", "HTTP 401 with the detail \"Invalid credentials\"",
            o => o.Status == 401 && o.Message == "Invalid credentials"),
        new Refusal("missing fields", "HTTP 422",
            o => o.Status == 422),
        new Refusal("too many attempts", "HTTP 429 with a Retry-After header of a positive number of seconds",
            o => o.Status == 429 && int.TryParse(o.Header("Retry-After"), out var seconds) && seconds > 0),
        new Refusal("not signed in", "HTTP 401 with a WWW-Authenticate: Bearer challenge",
            o => o.Status == 401 && (o.Header("WWW-Authenticate") ?? "").StartsWith("Bearer", StringComparison.OrdinalIgnoreCase)),
        new Refusal("wrong bypass key", "HTTP 401",
            o => o.Status == 401),
        new Refusal("session ended", "HTTP 401",
            o => o.Status == 401),
        new Refusal("not found", "HTTP 404",
            o => o.Status == 404),
        new Refusal("malformed request", "HTTP 400 with error_code JSON_PARSE_ERROR",
            o => o.Status == 400 && o.ErrorCode == "JSON_PARSE_ERROR"),
        new Refusal("invalid request", "HTTP 422 with error_code VALIDATION_ERROR",
            o => o.Status == 422 && o.ErrorCode == "VALIDATION_ERROR"),
        new Refusal("request too large", "HTTP 413",
            o => o.Status == 413),
        new Refusal("handshake refused", "the WebSocket handshake refused with HTTP 401 before the upgrade",
            o => o.Channel == "agent channel handshake" && o.Status == 401),
        new Refusal("malformed message", "an error frame with error_code JSON_PARSE_ERROR",
            o => o.Channel == "agent channel" && o.ErrorCode == "JSON_PARSE_ERROR"),
        new Refusal("unknown message type", "an error frame with error_code UNKNOWN_TYPE",
            o => o.Channel == "agent channel" && o.ErrorCode == "UNKNOWN_TYPE"),
        new Refusal("message too large", "an error frame with error_code MESSAGE_TOO_LARGE",
            o => o.Channel == "agent channel" && o.ErrorCode == "MESSAGE_TOO_LARGE"),
        new Refusal("conversation not found", "an error frame with error_code THREAD_NOT_FOUND",
            o => o.Channel == "agent channel" && o.ErrorCode == "THREAD_NOT_FOUND"),
        new Refusal("token expired", "an error frame with error_code TOKEN_EXPIRED",
            o => o.Channel == "agent channel" && o.ErrorCode == "TOKEN_EXPIRED"),
        new Refusal("token revoked", "an error frame with error_code TOKEN_REVOKED",
            o => o.Channel == "agent channel" && o.ErrorCode == "TOKEN_REVOKED"),
        // OpenID Connect provider (Features/SigningIn/IdentityProvider.feature): OAuth errors, never a redirect elsewhere.
        new Refusal("invalid authorization request",
            "HTTP 400 with error invalid_request and no redirect (or a redirect to the client's registered return address carrying error=invalid_request)",
            o => o.ErrorCode == "invalid_request" && (o.Status == 400 || (o.Status is 302 or 303 && RedirectsToRegistered(o)))),
        new Refusal("invalid grant", "HTTP 400 with {\"error\":\"invalid_grant\"}",
            o => o.Status == 400 && o.ErrorCode == "invalid_grant"),
        new Refusal("unknown client", "HTTP 400 or 401 with {\"error\":\"invalid_client\"}",
            o => o.Status is 400 or 401 && o.ErrorCode == "invalid_client"),
    }.ToDictionary(refusal => refusal.Key, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyCollection<string> Keys => Catalogue.Keys;

    /// <summary>A redirect whose address is the registered return address (scheme, host, port and path alike).</summary>
    private static bool RedirectsToRegistered(Outcome outcome) =>
        outcome.RegisteredRedirect is { } registered && outcome.Header("Location") is { } location &&
        Uri.TryCreate(location, UriKind.Absolute, out var to) && Uri.TryCreate(registered, UriKind.Absolute, out var expected) &&
        Uri.Compare(to, expected, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    public static Refusal For(string key) =>
        Catalogue.TryGetValue(key, out var refusal)
            ? refusal
            : throw new ArgumentException($"No refusal is named \"{key}\"; known: {string.Join(", ", Catalogue.Keys.Select(k => $"\"{k}\""))}.");

    /// <summary>Throws, naming the attempt, the refusal expected and what came instead, unless it matches.</summary>
    public static void Verify(string key, Outcome outcome)
    {
        var refusal = For(key);
        if (!refusal.Matches(outcome))
            throw new RefusalMismatchException(
                $"Expected {outcome.Attempt} to be refused with \"{key}\" ({refusal.Expected}), but got: {outcome.Evidence}");
    }
}

public sealed class RefusalMismatchException(string message) : Exception(message);
