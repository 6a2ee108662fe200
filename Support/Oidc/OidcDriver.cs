using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Acceptance.Support.Actors;
using Acceptance.Support.Configuration;
using Acceptance.Support.Drivers.Browser;
using Acceptance.Support.Evidence;
using Acceptance.Support.Http;
using Acceptance.Support.Outcomes;
using Acceptance.Support.Platform;
using Duende.IdentityModel.Client;
using Duende.IdentityModel.OidcClient;
using Reqnroll;
using RestSharp;

namespace Acceptance.Support.Oidc;

/// <summary>A sign-in through the provider: the platform session, the ID token and what it was checked against.</summary>
public sealed record OidcSignIn(Session Session, string IdToken, string Nonce, TimeSpan BrowserTime, TimeSpan TotalTime);

/// <summary>A code the provider issued and has not yet redeemed, with the PKCE verifier that goes with it.</summary>
public sealed record IssuedCode(string Code, string Verifier, string ClientId, string RedirectUri);

/// <summary>The provider's public facts, read from its discovery document once per run.</summary>
public sealed record ProviderFacts(string Issuer, string AuthorizationEndpoint, string TokenEndpoint, string? EndSessionEndpoint, string JwksJson);

/// <summary>
/// The OpenID Connect provider, as a client sees it: signing in with Duende's OidcClient (code + PKCE) and
/// Playwright as its browser; and raw requests to the authorization, token and end-session endpoints, for the
/// refusals. Every request is recorded in the evidence, codes, verifiers and tokens redacted.
/// </summary>
public sealed class OidcDriver(PlatformUnderTest platform, ScenarioEvidence evidence, Acceptance.Runner.ScenarioTimeLimit timeLimit)
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<ProviderFacts>>> Discovered = new();

    private OidcSettings Settings => platform.Settings.Auth.Oidc;

    /// <summary>The authority: Auth:Oidc:Authority, or the auth origin.</summary>
    public string Authority => Settings.AuthorityOr(platform.Endpoints.Auth);

    public Task<ProviderFacts> FactsAsync() =>
        Discovered.GetOrAdd(Authority, authority => new Lazy<Task<ProviderFacts>>(() => DiscoverAsync(authority))).Value;

    /// <summary>
    /// Signs a persona in through the provider's login page; the ID token is checked (JWKS, issuer, audience, expiry,
    /// and the nonce unless <paramref name="nonceJudgedLater"/>: a scenario about the ID token judges it in its Then step).
    /// </summary>
    public async Task<OidcSignIn> SignInAsync(Actor actor, bool nonceJudgedLater = false)
    {
        var persona = actor.Persona;
        if (string.IsNullOrEmpty(persona.Email) || string.IsNullOrEmpty(persona.Password))
            throw new InvalidOperationException($"{actor} needs an email and a password to sign in through the provider: set ACCEPTANCE_Personas__{actor.Name}__Password.");
        evidence.Redactor.AddSecret(persona.Password);
        var total = Stopwatch.StartNew();
        var worker = await LeaseBrowserAsync();
        try
        {
            return await SignInAsync(actor, persona, worker, total, nonceJudgedLater);
        }
        finally
        {
            BrowserPool.Return(worker);
        }
    }

    // Waiting for a free browser is taking turns, not the scenario being slow: it does not count against its time limit.
    private async Task<PooledBrowser> LeaseBrowserAsync()
    {
        using (timeLimit.Queueing())
        {
            return await BrowserPool.LeaseAsync(platform.Settings.Browser, TimeSpan.FromMinutes(3));
        }
    }

    private async Task<OidcSignIn> SignInAsync(Actor actor, Persona persona, PooledBrowser worker, Stopwatch total, bool nonceJudgedLater)
    {
        using var callback = LoopbackCallback.Start(Settings.RedirectUri);
        var browser = new ProviderLoginBrowser(worker.Browser, Settings, persona.Email!, persona.Password!, evidence, platform.Budgets.BrowserStep, callback);
        var client = new OidcClient(new OidcClientOptions
        {
            Authority = Authority,
            ClientId = Settings.ClientId,
            RedirectUri = callback.RedirectUri.ToString(),
            PostLogoutRedirectUri = Settings.PostLogoutRedirectUri,
            Scope = Settings.Scopes,
            Browser = browser,
            IdentityTokenValidator = new JwksIdentityTokenValidator(),
            LoadProfile = false,
            DisablePushedAuthorization = true,
            BackchannelTimeout = platform.Budgets.Http,
            BrowserTimeout = platform.Budgets.BrowserStep,
        });
        // OidcClient sends no nonce in the code flow; the suite sends one and checks the ID token echoes it.
        var nonce = Guid.NewGuid().ToString("N");
        var result = await client.LoginAsync(new LoginRequest { FrontChannelExtraParameters = new Parameters { { "nonce", nonce } } });
        if (result.IsError)
            throw new InvalidOperationException($"{actor} could not sign in through the provider at {Authority}: {evidence.Redactor.Text(result.Error)} {evidence.Redactor.Text(result.ErrorDescription)}");
        foreach (var secret in new[] { result.AccessToken, result.RefreshToken, result.IdentityToken }) evidence.Redactor.AddSecret(secret);
        // Read from the token itself: OidcClient filters nonce out of result.User.
        var echoed = Payload(result.IdentityToken).TryGetProperty("nonce", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        if (echoed != nonce && !nonceJudgedLater)
            throw new InvalidOperationException($"The provider's ID token for {actor} does not echo the request's nonce: a replayed ID token could not be told apart.");
        var subject = result.User.FindFirst("sub")?.Value ?? "";
        var email = result.User.FindFirst("email")?.Value ?? persona.Email!;
        evidence.Note($"{actor} signed in through the provider in {total.Elapsed.TotalMilliseconds:0} ms (browser {browser.Elapsed.TotalMilliseconds:0} ms)");
        return new OidcSignIn(new Session(result.AccessToken, result.RefreshToken ?? "", subject, email), result.IdentityToken, nonce,
            browser.Elapsed, total.Elapsed);
    }

    /// <summary>The ID token's checks, each named: signature (JWKS), issuer, audience, expiry, nonce. Empty when all hold.</summary>
    public async Task<IReadOnlyList<string>> IdTokenProblemsAsync(OidcSignIn signIn)
    {
        var facts = await FactsAsync();
        var problems = new List<string>();
        var check = await JwksIdentityTokenValidator.CheckAsync(signIn.IdToken, facts.JwksJson, facts.Issuer, Settings.ClientId, TimeSpan.FromSeconds(30));
        if (!check.IsValid) problems.Add($"signature, issuer, audience or expiry: {check.Exception?.GetType().Name}: {check.Exception?.Message}");
        var payload = Payload(signIn.IdToken);
        string? Claim(string name) => payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (Claim("iss") != facts.Issuer) problems.Add($"issuer is {Claim("iss") ?? "(none)"}, not {facts.Issuer}");
        if (Claim("nonce") != signIn.Nonce || string.IsNullOrEmpty(signIn.Nonce)) problems.Add($"nonce is {Claim("nonce") ?? "(none)"}, not the request's");
        if (Claim("email") is null) problems.Add("no email claim");
        if (!payload.TryGetProperty("exp", out _) || !payload.TryGetProperty("iat", out _)) problems.Add("no exp or iat");
        return problems;
    }

    /// <summary>Gets a code through the browser with a PKCE pair of the suite's own, without redeeming it.</summary>
    public async Task<IssuedCode> ObtainCodeAsync(Actor actor)
    {
        var persona = actor.Persona;
        var (verifier, challenge) = NewPkce();
        using var callback = LoopbackCallback.Start(Settings.RedirectUri);
        var redirect = callback.RedirectUri.ToString();
        var url = await AuthorizeUrlAsync(Settings.ClientId, redirect, challenge, "S256");
        evidence.Redactor.AddSecret(persona.Password);
        Uri received;
        var worker = await LeaseBrowserAsync();
        try
        {
            var browser = new ProviderLoginBrowser(worker.Browser, Settings, persona.Email!, persona.Password!, evidence, platform.Budgets.BrowserStep);
            received = await browser.AuthorizeAsync(url, callback);
        }
        finally
        {
            BrowserPool.Return(worker);
        }
        var code = QueryValue(received, "code")
                   ?? throw new InvalidOperationException($"The provider sent no code to the callback: {evidence.Redactor.Text(received.ToString())}");
        evidence.Redactor.AddSecret(code);
        evidence.Redactor.AddSecret(verifier);
        return new IssuedCode(code, verifier, Settings.ClientId, redirect);
    }

    /// <summary>An authorization request as a browser would send it; the outcome says whether a code or the login page came back.</summary>
    public async Task<Outcome> AuthorizeAsync(Actor actor, string intent, string clientId, string redirectUri, string? challenge, string? method)
    {
        var url = await AuthorizeUrlAsync(clientId, redirectUri, challenge, method);
        var response = await Client(actor).SendAsync(new RestRequest(url), intent);
        return ToOutcome(intent, response);
    }

    public async Task<(Outcome Outcome, Session? Session)> RedeemAsync(Actor actor, string intent, IssuedCode code, string? clientId = null, string? verifier = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = clientId ?? code.ClientId,
            ["code"] = code.Code,
            ["code_verifier"] = verifier ?? code.Verifier,
            ["redirect_uri"] = code.RedirectUri,
        };
        return await TokenRequestAsync(actor, intent, form);
    }

    public Task<(Outcome Outcome, Session? Session)> RefreshAsync(Actor actor, string intent, string refreshToken) =>
        TokenRequestAsync(actor, intent, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = Settings.ClientId, ["refresh_token"] = refreshToken,
        });

    /// <summary>Ends the session at the end-session endpoint, with the ID token as the hint.</summary>
    public async Task<Outcome> EndSessionAsync(Actor actor, string idToken)
    {
        var facts = await FactsAsync();
        var endpoint = facts.EndSessionEndpoint ?? throw new InvalidOperationException($"The provider at {Authority} announces no end_session_endpoint.");
        var request = new RestRequest(endpoint).AddQueryParameter("id_token_hint", idToken);
        var response = await Client(actor).SendAsync(request, $"{actor} ends the session at the provider");
        return ToOutcome($"{actor} ending the session", response);
    }

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    private async Task<(Outcome Outcome, Session? Session)> TokenRequestAsync(Actor actor, string intent, Dictionary<string, string> form)
    {
        var facts = await FactsAsync();
        var request = new RestRequest(facts.TokenEndpoint, Method.Post);
        foreach (var (name, value) in form) request.AddParameter(name, value, ParameterType.GetOrPost);
        var response = await Client(actor).SendAsync(request, intent);
        Session? session = null;
        if (response.Status == 200 && response.Text("access_token") is { } access)
        {
            evidence.Redactor.AddSecret(access);
            evidence.Redactor.AddSecret(response.Text("refresh_token"));
            session = new Session(access, response.Text("refresh_token") ?? "", "", "");
        }
        return (ToOutcome(intent, response), session);
    }

    private async Task<Uri> AuthorizeUrlAsync(string clientId, string redirectUri, string? challenge, string? method)
    {
        var facts = await FactsAsync();
        var parameters = new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scope"] = Settings.Scopes,
            ["state"] = Guid.NewGuid().ToString("N"),
            ["nonce"] = Guid.NewGuid().ToString("N"),
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = challenge is null ? null : method,
        };
        var query = string.Join("&", parameters.Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"));
        return new Uri(facts.AuthorizationEndpoint + (facts.AuthorizationEndpoint.Contains('?') ? "&" : "?") + query);
    }

    /// <summary>An OAuth answer as an outcome: the error from a JSON body, a plain-text body, or the redirect's query.</summary>
    private static Outcome ToOutcome(string intent, ApiResponse response)
    {
        var location = response.Headers.TryGetValue("Location", out var l) ? l : null;
        var error = response.Text("error")
                    ?? PlainTextError(response.Body)
                    ?? (location is not null && Uri.TryCreate(location, UriKind.RelativeOrAbsolute, out var target) && target.IsAbsoluteUri ? QueryValue(target, "error") : null);
        return new Outcome(intent, "HTTP", response.TransportError is null ? response.Status : null, error,
            response.Text("error_description"), response.Headers, response.Describe());
    }

    private static string? PlainTextError(string? body) =>
        body?.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith("error:", StringComparison.Ordinal))?["error:".Length..].Trim()
        ?? (body is not null && body.Contains("error: ", StringComparison.Ordinal)
            ? body[(body.IndexOf("error: ", StringComparison.Ordinal) + 7)..].Split('<', '\n')[0].Trim() : null);

    private RecordingHttpClient Client(Actor actor) => new(new Uri(Authority + "/"), actor.Name, evidence, platform.Budgets.Http);

    private async Task<ProviderFacts> DiscoverAsync(string authority)
    {
        using var http = new HttpClient { Timeout = platform.Budgets.Http };
        DiscoveryDocumentResponse document;
        try
        {
            document = await http.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest { Address = authority });
        }
        catch (TaskCanceledException)
        {
            Discovered.TryRemove(authority, out _);
            throw new TimeoutException(
                $"The provider's discovery document at {authority}/.well-known/openid-configuration (setting Auth:Oidc:Authority) did not answer within {platform.Budgets.Http.TotalSeconds:0} s (Budgets:HttpTimeoutSeconds).");
        }
        if (document.IsError)
        {
            Discovered.TryRemove(authority, out _);
            throw new InvalidOperationException($"The provider's discovery document at {authority} (setting Auth:Oidc:Authority) could not be used: {document.Error}");
        }
        return new ProviderFacts(document.Issuer!, document.AuthorizeEndpoint!, document.TokenEndpoint!, document.EndSessionEndpoint,
            document.KeySet?.RawData ?? throw new InvalidOperationException($"The provider at {authority} published no JWKS."));
    }

    internal static string? QueryValue(Uri? url, string name)
    {
        if (url is null) return null;
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (Uri.UnescapeDataString(parts[0]) == name) return parts.Length > 1 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : "";
        }
        return null;
    }

    private static JsonElement Payload(string jwt) => JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[1])).RootElement;
}
