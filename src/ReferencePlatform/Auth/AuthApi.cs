using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Acceptance.ReferencePlatform.Faults;
using Acceptance.ReferencePlatform.Hosting;
using Acceptance.ReferencePlatform.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Acceptance.ReferencePlatform.Auth;

public sealed record MeResponse(string UserId, string Email, string Name, IReadOnlyList<string> Permissions);

public sealed record ValidationResponse(
    bool Valid,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UserId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Email = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Permissions = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ExpiresAt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message = null);

public sealed record AuthEndpoints(
    string Login, string Logout, string Refresh, string Me,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DevLogin);

public sealed record AuthConfigResponse(
    bool DevelopmentMode, bool OauthEnabled, AuthEndpoints Endpoints,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DiscoveryUrl = null);

public sealed record LogoutResponse(string Message);

public sealed record AuthServices(
    UserStore Users, AuthService Auth, TokenService Tokens, LoginThrottle Throttle, IOptions<AuthOptions> Options, PlatformUrls Urls,
    IOptions<Oidc.OidcOptions> Oidc, AccessTokens AccessTokens, IOptions<FaultOptions> Faults);

/// <summary>The identity service: /auth/*.</summary>
public static class AuthApi
{
    public const string E2EBypassHeader = "X-E2E-Bypass-Key";
    public const string E2EDefaultEmail = "e2e-test@example.com";
    private const int MinimumPasswordLength = 8;

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/auth").WithTags("auth");
        var detail = typeof(DetailBody);
        auth.MapPost("/register", RegisterAsync).AcceptsJson<RegisterRequest>(detail).ProducesError(detail, 409)
            .WithSummary("Registers a user and signs them in");
        auth.MapPost("/login", LoginAsync).AcceptsJson<LoginRequest>(detail).ProducesError(detail, 401, 429)
            .WithSummary("Signs in with email and password");
        auth.MapPost("/refresh", RefreshAsync).AcceptsJson<RefreshRequest>(detail).ProducesError(detail, 401)
            .WithSummary("Exchanges a refresh token for a new pair (rotation)");
        auth.MapPost("/logout", LogoutAsync).RequiresBearerToken(detail).WithSummary("Signs out: revokes the token and its session");
        auth.MapGet("/me", MeAsync).RequiresBearerToken(detail).WithSummary("The signed-in user's profile");
        auth.MapPost("/validate", ValidateAsync).AcceptsJson<ValidateRequest>(detail).WithSummary("Checks an access token");
        auth.MapGet("/config", Config).AddEndpointFilter(ConfigFaults).WithSummary("The sign-in options and endpoints");
        auth.MapPost("/dev/login", DevLogin).ProducesError(detail, 403).WithSummary("Signs in the dev user (development mode only)");
        auth.MapPost("/e2e/test-auth", E2ETestAuthAsync).AcceptsJson<TestAuthRequest>(detail).ProducesError(detail, 401, 403, 503)
            .AddOpenApiOperationTransformer((operation, _, _) => OpenApiDocuments.AddHeaderParameter(operation, E2EBypassHeader,
                "The configured bypass key.", required: true))
            .WithSummary("Signs in a test user (only where a bypass key is configured)");
        return app;
    }

    public static async Task<Results<Created<TokenPair>, JsonHttpResult<DetailBody>>> RegisterAsync(
        HttpRequest request, [AsParameters] AuthServices services)
    {
        var body = await JsonBody.ReadAsync(request);
        if (!body.IsValid)
        {
            return AuthErrors.BadBody(body);
        }
        var fields = body.ReadFields();
        var email = fields.RequiredString("email", maxLength: 254).Trim();
        var password = fields.RequiredString("password", maxLength: 256);
        var name = fields.OptionalString("name", maxLength: 100)?.Trim();
        var problem = fields.Error
            ?? (IsEmail(email) ? null : "Field 'email' must be an email address")
            ?? (password.Length >= MinimumPasswordLength ? null : $"Field 'password' must be at least {MinimumPasswordLength} characters");
        if (problem is not null)
        {
            return AuthErrors.Detail(StatusCodes.Status422UnprocessableEntity, problem);
        }
        var user = services.Users.TryCreate(email, string.IsNullOrWhiteSpace(name) ? email.Split('@')[0] : name, password);
        if (user is null)
        {
            return AuthErrors.Detail(StatusCodes.Status409Conflict, "A user with this email already exists");
        }
        return TypedResults.Created($"/auth/users/{user.Id}", services.Auth.SignIn(user));
    }

    public static async Task<Results<Ok<TokenPair>, JsonHttpResult<DetailBody>>> LoginAsync(
        HttpContext context, [AsParameters] AuthServices services)
    {
        var body = await JsonBody.ReadAsync(context.Request);
        if (!body.IsValid)
        {
            return AuthErrors.BadBody(body);
        }
        var fields = body.ReadFields();
        var email = fields.RequiredString("email", maxLength: 254).Trim();
        var password = fields.RequiredString("password", maxLength: 256);
        if (fields.Error is { } problem)
        {
            return AuthErrors.Detail(StatusCodes.Status422UnprocessableEntity, problem);
        }
        if (services.Throttle.RetryAfter(email) is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString();
            return AuthErrors.Detail(StatusCodes.Status429TooManyRequests, "Too many failed sign-in attempts; try again later");
        }
        var user = services.Users.FindByEmail(email);
        if (user is null || !services.Users.VerifyPassword(user, password))
        {
            services.Throttle.RecordFailure(email);
            // Fault RevealUnknownEmail: an unknown email is told apart from a wrong password.
            var detail = user is null && services.Faults.Value.RevealUnknownEmail ? "Unknown email" : AuthErrors.InvalidCredentials;
            return AuthErrors.Detail(StatusCodes.Status401Unauthorized, detail);
        }
        services.Throttle.Reset(email);
        return TypedResults.Ok(services.Auth.SignIn(user));
    }

    public static async Task<Results<Ok<TokenPair>, JsonHttpResult<DetailBody>>> RefreshAsync(
        HttpRequest request, [AsParameters] AuthServices services)
    {
        var body = await JsonBody.ReadAsync(request);
        if (!body.IsValid)
        {
            return AuthErrors.BadBody(body);
        }
        var fields = body.ReadFields();
        var refreshToken = fields.RequiredString("refresh_token", maxLength: 8192);
        if (fields.Error is { } problem)
        {
            return AuthErrors.Detail(StatusCodes.Status422UnprocessableEntity, problem);
        }
        var (pair, error) = await services.Auth.RefreshAsync(refreshToken);
        return pair is null ? AuthErrors.Detail(StatusCodes.Status401Unauthorized, error) : TypedResults.Ok(pair);
    }

    public static async Task<Results<Ok<LogoutResponse>, JsonHttpResult<DetailBody>>> LogoutAsync(
        HttpContext context, [AsParameters] AuthServices services)
    {
        var check = await services.AccessTokens.ValidateAsync(BearerToken.From(context.Request), context.RequestAborted);
        if (!check.IsValid)
        {
            return AuthErrors.Unauthorized(context, check.Message);
        }
        await services.Auth.SignOutAsync(check.Claims!);
        return TypedResults.Ok(new LogoutResponse("Signed out"));
    }

    public static async Task<Results<Ok<MeResponse>, JsonHttpResult<DetailBody>>> MeAsync(HttpContext context, [AsParameters] AuthServices services)
    {
        var check = await services.AccessTokens.ValidateAsync(BearerToken.From(context.Request), context.RequestAborted);
        if (!check.IsValid || services.Users.FindById(check.Claims!.Subject) is not { } user)
        {
            return AuthErrors.Unauthorized(context, check.IsValid ? "User no longer exists" : check.Message);
        }
        var faults = services.Faults.Value;
        if (faults.ProfileOfAnotherUser)
        {
            // Fault: somebody else's profile.
            return TypedResults.Ok(new MeResponse(MalloryId, "mallory@example.com", "Mallory", check.Claims.Permissions));
        }
        if (faults.DevLoginOrdinaryProfile && string.Equals(user.Email, StorageOptions.DevUserEmail, StringComparison.OrdinalIgnoreCase))
        {
            // Fault: the dev sign-in's user is shown an ordinary profile instead of the development one.
            return TypedResults.Ok(new MeResponse(user.Id, "ordinary-user@example.com", "Ordinary User", check.Claims.Permissions));
        }
        return TypedResults.Ok(new MeResponse(user.Id, user.Email, user.Name, check.Claims.Permissions));
    }

    private const string MalloryId = "00000000-0000-0000-0000-000000000001";

    /// <summary>The faults AuthConfigDelayMs (answer late) and AuthConfigStatus (answer this status with an error body).</summary>
    private static async ValueTask<object?> ConfigFaults(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var faults = context.HttpContext.RequestServices.GetRequiredService<IOptions<FaultOptions>>().Value;
        if (faults.AuthConfigDelayMs > 0)
        {
            await Task.Delay(faults.AuthConfigDelayMs, context.HttpContext.RequestAborted);
        }
        return faults.AuthConfigStatus > 0
            ? AuthErrors.Detail(faults.AuthConfigStatus, "The sign-in configuration is unavailable")
            : await next(context);
    }

    public static async Task<Results<Ok<ValidationResponse>, JsonHttpResult<DetailBody>>> ValidateAsync(
        HttpRequest request, [AsParameters] AuthServices services)
    {
        var body = await JsonBody.ReadAsync(request);
        if (!body.IsValid)
        {
            return AuthErrors.BadBody(body);
        }
        var fields = body.ReadFields();
        var token = fields.RequiredString("token", maxLength: 8192);
        if (fields.Error is { } problem)
        {
            return AuthErrors.Detail(StatusCodes.Status422UnprocessableEntity, problem);
        }
        var check = services.Tokens.Validate(token, TokenTypes.Access);
        if (!check.IsValid)
        {
            return TypedResults.Ok(new ValidationResponse(false, Error: FailureCode(check.Failure), Message: check.Message));
        }
        var claims = check.Claims!;
        return TypedResults.Ok(new ValidationResponse(true, claims.Subject, claims.Email, claims.Permissions,
            PlatformDatabase.Timestamp(claims.ExpiresAt)));
    }

    public static Ok<AuthConfigResponse> Config(HttpRequest request, [AsParameters] AuthServices services)
    {
        var root = services.Urls.Auth.ToString().TrimEnd('/');
        var development = services.Options.Value.DevelopmentMode;
        var oauth = services.Oidc.Value.Enabled;
        // The discovery URL as this request reached the provider (behind a proxy: the public origin).
        var discovery = oauth ? $"{request.Scheme}://{request.Host}{request.PathBase}{Oidc.OidcNames.DiscoveryPath}" : null;
        return TypedResults.Ok(new AuthConfigResponse(development, oauth, new AuthEndpoints(
            $"{root}/auth/login", $"{root}/auth/logout", $"{root}/auth/refresh", $"{root}/auth/me",
            development ? $"{root}/auth/dev/login" : null), discovery));
    }

    public static Results<Ok<TokenPair>, JsonHttpResult<DetailBody>> DevLogin([AsParameters] AuthServices services)
    {
        if (!services.Options.Value.DevelopmentMode)
        {
            return AuthErrors.Detail(StatusCodes.Status403Forbidden, "Development login is disabled");
        }
        var user = services.Users.GetOrCreate(StorageOptions.DevUserEmail, StorageOptions.DevUserName);
        return TypedResults.Ok(services.Auth.SignIn(user));
    }

    public static async Task<Results<Ok<TokenPair>, JsonHttpResult<DetailBody>>> E2ETestAuthAsync(
        HttpRequest request, [AsParameters] AuthServices services)
    {
        var options = services.Options.Value;
        if (string.IsNullOrEmpty(options.E2EBypassKey))
        {
            return AuthErrors.Detail(StatusCodes.Status503ServiceUnavailable, "E2E test authentication is not configured");
        }
        if (options.Production)
        {
            return AuthErrors.Detail(StatusCodes.Status403Forbidden, "E2E test authentication is disabled in production");
        }
        var presented = Encoding.UTF8.GetBytes(request.Headers[E2EBypassHeader].ToString());
        if (!CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(options.E2EBypassKey)))
        {
            return AuthErrors.Detail(StatusCodes.Status401Unauthorized, "Invalid or missing E2E bypass key");
        }
        var body = await JsonBody.ReadAsync(request);
        if (!body.IsValid)
        {
            return AuthErrors.BadBody(body);
        }
        var fields = body.ReadFields();
        var email = fields.OptionalString("email", maxLength: 254)?.Trim();
        var name = fields.OptionalString("name", maxLength: 100)?.Trim();
        if (fields.Error is { } problem || (email is not null && !IsEmail(email)))
        {
            return AuthErrors.Detail(StatusCodes.Status422UnprocessableEntity, fields.Error ?? "Field 'email' must be an email address");
        }
        var user = services.Users.GetOrCreate(email ?? E2EDefaultEmail, string.IsNullOrEmpty(name) ? "E2E Test User" : name);
        return TypedResults.Ok(services.Auth.SignIn(user));
    }

    private static bool IsEmail(string email) =>
        MailAddress.TryCreate(email, out var address) && address.Address == email && address.Host.Contains('.');

    private static string FailureCode(TokenFailure failure) => failure switch
    {
        TokenFailure.Expired => "token_expired",
        TokenFailure.Revoked => "token_revoked",
        TokenFailure.BadSignature => "invalid_signature",
        TokenFailure.UnsupportedAlgorithm => "unsupported_algorithm",
        TokenFailure.MissingTokenType or TokenFailure.WrongTokenType => "wrong_token_type",
        _ => "invalid_token",
    };
}
