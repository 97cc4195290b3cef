namespace Monitor.Testing.Registry;

/// <summary>One request a client made to the <see cref="TokenIssuer"/>.</summary>
public sealed record TokenRequest(string? Service, IReadOnlyList<string> Scopes, string? Account, bool Authenticated);
