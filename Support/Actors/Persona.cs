namespace Acceptance.Support.Actors;

/// <summary>Someone the features talk about by name. Anonymous visitors have no credentials.</summary>
public sealed record Persona(string Name, string? Email, string? Password, string? DisplayName)
{
    public bool IsAnonymous => Email is null;
}

/// <summary>A signed-in session: the token pair and who it belongs to.</summary>
public sealed record Session(string AccessToken, string RefreshToken, string UserId, string Email);
