using Acceptance.ReferencePlatform.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Acceptance.ReferencePlatform.Auth;

public sealed record DetailBody(string Detail);

/// <summary>The identity service's error format: {"detail": "..."}.</summary>
public static class AuthErrors
{
    public const string InvalidCredentials = "Invalid credentials";

    public static JsonHttpResult<DetailBody> Detail(int status, string message) => TypedResults.Json(new DetailBody(message), statusCode: status);

    public static JsonHttpResult<DetailBody> BadBody(JsonBody body) => Detail(body.Status, body.Message);

    public static JsonHttpResult<DetailBody> Unauthorized(HttpContext context, string message)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Detail(StatusCodes.Status401Unauthorized, message);
    }

    public static readonly ErrorWriter Write = (context, status, _, message) =>
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new DetailBody(message));
    };
}
