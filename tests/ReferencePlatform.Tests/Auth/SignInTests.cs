using Acceptance.ReferencePlatform.Tests.Support;
using NUnit.Framework;

namespace Acceptance.ReferencePlatform.Tests.Auth;

[TestFixture]
public sealed class SignInTests : DefaultPlatformFixture
{
    [Test]
    public async Task Registering_returns_201_with_a_token_pair_and_the_user()
    {
        var email = $"new-{Guid.NewGuid():N}@example.com";
        var response = await Client.PostJsonAsync(Client.Auth("/auth/register"), new { email, password = "long-enough-1", name = "Nina" });

        Assert.That(response.Code, Is.EqualTo(201), response.ToString());
        var body = response.Json;
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("access_token").GetString(), Is.Not.Empty);
            Assert.That(body.GetProperty("refresh_token").GetString(), Is.Not.Empty);
            Assert.That(body.GetProperty("token_type").GetString(), Is.EqualTo("Bearer"));
            Assert.That(body.GetProperty("user").GetProperty("id").GetString(), Is.Not.Empty);
            Assert.That(body.GetProperty("user").GetProperty("email").GetString(), Is.EqualTo(email));
            Assert.That(body.GetProperty("user").GetProperty("name").GetString(), Is.EqualTo("Nina"));
        });
    }

    [Test]
    public async Task Registering_an_existing_email_is_409()
    {
        var response = await Client.PostJsonAsync(Client.Auth("/auth/register"),
            new { email = "alice@example.com", password = "another-password", name = "Alice Again" });
        Assert.That(response.Code, Is.EqualTo(409), response.ToString());
        Assert.That(response.Json.GetProperty("detail").GetString(), Is.Not.Empty);
    }

    [TestCase("""{"password":"long-enough-1","name":"N"}""", TestName = "Registering without an email is 422")]
    [TestCase("""{"email":"x@example.com","name":"N"}""", TestName = "Registering without a password is 422")]
    [TestCase("""{"email":"not-an-email","password":"long-enough-1","name":"N"}""", TestName = "Registering with an invalid email is 422")]
    [TestCase("""{"email":"short@example.com","password":"short","name":"N"}""", TestName = "Registering with a short password is 422")]
    [TestCase("""{"email":42,"password":"long-enough-1","name":"N"}""", TestName = "Registering with a numeric email is 422")]
    public async Task Registering_invalid_input_is_422(string body)
    {
        var response = await Client.PostJsonAsync(Client.Auth("/auth/register"), body);
        Assert.That(response.Code, Is.EqualTo(422), response.ToString());
        Assert.That(response.Json.GetProperty("detail").GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task Signing_in_a_persona_returns_a_bearer_token_pair()
    {
        var response = await Client.PostJsonAsync(Client.Auth("/auth/login"), new { email = "bob@example.com", password = "correct-horse-bob" });
        Assert.That(response.Code, Is.EqualTo(200), response.ToString());
        var body = response.Json;
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("token_type").GetString(), Is.EqualTo("Bearer"));
            Assert.That(body.GetProperty("expires_in").GetInt32(), Is.EqualTo(900));
            Assert.That(body.GetProperty("user").GetProperty("email").GetString(), Is.EqualTo("bob@example.com"));
            Assert.That(body.GetProperty("user").GetProperty("id").GetString(), Is.Not.Empty);
        });
    }

    [Test]
    public async Task The_access_token_carries_every_contract_claim()
    {
        var alice = await Client.LoginAsync("alice@example.com", "correct-horse-alice");
        var claims = TokenForge.Payload(alice.AccessToken);
        var header = System.Text.Json.JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(alice.AccessToken.Split('.')[0])).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(header.GetProperty("alg").GetString(), Is.EqualTo("HS256"));
            Assert.That(claims.GetProperty("sub").GetString(), Is.EqualTo(alice.Id));
            Assert.That(claims.GetProperty("email").GetString(), Is.EqualTo("alice@example.com"));
            Assert.That(claims.GetProperty("permissions").GetArrayLength(), Is.GreaterThan(0));
            Assert.That(claims.GetProperty("iss").GetString(), Is.Not.Empty);
            Assert.That(claims.GetProperty("aud").GetString(), Is.Not.Empty);
            Assert.That(claims.GetProperty("token_type").GetString(), Is.EqualTo("access"));
            Assert.That(claims.GetProperty("type").GetString(), Is.EqualTo("access"));
            Assert.That(claims.GetProperty("jti").GetString(), Is.Not.Empty);
            Assert.That(claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64(), Is.EqualTo(900));
            Assert.That(TokenForge.Payload(alice.RefreshToken).GetProperty("token_type").GetString(), Is.EqualTo("refresh"));
            Assert.That(TokenForge.Payload(alice.RefreshToken).GetProperty("exp").GetInt64()
                - TokenForge.Payload(alice.RefreshToken).GetProperty("iat").GetInt64(), Is.EqualTo(604800));
        });
    }

    [Test]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_refusal()
    {
        var wrongPassword = await Client.PostJsonAsync(Client.Auth("/auth/login"), new { email = "bob@example.com", password = "nope-nope" });
        var unknownUser = await Client.PostJsonAsync(Client.Auth("/auth/login"), new { email = $"ghost-{Guid.NewGuid():N}@example.com", password = "nope-nope" });
        Assert.Multiple(() =>
        {
            Assert.That(wrongPassword.Code, Is.EqualTo(401), wrongPassword.ToString());
            Assert.That(unknownUser.Code, Is.EqualTo(401), unknownUser.ToString());
            Assert.That(wrongPassword.Body, Is.EqualTo("""{"detail":"Invalid credentials"}"""));
            Assert.That(unknownUser.Body, Is.EqualTo("""{"detail":"Invalid credentials"}"""));
        });
    }

    [TestCase("{}", 422, TestName = "Signing in with an empty object is 422")]
    [TestCase("""{"email":"alice@example.com"}""", 422, TestName = "Signing in without a password is 422")]
    [TestCase("""{"password":"correct-horse-alice"}""", 422, TestName = "Signing in without an email is 422")]
    [TestCase("""{"email":["alice@example.com"],"password":"x"}""", 422, TestName = "Signing in with a wrongly typed email is 422")]
    [TestCase("""{"email":"alice@example.com","password":""", 400, TestName = "Signing in with malformed JSON is 400")]
    [TestCase("[1,2]", 422, TestName = "Signing in with a JSON array is 422")]
    public async Task Signing_in_with_bad_input_is_refused_with_a_detail(string body, int status)
    {
        var response = await Client.PostJsonAsync(Client.Auth("/auth/login"), body);
        Assert.That(response.Code, Is.EqualTo(status), response.ToString());
        Assert.That(response.Json.GetProperty("detail").GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task A_sign_in_body_over_64_KB_is_413()
    {
        var response = await Client.PostJsonAsync(Client.Auth("/auth/login"), new { email = "a@example.com", password = new string('x', 70_000) });
        Assert.That(response.Code, Is.EqualTo(413), response.ToString());
    }

    [Test]
    public async Task After_five_failures_even_the_right_password_is_refused_with_429_and_Retry_After()
    {
        var user = await RegisterAsync("locked");
        for (var i = 1; i <= 5; i++)
        {
            var failure = await Client.PostJsonAsync(Client.Auth("/auth/login"), new { email = user, password = "wrong-password" });
            Assert.That(failure.Code, Is.EqualTo(401), $"failure {i}: {failure}");
        }
        var sixth = await Client.PostJsonAsync(Client.Auth("/auth/login"), new { email = user, password = "right-password" });
        Assert.That(sixth.Code, Is.EqualTo(429), sixth.ToString());
        Assert.That(int.Parse(sixth.Header("Retry-After")!), Is.InRange(1, 900));
        Assert.That(sixth.Json.GetProperty("detail").GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task A_successful_sign_in_before_the_limit_resets_the_count()
    {
        var user = await RegisterAsync("reset");
        for (var i = 0; i < 4; i++)
        {
            await Client.PostJsonAsync(Client.Auth("/auth/login"), new { email = user, password = "wrong-password" });
        }
        var success = await Client.PostJsonAsync(Client.Auth("/auth/login"), new { email = user, password = "right-password" });
        Assert.That(success.Code, Is.EqualTo(200), success.ToString());
        for (var i = 0; i < 4; i++)
        {
            var failure = await Client.PostJsonAsync(Client.Auth("/auth/login"), new { email = user, password = "wrong-password" });
            Assert.That(failure.Code, Is.EqualTo(401), $"failure {i + 1} after the reset: {failure}");
        }
        var again = await Client.PostJsonAsync(Client.Auth("/auth/login"), new { email = user, password = "right-password" });
        Assert.That(again.Code, Is.EqualTo(200), again.ToString());
    }

    private async Task<string> RegisterAsync(string prefix)
    {
        var email = $"{prefix}-{Guid.NewGuid():N}@example.com";
        var response = await Client.PostJsonAsync(Client.Auth("/auth/register"), new { email, password = "right-password", name = prefix });
        Assert.That(response.Code, Is.EqualTo(201), response.ToString());
        return email;
    }
}
