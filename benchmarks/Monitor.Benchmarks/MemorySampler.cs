using System.Globalization;

namespace Monitor.Benchmarks;

/// <summary>
/// Samples a process's resident memory from /proc every 100 ms, split the way the kernel accounts it: anonymous
/// (managed heap, native heap, stacks) and shared memory (the memfd in which the runtime keeps JIT'd code, stubs and
/// type data for W^X) stay resident whatever happens; file-backed pages (mapped assemblies and libraries) are clean copies of
/// files the kernel may drop under memory pressure and read in again.
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;
    private Sample peakRss = Sample.None;
    private long peakAnonAndShmemKb;
    private bool disposed;

    private MemorySampler(Func<int?> processId) => sampling = SampleAsync(processId, stop.Token);

    /// <summary>At the sample with the highest RSS: RSS and its split, in kB.</summary>
    public Sample PeakRss => peakRss;

    /// <summary>The highest anonymous + shared memory of any sample, in kB: what no reclaim can take back.</summary>
    public long PeakAnonAndShmemKb => peakAnonAndShmemKb;

    public static MemorySampler Start(Func<int?> processId) => new(processId);

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await stop.CancelAsync();
        await sampling;
        stop.Dispose();
    }

    public sealed record Sample(long RssKb, long AnonKb, long FileKb, long ShmemKb)
    {
        public static readonly Sample None = new(0, 0, 0, 0);
    }

    private async Task SampleAsync(Func<int?> processId, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (processId() is { } pid && Read(pid) is { } sample)
                {
                    peakRss = sample.RssKb > peakRss.RssKb ? sample : peakRss;
                    peakAnonAndShmemKb = Math.Max(peakAnonAndShmemKb, sample.AnonKb + sample.ShmemKb);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped with the service.
        }
    }

    private static Sample? Read(int pid)
    {
        try
        {
            var fields = File.ReadLines($"/proc/{pid}/status")
                .Select(line => line.Split(':', 2))
                .Where(parts => parts.Length == 2 && parts[0] is "VmRSS" or "RssAnon" or "RssFile" or "RssShmem")
                .ToDictionary(parts => parts[0], parts => long.Parse(parts[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture), StringComparer.Ordinal);
            return fields.Count == 4 ? new Sample(fields["VmRSS"], fields["RssAnon"], fields["RssFile"], fields["RssShmem"]) : null;
        }
        catch (IOException)
        {
            return null; // exited between two samples
        }
    }
}
