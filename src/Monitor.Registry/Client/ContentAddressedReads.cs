using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Monitor.Core.References;

namespace Monitor.Registry.Client;

/// <summary>
/// Verified reads of content-addressed objects (manifests and config blobs, by digest), kept for every later read of the
/// same digest in the same repository of the same registry: their content cannot change, so one read serves every tag that
/// points at the digest (alias tags such as <c>3.13-slim</c>, <c>3.13.1-slim</c>, <c>slim-bookworm</c>), in this poll cycle
/// and later ones. Only whole answers are kept, after the client has checked that the body hashes to its digest and parsed
/// it; a 404, a failure or a garbage body is not, so the next read asks again. Concurrent reads of one digest share one
/// request. The repository is part of the key: a digest readable in one repository is not assumed to be readable, or the
/// same, in another (tokens are scoped per repository). At most <see cref="Capacity"/> objects are kept, the least
/// recently used dropped first.
/// </summary>
internal sealed class ContentAddressedReads : IDisposable
{
    /// <summary>Objects kept: a few hundred bytes each (a media type, platforms, a config's os, architecture and created).</summary>
    public const int Capacity = 4096;

    private readonly MemoryCache kept = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });
    private readonly ConcurrentDictionary<Key, Task> inFlight = new();

    /// <summary>
    /// The kept object of type <typeparamref name="T"/> for this digest in the reference's repository, else what
    /// <paramref name="read"/> answers (or the answer of the same read already in flight).
    /// </summary>
    public async Task<CallOutcome<T>> ReadAsync<T>(
        ImageReference reference, Sha256Digest digest, Func<CancellationToken, Task<CallOutcome<T>>> read, CancellationToken cancellationToken)
        where T : class
    {
        var key = new Key(typeof(T), reference.Registry, reference.Repository, digest);
        while (true)
        {
            if (kept.TryGetValue(key, out T? known) && known is not null)
            {
                return CallOutcome<T>.Found(known);
            }

            var mine = new TaskCompletionSource<CallOutcome<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
            var running = (Task<CallOutcome<T>>)inFlight.GetOrAdd(key, mine.Task);
            if (running != mine.Task)
            {
                try
                {
                    return await running.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The caller that sent that request gave up; this one has not: ask again.
                    continue;
                }
            }

            try
            {
                var outcome = await read(cancellationToken);
                if (outcome is { Value: { } value, Failure: null, IsNotFound: false })
                {
                    kept.Set(key, value, new MemoryCacheEntryOptions { Size = 1 });
                }

                mine.SetResult(outcome);
                return outcome;
            }
            catch (OperationCanceledException e)
            {
                mine.SetCanceled(e.CancellationToken);
                throw;
            }
            catch (Exception e)
            {
                mine.SetException(e);
                _ = mine.Task.Exception; // observed here; waiters get it too
                throw;
            }
            finally
            {
                inFlight.TryRemove(new KeyValuePair<Key, Task>(key, mine.Task));
            }
        }
    }

    public void Dispose() => kept.Dispose();

    private readonly record struct Key(Type Kind, string Registry, string Repository, Sha256Digest Digest);
}
