using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Monitor.Worker.Tests.Support;

/// <summary>
/// The service's clock in a test: the date of a <see cref="FakeTimeProvider"/> that the test moves (hours between polls),
/// standing still in between or, when <paramref name="flowing"/>, running on with real time, so that the times of
/// requests within one cycle differ as they really do. Timers and timestamps stay real: timeouts, backoffs and
/// Retry-After pauses take their real time either way.
/// </summary>
internal sealed class SimulatedClock(FakeTimeProvider simulated, bool flowing) : TimeProvider
{
    private readonly long origin = Stopwatch.GetTimestamp();

    public override DateTimeOffset GetUtcNow() =>
        flowing ? simulated.GetUtcNow() + Stopwatch.GetElapsedTime(origin) : simulated.GetUtcNow();
}
