using System.Text;
using Acceptance.Support.Tokens;
using NUnit.Framework;

namespace Acceptance.Support.Tests;

[TestFixture]
public sealed class TokenMinterTests
{
    private static readonly string Token = TokenMinter.SignHs256(
        TokenMinter.AccessClaims("user-1", "alice@example.com", "iss", "aud", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(15)),
        "a-secret-of-at-least-thirty-two-bytes!!");

    private static string Header(string token) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(Pad(token.Split('.')[0])));

    private static string Pad(string text) => text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - text.Length % 4) % 4);

    [Test]
    public void An_unsigned_token_says_alg_none_and_has_no_signature()
    {
        var unsigned = TokenMinter.Unsigned(Token);
        Assert.That((Header(unsigned).Contains("\"none\""), unsigned.Split('.')[2]), Is.EqualTo((true, "")));
    }

    [Test]
    public void A_tampered_token_keeps_the_original_signature_over_a_changed_payload()
    {
        var tampered = TokenMinter.Tampered(Token);
        Assert.That((tampered.Split('.')[2] == Token.Split('.')[2], tampered.Split('.')[1] == Token.Split('.')[1]), Is.EqualTo((true, false)));
    }

    [Test]
    public void Minted_access_claims_carry_the_token_type() =>
        Assert.That(TokenMinter.ReadClaims(Token)["token_type"].GetString(), Is.EqualTo("access"));
}
