using System.Net;

namespace Monitor.Registry.Auth;

/// <summary>
/// Answers registry challenges: a known challenge is answered up front with a cached token (or Basic
/// credentials); a 401 teaches the challenge and the request is sent once more with a fresh token.
/// A second 401 is final and marked, so the client can report an auth failure in plain words.
/// </summary>
internal sealed class RegistryAuthHandler(RegistryAuthenticator authenticator) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var registry = RegistryRequestOptions.RegistryOf(request);
        var applied = await authenticator.AuthorizeAsync(request, registry, rejected: null, challengeScope: null, cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        var challenges = WwwAuthenticateParser.FromResponse(response);
        var challenge = challenges.FirstOrDefault(c => c.IsBearer) ?? challenges.FirstOrDefault(c => c.IsBasic);
        if (challenge is null)
        {
            request.Options.Set(RegistryRequestOptions.AuthFailure, AuthFailure.NoUsableChallenge);
            return response;
        }

        if (applied is { IsBasic: true })
        {
            request.Options.Set(RegistryRequestOptions.AuthFailure, AuthFailure.CredentialsRejected);
            return response;
        }

        if (!authenticator.Learn(request, registry, challenge))
        {
            request.Options.Set(RegistryRequestOptions.AuthFailure, AuthFailure.CredentialsMissing);
            return response;
        }

        response.Dispose();
        applied = await authenticator.AuthorizeAsync(request, registry, rejected: applied?.Token, challenge.Scope, cancellationToken);
        response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            request.Options.Set(RegistryRequestOptions.AuthFailure,
                applied is { IsBasic: true } ? AuthFailure.CredentialsRejected : AuthFailure.TokenRejectedAfterRefresh);
        }

        return response;
    }
}
