using Monitor.Registry.Auth;

namespace Monitor.Registry;

/// <summary>What the client and its handlers tell each other through <see cref="HttpRequestMessage.Options"/>.</summary>
internal static class RegistryRequestOptions
{
    /// <summary>The normalised registry a request belongs to (<c>docker.io</c> for registry-1.docker.io).</summary>
    public const string RegistryName = "Monitor.Registry";

    public static readonly HttpRequestOptionsKey<string> Registry = new(RegistryName);

    /// <summary>Set by the auth handler when the final 401 is not for lack of trying.</summary>
    public static readonly HttpRequestOptionsKey<AuthFailure> AuthFailure = new("Monitor.Registry.AuthFailure");

    /// <summary>Set by the pause handler when it answered 429 itself because the registry asked for a long pause.</summary>
    public static readonly HttpRequestOptionsKey<DateTimeOffset> PausedUntil = new("Monitor.Registry.PausedUntil");

    public static string RegistryOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(Registry, out var registry) ? registry : Configuration.RegistryHostNames.Normalise(request.RequestUri!.Authority);
}
