namespace Monitor.Registry.Auth;

/// <summary>One challenge of a <c>WWW-Authenticate</c> header: a scheme and its parameters (names case-insensitive).</summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => string.Equals(Scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => string.Equals(Scheme, "Basic", StringComparison.OrdinalIgnoreCase);

    public string? Realm => Parameter("realm");

    public string? Service => Parameter("service");

    public string? Scope => Parameter("scope");

    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;
}
