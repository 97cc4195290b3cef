namespace Monitor.Registry.Auth;

/// <summary>Why a request still ended in 401 after the auth handler did what it could.</summary>
internal enum AuthFailure
{
    /// <summary>A fresh token was fetched for the challenge and the registry refused it too.</summary>
    TokenRejectedAfterRefresh,

    /// <summary>The configured Basic credentials were refused.</summary>
    CredentialsRejected,

    /// <summary>The registry wants Basic auth and no credentials are configured for it.</summary>
    CredentialsMissing,

    /// <summary>The 401 carried no challenge Monitor understands.</summary>
    NoUsableChallenge,
}
