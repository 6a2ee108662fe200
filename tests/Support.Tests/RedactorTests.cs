using Acceptance.Support.Evidence;
using NUnit.Framework;

namespace Acceptance.Support.Tests;

[TestFixture]
public sealed class RedactorTests
{
    private const string Jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    private readonly Redactor _redactor = new(["correct-horse-alice", "bypass-key-0123456789"]);

    [TestCase("password")]
    [TestCase("access_token")]
    [TestCase("refresh_token")]
    [TestCase("token")]
    public void A_secret_field_of_a_JSON_body_is_masked(string field)
    {
        var redacted = _redactor.Payload($$"""{"{{field}}":"s3cr3t-value","email":"alice@example.com"}""");
        Assert.That(redacted, Does.Not.Contain("s3cr3t-value").And.Contain("alice@example.com"));
    }

    [Test]
    public void The_token_type_is_not_a_secret() =>
        Assert.That(_redactor.Payload("""{"token_type":"Bearer"}"""), Does.Contain("\"Bearer\""));

    [Test]
    public void Nested_secret_fields_are_masked() =>
        Assert.That(_redactor.Payload("""{"payload":{"session":{"refresh_token":"abcdefgh"}}}"""), Does.Not.Contain("abcdefgh"));

    [TestCase("Authorization", "Bearer abc.def.ghi")]
    [TestCase("X-E2E-Bypass-Key", "some-bypass-key")]
    [TestCase("Cookie", "session=abc")]
    public void A_secret_header_is_masked(string name, string value) =>
        Assert.That(_redactor.Header(name, value), Is.EqualTo(Redactor.Mask));

    [Test]
    public void A_JWT_anywhere_in_text_is_masked() =>
        Assert.That(_redactor.Text($"the token {Jwt} was refused"), Does.Not.Contain(Jwt));

    [Test]
    public void A_JWT_subprotocol_is_masked() =>
        Assert.That(_redactor.Header("Sec-WebSocket-Protocol", "jwt-auth, jwt.ZXlKaGJHY2lPaUpJVXpJMU5pSjk"), Does.Not.Contain("ZXlKaGJHY2lPaUpJVXpJMU5pSjk"));

    [Test]
    public void A_known_secret_is_masked_in_free_text() =>
        Assert.That(_redactor.Text("logged in with correct-horse-alice today"), Does.Not.Contain("correct-horse-alice"));

    [Test]
    public void A_known_secret_is_masked_in_a_URL() =>
        Assert.That(_redactor.Text("http://127.0.0.1/?key=bypass-key-0123456789"), Does.Not.Contain("bypass-key-0123456789"));

    [Test]
    public void A_password_in_text_that_is_not_JSON_is_masked() =>
        Assert.That(_redactor.Payload("""{"email": "a@b.c", "password": "hunter22" """), Does.Not.Contain("hunter22"));

    [Test]
    public void A_body_without_secrets_is_kept_as_it_was() =>
        Assert.That(_redactor.Payload("""{"type":"user_message","payload":{"text":"How can I cut my GPU costs?"}}"""),
            Is.EqualTo("""{"type":"user_message","payload":{"text":"How can I cut my GPU costs?"}}"""));
}
