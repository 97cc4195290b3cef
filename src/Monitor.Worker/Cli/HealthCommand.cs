using System.CommandLine;

namespace Monitor.Worker.Cli;

/// <summary>
/// <c>monitor health [--url URL]</c>: one HTTP GET of a running service's <c>/healthz</c>, for container health checks
/// (the runtime image has no curl). Exit 0 when it answers 2xx, 1 otherwise, 2 for a malformed URL. Builds no services;
/// with <c>--url</c> it does not even read the configuration.
/// </summary>
public static class HealthCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static Command Create(VerbHost verbs)
    {
        var url = new Option<string?>("--url") { Description = "What to GET (default: /healthz on the first of Urls, with 0.0.0.0, * or + read as 127.0.0.1)." };
        var command = new Command("health", "Check that a running service answers /healthz; exit 0 if it does, 1 if not.") { url };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = parse.InvocationConfiguration;
            if (parse.GetValue(url) is not { } given)
            {
                return await verbs.RunAsync(VerbNeeds.Configuration, (services, ct) =>
                    GetAsync(DefaultTarget(services.GetRequiredService<IConfiguration>()["Urls"]), console.Output, console.Error, ct), cancellationToken);
            }

            if (!Uri.TryCreate(given, UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
            {
                await console.Error.WriteLineAsync($"error: --url '{given}' is not an absolute http(s) URL");
                return MonitorCommandLine.BadInput;
            }

            return await GetAsync(target, console.Output, console.Error, cancellationToken);
        });
        return command;
    }

    /// <summary>The service's own address from <c>Urls</c> (as Kestrel reads it: the first of a ';' list).</summary>
    public static Uri DefaultTarget(string? urls)
    {
        var first = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://127.0.0.1:8080";
        var local = first.Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal);
        return new Uri(new Uri(local.TrimEnd('/') + "/"), "healthz");
    }

    private static async Task<int> GetAsync(Uri target, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(target, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                await output.WriteLineAsync($"{target}: {(int)response.StatusCode} {response.ReasonPhrase}");
                return MonitorCommandLine.Success;
            }

            await error.WriteLineAsync($"error: {target}: {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"error: {target}: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"error: {target}: no answer within {Timeout.TotalSeconds:0} s");
        }

        return MonitorCommandLine.Failure;
    }
}
