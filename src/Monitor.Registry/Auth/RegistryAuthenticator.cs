using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Monitor.Registry.Auth;

/// <summary>
/// Remembers each registry's challenge so later requests carry a (cached) token from the start, instead
/// of paying a 401 round trip every time.
/// </summary>
internal sealed partial class RegistryAuthenticator(TokenCache tokens, RegistryTokenClient tokenClient, RegistryCredentialStore credentials)
{
    private readonly ConcurrentDictionary<string, AuthChallenge> challenges = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What was put on a request, so a 401 can tell which token or credentials failed.</summary>
    internal sealed record Applied(bool IsBasic, string? Token);

    /// <summary>
    /// Sets Authorization from the registry's known challenge, if any. <paramref name="rejected"/> is a token the registry
    /// just refused; <paramref name="challengeScope"/> the scope a fresh challenge asked for.
    /// </summary>
    public async Task<Applied?> AuthorizeAsync(HttpRequestMessage request, string registry, string? rejected, string? challengeScope, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = null;
        var authority = request.RequestUri!.Authority;
        if (!challenges.TryGetValue(authority, out var challenge))
        {
            return null;
        }

        var credential = credentials.Find(registry);
        if (challenge.IsBasic)
        {
            if (credential is null)
            {
                return null;
            }

            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credential.BasicParameter);
            return new Applied(true, null);
        }

        var scope = challengeScope ?? ScopeOf(request.RequestUri);
        var key = new TokenKey(authority, challenge.Realm ?? "", challenge.Service, scope);
        var token = await tokens.GetAsync(key, ct => tokenClient.FetchAsync(challenge, scope, credential, ct), rejected, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        return new Applied(false, token.Value);
    }

    /// <summary>Takes note of a 401's challenge; false when there is nothing to answer it with.</summary>
    public bool Learn(HttpRequestMessage request, string registry, AuthChallenge challenge)
    {
        if (challenge.IsBasic && credentials.Find(registry) is null)
        {
            return false;
        }

        // The scope belongs to this request only; later requests derive their own from their path.
        var parameters = challenge.Parameters.Where(p => !string.Equals(p.Key, "scope", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        challenges[request.RequestUri!.Authority] = challenge with { Parameters = parameters };
        return true;
    }

    /// <summary>
    /// <c>/v2/library/python/manifests/3</c> → <c>repository:library/python:pull</c>; Chainguard's
    /// <c>/v2/chainguard/static/_chainguard/history/latest</c> → <c>repository:chainguard/static:pull</c>.
    /// </summary>
    internal static string? ScopeOf(Uri uri)
    {
        var match = RepositoryPath().Match(uri.AbsolutePath);
        return match.Success ? $"repository:{Uri.UnescapeDataString(match.Groups["name"].Value)}:pull" : null;
    }

    [GeneratedRegex("^/v2/(?<name>.+)/(?:manifests|blobs|tags|_chainguard)/", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryPath();
}
