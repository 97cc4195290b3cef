using System.Diagnostics;
using System.Text;
using Monitor.Testing.Prometheus;

namespace Monitor.Dashboards.Tests.EndToEnd;

/// <summary>
/// One real Prometheus for the test assembly, scraping the synthetic fleet every second and evaluating
/// the repository's alert rules every second. Ready once counters have enough samples for rate().
/// </summary>
public sealed class SyntheticFleetPrometheus : IAsyncLifetime
{
    private ExpositionEndpoint? _endpoint;
    private PrometheusServer? _server;

    public ExpositionEndpoint Endpoint => _endpoint ?? throw new InvalidOperationException("Not started.");

    public PrometheusServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        var template = SyntheticFleet.Template;
        _endpoint = ExpositionEndpoint.Start(scrape => SyntheticFleet.Render(template, scrape, DateTimeOffset.UtcNow));
        _server = await PrometheusServer.StartAsync(Config(_endpoint.Target, Repo.RuleFiles));
        await WaitForRatesAndRulesAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync();
        }
    }

    /// <summary>A Prometheus configuration scraping <paramref name="target"/> as job "monitor" every second.</summary>
    public static string Config(string target, IEnumerable<string> ruleFiles)
    {
        var yaml = new StringBuilder()
            .AppendLine("global:")
            .AppendLine("  scrape_interval: 1s")
            .AppendLine("  scrape_timeout: 1s")
            .AppendLine("  evaluation_interval: 1s")
            .AppendLine("rule_files:");
        foreach (var file in ruleFiles)
        {
            yaml.AppendLine($"  - '{file}'");
        }

        return yaml
            .AppendLine("scrape_configs:")
            .AppendLine("  - job_name: monitor")
            .AppendLine("    static_configs:")
            .AppendLine($"      - targets: ['{target}']")
            .ToString();
    }

    private async Task WaitForRatesAndRulesAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var rates = await Server.QueryAsync("count(rate(monitor_poll_checks_total[1m]) > 0)");
            if (rates.HasData && Endpoint.Scrapes >= 4 && await PrometheusRules.EvaluatedAsync(Server))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        throw new TimeoutException(
            $"Prometheus did not get rate()-able data within {timeout} (scrapes: {Endpoint.Scrapes}, endpoint error: {Endpoint.LastError?.Message}).\n{Server.Log}");
    }
}
