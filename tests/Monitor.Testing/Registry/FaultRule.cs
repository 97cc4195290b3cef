using Microsoft.AspNetCore.Http;

namespace Monitor.Testing.Registry;

/// <summary>
/// A rule of a <see cref="FaultProxy"/>: the requests it matches get its fault (or, for a hold, wait until
/// <see cref="Release"/>), the first <c>times</c> of them.
/// </summary>
public sealed class FaultRule
{
    private readonly Func<HttpRequest, bool> match;
    private readonly TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int remaining;
    private int hits;

    internal FaultRule(RegistryFault? fault, Func<HttpRequest, bool> match, int times)
    {
        (Fault, this.match, remaining) = (fault, match, times);
    }

    /// <summary>Null for a hold.</summary>
    public RegistryFault? Fault { get; }

    /// <summary>Requests this rule has applied to.</summary>
    public int Hits => Volatile.Read(ref hits);

    /// <summary>Completes when the first matching request arrives.</summary>
    public Task Arrived => arrived.Task;

    /// <summary>Lets held requests (and later ones this rule matches) go on to the registry.</summary>
    public void Release() => released.TrySetResult();

    internal Task Released => released.Task;

    /// <summary>Claims one of the rule's remaining applications for this request.</summary>
    internal bool TryApply(HttpRequest request)
    {
        if (Volatile.Read(ref remaining) <= 0 || !match(request) || Interlocked.Decrement(ref remaining) < 0)
        {
            return false;
        }

        Interlocked.Increment(ref hits);
        arrived.TrySetResult();
        return true;
    }
}
