using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Acceptance.ReferencePlatform.Auth;

// The bodies the identity service reads (by hand, in AuthApi), described for the OpenAPI document.

public sealed record RegisterRequest(
    [property: MaxLength(254), Description("An email address; unique (case-insensitive).")] string Email,
    [property: MinLength(8), MaxLength(256)] string Password,
    [property: MaxLength(100), Description("Defaults to the part of the email before '@'.")] string? Name = null);

public sealed record LoginRequest([property: MaxLength(254)] string Email, [property: MaxLength(256)] string Password);

public sealed record RefreshRequest([property: MaxLength(8192)] string RefreshToken);

public sealed record ValidateRequest([property: MaxLength(8192), Description("An access token.")] string Token);

public sealed record TestAuthRequest(
    [property: MaxLength(254), Description("Defaults to e2e-test@example.com.")] string? Email = null,
    [property: MaxLength(100)] string? Name = null);
