using Microsoft.AspNetCore.Http;

namespace Acceptance.ReferencePlatform.Auth;

public static class BearerToken
{
    /// <summary>The token of an "Authorization: Bearer ..." header, or null.</summary>
    public static string? From(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }
}
