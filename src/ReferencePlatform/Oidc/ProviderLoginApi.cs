using System.Security.Claims;
using Acceptance.ReferencePlatform.Auth;
using Acceptance.ReferencePlatform.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Acceptance.ReferencePlatform.Oidc;

public sealed record LoginServices(UserStore Users, LoginThrottle Throttle);

/// <summary>The provider's login page: the platform's own users, email and password, then back to the authorization request.</summary>
public static class ProviderLoginApi
{
    private const string Tag = "Identity provider";

    public static IEndpointRouteBuilder MapProviderLoginApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(OidcNames.LoginPath, ShowLogin)
            .WithName("OidcLoginPage").WithTags(Tag)
            .WithSummary("The provider's login page (email, password); return_url is the pending authorization request")
            .Produces(StatusCodes.Status200OK, contentType: "text/html");
        app.MapPost(OidcNames.LoginPath, SignInAsync)
            .WithName("OidcLogin").WithTags(Tag)
            .WithSummary("Signs a platform user in to the provider and returns to the authorization request")
            .Accepts<IFormCollection>("application/x-www-form-urlencoded")
            .Produces(StatusCodes.Status302Found)
            .Produces(StatusCodes.Status401Unauthorized, contentType: "text/html")
            .Produces(StatusCodes.Status429TooManyRequests, contentType: "text/html");
        return app;
    }

    public static ContentHttpResult ShowLogin(HttpRequest request) =>
        Page(StatusCodes.Status200OK, SafeReturnUrl(request.Query["return_url"]), email: "", error: null);

    public static async Task<IResult> SignInAsync(HttpContext context, [AsParameters] LoginServices services)
    {
        if (!context.Request.HasFormContentType)
        {
            return Page(StatusCodes.Status415UnsupportedMediaType, OidcNames.AuthorizationPath, "", "Send the form as application/x-www-form-urlencoded.");
        }
        var form = await context.Request.ReadFormAsync();
        var returnUrl = SafeReturnUrl(form["return_url"]);
        var email = form["email"].ToString().Trim();
        var password = form["password"].ToString();
        if (email.Length == 0 || password.Length == 0 || email.Length > 254 || password.Length > 256)
        {
            return Page(StatusCodes.Status422UnprocessableEntity, returnUrl, email, "Please enter both your email and your password.");
        }
        if (services.Throttle.RetryAfter(email) is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString();
            return Page(StatusCodes.Status429TooManyRequests, returnUrl, email, "Too many failed sign-in attempts; try again later.");
        }
        var user = services.Users.FindByEmail(email);
        if (user is null || !services.Users.VerifyPassword(user, password))
        {
            services.Throttle.RecordFailure(email);
            return Page(StatusCodes.Status401Unauthorized, returnUrl, email, AuthErrors.InvalidCredentials);
        }
        services.Throttle.Reset(email);
        var identity = new ClaimsIdentity([new Claim(Claims.Subject, user.Id)], OidcNames.CookieScheme);
        await context.SignInAsync(OidcNames.CookieScheme, new ClaimsPrincipal(identity));
        return TypedResults.Redirect(returnUrl);
    }

    /// <summary>Only the provider's own authorization endpoint: the login page never sends anyone elsewhere.</summary>
    private static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is not null && returnUrl.StartsWith(OidcNames.AuthorizationPath + "?", StringComparison.Ordinal) && !returnUrl.Contains('\\')
            ? returnUrl
            : OidcNames.AuthorizationPath;

    private static ContentHttpResult Page(int status, string returnUrl, string email, string? error) =>
        TypedResults.Content(ProviderPages.Login(returnUrl, email, error), "text/html; charset=utf-8", statusCode: status);
}
