namespace Monitor.Worker.Polling;

/// <summary>
/// Wakes a background loop when a poll cycle finished: signals that arrive before the loop waits again count once (one
/// run covers every cycle since the last), and a signal never blocks the cycle.
/// </summary>
internal sealed class CycleSignal : IDisposable
{
    private readonly SemaphoreSlim wake = new(0, 1);

    public void Signal()
    {
        if (wake.CurrentCount == 0)
        {
            try
            {
                wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled: one run covers both cycles.
            }
        }
    }

    /// <summary>Until a signal or <paramref name="timeout"/>; throws when <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => wake.WaitAsync(timeout, cancellationToken);

    public void Dispose() => wake.Dispose();
}
