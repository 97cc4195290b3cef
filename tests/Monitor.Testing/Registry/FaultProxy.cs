using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Monitor.Testing.Registry;

/// <summary>
/// Faults on demand in front of a real registry (a registry of its own on 127.0.0.1): while <see cref="Status"/> is
/// set every request gets that status (e.g. 503) without reaching the registry; otherwise manifest requests wait
/// <see cref="ManifestDelay"/> (a slow registry), the first rule (<see cref="Inject"/>, <see cref="Hold"/>) that matches a
/// request decides what happens to it, and everything else is forwarded unchanged. All of it can change while it runs.
/// </summary>
public sealed class FaultProxy : RegistryFront
{
    private readonly List<FaultRule> rules = [];
    private readonly ConcurrentQueue<string> answered = new();
    private int requests;
    private long delayTicks;
    private int status;

    private FaultProxy(Uri? upstreamUri)
        : base(upstreamUri)
    {
    }

    /// <summary>Requests received, answered or forwarded.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>Requests answered in full, as <c>METHOD /path</c>, in the order their answers were finished.</summary>
    public IReadOnlyCollection<string> Answered => answered;

    /// <summary>The status every request gets instead of being forwarded; null forwards.</summary>
    public int? Status
    {
        get => Volatile.Read(ref status) is var value and > 0 ? value : null;
        set => Volatile.Write(ref status, value ?? 0);
    }

    /// <summary>How long each manifest request is held before it is forwarded.</summary>
    public TimeSpan ManifestDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref delayTicks));
        set => Interlocked.Exchange(ref delayTicks, value.Ticks);
    }

    /// <param name="upstreamUri">The real registry (e.g. <see cref="RegistryServer.BaseUri"/>); null for a front that only answers <see cref="Status"/>.</param>
    public static async Task<FaultProxy> StartAsync(Uri? upstreamUri, int? status = null)
    {
        var proxy = new FaultProxy(upstreamUri) { Status = status ?? (upstreamUri is null ? StatusCodes.Status503ServiceUnavailable : null) };
        await proxy.ListenAsync();
        return proxy;
    }

    /// <summary>A request of this method whose path ends with <paramref name="pathEnd"/>, e.g. <c>("HEAD", "/app/manifests/1")</c>.</summary>
    public static Func<HttpRequest, bool> Request(string method, string pathEnd) =>
        request => request.Method == method && request.Path.Value?.EndsWith(pathEnd, StringComparison.Ordinal) == true;

    /// <summary>The next <paramref name="times"/> requests that <paramref name="match"/> matches get <paramref name="fault"/>.</summary>
    public FaultRule Inject(RegistryFault fault, Func<HttpRequest, bool> match, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return Add(new FaultRule(fault, match, times));
    }

    /// <summary>Holds the requests <paramref name="match"/> matches until the rule is released (<see cref="FaultRule.Release"/>).</summary>
    public FaultRule Hold(Func<HttpRequest, bool> match, int times = int.MaxValue) => Add(new FaultRule(null, match, times));

    /// <summary>Removes every rule, releasing held requests.</summary>
    public void ClearRules()
    {
        lock (rules)
        {
            rules.ForEach(rule => rule.Release());
            rules.Clear();
        }
    }

    protected override async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref requests);
        if (Status is not null || Upstream is null)
        {
            context.Response.StatusCode = Status ?? StatusCodes.Status503ServiceUnavailable;
            return;
        }

        if (context.Request.Path.Value?.Contains("/manifests/", StringComparison.Ordinal) == true && ManifestDelay > TimeSpan.Zero)
        {
            await Task.Delay(ManifestDelay, context.RequestAborted);
        }

        FaultRule? rule;
        lock (rules)
        {
            rule = rules.FirstOrDefault(r => r.TryApply(context.Request));
        }

        switch (rule?.Fault)
        {
            case null when rule is not null:
                await rule.Released.WaitAsync(context.RequestAborted);
                await RegistryForwarding.ForwardAsync(context, Upstream);
                break;
            case RegistryFault.Answer answer:
                context.Response.StatusCode = answer.Code;
                if (answer.RetryAfter is not null)
                {
                    context.Response.Headers.RetryAfter = answer.RetryAfter;
                }

                if (answer.Body is not null)
                {
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync(answer.Body, context.RequestAborted);
                }

                break;
            case RegistryFault.Delay delay:
                await Task.Delay(delay.Wait, context.RequestAborted);
                await RegistryForwarding.ForwardAsync(context, Upstream);
                break;
            case RegistryFault.Drop:
                context.Abort();
                return;
            case RegistryFault.Rewrite rewrite:
                await RegistryForwarding.ForwardAsync(context, Upstream, response =>
                {
                    if (rewrite.Digest is "")
                    {
                        response.Headers.Remove("Docker-Content-Digest");
                    }
                    else if (rewrite.Digest is not null)
                    {
                        response.Headers["Docker-Content-Digest"] = rewrite.Digest;
                    }
                }, rewrite.Body is null ? null : Encoding.UTF8.GetBytes(rewrite.Body));
                break;
            default:
                await RegistryForwarding.ForwardAsync(context, Upstream);
                break;
        }

        answered.Enqueue($"{context.Request.Method} {context.Request.Path}");
    }

    private FaultRule Add(FaultRule rule)
    {
        lock (rules)
        {
            rules.Add(rule);
        }

        return rule;
    }
}
