using System.Security.Claims;
using Duende.IdentityModel.OidcClient;
using Duende.IdentityModel.OidcClient.Results;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Acceptance.Support.Oidc;

/// <summary>
/// Checks an ID token as the contract asks: its signature against the provider's JWKS, its issuer (the discovery
/// document's), its audience (the client id) and its expiry. OidcClient checks the nonce after this, and does not
/// check signatures at all without a validator like this one.
/// </summary>
public sealed class JwksIdentityTokenValidator : IIdentityTokenValidator
{
    public async Task<IdentityTokenValidationResult> ValidateAsync(string identityToken, OidcClientOptions options, CancellationToken cancel = default)
    {
        var check = await CheckAsync(identityToken, options.ProviderInformation.KeySet.RawData ?? System.Text.Json.JsonSerializer.Serialize(options.ProviderInformation.KeySet), options.ProviderInformation.IssuerName,
            options.ClientId, options.ClockSkew);
        return check.IsValid
            ? new IdentityTokenValidationResult { User = new ClaimsPrincipal(check.ClaimsIdentity), SignatureAlgorithm = ((JsonWebToken)check.SecurityToken).Alg }
            : new IdentityTokenValidationResult { Error = "invalid_id_token", ErrorDescription = check.Exception?.Message ?? "The ID token is not valid." };
    }

    /// <summary>Signature (JWKS), issuer, audience and lifetime; the result names the first check that failed.</summary>
    public static Task<TokenValidationResult> CheckAsync(string jwt, string jwksJson, string issuer, string audience, TimeSpan clockSkew) =>
        new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKeys = new JsonWebKeySet(jwksJson).GetSigningKeys(),
            ValidIssuer = issuer,
            ValidAudience = audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = clockSkew,
        });
}
