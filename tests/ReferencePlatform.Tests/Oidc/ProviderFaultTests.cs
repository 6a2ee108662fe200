using Acceptance.ReferencePlatform.Tests.Faults;
using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Oidc;

/// <summary>Each identity-provider fault switch changes what it names (the self-check proves the suite notices).</summary>
[TestFixture]
public sealed class ProviderFaultTests
{
    private static async Task<CodeFlow> FlowWith(string fault) =>
        new(await Platforms.Get("oidc-" + fault, "--Platform:Agent:StepDelayMs=10", $"--Platform:Faults:{fault}=true"));

    [Test]
    public async Task OidcPkceNotEnforced_lets_an_authorization_request_without_PKCE_through()
    {
        using var flow = await FlowWith("OidcPkceNotEnforced");
        var code = await flow.CodeAsync(CodeFlow.AuthorizeParameters(CodeFlow.Cli, flow.CliRedirect, challenge: null));
        var tokens = await flow.RedeemAsync(CodeFlow.Cli, code, verifier: null, flow.CliRedirect);
        Assert.That(tokens.Status, Is.EqualTo(200), tokens.Redacted);
    }

    [Test]
    public async Task OidcNonceNotEchoed_leaves_the_nonce_out_of_the_ID_token()
    {
        using var flow = await FlowWith("OidcNonceNotEchoed");
        var tokens = await flow.SignInAliceAsync(nonce: "nonce-1");
        Assert.That(CodeFlow.Payload(tokens.IdToken).TryGetProperty("nonce", out _), Is.False);
    }

    [Test]
    public async Task OidcAnyRedirectUri_follows_an_unregistered_redirect_uri()
    {
        using var flow = await FlowWith("OidcAnyRedirectUri");
        var (_, challenge) = CodeFlow.NewPkce();
        var callback = await flow.SignInAsync(CodeFlow.AuthorizeParameters(CodeFlow.Cli, "https://evil.example/steal", challenge),
            CodeFlow.Alice.Email, CodeFlow.Alice.Password);
        Assert.That(callback.Host, Is.EqualTo("evil.example"));
    }

    [Test]
    public async Task OidcReusableCodes_redeems_a_code_twice()
    {
        using var flow = await FlowWith("OidcReusableCodes");
        var (verifier, challenge) = CodeFlow.NewPkce();
        var code = await flow.CodeAsync(CodeFlow.AuthorizeParameters(CodeFlow.Cli, flow.CliRedirect, challenge));
        var first = await flow.RedeemAsync(CodeFlow.Cli, code, verifier, flow.CliRedirect);
        var second = await flow.RedeemAsync(CodeFlow.Cli, code, verifier, flow.CliRedirect);
        Assert.That((first.Status, second.Status), Is.EqualTo((200, 200)), $"{first.Redacted} / {second.Redacted}");
    }

    [Test]
    public async Task OidcRefreshReusable_accepts_a_used_refresh_token_again_and_the_session_lives_on()
    {
        await using var faulty = await FaultyPlatform.StartAsync(["OidcRefreshReusable=true"], withProvider: true);
        using var flow = new CodeFlow(faulty.Host);
        var tokens = await flow.SignInAliceAsync();

        var first = await flow.RefreshAsync(CodeFlow.Cli, tokens.RefreshToken);
        var again = await flow.RefreshAsync(CodeFlow.Cli, tokens.RefreshToken);

        Assert.That((first.Status, again.Status), Is.EqualTo((200, 200)), $"{first.Redacted} / {again.Redacted}");
        var client = faulty.Client;
        Assert.That((await client.GetAsync(client.Api("/api/threads"), again.AccessToken)).Code, Is.EqualTo(200), "the reuse's tokens work");
        Assert.That((await client.GetAsync(client.Api("/api/threads"), first.AccessToken)).Code, Is.EqualTo(200), "the session was not ended");
    }

    [Test]
    public async Task OidcErrorsToAnyRedirectUri_sends_the_error_for_an_unregistered_redirect_uri_there_and_leaves_the_rest_alone()
    {
        await using var faulty = await FaultyPlatform.StartAsync(["OidcErrorsToAnyRedirectUri=true"], withProvider: true);
        using var flow = new CodeFlow(faulty.Host);
        var (_, challenge) = CodeFlow.NewPkce();

        var response = await flow.GetAsync(flow.AuthorizeUrl(CodeFlow.AuthorizeParameters(CodeFlow.Cli, "https://evil.example/steal", challenge)));

        Assert.That((int)response.StatusCode, Is.EqualTo(302), await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!;
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.That(location.GetLeftPart(UriPartial.Path), Is.EqualTo("https://evil.example/steal"));
        Assert.That(query["error"], Is.EqualTo("invalid_request"), location.ToString());
        Assert.That(query["code"], Is.Null, location.ToString());

        // Other refusals are still 400 without a redirect, and a registered address still gets its code.
        var withoutPkce = await flow.GetAsync(flow.AuthorizeUrl(CodeFlow.AuthorizeParameters(CodeFlow.Cli, flow.CliRedirect, challenge: null)));
        var unknownClient = await flow.GetAsync(flow.AuthorizeUrl(CodeFlow.AuthorizeParameters("unknown-client", "https://evil.example/steal", challenge)));
        Assert.That(((int)withoutPkce.StatusCode, withoutPkce.Headers.Location), Is.EqualTo((400, (Uri?)null)));
        Assert.That(((int)unknownClient.StatusCode, unknownClient.Headers.Location), Is.EqualTo((400, (Uri?)null)));
        Assert.That((await flow.SignInAliceAsync()).Status, Is.EqualTo(200));
    }
}
