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
}
