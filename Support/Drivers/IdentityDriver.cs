using Acceptance.Support.Actors;
using Acceptance.Support.Http;
using Acceptance.Support.Outcomes;
using RestSharp;

namespace Acceptance.Support.Drivers;

/// <summary>The identity service over HTTP: sign-in, registration, refresh, sign-out, profile.</summary>
public sealed class IdentityDriver(HttpClients clients)
{
    public sealed record SignInResult(Outcome Outcome, Session? Session);

    public sealed record Profile(string UserId, string Email, string? Name);

    public async Task<SignInResult> SignInAsync(Actor actor, string? email, string? password, string intent)
    {
        var body = new Dictionary<string, string>();
        if (email is not null) body["email"] = email;
        if (password is not null) body["password"] = password;
        var response = await Auth(actor).SendAsync(new RestRequest("auth/login", Method.Post).AddJsonBody(body), intent);
        return ToSignIn(intent, response);
    }

    public async Task<SignInResult> RegisterAsync(Actor actor, Persona persona)
    {
        var request = new RestRequest("auth/register", Method.Post)
            .AddJsonBody(new { email = persona.Email, password = persona.Password, name = persona.DisplayName });
        var response = await Auth(actor).SendAsync(request, "register a new account");
        return ToSignIn("register", response);
    }

    public async Task<SignInResult> DevSignInAsync(Actor actor)
    {
        var response = await Auth(actor).SendAsync(new RestRequest("auth/dev/login", Method.Post).AddJsonBody(new { }), "dev sign-in");
        return ToSignIn("dev sign-in", response);
    }

    public async Task<SignInResult> BypassSignInAsync(Actor actor, string bypassKey, string email, string? name)
    {
        var request = new RestRequest("auth/e2e/test-auth", Method.Post)
            .AddHeader("X-E2E-Bypass-Key", bypassKey)
            .AddJsonBody(new { email, name });
        var response = await Auth(actor).SendAsync(request, "e2e bypass sign-in");
        return ToSignIn("e2e bypass sign-in", response);
    }

    public async Task<SignInResult> RefreshAsync(Actor actor, string refreshToken, string intent)
    {
        var request = new RestRequest("auth/refresh", Method.Post).AddJsonBody(new { refresh_token = refreshToken });
        var response = await Auth(actor).SendAsync(request, intent);
        return ToSignIn(intent, response);
    }

    public async Task<Outcome> SignOutAsync(Actor actor, string accessToken)
    {
        var request = new RestRequest("auth/logout", Method.Post).AddHeader("Authorization", "Bearer " + accessToken);
        var response = await Auth(actor).SendAsync(request, "sign out");
        return Outcome.FromHttp($"{actor} signing out", response);
    }

    public async Task<(Outcome Outcome, Profile? Profile)> ProfileAsync(Actor actor, string? accessToken, string intent)
    {
        var request = new RestRequest("auth/me");
        if (accessToken is not null) request.AddHeader("Authorization", "Bearer " + accessToken);
        var response = await Auth(actor).SendAsync(request, intent);
        var profile = response.Status == 200
            ? new Profile(response.Text("user_id") ?? "", response.Text("email") ?? "", response.Text("name"))
            : null;
        return (Outcome.FromHttp(intent, response), profile);
    }

    private RecordingHttpClient Auth(Actor actor) => clients.For(actor.Name, Origin.Auth);

    private static SignInResult ToSignIn(string intent, ApiResponse response)
    {
        Session? session = null;
        if (response.Status is 200 or 201 && response.Text("access_token") is { } access)
        {
            var user = response.Element("user");
            string? Field(string name) => user is { ValueKind: System.Text.Json.JsonValueKind.Object } u && u.TryGetProperty(name, out var v) ? v.GetString() : null;
            session = new Session(access, response.Text("refresh_token") ?? "", Field("id") ?? "", Field("email") ?? "");
        }
        return new SignInResult(Outcome.FromHttp(intent, response), session);
    }
}
