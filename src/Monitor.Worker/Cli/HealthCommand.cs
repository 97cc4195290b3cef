using System.CommandLine;

namespace Monitor.Worker.Cli;

/// <summary>
/// <c>monitor health [--url URL]</c>: one HTTP GET of a running service's <c>/healthz</c>, for container health checks
/// (the runtime image has no curl). Exit 0 when it answers 2xx, 1 otherwise. Builds no services.
/// </summary>
public static class HealthCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static Command Create(VerbHost verbs)
    {
        var url = new Option<Uri?>("--url") { Description = "What to GET (default: /healthz on the first of Urls, with 0.0.0.0, * or + read as 127.0.0.1)." };
        var command = new Command("health", "Check that a running service answers /healthz; exit 0 if it does, 1 if not.") { url };
        command.SetAction((parse, cancellationToken) => verbs.RunAsync(VerbNeeds.Configuration, async (services, ct) =>
        {
            var target = parse.GetValue(url) ?? DefaultTarget(services.GetRequiredService<IConfiguration>()["Urls"]);
            using var http = new HttpClient { Timeout = Timeout };
            try
            {
                using var response = await http.GetAsync(target, ct);
                if (response.IsSuccessStatusCode)
                {
                    await parse.InvocationConfiguration.Output.WriteLineAsync($"{target}: {(int)response.StatusCode} {response.ReasonPhrase}");
                    return MonitorCommandLine.Success;
                }

                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {target}: {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            catch (HttpRequestException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {target}: {e.Message}");
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {target}: no answer within {Timeout.TotalSeconds:0} s");
            }

            return MonitorCommandLine.Failure;
        }, cancellationToken));
        return command;
    }

    /// <summary>The service's own address from <c>Urls</c> (as Kestrel reads it: the first of a ';' list).</summary>
    public static Uri DefaultTarget(string? urls)
    {
        var first = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://127.0.0.1:8080";
        var wildcard = first.Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal);
        return new Uri(new Uri(wildcard.TrimEnd('/') + "/"), "healthz");
    }
}
