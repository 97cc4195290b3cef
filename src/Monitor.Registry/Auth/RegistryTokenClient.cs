using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Monitor.Core.References;
using Monitor.Registry.Configuration;
using Monitor.Registry.Manifests;

namespace Monitor.Registry.Auth;

/// <summary>Asks a token service (the Bearer challenge's realm) for a token with <c>service</c> and <c>scope</c>.</summary>
internal sealed class RegistryTokenClient(IHttpClientFactory httpClientFactory, RegistrySettings settings, TimeProvider time, ILogger<RegistryTokenClient> logger)
{
    /// <summary>Docker's default when the service names no lifetime.</summary>
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MaxRefreshMargin = TimeSpan.FromSeconds(30);

    public async Task<CachedToken> FetchAsync(AuthChallenge challenge, string? scope, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        var realm = Realm(challenge, credential);
        var query = new List<string>();
        if (challenge.Service is { } service)
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }

        if (scope is not null)
        {
            query.Add("scope=" + Uri.EscapeDataString(scope));
        }

        if (credential is not null)
        {
            query.Add("account=" + Uri.EscapeDataString(credential.Username));
        }

        var builder = new UriBuilder(realm);
        builder.Query = string.Join('&', new[] { builder.Query.TrimStart('?') }.Where(q => q.Length > 0).Concat(query));
        using var request = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credential.BasicParameter);
        }

        var client = httpClientFactory.CreateClient(RegistryHttpClientNames.Token);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var where = $"token service {realm.Host}{realm.AbsolutePath}";
        if (!response.IsSuccessStatusCode)
        {
            throw new RegistryAuthException(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? $"{where} refused {(credential is null ? "an anonymous token" : $"the credentials of user {credential.Username}")} ({(int)response.StatusCode})"
                : $"{where} answered {(int)response.StatusCode}");
        }

        var body = await BoundedContent.ReadAsync(response.Content, settings.Options.MaxSmallBodyBytes, $"answer of {where}", cancellationToken);
        var token = Parse(body, where);
        logger.LogDebug("Fetched a token from {Where} for scope {Scope}, valid until {ExpiresAt:O}", where, scope, token.ExpiresAt);
        return token;
    }

    private CachedToken Parse(byte[] body, string where)
    {
        TokenResponseJson json;
        try
        {
            json = JsonSerializer.Deserialize<TokenResponseJson>(body, TokenResponseJson.Options) ?? throw new InvalidRegistryResponseException($"{where} sent JSON null");
        }
        catch (JsonException)
        {
            throw new InvalidRegistryResponseException($"{where} sent a body that is not token JSON");
        }

        var value = !string.IsNullOrEmpty(json.Token) ? json.Token : json.AccessToken;
        // A token goes into a header: refuse anything that is not printable ASCII without spaces.
        if (string.IsNullOrEmpty(value) || value.Any(c => c is <= ' ' or > '~'))
        {
            throw new InvalidRegistryResponseException($"{where} sent no usable token");
        }

        var now = time.GetUtcNow();
        var lifetime = json.ExpiresIn is > 0 and < 366L * 24 * 3600 ? TimeSpan.FromSeconds(json.ExpiresIn.Value) : DefaultLifetime;
        // issued_at may only shorten the life (a service clock ahead of ours must not make us use expired tokens).
        var start = DateTimeOffset.TryParse(json.IssuedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var issuedAt)
            && issuedAt <= now && issuedAt > now - lifetime
                ? issuedAt
                : now;
        var expiresAt = start + lifetime;
        var margin = TimeSpan.FromTicks(Math.Min(MaxRefreshMargin.Ticks, lifetime.Ticks / 10));
        return new CachedToken(value, expiresAt, expiresAt - margin);
    }

    private static Uri Realm(AuthChallenge challenge, RegistryCredential? credential)
    {
        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm) || realm.Scheme is not ("https" or "http"))
        {
            throw new RegistryAuthException($"registry sent a Bearer challenge without a usable realm ({ManifestDocument.Describe(challenge.Realm)})");
        }

        if (realm.Scheme == "http" && credential is not null && !RegistryEndpoint.IsLoopback(realm.Authority))
        {
            throw new RegistryAuthException($"refusing to send credentials to the plain-HTTP token service {realm.Host}");
        }

        return realm;
    }
}
