using System.Collections.Concurrent;

namespace Monitor.Registry.Auth;

/// <summary>
/// Bearer tokens shared by all requests: per (registry, realm, service, scope) one token until shortly
/// before it expires, and one fetch at a time per key, however many callers race for it (GHCR's
/// anonymous token pool was exhausted by clients fetching a token per request).
/// </summary>
internal sealed class TokenCache(TimeProvider time)
{
    private readonly ConcurrentDictionary<TokenKey, Slot> slots = new();

    /// <param name="key">Which token.</param>
    /// <param name="fetch">Fetches a new token; called by one caller at a time per key.</param>
    /// <param name="rejected">A token the registry just refused: never hand it out again, even if not yet expired.</param>
    /// <param name="cancellationToken">Cancels waiting and fetching.</param>
    public async Task<CachedToken> GetAsync(TokenKey key, Func<CancellationToken, Task<CachedToken>> fetch, string? rejected, CancellationToken cancellationToken)
    {
        var slot = slots.GetOrAdd(key, _ => new Slot());
        var current = slot.Token;
        if (IsUsable(current, rejected))
        {
            return current!;
        }

        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            // Someone else may have refreshed while this caller waited.
            current = slot.Token;
            if (IsUsable(current, rejected))
            {
                return current!;
            }

            var fresh = await fetch(cancellationToken);
            slot.Token = fresh;
            return fresh;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    private bool IsUsable(CachedToken? token, string? rejected) =>
        token is not null && token.Value != rejected && time.GetUtcNow() < token.RefreshAt;

    private sealed class Slot
    {
        private CachedToken? token;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public CachedToken? Token
        {
            get => Volatile.Read(ref token);
            set => Volatile.Write(ref token, value);
        }
    }
}
