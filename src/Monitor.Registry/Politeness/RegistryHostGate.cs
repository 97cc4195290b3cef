using System.Threading.RateLimiting;

namespace Monitor.Registry.Politeness;

/// <summary>The politeness state of one registry host: a concurrency limit, a request rate, and a shared 429 pause.</summary>
internal sealed class RegistryHostGate : IDisposable
{
    private long pausedUntilTicks;

    public RegistryHostGate(int maxConcurrency, double requestsPerSecond)
    {
        Concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = maxConcurrency,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        var perSecond = requestsPerSecond >= 1;
        var tokens = perSecond ? (int)Math.Round(requestsPerSecond) : 1;
        Rate = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokens,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = perSecond ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(1 / requestsPerSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public ConcurrencyLimiter Concurrency { get; }

    public TokenBucketRateLimiter Rate { get; }

    /// <summary>Until when the host asked (with 429) to be left alone; null when it did not.</summary>
    public DateTimeOffset? PausedUntil
    {
        get
        {
            var ticks = Interlocked.Read(ref pausedUntilTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Extends the pause to <paramref name="until"/> (never shortens it).</summary>
    public void PauseUntil(DateTimeOffset until)
    {
        var ticks = until.UtcTicks;
        var current = Interlocked.Read(ref pausedUntilTicks);
        while (ticks > current)
        {
            var seen = Interlocked.CompareExchange(ref pausedUntilTicks, ticks, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    public void Dispose()
    {
        Concurrency.Dispose();
        Rate.Dispose();
    }
}
