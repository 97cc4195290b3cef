namespace Monitor.Registry.Auth;

/// <summary>Tokens are cached per registry, token service and scope.</summary>
internal readonly record struct TokenKey(string Registry, string Realm, string? Service, string? Scope);
